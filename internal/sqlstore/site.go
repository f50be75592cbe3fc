package sqlstore

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	burg "github.com/burg-news/burg"
)

// A site record type is one table, every column of it a field, so that
// an export holds the whole site and a site imported from it exports to
// the same bytes. docs/EXPORT.md describes each; TestSiteRecordTypes
// checks that every table is either here or left out on purpose.
type siteType struct {
	name   string // the record's "type"
	table  string
	order  string // the key the records are ordered by
	fields []siteColumn
}

// siteColumn is a column, with the kind of value it holds.
type siteColumn struct {
	name, kind string // kind: "int", "text", "bool", "time" or "bytes"
	// secret columns are exported only with ExportOptions.Secrets, and
	// take def when a file leaves them out.
	secret bool
	def    any
}

// cols reads "name:kind" pairs; a bare name is text.
func cols(spec string) []siteColumn {
	var out []siteColumn
	for f := range strings.FieldsSeq(spec) {
		name, kind, ok := strings.Cut(f, ":")
		if !ok {
			kind = "text"
		}
		out = append(out, siteColumn{name: name, kind: kind})
	}
	return out
}

// siteTypes are the record types in export (and so import) order: what a
// record refers to comes before it.
var siteTypes = []siteType{
	{"page", "pages", "id", cols("id:int name slug position:int")},
	{"section", "sections", "id", cols("id:int page_id:int name slug position:int")},
	{"user", "users", "id", append(cols("id:int nick nick_key role colour"),
		siteColumn{name: "password_hash", kind: "text", secret: true, def: ""},
		siteColumn{name: "disabled", kind: "bool"}, siteColumn{name: "created_at", kind: "time"})},
	{"tag", "tags", "id", cols("id:int name slug description kind epithet image file_under:bool retired_at:time")},
	{"tag_alias", "tag_aliases", "tag_id, position", cols("tag_id:int position:int alias")},
	{"swap", "swaps", "id", cols("id:int term term_key variants created_at:time updated_at:time")},
	{"source", "sources", "domain", cols("domain name")},
	{"setting", "settings", "key", cols("key value")},
	{"post", "posts", "id", cols(`id:int section_id:int title slug source_url source_tag source_lang note body
		original_body poster_id:int posted_at:time updated_at:time comments_close_at:time views:int
		comment_count:int comment_seq:int last_comment_at:time last_comment_nick deleted_at:time
		text tag_names tag_keys no_decoration:bool source_key submitted_by`)},
	{"post_tag", "post_tags", "post_id, position, tag_id", cols("post_id:int tag_id:int position:int posted_at:time")},
	{"remark", "post_remarks", "id", cols("id:int post_id:int user_id:int body created_at:time")},
	{"post_revision", "post_revisions", "id", cols(`id:int post_id:int user_id:int action created_at:time title
		section_id:int source_url source_tag source_lang note body original_body posted_at:time
		comments_close_at:time deleted_at:time tags remarks`)},
	{"comment", "comments", "id", cols(`id:int post_id:int num:int parent_id:int nick email website body
		visitor_id ip user_id:int created_at:time updated_at:time deleted_at:time delete_reason
		state ip_key text_key score:int signals purged_at:time moderated_by:int`)},
	{"comment_revision", "comment_revisions", "id", cols("id:int comment_id:int body edited_at:time")},
	{"visitor", "visitors", "id", cols("id first_nick comments:int first_seen:time last_visit:time prev_visit:time")},
	{"ban", "bans", "id", cols("id:int kind value match_key reason user_id:int created_at:time expires_at:time")},
	{"submission", "submissions", "id", cols(`id:int source_url title body original_body section_id:int tags
		source_tag source_lang note nick user_id:int visitor_id ip created_at:time status decided_by:int
		decided_at:time post_id:int reason`)},
	{"snapshot", "snapshots", "id", cols(`id:int post_id:int url fetched_at:time status:int content_type title text
		raw:bytes raw_size:int warc_file checked_at:time check_status failures:int dead_at:time`)},
	{"audit_entry", "audit_log", "id", cols(`id:int created_at:time user_id:int action target post_id:int items:int
		reason detail`)},
	{"blocked_word", "blocked_words", "id", cols("id:int word word_key action user_id:int created_at:time")},
	{"import", "imports", "source, kind, foreign_id", cols("source kind foreign_id burg_id:int imported_at:time")},
}

// siteLeftOut are the tables an export leaves out: logins and failed
// logins are of this server and its moment, and the migrations are the
// schema's own.
var siteLeftOut = []string{"sessions", "login_failures", "schema_migrations",
	// Used comment forms' nonces matter for a day, on this server.
	"form_nonces",
	// The stored renderings' bookkeeping: an imported site's posts are
	// rendered again (see siteDerived), which writes their terms anew.
	"post_terms", "render_queue", "dictionary_changes"}

