package web

import "net/http"

// pages holds the parsed templates and message catalogues.
type pages struct{}

func newPages(cfg Config) (*pages, error) { return &pages{}, nil }

func (s *Server) frontPage(w http.ResponseWriter, r *http.Request)   { http.Error(w, "todo", 501) }
func (s *Server) pointPage(w http.ResponseWriter, r *http.Request)   { http.Error(w, "todo", 501) }
func (s *Server) setLanguage(w http.ResponseWriter, r *http.Request) { http.Error(w, "todo", 501) }
func (s *Server) static(w http.ResponseWriter, r *http.Request)      { http.Error(w, "todo", 501) }
func (s *Server) pageNotFound(w http.ResponseWriter, r *http.Request) {
	s.errorPage(w, r, http.StatusNotFound, "Not found")
}
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, status int, msg string) {
	http.Error(w, msg, status)
}
