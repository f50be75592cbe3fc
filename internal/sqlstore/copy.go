package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	burg "github.com/burg-news/burg"
)

// CopyOptions tune Copy. The zero value is ready to use.
type CopyOptions struct {
	// Force replaces what the target holds; without it a target with any
	// row in any table is refused.
	Force bool
	// BatchSize is the most rows one INSERT carries; 0 means 500.
	BatchSize int
	// Progress, when set, is told of each table once it is copied.
	Progress func(table string, rows int64)
}

// CopyStats says how many rows of each table Copy copied.
type CopyStats struct {
	Tables []string         // in the order they were copied
	Rows   map[string]int64 // by table
}

// Copy copies a whole site from src into dst, which may be of the other
// dialect: every table but schema_migrations, in the order the foreign
// keys ask for, ids and all, in batches, inside one transaction on dst. It
// reads src in one snapshot, so a running site can be copied, though what
// it writes after the snapshot is not.
//
// Both stores must be at the same migration. dst must hold no rows unless
// opt.Force is set, which empties it first. On PostgreSQL the identity
// sequences are set past the largest id copied, so that new rows get new
// ids. The rows of every table are counted on both sides before the
// transaction commits.
func Copy(ctx context.Context, dst, src *Store, opt CopyOptions) (*CopyStats, error) {
	if opt.BatchSize <= 0 {
		opt.BatchSize = 500
	}
	if dst == src {
		return nil, burg.Errorf(burg.EINVALID, "The source and the target are the same database.")
	}
	srcID, err := src.identity(ctx)
	if err != nil {
		return nil, err
	}
	dstID, err := dst.identity(ctx)
	if err != nil {
		return nil, err
	}
	if srcID == dstID {
		return nil, burg.Errorf(burg.EINVALID, "The source and the target are the same database.")
	}
	stats := &CopyStats{Rows: map[string]int64{}}
	err = src.readTx(ctx, func(st *tx) error {
		return dst.writeTx(ctx, func(dt *tx) error {
			plan, err := planCopy(ctx, dt, st)
			if err != nil {
				return err
			}
			if err := emptyTarget(ctx, dt, plan, opt.Force); err != nil {
				return err
			}
			for _, tb := range plan {
				n, err := copyRows(ctx, dt, st, tb, opt.BatchSize)
				if err != nil {
					return fmt.Errorf("copy %s: %w", tb.name, err)
				}
				stats.Tables = append(stats.Tables, tb.name)
				stats.Rows[tb.name] = n
				if opt.Progress != nil {
					opt.Progress(tb.name, n)
				}
			}
			if dt.d.resetSequences {
				if err := resetSequences(ctx, dt); err != nil {
					return err
				}
			}
			if err := recountSite(ctx, dt); err != nil {
				return err
			}
			return checkCounts(ctx, dt, st, plan, stats)
		})
	})
	if err != nil {
		return nil, err
	}
	return stats, nil
}

// identity names the database a store works on, so that Copy can refuse
// to copy a database onto itself.
func (s *Store) identity(ctx context.Context) (string, error) {
	var id string
	err := s.readTx(ctx, func(t *tx) error {
		return t.queryRow(ctx, t.d.identity).Scan(&id)
	})
	if err != nil {
		return "", fmt.Errorf("identify database: %w", err)
	}
	return id, nil
}

// copyTable is one table to copy: its columns in the target's order and
// what kind of value each takes there.
type copyTable struct {
	name    string
	columns []string
	kinds   []string // "bool", "time" or "" for anything else
}

// column is one column of a table as its dialect describes it.
type column struct{ name, kind string }

// planCopy checks that both databases are at the same migration with the
// same tables and columns, and returns the tables in the order their
// foreign keys need: referenced tables first.
func planCopy(ctx context.Context, dt, st *tx) ([]copyTable, error) {
	dv, err := migrationVersions(ctx, dt)
	if err != nil {
		return nil, err
	}
	sv, err := migrationVersions(ctx, st)
	if err != nil {
		return nil, err
	}
	if !slices.Equal(dv, sv) {
		return nil, burg.Errorf(burg.EINVALID,
			"The source is at migration %s and the target at %s; run burg migrate on both with this burg first.",
			lastVersion(sv), lastVersion(dv))
	}
	dTables, err := tableNames(ctx, dt)
	if err != nil {
		return nil, err
	}
	sTables, err := tableNames(ctx, st)
	if err != nil {
		return nil, err
	}
	if !slices.Equal(dTables, sTables) {
		return nil, burg.Errorf(burg.EINVALID, "The source has the tables %s and the target %s.",
			strings.Join(sTables, ", "), strings.Join(dTables, ", "))
	}
	order, err := dependencyOrder(ctx, dt, dTables)
	if err != nil {
		return nil, err
	}
	plan := make([]copyTable, 0, len(order))
	for _, name := range order {
		dCols, err := columns(ctx, dt, name)
		if err != nil {
			return nil, err
		}
		sCols, err := columns(ctx, st, name)
		if err != nil {
			return nil, err
		}
		tb := copyTable{name: name}
		for _, c := range dCols {
			tb.columns = append(tb.columns, c.name)
			tb.kinds = append(tb.kinds, c.kind)
		}
		var sNames []string
		for _, c := range sCols {
			sNames = append(sNames, c.name)
		}
		if !slices.Equal(slices.Sorted(slices.Values(tb.columns)), slices.Sorted(slices.Values(sNames))) {
			return nil, burg.Errorf(burg.EINVALID, "Table %s has the columns %s in the source and %s in the target.",
				name, strings.Join(sNames, ", "), strings.Join(tb.columns, ", "))
		}
		plan = append(plan, tb)
	}
	return plan, nil
}

