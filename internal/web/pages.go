package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/onestop-fi/onestop/internal/catalogue"
	"github.com/onestop-fi/onestop/internal/errs"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static
var staticFiles embed.FS

// pageTemplates are the pages; each is parsed together with the layout
// and the shared blocks into a template set of its own.
var pageTemplates = []string{"front", "point", "error", "signin", "staff", "staff_error", "staff_point", "staff_schedules", "staff_users",
	"staff_user_created", "staff_tokens", "staff_token_created", "staff_audit", "staff_customers", "staff_customer",
	"staff_customer_erase", "staff_calendar", "staff_calendar_appointment", "staff_calendar_cancel",
	"book", "book_place", "book_times", "book_details", "appointment", "appointment_code", "appointment_confirm",
	"kiosk", "ticket", "display", "staff_desks", "staff_desk"}

// sharedTemplates are parsed into every page's set.
var sharedTemplates = []string{"templates/layout.html", "templates/point_hours.html", "templates/staff_nav.html",
	"templates/book_parts.html"}

// frontPageLimit is how many points the front page lists at a time.
const frontPageLimit = 50

// pages holds the parsed templates, the message catalogues and the static
// files under their content-hashed names.
type pages struct {
	version string
	msgs    messages
	langs   *languages
	tmpl    map[string]*template.Template
	// assetURL maps a static file's name ("app.css") to its hashed URL
	// ("/static/app.3f9a1c2b.css"); assets maps the hashed file name back
	// to the file.
	assetURL map[string]string
	assets   map[string]staticAsset
}

type staticAsset struct {
	body        []byte
	contentType string
}

// newPages parses every template, loads every message catalogue and
// hashes every static file, so that any mistake in them fails start-up.
func newPages(cfg Config) (*pages, error) {
	pg := &pages{version: cfg.Version, langs: newLanguages(), tmpl: map[string]*template.Template{},
		assetURL: map[string]string{}, assets: map[string]staticAsset{}}
	var err error
	if pg.msgs, err = loadMessages(); err != nil {
		return nil, err
	}
	if err := pg.hashStatic(); err != nil {
		return nil, err
	}
	funcs := template.FuncMap{"asset": pg.asset}
	base, err := template.New("layout").Funcs(funcs).ParseFS(templateFiles, sharedTemplates...)
	if err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	for _, name := range pageTemplates {
		t, err := base.Clone()
		if err == nil {
			t, err = t.ParseFS(templateFiles, "templates/"+name+".html")
		}
		if err != nil {
			return nil, fmt.Errorf("templates: %w", err)
		}
		pg.tmpl[name] = t
	}
	return pg, nil
}

func (pg *pages) hashStatic() error {
	return fs.WalkDir(staticFiles, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := staticFiles.ReadFile(p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "static/")
		sum := sha256.Sum256(body)
		ext := path.Ext(name)
		hashed := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:4]) + ext
		ctype := mime.TypeByExtension(ext)
		if ctype == "" {
			return fmt.Errorf("static/%s: no content type for %q", name, ext)
		}
		pg.assetURL[name] = "/static/" + hashed
		pg.assets[hashed] = staticAsset{body: body, contentType: ctype}
		return nil
	})
}

// asset is the template function that names a static file by its hashed
// URL. An unknown name is an error, which fails the page's tests.
func (pg *pages) asset(name string) (string, error) {
	u, ok := pg.assetURL[name]
	if !ok {
		return "", fmt.Errorf("no static file %q", name)
	}
	return u, nil
}

