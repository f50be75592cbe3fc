package sqlstore_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"slices"
	"testing"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/sqlstore"
)

// TestBulkLoadIndexes checks that a bulk load drops the secondary indexes
// of the tables it fills and builds them again, and that a store opened
// while a load has them dropped, as after a crash, builds them at once.
func TestBulkLoadIndexes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "burg.db")
	s := openStore(t, path)
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	indexes := func(t *testing.T) []string {
		t.Helper()
		rows, err := db.QueryContext(t.Context(), `SELECT name FROM sqlite_master WHERE type = 'index'
			AND tbl_name IN ('posts', 'post_tags', 'comments') ORDER BY name`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var names []string
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				t.Fatal(err)
			}
			names = append(names, n)
		}
		return names
	}
	before := indexes(t)
	for _, want := range []string{"comments_visitor", "posts_posted_at", "post_tags_tag_posted_at", "posts_live_source_key"} {
		if !slices.Contains(before, want) {
			t.Fatalf("indexes before the load: %q lacks %s", before, want)
		}
	}
	err = s.BulkLoad(t.Context(), func(ctx context.Context) error {
		during := indexes(t)
		for _, gone := range []string{"comments_visitor", "posts_posted_at", "post_tags_tag_posted_at"} {
			if slices.Contains(during, gone) {
				t.Errorf("during the load: %s is still there", gone)
			}
		}
		for _, kept := range []string{"posts_live_source_key", "sqlite_autoindex_comments_1"} {
			if !slices.Contains(during, kept) {
				t.Errorf("during the load: unique index %s was dropped", kept)
			}
		}
		// Another process opening the store finds what the load dropped
		// and builds it.
		other := openStoreNoCleanup(t, path)
		if err := other.Close(); err != nil {
			t.Fatal(err)
		}
		if got := indexes(t); !slices.Equal(got, before) {
			t.Errorf("after another open: got %q, want %q", got, before)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := indexes(t); !slices.Equal(got, before) {
		t.Errorf("after the load: got %q, want %q", got, before)
	}
	if err := s.BulkLoad(t.Context(), func(context.Context) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if got := indexes(t); !slices.Equal(got, before) {
		t.Errorf("after a second load: got %q, want %q", got, before)
	}
}

// TestLoading checks that a store opened for loading keeps what it
// stores, and that an ordinary open afterwards puts the file back into
// WAL mode.
func TestLoading(t *testing.T) {
	path := filepath.Join(t.TempDir(), "burg.db")
	s, err := sqlstore.Open(t.Context(), path, sqlstore.Options{Loading: true})
	if err != nil {
		t.Fatal(err)
	}
	journal := func(t *testing.T) string {
		t.Helper()
		db, err := sql.Open("sqlite", "file:"+path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var mode string
		if err := db.QueryRowContext(t.Context(), "PRAGMA journal_mode").Scan(&mode); err != nil {
			t.Fatal(err)
		}
		return mode
	}
	page := &burg.Page{Name: "News", Slug: "news"}
	if err := s.CreatePage(t.Context(), page); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if got := journal(t); got == "wal" {
		t.Errorf("after loading: journal mode %q, want a rollback journal", got)
	}
	s = openStore(t, path)
	if _, err := s.FindPageBySlug(t.Context(), "news"); err != nil {
		t.Errorf("after loading: %v", err)
	}
	if got := journal(t); got != "wal" {
		t.Errorf("after an ordinary open: journal mode %q, want wal", got)
	}
}
