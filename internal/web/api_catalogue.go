package web

import (
	"context"
	"encoding/json"
	"errors"

	"io"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/onestop-fi/onestop/internal/catalogue"
	"github.com/onestop-fi/onestop/internal/errs"
)

// list is the JSON shape of one page of a list.
type list[T any] struct {
	Items []T `json:"items"`
	// NextCursor, when present, fetches the next page as ?cursor=….
	NextCursor string `json:"next_cursor,omitempty"`
}

// params reads a request's query parameters, refusing any it does not
// know so that a misspelt filter is an error instead of being ignored.
type params struct {
	q   url.Values
	err error
}

// A known name ending in "..." ("service...") may be given several times.
func queryParams(r *http.Request, known ...string) *params {
	p := &params{q: r.URL.Query()}
	repeatable := map[string]bool{}
	for i, name := range known {
		if base, ok := strings.CutSuffix(name, "..."); ok {
			known[i], repeatable[base] = base, true
		}
	}
	for name := range p.q {
		if !slices.Contains(known, name) {
			p.err = errs.Param(name, "Unknown query parameter %q; this route knows %s.", name, strings.Join(known, ", "))
			return p
		}
	}
	for _, name := range known {
		if len(p.q[name]) > 1 && !repeatable[name] {
			p.err = errs.Param(name, "The query parameter %q is given %d times; give it once.", name, len(p.q[name]))
			return p
		}
	}
	return p
}

func (p *params) fail(err *errs.Error) {
	if p.err == nil {
		p.err = err
	}
}

// slug reads an optional slug parameter.
func (p *params) slug(name string) string {
	v := p.q.Get(name)
	if v != "" && !catalogue.ValidSlug(v) {
		p.fail(errs.Param(name, "The %s %q is not a valid identifier (lower-case letters, digits and hyphens).", name, v))
	}
	return v
}

var municipalityRE = regexp.MustCompile(`^[\p{L}0-9][\p{L}0-9 .'-]{0,59}$`)

func (p *params) municipality() string {
	v := strings.TrimSpace(p.q.Get("municipality"))
	if v != "" && !municipalityRE.MatchString(v) {
		p.fail(errs.Param("municipality", "The municipality %q is not a municipality name or a three-digit municipality code.", v))
	}
	return v
}

func (p *params) language(name string) string {
	v := p.q.Get(name)
	if v != "" && !catalogue.ValidLanguage(v) {
		p.fail(errs.Param(name, "The %s %q is not a language code such as fi, sv or ar.", name, v))
	}
	return v
}

func (p *params) boolean(name string) *bool {
	v := p.q.Get(name)
	if v == "" {
		return nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		p.fail(errs.Param(name, "The %s %q must be true or false.", name, v))
		return nil
	}
	return &b
}

func (p *params) page() catalogue.Page {
	pg := catalogue.Page{After: p.q.Get("cursor")}
	if v := p.q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > catalogue.MaxLimit {
			p.fail(errs.Param("limit", "The limit %q must be a whole number from 1 to %d.", v, catalogue.MaxLimit))
		}
		pg.Limit = n
	}
	return pg
}

func oneOf[T ~string](p *params, name string, allowed []T) T {
	v := T(p.q.Get(name))
	if v != "" && !slices.Contains(allowed, v) {
		parts := make([]string, len(allowed))
		for i, a := range allowed {
			parts[i] = string(a)
		}
		p.fail(errs.Param(name, "The %s %q is not one of %s.", name, v, strings.Join(parts, ", ")))
	}
	return v
}

// listed answers with one page of items or the error.
func listed[T any](s *Server, w http.ResponseWriter, r *http.Request, items []T, next string, err error) {
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, list[T]{Items: items, NextCursor: next})
}

