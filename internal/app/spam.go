package app

import (
	"strings"

	burg "github.com/burg-news/burg"
)

// maxCommentLinks is how many links a comment may hold.
const maxCommentLinks = 8

// The traps' errors; a refusal by any of them counts as spam.
var (
	errHoneypot = burg.Errorf(burg.EINVALID, "Your comment looks like spam and was not posted.")
	errTooQuick = burg.Errorf(burg.EINVALID, "That was quick! Please take a moment to read your comment, then send it again.")
)

// checkTraps applies the traps a robot falls into: the honeypot field,
// hidden from people, and the signed time the form was served, which a
// person takes a moment to fill. A preview is not held to the time.
func (a *App) checkTraps(in CommentInput) error {
	if in.Honeypot != "" {
		return errHoneypot
	}
	if in.Token != "" {
		age, ok := a.formAge(in.Token)
		if !ok {
			return burg.Errorf(burg.EINVALID, "The form was damaged on its way; please send it again.")
		}
		if a.cfg.MinFill > 0 && age < a.cfg.MinFill && !in.Preview {
			return errTooQuick
		}
	}
	return nil
}

// checkCommentText applies the rules on what a comment says, for a new
// comment and an edit alike.
func checkCommentText(c *burg.Comment) error {
	if err := c.Validate(); err != nil {
		return err
	}
	if n := strings.Count(strings.ToLower(c.Body), "http"); n > maxCommentLinks {
		return burg.Errorf(burg.EINVALID, "A comment may hold at most %d links.", maxCommentLinks)
	}
	return nil
}