// static serves a static file by its hashed name. The name changes with
// the content, so a browser may keep the file for ever.
func (s *Server) static(w http.ResponseWriter, r *http.Request) {
	a, ok := s.pages.assets[r.PathValue("file")]
	if !ok {
		s.pageNotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", a.contentType)
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("Content-Length", strconv.Itoa(len(a.body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(a.body)
	}
}

// page is what every page shows: the language, the title, the language
// switcher and the footer. Page data types embed it, and templates call
// {{$.T "key"}} for user-interface text.
type page struct {
	Lang     string
	Title    string
	Version  string
	Switcher []langLink
	// Screen names a page shown on a device of the service point ("kiosk",
	// "display"): without the site's header and footer.
	Screen string
	msgs   messages
}

type langLink struct {
	Lang    string
	Name    string
	URL     string
	Current bool
}

// T returns the user-interface text key in the page's language.
func (p *page) T(key string, args ...any) string { return p.msgs.text(p.Lang, key, args...) }

// newPage starts the data of a page in lang with title, the page's own
// part of the browser's title bar (empty on the front page).
func (s *Server) newPage(r *http.Request, lang, title string) *page {
	next := r.URL.RequestURI()
	if r.URL.Path == "/language" || strings.HasPrefix(r.URL.Path, "/static/") {
		next = "/"
	}
	p := &page{Lang: lang, Version: s.cfg.Version, msgs: s.pages.msgs}
	if title == "" {
		p.Title = p.T("site.name")
	} else {
		p.Title = title + " – " + p.T("site.name")
	}
	for _, l := range catalogue.UILanguages {
		p.Switcher = append(p.Switcher, langLink{
			Lang: l, Name: s.pages.msgs.text(l, "language.self"), Current: l == lang,
			URL: "/language?" + url.Values{"lang": {l}, "next": {next}}.Encode(),
		})
	}
	return p
}

// render writes a page. It renders into a buffer first so that a failing
// template never leaves half a page behind a 200.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, lang string, data any) {
	var buf bytes.Buffer
	if err := s.pages.tmpl[name].ExecuteTemplate(&buf, "layout", data); err != nil {
		s.log.ErrorContext(r.Context(), "render page", "page", name, "err", err)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		w.Write([]byte(s.pages.msgs.text(lang, "error.500.title") + "\n"))
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Language", lang)
	// The language comes from the cookie or Accept-Language.
	h.Add("Vary", "Accept-Language, Cookie")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// --- front page ---

type option struct {
	Value    string
	Label    string
	Selected bool
}

type optionGroup struct {
	Label   string
	Options []option
}

type pointItem struct {
	Slug          string
	Name          string
	Kind          string
	Address       string
	Municipality  string
	Organisations []string
}

type frontData struct {
	*page
	Municipalities []option
	Services       []optionGroup
	Kinds          []option
	// Error is the sentence saying what is wrong with the search, and
	// ErrorParam the form field at fault.
	Error      string
	ErrorParam string
	Filtered   bool
	Points     []pointItem
	NextURL    string
	FirstURL   string
}

func (s *Server) frontPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	lang := s.pages.langs.of(r)
	d := frontData{page: s.newPage(r, lang, "")}

	p := queryParams(r, "municipality", "service", "kind", "cursor")
	f := catalogue.PointFilter{
		Municipality: p.municipality(),
		Service:      p.slug("service"),
		Kind:         oneOf(p, "kind", catalogue.PointKinds),
		Page:         catalogue.Page{Limit: frontPageLimit, After: p.q.Get("cursor")},
	}
	d.Filtered = f.Municipality != "" || f.Service != "" || f.Kind != ""

	munis, err := s.cat.Municipalities(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	orgs, services, err := s.orgsAndServices(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}

	selectedMuni := ""
	if f.Municipality != "" {
		i := slices.IndexFunc(munis, func(m catalogue.MunicipalityRef) bool {
			key := catalogue.SearchKey(f.Municipality)
			return m.Code == key || catalogue.SearchKey(m.Name.Fi) == key || catalogue.SearchKey(m.Name.Sv) == key
		})
		if i < 0 {
			p.fail(errs.Param("municipality", "There is no service point in a municipality called %q.", f.Municipality))
		} else {
			selectedMuni = munis[i].Code
		}
	}
	d.Municipalities = s.municipalityOptions(lang, munis, selectedMuni)
	d.Services = s.serviceOptions(lang, orgs, services, f.Service)
	for _, k := range catalogue.PointKinds {
		d.Kinds = append(d.Kinds, option{Value: string(k), Label: d.T("kind." + string(k)), Selected: k == f.Kind})
	}

	status := http.StatusOK
	err = p.err
	var points []catalogue.Point
	var next string
	if err == nil {
		points, next, err = s.cat.Points(ctx, f)
	}
	if err == nil && f.After == "" && next == "" {
		// Everything fits on one page: list it the way a resident looks,
		// by municipality and name. (Pages of a longer list stay in the
		// store's order, which the cursor follows.)
		c := s.pages.langs.collators[lang]
		slices.SortStableFunc(points, func(a, b catalogue.Point) int {
			if n := c.CompareString(a.Municipality.Name.In(lang), b.Municipality.Name.In(lang)); n != 0 {
				return n
			}
			return c.CompareString(a.Name.In(lang), b.Name.In(lang))
		})
	}
	if err == nil {
		var present map[string][]string
		present, err = s.organisationsAt(ctx, f, points, orgs, lang)
		for _, pt := range points {
			d.Points = append(d.Points, pointItem{
				Slug: pt.Slug, Name: pt.Name.In(lang), Kind: d.T("kind." + string(pt.Kind)),
				Address: addressLine(pt.Address, lang), Municipality: pt.Municipality.Name.In(lang),
				Organisations: present[pt.Slug],
			})
		}
	}
	if err != nil {
		var e *errs.Error
		if !errors.As(err, &e) || statusOf(e.Kind) >= 500 {
			s.fail(w, r, err)
			return
		}
		status = statusOf(e.Kind)
		d.Error, d.ErrorParam, d.Points = e.Message, e.Param, nil
	}
	if d.Error == "" {
		d.FirstURL, d.NextURL = pagerURLs(r.URL.Query(), f.After, next)
	}
	s.render(w, r, status, "front", lang, d)
}

// pagerURLs returns the links to the first page (when not on it) and the
// next page (when there is one) of the same search.
func pagerURLs(query url.Values, after, next string) (first, nextURL string) {
	q := url.Values{}
	for _, name := range []string{"municipality", "service", "kind"} {
		if v := query.Get(name); v != "" {
			q.Set(name, v)
		}
	}
	if after != "" {
		first = "/"
		if len(q) > 0 {
			first += "?" + q.Encode()
		}
	}
	if next != "" {
		q.Set("cursor", next)
		nextURL = "/?" + q.Encode()
	}
	return first, nextURL
}

// allOf reads every page of a list.
func allOf[T any](ctx context.Context, list func(catalogue.Page) ([]T, string, error)) ([]T, error) {
	var all []T
	pg := catalogue.Page{Limit: catalogue.MaxLimit}
	for {
		items, next, err := list(pg)
		if err != nil {
			return nil, err
		}
		all = append(all, items...)
		if next == "" || ctx.Err() != nil {
			return all, ctx.Err()
		}
		pg.After = next
	}
}

// organisationsAt names the organisations present at each of points, in
// lang. It asks once per organisation for the points of the same search
// where that organisation serves, rather than once per point.
func (s *Server) organisationsAt(ctx context.Context, f catalogue.PointFilter, points []catalogue.Point, orgs []catalogue.Organisation, lang string) (map[string][]string, error) {
	present := map[string][]string{}
	if len(points) == 0 {
		return present, nil
	}
	onPage := map[string]bool{}
	for _, p := range points {
		onPage[p.Slug] = true
	}
	last := points[len(points)-1].Slug
	sorted := slices.Clone(orgs)
	sortByName(s.pages.langs, lang, sorted, func(o catalogue.Organisation) string { return o.Name.In(lang) })
	for _, o := range sorted {
		of := f
		of.Organisation = o.Slug
		of.Page = catalogue.Page{Limit: catalogue.MaxLimit, After: f.After}
		for {
			at, next, err := s.cat.Points(ctx, of)
			if err != nil {
				return nil, err
			}
			for _, p := range at {
				if onPage[p.Slug] {
					present[p.Slug] = append(present[p.Slug], o.Name.In(lang))
				}
			}
			if next == "" || len(at) == 0 || at[len(at)-1].Slug >= last {
				break
			}
			of.After = next
		}
	}
	return present, nil
}

func (s *Server) municipalityOptions(lang string, munis []catalogue.MunicipalityRef, selected string) []option {
	opts := make([]option, len(munis))
	for i, m := range munis {
		opts[i] = option{Value: m.Code, Label: m.Name.In(lang), Selected: m.Code == selected}
	}
	sortByName(s.pages.langs, lang, opts, func(o option) string { return o.Label })
	return opts
}

// serviceOptions groups the services by organisation, each sorted by name.
func (s *Server) serviceOptions(lang string, orgs []catalogue.Organisation, services []catalogue.Service, selected string) []optionGroup {
	var groups []optionGroup
	sorted := slices.Clone(orgs)
	sortByName(s.pages.langs, lang, sorted, func(o catalogue.Organisation) string { return o.Name.In(lang) })
	for _, o := range sorted {
		g := optionGroup{Label: o.Name.In(lang)}
		for _, sv := range services {
			if sv.Organisation == o.Slug {
				g.Options = append(g.Options, option{Value: sv.Slug, Label: sv.Name.In(lang), Selected: sv.Slug == selected})
			}
		}
		if len(g.Options) > 0 {
			sortByName(s.pages.langs, lang, g.Options, func(o option) string { return o.Label })
			groups = append(groups, g)
		}
	}
	return groups
}

// addressLine writes an address on one line: "Yrjönkatu 23, 28100 Pori".
func addressLine(a catalogue.Address, lang string) string {
	town := strings.TrimSpace(a.PostalCode + " " + a.PostOffice.In(lang))
	switch street := a.Street.In(lang); {
	case street == "":
		return town
	case town == "":
		return street
	default:
		return street + ", " + town
	}
}

// --- point page ---

type pointData struct {
	*page
	Slug          string
	Name          string
	Kind          string
	Description   string
	Street        string
	PostalCode    string
	PostOffice    string
	Municipality  string
	MapURL        string
	Accessibility string
	Languages     []string
	Phone         string
	Email         string
	OpeningHours  string
	Hours         hoursView
	Organisations []orgSection
	Resources     []resourceGroup
}

type orgSection struct {
	Name    string
	Website string
	// WebsiteHost names the website in its link ("www.kela.fi").
	WebsiteHost string
	Services    []serviceItem
}

type serviceItem struct {
	Name             string
	Modes            []modeView
	WalkInHours      string
	AppointmentHours string
	Channels         string
	Notes            string
}

// resourceGroup is the resources of one kind: counted, and named when
// they are rooms, by who may book them.
type resourceGroup struct {
	Label      string
	Count      int
	ByAudience []audienceGroup
}

type audienceGroup struct {
	Audience string
	Names    []string
}

// namedKinds are the resources a visitor tells apart by name; the others
// (workstations, digital service points) are alike and only counted.
var namedKinds = []catalogue.ResourceKind{catalogue.AdvisoryRoom, catalogue.MeetingRoom, catalogue.QuietRoom, catalogue.Hall, catalogue.Classroom}

func (s *Server) pointPage(w http.ResponseWriter, r *http.Request) {
	pd, err := s.cat.Point(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	lang := s.pages.langs.of(r)
	d := pointData{
		page: s.newPage(r, lang, pd.Name.In(lang)),
		Slug: pd.Slug, Name: pd.Name.In(lang), Description: pd.Description.In(lang),
		Street: pd.Address.Street.In(lang), PostalCode: pd.Address.PostalCode, PostOffice: pd.Address.PostOffice.In(lang),
		Municipality: pd.Municipality.Name.In(lang), Accessibility: pd.Accessibility.In(lang),
		Phone: pd.Phone, Email: pd.Email, OpeningHours: pd.OpeningHours,
	}
	d.Kind = d.T("kind." + string(pd.Kind))
	hv, modes, err := s.pointHours(d.page, r.Context(), pd, s.cfg.Now())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Hours = hv
	if loc := pd.Location; loc != nil {
		lat, lon := strconv.FormatFloat(loc.Lat, 'f', 5, 64), strconv.FormatFloat(loc.Lon, 'f', 5, 64)
		d.MapURL = "https://www.openstreetmap.org/?mlat=" + lat + "&mlon=" + lon + "#map=18/" + lat + "/" + lon
	}
	for _, code := range pd.Languages {
		d.Languages = append(d.Languages, s.pages.langs.name(lang, code))
	}

	orgs := slices.Clone(pd.Organisations)
	sortByName(s.pages.langs, lang, orgs, func(o catalogue.Organisation) string { return o.Name.In(lang) })
	for _, o := range orgs {
		sec := orgSection{Name: o.Name.In(lang)}
		if u, err := url.Parse(o.Website); err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" {
			sec.Website, sec.WebsiteHost = o.Website, u.Host
		}
		for _, off := range pd.Offerings {
			if off.Organisation != o.Slug {
				continue
			}
			channels := make([]string, len(off.Channels))
			for i, c := range off.Channels {
				channels[i] = d.T("channel." + string(c))
			}
			sec.Services = append(sec.Services, serviceItem{
				Name: off.ServiceName.In(lang), Modes: modes[off.Service], WalkInHours: off.WalkInHours, AppointmentHours: off.AppointmentHours,
				Channels: strings.Join(channels, ", "), Notes: off.Notes.In(lang),
			})
		}
		sortByName(s.pages.langs, lang, sec.Services, func(sv serviceItem) string { return sv.Name })
		d.Organisations = append(d.Organisations, sec)
	}

	for _, kind := range catalogue.ResourceKinds {
		g := resourceGroup{Label: d.T("resource." + string(kind))}
		for _, res := range pd.Resources {
			if res.Kind != kind {
				continue
			}
			g.Count++
			audience := d.T("audience." + string(res.BookableBy))
			i := slices.IndexFunc(g.ByAudience, func(a audienceGroup) bool { return a.Audience == audience })
			if i < 0 {
				g.ByAudience = append(g.ByAudience, audienceGroup{Audience: audience})
				i = len(g.ByAudience) - 1
			}
			if slices.Contains(namedKinds, kind) {
				g.ByAudience[i].Names = append(g.ByAudience[i].Names, res.Name.In(lang))
			}
		}
		if g.Count > 0 {
			d.Resources = append(d.Resources, g)
		}
	}
	s.render(w, r, http.StatusOK, "point", lang, d)
}

// --- error pages ---

type errorData struct {
	*page
	Status  int
	Heading string
	Hint    string
	// Message is the English sentence saying what went wrong, if any.
	Message string
}

// pageNotFound answers paths no route matches.
func (s *Server) pageNotFound(w http.ResponseWriter, r *http.Request) {
	s.errorPage(w, r, http.StatusNotFound, "")
}

// errorPage answers with a page in the request's language: a heading for
// the status, a hint what to do, and msg, a sentence in English from the
// domain that says what is wrong. Internal errors reach here only as the
// generic sentence of errs.Message.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, status int, msg string) {
	lang := s.pages.langs.of(r)
	key := "error." + strconv.Itoa(status)
	if _, ok := s.pages.msgs[lang][key+".title"]; !ok {
		key = "error.other"
		if status >= 500 {
			key = "error.500"
		}
	}
	d := errorData{Status: status, Message: msg}
	d.page = s.newPage(r, lang, s.pages.msgs.text(lang, key+".title"))
	d.Heading = d.T(key + ".title")
	d.Hint = d.T(key + ".hint")
	s.render(w, r, status, "error", lang, d)
}

// orgsAndServices reads every organisation and every service, for pages
// that group services by organisation.
func (s *Server) orgsAndServices(ctx context.Context) ([]catalogue.Organisation, []catalogue.Service, error) {
	orgs, err := allOf(ctx, func(pg catalogue.Page) ([]catalogue.Organisation, string, error) { return s.cat.Organisations(ctx, pg) })
	if err != nil {
		return nil, nil, err
	}
	services, err := allOf(ctx, func(pg catalogue.Page) ([]catalogue.Service, string, error) {
		return s.cat.Services(ctx, catalogue.ServiceFilter{Page: pg})
	})
	return orgs, services, err
}
