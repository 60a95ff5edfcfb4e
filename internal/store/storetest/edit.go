package storetest

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"testing"

	"github.com/onestop-fi/onestop/internal/catalogue"
	"github.com/onestop-fi/onestop/internal/errs"
	"github.com/onestop-fi/onestop/internal/store"
)

// TestCatalogueEdit checks saving and removing single catalogue entities:
// creates and updates read back through the read methods, and refused
// saves (invalid values, missing references, moves to another owner)
// leave the whole catalogue as it was.
func TestCatalogueEdit(t *testing.T, e Engine) {
	t.Run("organisation", func(t *testing.T) { editOrganisation(t, e) })
	t.Run("service", func(t *testing.T) { editService(t, e) })
	t.Run("point", func(t *testing.T) { editPoint(t, e) })
	t.Run("offering", func(t *testing.T) { editOffering(t, e) })
	t.Run("delete offering", func(t *testing.T) { deleteOffering(t, e) })
	t.Run("staff member", func(t *testing.T) { editStaffMember(t, e) })
	t.Run("resource", func(t *testing.T) { editResource(t, e) })
	t.Run("refused", func(t *testing.T) { refusedEdits(t, e) })
}

// wantSaved fails the test unless a save succeeded with the given created.
func wantSaved(t *testing.T, what string, created bool, err error, wantCreated bool) {
	t.Helper()
	if err != nil || created != wantCreated {
		t.Fatalf("%s = %v, %v; want created %v", what, created, err, wantCreated)
	}
}

func editOrganisation(t *testing.T, e Engine) {
	ctx := context.Background()
	c := Loaded(t, e).Catalogue()

	vaasa := catalogue.Organisation{Slug: "vaasa", Kind: catalogue.Municipality, BusinessID: "0209599-8",
		Name: catalogue.Text{Fi: "Vaasan kaupunki", Sv: "Vasa stad", En: "City of Vaasa"}, Description: text("Kunta"), Website: "https://www.vaasa.fi"}
	created, err := c.SaveOrganisation(ctx, vaasa)
	wantSaved(t, "creating vaasa", created, err, true)
	if got, err := c.Organisation(ctx, "vaasa"); err != nil || !reflect.DeepEqual(got, vaasa) {
		t.Errorf("vaasa read back as %+v, %v; want %+v", got, err, vaasa)
	}

	kela := Fixture().Organisations[0]
	kela.Description = text("Kansaneläkelaitos")
	kela.Website = "https://www.kela.fi"
	kela.Name.En = "The Social Insurance Institution of Finland"
	created, err = c.SaveOrganisation(ctx, kela)
	wantSaved(t, "updating kela", created, err, false)
	if got, err := c.Organisation(ctx, "kela"); err != nil || !reflect.DeepEqual(got, kela) {
		t.Errorf("kela read back as %+v, %v; want %+v", got, err, kela)
	}
	if orgs, _, _ := c.Organisations(ctx, catalogue.Page{}); len(orgs) != 3 {
		t.Errorf("after one create and one update there are %d organisations; want 3", len(orgs))
	}
}

func editService(t *testing.T, e Engine) {
	ctx := context.Background()
	c := Loaded(t, e).Catalogue()

	housing := catalogue.Service{Slug: "housing-advice", Organisation: "pori", Name: text("Asumisneuvonta"), Description: text("Apua asumiseen"),
		Channels: []catalogue.Channel{catalogue.Phone, catalogue.InPerson}, DurationMinutes: 40,
		Languages: []string{"fi", "en"}, LifeEvents: []string{"housing_problems", "low_income"}}
	created, err := c.SaveService(ctx, housing)
	wantSaved(t, "creating housing-advice", created, err, true)
	if got, err := c.Service(ctx, "housing-advice"); err != nil || !reflect.DeepEqual(got, housing) {
		t.Errorf("housing-advice read back as %+v, %v; want %+v", got, err, housing)
	}

	guidance := Fixture().Services[0]
	guidance.Name = text("Etuusneuvonta ja -ohjaus")
	guidance.Channels = []catalogue.Channel{catalogue.Video}
	guidance.DurationMinutes = 20
	guidance.Languages = []string{"sv"}
	guidance.LifeEvents = []string{"retiring"}
	created, err = c.SaveService(ctx, guidance)
	wantSaved(t, "updating benefit-guidance", created, err, false)
	if got, err := c.Service(ctx, "benefit-guidance"); err != nil || !reflect.DeepEqual(got, guidance) {
		t.Errorf("benefit-guidance read back as %+v, %v; want %+v", got, err, guidance)
	}
	// The lists are stored for filtering too, not only for reading back.
	services, _, err := c.Services(ctx, catalogue.ServiceFilter{LifeEvent: "losing_job"})
	if got := slugs(services, func(s catalogue.Service) string { return s.Slug }); err != nil || !slices.Equal(got, []string{"employment"}) {
		t.Errorf("services for losing_job after the update = %v, %v", got, err)
	}
}

