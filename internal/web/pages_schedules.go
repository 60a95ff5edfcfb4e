package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/onestop-fi/onestop/internal/access"
	"github.com/onestop-fi/onestop/internal/booking"
	"github.com/onestop-fi/onestop/internal/catalogue"
	"github.com/onestop-fi/onestop/internal/errs"
	"github.com/onestop-fi/onestop/internal/hours"
)

// The working-times page: a staff member's weekly working times at the
// points (and remotely) and their absences, which decide when customers
// can book them. Their organisation's admins, the managers of the points
// they work at, and the staff member themself (signed in with the
// account linked to them) edit them here; the same rule as the API's PUT
// /api/v1/staff/{slug}/schedules decides each change.

const schedulesPath = "/staff/schedules"

// remotePlace is the form's value for working remotely (video and phone),
// a schedule without a point.
const remotePlace = "remote"

type schedulesData struct {
	*staffData
	// People are those whose working times the page may open.
	People []option
	Staff  string
	Person string
	// Shown is true once a person is chosen.
	Shown     bool
	Schedules []scheduleRow
	Absences  []absenceRow
	Places    []option
	Form      scheduleForm
	Absence   absenceForm
	Err       formError
	AbsentErr formError
}

type scheduleRow struct {
	N     int
	Place string
	// Point and Hours go back with the remove button, so that a list
	// changed meanwhile does not lose the wrong row.
	Point string
	Hours string
}

type absenceRow struct {
	N int
	// FirstDay, LastDay and Reason go back with the remove button, as a
	// schedule's do: saving the list numbers its absences afresh.
	FirstDay, LastDay string
	Days              string
	Reason            string
}

type scheduleForm struct{ Place, Hours string }

type absenceForm struct{ FirstDay, LastDay, Reason string }

var scheduleFields = []string{"place", "hours"}

var absenceFields = []string{"first_day", "last_day", "reason"}

// editsSchedules reports whether the actor edits someone's working
// times: organisation admins, point managers, and staff members linked
// to their account.
func editsSchedules(a *access.Actor) bool {
	return administers(a) || len(managedPoints(a)) > 0 || a.StaffMember != ""
}

// schedulesAllowed lets in those editsSchedules names.
func (s *Server) schedulesAllowed(r *http.Request) error {
	return s.allow(r, editsSchedules(actor(r)), "staff.schedules.list", "staff", "", "",
		"Working times are edited by the admins of the staff member's organisation, the managers of the service points, "+
			"and staff members whose account is linked to them.")
}

// staffSchedulesPage opens the working times of ?staff=, or of the
// person themself when their account is linked to a staff member.
func (s *Server) staffSchedulesPage(w http.ResponseWriter, r *http.Request) {
	slug := r.URL.Query().Get("staff")
	if !r.URL.Query().Has("staff") {
		slug = actor(r).StaffMember
	}
	s.renderSchedules(w, r, http.StatusOK, slug, scheduleForm{}, absenceForm{}, nil, nil)
}

// renderSchedules shows the page for person slug ("" to choose one),
// with the forms as sent and their errors, if any.
func (s *Server) renderSchedules(w http.ResponseWriter, r *http.Request, status int, slug string, form scheduleForm, absence absenceForm, formErrIn, absentErrIn error) {
	if err := s.schedulesAllowed(r); err != nil {
		s.staffFail(w, r, err)
		return
	}
	if s.bookings == nil {
		s.staffFail(w, r, errNoBooking)
		return
	}
	ctx := r.Context()
	d := schedulesData{staffData: s.newStaff(r), Staff: slug, Form: form, Absence: absence}
	d.titled(d.T("schedules.title"))
	people, places, err := s.scheduleChoices(r, d.page)
	if err != nil {
		s.staffFail(w, r, err)
		return
	}
	for _, p := range people {
		p.Selected = p.Value == slug
		d.People = append(d.People, p)
		if p.Selected {
			d.Person = p.Label
		}
	}
	if slug != "" && d.Person == "" {
		s.staffFail(w, r, errs.E(errs.NotFound, "Choose a person from the list: it shows the staff whose working times you edit."))
		return
	}
	if slug == "" {
		s.render(w, r, status, "staff_schedules", d.Lang, d)
		return
	}
	t, err := s.bookings.StaffSchedules(ctx, slug)
	if err != nil {
		s.staffFail(w, r, err)
		return
	}
	d.Shown = true
	d.titled(d.T("schedules.title_of", d.Person))
	n := s.namer(r, d.Lang)
	for i, sc := range t.Schedules {
		row := scheduleRow{N: i, Point: sc.Point, Hours: sc.Hours, Place: d.T("schedules.remote")}
		if sc.Point != "" {
			row.Place = n.point(sc.Point)
		}
		d.Schedules = append(d.Schedules, row)
	}
	for i, a := range t.Absences {
		d.Absences = append(d.Absences, absenceRow{N: i, FirstDay: a.FirstDay, LastDay: a.LastDay, Days: d.dayRange(a.FirstDay, a.LastDay), Reason: a.Reason})
	}
	for _, p := range places {
		p.Selected = p.Value == form.Place
		d.Places = append(d.Places, p)
	}
	if formErrIn != nil {
		d.Err = formErr(d.page, "schedule-error", "schedule-", formErrIn, scheduleFields, "schedules", "hours", "staff", "place")
	}
	if absentErrIn != nil {
		d.AbsentErr = formErr(d.page, "absence-error", "absence-", absentErrIn, absenceFields)
	}
	s.render(w, r, status, "staff_schedules", d.Lang, d)
}

