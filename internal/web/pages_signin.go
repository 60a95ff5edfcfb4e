package web

import (
	"net/http"
	"net/url"

	"github.com/onestop-fi/onestop/internal/access"
	"github.com/onestop-fi/onestop/internal/errs"
)

type ssoLink struct {
	Name string
	URL  string
}

type signInData struct {
	*page
	CSRF  string
	Next  string
	Email string
	Error string
	SSO   []ssoLink
}

// signInPage shows the staff sign-in form.
func (s *Server) signInPage(w http.ResponseWriter, r *http.Request) {
	next := localPath(r.URL.Query().Get("next"))
	if session(r) != nil {
		http.Redirect(w, r, staffHome(next), http.StatusSeeOther)
		return
	}
	s.renderSignIn(w, r, http.StatusOK, next, "", "")
}

func staffHome(next string) string {
	if next == "/" {
		return "/staff"
	}
	return next
}

func (s *Server) renderSignIn(w http.ResponseWriter, r *http.Request, status int, next, email, msg string) {
	lang := s.pages.langs.of(r)
	d := signInData{Next: next, Email: email, Error: msg}
	d.page = s.newPage(r, lang, s.pages.msgs.text(lang, "signin.title"))
	d.CSRF = s.ensureCSRFCookie(w, r)
	for _, p := range s.oidc.config {
		name := p.Name
		if name == "" {
			name = p.Organisation
		}
		d.SSO = append(d.SSO, ssoLink{Name: name, URL: "/signin/oidc/" + p.Organisation + "?" + url.Values{"next": {next}}.Encode()})
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, status, "signin", lang, d)
}

// signIn checks the e-mail address and password and starts a session.
func (s *Server) signIn(w http.ResponseWriter, r *http.Request) {
	email, password := r.PostFormValue("email"), r.PostFormValue("password")
	next := localPath(r.PostFormValue("next"))
	acc, err := s.access.SignIn(r.Context(), email, password, clientAddr(r), requestID(r))
	if err != nil {
		if errs.KindOf(err) == errs.TooMany {
			w.Header().Set("Retry-After", "900")
		}
		s.signInFailedAs(w, r, err, email, next)
		return
	}
	s.beginSession(w, r, acc, next)
}

// beginSession starts a new session for acc — ending whatever session
// the browser brought — and goes on to next.
func (s *Server) beginSession(w http.ResponseWriter, r *http.Request, acc access.Account, next string) {
	previous := ""
	if c, err := r.Cookie(sessionCookie); err == nil {
		previous = c.Value
	}
	sess, err := s.access.StartSession(r.Context(), acc, previous, requestID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.setSessionCookie(w, r, sess)
	s.clearCookie(w, csrfCookie)
	http.Redirect(w, r, staffHome(next), http.StatusSeeOther)
}

// signInFailed shows the sign-in form again with what went wrong; why
// goes to the log only.
func (s *Server) signInFailed(w http.ResponseWriter, r *http.Request, err error, why string) {
	s.log.InfoContext(r.Context(), "sign-in failed", "id", requestID(r), "why", why)
	s.signInFailedAs(w, r, err, "", "/staff")
}

func (s *Server) signInFailedAs(w http.ResponseWriter, r *http.Request, err error, email, next string) {
	status := statusOf(errs.KindOf(err))
	if status >= 500 {
		s.fail(w, r, err)
		return
	}
	s.renderSignIn(w, r, status, next, email, errs.Message(err))
}

// signOut ends the browser's session.
func (s *Server) signOut(w http.ResponseWriter, r *http.Request) {
	if sess := session(r); sess != nil {
		if err := s.access.SignOut(r.Context(), sess.Token); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.clearCookie(w, sessionCookie)
	http.Redirect(w, r, "/signin", http.StatusSeeOther)
}

// signOutEverywhere ends every session of the signed-in account, on every
// device.
func (s *Server) signOutEverywhere(w http.ResponseWriter, r *http.Request) {
	if err := s.access.SignOutEverywhere(r.Context(), actor(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	s.clearCookie(w, sessionCookie)
	http.Redirect(w, r, "/signin", http.StatusSeeOther)
}