// siteDerived are the columns of a table an export leaves out because
// the importing site makes them again: a post's rendering is HTML that
// pages trust, so only the renderer may make it, and a post imported
// without one has render_version 0 and is rendered by the background
// renderer.
var siteDerived = map[string][]string{"posts": {"body_html", "render_version"}}

// secretSettings are the settings exported only with secrets.
var secretSettings = map[string]bool{"signing_secret": true}

// SiteRecordTypes lists the record types in export order with their
// fields.
func (s *Store) SiteRecordTypes() []burg.SiteRecordType {
	out := make([]burg.SiteRecordType, len(siteTypes))
	for i, st := range siteTypes {
		out[i].Type = st.name
		for _, c := range st.fields {
			out[i].Fields = append(out[i].Fields, c.name)
		}
	}
	return out
}

// ExportSite emits every record of the site in one snapshot.
func (s *Store) ExportSite(ctx context.Context, opt burg.ExportOptions, emit func(*burg.SiteRecord) error) error {
	return s.readTx(ctx, func(t *tx) error {
		for _, st := range siteTypes {
			if err := exportType(ctx, t, st, opt, emit); err != nil {
				return err
			}
		}
		return nil
	})
}

func exportType(ctx context.Context, t *tx, st siteType, opt burg.ExportOptions, emit func(*burg.SiteRecord) error) error {
	var names []string
	var fields []siteColumn
	for _, c := range st.fields {
		if c.secret && !opt.Secrets {
			continue
		}
		names = append(names, quoteIdent(c.name))
		fields = append(fields, c)
	}
	var order []string
	for k := range strings.SplitSeq(st.order, ",") {
		k = strings.TrimSpace(k)
		order = append(order, quoteIdent(k)+t.d.binaryOrder(st.kindOf(k)))
	}
	rows, err := t.query(ctx, `SELECT `+strings.Join(names, ", ")+` FROM `+quoteIdent(st.table)+
		` ORDER BY `+strings.Join(order, ", "))
	if err != nil {
		return fmt.Errorf("export %s: %w", st.table, err)
	}
	defer rows.Close()
	vals := make([]any, len(fields))
	ptrs := make([]any, len(fields))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return fmt.Errorf("export %s: %w", st.table, err)
		}
		rec := &burg.SiteRecord{Type: st.name, Fields: make([]burg.SiteField, len(fields))}
		for i, c := range fields {
			v, err := exportValue(vals[i], c.kind)
			if err != nil {
				return fmt.Errorf("export %s.%s: %w", st.table, c.name, err)
			}
			rec.Fields[i] = burg.SiteField{Name: c.name, Value: v}
		}
		if st.name == "setting" && !opt.Secrets && secretSettings[rec.Get("key").(string)] {
			continue
		}
		if err := emit(rec); err != nil {
			return err
		}
	}
	return rows.Err()
}

func (st siteType) kindOf(name string) string {
	for _, c := range st.fields {
		if c.name == name {
			return c.kind
		}
	}
	return ""
}

// exportValue turns a scanned value into the one a record holds, the same
// whichever dialect it was read from.
func exportValue(v any, kind string) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch kind {
	case "bytes":
		switch x := v.(type) {
		case []byte:
			return append([]byte(nil), x...), nil
		case string:
			return []byte(x), nil
		}
		return nil, fmt.Errorf("%T is not bytes", v)
	case "int":
		switch x := v.(type) {
		case int64:
			return x, nil
		case int32:
			return int64(x), nil
		case int:
			return int64(x), nil
		}
		return nil, fmt.Errorf("%T is not a whole number", v)
	case "text":
		switch x := v.(type) {
		case string:
			return x, nil
		case []byte:
			return string(x), nil
		}
		return nil, fmt.Errorf("%T is not text", v)
	}
	return convert(v, kind)
}

