package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/onestop-fi/onestop/internal/access"
	"github.com/onestop-fi/onestop/internal/oidctest"
	"github.com/onestop-fi/onestop/internal/store/storetest"
	"github.com/onestop-fi/onestop/internal/web"
)

// agent is a browser-like client: a cookie jar, no automatic redirects.
type agent struct {
	t    *testing.T
	ts   *httptest.Server
	c    *http.Client
	addr string
}

func newAgent(t *testing.T, ts *httptest.Server) *agent {
	jar, _ := cookiejar.New(nil)
	c := *ts.Client()
	c.Jar = jar
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &agent{t: t, ts: ts, c: &c}
}

type reply struct {
	status   int
	location string
	body     string
}

func (a *agent) send(req *http.Request) reply {
	a.t.Helper()
	res, err := a.c.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return reply{status: res.StatusCode, location: res.Header.Get("Location"), body: string(b)}
}

func (a *agent) get(path string) reply {
	a.t.Helper()
	req, _ := http.NewRequest("GET", a.ts.URL+path, nil)
	return a.send(req)
}

func (a *agent) post(path string, form url.Values, header ...string) reply {
	a.t.Helper()
	req, _ := http.NewRequest("POST", a.ts.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return a.send(req)
}

func (a *agent) api(method, path, body string, header ...string) reply {
	a.t.Helper()
	req, _ := http.NewRequest(method, a.ts.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return a.send(req)
}

func (a *agent) cookie(name string) string {
	u, _ := url.Parse(a.ts.URL)
	for _, c := range a.c.Jar.Cookies(u) {
		if c.Name == name {
			return c.Value
		}
	}
	return ""
}

func (a *agent) setCookie(name, value string) {
	u, _ := url.Parse(a.ts.URL)
	a.c.Jar.SetCookies(u, []*http.Cookie{{Name: name, Value: value, Path: "/"}})
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// formCSRF reads the CSRF token of the form on a page.
func formCSRF(t *testing.T, p reply) string {
	t.Helper()
	m := csrfRE.FindStringSubmatch(p.body)
	if m == nil {
		t.Fatalf("no csrf field on the page (%d)", p.status)
	}
	return m[1]
}

// signIn signs the agent in through the form and returns the session's
// CSRF token for later requests.
func (a *agent) signIn(email, password string) reply {
	a.t.Helper()
	token := formCSRF(a.t, a.get("/signin"))
	return a.post("/signin", url.Values{"csrf": {token}, "email": {email}, "password": {password}, "next": {"/api/v1/me"}})
}

// demoInstallation is the demo with its accounts, served with cfg.
func demoInstallation(t *testing.T, e storetest.Engine, cfg web.Config) *fixture {
	t.Helper()
	f := newFixture(t, e)
	if cfg.OIDC != nil {
		srv, err := web.New(cfg, f.db.Catalogue(), f.svc, f.db.Ping, slog.New(slog.DiscardHandler), prometheus.NewRegistry())
		if err != nil {
			t.Fatal(err)
		}
		f.ts = httptest.NewServer(srv.Handler())
		t.Cleanup(f.ts.Close)
	}
	return f
}

func TestSignInAndSessionFixation(t *testing.T) {
	f := demoInstallation(t, storetest.SQLite, web.Config{})
	a := newAgent(t, f.ts)
	// An attacker plants a session id before the victim signs in.
	planted := access.NewSecret("ses_")
	a.setCookie("onestop_session", planted)
	p := a.signIn("staff.kela@demo.onestop.fi", "demo-staff-kela-pass")
	if p.status != 303 || p.location != "/api/v1/me" {
		t.Fatalf("sign-in = %d %s %s", p.status, p.location, p.body)
	}
	got := a.cookie("onestop_session")
	if got == "" || got == planted {
		t.Fatalf("session cookie after sign-in = %q; want a new id", got)
	}
	if me := a.get("/api/v1/me"); me.status != 200 || !strings.Contains(me.body, "staff.kela@demo.onestop.fi") ||
		!strings.Contains(me.body, `"staff_member": "maija-meikalainen"`) {
		t.Fatalf("me = %d %s", me.status, me.body)
	}
	// The planted id is worth nothing.
	b := newAgent(t, f.ts)
	b.setCookie("onestop_session", planted)
	if me := b.get("/api/v1/me"); me.status != 401 {
		t.Errorf("planted session id after the victim's sign-in = %d", me.status)
	}
	// Signing in again replaces the session: the old id ends.
	old := got
	if p := a.post("/signin", url.Values{"csrf": {sessionToken(t, f, a)}, "email": {"staff.kela@demo.onestop.fi"},
		"password": {"demo-staff-kela-pass"}}); p.status != 303 || a.cookie("onestop_session") == old {
		t.Fatalf("second sign-in = %d", p.status)
	}
	c := newAgent(t, f.ts)
	c.setCookie("onestop_session", old)
	if me := c.get("/api/v1/me"); me.status != 401 {
		t.Errorf("the session before the second sign-in still works: %d", me.status)
	}
	// A wrong password shows the form again with one sentence for both
	// unknown accounts and wrong passwords.
	for _, email := range []string{"staff.kela@demo.onestop.fi", "nobody@demo.onestop.fi"} {
		p := newAgent(t, f.ts).signIn(email, "wrong password")
		if p.status != 401 || !strings.Contains(p.body, "The e-mail address or the password is wrong.") || !strings.Contains(p.body, `value="`+email+`"`) {
			t.Errorf("wrong password for %s = %d", email, p.status)
		}
	}
}

func TestCSRF(t *testing.T) {
	f := demoInstallation(t, storetest.SQLite, web.Config{})
	a := newAgent(t, f.ts)
	body := `{"organisation":"kela","name":"Forged Customer"}`

	// Before sign-in: the sign-in form needs the token of its cookie.
	token := formCSRF(t, a.get("/signin"))
	form := url.Values{"email": {"staff.kela@demo.onestop.fi"}, "password": {"demo-staff-kela-pass"}}
	if p := a.post("/signin", form); p.status != 403 {
		t.Errorf("sign-in without the CSRF field = %d", p.status)
	}
	form.Set("csrf", "x"+token[1:])
	if p := a.post("/signin", form); p.status != 403 {
		t.Errorf("sign-in with a wrong CSRF field = %d", p.status)
	}
	form.Set("csrf", token)
	if p := a.post("/signin", form); p.status != 303 {
		t.Fatalf("sign-in with the CSRF field = %d", p.status)
	}

	// With a session: a state-changing API call must carry the session's
	// token; the pre-session token no longer counts.
	if p := a.api("POST", "/api/v1/customers", body); p.status != 403 {
		t.Errorf("POST with the session cookie and no CSRF header = %d %s", p.status, p.body)
	}
	if p := a.api("POST", "/api/v1/customers", body, "X-CSRF-Token", token); p.status != 403 {
		t.Errorf("POST with the pre-session token = %d", p.status)
	}
	// Another person's session token does not fit either.
	other := newAgent(t, f.ts)
	other.signIn("orgadmin.kela@demo.onestop.fi", "demo-orgadmin-pass")
	sessToken := sessionToken(t, f, a)
	if p := a.api("POST", "/api/v1/customers", body, "X-CSRF-Token", sessionToken(t, f, other)); p.status != 403 {
		t.Errorf("POST with another session's token = %d", p.status)
	}
	// A cross-site request is refused even with the right token.
	if p := a.api("POST", "/api/v1/customers", body, "X-CSRF-Token", sessToken, "Sec-Fetch-Site", "cross-site"); p.status != 403 {
		t.Errorf("cross-site POST = %d", p.status)
	}
	if p := a.api("POST", "/api/v1/customers", body, "X-CSRF-Token", sessToken, "Origin", "https://evil.example"); p.status != 403 {
		t.Errorf("POST from another origin = %d", p.status)
	}
	if n := customersNamed(t, f, "Forged Customer"); n != 0 {
		t.Fatalf("%d forged customers were written", n)
	}
	if p := a.api("POST", "/api/v1/customers", body, "X-CSRF-Token", sessToken); p.status != 201 {
		t.Errorf("POST with the session's token = %d %s", p.status, p.body)
	}
	// Sign-out is a form too.
	if p := a.post("/signout", url.Values{}); p.status != 403 {
		t.Errorf("sign-out without the token = %d", p.status)
	}
	if p := a.post("/signout", url.Values{"csrf": {sessToken}}); p.status != 303 {
		t.Errorf("sign-out = %d", p.status)
	}
	if p := a.get("/api/v1/me"); p.status != 401 {
		t.Errorf("me after sign-out = %d", p.status)
	}
}

// sessionToken finds the CSRF token of the agent's session as a page
// form would carry it.
func sessionToken(t *testing.T, f *fixture, a *agent) string {
	t.Helper()
	sess, err := f.svc.SessionOf(context.Background(), a.cookie("onestop_session"), "test")
	if err != nil {
		t.Fatalf("no session: %v", err)
	}
	return sess.CSRF
}

func customersNamed(t *testing.T, f *fixture, name string) int {
	t.Helper()
	var n int
	f.db.Reader().QueryRowContext(context.Background(), "SELECT COUNT(*) FROM customer WHERE name = $1", name).Scan(&n)
	return n
}

func TestSignInRateLimit(t *testing.T) {
	f := demoInstallation(t, storetest.SQLite, web.Config{})
	a := newAgent(t, f.ts)
	for i := range access.DefaultPolicy.AccountFailures {
		if p := a.signIn("staff.kela@demo.onestop.fi", "guess"); p.status != 401 {
			t.Fatalf("guess %d = %d", i, p.status)
		}
	}
	// Now even the right password is refused, with a sentence saying when
	// to try again.
	p := a.signIn("staff.kela@demo.onestop.fi", "demo-staff-kela-pass")
	if p.status != 429 || !strings.Contains(p.body, "Too many failed sign-ins from this account") {
		t.Fatalf("sign-in after %d failures = %d", access.DefaultPolicy.AccountFailures, p.status)
	}
	if a.cookie("onestop_session") != "" {
		t.Errorf("a session was started while locked")
	}
	// Another account from the same address is not locked by these…
	if p := a.signIn("staff.satakunta@demo.onestop.fi", "demo-staff-county-pass"); p.status != 303 {
		t.Errorf("another account = %d", p.status)
	}
	// …but guessing across many accounts from one address is.
	b := newAgent(t, f.ts)
	for i := range access.DefaultPolicy.AddressFailures {
		b.signIn("guess"+string(rune('a'+i))+"@demo.onestop.fi", "guess")
	}
	if p := b.signIn("analyst@demo.onestop.fi", "demo-analyst-pass"); p.status != 429 || !strings.Contains(p.body, "from this address") {
		t.Errorf("sign-in from an address after %d failures = %d", access.DefaultPolicy.AddressFailures, p.status)
	}
	// Every failure is in the audit log.
	es, _ := f.db.Access().AuditLog(context.Background(), access.AuditFilter{})
	denied := 0
	for _, e := range es {
		if e.Action == "signin" && e.Outcome == access.Refused {
			denied++
		}
	}
	if want := access.DefaultPolicy.AccountFailures + 1 + access.DefaultPolicy.AddressFailures + 1; denied != want {
		t.Errorf("%d refused sign-ins audited; want %d", denied, want)
	}
}

func TestTokenRevocation(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		f := demoInstallation(t, e, web.Config{})
		admin := tokenFor(t, f.db, access.Grant{Role: access.OrgAdmin, Organisation: "kela"})
		a := newAgent(t, f.ts)
		p := a.api("POST", "/api/v1/tokens", `{"name":"queue display","grant":{"role":"staff","organisation":"kela"}}`, admin...)
		if p.status != 201 {
			t.Fatalf("create token = %d %s", p.status, p.body)
		}
		secret := regexp.MustCompile(`"secret": "(ost_[^"]+)"`).FindStringSubmatch(p.body)
		id := regexp.MustCompile(`"id": (\d+)`).FindStringSubmatch(p.body)
		if secret == nil || id == nil {
			t.Fatalf("no secret or id in %s", p.body)
		}
		auth := []string{"Authorization", "Bearer " + secret[1]}
		if p := a.api("GET", "/api/v1/me", "", auth...); p.status != 200 || !strings.Contains(p.body, `"role": "staff"`) {
			t.Fatalf("me with the new token = %d %s", p.status, p.body)
		}
		if list := a.api("GET", "/api/v1/tokens?organisation=kela", "", admin...); strings.Contains(list.body, secret[1]) {
			t.Errorf("the token list shows the secret")
		}
		// A token cannot revoke the token of a role it may not grant.
		if p := a.api("DELETE", "/api/v1/tokens/"+id[1], "", auth...); p.status != 403 {
			t.Errorf("staff token revoking = %d", p.status)
		}
		if p := a.api("DELETE", "/api/v1/tokens/"+id[1], "", admin...); p.status != 204 {
			t.Fatalf("revoke = %d %s", p.status, p.body)
		}
		if p := a.api("GET", "/api/v1/me", "", auth...); p.status != 401 {
			t.Errorf("me with the revoked token = %d", p.status)
		}
		if p := a.api("DELETE", "/api/v1/tokens/"+id[1], "", admin...); p.status != 409 {
			t.Errorf("revoking twice = %d", p.status)
		}
		for _, bad := range []string{"Bearer ", "Bearer ost_nonsense", "Basic dXNlcjpwYXNz", "Bearer " + secret[1] + "x"} {
			if p := a.api("GET", "/api/v1/me", "", "Authorization", bad); p.status != 401 {
				t.Errorf("Authorization %q = %d", bad, p.status)
			}
		}
	})
}

// TestCrossOrganisation runs the customer rules through the HTTP API on
// both engines: Kela cannot read Satakunta's customer until the customer
// consents, reading is all consent allows, and every use and refusal is
// in Satakunta's audit log and CSV export.
func TestCrossOrganisation(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		f := demoInstallation(t, e, web.Config{})
		county := tokenFor(t, f.db, access.Grant{Role: access.Staff, Organisation: "satakunta"})
		countyAdmin := tokenFor(t, f.db, access.Grant{Role: access.OrgAdmin, Organisation: "satakunta"})
		kela := tokenFor(t, f.db, access.Grant{Role: access.Staff, Organisation: "kela"})
		a := newAgent(t, f.ts)

		p := a.api("POST", "/api/v1/customers", `{"organisation":"satakunta","name":"Matti Meikäläinen","phone":"+358 40 123 4567",
			"language":"fi","identity_code":"131052-308T","purpose":"social work appointment"}`, county...)
		if p.status != 201 || strings.Contains(p.body, "131052-308T") || !strings.Contains(p.body, "131052-****") {
			t.Fatalf("create = %d %s", p.status, p.body)
		}
		id := regexp.MustCompile(`"id": "(c-[a-z2-7]+)"`).FindStringSubmatch(p.body)[1]
		path := "/api/v1/customers/" + id

		if p := a.api("GET", path, "", kela...); p.status != 403 || strings.Contains(p.body, "Matti") {
			t.Errorf("Kela reading Satakunta's customer = %d %s", p.status, p.body)
		}
		if p := a.api("POST", "/api/v1/customers/search", `{"identity_code":"131052-308T"}`, kela...); p.status != 200 || strings.Contains(p.body, id) {
			t.Errorf("Kela searching Satakunta's customer = %d %s", p.status, p.body)
		}
		if p := a.api("POST", "/api/v1/customers/search", `{"identity_code":"131052-308T"}`, county...); p.status != 200 || !strings.Contains(p.body, id) {
			t.Errorf("Satakunta searching its customer = %d %s", p.status, p.body)
		}
		if p := a.api("POST", "/api/v1/customers/search", `{"identity_code":"131052-308U"}`, county...); p.status != 400 || strings.Contains(p.body, "131052") {
			t.Errorf("a wrong identity code = %d %s", p.status, p.body)
		}
		if p := a.api("POST", path+"/consents", `{"organisation":"kela","purpose":"joint visit on 3 December"}`, county...); p.status != 201 {
			t.Fatalf("consent = %d %s", p.status, p.body)
		}
		if p := a.api("GET", path, "", append(kela, "X-Purpose", "joint visit")...); p.status != 200 || !strings.Contains(p.body, `"shared_with": "kela"`) {
			t.Errorf("Kela reading with consent = %d %s", p.status, p.body)
		}
		if p := a.api("PUT", path, `{"name":"Changed by Kela"}`, kela...); p.status != 403 {
			t.Errorf("Kela changing with consent = %d", p.status)
		}
		if p := a.api("DELETE", path, "", kela...); p.status != 403 {
			t.Errorf("Kela erasing with consent = %d", p.status)
		}

		csv := a.api("GET", "/api/v1/audit.csv?organisation=satakunta", "", countyAdmin...)
		if csv.status != 200 {
			t.Fatalf("audit.csv = %d %s", csv.status, csv.body)
		}
		for _, want := range []string{
			"customer.create,customer," + id + ",satakunta,social work appointment,",
			",kela,customer.read,customer," + id + ",satakunta,customer service,",
			",kela,customer.read,customer," + id + ",satakunta,joint visit,",
			",kela,customer.update,customer," + id + ",satakunta,",
			",kela,customer.erase,customer," + id + ",satakunta,",
		} {
			if !strings.Contains(csv.body, want) {
				t.Errorf("Satakunta's audit CSV lacks %q:\n%s", want, csv.body)
			}
		}
		if strings.Contains(csv.body, "131052") || strings.Contains(csv.body, "Matti") {
			t.Errorf("the audit log holds personal data of the customer")
		}
		if p := a.api("GET", "/api/v1/audit?organisation=satakunta", "", kela...); p.status != 403 {
			t.Errorf("Kela reading Satakunta's audit log = %d", p.status)
		}
		// The customer's own export lists the uses, Kela's included.
		ex := a.api("GET", path+"/export", "", county...)
		if ex.status != 200 || !strings.Contains(ex.body, `"identity_code": "131052-308T"`) || strings.Count(ex.body, `"action": "customer.read"`) < 2 {
			t.Errorf("export = %d %s", ex.status, ex.body)
		}
	})
}

