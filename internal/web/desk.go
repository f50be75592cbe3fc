package web

import (
	"net/http"

	"github.com/burg-news/burg/internal/app"
)

// The posting desk's outside work: fetching a source's page to fill the
// form, and translating its text.

// submitFetch fills the form from the source's page. A page that cannot
// be read leaves the form as typed, with the reason.
func (s *Server) submitFetch(w http.ResponseWriter, r *http.Request, f *submitForm) {
	x := s.actor(r)
	if !x.Member() {
		x = s.visitorActor(w, r)
	}
	got, err := s.app.Fetch(r.Context(), x, f.URL)
	if err != nil {
		if r.Context().Err() != nil {
			return // the client went away
		}
		s.submitAgain(w, r, f, err)
		return
	}
	f.URL = got.URL
	if got.Title != "" {
		f.Title = got.Title
	}
	f.Body, f.Original, f.Note = got.Body, "", ""
	f.SourceLang, f.SiteName, f.Image, f.SourceTag = got.Lang, got.SiteName, got.Image, got.SourceTag
	f.Info = "Filled in from the page. Trim the text to an excerpt before publishing."
	if got.Duplicate != nil {
		f.Duplicate = got.Duplicate
		f.Error = "This page has been posted already."
	}
	s.renderSubmit(w, r, http.StatusOK, f)
}

// submitTranslate translates the text with the chosen engine, keeping the
// original.
func (s *Server) submitTranslate(w http.ResponseWriter, r *http.Request, f *submitForm) {
	x := s.actor(r)
	if !x.Member() {
		x = s.visitorActor(w, r)
	}
	got, err := s.app.Translate(r.Context(), x, app.TranslateInput{Body: f.Body, Original: f.Original, From: f.SourceLang, Engine: f.Engine})
	if err != nil {
		if r.Context().Err() != nil {
			return
		}
		s.submitAgain(w, r, f, err)
		return
	}
	f.Original, f.Body, f.Engine, f.Note = got.Original, got.Body, got.Engine, got.Note
	f.Info = "Translated by " + got.Engine + ". The original is kept below; edit the translation and the note as needed."
	s.renderSubmit(w, r, http.StatusOK, f)
}
