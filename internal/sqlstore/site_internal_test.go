package sqlstore

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	burg "github.com/burg-news/burg"
)

// TestSiteRecordTypes checks that the export covers every table and every
// column of the schema, or leaves a table out on purpose, so that a
// migration adding a table or a column cannot be forgotten by it.
func TestSiteRecordTypes(t *testing.T) {
	s, err := Open(t.Context(), filepath.Join(t.TempDir(), "burg.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	err = s.readTx(t.Context(), func(tx *tx) error {
		tables, err := tableNames(t.Context(), tx)
		if err != nil {
			return err
		}
		covered := slices.Clone(siteLeftOut)
		for _, st := range siteTypes {
			covered = append(covered, st.table)
			cols, err := columns(t.Context(), tx, st.table)
			if err != nil {
				return err
			}
			var have, want []string
			for _, c := range cols {
				if !slices.Contains(siteDerived[st.table], c.name) {
					have = append(have, c.name)
				}
			}
			for _, c := range st.fields {
				want = append(want, c.name)
			}
			slices.Sort(have)
			slices.Sort(want)
			if !slices.Equal(have, want) {
				t.Errorf("table %s has the columns %v; its record type %q has %v", st.table, have, st.name, want)
			}
		}
		for _, tb := range tables {
			if !slices.Contains(covered, tb) {
				t.Errorf("table %s is neither exported nor left out on purpose", tb)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestExportDocumented checks that docs/EXPORT.md names every record type
// and field.
func TestExportDocumented(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "EXPORT.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range siteTypes {
		if !contains(doc, "### "+st.name) {
			t.Errorf("docs/EXPORT.md has no section for %q", st.name)
		}
		for _, c := range st.fields {
			if !contains(doc, "`"+c.name+"`") {
				t.Errorf("docs/EXPORT.md does not name the field %s.%s", st.name, c.name)
			}
		}
	}
}

func contains(b []byte, s string) bool { return strings.Contains(string(b), s) }

// TestBackupChecks backs a database up and checks the copy; a second
// backup to the same name, and a file that is no database, are refused.
func TestBackupChecks(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(t.Context(), filepath.Join(dir, "burg.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	page := &burg.Page{Name: "News", Slug: "news"}
	if err := s.CreatePage(t.Context(), page); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "copy.db")
	check, err := s.Backup(t.Context(), out)
	if err != nil {
		t.Fatal(err)
	}
	if check.Migration != LatestMigration() {
		t.Errorf("migration %d, want %d", check.Migration, LatestMigration())
	}
	if _, err := s.Backup(t.Context(), out); burg.ErrorCode(err) != burg.EINVALID {
		t.Errorf("a backup over a file: %v", err)
	}
	if _, err := os.Stat(out + ".part"); !os.IsNotExist(err) {
		t.Errorf("a temporary file is left: %v", err)
	}
	bad := filepath.Join(dir, "bad.db")
	os.WriteFile(bad, []byte("not a database at all, not even close"), 0o644)
	if _, err := CheckFile(t.Context(), bad); burg.ErrorCode(err) != burg.EINVALID {
		t.Errorf("CheckFile of garbage: %v", err)
	}
}