// TestOIDCSignIn signs a Kela employee in through Kela's identity
// provider, a real OpenID Connect provider run by the test.
func TestOIDCSignIn(t *testing.T) {
	p := oidctest.Start(t, "onestop", "client-secret")
	f := demoInstallation(t, storetest.SQLite, web.Config{OIDC: []web.OIDCProvider{
		{Organisation: "kela", Name: "Kela", Issuer: p.URL, ClientID: "onestop", ClientSecret: "client-secret"},
	}})
	p.AllowRedirect(f.ts.URL + "/signin/oidc/kela/callback")
	p.SetUser(oidctest.User{Subject: "kela-8812", Email: "staff.kela@demo.onestop.fi", EmailVerified: true, Name: "Kalle"})

	roundTrip := func(a *agent) reply {
		t.Helper()
		start := a.get("/signin/oidc/kela?next=/api/v1/me")
		if start.status != 303 || !strings.HasPrefix(start.location, p.URL+"/authorize?") {
			t.Fatalf("start = %d %s", start.status, start.location)
		}
		req, _ := http.NewRequest("GET", start.location, nil)
		auth := a.send(req)
		if auth.status != 302 && auth.status != 303 {
			t.Fatalf("provider = %d %s", auth.status, auth.body)
		}
		req, _ = http.NewRequest("GET", auth.location, nil)
		return a.send(req)
	}

	a := newAgent(t, f.ts)
	if page := a.get("/signin"); !strings.Contains(page.body, "/signin/oidc/kela?next=") {
		t.Errorf("the sign-in page offers no single sign-on")
	}
	done := roundTrip(a)
	if done.status != 303 || done.location != "/api/v1/me" {
		t.Fatalf("callback = %d %s %s", done.status, done.location, done.body)
	}
	if me := a.get("/api/v1/me"); me.status != 200 || !strings.Contains(me.body, "staff.kela@demo.onestop.fi") {
		t.Fatalf("me after single sign-on = %d %s", me.status, me.body)
	}

	// The subject is linked: a later sign-in finds the account even if
	// the e-mail claim changes.
	p.SetUser(oidctest.User{Subject: "kela-8812", Email: "kalle.new@kela.fi", EmailVerified: true})
	if done := roundTrip(newAgent(t, f.ts)); done.status != 303 {
		t.Errorf("second sign-in by subject = %d %s", done.status, done.body)
	}

	// Refusals: an unverified e-mail, a person without an account, a
	// person with no role in Kela, and tampered tokens.
	for _, u := range []oidctest.User{
		{Subject: "x-1", Email: "orgadmin.kela@demo.onestop.fi", EmailVerified: false},
		{Subject: "x-2", Email: "stranger@kela.fi", EmailVerified: true},
		{Subject: "x-3", Email: "staff.satakunta@demo.onestop.fi", EmailVerified: true},
	} {
		p.SetUser(u)
		b := newAgent(t, f.ts)
		done := roundTrip(b)
		if done.status != 403 || b.cookie("onestop_session") != "" {
			t.Errorf("sign-in of %+v = %d", u, done.status)
		}
	}
	p.SetUser(oidctest.User{Subject: "kela-8812", Email: "staff.kela@demo.onestop.fi", EmailVerified: true})
	for _, fault := range []oidctest.Fault{oidctest.WrongNonce, oidctest.WrongAudience, oidctest.WrongIssuer, oidctest.Expired, oidctest.BadSignature} {
		p.Tamper(fault)
		b := newAgent(t, f.ts)
		if done := roundTrip(b); done.status != 401 || b.cookie("onestop_session") != "" {
			t.Errorf("sign-in with %v = %d", fault, done.status)
		}
	}
	p.Tamper(oidctest.NoFault)
	// A callback without the state of this browser is refused.
	c := newAgent(t, f.ts)
	if done := c.get("/signin/oidc/kela/callback?code=stolen&state=guess"); done.status != 401 || c.cookie("onestop_session") != "" {
		t.Errorf("forged callback = %d", done.status)
	}
}
