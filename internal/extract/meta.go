package extract

import (
	"encoding/json"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// meta is what the page says about itself, read before readability
// rewrites the tree.
type meta struct {
	htmlLang string
	title    string
	// props holds <meta property|name|itemprop=KEY content=...>, keys
	// lower-cased, first occurrence wins.
	props map[string]string
	// jsonLD holds the datePublished values found in JSON-LD blocks,
	// those of article types first.
	jsonLDDates []string
	// jsonLDImage is the first image of a JSON-LD article.
	jsonLDImage string
	// timeDates holds <time datetime> values, the ones marked as the
	// publication time first.
	timeDates []string
}

func (m *meta) get(key string) string {
	return m.props[key]
}

// Meta keys that give the publication time: the primary ones come before
// JSON-LD, the looser ones after it.
var (
	publishedKeys = []string{"article:published_time", "og:article:published_time", "datepublished"}
	looseDateKeys = []string{"parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.issued", "dc.date", "pubdate", "publish-date", "publication_date", "date"}
)

// published returns the publication time in UTC: article:published_time,
// then JSON-LD datePublished, then other date meta tags, then <time
// datetime>; zero when none parses.
func (m *meta) published() time.Time {
	var candidates []string
	for _, k := range publishedKeys {
		candidates = append(candidates, m.props[k])
	}
	candidates = append(candidates, m.jsonLDDates...)
	for _, k := range looseDateKeys {
		candidates = append(candidates, m.props[k])
	}
	candidates = append(candidates, m.timeDates...)
	for _, c := range candidates {
		if t, ok := parseTime(c); ok {
			return t
		}
	}
	return time.Time{}
}

var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 Z07:00",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
	time.RFC1123Z,
	time.RFC1123,
	"Mon, 2 Jan 2006 15:04:05 -0700",
}

// parseTime reads the date formats news pages use; times without a zone
// are taken as UTC.
func parseTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

func readMeta(doc *html.Node) *meta {
	m := &meta{props: make(map[string]string)}
	var markedTimes, otherTimes []string
	var walk func(n *html.Node, inSVG bool)
	walk = func(n *html.Node, inSVG bool) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Html:
				if m.htmlLang == "" {
					m.htmlLang = firstNonEmpty(attr(n, "lang"), attr(n, "xml:lang"))
				}
			case atom.Svg:
				inSVG = true
			case atom.Title:
				if m.title == "" && !inSVG {
					m.title = cleanSpace(textOf(n))
				}
			case atom.Meta:
				m.addMeta(n)
			case atom.Script:
				if strings.EqualFold(strings.TrimSpace(attr(n, "type")), "application/ld+json") {
					m.addJSONLD(textOf(n))
				}
			case atom.Time:
				if dt := attr(n, "datetime"); dt != "" {
					if hasAttr(n, "pubdate") || strings.EqualFold(attr(n, "itemprop"), "datePublished") ||
						strings.Contains(strings.ToLower(attr(n, "class")), "publish") {
						markedTimes = append(markedTimes, dt)
					} else {
						otherTimes = append(otherTimes, dt)
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inSVG)
		}
	}
	walk(doc, false)
	m.timeDates = append(markedTimes, otherTimes...)
	return m
}

func (m *meta) addMeta(n *html.Node) {
	content, ok := attrOK(n, "content")
	if !ok {
		return
	}
	content = cleanSpace(content)
	if content == "" {
		return
	}
	for _, k := range []string{"property", "name", "itemprop"} {
		// A property attribute may hold several space-separated names
		// (RDFa), as in property="og:title twitter:title".
		for key := range strings.FieldsSeq(strings.ToLower(attr(n, k))) {
			if _, seen := m.props[key]; !seen {
				m.props[key] = content
			}
		}
	}
}

// addJSONLD collects datePublished values from one JSON-LD block,
// following arrays and @graph.
func (m *meta) addJSONLD(src string) {
	src = strings.TrimSpace(src)
	src = strings.TrimPrefix(src, "<![CDATA[")
	src = strings.TrimSuffix(src, "]]>")
	var v any
	if err := json.Unmarshal([]byte(src), &v); err != nil {
		return
	}
	var articles, others []string
	var walk func(v any, depth int)
	walk = func(v any, depth int) {
		if depth > 8 {
			return
		}
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				walk(e, depth+1)
			}
		case map[string]any:
			if d, ok := x["datePublished"].(string); ok && d != "" {
				if isArticleType(x["@type"]) {
					articles = append(articles, d)
				} else {
					others = append(others, d)
				}
			}
			if m.jsonLDImage == "" && isArticleType(x["@type"]) {
				m.jsonLDImage = imageURL(x["image"], 0)
			}
			if g, ok := x["@graph"]; ok {
				walk(g, depth+1)
			}
		}
	}
	walk(v, 0)
	m.jsonLDDates = append(m.jsonLDDates, articles...)
	m.jsonLDDates = append(m.jsonLDDates, others...)
}

// imageURL reads a schema.org image value: a URL, an ImageObject, or a
// list of either.
func imageURL(v any, depth int) string {
	if depth > 3 {
		return ""
	}
	switch x := v.(type) {
	case string:
		return x
	case []any:
		for _, e := range x {
			if u := imageURL(e, depth+1); u != "" {
				return u
			}
		}
	case map[string]any:
		if u, ok := x["url"].(string); ok {
			return u
		}
		if u, ok := x["contentUrl"].(string); ok {
			return u
		}
	}
	return ""
}

func isArticleType(t any) bool {
	switch x := t.(type) {
	case string:
		return strings.Contains(x, "Article") || x == "BlogPosting" || x == "Report"
	case []any:
		for _, e := range x {
			if isArticleType(e) {
				return true
			}
		}
	}
	return false
}

func attrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && strings.EqualFold(a.Key, key) {
			return a.Val, true
		}
	}
	return "", false
}

func attr(n *html.Node, key string) string {
	v, _ := attrOK(n, key)
	return v
}

func hasAttr(n *html.Node, key string) bool {
	_, ok := attrOK(n, key)
	return ok
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}