// scheduleChoices lists the people whose working times the actor edits
// here (the staff of the organisations they administer, and of those
// serving at the points they manage, and themself) and the places they
// may name (for themself, the points where their organisation serves).
func (s *Server) scheduleChoices(r *http.Request, p *page) (people, places []option, err error) {
	ctx := r.Context()
	a := actor(r)
	everyone, err := s.directory(r, p.Lang).everyone()
	if err != nil {
		return nil, nil, err
	}
	orgs := a.Organisations(access.OrgAdmin)
	serving := slices.Clone(orgs)
	filters := make([]catalogue.PointFilter, len(orgs))
	for i, org := range orgs {
		filters[i].Organisation = org
	}
	if i := slices.IndexFunc(everyone, func(m catalogue.StaffMember) bool { return a.Is(m.Slug) }); i >= 0 {
		filters = append(filters, catalogue.PointFilter{Organisation: everyone[i].Organisation})
	}
	if a.IsAdmin() {
		filters = []catalogue.PointFilter{{}} // every point
	}
	var points []catalogue.Point
	for _, f := range filters {
		list, err := allOf(ctx, func(pg catalogue.Page) ([]catalogue.Point, string, error) {
			f.Page = pg
			return s.cat.Points(ctx, f)
		})
		if err != nil {
			return nil, nil, err
		}
		points = append(points, list...)
	}
	for _, slug := range managedPoints(a) {
		pd, err := s.cat.Point(ctx, slug)
		if err != nil {
			return nil, nil, err
		}
		points = append(points, pd.Point)
		for _, o := range pd.Organisations {
			serving = append(serving, o.Slug)
		}
	}
	for _, m := range everyone {
		if a.IsAdmin() || a.Is(m.Slug) || slices.Contains(serving, m.Organisation) {
			people = append(people, option{Value: m.Slug, Label: m.Name})
		}
	}
	sortByName(s.pages.langs, p.Lang, people, func(o option) string { return o.Label })
	seen := map[string]bool{}
	for _, pt := range points {
		if !seen[pt.Slug] {
			seen[pt.Slug] = true
			places = append(places, option{Value: pt.Slug, Label: pt.Name.In(p.Lang)})
		}
	}
	sortByName(s.pages.langs, p.Lang, places, func(o option) string { return o.Label })
	if len(orgs) > 0 || a.IsAdmin() || a.StaffMember != "" {
		// Working remotely names no point: only the organisation's
		// admins, and the staff member themself, decide it.
		places = append(places, option{Value: remotePlace, Label: p.T("schedules.remote")})
	}
	return people, places, nil
}

// changeSchedules reads the person's working times, changes them with
// change and saves them if the actor may, all or nothing.
func (s *Server) changeSchedules(r *http.Request, slug string, change func(t *booking.StaffTime) error) error {
	old, err := s.bookings.StaffSchedules(r.Context(), slug)
	if err != nil {
		return err
	}
	t := booking.StaffTime{Staff: slug, Schedules: slices.Clone(old.Schedules), Absences: slices.Clone(old.Absences)}
	if err := change(&t); err != nil {
		return err
	}
	if err := t.Validate(); err != nil {
		return err
	}
	if err := s.mayReplaceSchedules(r, old, t); err != nil {
		return err
	}
	return s.bookings.ReplaceStaffSchedules(r.Context(), actor(r), t)
}