func editPoint(t *testing.T, e Engine) {
	ctx := context.Background()
	c := Loaded(t, e).Catalogue()

	library := catalogue.Point{Slug: "library-ulvila", Kind: catalogue.Partner, Name: text("Ulvilan kirjasto"), Description: text("Kirjasto"),
		Address:      catalogue.Address{Street: text("Kauppatori 1"), PostalCode: "28400", PostOffice: text("Ulvila")},
		Municipality: catalogue.MunicipalityRef{Code: "886", Name: catalogue.Text{Fi: "Ulvila", Sv: "Ulvsby", En: "Ulvila"}},
		Location:     &catalogue.Location{Lat: 61.4286, Lon: 21.8714}, TimeZone: "Europe/Helsinki",
		OpeningHours: "Mo-Th 10:00-19:00; Fr 10:00-16:00; PH off", Accessibility: text("Esteetön sisäänkäynti"),
		Languages: []string{"fi", "sv"}, Phone: "+358 2 000 0000", Email: "kirjasto@example.fi", NationalClosuresOff: true}
	created, err := c.SavePoint(ctx, library)
	wantSaved(t, "creating library-ulvila", created, err, true)
	if d, err := c.Point(ctx, "library-ulvila"); err != nil || !reflect.DeepEqual(d.Point, library) {
		t.Errorf("library-ulvila read back as %+v, %v; want %+v", d.Point, err, library)
	}

	// kela-vaasa moves to Mustasaari and loses its coordinates; its
	// offering stays.
	vaasa := Fixture().Points[2]
	vaasa.Kind = catalogue.Joint
	vaasa.Municipality = catalogue.MunicipalityRef{Code: "499", Name: catalogue.Text{Fi: "Mustasaari", Sv: "Korsholm", En: "Mustasaari"}}
	vaasa.Location = nil
	vaasa.OpeningHours = "Mo-Fr 08:00-16:00; PH off"
	vaasa.Languages = []string{"sv", "fi"}
	created, err = c.SavePoint(ctx, vaasa)
	wantSaved(t, "updating kela-vaasa", created, err, false)
	d, err := c.Point(ctx, "kela-vaasa")
	if err != nil || !reflect.DeepEqual(d.Point, vaasa) || len(d.Offerings) != 1 {
		t.Errorf("kela-vaasa read back as %+v with %d offerings, %v; want %+v", d.Point, len(d.Offerings), err, vaasa)
	}
	for filter, want := range map[string][]string{"korsholm": {"kela-vaasa"}, "Vaasa": {}, "ulvsby": {"library-ulvila"}} {
		points, _, err := c.Points(ctx, catalogue.PointFilter{Municipality: filter})
		if got := slugs(points, pointSlug); err != nil || !slices.Equal(got, want) {
			t.Errorf("points in %q after the update = %v, %v; want %v", filter, got, err, want)
		}
	}
}

func editOffering(t *testing.T, e Engine) {
	ctx := context.Background()
	c := Loaded(t, e).Catalogue()

	integration := catalogue.Offering{Point: "joint-pori", Service: "integration", AppointmentHours: "We 09:00-12:00; PH off", Notes: text("Ajanvarauksella")}
	created, err := c.SaveOffering(ctx, integration)
	wantSaved(t, "creating integration at joint-pori", created, err, true)

	guidance := catalogue.Offering{Point: "joint-pori", Service: "benefit-guidance", WalkInHours: "Mo 12:00-15:00; PH off", Notes: text("Vain maanantaisin")}
	created, err = c.SaveOffering(ctx, guidance)
	wantSaved(t, "updating benefit-guidance at joint-pori", created, err, false)

	d, err := c.Point(ctx, "joint-pori")
	if err != nil {
		t.Fatal(err)
	}
	got := make([]catalogue.Offering, len(d.Offerings))
	for i, o := range d.Offerings {
		got[i] = o.Offering
	}
	want := []catalogue.Offering{guidance, Fixture().Offerings[1], integration}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("offerings at joint-pori = %+v; want %+v", got, want)
	}
	if d.Offerings[2].Organisation != "pori" || d.Offerings[2].ServiceName != text("Kotoutumispalvelut") {
		t.Errorf("the new offering reads back as %+v", d.Offerings[2])
	}
	if points, _, _ := c.Points(ctx, catalogue.PointFilter{Service: "integration"}); !slices.Equal(slugs(points, pointSlug), []string{"joint-pori"}) {
		t.Errorf("points giving integration = %v", slugs(points, pointSlug))
	}
}

