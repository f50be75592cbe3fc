package burg

import "time"

// Visitor is what Burg remembers of a browser that comments, keyed by a
// random id in a signed cookie.
type Visitor struct {
	ID        string
	FirstNick string // "My Original Nic"
	Comments  int
	FirstSeen time.Time
	LastVisit time.Time
	// PrevVisit is the end of the visitor's previous visit (a visit ends
	// after VisitGap without a page view): comments newer than it are
	// "new since your last visit". Nil on a first visit.
	PrevVisit *time.Time
}

// VisitGap is the pause after which a visitor's next page view starts a
// new visit.
const VisitGap = 30 * time.Minute
