package web

// Staff pages: the people of a service point do in the browser what the
// access API lets integrations do. Every read and change goes through
// s.access and s.cat, which authorize and audit it, as for the API; the
// pages add only a gate saying whom each page is for (refusals audited
// through s.allow like the API's) and offer only the choices the
// person's roles allow, so that nobody is shown a button that would be
// refused.
//
// Every staff page is signed-in only (anonymous visitors are sent to sign
// in and brought back), never cached (personal data on shared computers),
// and every form follows Post/Redirect/Get: a change answers 303 to a
// page that says what was done, an error shows the form again with what
// was typed and a 4xx status, and writes nothing.

import (
	"cmp"
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/onestop-fi/onestop/internal/access"
	"github.com/onestop-fi/onestop/internal/catalogue"
	"github.com/onestop-fi/onestop/internal/errs"
	"github.com/onestop-fi/onestop/internal/hours"
)

// staffZone is the time zone staff pages show times in.
const staffZone = "Europe/Helsinki"

// lastExceptionDay is the last day an exception may touch (the
// catalogue refuses days after 2100).
const lastExceptionDay = "2100-12-31"

// auditPageSize is how many audit entries one page shows.
const auditPageSize = 100

// staffOnly guards a staff page: a visitor without a session is sent to
// sign in and comes back to the page afterwards.
func (s *Server) staffOnly(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		// Staff pages show personal data and are used on shared
		// computers: never keep them in a cache or the back button.
		w.Header().Set("Cache-Control", "no-store")
		if session(r) == nil {
			next := "/staff"
			if r.Method == http.MethodGet || r.Method == http.MethodHead {
				next = r.URL.RequestURI()
			}
			http.Redirect(w, r, "/signin?"+url.Values{"next": {next}}.Encode(), http.StatusSeeOther)
			return
		}
		h(w, r)
	}
}

// staffData is what every staff page shows around its own content.
type staffData struct {
	*page
	CSRF string
	Nav  []navLink
	// Notice says what the form just sent did (after the redirect).
	Notice string
}

type navLink struct {
	URL     string
	Label   string
	Current bool
}

// doneNotices are the notices a redirect may ask for with ?done=; any
// other value is ignored, so that a link cannot put words on the page.
var doneNotices = []string{"password_changed", "exception_added", "exception_deleted", "user_created", "role_added",
	"role_removed", "token_revoked", "customer_created", "customer_erased", "consent_added", "consent_withdrawn",
	"desk_signed_in", "desk_signed_out", "ticket_called", "ticket_recalled", "ticket_serving", "ticket_no_show",
	"ticket_transferred", "ticket_finished", "schedule_added", "schedule_removed", "absence_added", "absence_removed",
	"staff_linked", "staff_unlinked"}

// newStaff starts the data of a staff page. The page sets its title.
func (s *Server) newStaff(r *http.Request) *staffData {
	lang := s.pages.langs.of(r)
	d := &staffData{page: s.newPage(r, lang, ""), CSRF: csrfToken(r)}
	d.Nav = s.staffNav(r, d.page)
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		for i, l := range d.Switcher {
			d.Switcher[i].URL = "/language?" + url.Values{"lang": {l.Lang}, "next": {pageOf(r.URL.Path)}}.Encode()
		}
	}
	if done := r.URL.Query().Get("done"); slices.Contains(doneNotices, done) {
		d.Notice = d.notice(done)
	}
	return d
}

func (d *staffData) titled(title string) { d.Title = title + " – " + d.T("site.name") }

// notice is the sentence of a ?done= value.
func (p *page) notice(done string) string { return p.T("staff.done." + done) }

// pageOf is the page a form posted to path belongs to: where the
// language switcher of a form shown again must lead, since the form's
// own address takes no GET.
func pageOf(path string) string {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	switch {
	case len(parts) < 2 || parts[1] == "password":
		return "/staff"
	case len(parts) >= 3 && (parts[1] == "points" || parts[1] == "desks" || parts[1] == "customers" && parts[2] != "search"):
		return "/staff/" + parts[1] + "/" + parts[2]
	case len(parts) >= 3 && parts[1] == "schedules":
		return schedulesPath + "?" + url.Values{"staff": {parts[2]}}.Encode()
	}
	return "/staff/" + parts[1]
}

// What a person's roles let them open.
func administers(a *access.Actor) bool {
	return a.IsAdmin() || len(a.Organisations(access.OrgAdmin)) > 0
}

func servesCustomers(a *access.Actor) bool { return len(a.Organisations(access.CustomerRoles...)) > 0 }

// managedPoints lists the points the actor manages by a grant of their own.
func managedPoints(a *access.Actor) []string {
	var points []string
	for _, g := range a.Grants {
		if g.Role == access.PointManager && !slices.Contains(points, g.Point) {
			points = append(points, g.Point)
		}
	}
	slices.Sort(points)
	return points
}

// staffNav lists the staff pages the signed-in person may use.
func (s *Server) staffNav(r *http.Request, p *page) []navLink {
	a := actor(r)
	n := s.namer(r, p.Lang)
	links := []navLink{{URL: "/staff", Label: p.T("staff.nav.home")}}
	for _, pt := range managedPoints(a) {
		links = append(links, navLink{URL: "/staff/points/" + pt, Label: p.T("staff.nav.point", n.point(pt))})
	}
	switch {
	case servesCustomers(a):
		links = append(links, navLink{URL: "/staff/customers", Label: p.T("staff.nav.customers")},
			navLink{URL: calendarPath, Label: p.T("calendar.nav")})
	case a.StaffMember != "":
		links = append(links, navLink{URL: calendarPath, Label: p.T("calendar.nav_own")})
	}
	switch {
	case administers(a) || len(managedPoints(a)) > 0:
		links = append(links, navLink{URL: schedulesPath, Label: p.T("schedules.nav")})
	case a.StaffMember != "":
		links = append(links, navLink{URL: schedulesPath, Label: p.T("schedules.nav_own")})
	}
	if administers(a) {
		links = append(links,
			navLink{URL: "/staff/users", Label: p.T("staff.nav.users")},
			navLink{URL: "/staff/tokens", Label: p.T("staff.nav.tokens")},
			navLink{URL: "/staff/audit", Label: p.T("staff.nav.audit")})
	}
	// An installation admin manages every point, too many to list: the
	// point being managed is added while it is open.
	if slug, ok := strings.CutPrefix(r.URL.Path, "/staff/points/"); ok {
		slug, _, _ = strings.Cut(slug, "/")
		if catalogue.ValidSlug(slug) && a.HasAt(slug, access.PointManager) &&
			!slices.ContainsFunc(links, func(l navLink) bool { return l.URL == "/staff/points/"+slug }) {
			links = slices.Insert(links, 1, navLink{URL: "/staff/points/" + slug, Label: p.T("staff.nav.point", n.point(slug))})
		}
	}
	// The current page is the longest link its path starts with; an
	// appointment's pages belong to the calendar.
	here := r.URL.Path
	if strings.HasPrefix(here, "/staff/appointments") {
		here = calendarPath
	}
	best := -1
	for i, l := range links {
		// My page is current on itself only, not on every staff page.
		if here == l.URL || l.URL != "/staff" && strings.HasPrefix(here, l.URL+"/") {
			if best < 0 || len(l.URL) > len(links[best].URL) {
				best = i
			}
		}
	}
	if best >= 0 {
		links[best].Current = true
	}
	return links
}

// --- names ---

// names looks up the names of organisations and points in one language,
// each at most once per request. A name that cannot be read shows as
// its slug: the page is more use with "kela" in it than not shown.
type names struct {
	s    *Server
	r    *http.Request
	lang string
	// orgNames and points map slugs to names, filled as needed.
	orgNames map[string]string
	points   map[string]string
}

func (s *Server) namer(r *http.Request, lang string) *names {
	return &names{s: s, r: r, lang: lang, points: map[string]string{}}
}

