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
}

// Accounts lists the demo accounts.
func Accounts() []Account {
	return []Account{
		{"admin@demo.onestop.fi", "Aino Admin", "demo-admin-pass", access.Grant{Role: access.Admin}},
		{"orgadmin.kela@demo.onestop.fi", "Olli Kela-pääkäyttäjä", "demo-orgadmin-pass", access.Grant{Role: access.OrgAdmin, Organisation: "kela"}},
		{"manager.palojoenkulma@demo.onestop.fi", "Maija Palvelupisteen esihenkilö", "demo-manager-pass", access.Grant{Role: access.PointManager, Point: "palojoenkulma"}},
		{"staff.kela@demo.onestop.fi", "Kalle Kela-asiantuntija", "demo-staff-kela-pass", access.Grant{Role: access.Staff, Organisation: "kela"}},
		{"staff.satakunta@demo.onestop.fi", "Sanna Sosiaaliohjaaja", "demo-staff-county-pass", access.Grant{Role: access.Staff, Organisation: "satakunta"}},
		{"interpreter@demo.onestop.fi", "Hodan Tusaale", "demo-interpreter-pass", access.Grant{Role: access.Interpreter, Organisation: "pori"}},
		{"analyst@demo.onestop.fi", "Antti Analyytikko", "demo-analyst-pass", access.Grant{Role: access.Analyst, Organisation: "pori"}},
	}
}

// LoadAccounts adds the demo accounts that do not exist yet and reports
// how many it added.
func LoadAccounts(ctx context.Context, svc *access.Service) (int, error) {
	added := 0
	by := access.SystemActor("demo")
	for _, a := range Accounts() {
		_, err := svc.CreateAccount(ctx, by, access.Account{Email: a.Email, Name: a.Name, Grants: []access.Grant{a.Grant}}, a.Password)
		if errs.Is(err, errs.Conflict) {
			continue
		}
		if err != nil {
			return added, fmt.Errorf("demo: account %s: %w", a.Email, err)
		}
		added++
	}
	return added, nil
}
