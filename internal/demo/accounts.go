package demo

import (
	"context"
	"fmt"

	"github.com/onestop-fi/onestop/internal/access"
	"github.com/onestop-fi/onestop/internal/errs"
)

// Account is a demo sign-in: one per role, so that anyone trying onestop
// can see what each role sees. The passwords are public (they are in the
// README); never load the demo into a real installation.
type Account struct {
	Email    string
	Name     string
	Password string
	Grant    access.Grant
	// StaffMember is the demo staff member the account belongs to, if
	// any: that person edits their own working times.
	StaffMember string
}

// Accounts lists the demo accounts.
func Accounts() []Account {
	return []Account{
		{"admin@demo.onestop.fi", "Aino Admin", "demo-admin-pass", access.Grant{Role: access.Admin}, ""},
		{"orgadmin.kela@demo.onestop.fi", "Olli Kela-pääkäyttäjä", "demo-orgadmin-pass", access.Grant{Role: access.OrgAdmin, Organisation: "kela"}, ""},
		{"manager.palojoenkulma@demo.onestop.fi", "Maija Palvelupisteen esihenkilö", "demo-manager-pass", access.Grant{Role: access.PointManager, Point: "palojoenkulma"}, ""},
		// Works at Palojoenkulma, and on Tuesdays at Ohjaamo Pori.
		{"staff.kela@demo.onestop.fi", "Maija Meikäläinen", "demo-staff-kela-pass", access.Grant{Role: access.Staff, Organisation: "kela"}, "maija-meikalainen"},
		{"staff.satakunta@demo.onestop.fi", "Ritva Vastaanotto", "demo-staff-county-pass", access.Grant{Role: access.Staff, Organisation: "satakunta"}, "ritva-vastaanotto"},
		{"interpreter@demo.onestop.fi", "Hodan Tusaale", "demo-interpreter-pass", access.Grant{Role: access.Interpreter, Organisation: "pori"}, "hodan-tusaale"},
		{"analyst@demo.onestop.fi", "Antti Analyytikko", "demo-analyst-pass", access.Grant{Role: access.Analyst, Organisation: "pori"}, ""},
	}
}

// LoadAccounts adds the demo accounts that do not exist yet, links them
// to their staff members when the demo catalogue is there and they are
// not linked yet, and reports how many accounts it added.
func LoadAccounts(ctx context.Context, svc *access.Service) (int, error) {
	added := 0
	by := access.SystemActor("demo")
	for _, a := range Accounts() {
		acc, err := svc.CreateAccount(ctx, by, access.Account{Email: a.Email, Name: a.Name, Grants: []access.Grant{a.Grant}}, a.Password)
		switch {
		case errs.Is(err, errs.Conflict):
			if acc, err = svc.Store().AccountByEmail(ctx, a.Email); err != nil {
				return added, fmt.Errorf("demo: account %s: %w", a.Email, err)
			}
		case err != nil:
			return added, fmt.Errorf("demo: account %s: %w", a.Email, err)
		default:
			added++
		}
		if a.StaffMember == "" || acc.StaffMember != "" {
			continue
		}
		// A catalogue without the demo's staff leaves the account unlinked.
		if err := svc.LinkStaff(ctx, by, acc.ID, a.StaffMember, ""); err != nil && !errs.Is(err, errs.Invalid) && !errs.Is(err, errs.Conflict) {
			return added, fmt.Errorf("demo: account %s: %w", a.Email, err)
		}
	}
	return added, nil
}