func (n *names) org(slug string) string {
	if name, ok := n.allOrgs()[slug]; ok {
		return name
	}
	return slug
}

// orgs names a comma-separated list of organisations, as the audit log
// keeps the organisations of an actor who serves several.
func (n *names) orgs(slugs string) string {
	parts := strings.Split(slugs, ",")
	for i, p := range parts {
		parts[i] = n.org(p)
	}
	return strings.Join(parts, ", ")
}

// allOrgs maps every organisation's slug to its name.
func (n *names) allOrgs() map[string]string {
	if n.orgNames == nil {
		n.orgNames = map[string]string{}
		ctx := n.r.Context()
		orgs, err := allOf(ctx, func(pg catalogue.Page) ([]catalogue.Organisation, string, error) {
			return n.s.cat.Organisations(ctx, pg)
		})
		if err == nil {
			for _, o := range orgs {
				n.orgNames[o.Slug] = o.Name.In(n.lang)
			}
		}
	}
	return n.orgNames
}

func (n *names) point(slug string) string {
	if name, ok := n.points[slug]; ok {
		return name
	}
	name := slug
	if pd, err := n.s.cat.Point(n.r.Context(), slug); err == nil {
		name = pd.Name.In(n.lang)
	}
	n.points[slug] = name
	return name
}

// grant says a grant in plain words: "Staff of Kela", "Manager of
// Palojoenkulma joint service point".
func (n *names) grant(p *page, g access.Grant) string {
	switch g.Role {
	case access.Admin:
		return p.T("staff.grant.admin")
	case access.OrgAdmin:
		return p.T("staff.grant.org_admin", n.org(g.Organisation))
	case access.PointManager:
		return p.T("staff.grant.point_manager", n.point(g.Point))
	case access.Staff:
		return p.T("staff.grant.staff", n.org(g.Organisation))
	case access.Interpreter:
		return p.T("staff.grant.interpreter", n.org(g.Organisation))
	case access.Analyst:
		if g.Point != "" {
			return p.T("staff.grant.analyst_point", n.point(g.Point))
		}
		return p.T("staff.grant.analyst", n.org(g.Organisation))
	}
	return g.String()
}

// roleName names a role for a choice list.
func roleName(p *page, r access.Role) string {
	switch r {
	case access.Admin:
		return p.T("staff.role.admin")
	case access.OrgAdmin:
		return p.T("staff.role.org_admin")
	case access.PointManager:
		return p.T("staff.role.point_manager")
	case access.Staff:
		return p.T("staff.role.staff")
	case access.Interpreter:
		return p.T("staff.role.interpreter")
	case access.Analyst:
		return p.T("staff.role.analyst")
	}
	return string(r)
}

// --- forms ---

// formError is what went wrong with one form: the sentence from the
// domain (English) and the field it is about, when the form has it.
type formError struct {
	// ID is the id of the error summary; Field the id of the field at
	// fault, empty when the error names none of the form's fields.
	ID      string
	Heading string
	Message string
	Param   string
	Field   string
	// Jump is the text of the link to the field.
	Jump string
	Lang string
}

// On reports whether the error is about the field param.
func (e formError) On(param string) bool { return e.Message != "" && e.Param == param }

// formErr describes err for the form whose fields are named prefix-param.
// aliases map a domain parameter to the form's field (a grant's
// "organisation" to the form's "where").
func formErr(p *page, id, prefix string, err error, fields []string, aliases ...string) formError {
	e := formError{ID: id, Heading: p.T("staff.form.error"), Jump: p.T("staff.form.jump"), Message: errs.Message(err), Lang: p.Lang}
	var de *errs.Error
	if errors.As(err, &de) {
		e.Param = de.Param
	}
	for i := 0; i+1 < len(aliases); i += 2 {
		if e.Param == aliases[i] {
			e.Param = aliases[i+1]
		}
	}
	if slices.Contains(fields, e.Param) {
		e.Field = prefix + e.Param
	} else {
		e.Param = ""
	}
	return e
}

// formFailed tells whether err should show the form again (a 4xx) and
// answers internal errors itself.
func (s *Server) formFailed(w http.ResponseWriter, r *http.Request, err error) (int, bool) {
	status := statusOf(errs.KindOf(err))
	if status >= 500 {
		s.fail(w, r, err)
		return status, false
	}
	return status, true
}

// formAgain answers a form the store refused: a refusal or something
// not found as an error page, an internal error as such, and a mistake
// in the form by calling again with its status, to show the form again
// with the message.
func (s *Server) formAgain(w http.ResponseWriter, r *http.Request, err error, again func(status int)) {
	switch errs.KindOf(err) {
	case errs.Forbidden, errs.Unauthorized, errs.NotFound:
		s.staffFail(w, r, err)
		return
	}
	if status, ok := s.formFailed(w, r, err); ok {
		again(status)
	}
}

// staffFail answers a staff page with an error page that keeps the staff
// navigation: the heading for the status and the domain's sentence.
func (s *Server) staffFail(w http.ResponseWriter, r *http.Request, err error) {
	status := statusOf(errs.KindOf(err))
	if status >= 500 || session(r) == nil {
		s.fail(w, r, err)
		return
	}
	d := staffErrorData{staffData: s.newStaff(r), Message: errs.Message(err)}
	switch status {
	case http.StatusForbidden:
		d.Heading, d.Hint = d.T("staff.error.403.title"), d.T("staff.error.403.hint")
	case http.StatusNotFound:
		d.Heading, d.Hint = d.T("staff.error.404.title"), d.T("staff.error.404.hint")
	default:
		d.Heading, d.Hint = d.T("staff.error.other.title"), d.T("staff.error.other.hint")
	}
	d.titled(d.Heading)
	s.render(w, r, status, "staff_error", d.Lang, d)
}

type staffErrorData struct {
	*staffData
	Heading string
	Hint    string
	Message string
}

// formValue reads a trimmed form field.
func formValue(r *http.Request, name string) string { return strings.TrimSpace(r.PostFormValue(name)) }