func deleteOffering(t *testing.T, e Engine) {
	ctx := context.Background()
	c := Loaded(t, e).Catalogue()

	reason := text("Koulutus")
	add := func(point, service string) catalogue.Exception {
		t.Helper()
		x, err := c.AddException(ctx, catalogue.Exception{Point: point, Service: service, FirstDay: "2026-12-01", LastDay: "2026-12-01", Hours: "off", Reason: reason})
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	pointWide := add("joint-pori", "")
	add("joint-pori", "benefit-guidance")
	otherOffering := add("joint-pori", "employment")
	elsewhere := add("kela-pori", "benefit-guidance")

	if err := c.DeleteOffering(ctx, "joint-pori", "benefit-guidance"); err != nil {
		t.Fatal(err)
	}
	d, err := c.Point(ctx, "joint-pori")
	if err != nil || len(d.Offerings) != 1 || d.Offerings[0].Service != "employment" {
		t.Errorf("offerings at joint-pori after the delete = %+v, %v", d.Offerings, err)
	}
	ids := func(point string) []int64 {
		t.Helper()
		list, err := c.Exceptions(ctx, point, "2026-01-01", "2026-12-31")
		if err != nil {
			t.Fatal(err)
		}
		out := make([]int64, len(list))
		for i, x := range list {
			out[i] = x.ID
		}
		slices.Sort(out)
		return out
	}
	if got, want := ids("joint-pori"), []int64{pointWide.ID, otherOffering.ID}; !slices.Equal(got, want) {
		t.Errorf("exceptions at joint-pori after the delete = %v; want %v (the point's own and the other offering's)", got, want)
	}
	if got := ids("kela-pori"); !slices.Equal(got, []int64{elsewhere.ID}) {
		t.Errorf("exceptions at kela-pori after the delete = %v; want %v", got, []int64{elsewhere.ID})
	}

	for _, missing := range [][2]string{{"joint-pori", "benefit-guidance"}, {"kela-vaasa", "employment"}, {"nowhere", "employment"}, {"joint-pori", "nothing"}} {
		if err := c.DeleteOffering(ctx, missing[0], missing[1]); !errs.Is(err, errs.NotFound) {
			t.Errorf("DeleteOffering(%q, %q) = %v; want not found", missing[0], missing[1], err)
		}
	}
}

func editStaffMember(t *testing.T, e Engine) {
	ctx := context.Background()
	c := Loaded(t, e).Catalogue()

	// Services read back by slug, languages in the order given, as Staff
	// lists them.
	sara := catalogue.StaffMember{Slug: "sara-uusi", Name: "Sara Uusi", Organisation: "pori", Title: text("Ohjaaja"),
		Services: []string{"integration", "employment"}, Languages: []string{"so", "fi", "en"}, Interpreter: true}
	created, err := c.SaveStaffMember(ctx, sara)
	wantSaved(t, "creating sara-uusi", created, err, true)
	want := sara
	want.Services = []string{"employment", "integration"}
	got, err := c.StaffMember(ctx, "sara-uusi")
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("sara-uusi read back as %+v, %v; want %+v", got, err, want)
	}
	listed, _, err := c.Staff(ctx, catalogue.StaffFilter{Language: "so"})
	if err != nil || len(listed) != 1 || !reflect.DeepEqual(listed[0], got) {
		t.Errorf("Staff lists sara-uusi as %+v, %v; StaffMember gives %+v", listed, err, got)
	}

	// Omar's services and languages are replaced as a whole.
	omar := Fixture().Staff[1]
	omar.Name = "Omar Testinen-Virta"
	omar.Title = text("Asiantuntija")
	omar.Services = []string{"integration"}
	omar.Languages = []string{"en", "fi"}
	created, err = c.SaveStaffMember(ctx, omar)
	wantSaved(t, "updating omar-testinen", created, err, false)
	if got, err := c.StaffMember(ctx, "omar-testinen"); err != nil || !reflect.DeepEqual(got, omar) {
		t.Errorf("omar-testinen read back as %+v, %v; want %+v", got, err, omar)
	}
	for _, tc := range []struct {
		f    catalogue.StaffFilter
		want []string
	}{
		{catalogue.StaffFilter{Service: "employment"}, []string{"sara-uusi"}},
		{catalogue.StaffFilter{Language: "ar"}, []string{"lina-tulkki"}},
	} {
		staff, _, err := c.Staff(ctx, tc.f)
		if got := slugs(staff, func(m catalogue.StaffMember) string { return m.Slug }); err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("Staff(%+v) after the update = %v, %v; want %v", tc.f, got, err, tc.want)
		}
	}

	// Saving with no services clears them; the empty list reads back as [], not nil.
	omar.Services = nil
	created, err = c.SaveStaffMember(ctx, omar)
	wantSaved(t, "clearing omar-testinen's services", created, err, false)
	if got, err := c.StaffMember(ctx, "omar-testinen"); err != nil || got.Services == nil || len(got.Services) != 0 {
		t.Errorf("omar-testinen without services = %+v, %v", got, err)
	}

	if _, err := c.StaffMember(ctx, "nobody"); !errs.Is(err, errs.NotFound) {
		t.Errorf("StaffMember(nobody) = %v; want not found", err)
	}
}