func lastVersion(vs []int) string {
	if len(vs) == 0 {
		return "none"
	}
	return fmt.Sprintf("%04d", vs[len(vs)-1])
}

// migrationVersions lists the migrations applied, in order.
func migrationVersions(ctx context.Context, t *tx) ([]int, error) {
	rows, err := t.query(ctx, `SELECT version FROM schema_migrations ORDER BY version`)
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	defer rows.Close()
	var vs []int
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		vs = append(vs, v)
	}
	return vs, rows.Err()
}

// derivedTables are kept by triggers from the other tables' rows: a copy
// leaves them to the target's triggers and recounts them at the end.
var derivedTables = []string{"site_counters"}

// tableNames lists the ordinary tables of the store, by name, leaving out
// schema_migrations (each side keeps its own), the derived tables, and
// SQLite's own, virtual and shadow tables (full-text indexes are rebuilt
// by their triggers).
func tableNames(ctx context.Context, t *tx) ([]string, error) {
	names, err := texts(ctx, t, t.d.tables)
	if err != nil {
		return nil, fmt.Errorf("list tables: %w", err)
	}
	names = slices.DeleteFunc(names, func(n string) bool { return n == "schema_migrations" || slices.Contains(derivedTables, n) })
	slices.Sort(names)
	return names, nil
}