// helsinki is the zone staff pages show times in.
func helsinki() *time.Location {
	loc, err := hours.Zone(staffZone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// --- dashboard ---

type dashboardData struct {
	*staffData
	Name   string
	Email  string
	Roles  []string
	Tasks  []task
	Points []option
	// PasswordErr is what is wrong with the new password.
	PasswordErr formError
	// HasPassword asks for the current password before a change;
	// accounts that sign in only through their organisation have none.
	HasPassword bool
}

// task is a link to a staff page with what it is for.
type task struct {
	URL   string
	Label string
	Hint  string
}

func (s *Server) staffHome(w http.ResponseWriter, r *http.Request) {
	s.renderDashboard(w, r, http.StatusOK, formError{})
}

func (s *Server) renderDashboard(w http.ResponseWriter, r *http.Request, status int, pwErr formError) {
	sess, a := session(r), actor(r)
	d := dashboardData{staffData: s.newStaff(r), Name: sess.Account.Name, Email: sess.Account.Email, PasswordErr: pwErr,
		HasPassword: sess.Account.PasswordHash != ""}
	d.titled(d.T("staff.home.title"))
	n := s.namer(r, d.Lang)
	for _, g := range a.Grants {
		d.Roles = append(d.Roles, n.grant(d.page, g))
	}
	for _, pt := range managedPoints(a) {
		d.Tasks = append(d.Tasks, task{URL: "/staff/points/" + pt, Label: d.T("staff.nav.point", n.point(pt)), Hint: d.T("staff.home.point_hint")})
	}
	if s.queues != nil {
		points, err := s.deskPoints(r.Context(), a)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for _, pt := range points {
			d.Tasks = append(d.Tasks, task{URL: "/staff/points/" + pt + "/desks", Label: d.T("desk.list.title", n.point(pt)), Hint: d.T("staff.home.desks_hint")})
		}
	}
	if servesCustomers(a) {
		d.Tasks = append(d.Tasks, task{URL: "/staff/customers", Label: d.T("staff.nav.customers"), Hint: d.T("staff.home.customers_hint")})
	}
	if a.StaffMember != "" {
		d.Tasks = append(d.Tasks, task{URL: schedulesPath, Label: d.T("schedules.nav_own"), Hint: d.T("staff.home.schedules_hint")})
	}
	if administers(a) {
		d.Tasks = append(d.Tasks,
			task{URL: "/staff/users", Label: d.T("staff.nav.users"), Hint: d.T("staff.home.users_hint")},
			task{URL: "/staff/tokens", Label: d.T("staff.nav.tokens"), Hint: d.T("staff.home.tokens_hint")},
			task{URL: "/staff/audit", Label: d.T("staff.nav.audit"), Hint: d.T("staff.home.audit_hint")})
	}
	if a.IsAdmin() {
		// Admins manage every point: list them to choose from.
		ctx := r.Context()
		points, err := allOf(ctx, func(pg catalogue.Page) ([]catalogue.Point, string, error) {
			return s.cat.Points(ctx, catalogue.PointFilter{Page: pg})
		})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for _, p := range points {
			d.Points = append(d.Points, option{Value: "/staff/points/" + p.Slug, Label: p.Name.In(d.Lang)})
		}
		sortByName(s.pages.langs, d.Lang, d.Points, func(o option) string { return o.Label })
	}
	s.render(w, r, status, "staff", d.Lang, d)
}

// changePassword sets the signed-in person's new password. The access
// layer ends every session of the account, this one too, so a new one
// starts here: the person stays signed in on this device only.
func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) {
	sess := session(r)
	pw, again := r.PostFormValue("new_password"), r.PostFormValue("new_password_again")
	var err error
	switch {
	case sess.Account.PasswordHash != "" && r.PostFormValue("current_password") == "":
		err = errs.Param("current_password", "Type your current password.")
	case pw == "":
		err = errs.Param("new_password", "Type the new password.")
	case pw != again:
		err = errs.Param("new_password_again", "The two passwords differ; type the same new password twice.")
	default:
		err = s.access.ChangeOwnPassword(r.Context(), actor(r), r.PostFormValue("current_password"), pw)
	}
	if err != nil {
		if status, ok := s.formFailed(w, r, err); ok {
			p := s.newPage(r, s.pages.langs.of(r), "")
			s.renderDashboard(w, r, status, formErr(p, "password-error", "", err,
				[]string{"current_password", "new_password", "new_password_again"}, "password", "new_password"))
		}
		return
	}
	s.beginSession(w, r, sess.Account, "/staff?done=password_changed")
}

// --- a point's exceptions ---

type pointStaffData struct {
	*staffData
	Slug         string
	Name         string
	Exceptions   []exceptionRow
	Services     []option
	Form         exceptionForm
	Err          formError
	Hours        hoursView
	OpeningHours string
	// Desks tells whether the server has walk-in queues, whose desks
	// the page links to.
	Desks bool
}

type exceptionRow struct {
	ID      int64
	Days    string
	Hours   string
	Service string
	Reason  string
}

// exceptionForm is what a manager typed into the new exception form.
type exceptionForm struct {
	FirstDay string
	LastDay  string
	// Open is "closed" or "open"; Times the hours when open.
	Open     string
	Times    string
	Service  string
	ReasonFi string
	ReasonSv string
	ReasonEn string
}

var exceptionFields = []string{"first_day", "last_day", "times", "service", "reason_fi"}

func (s *Server) staffPointPage(w http.ResponseWriter, r *http.Request) {
	if err := s.managesPoint(r, "exception.list", r.PathValue("slug")); err != nil {
		s.staffFail(w, r, err)
		return
	}
	s.renderPoint(w, r, http.StatusOK, exceptionForm{Open: "closed"}, nil)
}

func (s *Server) renderPoint(w http.ResponseWriter, r *http.Request, status int, form exceptionForm, formErrIn error) {
	ctx := r.Context()
	pd, err := s.cat.Point(ctx, r.PathValue("slug"))
	if err != nil {
		s.staffFail(w, r, err)
		return
	}
	d := pointStaffData{staffData: s.newStaff(r), Slug: pd.Slug, Form: form, OpeningHours: pd.OpeningHours, Desks: s.queues != nil}
	d.Name = pd.Name.In(d.Lang)
	d.titled(d.T("staff.point.title", d.Name))
	if formErrIn != nil {
		d.Err = formErr(d.page, "exception-error", "exception-", formErrIn, exceptionFields,
			"hours", "times", "reason", "reason_fi", "reason_sv", "reason_fi", "reason_en", "reason_fi")
	}
	loc, err := hours.Zone(pd.TimeZone)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// Every exception not yet over, however far ahead: one added for
	// a day years away must be listed too.
	exc, err := s.cat.Exceptions(ctx, pd.Slug, s.cfg.Now().In(loc).Format(time.DateOnly), lastExceptionDay)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	services := map[string]string{}
	d.Services = []option{{Value: "", Label: d.T("staff.exception.whole_point"), Selected: form.Service == ""}}
	for _, o := range pd.Offerings {
		services[o.Service] = o.ServiceName.In(d.Lang)
		d.Services = append(d.Services, option{Value: o.Service, Label: o.ServiceName.In(d.Lang), Selected: o.Service == form.Service})
	}
	sortByName(s.pages.langs, d.Lang, d.Services[1:], func(o option) string { return o.Label })
	for _, e := range exc {
		row := exceptionRow{ID: e.ID, Days: d.dayRange(e.FirstDay, e.LastDay), Hours: d.exceptionHours(e.Hours),
			Service: d.T("staff.exception.whole_point"), Reason: e.Reason.In(d.Lang)}
		if e.Service != "" {
			row.Service = services[e.Service]
			if row.Service == "" {
				row.Service = e.Service
			}
		}
		d.Exceptions = append(d.Exceptions, row)
	}
	if d.Hours, _, err = s.pointHours(d.page, ctx, pd, s.cfg.Now()); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "staff_point", d.Lang, d)
}

// dayRange writes the days of an exception: "ma 14.12.2026" or
// "ma 14.12.2026 – ke 16.12.2026".
func (p *page) dayRange(first, last string) string {
	day := func(s string) string {
		t, ok := catalogue.ParseDay(s)
		if !ok {
			return s
		}
		return p.T(fmt.Sprintf("day.short.%d", weekdayNumber(t.Weekday()))) + " " + t.Format("2.1.2006")
	}
	if first == last {
		return day(first)
	}
	return day(first) + " – " + day(last)
}

// exceptionHours writes "off" as closed and "10:00-14:00" as
// "open 10.00–14.00".
func (p *page) exceptionHours(h string) string {
	if h == "off" {
		return p.T("staff.exception.closed")
	}
	spans := strings.Split(h, ",")
	for i, sp := range spans {
		spans[i] = strings.ReplaceAll(strings.ReplaceAll(sp, ":", "."), "-", "–")
	}
	return p.T("staff.exception.open_at", strings.Join(spans, ", "))
}

func readExceptionForm(r *http.Request) exceptionForm {
	return exceptionForm{
		FirstDay: formValue(r, "first_day"), LastDay: formValue(r, "last_day"), Open: formValue(r, "open"),
		Times: formValue(r, "times"), Service: formValue(r, "service"),
		ReasonFi: formValue(r, "reason_fi"), ReasonSv: formValue(r, "reason_sv"), ReasonEn: formValue(r, "reason_en"),
	}
}