func got[T any](s *Server, w http.ResponseWriter, r *http.Request, v T, err error) {
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func (s *Server) listOrganisations(w http.ResponseWriter, r *http.Request) {
	p := queryParams(r, "limit", "cursor")
	page := p.page()
	if p.err != nil {
		s.fail(w, r, p.err)
		return
	}
	items, next, err := s.cat.Organisations(r.Context(), page)
	listed(s, w, r, items, next, err)
}

func (s *Server) getOrganisation(w http.ResponseWriter, r *http.Request) {
	o, err := s.cat.Organisation(r.Context(), r.PathValue("slug"))
	got(s, w, r, o, err)
}

func (s *Server) listServices(w http.ResponseWriter, r *http.Request) {
	p := queryParams(r, "organisation", "life_event", "limit", "cursor")
	f := catalogue.ServiceFilter{Organisation: p.slug("organisation"), LifeEvent: oneOf(p, "life_event", catalogue.LifeEvents), Page: p.page()}
	if p.err != nil {
		s.fail(w, r, p.err)
		return
	}
	items, next, err := s.cat.Services(r.Context(), f)
	listed(s, w, r, items, next, err)
}

func (s *Server) getService(w http.ResponseWriter, r *http.Request) {
	v, err := s.cat.Service(r.Context(), r.PathValue("slug"))
	got(s, w, r, v, err)
}

func (s *Server) pointFilter(r *http.Request) (catalogue.PointFilter, error) {
	p := queryParams(r, "municipality", "service", "organisation", "kind", "limit", "cursor")
	f := catalogue.PointFilter{
		Municipality: p.municipality(),
		Service:      p.slug("service"),
		Organisation: p.slug("organisation"),
		Kind:         oneOf(p, "kind", catalogue.PointKinds),
		Page:         p.page(),
	}
	return f, p.err
}

func (s *Server) listPoints(w http.ResponseWriter, r *http.Request) {
	f, err := s.pointFilter(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	items, next, err := s.cat.Points(r.Context(), f)
	listed(s, w, r, items, next, err)
}

func (s *Server) getPoint(w http.ResponseWriter, r *http.Request) {
	d, err := s.cat.Point(r.Context(), r.PathValue("slug"))
	got(s, w, r, d, err)
}

// staffView is what the public may know of a staff member: the name, the
// organisation, the languages spoken and the services given.
type staffView struct {
	Slug         string   `json:"slug"`
	Name         string   `json:"name"`
	Organisation string   `json:"organisation"`
	Languages    []string `json:"languages"`
	Services     []string `json:"services"`
	Interpreter  bool     `json:"interpreter"`
}

func (s *Server) listStaff(w http.ResponseWriter, r *http.Request) {
	p := queryParams(r, "organisation", "service", "language", "interpreter", "limit", "cursor")
	f := catalogue.StaffFilter{
		Organisation: p.slug("organisation"),
		Service:      p.slug("service"),
		Language:     p.language("language"),
		Interpreter:  p.boolean("interpreter"),
		Page:         p.page(),
	}
	if p.err != nil {
		s.fail(w, r, p.err)
		return
	}
	staff, next, err := s.cat.Staff(r.Context(), f)
	views := make([]staffView, len(staff))
	for i, m := range staff {
		views[i] = staffView{Slug: m.Slug, Name: m.Name, Organisation: m.Organisation, Languages: m.Languages, Services: m.Services, Interpreter: m.Interpreter}
	}
	listed(s, w, r, views, next, err)
}

// importCatalogue loads a catalogue document in one transaction; only
// installation admins may.
func (s *Server) importCatalogue(w http.ResponseWriter, r *http.Request) {
	if err := s.allow(r, actor(r).IsAdmin(), "catalogue.import", "catalogue", "", "",
		"Only installation admins import catalogues."); err != nil {
		s.fail(w, r, err)
		return
	}
	var c catalogue.Catalogue
	if err := decodeJSON(w, r, s.cfg.MaxImportBytes, &c); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.cat.Import(r.Context(), &c); err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]int{
		"organisations": len(c.Organisations), "services": len(c.Services), "points": len(c.Points),
		"offerings": len(c.Offerings), "staff": len(c.Staff), "resources": len(c.Resources),
	})
}

// decodeJSON reads one JSON object from the body into v, refusing unknown
// fields, trailing data and bodies over limit.
func decodeJSON(w http.ResponseWriter, r *http.Request, limit int64, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
			return errs.Invalidf("Send the body as JSON with Content-Type: application/json, not %q.", ct)
		}
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, limit))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil && dec.More() {
		err = errors.New("trailing data")
	}
	if err == nil {
		if _, terr := dec.Token(); terr != io.EOF {
			err = errors.New("trailing data")
		}
	}
	return jsonError(err, limit)
}

func jsonError(err error, limit int64) error {
	var (
		tooLarge *http.MaxBytesError
		syntax   *json.SyntaxError
		typ      *json.UnmarshalTypeError
	)
	switch {
	case err == nil:
		return nil
	case errors.As(err, &tooLarge):
		return errs.E(errs.TooLarge, "The request body is larger than %d bytes.", limit)
	case errors.Is(err, io.EOF):
		return errs.Invalidf("The request body is empty; send a JSON object.")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return errs.Invalidf("The request body ends in the middle of the JSON.")
	case errors.As(err, &syntax):
		return errs.Invalidf("The request body is not valid JSON: %s (at byte %d).", syntax.Error(), syntax.Offset)
	case errors.As(err, &typ):
		return errs.Invalidf("The field %q has the wrong type: expected %s.", typ.Field, typ.Type)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return errs.Invalidf("The request body has an unknown field %s.", strings.TrimPrefix(err.Error(), "json: unknown field "))
	case err.Error() == "trailing data":
		return errs.Invalidf("The request body has data after the JSON object; send one object.")
	}
	return errs.Invalidf("The request body could not be read as JSON.")
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok", "version": s.cfg.Version})
}

// readyTimeout bounds how long /readyz waits for the database.
const readyTimeout = 2 * time.Second

func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
	defer cancel()
	if err := s.ready(ctx); err != nil {
		s.log.WarnContext(r.Context(), "not ready", "err", err)
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "detail": "The database does not answer."})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}