func editResource(t *testing.T, e Engine) {
	ctx := context.Background()
	c := Loaded(t, e).Catalogue()

	kiosk := catalogue.Resource{Slug: "kela-vaasa-kiosk", Point: "kela-vaasa", Kind: catalogue.DigitalPoint, Name: text("Asiointipiste"), Capacity: 1, BookableBy: catalogue.NotBookable}
	created, err := c.SaveResource(ctx, kiosk)
	wantSaved(t, "creating kela-vaasa-kiosk", created, err, true)
	if got, err := c.Resource(ctx, "kela-vaasa-kiosk"); err != nil || !reflect.DeepEqual(got, kiosk) {
		t.Errorf("kela-vaasa-kiosk read back as %+v, %v; want %+v", got, err, kiosk)
	}

	room := Fixture().Resources[0]
	room.Kind = catalogue.MeetingRoom
	room.Name = text("Kokoushuone")
	room.Capacity = 8
	room.BookableBy = catalogue.Residents
	created, err = c.SaveResource(ctx, room)
	wantSaved(t, "updating joint-pori-room-1", created, err, false)
	d, err := c.Point(ctx, "joint-pori")
	if err != nil || len(d.Resources) != 2 || !reflect.DeepEqual(d.Resources[0], room) {
		t.Errorf("resources at joint-pori = %+v, %v; want %+v first", d.Resources, err, room)
	}
	if d, _ := c.Point(ctx, "kela-vaasa"); len(d.Resources) != 1 || d.Resources[0] != kiosk {
		t.Errorf("resources at kela-vaasa = %+v", d.Resources)
	}

	if _, err := c.Resource(ctx, "nothing"); !errs.Is(err, errs.NotFound) {
		t.Errorf("Resource(nothing) = %v; want not found", err)
	}
}

// snapshot is everything the read methods show of a catalogue.
type snapshot struct {
	Organisations []catalogue.Organisation
	Services      []catalogue.Service
	Points        []catalogue.PointDetail
	Staff         []catalogue.StaffMember
	Exceptions    []catalogue.Exception
}

func takeSnapshot(t *testing.T, c *store.Catalogue) snapshot {
	t.Helper()
	ctx := context.Background()
	all := catalogue.Page{Limit: catalogue.MaxLimit}
	var s snapshot
	var err error
	if s.Organisations, _, err = c.Organisations(ctx, all); err != nil {
		t.Fatal(err)
	}
	if s.Services, _, err = c.Services(ctx, catalogue.ServiceFilter{Page: all}); err != nil {
		t.Fatal(err)
	}
	if s.Staff, _, err = c.Staff(ctx, catalogue.StaffFilter{Page: all}); err != nil {
		t.Fatal(err)
	}
	points, _, err := c.Points(ctx, catalogue.PointFilter{Page: all})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range points {
		d, err := c.Point(ctx, p.Slug)
		if err != nil {
			t.Fatal(err)
		}
		s.Points = append(s.Points, d)
		x, err := c.Exceptions(ctx, p.Slug, "1900-01-01", "2100-12-31")
		if err != nil {
			t.Fatal(err)
		}
		s.Exceptions = append(s.Exceptions, x...)
	}
	return s
}