// checkDays checks the first and last day of a form (the last empty
// for one day) and returns the last day; what names the thing they are
// the days of.
func checkDays(what, firstDay, lastDay string) (string, error) {
	if lastDay == "" {
		lastDay = firstDay
	}
	first, okFirst := catalogue.ParseDay(firstDay)
	last, okLast := catalogue.ParseDay(lastDay)
	switch {
	case firstDay == "":
		return lastDay, errs.Param("first_day", "Give the first day of the %s.", what)
	case !okFirst:
		return lastDay, errs.Param("first_day", "The first day %q is not a date written YYYY-MM-DD.", firstDay)
	case !okLast:
		return lastDay, errs.Param("last_day", "The last day %q is not a date written YYYY-MM-DD.", lastDay)
	case last.Before(first):
		return lastDay, errs.Param("last_day", "The last day (%s) is before the first day (%s).", lastDay, firstDay)
	}
	return lastDay, nil
}

// exception checks the form field by field, so that an error names the
// field to correct, and makes the exception of it.
func (f exceptionForm) exception(point string) (catalogue.Exception, error) {
	e := catalogue.Exception{Point: point, Service: f.Service, FirstDay: f.FirstDay, LastDay: f.LastDay,
		Reason: catalogue.Text{Fi: f.ReasonFi, Sv: f.ReasonSv, En: f.ReasonEn}}
	var err error
	if e.LastDay, err = checkDays("exception", f.FirstDay, f.LastDay); err != nil {
		return e, err
	}
	switch f.Open {
	case "closed":
		e.Hours = "off"
	case "open":
		if f.Times == "" {
			return e, errs.Param("times", "Give the opening times, such as 10:00-14:00, or choose closed.")
		}
		e.Hours = normalTimes(f.Times)
	default:
		return e, errs.Param("open", "Choose whether the point is closed or open at other times.")
	}
	if e.Reason.Fi == "" && e.Reason.Sv == "" && e.Reason.En == "" {
		return e, errs.Param("reason_fi", "Give the reason in at least one language; customers see it on the point's page.")
	}
	if err := e.Validate(); err != nil {
		// The catalogue names no field; find out whether the hours are
		// at fault, the one field it checks that the form has not.
		probe := e
		probe.Hours = "off"
		if probe.Validate() == nil {
			return e, errs.Param("times", "%s", errs.Message(err))
		}
		return e, err
	}
	return e, nil
}

// normalTimes accepts times the way Finns write them, "10.00–14.00", and
// several spans separated by commas or semicolons, and writes them as
// the catalogue wants: "10:00-14:00".
func normalTimes(s string) string {
	s = strings.NewReplacer(".", ":", "–", "-", "—", "-", ";", ",", " ", "").Replace(s)
	spans := strings.Split(s, ",")
	for i, sp := range spans {
		from, to, ok := strings.Cut(sp, "-")
		if ok {
			spans[i] = padClock(from) + "-" + padClock(to)
		}
	}
	return strings.Join(spans, ",")
}

// padClock writes "9" and "9:00" as "09:00".
func padClock(s string) string {
	if !strings.Contains(s, ":") {
		s += ":00"
	}
	if len(s) == 4 {
		s = "0" + s
	}
	return s
}

func (s *Server) staffAddException(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	if err := s.managesPoint(r, "exception.add", slug); err != nil {
		s.staffFail(w, r, err)
		return
	}
	form := readExceptionForm(r)
	e, err := form.exception(slug)
	if err == nil {
		_, err = s.cat.AddException(r.Context(), e)
	}
	if err != nil {
		if errs.Is(err, errs.NotFound) {
			s.staffFail(w, r, err)
			return
		}
		if status, ok := s.formFailed(w, r, err); ok {
			s.renderPoint(w, r, status, form, err)
		}
		return
	}
	http.Redirect(w, r, "/staff/points/"+slug+"?done=exception_added", http.StatusSeeOther)
}

func (s *Server) staffDeleteException(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	err := s.managesPoint(r, "exception.delete", slug)
	var id int64
	if err == nil {
		id, err = pathID(r, "id")
	}
	if err == nil {
		err = s.cat.DeleteException(r.Context(), slug, id)
	}
	if err != nil {
		s.staffFail(w, r, err)
		return
	}
	http.Redirect(w, r, "/staff/points/"+slug+"?done=exception_deleted", http.StatusSeeOther)
}

// --- users and roles ---

type usersData struct {
	*staffData
	// Filter lists the organisations to choose from; empty when the
	// person administers only one.
	Filter  []option
	Org     string
	OrgName string
	Users   []userCard
	Roles   []option
	Places  []optionGroup
	Form    userForm
	Err     formError
	// GrantErr is the error of the role form of user GrantUser.
	GrantErr  formError
	GrantUser int64
	// LinkErr is the error of the staff member form of user LinkUser.
	LinkErr  formError
	LinkUser int64
}

type userCard struct {
	ID       int64
	Name     string
	Email    string
	Disabled bool
	Grants   []grantItem
	// StaffMember names the staff member the account is linked to;
	// StaffChoices, when the actor may change the link, are the staff
	// of the account's organisations that the actor administers.
	StaffMember  string
	StaffChoices []option
}

type grantItem struct {
	Text         string
	Role         string
	Organisation string
	Point        string
	CanRevoke    bool
}

type userForm struct {
	Name  string
	Email string
	Role  string
	Where string
}

var userFields = []string{"name", "email", "role", "where", "password"}

// adminView checks that the actor may see the admin page (people, API
// tokens, audit log) of organisation org and returns the organisation
// to show: installation admins may leave it empty to see everything, an
// organisation's admin sees their first organisation. Asking for
// another organisation is refused and audited.
func (s *Server) adminView(r *http.Request, org, action, what string) (string, error) {
	a := actor(r)
	if err := s.allow(r, administers(a), action, "organisation", org, org,
		"Only installation admins and the admins of an organisation use this page."); err != nil {
		return "", err
	}
	if org != "" && !catalogue.ValidSlug(org) {
		return "", errs.Param("organisation", "The organisation %q is not a valid identifier.", org)
	}
	if org == "" && !a.IsAdmin() {
		org = a.Organisations(access.OrgAdmin)[0]
	}
	if org != "" {
		if err := s.allow(r, a.HasIn(org, access.OrgAdmin), action, "organisation", org, org,
			fmt.Sprintf("Only the admins of %s see its %s.", org, what)); err != nil {
			return "", err
		}
	}
	return org, nil
}

// filterOptions lists the organisations an admin page can show: every
// one (and all together) for installation admins, one's own for an
// organisation's admins; nothing when there is no choice.
func (s *Server) filterOptions(r *http.Request, p *page, n *names, selected string) []option {
	a := actor(r)
	var opts []option
	if a.IsAdmin() {
		opts = append(opts, option{Value: "", Label: p.T("staff.filter.all"), Selected: selected == ""})
		for slug, name := range n.allOrgs() {
			opts = append(opts, option{Value: slug, Label: name, Selected: slug == selected})
		}
		sortByName(s.pages.langs, p.Lang, opts[1:], func(o option) string { return o.Label })
		return opts
	}
	orgs := a.Organisations(access.OrgAdmin)
	if len(orgs) < 2 {
		return nil
	}
	for _, o := range orgs {
		opts = append(opts, option{Value: o, Label: n.org(o), Selected: o == selected})
	}
	return opts
}

