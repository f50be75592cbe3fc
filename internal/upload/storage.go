package upload

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// Storage keeps uploaded files by name. DirStorage is the default; an
// object store can implement it later.
type Storage interface {
	// Put stores data under name unless it exists already (names are
	// content hashes, so an existing file is the same file).
	Put(ctx context.Context, name string, data []byte) error
	// Open returns the file for serving and its modification time, or an
	// error wrapping fs.ErrNotExist. Its size is where Seek(0, io.SeekEnd)
	// lands, which is how http.ServeContent finds it.
	Open(ctx context.Context, name string) (io.ReadSeekCloser, time.Time, error)
}

// DirStorage keeps files in a directory of the local file system, each
// under a subdirectory named for the first two characters of its name:
// Dir/ab/abcdef….jpg, so that no one directory grows too large.
//
// Files are written atomically (a temporary file in the same directory,
// synced, then renamed into place), so a reader never sees half a file and
// a crash leaves none behind under a real name. Files are 0644 and the
// directories DirStorage creates 0755. Only names ValidName accepts are
// stored or opened, so a name cannot reach outside Dir.
type DirStorage struct {
	// Dir is the root directory; it is created when first needed.
	Dir string
}

var _ Storage = DirStorage{}

func (s DirStorage) path(name string) string {
	return filepath.Join(s.Dir, name[:2], name)
}

// Put stores data under name unless a file of that name exists already.
func (s DirStorage) Put(ctx context.Context, name string, data []byte) error {
	if !ValidName(name) {
		return fmt.Errorf("put upload %q: invalid name", name)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	p := s.path(name)
	if _, err := os.Stat(p); err == nil {
		return nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("put upload %s: %w", name, err)
	}
	dir := filepath.Dir(p)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("put upload %s: %w", name, err)
	}
	if err := writeFileAtomic(dir, p, data); err != nil {
		return fmt.Errorf("put upload %s: %w", name, err)
	}
	return nil
}

// writeFileAtomic writes data to a temporary file in dir and renames it to
// p. Two writers of the same name both succeed: the content is the same.
func writeFileAtomic(dir, p string, data []byte) (err error) {
	f, err := os.CreateTemp(dir, ".upload-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if _, err := f.Write(data); err != nil {
		return err
	}
	// CreateTemp makes files 0600; Chmod is not subject to the umask.
	if err := f.Chmod(0o644); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, p); err != nil {
		return err
	}
	// Sync the directory so that the rename survives a crash too. Not every
	// file system can; the file is in place either way.
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// Open returns the named file, for serving, and its modification time.
// Names ValidName rejects, like missing files, give an error wrapping
// fs.ErrNotExist.
func (s DirStorage) Open(ctx context.Context, name string) (io.ReadSeekCloser, time.Time, error) {
	if !ValidName(name) {
		return nil, time.Time{}, fmt.Errorf("open upload %q: %w", name, fs.ErrNotExist)
	}
	if err := ctx.Err(); err != nil {
		return nil, time.Time{}, err
	}
	f, err := os.Open(s.path(name))
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("open upload %s: %w", name, err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, time.Time{}, fmt.Errorf("open upload %s: %w", name, err)
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, time.Time{}, fmt.Errorf("open upload %s: not a regular file: %w", name, fs.ErrNotExist)
	}
	return f, fi.ModTime(), nil
}
