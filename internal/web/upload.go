package web

import (
	"encoding/json"
	"errors"
	"io/fs"
	"mime"
	"net/http"
	"path"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/upload"
)

// writeJSON answers v as JSON with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// handleUploadCreate takes a photo from the toolbar's Photo button and
// answers its address as JSON: {"url": "/uploads/…"} or {"error": "…"}.
func (s *Server) handleUploadCreate(w http.ResponseWriter, r *http.Request) {
	if !s.app.PhotosOn() {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "Photo uploads are switched off on this site."})
		return
	}
	x := s.actor(r)
	if x.VisitorID == "" {
		// Refused before the body is read: photos go with comments.
		writeJSON(w, http.StatusForbidden, map[string]string{"error": "Open an article first; photos go with comments."})
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, upload.DefaultMaxBytes+64<<10)
	file, _, err := r.FormFile("photo")
	if err != nil {
		var tooBig *http.MaxBytesError
		msg := "Send the photo as the form field photo."
		if errors.As(err, &tooBig) {
			msg = "The photo is larger than 5 MB."
		}
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": msg})
		return
	}
	defer file.Close()
	photo, err := s.app.SavePhoto(r.Context(), x, file)
	if err != nil {
		status, ok := formStatus(err)
		if !ok {
			if r.Context().Err() == nil {
				s.logger.Error("save upload", "err", err)
			}
			writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "The photo could not be stored."})
			return
		}
		writeJSON(w, status, map[string]string{"error": burg.ErrorMessage(err)})
		return
	}
	// The size goes into the comment as [img=WxH], so that the picture's
	// box is known before it loads.
	writeJSON(w, http.StatusCreated, map[string]any{"url": "/uploads/" + photo.Name, "width": photo.Width, "height": photo.Height})
}

// handleUploadShow serves a stored photo. Names are content hashes, so a
// photo never changes and may be cached for good.
func (s *Server) handleUploadShow(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	if s.files == nil || !upload.ValidName(name) {
		s.error(w, r, burg.Errorf(burg.ENOTFOUND, "There is no such photo."))
		return
	}
	f, mod, err := s.files.Open(r.Context(), name)
	if errors.Is(err, fs.ErrNotExist) {
		s.error(w, r, burg.Errorf(burg.ENOTFOUND, "There is no such photo."))
		return
	} else if err != nil {
		s.error(w, r, err)
		return
	}
	defer f.Close()
	w.Header().Set("Content-Type", mime.TypeByExtension(path.Ext(name)))
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; sandbox")
	http.ServeContent(w, r, "", mod, f)
}
