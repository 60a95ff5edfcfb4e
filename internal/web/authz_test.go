package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/onestop-fi/onestop/internal/access"
	"github.com/onestop-fi/onestop/internal/booking"
	"github.com/onestop-fi/onestop/internal/catalogue"
	"github.com/onestop-fi/onestop/internal/demo"
	"github.com/onestop-fi/onestop/internal/queue"
	"github.com/onestop-fi/onestop/internal/store"
	"github.com/onestop-fi/onestop/internal/store/storetest"
	"github.com/onestop-fi/onestop/internal/web"
)

// The roles of the matrix, in its column order. Each is an API token with
// one grant; anonymous has none.
var matrixRoles = []struct {
	name  string
	grant *access.Grant
}{
	{"anonymous", nil},
	{"admin", &access.Grant{Role: access.Admin}},
	{"org_admin", &access.Grant{Role: access.OrgAdmin, Organisation: "kela"}},
	{"point_manager", &access.Grant{Role: access.PointManager, Point: "palojoenkulma"}},
	{"staff", &access.Grant{Role: access.Staff, Organisation: "kela"}},
	{"interpreter", &access.Grant{Role: access.Interpreter, Organisation: "pori"}},
	{"analyst", &access.Grant{Role: access.Analyst, Organisation: "pori"}},
}

// matrixRow is one route's expected answers: want[i] is the status for
// matrixRoles[i]. prepare, if set, makes the request's target afresh for
// each role (so that a DELETE has something to delete) and returns the
// path; body makes the request body.
type matrixRow struct {
	method, path string
	want         [7]int
	prepare      func(t *testing.T, f *fixture) string
	body         func(role string) string
}

// fixture is the demo installation the matrix runs against.
type fixture struct {
	db       *store.DB
	svc      *access.Service
	ts       *httptest.Server
	srv      *web.Server
	staff    access.Account // the demo's Kela staff account
	customer string         // a customer record of Kela
	kelaSvc  string         // a Kela service given at Palojoenkulma
	kelaStaf catalogue.StaffMember
	resource catalogue.Resource
	queues   *store.Queues
}

func newFixture(t *testing.T, e storetest.Engine) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{db: e.Open(t)}
	if _, err := demo.Load(ctx, f.db.Catalogue()); err != nil {
		t.Fatal(err)
	}
	f.svc = accessOf(t, f.db)
	if _, err := demo.LoadAccounts(ctx, f.svc); err != nil {
		t.Fatal(err)
	}
	var err error
	if _, err := demo.LoadSchedules(ctx, f.db.Appointments()); err != nil {
		t.Fatal(err)
	}
	queues, hub := f.db.QueuesWithHub(slog.New(slog.DiscardHandler))
	if err := demo.LoadQueues(ctx, queues); err != nil {
		t.Fatal(err)
	}
	f.queues = queues
	f.srv, err = web.New(web.Config{}, f.db.Catalogue(), f.svc, f.db.Ping, slog.New(slog.DiscardHandler), prometheus.NewRegistry(),
		web.WithBookings(f.db.Appointments()), web.WithQueues(queues, hub))
	if err != nil {
		t.Fatal(err)
	}
	f.ts = httptest.NewServer(f.srv.Handler())
	t.Cleanup(f.ts.Close)
	t.Cleanup(f.srv.StopStreams)

	if f.staff, err = f.db.Access().AccountByEmail(ctx, "staff.kela@demo.onestop.fi"); err != nil {
		t.Fatal(err)
	}
	c, err := f.svc.CreateCustomer(ctx, f.staff.Actor("setup"), access.CustomerInput{Customer: access.Customer{Name: "Maija Meikäläinen"}}, "")
	if err != nil {
		t.Fatal(err)
	}
	f.customer = c.ID
	pd, err := f.db.Catalogue().Point(ctx, "palojoenkulma")
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range pd.Offerings {
		if o.Organisation == "kela" {
			f.kelaSvc = o.Service
			break
		}
	}
	f.resource = pd.Resources[0]
	staff, _, err := f.db.Catalogue().Staff(ctx, catalogue.StaffFilter{Organisation: "kela"})
	if err != nil || len(staff) == 0 {
		t.Fatalf("Kela staff: %v", err)
	}
	f.kelaStaf = staff[0]
	return f
}