// grantChoices lists the roles and the places (organisations, and points
// and the whole installation for installation admins) the actor may give.
func (s *Server) grantChoices(r *http.Request, p *page, n *names, role, where string) ([]option, []optionGroup, error) {
	a := actor(r)
	var roles []option
	for _, rl := range access.Roles {
		ok := a.IsAdmin()
		for _, o := range a.Organisations(access.OrgAdmin) {
			ok = ok || a.CanGrant(access.Grant{Role: rl, Organisation: o}) && (access.Grant{Role: rl, Organisation: o}).Validate() == nil
		}
		if ok {
			roles = append(roles, option{Value: string(rl), Label: roleName(p, rl), Selected: string(rl) == role})
		}
	}
	orgs := optionGroup{Label: p.T("staff.place.organisations")}
	if a.IsAdmin() {
		for slug, name := range n.allOrgs() {
			orgs.Options = append(orgs.Options, option{Value: "org:" + slug, Label: name})
		}
	} else {
		for _, o := range a.Organisations(access.OrgAdmin) {
			orgs.Options = append(orgs.Options, option{Value: "org:" + o, Label: n.org(o)})
		}
	}
	sortByName(s.pages.langs, p.Lang, orgs.Options, func(o option) string { return o.Label })
	places := []optionGroup{orgs}
	if a.IsAdmin() {
		ctx := r.Context()
		points, err := allOf(ctx, func(pg catalogue.Page) ([]catalogue.Point, string, error) {
			return s.cat.Points(ctx, catalogue.PointFilter{Page: pg})
		})
		if err != nil {
			return nil, nil, err
		}
		pts := optionGroup{Label: p.T("staff.place.points")}
		for _, pt := range points {
			pts.Options = append(pts.Options, option{Value: "point:" + pt.Slug, Label: pt.Name.In(p.Lang)})
		}
		sortByName(s.pages.langs, p.Lang, pts.Options, func(o option) string { return o.Label })
		places = append(places, pts)
		places = append([]optionGroup{{Label: p.T("staff.place.installation"),
			Options: []option{{Value: "all", Label: p.T("staff.place.all")}}}}, places...)
	}
	for i := range places {
		for j := range places[i].Options {
			places[i].Options[j].Selected = places[i].Options[j].Value == where
		}
	}
	return roles, places, nil
}

// grantOf reads a grant from the role and where fields of a form.
func grantOf(role, where string) (access.Grant, error) {
	r, err := access.ParseRole(role)
	if err != nil {
		return access.Grant{}, errs.Param("role", "Choose a role.")
	}
	g := access.Grant{Role: r}
	kind, slug, _ := strings.Cut(where, ":")
	switch {
	case where == "all":
	case kind == "org" && catalogue.ValidSlug(slug):
		g.Organisation = slug
	case kind == "point" && catalogue.ValidSlug(slug):
		g.Point = slug
	default:
		return g, errs.Param("where", "Choose the organisation or service point the role is for.")
	}
	return g, g.Validate()
}

func (s *Server) staffUsersPage(w http.ResponseWriter, r *http.Request) {
	org, err := s.adminView(r, r.URL.Query().Get("organisation"), "user.list", "people")
	if err != nil {
		s.staffFail(w, r, err)
		return
	}
	where := ""
	if org != "" {
		where = "org:" + org
	}
	s.renderUsers(w, r, http.StatusOK, org, userForm{Role: string(access.Staff), Where: where}, nil, userErr{})
}

// userErr is the error of a form of one user's card: its role form or
// its staff member form.
type userErr struct {
	user        int64
	grant, link error
	// chosen is the staff member the link form sent.
	chosen string
}

// renderUsers shows the users page of organisation org ("" for all),
// with the new-user form as sent and its error, and the error of one
// user's card form, if any.
func (s *Server) renderUsers(w http.ResponseWriter, r *http.Request, status int, org string, form userForm, formErrIn error, ue userErr) {
	a := actor(r)
	d := usersData{staffData: s.newStaff(r), Org: org, Form: form}
	if ue.link != nil {
		d.LinkUser = ue.user
		d.LinkErr = formErr(d.page, fmt.Sprintf("link-error-%d", ue.user), fmt.Sprintf("link-%d-", ue.user), ue.link,
			[]string{"staff_member"})
	}
	d.titled(d.T("staff.users.title"))
	n := s.namer(r, d.Lang)
	if org != "" {
		d.OrgName = n.org(org)
	}
	d.Filter = s.filterOptions(r, d.page, n, org)
	var err error
	if d.Roles, d.Places, err = s.grantChoices(r, d.page, n, form.Role, form.Where); err != nil {
		s.fail(w, r, err)
		return
	}
	if formErrIn != nil {
		d.Err = formErr(d.page, "user-error", "user-", formErrIn, userFields, "organisation", "where", "point", "where", "grants", "role")
	}
	if ue.grant != nil {
		d.GrantUser = ue.user
		d.GrantErr = formErr(d.page, fmt.Sprintf("grant-error-%d", ue.user), fmt.Sprintf("grant-%d-", ue.user), ue.grant,
			[]string{"role", "where"}, "organisation", "where", "point", "where")
	}
	accs, err := s.access.Store().Accounts(r.Context(), org)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	everyone, err := s.directory(r, d.Lang).everyone()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, acc := range accs {
		c := userCard{ID: acc.ID, Name: acc.Name, Email: acc.Email, Disabled: acc.Disabled}
		for _, g := range acc.Grants {
			c.Grants = append(c.Grants, grantItem{Text: n.grant(d.page, g), Role: string(g.Role), Organisation: g.Organisation,
				Point: g.Point, CanRevoke: a.CanGrant(g)})
		}
		c.StaffMember, c.StaffChoices = s.staffLinks(d.page, a, acc, everyone)
		if ue.link != nil && acc.ID == ue.user {
			for i := range c.StaffChoices {
				c.StaffChoices[i].Selected = c.StaffChoices[i].Value == ue.chosen
			}
		}
		d.Users = append(d.Users, c)
	}
	s.render(w, r, status, "staff_users", d.Lang, d)
}

// staffLinks names the staff member account acc is linked to and, when
// the actor may change the link (access.Actor.Manages), lists the staff
// of the account's organisations to choose from, with "not linked"
// first.
func (s *Server) staffLinks(p *page, a *access.Actor, acc access.Account, everyone []catalogue.StaffMember) (string, []option) {
	name := ""
	if i := slices.IndexFunc(everyone, func(m catalogue.StaffMember) bool { return m.Slug == acc.StaffMember }); i >= 0 {
		name = everyone[i].Name
	}
	if !a.Manages(acc) {
		return name, nil
	}
	var orgs []string
	for _, g := range acc.Grants {
		orgs = append(orgs, g.Organisation)
	}
	var choices []option
	for _, m := range everyone {
		if slices.Contains(orgs, m.Organisation) {
			choices = append(choices, option{Value: m.Slug, Label: m.Name, Selected: m.Slug == acc.StaffMember})
		}
	}
	if len(choices) == 0 {
		return name, nil
	}
	sortByName(s.pages.langs, p.Lang, choices, func(o option) string { return o.Label })
	return name, append([]option{{Value: "", Label: p.T("staff.users.staff_none"), Selected: acc.StaffMember == ""}}, choices...)
}

// userCardFailed answers a refused form of one user's card (ue says
// which, with its error): a refusal or an unknown account as an error
// page, a mistake by showing the users page of organisation org again
// with that form open and its message.
func (s *Server) userCardFailed(w http.ResponseWriter, r *http.Request, org, action string, ue userErr) {
	s.formAgain(w, r, cmp.Or(ue.grant, ue.link), func(status int) {
		org, verr := s.adminView(r, org, action, "people")
		if verr != nil {
			s.staffFail(w, r, verr)
			return
		}
		s.renderUsers(w, r, status, org, userForm{Role: string(access.Staff)}, nil, ue)
	})
}

// staffLinkUser links a user's account to a staff member, or ends the
// link when none is chosen.
func (s *Server) staffLinkUser(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.staffFail(w, r, err)
		return
	}
	org, slug := viewOrg(r), formValue(r, "staff_member")
	err = s.linkStaff(r, id, slug)
	if err != nil {
		s.userCardFailed(w, r, org, "user.staff", userErr{user: id, link: err, chosen: slug})
		return
	}
	done := "staff_linked"
	if slug == "" {
		done = "staff_unlinked"
	}
	http.Redirect(w, r, usersURL(org, done), http.StatusSeeOther)
}