// schedulesDone is where a change of person slug's working times leads.
func schedulesDone(slug, done string) string {
	return schedulesPath + "?" + url.Values{"staff": {slug}, "done": {done}}.Encode()
}

func (s *Server) staffAddSchedule(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	form := scheduleForm{Place: formValue(r, "place"), Hours: formValue(r, "hours")}
	err := s.changeSchedules(r, slug, func(t *booking.StaffTime) error {
		sc := booking.Schedule{Staff: slug, Point: form.Place, Hours: form.Hours}
		switch {
		case form.Place == "":
			return errs.Param("place", "Choose where: a service point, or remote work.")
		case form.Place == remotePlace:
			sc.Point = ""
		}
		if form.Hours == "" {
			return errs.Param("hours", "Give the days and hours, such as Mo-Fr 08:00-16:00.")
		}
		if _, err := hours.Parse(form.Hours); err != nil {
			return errs.Param("hours", "The hours %q cannot be read: %v", form.Hours, err)
		}
		t.Schedules = append(t.Schedules, sc)
		return nil
	})
	if err != nil {
		s.formAgain(w, r, err, func(status int) {
			s.renderSchedules(w, r, status, slug, form, absenceForm{}, err, nil)
		})
		return
	}
	http.Redirect(w, r, schedulesDone(slug, "schedule_added"), http.StatusSeeOther)
}

func (s *Server) staffAddAbsence(w http.ResponseWriter, r *http.Request) {
	slug := r.PathValue("slug")
	form := absenceForm{FirstDay: formValue(r, "first_day"), LastDay: formValue(r, "last_day"), Reason: formValue(r, "reason")}
	err := s.changeSchedules(r, slug, func(t *booking.StaffTime) error {
		a := booking.Absence{Staff: slug, FirstDay: form.FirstDay, Reason: form.Reason}
		var err error
		if a.LastDay, err = checkDays("absence", form.FirstDay, form.LastDay); err != nil {
			return err
		}
		if len(a.Reason) > booking.MaxAbsenceReason {
			return errs.Param("reason", "Keep the reason under %d characters.", booking.MaxAbsenceReason)
		}
		t.Absences = append(t.Absences, a)
		return nil
	})
	if err != nil {
		s.formAgain(w, r, err, func(status int) {
			s.renderSchedules(w, r, status, slug, scheduleForm{}, form, nil, err)
		})
		return
	}
	http.Redirect(w, r, schedulesDone(slug, "absence_added"), http.StatusSeeOther)
}

// staffRemove answers the remove button of row n of a person's working
// times or absences: remove takes the row out if it is still the one the
// page showed (its fields come back with the form), and the page shows
// notice done. A row no longer there is not found; one that changed is a
// conflict, so that a list changed meanwhile does not lose the wrong row.
func (s *Server) staffRemove(done string, remove func(r *http.Request, t *booking.StaffTime, n int) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		slug := r.PathValue("slug")
		n, err := strconv.Atoi(r.PathValue("n"))
		if err != nil || n < 0 {
			s.staffFail(w, r, errs.E(errs.NotFound, "There is no such row to remove."))
			return
		}
		if err := s.changeSchedules(r, slug, func(t *booking.StaffTime) error { return remove(r, t, n) }); err != nil {
			s.staffFail(w, r, err)
			return
		}
		http.Redirect(w, r, schedulesDone(slug, done), http.StatusSeeOther)
	}
}

// removeSchedule takes out working time n.
func removeSchedule(r *http.Request, t *booking.StaffTime, n int) error {
	if n >= len(t.Schedules) {
		return errs.E(errs.NotFound, "There is no such working time: it may have been removed already.")
	}
	if sc := t.Schedules[n]; sc.Point != formValue(r, "point") || sc.Hours != formValue(r, "hours") {
		return errs.E(errs.Conflict, "The working times changed meanwhile; look at them again and choose the row to remove.")
	}
	t.Schedules = slices.Delete(t.Schedules, n, n+1)
	return nil
}

// removeAbsence takes out absence n.
func removeAbsence(r *http.Request, t *booking.StaffTime, n int) error {
	if n >= len(t.Absences) {
		return errs.E(errs.NotFound, "There is no such absence: it may have been removed already.")
	}
	if a := t.Absences[n]; a.FirstDay != formValue(r, "first_day") || a.LastDay != formValue(r, "last_day") || a.Reason != formValue(r, "reason") {
		return errs.E(errs.Conflict, "The absences changed meanwhile; look at them again and choose the one to remove.")
	}
	t.Absences = slices.Delete(t.Absences, n, n+1)
	return nil
}
