package upload

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

const testName = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08.png"

func TestDirStorageRoundTrip(t *testing.T) {
	st := DirStorage{Dir: filepath.Join(t.TempDir(), "uploads")} // created on demand
	data := []byte("not really a png, but storage does not look")
	if err := st.Put(t.Context(), testName, data); err != nil {
		t.Fatalf("Put: %v", err)
	}

	p := filepath.Join(st.Dir, "9f", testName)
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatalf("stored file: %v", err)
	}
	if got, want := fi.Mode().Perm(), fs.FileMode(0o644); got != want {
		t.Errorf("file mode: got %v, want %v", got, want)
	}
	if got := storedFiles(t, st); !equal(got, []string{"9f/" + testName}) {
		t.Errorf("files: got %v, want only the stored one (no temporary files)", got)
	}

	f, mod, err := st.Open(t.Context(), testName)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	if !mod.Equal(fi.ModTime()) {
		t.Errorf("modification time: got %v, want %v", mod, fi.ModTime())
	}
	size, err := f.Seek(0, io.SeekEnd)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := size, int64(len(data)); got != want {
		t.Errorf("size: got %d, want %d", got, want)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, data) {
		t.Errorf("content: got %q, want %q", got, data)
	}
}

func TestDirStoragePutKeepsExisting(t *testing.T) {
	st := DirStorage{Dir: t.TempDir()}
	if err := st.Put(t.Context(), testName, []byte("first")); err != nil {
		t.Fatal(err)
	}
	if err := st.Put(t.Context(), testName, []byte("second")); err != nil {
		t.Fatal(err)
	}
	if got, want := string(readStored(t, st, testName)), "first"; got != want {
		t.Errorf("content: got %q, want %q", got, want)
	}
}

func TestDirStoragePutRefusesBadNames(t *testing.T) {
	st := DirStorage{Dir: filepath.Join(t.TempDir(), "uploads")}
	for _, name := range []string{"", "../x", "ab/cd.jpg", "../../etc/passwd", testName[:10], testName + "/"} {
		if err := st.Put(t.Context(), name, []byte("x")); err == nil {
			t.Errorf("Put(%q) succeeded, want an error", name)
		}
	}
	if _, err := os.Stat(st.Dir); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Dir was created or written to: %v", err)
	}
}

func TestDirStorageOpenNotExist(t *testing.T) {
	dir := t.TempDir()
	st := DirStorage{Dir: filepath.Join(dir, "uploads")}
	// A file outside Dir that a traversal would reach.
	if err := os.WriteFile(filepath.Join(dir, "secret"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{testName, "../secret", "", "9f/" + testName, ".." + string(filepath.Separator) + "secret"} {
		f, _, err := st.Open(t.Context(), name)
		if err == nil {
			f.Close()
			t.Errorf("Open(%q) succeeded, want fs.ErrNotExist", name)
			continue
		}
		if !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Open(%q): got %v, want fs.ErrNotExist", name, err)
		}
	}
}

func TestDirStorageOpenRefusesDirectory(t *testing.T) {
	st := DirStorage{Dir: t.TempDir()}
	if err := os.MkdirAll(filepath.Join(st.Dir, "9f", testName), 0o755); err != nil {
		t.Fatal(err)
	}
	_, _, err := st.Open(t.Context(), testName)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("got %v, want fs.ErrNotExist", err)
	}
}

func TestDirStorageCanceled(t *testing.T) {
	st := DirStorage{Dir: t.TempDir()}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := st.Put(ctx, testName, []byte("x")); !errors.Is(err, context.Canceled) {
		t.Errorf("Put: got %v, want context.Canceled", err)
	}
	if _, _, err := st.Open(ctx, testName); !errors.Is(err, context.Canceled) {
		t.Errorf("Open: got %v, want context.Canceled", err)
	}
}