// linkStaff links account id to staff member slug ("" to end the link)
// if the actor may (see access.Service.LinkStaff).
func (s *Server) linkStaff(r *http.Request, id int64, slug string) error {
	org := ""
	if slug != "" {
		if !catalogue.ValidSlug(slug) {
			return errs.Param("staff_member", "The staff member %q is not a valid identifier.", slug)
		}
		m, err := s.cat.StaffMember(r.Context(), slug)
		if errs.Is(err, errs.NotFound) {
			return errs.Param("staff_member", "There is no staff member %q.", slug)
		}
		if err != nil {
			return err
		}
		org = m.Organisation
	}
	return s.access.LinkStaff(r.Context(), actor(r), id, slug, org)
}

type userCreatedData struct {
	*staffData
	Name     string
	Email    string
	Password string
	Back     string
}

func (s *Server) staffCreateUser(w http.ResponseWriter, r *http.Request) {
	org, err := s.adminView(r, formValue(r, "view"), "user.create", "people")
	if err != nil {
		s.staffFail(w, r, err)
		return
	}
	form := userForm{Name: formValue(r, "name"), Email: formValue(r, "email"), Role: formValue(r, "role"), Where: formValue(r, "where")}
	password := r.PostFormValue("password")
	generated := password == ""
	if generated {
		password = initialPassword()
	}
	g, err := grantOf(form.Role, form.Where)
	if err == nil {
		_, err = s.access.CreateAccount(r.Context(), actor(r), access.Account{Name: form.Name, Email: form.Email,
			Grants: []access.Grant{g}}, password)
	}
	if err != nil {
		if errs.Is(err, errs.Forbidden) {
			s.staffFail(w, r, err)
			return
		}
		if status, ok := s.formFailed(w, r, err); ok {
			s.renderUsers(w, r, status, org, form, err, userErr{})
		}
		return
	}
	back := usersURL(org, "")
	if !generated {
		http.Redirect(w, r, usersURL(org, "user_created"), http.StatusSeeOther)
		return
	}
	// The password is shown this once: render it here rather than
	// redirect, and let no cache keep the page.
	d := userCreatedData{staffData: s.newStaff(r), Name: form.Name, Email: strings.ToLower(form.Email), Password: password, Back: back}
	d.titled(d.T("staff.user_created.title"))
	s.render(w, r, http.StatusCreated, "staff_user_created", d.Lang, d)
}

func usersURL(org, done string) string {
	q := url.Values{}
	if org != "" {
		q.Set("organisation", org)
	}
	if done != "" {
		q.Set("done", done)
	}
	if len(q) == 0 {
		return "/staff/users"
	}
	return "/staff/users?" + q.Encode()
}

// initialPassword makes a password for a new account that can be read
// out or typed from paper: four groups of four characters from an
// alphabet without look-alikes (0/o, 1/l/i), about 79 bits.
func initialPassword() string {
	const alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
	var b strings.Builder
	for i := range 16 {
		if i > 0 && i%4 == 0 {
			b.WriteByte('-')
		}
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
		if err != nil {
			panic(err) // crypto/rand never fails on supported platforms
		}
		b.WriteByte(alphabet[n.Int64()])
	}
	return b.String()
}

// viewOrg reads the organisation filter of the page a form was sent
// from, to return to it.
func viewOrg(r *http.Request) string {
	if v := formValue(r, "view"); catalogue.ValidSlug(v) {
		return v
	}
	return ""
}

func (s *Server) staffAddGrant(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.staffFail(w, r, err)
		return
	}
	org := viewOrg(r)
	role, where := formValue(r, "role"), formValue(r, "where")
	g, err := grantOf(role, where)
	if err == nil {
		err = s.access.Grant(r.Context(), actor(r), id, g)
	}
	if err != nil {
		s.userCardFailed(w, r, org, "role.grant", userErr{user: id, grant: err})
		return
	}
	http.Redirect(w, r, usersURL(org, "role_added"), http.StatusSeeOther)
}

func (s *Server) staffRevokeGrant(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err == nil {
		g := access.Grant{Role: access.Role(formValue(r, "role")), Organisation: formValue(r, "organisation"), Point: formValue(r, "point")}
		err = s.access.Revoke(r.Context(), actor(r), id, g)
	}
	if err != nil {
		s.staffFail(w, r, err)
		return
	}
	http.Redirect(w, r, usersURL(viewOrg(r), "role_removed"), http.StatusSeeOther)
}

// --- API tokens ---

type tokensData struct {
	*staffData
	Filter  []option
	Org     string
	OrgName string
	Tokens  []tokenRow
	Roles   []option
	Places  []optionGroup
	Form    tokenForm
	Err     formError
}

type tokenRow struct {
	ID        int64
	Name      string
	Grant     string
	CreatedBy string
	Created   string
	LastUsed  string
	Revoked   string
	CanRevoke bool
}

type tokenForm struct {
	Name  string
	Role  string
	Where string
}

func (s *Server) staffTokensPage(w http.ResponseWriter, r *http.Request) {
	org, err := s.adminView(r, r.URL.Query().Get("organisation"), "token.list", "API tokens")
	if err != nil {
		s.staffFail(w, r, err)
		return
	}
	where := ""
	if org != "" {
		where = "org:" + org
	}
	s.renderTokens(w, r, http.StatusOK, org, tokenForm{Role: string(access.Analyst), Where: where}, nil)
}

func (s *Server) renderTokens(w http.ResponseWriter, r *http.Request, status int, org string, form tokenForm, formErrIn error) {
	a := actor(r)
	d := tokensData{staffData: s.newStaff(r), Org: org, Form: form}
	d.titled(d.T("staff.tokens.title"))
	n := s.namer(r, d.Lang)
	if org != "" {
		d.OrgName = n.org(org)
	}
	d.Filter = s.filterOptions(r, d.page, n, org)
	var err error
	if d.Roles, d.Places, err = s.grantChoices(r, d.page, n, form.Role, form.Where); err != nil {
		s.fail(w, r, err)
		return
	}
	if formErrIn != nil {
		d.Err = formErr(d.page, "token-error", "token-", formErrIn, []string{"name", "role", "where"}, "organisation", "where", "point", "where")
	}
	tokens, err := s.access.Store().Tokens(r.Context(), org)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	loc := helsinki()
	for _, t := range tokens {
		row := tokenRow{ID: t.ID, Name: t.Name, Grant: n.grant(d.page, t.Grant), CreatedBy: t.CreatedBy,
			Created: t.Created.In(loc).Format("2.1.2006"), CanRevoke: t.Revoked == nil && a.CanGrant(t.Grant)}
		if t.LastUsed != nil {
			row.LastUsed = t.LastUsed.In(loc).Format("2.1.2006 15.04")
		}
		if t.Revoked != nil {
			row.Revoked = t.Revoked.In(loc).Format("2.1.2006 15.04")
		}
		d.Tokens = append(d.Tokens, row)
	}
	s.render(w, r, status, "staff_tokens", d.Lang, d)
}

type tokenCreatedData struct {
	*staffData
	Name   string
	Grant  string
	Secret string
	Back   string
}

func (s *Server) staffCreateToken(w http.ResponseWriter, r *http.Request) {
	org, err := s.adminView(r, formValue(r, "view"), "token.create", "API tokens")
	if err != nil {
		s.staffFail(w, r, err)
		return
	}
	form := tokenForm{Name: formValue(r, "name"), Role: formValue(r, "role"), Where: formValue(r, "where")}
	var t access.Token
	var secret string
	g, err := grantOf(form.Role, form.Where)
	if err == nil {
		t, secret, err = s.access.CreateToken(r.Context(), actor(r), form.Name, g)
	}
	if err != nil {
		if errs.Is(err, errs.Forbidden) {
			s.staffFail(w, r, err)
			return
		}
		if status, ok := s.formFailed(w, r, err); ok {
			s.renderTokens(w, r, status, org, form, err)
		}
		return
	}
	d := tokenCreatedData{staffData: s.newStaff(r), Name: t.Name, Secret: secret, Back: tokensURL(org, "")}
	d.Grant = s.namer(r, d.Lang).grant(d.page, t.Grant)
	d.titled(d.T("staff.token_created.title"))
	s.render(w, r, http.StatusCreated, "staff_token_created", d.Lang, d)
}

