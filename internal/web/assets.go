package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"strings"
	"time"

	burg "github.com/burg-news/burg"
)

//go:embed static
var staticFS embed.FS

// assets serves static files under content-hashed names
// (/static/burg.3f2a9c1d.css) with a year-long immutable cache lifetime.
type assets struct {
	files  map[string]*asset // by hashed name
	byName map[string]string // plain name -> hashed name
	dir    string            // when set, files are read from disk on each request
}

type asset struct {
	name    string
	body    []byte
	ctype   string
	modTime time.Time
}

// started is the Last-Modified of embedded files: they change only with
// the binary.
var started = time.Now().UTC().Truncate(time.Second)

func loadAssets(dir string) (*assets, error) {
	var fsys fs.FS
	var err error
	if dir != "" {
		fsys = os.DirFS(dir)
	} else if fsys, err = fs.Sub(staticFS, "static"); err != nil {
		return nil, err
	}
	a := &assets{files: map[string]*asset{}, byName: map[string]string{}, dir: dir}
	err = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		ext := path.Ext(p)
		hashed := strings.TrimSuffix(p, ext) + "." + hex.EncodeToString(sum[:5]) + ext
		a.files[hashed] = &asset{name: p, body: body, ctype: mime.TypeByExtension(ext), modTime: started}
		a.byName[p] = hashed
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load static files: %w", err)
	}
	return a, nil
}

// url returns the hashed URL of a static file; templates call it as asset.
func (a *assets) url(name string) (string, error) {
	hashed, ok := a.byName[name]
	if !ok {
		return "", fmt.Errorf("no static file %q", name)
	}
	return "/static/" + hashed, nil
}

// handleStatic serves a static file by its hashed name.
func (s *Server) handleStatic(w http.ResponseWriter, r *http.Request) {
	if !s.assets.serve(w, r) {
		s.error(w, r, burg.Errorf(burg.ENOTFOUND, "There is no such file."))
	}
}

// serve writes the file named in the path, or reports that there is none.
func (a *assets) serve(w http.ResponseWriter, r *http.Request) bool {
	f, ok := a.files[r.PathValue("name")]
	if !ok {
		return false
	}
	body := f.body
	if a.dir != "" {
		if b, err := os.ReadFile(path.Join(a.dir, f.name)); err == nil {
			body = b
		}
		w.Header().Set("Cache-Control", "no-cache")
	} else {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	}
	if f.ctype != "" {
		w.Header().Set("Content-Type", f.ctype)
	}
	w.Header().Set("ETag", `"`+r.PathValue("name")+`"`)
	http.ServeContent(w, r, "", f.modTime, bytes.NewReader(body))
	return true
}