func (f *fixture) entityJSON(t *testing.T, path string) string {
	t.Helper()
	r := do(t, f.ts, "GET", path, nil)
	if r.status != 200 {
		t.Fatalf("GET %s = %d", path, r.status)
	}
	return string(r.body)
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

const (
	a401 = 401
	f403 = 403
)

// matrix lists every route with its expected status per role. A route
// added to routes.go without a row here fails TestAuthorizationMatrix.
func matrix(t *testing.T, f *fixture) []matrixRow {
	ctx := context.Background()
	all := func(code int) [7]int { return [7]int{code, code, code, code, code, code, code} }
	signedIn := func(code int) [7]int { return [7]int{a401, code, code, code, code, code, code} }
	only := func(code int, roles ...string) [7]int {
		w := [7]int{a401, f403, f403, f403, f403, f403, f403}
		for i, r := range matrixRoles {
			if slices.Contains(roles, r.name) {
				w[i] = code
			}
		}
		return w
	}
	// Staff pages answer anonymous visitors with a redirect to sign in
	// (pageOnly) or, for forms, a refusal for want of a CSRF token
	// (formOnly).
	pageOnly := func(code int, roles ...string) [7]int { w := only(code, roles...); w[0] = 303; return w }
	formOnly := func(code int, roles ...string) [7]int { w := only(code, roles...); w[0] = f403; return w }
	kelaOrg := f.entityJSON(t, "/api/v1/organisations/kela")
	kelaService := f.entityJSON(t, "/api/v1/services/"+f.kelaSvc)
	point := func() string {
		var pd catalogue.PointDetail
		json.Unmarshal([]byte(f.entityJSON(t, "/api/v1/points/palojoenkulma")), &pd)
		return mustJSON(pd.Point)
	}()
	// schedulesAt gives the Kela staff member one working time at
	// Palojoenkulma and one absence, and returns their page's path + rest.
	schedulesAt := func(rest string) func(*testing.T, *fixture) string {
		return func(t *testing.T, f *fixture) string {
			err := f.db.Appointments().ReplaceStaffSchedules(ctx, access.SystemActor("test"), booking.StaffTime{Staff: f.kelaStaf.Slug,
				Schedules: []booking.Schedule{{Point: "palojoenkulma", Hours: "Mo 09:00-15:00"}},
				Absences:  []booking.Absence{{FirstDay: "2026-12-28", LastDay: "2026-12-31", Reason: "holiday"}}})
			if err != nil {
				t.Fatal(err)
			}
			return "/staff/schedules/" + f.kelaStaf.Slug + rest
		}
	}
	exception := `{"first_day":"2027-01-07","hours":"off","reason":{"fi":"Koulutus","sv":"Utbildning","en":"Training"}}`
	addException := func(t *testing.T, f *fixture) string {
		e, err := f.db.Catalogue().AddException(ctx, catalogue.Exception{Point: "palojoenkulma", FirstDay: "2027-01-08", LastDay: "2027-01-08",
			Hours: "off", Reason: catalogue.Text{Fi: "x", Sv: "x", En: "x"}})
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprintf("/api/v1/points/palojoenkulma/exceptions/%d", e.ID)
	}
	offeringPath := "/api/v1/points/palojoenkulma/offerings/" + f.kelaSvc
	offering := `{"walk_in_hours":"Mo,Tu,Th,Fr 12:00-15:30; PH off","appointment_hours":"Mo-Fr 09:00-16:00; PH off"}`
	restoreOffering := func(t *testing.T, f *fixture) string {
		if _, err := f.db.Catalogue().SaveOffering(ctx, catalogue.Offering{Point: "palojoenkulma", Service: f.kelaSvc,
			WalkInHours: "Mo,Tu,Th,Fr 12:00-15:30; PH off"}); err != nil {
			t.Fatal(err)
		}
		return offeringPath
	}
	userPath := fmt.Sprintf("/api/v1/users/%d", f.staff.ID)
	analystOfKela := access.Grant{Role: access.Analyst, Organisation: "kela"}
	withoutGrant := func(t *testing.T, f *fixture) string {
		f.db.Access().RemoveGrant(ctx, access.SystemActor("test"), f.staff.ID, analystOfKela)
		return userPath + "/grants"
	}
	withGrant := func(t *testing.T, f *fixture) string {
		f.db.Access().AddGrant(ctx, access.SystemActor("test"), f.staff.ID, analystOfKela)
		return userPath + "/grants?role=analyst&organisation=kela"
	}
	// linkedTo links the demo's Kela staff account to staff member
	// staff ("" for none) and returns the address of its link under
	// prefix.
	linkedTo := func(staff, prefix string) func(*testing.T, *fixture) string {
		return func(t *testing.T, f *fixture) string {
			if err := f.db.Access().LinkStaff(ctx, access.SystemActor("test"), f.staff.ID, staff); err != nil {
				t.Fatal(err)
			}
			return fmt.Sprintf("%s/users/%d/staff-member", prefix, f.staff.ID)
		}
	}
	newToken := func(t *testing.T, f *fixture) string {
		tok, _, err := f.svc.CreateToken(ctx, access.SystemActor("test"), "to revoke", access.Grant{Role: access.Staff, Organisation: "kela"})
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprintf("/api/v1/tokens/%d", tok.ID)
	}
	customerPath := "/api/v1/customers/" + f.customer
	newCustomer := func(t *testing.T, f *fixture) string {
		c, err := f.svc.CreateCustomer(ctx, f.staff.Actor("setup"), access.CustomerInput{Customer: access.Customer{Name: "To Erase"}}, "")
		if err != nil {
			t.Fatal(err)
		}
		return "/api/v1/customers/" + c.ID
	}
	newConsent := func(t *testing.T, f *fixture) string {
		k, err := f.svc.GrantConsent(ctx, f.staff.Actor("setup"), access.Consent{Customer: f.customer, Organisation: "pori", Purpose: "joint visit"})
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprintf("%s/consents/%d", customerPath, k.ID)
	}
	booked := 0
	newAppointment := func(t *testing.T, f *fixture) string {
		booked++
		start := time.Date(2027, 2, 1, 7, 0, 0, 0, time.UTC).Add(time.Duration(booked) * time.Hour)
		ap, err := f.db.Appointments().Book(ctx, nil, booking.Booking{Slot: booking.Slot{Start: start, End: start.Add(30 * time.Minute),
			Point: "palojoenkulma", Channel: booking.InPerson, Services: []string{f.kelaSvc}, Staff: []string{f.kelaStaf.Slug}},
			Customer: booking.Customer{Name: "Matti"}, Reference: booking.NewReference(), TokenHash: "x"})
		if err != nil {
			t.Fatal(err)
		}
		return "/api/v1/appointments/" + ap.Reference
	}
	// staffAppointment is the staff page of a new appointment, with suffix.
	staffAppointment := func(suffix string) func(*testing.T, *fixture) string {
		return func(t *testing.T, f *fixture) string {
			return strings.Replace(newAppointment(t, f), "/api/v1/", "/staff/", 1) + suffix
		}
	}
	// residentPage is a page of a new appointment for its customer.
	residentPage := func(sub string) func(*testing.T, *fixture) string {
		return func(t *testing.T, f *fixture) string {
			return strings.Replace(newAppointment(t, f), "/api/v1/", "/", 1) + sub
		}
	}
	fixed := func(s string) func(string) string { return func(string) string { return s } }
	n := 0
	unique := func(format string) func(string) string {
		return func(role string) string { n++; return fmt.Sprintf(format, role, n) }
	}
	customerRoles := []string{"org_admin", "staff"}
	orgAdmins := []string{"admin", "org_admin"}
	// Desks are worked by the point's managers and the staff and admins
	// of organisations giving services there; the interpreter's role
	// does not work desks. A desk nobody signed in to refuses its steps
	// with 409 once the caller may use it.
	deskWorkers := []string{"admin", "org_admin", "point_manager", "staff"}
	desks, err := f.queues.Desks(ctx, "palojoenkulma")
	if err != nil || len(desks) == 0 {
		t.Fatalf("demo desks: %v", err)
	}
	desk := fmt.Sprintf("/api/v1/desks/%d", desks[0].ID)
	// The desk pages use another desk than the API rows, which leave
	// theirs signed in.
	deskPage := fmt.Sprintf("/staff/desks/%d", desks[1].ID)
	newTicket := func(t *testing.T, f *fixture) string {
		tk, err := f.queues.Take(ctx, queue.Take{Point: "palojoenkulma", Queue: "kela", Language: "fi"})
		if err != nil {
			t.Fatal(err)
		}
		return "/api/v1/tickets/" + tk.ID
	}

	return []matrixRow{
		{method: "GET", path: "/healthz", want: all(200)},
		{method: "GET", path: "/readyz", want: all(200)},
		{method: "GET", path: "/metrics", want: all(200)},
		{method: "GET", path: "/api/v1/openapi.json", want: all(200)},
		{method: "GET", path: "/api/v1/organisations", want: all(200)},
		{method: "GET", path: "/api/v1/organisations/kela", want: all(200)},
		{method: "GET", path: "/api/v1/services", want: all(200)},
		{method: "GET", path: "/api/v1/services/" + f.kelaSvc, want: all(200)},
		{method: "GET", path: "/api/v1/points", want: all(200)},
		{method: "GET", path: "/api/v1/points/palojoenkulma", want: all(200)},
		{method: "GET", path: "/api/v1/points/palojoenkulma/hours", want: all(200)},
		{method: "GET", path: "/api/v1/points/palojoenkulma/hours.ics", want: all(200)},
		{method: "GET", path: "/api/v1/points/palojoenkulma/open", want: all(200)},
		{method: "GET", path: "/api/v1/points/palojoenkulma/exceptions", want: all(200)},
		{method: "POST", path: "/api/v1/points/palojoenkulma/exceptions", want: only(201, "admin", "point_manager"), body: fixed(exception)},
		{method: "DELETE", path: "/api/v1/points/{slug}/exceptions/{id}", want: only(204, "admin", "point_manager"), prepare: addException},
		{method: "GET", path: "/api/v1/staff", want: all(200)},
		{method: "GET", path: "/api/v1/slots?service=" + f.kelaSvc + "&point=palojoenkulma", want: all(200)},
		{method: "POST", path: "/api/v1/appointments", want: all(400), body: fixed(`{"start":`)},
		{method: "GET", path: "/api/v1/appointments/{reference}", want: only(200, customerRoles...), prepare: newAppointment},
		{method: "DELETE", path: "/api/v1/appointments/{reference}", want: only(204, customerRoles...), prepare: newAppointment},
		{method: "PATCH", path: "/api/v1/appointments/{reference}", want: only(400, customerRoles...), prepare: newAppointment, body: fixed(`{}`)},
		{method: "GET", path: "/api/v1/points/palojoenkulma/appointments", want: only(200, customerRoles...)},
		{method: "GET", path: "/api/v1/staff/{slug}/appointments", want: only(200, customerRoles...),
			prepare: func(*testing.T, *fixture) string { return "/api/v1/staff/" + f.kelaStaf.Slug + "/appointments" }},
		{method: "GET", path: "/api/v1/staff/{slug}/schedules", want: signedIn(200),
			prepare: func(*testing.T, *fixture) string { return "/api/v1/staff/" + f.kelaStaf.Slug + "/schedules" }},
		{method: "PUT", path: "/api/v1/staff/{slug}/schedules", want: only(200, "admin", "org_admin", "point_manager"),
			prepare: func(t *testing.T, f *fixture) string {
				// Each role starts from a schedule at Palojoenkulma only,
				// which its managers may change.
				err := f.db.Appointments().ReplaceStaffSchedules(ctx, access.SystemActor("test"), booking.StaffTime{Staff: f.kelaStaf.Slug,
					Schedules: []booking.Schedule{{Point: "palojoenkulma", Hours: "Mo 09:00-15:00"}}})
				if err != nil {
					t.Fatal(err)
				}
				return "/api/v1/staff/" + f.kelaStaf.Slug + "/schedules"
			},
			body: fixed(`{"schedules":[{"point":"palojoenkulma","hours":"Tu 09:00-15:00"}],"absences":[{"first_day":"2026-12-28","last_day":"2026-12-31","reason":"holiday"}]}`)},

		{method: "POST", path: "/api/v1/catalogue", want: only(201, "admin"),
			body: unique(`{"organisations":[{"slug":"org-%s-%d","kind":"municipality","business_id":"2345678-0","name":{"fi":"X","sv":"X","en":"X"}}]}`)},
		{method: "PUT", path: "/api/v1/organisations/kela", want: only(200, orgAdmins...), body: fixed(kelaOrg)},
		{method: "PUT", path: "/api/v1/services/" + f.kelaSvc, want: only(200, orgAdmins...), body: fixed(kelaService)},
		{method: "PUT", path: "/api/v1/points/palojoenkulma", want: only(200, "admin", "point_manager"), body: fixed(point)},
		{method: "PUT", path: offeringPath, want: only(200, "admin", "org_admin", "point_manager"), body: fixed(offering)},
		{method: "DELETE", path: "/api/v1/points/{slug}/offerings/{service}", want: only(204, "admin", "org_admin", "point_manager"), prepare: restoreOffering},
		{method: "PUT", path: "/api/v1/staff/" + f.kelaStaf.Slug, want: only(200, orgAdmins...), body: fixed(mustJSON(f.kelaStaf))},
		{method: "PUT", path: "/api/v1/resources/" + f.resource.Slug, want: only(200, "admin", "point_manager"), body: fixed(mustJSON(f.resource))},

		{method: "GET", path: "/api/v1/me", want: signedIn(200)},
		{method: "GET", path: "/api/v1/users?organisation=kela", want: only(200, orgAdmins...)},
		{method: "POST", path: "/api/v1/users", want: only(201, orgAdmins...),
			body: unique(`{"email":"new-%s-%d@kela.fi","name":"New Person","grants":[{"role":"staff","organisation":"kela"}]}`)},
		{method: "GET", path: userPath, want: only(200, orgAdmins...)},
		{method: "POST", path: "/api/v1/users/{id}/grants", want: only(201, orgAdmins...), prepare: withoutGrant, body: fixed(mustJSON(analystOfKela))},
		{method: "DELETE", path: "/api/v1/users/{id}/grants", want: only(204, orgAdmins...), prepare: withGrant},
		{method: "PUT", path: "/api/v1/users/{id}/staff-member", want: only(200, orgAdmins...), prepare: linkedTo("maija-meikalainen", "/api/v1"),
			body: fixed(`{"staff_member":"matti-meikalainen"}`)},
		{method: "DELETE", path: "/api/v1/users/{id}/staff-member", want: only(200, orgAdmins...), prepare: linkedTo("maija-meikalainen", "/api/v1")},
		{method: "GET", path: "/api/v1/tokens?organisation=kela", want: only(200, orgAdmins...)},
		{method: "POST", path: "/api/v1/tokens", want: only(201, orgAdmins...), body: fixed(`{"name":"queue screen","grant":{"role":"staff","organisation":"kela"}}`)},
		{method: "DELETE", path: "/api/v1/tokens/{id}", want: only(204, orgAdmins...), prepare: newToken},
		{method: "GET", path: "/api/v1/audit?organisation=kela", want: only(200, orgAdmins...)},
		{method: "GET", path: "/api/v1/audit.csv?organisation=kela", want: only(200, orgAdmins...)},

		// Customer data: the organisation's own staff and admins only —
		// not even an installation admin.
		{method: "POST", path: "/api/v1/customers", want: only(201, customerRoles...), body: fixed(`{"organisation":"kela","name":"Uusi Asiakas"}`)},
		{method: "POST", path: "/api/v1/customers/search", want: only(200, customerRoles...), body: fixed(`{"identity_code":"131052-308T"}`)},
		{method: "GET", path: customerPath, want: only(200, customerRoles...)},
		{method: "PUT", path: customerPath, want: only(200, customerRoles...), body: fixed(`{"name":"Maija Meikäläinen","phone":"+358 40 765 4321"}`)},
		{method: "DELETE", path: "/api/v1/customers/{id}", want: only(204, customerRoles...), prepare: newCustomer},
		{method: "GET", path: customerPath + "/export", want: only(200, customerRoles...)},
		{method: "POST", path: customerPath + "/consents", want: only(201, customerRoles...), body: fixed(`{"organisation":"pori","purpose":"joint visit"}`)},
		{method: "DELETE", path: "/api/v1/customers/{id}/consents/{consent}", want: only(204, customerRoles...), prepare: newConsent},
		{method: "GET", path: "/api/v1/nothing-here", want: all(404)},

		// Walk-in queues: tickets and displays for anyone, desks for
		// those who work at the point, queue and desk setup for its
		// managers, the visit record for managers, admins and analysts.
		{method: "GET", path: "/api/v1/points/palojoenkulma/queues", want: all(200)},
		{method: "PUT", path: "/api/v1/points/palojoenkulma/queues/kela", want: only(200, "admin", "point_manager"),
			body: fixed(`{"prefix":"K","name":{"fi":"Kelan neuvonta","sv":"FPA:s rådgivning","en":"Kela guidance"},"services":["kela-benefit-guidance"]}`)},
		{method: "GET", path: "/api/v1/points/palojoenkulma/desks", want: only(200, deskWorkers...)},
		{method: "PUT", path: "/api/v1/points/palojoenkulma/desks/desk-1", want: only(200, "admin", "point_manager"), body: fixed(`{"name":"1"}`)},
		{method: "POST", path: "/api/v1/points/palojoenkulma/tickets", want: all(400), body: fixed(`{"queue":""}`)},
		{method: "POST", path: "/api/v1/points/palojoenkulma/checkins", want: all(400), body: fixed(`{"reference":"?"}`)},
		{method: "GET", path: "/api/v1/points/nowhere/display", want: all(404)},
		{method: "GET", path: "/api/v1/points/palojoenkulma/visits", want: only(200, "admin", "org_admin", "point_manager", "analyst")},
		{method: "GET", path: "/api/v1/tickets/{id}", want: all(200), prepare: newTicket},
		{method: "GET", path: "/api/v1/tickets/abcdefghjkmnpqrs/events", want: all(404)},
		{method: "GET", path: desk, want: only(200, deskWorkers...)},
		{method: "POST", path: desk + "/signout", want: only(409, deskWorkers...)},
		{method: "POST", path: desk + "/next", want: only(409, deskWorkers...)},
		{method: "POST", path: desk + "/recall", want: only(409, deskWorkers...)},
		{method: "POST", path: desk + "/serve", want: only(409, deskWorkers...)},
		{method: "POST", path: desk + "/noshow", want: only(409, deskWorkers...)},
		{method: "POST", path: desk + "/transfer", want: only(409, deskWorkers...), body: fixed(`{"queue":"digital-help"}`)},
		{method: "POST", path: desk + "/finish", want: only(409, deskWorkers...), body: fixed(`{"outcome":"served"}`)},
		// Last, as it leaves the desk signed in.
		{method: "POST", path: desk + "/signin", want: only(200, deskWorkers...), body: fixed(`{"queues":["kela"]}`)},

		// Pages, with a session per role.
		{method: "GET", path: "/", want: all(200)},
		{method: "GET", path: "/points/palojoenkulma", want: all(200)},
		{method: "GET", path: "/language?lang=sv&next=/", want: all(303)},
		{method: "GET", path: "/static/nothing.css", want: all(404)},
		{method: "GET", path: "/signin", want: [7]int{200, 303, 303, 303, 303, 303, 303}},
		{method: "POST", path: "/signin", want: [7]int{403, 401, 401, 401, 401, 401, 401}, body: unique("email=%s-%d@matrix.test&password=wrong")},
		{method: "GET", path: "/signin/oidc/kela", want: all(404)},
		{method: "GET", path: "/signin/oidc/kela/callback", want: all(401)},
		{method: "POST", path: "/signout", want: [7]int{403, 303, 303, 303, 303, 303, 303}},
		{method: "POST", path: "/signout/everywhere", want: [7]int{403, 303, 303, 303, 303, 303, 303}},
		{method: "GET", path: "/no/such/page", want: all(404)},

		// The resident's booking pages answer every role the same; their
		// forms are refused without the CSRF token, and the pages of an
		// appointment send a browser without its code to the page that
		// asks for it. (Kela's offering at Palojoenkulma loses its
		// appointment hours in the rows above, so these book the
		// county's social work.)
		{method: "GET", path: "/book", want: all(200)},
		{method: "GET", path: "/book/place?service=satakunta-adult-social-work", want: all(200)},
		{method: "GET", path: "/book/times?service=satakunta-adult-social-work&place=palojoenkulma", want: all(200)},
		{method: "GET", path: "/book/details", want: all(200), prepare: func(t *testing.T, f *fixture) string {
			r := do(t, f.ts, "GET", "/api/v1/slots?service=satakunta-adult-social-work&point=palojoenkulma&limit=1", nil)
			slots := decode[page[booking.Slot]](t, r).Items
			if len(slots) == 0 {
				t.Fatalf("no free time: %s", r.body)
			}
			return "/book/details?" + url.Values{"service": {"satakunta-adult-social-work"}, "place": {"palojoenkulma"},
				"start": {slots[0].Start.Format(time.RFC3339)}}.Encode()
		}},
		{method: "POST", path: "/book", want: [7]int{403, 400, 400, 400, 400, 400, 400},
			body: fixed("service=satakunta-adult-social-work&place=palojoenkulma&name=Matti&phone=040+123+4567")},
		{method: "GET", path: "/appointments", want: all(200)},
		{method: "POST", path: "/appointments", want: [7]int{403, 400, 400, 400, 400, 400, 400}, body: fixed("reference=OOOO&code=x")},
		{method: "GET", path: "/appointments/{reference}", want: all(200), prepare: residentPage("")},
		{method: "GET", path: "/appointments/{reference}/calendar.ics", want: all(303), prepare: residentPage("/calendar.ics")},
		{method: "GET", path: "/appointments/{reference}/move", want: all(303), prepare: residentPage("/move")},
		{method: "POST", path: "/appointments/{reference}/move", want: [7]int{403, 303, 303, 303, 303, 303, 303}, prepare: residentPage("/move")},
		{method: "GET", path: "/appointments/{reference}/cancel", want: all(303), prepare: residentPage("/cancel")},
		{method: "POST", path: "/appointments/{reference}/cancel", want: [7]int{403, 303, 303, 303, 303, 303, 303}, prepare: residentPage("/cancel")},
		{method: "POST", path: "/appointments/{reference}/forget", want: [7]int{403, 303, 303, 303, 303, 303, 303}, prepare: residentPage("/forget")},

		// Staff pages: anonymous visitors are sent to sign in (GET) or
		// refused for want of a CSRF token (POST); the others get the
		// page, a redirect after a change (Post/Redirect/Get), a page
		// showing a secret once (201), or the 403 page.
		{method: "GET", path: "/staff", want: [7]int{303, 200, 200, 200, 200, 200, 200}},
		{method: "POST", path: "/staff/password", want: [7]int{403, 303, 303, 303, 303, 303, 303},
			body: func(role string) string {
				return "new_password=new-password-of-" + role + "&new_password_again=new-password-of-" + role
			}},
		{method: "GET", path: "/staff/points/palojoenkulma", want: pageOnly(200, "admin", "point_manager")},
		{method: "POST", path: "/staff/points/palojoenkulma/exceptions", want: formOnly(303, "admin", "point_manager"),
			body: fixed("first_day=2027-01-09&open=closed&reason_fi=Koulutus")},
		{method: "POST", path: "/staff/points/{slug}/exceptions/{id}/delete", want: formOnly(303, "admin", "point_manager"),
			prepare: func(t *testing.T, f *fixture) string {
				return strings.Replace(addException(t, f), "/api/v1/", "/staff/", 1) + "/delete"
			}},
		// Working times: the pages use the API's rule. Each role starts
		// from one working time at Palojoenkulma and one absence.
		{method: "GET", path: "/staff/schedules", want: pageOnly(200, "admin", "org_admin", "point_manager"),
			prepare: func(*testing.T, *fixture) string { return "/staff/schedules?staff=" + f.kelaStaf.Slug }},
		{method: "POST", path: "/staff/schedules/{slug}/schedules", want: formOnly(303, "admin", "org_admin", "point_manager"),
			prepare: schedulesAt("/schedules"), body: fixed("place=palojoenkulma&hours=Tu+09:00-15:00")},
		{method: "POST", path: "/staff/schedules/{slug}/schedules/{n}/delete", want: formOnly(303, "admin", "org_admin", "point_manager"),
			prepare: schedulesAt("/schedules/0/delete"), body: fixed("point=palojoenkulma&hours=Mo+09:00-15:00")},
		{method: "POST", path: "/staff/schedules/{slug}/absences", want: formOnly(303, "admin", "org_admin", "point_manager"),
			prepare: schedulesAt("/absences"), body: fixed("first_day=2027-01-04&last_day=2027-01-08&reason=Loma")},
		{method: "POST", path: "/staff/schedules/{slug}/absences/{n}/delete", want: formOnly(303, "admin", "org_admin", "point_manager"),
			prepare: schedulesAt("/absences/0/delete"), body: fixed("first_day=2026-12-28&last_day=2026-12-31&reason=holiday")},
		{method: "GET", path: "/staff/users?organisation=kela", want: pageOnly(200, orgAdmins...)},
		{method: "POST", path: "/staff/users", want: formOnly(303, orgAdmins...),
			body: unique("name=New+Person&email=page-%s-%d@kela.fi&role=staff&where=org:kela&password=a-long-enough-password")},
		{method: "POST", path: "/staff/users/{id}/grants", want: formOnly(303, orgAdmins...), body: fixed("role=analyst&where=org:kela"),
			prepare: func(t *testing.T, f *fixture) string {
				return strings.Replace(withoutGrant(t, f), "/api/v1/", "/staff/", 1)
			}},
		{method: "POST", path: "/staff/users/{id}/grants/revoke", want: formOnly(303, orgAdmins...), body: fixed("role=analyst&organisation=kela"),
			prepare: func(t *testing.T, f *fixture) string {
				p, _, _ := strings.Cut(withGrant(t, f), "?")
				return strings.Replace(p, "/api/v1/", "/staff/", 1) + "/revoke"
			}},
		{method: "POST", path: "/staff/users/{id}/staff-member", want: formOnly(303, orgAdmins...), prepare: linkedTo("", "/staff"),
			body: fixed("staff_member=maija-meikalainen&view=kela")},
		{method: "GET", path: "/staff/tokens?organisation=kela", want: pageOnly(200, orgAdmins...)},
		{method: "POST", path: "/staff/tokens", want: formOnly(201, orgAdmins...), body: fixed("name=queue+screen&role=staff&where=org:kela")},
		{method: "POST", path: "/staff/tokens/{id}/revoke", want: formOnly(303, orgAdmins...),
			prepare: func(t *testing.T, f *fixture) string {
				return strings.Replace(newToken(t, f), "/api/v1/", "/staff/", 1) + "/revoke"
			}},
		{method: "GET", path: "/staff/audit?organisation=kela", want: pageOnly(200, orgAdmins...)},
		{method: "GET", path: "/staff/audit.csv?organisation=kela", want: pageOnly(200, orgAdmins...)},
		{method: "GET", path: "/staff/customers", want: pageOnly(200, customerRoles...)},
		{method: "POST", path: "/staff/customers", want: formOnly(303, customerRoles...), body: fixed("organisation=kela&name=Uusi+Asiakas")},
		{method: "POST", path: "/staff/customers/search", want: formOnly(200, customerRoles...), body: fixed("identity_code=131052-308T")},
		{method: "GET", path: "/staff/customers/" + f.customer, want: pageOnly(200, customerRoles...)},
		{method: "GET", path: "/staff/customers/" + f.customer + "/export", want: pageOnly(200, customerRoles...)},
		{method: "GET", path: "/staff/customers/" + f.customer + "/erase", want: pageOnly(200, customerRoles...)},
		{method: "POST", path: "/staff/customers/{id}/erase", want: formOnly(303, customerRoles...),
			prepare: func(t *testing.T, f *fixture) string {
				return strings.Replace(newCustomer(t, f), "/api/v1/", "/staff/", 1) + "/erase"
			}},
		{method: "POST", path: "/staff/customers/" + f.customer + "/consents", want: formOnly(303, customerRoles...),
			body: fixed("organisation=pori&purpose=joint+visit")},
		{method: "POST", path: "/staff/customers/{id}/consents/{consent}/withdraw", want: formOnly(303, customerRoles...),
			prepare: func(t *testing.T, f *fixture) string {
				return strings.Replace(newConsent(t, f), "/api/v1/", "/staff/", 1) + "/withdraw"
			}},
		{method: "GET", path: "/staff/calendar?point=palojoenkulma", want: pageOnly(200, customerRoles...)},
		{method: "GET", path: "/staff/appointments", want: all(303)},
		{method: "GET", path: "/staff/appointments/{reference}", want: pageOnly(200, customerRoles...), prepare: staffAppointment("")},
		{method: "GET", path: "/staff/appointments/{reference}/cancel", want: pageOnly(200, customerRoles...), prepare: staffAppointment("/cancel")},
		{method: "POST", path: "/staff/appointments/{reference}/cancel", want: formOnly(303, customerRoles...), prepare: staffAppointment("/cancel")},

		// Walk-in queue pages. The kiosk, a ticket's page and the lobby
		// display answer anyone; the kiosk's forms are refused without
		// the form's token (anonymous posts here carry none) and show
		// the kiosk again for a matter or reference that is none (400).
		// Desk screens are for those who work at the point, as the desk
		// API; desk 2, which nobody signed in to, shows its page again
		// with the refusal of each step (409), and the last row signs
		// in to it.
		{method: "GET", path: "/points/palojoenkulma/kiosk", want: all(200)},
		{method: "POST", path: "/points/palojoenkulma/kiosk", want: [7]int{403, 400, 400, 400, 400, 400, 400}, body: fixed("queue=taxes&language=fi")},
		{method: "POST", path: "/points/palojoenkulma/kiosk/checkin", want: [7]int{403, 400, 400, 400, 400, 400, 400}, body: fixed("reference=%3F")},
		{method: "GET", path: "/t/{id}", want: all(200), prepare: func(t *testing.T, f *fixture) string {
			return strings.Replace(newTicket(t, f), "/api/v1/tickets/", "/t/", 1)
		}},
		{method: "GET", path: "/points/palojoenkulma/display", want: all(200)},
		{method: "GET", path: "/staff/points/palojoenkulma/desks", want: pageOnly(200, deskWorkers...)},
		{method: "GET", path: deskPage, want: pageOnly(200, deskWorkers...)},
		{method: "POST", path: deskPage + "/signout", want: formOnly(409, deskWorkers...)},
		{method: "POST", path: deskPage + "/next", want: formOnly(409, deskWorkers...)},
		{method: "POST", path: deskPage + "/recall", want: formOnly(409, deskWorkers...)},
		{method: "POST", path: deskPage + "/serve", want: formOnly(409, deskWorkers...)},
		{method: "POST", path: deskPage + "/noshow", want: formOnly(409, deskWorkers...)},
		{method: "POST", path: deskPage + "/transfer", want: formOnly(409, deskWorkers...), body: fixed("queue=digital-help&place=head")},
		{method: "POST", path: deskPage + "/finish", want: formOnly(409, deskWorkers...), body: fixed("outcome=served")},
		{method: "POST", path: deskPage + "/signin", want: formOnly(303, deskWorkers...), body: fixed("queues=kela")},
	}
}

// routeOf finds the route pattern a matrix row exercises.
func routeOf(row matrixRow, patterns []string) string {
	path, _, _ := strings.Cut(row.path, "?")
	for _, p := range patterns {
		method, pat, ok := strings.Cut(p, " ")
		if !ok {
			continue
		}
		if method == row.method && samePath(pat, path) {
			return p
		}
	}
	for _, p := range patterns {
		if !strings.Contains(p, " ") && strings.HasPrefix(path, p) && (p == "/api/" || p == "/") {
			if p == "/" && strings.HasPrefix(path, "/api/") {
				continue
			}
			return p
		}
	}
	return ""
}

// samePath matches a path against a pattern with {wildcards}.
func samePath(pattern, path string) bool {
	pattern = strings.TrimSuffix(pattern, "{$}")
	ps, xs := strings.Split(pattern, "/"), strings.Split(path, "/")
	if len(ps) != len(xs) && !strings.HasSuffix(pattern, "...}") {
		return false
	}
	for i, p := range ps {
		if i >= len(xs) {
			return false
		}
		switch {
		case strings.HasSuffix(p, "...}"):
			return true
		case strings.HasPrefix(p, "{") || p == xs[i]:
		default:
			return false
		}
	}
	return true
}

// TestAuthorizationMatrix sends every route's request as every role and
// checks the status. Every route in the route table must have a row.
func TestAuthorizationMatrix(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		f := newFixture(t, e)
		// API requests carry an API token of the role; page requests a
		// fresh session of an account with the role (and, when they
		// change something, its CSRF token), since pages know no tokens.
		headers := make([][]string, len(matrixRoles))
		accounts := make([]access.Account, len(matrixRoles))
		for i, r := range matrixRoles {
			if r.grant != nil {
				headers[i] = tokenFor(t, f.db, *r.grant)
				acc, err := f.svc.CreateAccount(context.Background(), access.SystemActor("test"),
					access.Account{Email: r.name + "@matrix.test", Name: r.name, Grants: []access.Grant{*r.grant}}, "")
				if err != nil {
					t.Fatal(err)
				}
				accounts[i] = acc
			}
		}
		pageHeaders := func(i int, method string, form url.Values) ([]string, io.Reader) {
			if matrixRoles[i].grant == nil {
				return nil, strings.NewReader(form.Encode())
			}
			sess, err := f.svc.StartSession(context.Background(), accounts[i], "", "matrix")
			if err != nil {
				t.Fatal(err)
			}
			if method != "GET" {
				form.Set("csrf", sess.CSRF)
			}
			return []string{"Cookie", "onestop_session=" + sess.Token}, strings.NewReader(form.Encode())
		}
		rows := matrix(t, f)
		patterns := f.srv.Patterns()
		covered := map[string]bool{}
		for _, row := range rows {
			route := routeOf(row, patterns)
			if route == "" {
				t.Errorf("matrix row %s %s matches no route", row.method, row.path)
				continue
			}
			covered[route] = true
			for i, role := range matrixRoles {
				path := row.path
				if row.prepare != nil {
					path = row.prepare(t, f)
				}
				var r response
				switch {
				case !strings.HasPrefix(path, "/api/"):
					form := url.Values{}
					if row.body != nil {
						form, _ = url.ParseQuery(row.body(role.name))
					}
					h, body := pageHeaders(i, row.method, form)
					if row.method != "GET" {
						h = append(h, "Content-Type", "application/x-www-form-urlencoded")
					}
					r = doOnce(t, f.ts, row.method, path, body, h...)
				case row.body != nil:
					h := append(slices.Clone(headers[i]), "Content-Type", "application/json")
					r = doOnce(t, f.ts, row.method, path, strings.NewReader(row.body(role.name)), h...)
				default:
					r = doOnce(t, f.ts, row.method, path, nil, headers[i]...)
				}
				if r.status != row.want[i] {
					t.Errorf("%s %s as %s = %d; want %d (%s)", row.method, path, role.name, r.status, row.want[i], trim(r.body))
				}
			}
		}
		for _, p := range patterns {
			if !covered[p] {
				t.Errorf("route %q has no row in the authorization matrix: add one", p)
			}
		}
	})
}

func trim(b []byte) string {
	s := string(b)
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

// doOnce is do without following redirects.
func doOnce(t *testing.T, ts *httptest.Server, method, path string, body io.Reader, header ...string) response {
	t.Helper()
	c := *ts.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return send(t, &c, ts, method, path, body, header...)
}