func tokensURL(org, done string) string {
	return "/staff/tokens" + strings.TrimPrefix(usersURL(org, done), "/staff/users")
}

func (s *Server) staffRevokeToken(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err == nil {
		err = s.access.RevokeToken(r.Context(), actor(r), id)
	}
	if err != nil {
		s.staffFail(w, r, err)
		return
	}
	http.Redirect(w, r, tokensURL(viewOrg(r), "token_revoked"), http.StatusSeeOther)
}

// --- audit log ---

type auditData struct {
	*staffData
	Filter  []option
	Org     string
	OrgName string
	Entries []auditRow
	// Older pages back; Newest returns to the first page.
	Older  string
	Newest string
	CSV    string
}

type auditRow struct {
	At           string
	Actor        string
	Action       string
	Subject      string
	Organisation string
	Purpose      string
	Refused      bool
}

// auditFilter reads the audit pages' filter: the organisation (as the
// other admin pages do) and the entry to page back from.
func (s *Server) auditFilter(r *http.Request) (access.AuditFilter, error) {
	org, err := s.adminView(r, r.URL.Query().Get("organisation"), "audit.read", "audit log")
	if err != nil {
		return access.AuditFilter{}, err
	}
	f := access.AuditFilter{Organisation: org}
	if v := r.URL.Query().Get("before"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			return f, errs.Param("before", "The parameter before must be an entry number, a positive whole number.")
		}
		f.Before = n
	}
	return f, nil
}

func (s *Server) staffAuditPage(w http.ResponseWriter, r *http.Request) {
	f, err := s.auditFilter(r)
	if err != nil {
		s.staffFail(w, r, err)
		return
	}
	f.Limit = auditPageSize
	entries, err := s.access.AuditLog(r.Context(), actor(r), f)
	if err != nil {
		s.staffFail(w, r, err)
		return
	}
	d := auditData{staffData: s.newStaff(r), Org: f.Organisation}
	d.titled(d.T("staff.audit.title"))
	n := s.namer(r, d.Lang)
	if f.Organisation != "" {
		d.OrgName = n.org(f.Organisation)
	}
	d.Filter = s.filterOptions(r, d.page, n, f.Organisation)
	q := url.Values{}
	if f.Organisation != "" {
		q.Set("organisation", f.Organisation)
	}
	d.CSV = "/staff/audit.csv"
	if len(q) > 0 {
		d.CSV += "?" + q.Encode()
	}
	if f.Before != 0 {
		d.Newest = "/staff/audit"
		if len(q) > 0 {
			d.Newest += "?" + q.Encode()
		}
	}
	if len(entries) == auditPageSize {
		q.Set("before", strconv.FormatInt(entries[len(entries)-1].ID, 10))
		d.Older = "/staff/audit?" + q.Encode()
	}
	loc := helsinki()
	for _, e := range entries {
		row := auditRow{At: e.At.In(loc).Format("2.1.2006 15.04.05"), Actor: e.Actor, Action: e.Action,
			Purpose: e.Purpose, Refused: e.Outcome == access.Refused}
		row.Subject = strings.TrimSpace(e.SubjectKind + " " + e.Subject)
		// Who acted for which organisation, and whose data it was when
		// that is another: "Kela → Satakunta wellbeing services county".
		switch {
		case e.Organisation != "" && e.SubjectOrganisation != "" && e.Organisation != e.SubjectOrganisation:
			row.Organisation = n.orgs(e.Organisation) + " → " + n.org(e.SubjectOrganisation)
		case e.Organisation != "":
			row.Organisation = n.orgs(e.Organisation)
		default:
			row.Organisation = n.org(e.SubjectOrganisation)
		}
		d.Entries = append(d.Entries, row)
	}
	s.render(w, r, http.StatusOK, "staff_audit", d.Lang, d)
}

// staffAuditCSV downloads what the audit page shows, up to the 1,000
// entries the access layer gives at once, and records the export.
func (s *Server) staffAuditCSV(w http.ResponseWriter, r *http.Request) {
	f, err := s.auditFilter(r)
	if err != nil {
		s.staffFail(w, r, err)
		return
	}
	entries, err := s.access.AuditLog(r.Context(), actor(r), f)
	if err != nil {
		s.staffFail(w, r, err)
		return
	}
	e := actor(r).Entry("audit.export", "audit_log", f.Organisation)
	e.Organisation, e.SubjectOrganisation = f.Organisation, f.Organisation
	if err := s.access.Store().Audit(r.Context(), e); err != nil {
		s.fail(w, r, err)
		return
	}
	writeAuditCSV(w, f.Organisation, entries)
}

// --- customers ---

type customersData struct {
	*staffData
	Searched  bool
	Results   []customerRow
	SearchErr formError
	Orgs      []option
	Languages []option
	Form      customerForm
	NewErr    formError
}

// customerForm is what staff typed for a new customer, less the identity
// code, which is never shown back.
type customerForm struct {
	Organisation string
	Name         string
	Phone        string
	Email        string
	Language     string
	Needs        string
}

type customerRow struct {
	ID           string
	Name         string
	Organisation string
	IdentityCode string
	Phone        string
	Email        string
	Language     string
	Needs        string
	Created      string
	Updated      string
	Erased       string
	SharedWith   string
}

var customerFields = []string{"organisation", "name", "identity_code", "phone", "email", "language", "needs"}

// customerLanguages are offered for a customer's language: the languages
// customers of Finnish service points most often speak.
var customerLanguages = []string{"fi", "sv", "en", "ar", "et", "fa", "ku", "ru", "so", "th", "uk", "vi", "zh", "sq", "tr", "es", "fr", "de"}

// customersAllowed refuses people who serve no organisation's customers.
func (s *Server) customersAllowed(r *http.Request, action string) error {
	return s.allow(r, servesCustomers(actor(r)), action, "customer", "", "",
		"Customer records are for the staff and admins of the organisation that recorded them.")
}

func (s *Server) staffCustomersPage(w http.ResponseWriter, r *http.Request) {
	if err := s.customersAllowed(r, "customer.page"); err != nil {
		s.staffFail(w, r, err)
		return
	}
	s.renderCustomers(w, r, http.StatusOK, customersData{})
}

func (s *Server) renderCustomers(w http.ResponseWriter, r *http.Request, status int, d customersData) {
	d.staffData = s.newStaff(r)
	d.titled(d.T("staff.customers.title"))
	n := s.namer(r, d.Lang)
	orgs := actor(r).Organisations(access.CustomerRoles...)
	if d.Form.Organisation == "" && len(orgs) > 0 {
		d.Form.Organisation = orgs[0]
	}
	for _, o := range orgs {
		d.Orgs = append(d.Orgs, option{Value: o, Label: n.org(o), Selected: o == d.Form.Organisation})
	}
	d.Languages = s.languageOptions(d.Lang, d.Form.Language)
	for i := range d.Results {
		d.Results[i].Organisation = n.org(d.Results[i].Organisation)
	}
	s.render(w, r, status, "staff_customers", d.Lang, d)
}

func (s *Server) languageOptions(lang, selected string) []option {
	opts := make([]option, len(customerLanguages))
	for i, code := range customerLanguages {
		opts[i] = option{Value: code, Label: s.pages.langs.name(lang, code), Selected: code == selected}
	}
	sortByName(s.pages.langs, lang, opts, func(o option) string { return o.Label })
	return opts
}

