package storetest

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/onestop-fi/onestop/internal/catalogue"
	"github.com/onestop-fi/onestop/internal/errs"
	"github.com/onestop-fi/onestop/internal/store"
)

// Loaded opens a fresh database of the engine with the Fixture imported.
func Loaded(t testing.TB, e Engine) *store.DB {
	t.Helper()
	db := e.Open(t)
	if err := db.Catalogue().Import(context.Background(), Fixture()); err != nil {
		t.Fatalf("import fixture: %v", err)
	}
	return db
}

func slugs[T any](items []T, slug func(T) string) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = slug(it)
	}
	return out
}

func pointSlug(p catalogue.Point) string { return p.Slug }

// TestMigrations checks that migrating twice changes nothing and that a
// schema newer than the program is refused.
func TestMigrations(t *testing.T, e Engine) {
	ctx := context.Background()
	db := e.Open(t)
	applied, err := db.Migrate(ctx)
	if err != nil || len(applied) != 0 {
		t.Fatalf("second Migrate = %v, %v; want nothing applied", applied, err)
	}
	if err := db.CheckSchema(ctx); err != nil {
		t.Fatalf("CheckSchema: %v", err)
	}
	list, _ := db.Migrations()
	if err := db.Write(ctx, func(tx store.Tx) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, 'from_the_future', 'x')", len(list)+1)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	var tooNew *store.SchemaTooNewError
	if _, err := db.Migrate(ctx); !errors.As(err, &tooNew) {
		t.Fatalf("Migrate on a newer schema = %v; want SchemaTooNewError", err)
	}
	if err := db.CheckSchema(ctx); !errors.As(err, &tooNew) {
		t.Fatalf("CheckSchema on a newer schema = %v; want SchemaTooNewError", err)
	}
}

