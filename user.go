package burg

import (
	"context"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Roles a registered user may have.
const (
	RoleAdmin     = "admin"
	RoleModerator = "moderator"
	RolePoster    = "poster"
)

// User is a registered poster, moderator or admin. Commenters are not users;
// they are visitors with a nickname.
type User struct {
	ID           int64
	Nick         string
	Role         string
	Colour       string // CSS colour "#rrggbb" for moderators' remarks and comments
	PasswordHash string
	Disabled     bool
	CreatedAt    time.Time
}

var colourRE = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// ValidRole reports whether role is one of the known roles.
func ValidRole(role string) bool {
	return role == RoleAdmin || role == RoleModerator || role == RolePoster
}

// IsModerator reports whether u may moderate: moderators and admins.
func (u *User) IsModerator() bool {
	return u != nil && !u.Disabled && (u.Role == RoleModerator || u.Role == RoleAdmin)
}

// Validate reports whether u may be stored.
func (u *User) Validate() error {
	nick := strings.TrimSpace(u.Nick)
	switch {
	case nick == "":
		return Errorf(EINVALID, "A user needs a nick.")
	case nick != u.Nick:
		return Errorf(EINVALID, "A nick may not start or end with spaces.")
	case utf8.RuneCountInString(nick) > 40:
		return Errorf(EINVALID, "A nick is at most 40 characters.")
	case strings.ContainsAny(nick, "/?#%\\"):
		return Errorf(EINVALID, "A nick may not contain / ? # %% or \\.")
	case !ValidRole(u.Role):
		return Errorf(EINVALID, "The role must be admin, moderator or poster.")
	case u.Colour != "" && !colourRE.MatchString(u.Colour):
		return Errorf(EINVALID, "A colour is written #rrggbb.")
	}
	for _, r := range nick {
		if r < 0x20 || r == 0x7f {
			return Errorf(EINVALID, "A nick may not contain control characters.")
		}
	}
	return nil
}

// UserStore keeps registered users.
type UserStore interface {
	// CreateUser stores u and sets its ID; ECONFLICT when the nick is taken
	// (case-insensitively).
	CreateUser(ctx context.Context, u *User) error
	// UpdateUser changes role, colour, password hash and disabled flag;
	// with endSessions it also ends every session of the user, in the same
	// transaction (for disabling an account or resetting its password).
	UpdateUser(ctx context.Context, u *User, endSessions bool) error
	// FindUser returns one user or ENOTFOUND.
	FindUser(ctx context.Context, id int64) (*User, error)
	// FindUserByNick returns one user by nick, case-insensitively, or
	// ENOTFOUND.
	FindUserByNick(ctx context.Context, nick string) (*User, error)
	// FindUsers returns every user by nick.
	FindUsers(ctx context.Context) ([]*User, error)
}