// rowOf is a record as staff see it: the identity code masked.
func (s *Server) rowOf(c access.Customer, lang string) customerRow {
	loc := helsinki()
	row := customerRow{ID: c.ID, Name: c.Name, Organisation: c.Organisation, IdentityCode: c.IdentityCode.Masked(),
		Phone: c.Phone, Email: c.Email, Needs: c.Needs, SharedWith: c.SharedWith,
		Created: c.Created.In(loc).Format("2.1.2006 15.04"), Updated: c.Updated.In(loc).Format("2.1.2006 15.04")}
	if c.Language != "" {
		row.Language = s.pages.langs.name(lang, c.Language)
	}
	if c.Erased != nil {
		row.Erased = c.Erased.In(loc).Format("2.1.2006 15.04")
	}
	return row
}

// searchCustomersForm finds records by identity code. The code comes in
// the body of a POST and is never put in a URL or shown back.
func (s *Server) staffSearchCustomers(w http.ResponseWriter, r *http.Request) {
	if err := s.customersAllowed(r, "customer.find"); err != nil {
		s.staffFail(w, r, err)
		return
	}
	lang := s.pages.langs.of(r)
	found, err := s.access.FindCustomers(r.Context(), actor(r), r.PostFormValue("identity_code"), "")
	if err != nil {
		status, ok := s.formFailed(w, r, err)
		if ok {
			s.renderCustomers(w, r, status, customersData{SearchErr: formErr(s.newPage(r, lang, ""), "search-error", "search-", err,
				[]string{"identity_code"})})
		}
		return
	}
	d := customersData{Searched: true}
	for _, c := range found {
		d.Results = append(d.Results, s.rowOf(c, lang))
	}
	s.renderCustomers(w, r, http.StatusOK, d)
}

func (s *Server) staffCreateCustomer(w http.ResponseWriter, r *http.Request) {
	if err := s.customersAllowed(r, "customer.create"); err != nil {
		s.staffFail(w, r, err)
		return
	}
	form := customerForm{Organisation: formValue(r, "organisation"), Name: formValue(r, "name"), Phone: formValue(r, "phone"),
		Email: formValue(r, "email"), Language: formValue(r, "language"), Needs: formValue(r, "needs")}
	c, err := s.access.CreateCustomer(r.Context(), actor(r), access.CustomerInput{
		Customer: access.Customer{Organisation: form.Organisation, Name: form.Name, Phone: form.Phone, Email: form.Email,
			Language: form.Language, Needs: form.Needs},
		IdentityCode: r.PostFormValue("identity_code")}, "")
	if err != nil {
		if errs.Is(err, errs.Forbidden) {
			s.staffFail(w, r, err)
			return
		}
		if status, ok := s.formFailed(w, r, err); ok {
			p := s.newPage(r, s.pages.langs.of(r), "")
			s.renderCustomers(w, r, status, customersData{Form: form, NewErr: formErr(p, "new-error", "new-", err, customerFields)})
		}
		return
	}
	http.Redirect(w, r, "/staff/customers/"+c.ID+"?done=customer_created", http.StatusSeeOther)
}

type customerData struct {
	*staffData
	C        customerRow
	OrgName  string
	Owner    bool
	Consents []consentRow
	// ConsentOrgs are the organisations a consent may be recorded for:
	// all but the owner.
	ConsentOrgs []option
	Form        consentForm
	Err         formError
}

type consentRow struct {
	ID           int64
	Organisation string
	Purpose      string
	RecordedBy   string
	Created      string
	Withdrawn    string
}

type consentForm struct {
	Organisation string
	Purpose      string
}

func (s *Server) staffCustomerPage(w http.ResponseWriter, r *http.Request) {
	s.renderCustomer(w, r, http.StatusOK, consentForm{}, nil)
}

func (s *Server) renderCustomer(w http.ResponseWriter, r *http.Request, status int, form consentForm, formErrIn error) {
	ctx, a, id := r.Context(), actor(r), r.PathValue("id")
	c, err := s.access.Customer(ctx, a, id, "")
	if err != nil {
		s.staffFail(w, r, err)
		return
	}
	d := customerData{staffData: s.newStaff(r), Form: form, Owner: c.SharedWith == ""}
	d.C = s.rowOf(c, d.Lang)
	n := s.namer(r, d.Lang)
	d.OrgName = n.org(c.Organisation)
	if c.SharedWith != "" {
		d.C.SharedWith = n.org(c.SharedWith)
	}
	d.titled(d.T("staff.customer.title"))
	if formErrIn != nil {
		d.Err = formErr(d.page, "consent-error", "consent-", formErrIn, []string{"organisation", "purpose"})
	}
	if d.Owner {
		loc := helsinki()
		for _, k := range c.Consents {
			row := consentRow{ID: k.ID, Organisation: n.org(k.Organisation), Purpose: k.Purpose, RecordedBy: k.RecordedBy,
				Created: k.Created.In(loc).Format("2.1.2006")}
			if k.Withdrawn != nil {
				row.Withdrawn = k.Withdrawn.In(loc).Format("2.1.2006")
			}
			d.Consents = append(d.Consents, row)
		}
		for slug, name := range n.allOrgs() {
			if slug != c.Organisation {
				d.ConsentOrgs = append(d.ConsentOrgs, option{Value: slug, Label: name, Selected: slug == form.Organisation})
			}
		}
		sortByName(s.pages.langs, d.Lang, d.ConsentOrgs, func(o option) string { return o.Label })
	}
	s.render(w, r, status, "staff_customer", d.Lang, d)
}

// staffExportCustomer downloads everything stored about a customer, the
// full identity code included, for the customer's right of access.
func (s *Server) staffExportCustomer(w http.ResponseWriter, r *http.Request) {
	ex, err := s.access.ExportCustomer(r.Context(), actor(r), r.PathValue("id"), "")
	if err != nil {
		s.staffFail(w, r, err)
		return
	}
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.json"`, ex.Customer.ID))
	writeJSON(w, http.StatusOK, ex)
}

type eraseData struct {
	*staffData
	C customerRow
}

// staffEraseConfirm asks before a record is erased: erasure cannot be
// undone.
func (s *Server) staffEraseConfirm(w http.ResponseWriter, r *http.Request) {
	c, err := s.access.Customer(r.Context(), actor(r), r.PathValue("id"), "confirming erasure")
	if err != nil {
		s.staffFail(w, r, err)
		return
	}
	if c.Erased != nil {
		http.Redirect(w, r, "/staff/customers/"+c.ID, http.StatusSeeOther)
		return
	}
	d := eraseData{staffData: s.newStaff(r)}
	d.C = s.rowOf(c, d.Lang)
	d.titled(d.T("staff.erase.title"))
	s.render(w, r, http.StatusOK, "staff_customer_erase", d.Lang, d)
}

func (s *Server) staffEraseCustomer(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if err := s.access.EraseCustomer(r.Context(), actor(r), id, ""); err != nil {
		s.staffFail(w, r, err)
		return
	}
	http.Redirect(w, r, "/staff/customers/"+id+"?done=customer_erased", http.StatusSeeOther)
}

func (s *Server) staffGrantConsent(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	form := consentForm{Organisation: formValue(r, "organisation"), Purpose: formValue(r, "purpose")}
	var err error
	if form.Organisation != "" && !catalogue.ValidSlug(form.Organisation) {
		err = errs.Param("organisation", "The organisation %q is not a valid identifier.", form.Organisation)
	} else {
		_, err = s.access.GrantConsent(r.Context(), actor(r), access.Consent{Customer: id, Organisation: form.Organisation, Purpose: form.Purpose})
	}
	if err != nil {
		s.formAgain(w, r, err, func(status int) { s.renderCustomer(w, r, status, form, err) })
		return
	}
	http.Redirect(w, r, "/staff/customers/"+id+"?done=consent_added", http.StatusSeeOther)
}

func (s *Server) staffWithdrawConsent(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	consent, err := pathID(r, "consent")
	if err == nil {
		err = s.access.WithdrawConsent(r.Context(), actor(r), id, consent)
	}
	if err != nil {
		s.staffFail(w, r, err)
		return
	}
	http.Redirect(w, r, "/staff/customers/"+id+"?done=consent_withdrawn", http.StatusSeeOther)
}