// texts returns the one text column of a query's rows.
func texts(ctx context.Context, t *tx, q string, args ...any) ([]string, error) {
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// columns lists a table's columns in order, with the kind of value each
// takes where the dialects store it differently.
func columns(ctx context.Context, t *tx, table string) ([]column, error) {
	rows, err := t.query(ctx, t.d.columns, table)
	if err != nil {
		return nil, fmt.Errorf("columns of %s: %w", table, err)
	}
	defer rows.Close()
	var out []column
	for rows.Next() {
		var name, typ string
		if err := rows.Scan(&name, &typ); err != nil {
			return nil, err
		}
		typ = strings.ToLower(typ)
		kind := ""
		switch {
		case typ == "boolean":
			kind = "bool"
		case typ == "blob" || typ == "bytea":
			kind = "bytes"
		case strings.HasPrefix(typ, "timestamp") || typ == "datetime" || typ == "date":
			kind = "time"
		}
		out = append(out, column{name, kind})
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("columns of %s: none", table)
	}
	return out, nil
}

// dependencyOrder sorts tables so that each comes after the tables its
// foreign keys refer to; among those free to go, by name.
func dependencyOrder(ctx context.Context, t *tx, tables []string) ([]string, error) {
	refs := map[string][]string{}
	for _, tb := range tables {
		to, err := texts(ctx, t, t.d.foreignKeys, tb)
		if err != nil {
			return nil, fmt.Errorf("foreign keys of %s: %w", tb, err)
		}
		refs[tb] = slices.DeleteFunc(to, func(r string) bool { return r == tb })
	}
	var order []string
	done := map[string]bool{}
	for len(order) < len(tables) {
		progress := false
		for _, tb := range tables {
			if done[tb] {
				continue
			}
			ready := true
			for _, r := range refs[tb] {
				if !done[r] && slices.Contains(tables, r) {
					ready = false
					break
				}
			}
			if ready {
				order = append(order, tb)
				done[tb] = true
				progress = true
			}
		}
		if !progress {
			return nil, fmt.Errorf("the foreign keys of the tables form a cycle")
		}
	}
	return order, nil
}

// emptyTarget refuses a target that holds rows, or empties it when
// forced, the referring tables first.
func emptyTarget(ctx context.Context, dt *tx, plan []copyTable, force bool) error {
	for i := len(plan) - 1; i >= 0; i-- {
		name := plan[i].name
		var n int
		if err := dt.queryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM `+quoteIdent(name)+` LIMIT 1) x`).Scan(&n); err != nil {
			return fmt.Errorf("look into %s: %w", name, err)
		}
		if n == 0 {
			continue
		}
		if !force {
			return burg.Errorf(burg.ECONFLICT, "The target holds data already (table %s); give --force to replace it.", name)
		}
		if _, err := dt.exec(ctx, `DELETE FROM `+quoteIdent(name)); err != nil {
			return fmt.Errorf("empty %s: %w", name, err)
		}
	}
	return nil
}

// quoteIdent quotes a table or column name; the names come from the
// databases' catalogues, never from users.
func quoteIdent(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// copyRows copies the rows of one table in batches and returns how many
// it copied.
func copyRows(ctx context.Context, dt, st *tx, tb copyTable, batchSize int) (int64, error) {
	cols := make([]string, len(tb.columns))
	for i, c := range tb.columns {
		cols[i] = quoteIdent(c)
	}
	list := strings.Join(cols, ", ")
	perBatch := max(1, min(batchSize, 30000/len(cols)))
	rows, err := st.query(ctx, `SELECT `+list+` FROM `+quoteIdent(tb.name)+` ORDER BY 1`)
	if err != nil {
		return 0, fmt.Errorf("read: %w", err)
	}
	defer rows.Close()
	row := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range row {
		ptrs[i] = &row[i]
	}
	one := "(" + placeholders(len(cols)) + ")"
	var args []any
	var n, pending int64
	flush := func() error {
		if pending == 0 {
			return nil
		}
		q := `INSERT INTO ` + quoteIdent(tb.name) + ` (` + list + `) VALUES ` +
			strings.TrimSuffix(strings.Repeat(one+", ", int(pending)), ", ")
		if _, err := dt.exec(ctx, q, args...); err != nil {
			return fmt.Errorf("write: %w", err)
		}
		args, pending = args[:0], 0
		return nil
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return n, fmt.Errorf("read: %w", err)
		}
		for i, v := range row {
			cv, err := convert(v, tb.kinds[i])
			if err != nil {
				return n, fmt.Errorf("column %s: %w", tb.columns[i], err)
			}
			args = append(args, cv)
		}
		n++
		pending++
		if pending == int64(perBatch) {
			if err := flush(); err != nil {
				return n, err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return n, fmt.Errorf("read: %w", err)
	}
	return n, flush()
}

// timeLayouts are the ways SQLite may hold a time as text.
var timeLayouts = []string{
	"2006-01-02 15:04:05.999999999-07:00",
	time.RFC3339Nano,
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02",
}

// convert turns a value read from one dialect into what the other's
// column of kind takes: SQLite keeps booleans as 0 and 1 and times as
// text.
func convert(v any, kind string) (any, error) {
	if b, ok := v.([]byte); ok && kind != "bytes" {
		v = string(b)
	}
	switch kind {
	case "bool":
		switch x := v.(type) {
		case int64:
			return x != 0, nil
		case int32:
			return x != 0, nil
		case string:
			switch strings.ToLower(x) {
			case "1", "t", "true":
				return true, nil
			case "0", "f", "false":
				return false, nil
			}
			return nil, fmt.Errorf("%q is no boolean", x)
		}
	case "time":
		switch x := v.(type) {
		case time.Time:
			return utc(x), nil
		case string:
			for _, layout := range timeLayouts {
				if at, err := time.Parse(layout, x); err == nil {
					return utc(at), nil
				}
			}
			return nil, fmt.Errorf("%q is no time", x)
		}
	}
	return v, nil
}

// resetSequences sets each identity column's sequence past the largest id
// in its table, so that new rows do not collide with copied ones.
func resetSequences(ctx context.Context, dt *tx) error {
	rows, err := dt.query(ctx, `SELECT table_name, column_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND is_identity = 'YES' ORDER BY table_name`)
	if err != nil {
		return fmt.Errorf("find identity columns: %w", err)
	}
	type ident struct{ table, column string }
	var ids []ident
	for rows.Next() {
		var id ident
		if err := rows.Scan(&id.table, &id.column); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, id := range ids {
		_, err := dt.exec(ctx, `SELECT setval(pg_get_serial_sequence(?, ?), COALESCE((SELECT MAX(`+quoteIdent(id.column)+
			`) FROM `+quoteIdent(id.table)+`), 0) + 1, false)`, quoteIdent(id.table), id.column)
		if err != nil {
			return fmt.Errorf("reset the sequence of %s.%s: %w", id.table, id.column, err)
		}
	}
	return nil
}

// checkCounts counts the rows of every table on both sides, inside the
// source's snapshot and the target's transaction.
func checkCounts(ctx context.Context, dt, st *tx, plan []copyTable, stats *CopyStats) error {
	for _, tb := range plan {
		var d, s int64
		q := `SELECT COUNT(*) FROM ` + quoteIdent(tb.name)
		if err := dt.queryRow(ctx, q).Scan(&d); err != nil {
			return fmt.Errorf("count %s: %w", tb.name, err)
		}
		if err := st.queryRow(ctx, q).Scan(&s); err != nil {
			return fmt.Errorf("count %s: %w", tb.name, err)
		}
		if d != s || d != stats.Rows[tb.name] {
			return fmt.Errorf("table %s: %d rows in the source, %d copied, %d in the target", tb.name, s, stats.Rows[tb.name], d)
		}
	}
	return nil
}