// TestCatalogueRead checks lists, filters, paging and detail reads.
func TestCatalogueRead(t *testing.T, e Engine) {
	ctx := context.Background()
	c := Loaded(t, e).Catalogue()

	orgs, next, err := c.Organisations(ctx, catalogue.Page{})
	if err != nil || next != "" || !slices.Equal(slugs(orgs, func(o catalogue.Organisation) string { return o.Slug }), []string{"kela", "pori"}) {
		t.Fatalf("Organisations = %v, %q, %v", orgs, next, err)
	}
	if orgs[0].Name.Sv != "FPA" || orgs[0].BusinessID != "0246246-0" || orgs[0].Kind != catalogue.Kela {
		t.Errorf("kela read back as %+v", orgs[0])
	}

	pointCases := []struct {
		name string
		f    catalogue.PointFilter
		want []string
	}{
		{"all", catalogue.PointFilter{}, []string{"joint-pori", "kela-pori", "kela-vaasa"}},
		{"municipality by Finnish name, any case", catalogue.PointFilter{Municipality: "PORI"}, []string{"joint-pori", "kela-pori"}},
		{"municipality by Swedish name", catalogue.PointFilter{Municipality: "vasa"}, []string{"kela-vaasa"}},
		{"municipality by code", catalogue.PointFilter{Municipality: "905"}, []string{"kela-vaasa"}},
		{"municipality without points", catalogue.PointFilter{Municipality: "Espoo"}, []string{}},
		{"partial name does not match", catalogue.PointFilter{Municipality: "Por"}, []string{}},
		{"service", catalogue.PointFilter{Service: "employment"}, []string{"joint-pori"}},
		{"organisation", catalogue.PointFilter{Organisation: "kela"}, []string{"joint-pori", "kela-pori", "kela-vaasa"}},
		{"kind", catalogue.PointFilter{Kind: catalogue.Office}, []string{"kela-pori", "kela-vaasa"}},
		{"combined", catalogue.PointFilter{Municipality: "Pori", Kind: catalogue.Office, Organisation: "kela"}, []string{"kela-pori"}},
	}
	for _, tc := range pointCases {
		points, _, err := c.Points(ctx, tc.f)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if got := slugs(points, pointSlug); !slices.Equal(got, tc.want) {
			t.Errorf("%s: points %v, want %v", tc.name, got, tc.want)
		}
	}

	// Paging one at a time visits every point exactly once.
	var seen []string
	page := catalogue.PointFilter{Page: catalogue.Page{Limit: 1}}
	for range 10 {
		points, next, err := c.Points(ctx, page)
		if err != nil {
			t.Fatal(err)
		}
		seen = append(seen, slugs(points, pointSlug)...)
		if next == "" {
			break
		}
		page.After = next
	}
	if !slices.Equal(seen, []string{"joint-pori", "kela-pori", "kela-vaasa"}) {
		t.Errorf("paging visited %v", seen)
	}

	badFilters := []catalogue.PointFilter{
		{Service: "no-such-service"},
		{Organisation: "no-such-org"},
		{Municipality: "50%"},
		{Page: catalogue.Page{After: "not a cursor!"}},
	}
	for _, f := range badFilters {
		if _, _, err := c.Points(ctx, f); !errs.Is(err, errs.Invalid) {
			t.Errorf("Points(%+v) = %v; want an invalid-input error", f, err)
		}
	}

	d, err := c.Point(ctx, "joint-pori")
	if err != nil {
		t.Fatal(err)
	}
	if got := slugs(d.Organisations, func(o catalogue.Organisation) string { return o.Slug }); !slices.Equal(got, []string{"kela", "pori"}) {
		t.Errorf("organisations at joint-pori = %v", got)
	}
	if len(d.Offerings) != 2 || d.Offerings[0].Service != "benefit-guidance" || d.Offerings[0].WalkInHours != "Mo,Tu,Th,Fr 12:00-15:30; PH off" ||
		d.Offerings[0].Organisation != "kela" || !slices.Equal(d.Offerings[0].Channels, []catalogue.Channel{catalogue.InPerson, catalogue.Phone}) {
		t.Errorf("offerings at joint-pori = %+v", d.Offerings)
	}
	if len(d.Resources) != 2 || d.Location == nil || d.Location.Lat != 61.4847 || !slices.Equal(d.Languages, []string{"fi", "sv", "en"}) {
		t.Errorf("joint-pori read back as %+v", d)
	}
	if d.Address.PostalCode != "28100" || d.Municipality.Name.Sv != "Björneborg" || d.OpeningHours != "Mo-Fr 09:00-16:00; PH off" {
		t.Errorf("joint-pori address %+v municipality %+v hours %q", d.Address, d.Municipality, d.OpeningHours)
	}

	for _, err := range []error{
		func() error { _, err := c.Point(ctx, "nowhere"); return err }(),
		func() error { _, err := c.Organisation(ctx, "nobody"); return err }(),
		func() error { _, err := c.Service(ctx, "nothing"); return err }(),
	} {
		if !errs.Is(err, errs.NotFound) {
			t.Errorf("read of a missing slug = %v; want not found", err)
		}
	}

	services, _, err := c.Services(ctx, catalogue.ServiceFilter{LifeEvent: "losing_job"})
	if err != nil || !slices.Equal(slugs(services, func(s catalogue.Service) string { return s.Slug }), []string{"benefit-guidance", "employment"}) {
		t.Errorf("services for losing_job = %v, %v", services, err)
	}
	s, err := c.Service(ctx, "integration")
	if err != nil || s.Organisation != "pori" || s.DurationMinutes != 60 || !slices.Equal(s.Languages, []string{"fi", "ar"}) {
		t.Errorf("integration = %+v, %v", s, err)
	}

	yes := true
	staffCases := []struct {
		f    catalogue.StaffFilter
		want []string
	}{
		{catalogue.StaffFilter{}, []string{"aino-esimerkki", "lina-tulkki", "omar-testinen"}},
		{catalogue.StaffFilter{Language: "ar"}, []string{"lina-tulkki", "omar-testinen"}},
		{catalogue.StaffFilter{Language: "ar", Interpreter: &yes}, []string{"lina-tulkki"}},
		{catalogue.StaffFilter{Service: "employment"}, []string{"omar-testinen"}},
		{catalogue.StaffFilter{Organisation: "kela"}, []string{"aino-esimerkki"}},
	}
	for _, tc := range staffCases {
		staff, _, err := c.Staff(ctx, tc.f)
		if got := slugs(staff, func(m catalogue.StaffMember) string { return m.Slug }); err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("Staff(%+v) = %v, %v; want %v", tc.f, got, err, tc.want)
		}
	}
	staff, _, _ := c.Staff(ctx, catalogue.StaffFilter{Service: "integration"})
	if len(staff) != 1 || !slices.Equal(staff[0].Services, []string{"employment", "integration"}) || !slices.Equal(staff[0].Languages, []string{"fi", "ar", "en"}) {
		t.Errorf("omar read back as %+v", staff)
	}

	munis, err := c.Municipalities(ctx)
	if err != nil || len(munis) != 2 || munis[0].Code != "609" || munis[1].Name.Sv != "Vasa" {
		t.Errorf("Municipalities = %+v, %v", munis, err)
	}
}

// TestImportAtomic checks that a failing import writes nothing and that a
// duplicate slug is a conflict.
func TestImportAtomic(t *testing.T, e Engine) {
	ctx := context.Background()
	c := e.Open(t).Catalogue()

	broken := Fixture()
	broken.Resources = append(broken.Resources, catalogue.Resource{Slug: "lost-room", Point: "no-such-point",
		Kind: catalogue.MeetingRoom, Name: text("Kadonnut"), Capacity: 2, BookableBy: catalogue.StaffOnly})
	if err := c.Import(ctx, broken); !errs.Is(err, errs.Invalid) {
		t.Fatalf("import with a dangling reference = %v; want invalid", err)
	}
	if empty, err := c.Empty(ctx); err != nil || !empty {
		t.Fatalf("after a failed import Empty = %v, %v; want nothing written", empty, err)
	}

	if err := c.Import(ctx, Fixture()); err != nil {
		t.Fatal(err)
	}
	again := &catalogue.Catalogue{Organisations: Fixture().Organisations[:1]}
	if err := c.Import(ctx, again); !errs.Is(err, errs.Conflict) {
		t.Fatalf("importing kela twice = %v; want conflict", err)
	}

	bad := Fixture()
	bad.Organisations[0].BusinessID = "0246246-1"
	if err := e.Open(t).Catalogue().Import(ctx, bad); !errs.Is(err, errs.Invalid) {
		t.Fatalf("import with a wrong business ID check digit = %v; want invalid", err)
	}
}
