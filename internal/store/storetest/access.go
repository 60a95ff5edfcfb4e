package storetest

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/onestop-fi/onestop/internal/access"
	"github.com/onestop-fi/onestop/internal/errs"
	"github.com/onestop-fi/onestop/internal/store"
)

// testKeys are the data keys of the suites.
func testKeys(t testing.TB) *access.Keys {
	t.Helper()
	k, err := access.NewKeys(bytes.Repeat([]byte{42}, 32))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// clock is a settable clock for the access service and the store.
type clock struct{ now time.Time }

func (c *clock) Now() time.Time          { return c.now }
func (c *clock) advance(d time.Duration) { c.now = c.now.Add(d) }
func newClock(t time.Time) *clock        { return &clock{now: t} }
func accessService(t testing.TB, db *store.DB, c *clock) *access.Service {
	db.Now = c.Now
	return access.NewService(db.Access(), testKeys(t), access.DefaultPolicy, c.Now)
}

// person makes an account with one grant and returns its actor.
func person(t testing.TB, svc *access.Service, email string, g access.Grant) *access.Actor {
	t.Helper()
	acc, err := svc.CreateAccount(context.Background(), access.SystemActor("test"),
		access.Account{Email: email, Name: email, Grants: []access.Grant{g}}, "correct horse battery")
	if err != nil {
		t.Fatalf("CreateAccount %s: %v", email, err)
	}
	return acc.Actor("req-" + email)
}

// auditOf returns the entries about a subject, oldest first.
func auditOf(t testing.TB, db *store.DB, kind, subject string) []access.AuditEntry {
	t.Helper()
	es, err := db.Access().AuditLog(context.Background(), access.AuditFilter{SubjectKind: kind, Subject: subject})
	if err != nil {
		t.Fatal(err)
	}
	for i, j := 0, len(es)-1; i < j; i, j = i+1, j-1 {
		es[i], es[j] = es[j], es[i]
	}
	return es
}

func actions(es []access.AuditEntry) string {
	var b strings.Builder
	for _, e := range es {
		b.WriteString(e.Action + ":" + string(e.Outcome) + "@" + e.Organisation + " ")
	}
	return strings.TrimSpace(b.String())
}

// TestAccounts checks accounts, grants, sign-in with its rate limit,
// sessions with their timeouts, and API tokens.
func TestAccounts(t *testing.T, e Engine) {
	ctx := context.Background()
	db := Loaded(t, e)
	c := newClock(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	svc := accessService(t, db, c)
	admin := access.SystemActor("test")

	acc, err := svc.CreateAccount(ctx, admin, access.Account{Email: " Kalle.Kela@Example.FI ", Name: "Kalle",
		Grants: []access.Grant{{Role: access.Staff, Organisation: "kela"}}}, "correct horse battery")
	if err != nil || acc.Email != "kalle.kela@example.fi" {
		t.Fatalf("CreateAccount = %+v, %v", acc, err)
	}
	if _, err := svc.CreateAccount(ctx, admin, access.Account{Email: "kalle.kela@example.fi", Name: "Other"}, ""); !errs.Is(err, errs.Conflict) {
		t.Errorf("second account with the same e-mail = %v; want conflict", err)
	}
	for _, g := range []access.Grant{
		{Role: access.Staff, Organisation: "nobody"},
		{Role: access.PointManager, Point: "nowhere"},
		{Role: access.Staff},
		{Role: "boss", Organisation: "kela"},
	} {
		if _, err := svc.CreateAccount(ctx, admin, access.Account{Email: "x@example.fi", Name: "X", Grants: []access.Grant{g}}, ""); !errs.Is(err, errs.Invalid) {
			t.Errorf("account with grant %+v = %v; want invalid", g, err)
		}
	}
	if _, err := db.Access().AccountByEmail(ctx, "x@example.fi"); !errs.Is(err, errs.NotFound) {
		t.Errorf("a refused account was stored: %v", err)
	}

	// An organisation's admin grants roles of that organisation only.
	kelaAdmin := person(t, svc, "admin@kela.fi", access.Grant{Role: access.OrgAdmin, Organisation: "kela"})
	if err := svc.Grant(ctx, kelaAdmin, acc.ID, access.Grant{Role: access.Analyst, Organisation: "kela"}); err != nil {
		t.Fatal(err)
	}
	if err := svc.Grant(ctx, kelaAdmin, acc.ID, access.Grant{Role: access.Staff, Organisation: "pori"}); !errs.Is(err, errs.Forbidden) {
		t.Errorf("Kela's admin granting a Pori role = %v; want forbidden", err)
	}
	if err := svc.Grant(ctx, kelaAdmin, acc.ID, access.Grant{Role: access.Admin}); !errs.Is(err, errs.Forbidden) {
		t.Errorf("Kela's admin granting admin = %v; want forbidden", err)
	}
	if err := svc.Grant(ctx, kelaAdmin, acc.ID, access.Grant{Role: access.Analyst, Organisation: "kela"}); !errs.Is(err, errs.Conflict) {
		t.Errorf("granting a role twice = %v; want conflict", err)
	}
	got, _ := db.Access().AccountByID(ctx, acc.ID)
	if len(got.Grants) != 2 || got.Grants[1] != (access.Grant{Role: access.Analyst, Organisation: "kela"}) {
		t.Errorf("grants = %+v", got.Grants)
	}
	if err := svc.Revoke(ctx, kelaAdmin, acc.ID, access.Grant{Role: access.Analyst, Organisation: "kela"}); err != nil {
		t.Fatal(err)
	}
	if err := svc.Revoke(ctx, kelaAdmin, kelaAdmin.UserID, access.Grant{Role: access.OrgAdmin, Organisation: "kela"}); !errs.Is(err, errs.Conflict) {
		t.Errorf("an admin taking away their own admin role = %v; want conflict", err)
	}
	if a := actions(auditOf(t, db, "user", acc.Email)); a != "user.create:ok@kela role.grant:ok@kela role.grant:ok@kela role.grant:denied@ role.grant:denied@ role.revoke:ok@kela" {
		t.Errorf("audit of the account: %s", a)
	}

	// Sign-in: wrong passwords count per account; the fifth locks it
	// for the window, even with the right password.
	if _, err := svc.SignIn(ctx, "kalle.kela@example.fi", "correct horse battery", "192.0.2.1", "r1"); err != nil {
		t.Fatalf("sign in: %v", err)
	}
	for i := range access.DefaultPolicy.AccountFailures {
		if _, err := svc.SignIn(ctx, "kalle.kela@example.fi", "wrong", "192.0.2.1", "r2"); err != access.ErrSignIn {
			t.Fatalf("wrong password %d = %v", i, err)
		}
	}
	if _, err := svc.SignIn(ctx, "kalle.kela@example.fi", "correct horse battery", "192.0.2.9", "r3"); !errs.Is(err, errs.TooMany) ||
		!strings.Contains(errs.Message(err), "Try again in 15 minutes") {
		t.Errorf("sign-in after %d failures = %v; want rate limited", access.DefaultPolicy.AccountFailures, err)
	}
	c.advance(access.DefaultPolicy.FailureWindow + time.Second)
	if _, err := svc.SignIn(ctx, "kalle.kela@example.fi", "correct horse battery", "192.0.2.9", "r4"); err != nil {
		t.Errorf("sign-in after the window = %v", err)
	}
	// An unknown account gets the same answer as a wrong password.
	if _, err := svc.SignIn(ctx, "nobody@example.fi", "whatever", "192.0.2.1", "r5"); err != access.ErrSignIn {
		t.Errorf("unknown account = %v", err)
	}

	// Sessions: a new id each time, idle and absolute timeouts.
	s1, err := svc.StartSession(ctx, got, "", "r6")
	if err != nil {
		t.Fatal(err)
	}
	s2, err := svc.StartSession(ctx, got, s1.Token, "r7")
	if err != nil || s2.Token == s1.Token {
		t.Fatalf("second session = %v, %v", s2.Token == s1.Token, err)
	}
	if _, err := svc.SessionOf(ctx, s1.Token, "r8"); err != access.ErrNoSession {
		t.Errorf("the session replaced at sign-in still works: %v", err)
	}
	c.advance(29 * time.Minute)
	if _, err := svc.SessionOf(ctx, s2.Token, "r9"); err != nil {
		t.Fatalf("session used within the idle timeout: %v", err)
	}
	c.advance(29 * time.Minute)
	if _, err := svc.SessionOf(ctx, s2.Token, "r10"); err != nil {
		t.Fatalf("session used again within the idle timeout: %v", err)
	}
	c.advance(31 * time.Minute)
	if _, err := svc.SessionOf(ctx, s2.Token, "r11"); err != access.ErrNoSession {
		t.Errorf("session idle 31 minutes = %v", err)
	}
	s3, _ := svc.StartSession(ctx, got, "", "r12")
	for range 25 {
		c.advance(29 * time.Minute)
		if _, err := svc.SessionOf(ctx, s3.Token, "r13"); err != nil {
			break
		}
	}
	if c.now.Sub(s3.Expires) < 0 {
		t.Errorf("a session in use ended before its absolute limit")
	}
	if _, err := svc.SessionOf(ctx, s3.Token, "r14"); err != access.ErrNoSession {
		t.Errorf("session past its absolute limit = %v", err)
	}
	s4, _ := svc.StartSession(ctx, got, "", "r15")
	s5, _ := svc.StartSession(ctx, got, "", "r16")
	if err := svc.SignOutEverywhere(ctx, s4.Actor); err != nil {
		t.Fatal(err)
	}
	for _, s := range []access.Session{s4, s5} {
		if _, err := svc.SessionOf(ctx, s.Token, "r17"); err != access.ErrNoSession {
			t.Errorf("session after signing out everywhere = %v", err)
		}
	}

	// API tokens: stored hashed, revocable at once.
	tok, secret, err := svc.CreateToken(ctx, kelaAdmin, "Kela queue screen", access.Grant{Role: access.Staff, Organisation: "kela"})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := svc.CreateToken(ctx, kelaAdmin, "sneaky", access.Grant{Role: access.Admin}); !errs.Is(err, errs.Forbidden) {
		t.Errorf("org admin making an admin token = %v", err)
	}
	a, err := svc.TokenActor(ctx, secret, "r18")
	if err != nil || !a.HasIn("kela", access.Staff) || a.HasIn("pori", access.Staff) {
		t.Fatalf("token actor = %+v, %v", a, err)
	}
	var stored int
	db.Reader().QueryRowContext(ctx, "SELECT COUNT(*) FROM api_token WHERE secret_hash = $1", secret).Scan(&stored)
	if stored != 0 {
		t.Errorf("the token secret is stored in plain text")
	}
	if err := svc.RevokeToken(ctx, kelaAdmin, tok.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.TokenActor(ctx, secret, "r19"); err != access.ErrBadToken {
		t.Errorf("revoked token = %v", err)
	}
	if _, err := svc.TokenActor(ctx, "ost_made-up", "r20"); err != access.ErrBadToken {
		t.Errorf("made-up token = %v", err)
	}
}

// TestAuditAppendOnly checks that the database itself refuses to change
// or remove audit entries.
func TestAuditAppendOnly(t *testing.T, e Engine) {
	ctx := context.Background()
	db := Loaded(t, e)
	if err := db.Access().Audit(ctx, access.AuditEntry{Actor: "x", Action: "test", Outcome: access.Allowed}); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"UPDATE audit_log SET actor = 'y'", "DELETE FROM audit_log"} {
		err := db.Write(ctx, func(tx store.Tx) error {
			_, err := tx.ExecContext(ctx, q)
			return err
		})
		if err == nil {
			t.Errorf("%s succeeded on the audit log", q)
		}
	}
	es, _ := db.Access().AuditLog(ctx, access.AuditFilter{})
	if len(es) != 1 || es[0].Actor != "x" {
		t.Errorf("audit log after the attempts = %+v", es)
	}
}

// TestCustomerScope checks that customer data stays with the
// organisation that recorded it, that consent opens reading to another
// organisation and nothing more, that every use and refusal is audited,
// and the data rights: export, erasure, retention.
func TestCustomerScope(t *testing.T, e Engine) {
	ctx := context.Background()
	db := Loaded(t, e)
	c := newClock(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	svc := accessService(t, db, c)
	kela := person(t, svc, "kalle@kela.fi", access.Grant{Role: access.Staff, Organisation: "kela"})
	pori := person(t, svc, "pirjo@pori.fi", access.Grant{Role: access.Staff, Organisation: "pori"})
	analyst := person(t, svc, "antti@pori.fi", access.Grant{Role: access.Analyst, Organisation: "pori"})
	admin := person(t, svc, "admin@onestop.fi", access.Grant{Role: access.Admin})

	const code = "131052-308T"
	cust, err := svc.CreateCustomer(ctx, pori, access.CustomerInput{Customer: access.Customer{Name: "Matti Meikäläinen",
		Phone: "+358 40 123 4567", Language: "fi", Needs: "Arabic interpreter"}, IdentityCode: code}, "")
	if err != nil || cust.Organisation != "pori" || !access.ValidCustomerID(cust.ID) {
		t.Fatalf("CreateCustomer = %+v, %v", cust, err)
	}
	// The identity code is not stored in plain text.
	var plain int
	db.Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM customer WHERE identity_lookup LIKE $1 OR identity_sealed LIKE $1
		OR name LIKE $1 OR needs LIKE $1`, "%131052%").Scan(&plain)
	if plain != 0 {
		t.Errorf("the identity code is stored in plain text")
	}
	if _, err := svc.CreateCustomer(ctx, kela, access.CustomerInput{Customer: access.Customer{Name: "X", Organisation: "pori"}}, ""); !errs.Is(err, errs.Forbidden) {
		t.Errorf("Kela recording a customer for Pori = %v", err)
	}
	if _, err := svc.CreateCustomer(ctx, pori, access.CustomerInput{Customer: access.Customer{Name: "X"}, IdentityCode: "131052-308A"}, ""); !errs.Is(err, errs.Invalid) ||
		strings.Contains(errs.Message(err), "131052") {
		t.Errorf("a wrong check character = %v", err)
	}

	got, err := svc.Customer(ctx, pori, cust.ID, "")
	if err != nil || got.IdentityCode.Full() != code || got.Name != "Matti Meikäläinen" {
		t.Fatalf("Pori reading its customer = %+v, %v", got, err)
	}
	found, err := svc.FindCustomers(ctx, pori, " 131052-308t ", "checking identity")
	if err != nil || len(found) != 1 || found[0].ID != cust.ID {
		t.Fatalf("FindCustomers = %+v, %v", found, err)
	}

	// Kela, an analyst and an installation admin are refused, and
	// refusals are on record for Pori to see.
	for _, a := range []*access.Actor{kela, analyst, admin} {
		if _, err := svc.Customer(ctx, a, cust.ID, ""); !errs.Is(err, errs.Forbidden) {
			t.Errorf("%s reading Pori's customer = %v; want forbidden", a.Label, err)
		}
	}
	if found, err := svc.FindCustomers(ctx, kela, code, ""); err != nil || len(found) != 0 {
		t.Errorf("Kela finding Pori's customer by identity code = %+v, %v", found, err)
	}
	if _, err := svc.Customer(ctx, kela, "c-aaaaaaaaaaaaaaaa", ""); !errs.Is(err, errs.NotFound) {
		t.Errorf("a customer that does not exist = %v", err)
	}

	// With the customer's consent Kela may read, but not change, erase or
	// export, and not after the consent is withdrawn.
	k, err := svc.GrantConsent(ctx, pori, access.Consent{Customer: cust.ID, Organisation: "kela", Purpose: "joint visit on 3 December"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.GrantConsent(ctx, kela, access.Consent{Customer: cust.ID, Organisation: "kela", Purpose: "I say so"}); !errs.Is(err, errs.Forbidden) {
		t.Errorf("Kela granting itself consent = %v", err)
	}
	shared, err := svc.Customer(ctx, kela, cust.ID, "joint visit")
	if err != nil || shared.SharedWith != "kela" || shared.Name != "Matti Meikäläinen" {
		t.Fatalf("Kela reading with consent = %+v, %v", shared, err)
	}
	if _, err := svc.UpdateCustomer(ctx, kela, access.CustomerInput{Customer: access.Customer{ID: cust.ID, Name: "Changed"}}, ""); !errs.Is(err, errs.Forbidden) {
		t.Errorf("Kela changing with consent = %v", err)
	}
	if err := svc.EraseCustomer(ctx, kela, cust.ID, ""); !errs.Is(err, errs.Forbidden) {
		t.Errorf("Kela erasing with consent = %v", err)
	}
	if _, err := svc.ExportCustomer(ctx, kela, cust.ID, ""); !errs.Is(err, errs.Forbidden) {
		t.Errorf("Kela exporting with consent = %v", err)
	}
	if err := svc.WithdrawConsent(ctx, pori, cust.ID, k.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Customer(ctx, kela, cust.ID, ""); !errs.Is(err, errs.Forbidden) {
		t.Errorf("Kela reading after withdrawal = %v", err)
	}

	// Pori changes the record; an empty identity code keeps the stored one.
	upd, err := svc.UpdateCustomer(ctx, pori, access.CustomerInput{Customer: access.Customer{ID: cust.ID, Name: "Matti Meikäläinen",
		Email: "matti@example.fi", Language: "fi"}}, "")
	if err != nil || upd.Email != "matti@example.fi" || upd.IdentityCode.Full() != code {
		t.Fatalf("UpdateCustomer = %+v, %v", upd, err)
	}

	// The export holds the record, the consent and every use, the
	// refusals included.
	ex, err := svc.ExportCustomer(ctx, pori, cust.ID, "")
	if err != nil || ex.IdentityCode != code || len(ex.Consents) != 1 || ex.Consents[0].Withdrawn == nil {
		t.Fatalf("ExportCustomer = %+v, %v", ex, err)
	}
	want := "customer.create:ok@pori customer.read:ok@pori customer.find:ok@pori customer.read:denied@kela customer.read:denied@ " +
		"customer.read:denied@ consent.grant:ok@pori consent.grant:denied@kela customer.read:ok@kela customer.update:denied@kela " +
		"customer.erase:denied@kela customer.export:denied@kela consent.withdraw:ok@pori customer.read:denied@kela customer.update:ok@pori customer.export:ok@pori"
	if a := actions(ex.Uses); a != want {
		t.Errorf("uses in the export:\n got %s\nwant %s", a, want)
	}
	for _, u := range ex.Uses {
		if u.SubjectOrganisation != "pori" || u.RequestID == "" || u.Actor == "" {
			t.Errorf("use without its owner, request or actor: %+v", u)
		}
	}
	// Pori's admin sees what Kela tried with Pori's data.
	poriLog, _ := db.Access().AuditLog(ctx, access.AuditFilter{Organisation: "pori"})
	kelaLog, _ := db.Access().AuditLog(ctx, access.AuditFilter{Organisation: "kela"})
	if n := len(poriLog); n < len(ex.Uses) {
		t.Errorf("Pori's audit log has %d entries, fewer than the %d about its customer", n, len(ex.Uses))
	}
	for _, e := range kelaLog {
		if e.Subject == cust.ID && e.Organisation != "kela" {
			t.Errorf("Kela's log shows another organisation's use: %+v", e)
		}
	}

	// Erasure keeps an anonymous row; nothing personal remains.
	if err := svc.EraseCustomer(ctx, pori, cust.ID, ""); err != nil {
		t.Fatal(err)
	}
	gone, err := svc.Customer(ctx, pori, cust.ID, "")
	if err != nil || gone.Name != "" || gone.Phone != "" || gone.Email != "" || gone.IdentityCode != "" || gone.Erased == nil {
		t.Errorf("after erasure = %+v, %v", gone, err)
	}
	if found, _ := svc.FindCustomers(ctx, pori, code, ""); len(found) != 0 {
		t.Errorf("an erased customer is still found by identity code")
	}
	if err := svc.EraseCustomer(ctx, pori, cust.ID, ""); !errs.Is(err, errs.Conflict) {
		t.Errorf("erasing twice = %v", err)
	}

	// Retention anonymises what has not changed for the period, and only that.
	old, _ := svc.CreateCustomer(ctx, pori, access.CustomerInput{Customer: access.Customer{Name: "Old Customer"}, IdentityCode: "010594Y9021"}, "")
	c.advance(400 * 24 * time.Hour)
	fresh, _ := svc.CreateCustomer(ctx, pori, access.CustomerInput{Customer: access.Customer{Name: "New Customer"}}, "")
	r, err := svc.Retain(ctx, 365*24*time.Hour)
	if err != nil || r.Customers != 1 {
		t.Fatalf("Retain = %+v, %v", r, err)
	}
	if o, _ := svc.Customer(ctx, pori, old.ID, ""); o.Name != "" || o.Erased == nil {
		t.Errorf("old record after retention = %+v", o)
	}
	if f, _ := svc.Customer(ctx, pori, fresh.ID, ""); f.Name != "New Customer" {
		t.Errorf("fresh record after retention = %+v", f)
	}
	var rows int
	db.Reader().QueryRowContext(ctx, "SELECT COUNT(*) FROM customer").Scan(&rows)
	if rows != 3 {
		t.Errorf("customer rows after retention = %d; the anonymous rows must stay for counts", rows)
	}
	if a := actions(auditOf(t, db, "customer", old.ID)); !strings.Contains(a, "customer.create:ok@pori customer.retention:ok@") {
		t.Errorf("retention not audited: %s", a)
	}
}

// TestStaffAccounts links accounts to staff members: the link shows on
// the account and on its sessions, a staff member has one account, a
// new link replaces the old, each change is audited, and only those who
// administer both the account and the staff member may make one.
func TestStaffAccounts(t *testing.T, e Engine) {
	ctx := context.Background()
	db := Loaded(t, e)
	c := newClock(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	svc := accessService(t, db, c)
	kelaAdmin := person(t, svc, "admin@kela.fi", access.Grant{Role: access.OrgAdmin, Organisation: "kela"})
	poriAdmin := person(t, svc, "admin@pori.fi", access.Grant{Role: access.OrgAdmin, Organisation: "pori"})
	aino := person(t, svc, "aino@kela.fi", access.Grant{Role: access.Staff, Organisation: "kela"})
	other := person(t, svc, "other@kela.fi", access.Grant{Role: access.Staff, Organisation: "kela"})
	omar := person(t, svc, "omar@pori.fi", access.Grant{Role: access.Staff, Organisation: "pori"})
	lina := person(t, svc, "lina@pori.fi", access.Grant{Role: access.Interpreter, Organisation: "pori"})
	linked := func(id int64) string {
		t.Helper()
		acc, err := db.Access().AccountByID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return acc.StaffMember
	}

	if err := svc.LinkStaff(ctx, poriAdmin, aino.UserID, "aino-esimerkki", "kela"); !errs.Is(err, errs.Forbidden) {
		t.Errorf("Pori's admin linking a Kela account = %v; want forbidden", err)
	}
	if err := svc.LinkStaff(ctx, kelaAdmin, aino.UserID, "omar-testinen", "pori"); !errs.Is(err, errs.Forbidden) {
		t.Errorf("Kela's admin linking to a Pori staff member = %v; want forbidden", err)
	}
	if err := db.Access().LinkStaff(ctx, kelaAdmin, aino.UserID, "no-such-person"); !errs.Is(err, errs.Invalid) {
		t.Errorf("linking to a staff member that does not exist = %v; want invalid", err)
	}
	if got := linked(aino.UserID); got != "" {
		t.Fatalf("refused links left %q", got)
	}
	if err := svc.LinkStaff(ctx, kelaAdmin, aino.UserID, "aino-esimerkki", "kela"); err != nil {
		t.Fatal(err)
	}
	if got := linked(aino.UserID); got != "aino-esimerkki" {
		t.Errorf("linked to %q", got)
	}
	// The session's account, which each request reads, carries it.
	sess, err := svc.StartSession(ctx, access.Account{ID: aino.UserID, Email: aino.Label}, "", "r")
	if err != nil {
		t.Fatal(err)
	}
	if got, err := svc.SessionOf(ctx, sess.Token, "r"); err != nil || !got.Actor.Is("aino-esimerkki") {
		t.Errorf("the session's actor = %+v, %v", got.Actor, err)
	}
	if err := svc.LinkStaff(ctx, kelaAdmin, other.UserID, "aino-esimerkki", "kela"); !errs.Is(err, errs.Conflict) {
		t.Errorf("a second account for the same staff member = %v; want conflict", err)
	}
	// A new link replaces the old one and frees its staff member.
	for _, staff := range []string{"omar-testinen", "lina-tulkki"} {
		if err := svc.LinkStaff(ctx, poriAdmin, omar.UserID, staff, "pori"); err != nil {
			t.Fatal(err)
		}
	}
	if err := svc.LinkStaff(ctx, poriAdmin, lina.UserID, "omar-testinen", "pori"); err != nil {
		t.Errorf("linking a staff member freed by a new link: %v", err)
	}
	if err := svc.LinkStaff(ctx, kelaAdmin, aino.UserID, "", ""); err != nil {
		t.Fatal(err)
	}
	if err := svc.LinkStaff(ctx, kelaAdmin, other.UserID, "aino-esimerkki", "kela"); err != nil {
		t.Errorf("linking a staff member freed by ending a link: %v", err)
	}
	if got := [4]string{linked(aino.UserID), linked(other.UserID), linked(omar.UserID), linked(lina.UserID)}; got != [4]string{"", "aino-esimerkki", "lina-tulkki", "omar-testinen"} {
		t.Errorf("links afterwards: %q", got)
	}
	if a := actions(auditOf(t, db, "user", "aino@kela.fi")); a != "user.create:ok@kela role.grant:ok@kela user.staff:denied@ user.staff:denied@ user.staff:ok@kela user.staff:ok@kela" {
		t.Errorf("audit of the account: %s", a)
	}
}
