package web

// routes lists every route of the site.
func (s *Server) routes() {
	m := s.mux
	m.HandleFunc("GET /{$}", s.handleEditionShow)
	m.HandleFunc("GET /day/{date}", s.handleDayShow)
	m.HandleFunc("GET /pages/{slug}", s.handlePageShow)
	m.HandleFunc("GET /posts/{id}", s.handlePostShow)
	m.HandleFunc("GET /posts/{id}/{slug}", s.handlePostShow)
	m.HandleFunc("POST /posts/{id}/comments", s.handleCommentCreate)
	m.HandleFunc("GET /posts/{id}/live", s.handleCommentStream)
	m.HandleFunc("GET /comments/{id}/edit", s.handleCommentEdit)
	m.HandleFunc("POST /comments/{id}/edit", s.handleCommentUpdate)
	m.HandleFunc("POST /comments/{id}/delete", s.handleCommentDelete)
	m.HandleFunc("POST /preview", s.handlePreview)
	m.HandleFunc("GET /nick", s.handleNickNew)
	m.HandleFunc("POST /uploads", s.handleUploadCreate)
	m.HandleFunc("GET /uploads/{name}", s.handleUploadShow)
	m.HandleFunc("GET /sections/{slug}", s.handleSectionShow)
	m.HandleFunc("GET /tags/{slug}", s.handleTagShow)
	m.HandleFunc("GET /posters/{nick}", s.handlePosterShow)
	m.HandleFunc("GET /latest", s.handleLatestShow)
	m.HandleFunc("GET /archives", s.handleArchiveIndex)
	m.HandleFunc("GET /archives/{month}", s.handleArchiveMonth)
	m.HandleFunc("GET /search", s.handleSearch)
	m.HandleFunc("GET /colours.css", s.handleColours)
	m.HandleFunc("GET /healthz", s.handleHealth)
	m.HandleFunc("GET /favicon.ico", s.handleFavicon)
	m.HandleFunc("GET /static/{name}", s.handleStatic)
	m.HandleFunc("/", s.handleNotFound)
}