// genericSentences are what store.Translate says about a driver error
// nobody explained; a refused save should say more.
var genericSentences = []string{"", "That exists already or the time is taken.",
	"That refers to something that does not exist.", "A value is outside what is allowed.", "Not found."}

// refusedEdits checks that every refused save names its kind and field and
// leaves the catalogue exactly as it was.
func refusedEdits(t *testing.T, e Engine) {
	ctx := context.Background()
	c := Loaded(t, e).Catalogue()
	if _, err := c.AddException(ctx, catalogue.Exception{Point: "joint-pori", Service: "benefit-guidance",
		FirstDay: "2026-12-01", LastDay: "2026-12-01", Hours: "off", Reason: text("Koulutus")}); err != nil {
		t.Fatal(err)
	}
	before := takeSnapshot(t, c)
	fx := Fixture()

	with := func(change func(*catalogue.Catalogue)) *catalogue.Catalogue {
		f := Fixture()
		change(f)
		return f
	}
	cases := []struct {
		name  string
		save  func() (bool, error)
		kind  errs.Kind
		param string // the field named, if any
	}{
		{"organisation with a wrong check digit", func() (bool, error) {
			return c.SaveOrganisation(ctx, with(func(f *catalogue.Catalogue) { f.Organisations[0].BusinessID = "0246246-1" }).Organisations[0])
		}, errs.Invalid, ""},
		{"new organisation without a name", func() (bool, error) {
			return c.SaveOrganisation(ctx, catalogue.Organisation{Slug: "vaasa", Kind: catalogue.Municipality, BusinessID: "0209599-8"})
		}, errs.Invalid, ""},
		{"organisation taking another's business ID", func() (bool, error) {
			return c.SaveOrganisation(ctx, with(func(f *catalogue.Catalogue) { f.Organisations[0].BusinessID = fx.Organisations[1].BusinessID }).Organisations[0])
		}, errs.Conflict, "business_id"},
		{"new organisation with another's business ID", func() (bool, error) {
			return c.SaveOrganisation(ctx, catalogue.Organisation{Slug: "kela-2", Kind: catalogue.Kela, BusinessID: fx.Organisations[0].BusinessID, Name: text("Kela")})
		}, errs.Conflict, "business_id"},

		{"service with a too short duration", func() (bool, error) {
			return c.SaveService(ctx, with(func(f *catalogue.Catalogue) { f.Services[0].DurationMinutes = 1 }).Services[0])
		}, errs.Invalid, ""},
		{"service of a missing organisation", func() (bool, error) {
			return c.SaveService(ctx, with(func(f *catalogue.Catalogue) { f.Services[0].Slug, f.Services[0].Organisation = "new-service", "nobody" }).Services[0])
		}, errs.Invalid, "organisation"},
		{"service moved to another organisation", func() (bool, error) {
			return c.SaveService(ctx, with(func(f *catalogue.Catalogue) { f.Services[0].Organisation = "pori"; f.Services[0].DurationMinutes = 90 }).Services[0])
		}, errs.Conflict, ""},
		{"service moved to a missing organisation", func() (bool, error) {
			return c.SaveService(ctx, with(func(f *catalogue.Catalogue) { f.Services[0].Organisation = "nobody" }).Services[0])
		}, errs.Invalid, "organisation"},

		{"point with unreadable hours", func() (bool, error) {
			return c.SavePoint(ctx, with(func(f *catalogue.Catalogue) { f.Points[0].OpeningHours = "weekdays 9 to 4" }).Points[0])
		}, errs.Invalid, ""},
		{"new point without a municipality", func() (bool, error) {
			return c.SavePoint(ctx, with(func(f *catalogue.Catalogue) {
				f.Points[0].Slug, f.Points[0].Municipality = "new-point", catalogue.MunicipalityRef{}
			}).Points[0])
		}, errs.Invalid, ""},

		{"offering without hours", func() (bool, error) {
			return c.SaveOffering(ctx, catalogue.Offering{Point: "joint-pori", Service: "benefit-guidance"})
		}, errs.Invalid, ""},
		{"offering at a missing point", func() (bool, error) {
			return c.SaveOffering(ctx, catalogue.Offering{Point: "nowhere", Service: "employment", WalkInHours: "Mo 09:00-12:00"})
		}, errs.Invalid, "point"},
		{"offering of a missing service", func() (bool, error) {
			return c.SaveOffering(ctx, catalogue.Offering{Point: "kela-vaasa", Service: "nothing", WalkInHours: "Mo 09:00-12:00"})
		}, errs.Invalid, "service"},

		{"staff member without languages", func() (bool, error) {
			return c.SaveStaffMember(ctx, with(func(f *catalogue.Catalogue) { f.Staff[1].Languages = nil; f.Staff[1].Services = nil }).Staff[1])
		}, errs.Invalid, ""},
		{"staff member of a missing organisation", func() (bool, error) {
			return c.SaveStaffMember(ctx, catalogue.StaffMember{Slug: "new-person", Name: "Uusi", Organisation: "nobody", Languages: []string{"fi"}})
		}, errs.Invalid, "organisation"},
		{"staff member with a missing service", func() (bool, error) {
			return c.SaveStaffMember(ctx, with(func(f *catalogue.Catalogue) { f.Staff[1].Services = []string{"integration", "nothing"} }).Staff[1])
		}, errs.Invalid, "services"},
		{"staff member listing a service twice", func() (bool, error) {
			return c.SaveStaffMember(ctx, with(func(f *catalogue.Catalogue) { f.Staff[1].Services = []string{"integration", "integration"} }).Staff[1])
		}, errs.Invalid, "services"},
		{"staff member listing a language twice", func() (bool, error) {
			return c.SaveStaffMember(ctx, with(func(f *catalogue.Catalogue) { f.Staff[1].Languages = []string{"fi", "ar", "fi"} }).Staff[1])
		}, errs.Invalid, "languages"},
		{"staff member with a malformed language", func() (bool, error) {
			return c.SaveStaffMember(ctx, with(func(f *catalogue.Catalogue) { f.Staff[1].Languages = []string{"Finnish"} }).Staff[1])
		}, errs.Invalid, ""},
		{"staff member moved to another organisation", func() (bool, error) {
			return c.SaveStaffMember(ctx, with(func(f *catalogue.Catalogue) {
				f.Staff[1].Organisation, f.Staff[1].Name, f.Staff[1].Services = "kela", "Omar Muutettu", []string{"benefit-guidance"}
			}).Staff[1])
		}, errs.Conflict, ""},

		{"resource with no capacity", func() (bool, error) {
			return c.SaveResource(ctx, with(func(f *catalogue.Catalogue) { f.Resources[0].Capacity = 0 }).Resources[0])
		}, errs.Invalid, ""},
		{"resource at a missing point", func() (bool, error) {
			return c.SaveResource(ctx, with(func(f *catalogue.Catalogue) { f.Resources[0].Slug, f.Resources[0].Point = "new-room", "nowhere" }).Resources[0])
		}, errs.Invalid, "point"},
		{"resource moved to another point", func() (bool, error) {
			return c.SaveResource(ctx, with(func(f *catalogue.Catalogue) { f.Resources[0].Point = "kela-pori"; f.Resources[0].Capacity = 9 }).Resources[0])
		}, errs.Conflict, ""},
	}
	for _, tc := range cases {
		created, err := tc.save()
		var e *errs.Error
		switch {
		case created || !errs.Is(err, tc.kind) || !errors.As(err, &e):
			t.Errorf("%s: created %v, %v; want %s", tc.name, created, err, tc.kind)
		case e.Param != tc.param:
			t.Errorf("%s: %v names field %q; want %q", tc.name, err, e.Param, tc.param)
		case slices.Contains(genericSentences, e.Message):
			t.Errorf("%s: %v has no sentence of its own", tc.name, err)
		}
	}
	if after := takeSnapshot(t, c); !reflect.DeepEqual(after, before) {
		t.Errorf("refused saves changed the catalogue:\nbefore %+v\nafter  %+v", before, after)
	}

	// A refused move names the owner the entity stays with.
	_, err := c.SaveService(ctx, with(func(f *catalogue.Catalogue) { f.Services[0].Organisation = "pori" }).Services[0])
	if want := `Service "benefit-guidance" belongs to "kela"; it cannot be moved to another organisation.`; errs.Message(err) != want {
		t.Errorf("moving a service: %q; want %q", errs.Message(err), want)
	}
}
