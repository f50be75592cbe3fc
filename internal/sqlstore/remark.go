package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strings"
	"time"

	burg "github.com/burg-news/burg"
)

// AddRemark adds a moderator's remark to a post, keeping the post as it
// stood as a revision.
func (s *Store) AddRemark(ctx context.Context, r *burg.Remark, ch burg.PostChange) error {
	if err := r.Validate(); err != nil {
		return err
	}
	if err := checkChange(ch); err != nil {
		return err
	}
	var id int64
	var at time.Time
	err := s.writeTx(ctx, func(t *tx) error {
		old, err := lockPost(ctx, t, r.PostID, ch)
		if err != nil {
			return err
		}
		if err := keepRevision(ctx, t, old, ch); err != nil {
			return err
		}
		at = t.now
		id, err = insertRemark(ctx, t, r.PostID, r.UserID, strings.TrimSpace(r.Body), at)
		return err
	})
	if err != nil {
		return err
	}
	r.ID, r.CreatedAt, r.Body = id, at, strings.TrimSpace(r.Body)
	return nil
}

func insertRemark(ctx context.Context, t *tx, postID, userID int64, body string, at time.Time) (int64, error) {
	var n int
	if err := t.queryRow(ctx, `SELECT COUNT(*) FROM users WHERE id = ?`, userID).Scan(&n); err != nil {
		return 0, fmt.Errorf("check remark user: %w", err)
	} else if n == 0 {
		return 0, burg.Errorf(burg.EINVALID, "There is no such user.")
	}
	id, err := t.insert(ctx, `INSERT INTO post_remarks (post_id, user_id, body, created_at) VALUES (?, ?, ?, ?)`,
		postID, userID, body, utc(at))
	if err != nil {
		return 0, fmt.Errorf("add remark to post %d: %w", postID, err)
	}
	return id, nil
}

// attachRemarks fills the Remarks of posts, with their users, in one
// query.
func attachRemarks(ctx context.Context, t *tx, posts []*burg.Post) error {
	if len(posts) == 0 {
		return nil
	}
	byID := make(map[int64]*burg.Post, len(posts))
	ids := make([]any, len(posts))
	for i, p := range posts {
		byID[p.ID] = p
		ids[i] = p.ID
		p.Remarks = nil
	}
	rows, err := t.query(ctx, `SELECT r.id, r.post_id, r.user_id, r.body, r.created_at,
		u.nick, u.role, u.colour, u.disabled, u.created_at
		FROM post_remarks r JOIN users u ON u.id = r.user_id
		WHERE r.post_id IN (`+placeholders(len(ids))+`) ORDER BY r.post_id, r.id`, ids...)
	if err != nil {
		return fmt.Errorf("find remarks of posts: %w", err)
	}
	defer rows.Close()
	users := map[int64]*burg.User{}
	for rows.Next() {
		r := &burg.Remark{}
		u := &burg.User{}
		if err := rows.Scan(&r.ID, &r.PostID, &r.UserID, &r.Body, &r.CreatedAt,
			&u.Nick, &u.Role, &u.Colour, &u.Disabled, &u.CreatedAt); err != nil {
			return fmt.Errorf("find remarks of posts: %w", err)
		}
		r.CreatedAt, u.CreatedAt = r.CreatedAt.UTC(), u.CreatedAt.UTC()
		u.ID = r.UserID
		if known, ok := users[u.ID]; ok {
			u = known
		} else {
			users[u.ID] = u
		}
		r.User = u
		byID[r.PostID].Remarks = append(byID[r.PostID].Remarks, r)
	}
	return rows.Err()
}

// bodyRemark is an editorial remark as bodies used to hold it.
var bodyRemark = regexp.MustCompile(`(?is)\n*\[remark=([^\]\n]{1,64})\](.*?)\[/remark\]`)

// moveBodyRemarks turns the remarks that post bodies held as markup into
// remark records: those whose nick is a moderator's or an admin's, who
// alone could add them through the remark box. Other "[remark=…]" text is
// left in the body, where it now shows as typed.
func moveBodyRemarks(ctx context.Context, stx *sql.Tx, d *dialect) error {
	mods := map[string]int64{}
	rows, err := stx.QueryContext(ctx, d.rebind(`SELECT id, nick FROM users WHERE role IN (?, ?)`), burg.RoleModerator, burg.RoleAdmin)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		var nick string
		if err := rows.Scan(&id, &nick); err != nil {
			rows.Close()
			return err
		}
		mods[strings.ToLower(nick)] = id
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(mods) == 0 {
		return err
	}
	type post struct {
		id      int64
		body    string
		updated time.Time
	}
	var posts []post
	rows, err = stx.QueryContext(ctx, d.rebind(`SELECT id, body, updated_at FROM posts WHERE body LIKE ?`), "%[remark=%")
	if err != nil {
		return err
	}
	for rows.Next() {
		var p post
		if err := rows.Scan(&p.id, &p.body, &p.updated); err != nil {
			rows.Close()
			return err
		}
		posts = append(posts, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, p := range posts {
		body := bodyRemark.ReplaceAllStringFunc(p.body, func(m string) string {
			sm := bodyRemark.FindStringSubmatch(m)
			user, ok := mods[strings.ToLower(strings.TrimSpace(sm[1]))]
			text := strings.TrimSpace(sm[2])
			if !ok || text == "" {
				return m
			}
			if _, err = stx.ExecContext(ctx, d.rebind(`INSERT INTO post_remarks (post_id, user_id, body, created_at) VALUES (?, ?, ?, ?)`),
				p.id, user, text, utc(p.updated)); err != nil {
				return m
			}
			return ""
		})
		if err != nil {
			return fmt.Errorf("move remarks of post %d: %w", p.id, err)
		}
		if body != p.body {
			if _, err := stx.ExecContext(ctx, d.rebind(`UPDATE posts SET body = ? WHERE id = ?`), strings.TrimRight(body, " \n"), p.id); err != nil {
				return fmt.Errorf("move remarks of post %d: %w", p.id, err)
			}
		}
	}
	return nil
}
