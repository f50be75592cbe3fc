package web

import (
	"errors"
	"io"
	"mime"
	"net/http"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/upload"
)

// Bounds of the forms a handler reads.
const (
	formSmall   = 16 << 10 // a few short fields
	formComment = 64 << 10 // a comment of burg.MaxCommentLen characters
	// formPost bounds a posting form: body and original text.
	formPost = 3 * burg.MaxBodyLen
)

// readForm reads a posted form of at most limit bytes, the one way every
// handler reads one. hint says what may have made it too big.
func readForm(w http.ResponseWriter, r *http.Request, limit int64, hint string) error {
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	if err := r.ParseForm(); err != nil {
		return burg.Errorf(burg.EINVALID, "The form could not be read%s.", hint)
	}
	return nil
}

// readFormWithFile reads a posted form that may carry a photo in field
// (multipart, up to the upload pipeline's size and a few fields), or an
// ordinary small form. It returns the photo, nil when none was sent; the
// caller closes it.
func readFormWithFile(w http.ResponseWriter, r *http.Request, field string) (io.ReadCloser, error) {
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct != "multipart/form-data" {
		return nil, readForm(w, r, formSmall, "")
	}
	r.Body = http.MaxBytesReader(w, r.Body, upload.DefaultMaxBytes+formSmall)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, burg.Errorf(burg.EINVALID, "The photo is larger than %d MB.", upload.DefaultMaxBytes>>20)
		}
		return nil, burg.Errorf(burg.EINVALID, "The form could not be read.")
	}
	f, _, err := r.FormFile(field)
	if errors.Is(err, http.ErrMissingFile) {
		return nil, nil
	} else if err != nil {
		return nil, burg.Errorf(burg.EINVALID, "The photo could not be read.")
	}
	return f, nil
}

// formStatus is the status with which a form comes back after an action
// failed with a domain error the person can act on; ok is false for
// errors that get the error page instead (not found, internal faults).
func formStatus(err error) (status int, ok bool) {
	switch burg.ErrorCode(err) {
	case burg.EINVALID:
		return http.StatusUnprocessableEntity, true
	case burg.ECONFLICT:
		return http.StatusConflict, true
	case burg.EFORBIDDEN:
		return http.StatusForbidden, true
	case burg.EUNAUTHORIZED:
		return http.StatusUnauthorized, true
	case burg.ETOOMANY:
		return http.StatusTooManyRequests, true
	case burg.EUNAVAILABLE:
		return http.StatusServiceUnavailable, true
	}
	return 0, false
}

// failed answers an action that failed: the form comes back through again,
// filled with what was typed, with err's message and its status; errors a
// form cannot help with go to the error page.
func (s *Server) failed(w http.ResponseWriter, r *http.Request, err error, again func(status int, msg string)) {
	status, ok := formStatus(err)
	if !ok {
		s.error(w, r, err)
		return
	}
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "5")
	}
	again(status, burg.ErrorMessage(err))
}
