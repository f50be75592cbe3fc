package app

import (
	"context"
	"io"

	burg "github.com/burg-news/burg"
	"github.com/burg-news/burg/internal/upload"
)

// PhotosOn reports whether the site takes photos.
func (a *App) PhotosOn() bool { return a.uploads != nil }

// SavePhoto checks, re-encodes and stores a photo a visitor uploads for a
// comment, and returns its stored name and size. Photos go with
// comments: the visitor must have a cookie (from an article page), and is
// held to a few a minute.
func (a *App) SavePhoto(ctx context.Context, x Actor, r io.Reader) (upload.Photo, error) {
	if a.uploads == nil {
		return upload.Photo{}, burg.Errorf(burg.ENOTFOUND, "Photo uploads are switched off on this site.")
	}
	if x.VisitorID == "" {
		return upload.Photo{}, burg.Errorf(burg.EFORBIDDEN, "Open an article first; photos go with comments.")
	}
	if !a.photos.allow("ip:"+x.IP, "visitor:"+x.VisitorID) {
		return upload.Photo{}, burg.Errorf(burg.ETOOMANY, "Too many photos at once; wait a minute.")
	}
	return a.uploads.SavePhoto(ctx, r)
}