// ImportSite stores the records next returns into an empty store, in one
// transaction.
func (s *Store) ImportSite(ctx context.Context, next func() (*burg.SiteRecord, error)) error {
	byName := make(map[string]*siteType, len(siteTypes))
	for i := range siteTypes {
		byName[siteTypes[i].name] = &siteTypes[i]
	}
	return s.writeTx(ctx, func(t *tx) error {
		for _, st := range siteTypes {
			if st.table == "settings" {
				continue // every store makes its signing secret on opening
			}
			var n int
			if err := t.queryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM `+quoteIdent(st.table)+` LIMIT 1) x`).Scan(&n); err != nil {
				return fmt.Errorf("look into %s: %w", st.table, err)
			}
			if n > 0 {
				return burg.Errorf(burg.ECONFLICT, "The database holds a site already (table %s); import into a new, empty one.", st.table)
			}
		}
		stmts := map[string]*sql.Stmt{}
		defer func() {
			for _, stmt := range stmts {
				stmt.Close()
			}
		}()
		for n := 1; ; n++ {
			rec, err := next()
			if err != nil {
				return err
			}
			if rec == nil {
				break
			}
			st := byName[rec.Type]
			if st == nil {
				return burg.Errorf(burg.EINVALID, "Record %d has the unknown type %q.", n, burg.Clip(rec.Type, 40))
			}
			args, err := importArgs(st, rec)
			if err != nil {
				return burg.Errorf(burg.EINVALID, "Record %d (%s): %s", n, st.name, burg.ErrorMessage(err))
			}
			stmt := stmts[st.name]
			if stmt == nil {
				if stmt, err = t.PrepareContext(ctx, t.d.rebind(importStatement(st))); err != nil {
					return fmt.Errorf("prepare import of %s: %w", st.table, err)
				}
				stmts[st.name] = stmt
			}
			if _, err := stmt.ExecContext(ctx, args...); err != nil {
				if isUniqueViolation(err) {
					return burg.Errorf(burg.EINVALID, "Record %d (%s) repeats a key of an earlier one.", n, st.name)
				}
				return burg.Errorf(burg.EINVALID, "Record %d (%s) could not be stored: %v", n, st.name, err)
			}
		}
		if t.d.resetSequences {
			return resetSequences(ctx, t)
		}
		return nil
	})
}

func importStatement(st *siteType) string {
	names := make([]string, len(st.fields))
	for i, c := range st.fields {
		names[i] = quoteIdent(c.name)
	}
	q := `INSERT INTO ` + quoteIdent(st.table) + ` (` + strings.Join(names, ", ") + `) VALUES (` + placeholders(len(names)) + `)`
	if st.table == "settings" {
		q += ` ON CONFLICT (key) DO UPDATE SET value = excluded.value`
	}
	return q
}

// importArgs checks a record's fields against its type and turns them
// into the values its columns take.
func importArgs(st *siteType, rec *burg.SiteRecord) ([]any, error) {
	args := make([]any, len(st.fields))
	seen := make([]bool, len(st.fields))
	for _, f := range rec.Fields {
		i := -1
		for j, c := range st.fields {
			if c.name == f.Name {
				i = j
				break
			}
		}
		if i < 0 {
			return nil, burg.Errorf(burg.EINVALID, "unknown field %q", burg.Clip(f.Name, 40))
		}
		if seen[i] {
			return nil, burg.Errorf(burg.EINVALID, "the field %q is given twice", f.Name)
		}
		seen[i] = true
		v, err := importValue(f.Value, st.fields[i].kind)
		if err != nil {
			return nil, burg.Errorf(burg.EINVALID, "field %q: %s", f.Name, err)
		}
		args[i] = v
	}
	for i, c := range st.fields {
		if !seen[i] {
			if !c.secret {
				return nil, burg.Errorf(burg.EINVALID, "the field %q is missing", c.name)
			}
			args[i] = c.def
		}
	}
	return args, nil
}

// importValue turns a value as a file gives it (string, json.Number or
// int64, bool, nil, or the value itself) into what a column of kind
// takes.
func importValue(v any, kind string) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch kind {
	case "int":
		switch x := v.(type) {
		case int64:
			return x, nil
		case json.Number:
			n, err := strconv.ParseInt(string(x), 10, 64)
			if err != nil {
				return nil, fmt.Errorf("%s is not a whole number", x)
			}
			return n, nil
		case float64:
			if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
				return int64(x), nil
			}
		}
		return nil, fmt.Errorf("not a whole number")
	case "text":
		if x, ok := v.(string); ok {
			return x, nil
		}
		return nil, fmt.Errorf("not a string")
	case "bool":
		if x, ok := v.(bool); ok {
			return x, nil
		}
		return nil, fmt.Errorf("not true or false")
	case "time":
		switch x := v.(type) {
		case time.Time:
			return utc(x), nil
		case string:
			at, err := time.Parse(time.RFC3339Nano, x)
			if err != nil {
				return nil, fmt.Errorf("%q is not a time such as 2006-01-02T15:04:05.000000Z", burg.Clip(x, 40))
			}
			return utc(at), nil
		}
		return nil, fmt.Errorf("not a time")
	case "bytes":
		switch x := v.(type) {
		case []byte:
			return x, nil
		case string:
			b, err := base64.StdEncoding.DecodeString(x)
			if err != nil {
				return nil, fmt.Errorf("not base64")
			}
			return b, nil
		}
		return nil, fmt.Errorf("not base64")
	}
	return nil, fmt.Errorf("unknown kind %s", kind)
}
