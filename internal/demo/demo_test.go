package demo

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/onestop-fi/onestop/internal/catalogue"
	"github.com/onestop-fi/onestop/internal/errs"
)

func TestCatalogueValidates(t *testing.T) {
	if err := Catalogue().Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestReferencesResolve(t *testing.T) {
	c := Catalogue()
	orgs := map[string]bool{}
	for _, o := range c.Organisations {
		orgs[o.Slug] = true
	}
	services := map[string]catalogue.Service{}
	for _, s := range c.Services {
		services[s.Slug] = s
		if !orgs[s.Organisation] {
			t.Errorf("service %s: organisation %q is not in the catalogue", s.Slug, s.Organisation)
		}
	}
	points := map[string]catalogue.Point{}
	for _, p := range c.Points {
		points[p.Slug] = p
	}
	offered := map[string]bool{}
	pointsWithOfferings := map[string]bool{}
	for _, o := range c.Offerings {
		p, okPoint := points[o.Point]
		s, okService := services[o.Service]
		if !okPoint {
			t.Errorf("offering of %s: point %q is not in the catalogue", o.Service, o.Point)
		}
		if !okService {
			t.Errorf("offering at %s: service %q is not in the catalogue", o.Point, o.Service)
		}
		if !okPoint || !okService {
			continue
		}
		offered[o.Service] = true
		pointsWithOfferings[o.Point] = true
		// A place serves people in person; the remote point by video or phone.
		if p.Kind == catalogue.Remote {
			if !slices.Contains(s.Channels, catalogue.Video) && !slices.Contains(s.Channels, catalogue.Phone) {
				t.Errorf("remote point %s offers %s, which has neither video nor phone", p.Slug, s.Slug)
			}
		} else if !slices.Contains(s.Channels, catalogue.InPerson) {
			t.Errorf("point %s offers %s, which is not given in person", p.Slug, s.Slug)
		}
	}
	for _, p := range c.Points {
		if !pointsWithOfferings[p.Slug] {
			t.Errorf("point %s has no offerings", p.Slug)
		}
	}
	staffed := map[string]bool{}
	for _, m := range c.Staff {
		if !orgs[m.Organisation] {
			t.Errorf("staff member %s: organisation %q is not in the catalogue", m.Slug, m.Organisation)
		}
		for _, sv := range m.Services {
			s, ok := services[sv]
			switch {
			case !ok:
				t.Errorf("staff member %s: service %q is not in the catalogue", m.Slug, sv)
			case s.Organisation != m.Organisation:
				t.Errorf("staff member %s of %s gives %s, a service of %s", m.Slug, m.Organisation, sv, s.Organisation)
			}
			staffed[sv] = true
		}
	}
	for _, s := range c.Services {
		if !offered[s.Slug] {
			t.Errorf("service %s is offered at no point", s.Slug)
		}
		if !staffed[s.Slug] {
			t.Errorf("service %s has no staff member who gives it", s.Slug)
		}
	}
	for _, r := range c.Resources {
		if _, ok := points[r.Point]; !ok {
			t.Errorf("resource %s: point %q is not in the catalogue", r.Slug, r.Point)
		}
	}
}

func TestPalojoenkulma(t *testing.T) {
	c := Catalogue()
	owner := map[string]string{}
	for _, s := range c.Services {
		owner[s.Slug] = s.Organisation
	}
	var orgs []string
	for _, o := range c.Offerings {
		if o.Point == "palojoenkulma" && !slices.Contains(orgs, owner[o.Service]) {
			orgs = append(orgs, owner[o.Service])
		}
		if o.Point == "palojoenkulma" && o.Service == "kela-benefit-guidance" {
			if want := "Mo,Tu,Th,Fr 12:00-15:30; PH off"; o.WalkInHours != want {
				t.Errorf("Kela walk-in hours at Palojoenkulma = %q, want %q", o.WalkInHours, want)
			}
			if o.AppointmentHours == "" {
				t.Error("Kela at Palojoenkulma has no appointment hours")
			}
		}
	}
	slices.Sort(orgs)
	if want := []string{"kela", "pori", "satakunta"}; !slices.Equal(orgs, want) {
		t.Errorf("organisations with offerings at Palojoenkulma = %v, want %v", orgs, want)
	}

	count := map[catalogue.ResourceKind]int{}
	for _, r := range c.Resources {
		if r.Point != "palojoenkulma" {
			continue
		}
		count[r.Kind]++
		switch r.Kind {
		case catalogue.Workstation:
			if r.BookableBy != catalogue.StaffOnly {
				t.Errorf("workstation %s is bookable by %q, want staff", r.Slug, r.BookableBy)
			}
		case catalogue.DigitalPoint:
			if r.BookableBy != catalogue.NotBookable {
				t.Errorf("digital service point %s is bookable by %q, want none", r.Slug, r.BookableBy)
			}
		}
	}
	if count[catalogue.Workstation] != 82 {
		t.Errorf("Palojoenkulma has %d workstations, want 82", count[catalogue.Workstation])
	}
	if count[catalogue.DigitalPoint] != 3 {
		t.Errorf("Palojoenkulma has %d digital service points, want 3", count[catalogue.DigitalPoint])
	}
	for _, k := range []catalogue.ResourceKind{catalogue.MeetingRoom, catalogue.QuietRoom, catalogue.AdvisoryRoom} {
		if count[k] == 0 {
			t.Errorf("Palojoenkulma has no %s", k)
		}
	}
	for _, slug := range []string{"palojoenkulma-workstation-01", "palojoenkulma-workstation-82"} {
		if !slices.ContainsFunc(c.Resources, func(r catalogue.Resource) bool { return r.Slug == slug }) {
			t.Errorf("no resource %s", slug)
		}
	}
}

func TestKalajarviRoomsForResidents(t *testing.T) {
	kinds := map[catalogue.ResourceKind]bool{}
	for _, r := range Catalogue().Resources {
		if r.Point == "kalajarvi" && r.BookableBy == catalogue.Residents {
			kinds[r.Kind] = true
		}
	}
	if !kinds[catalogue.Hall] || !kinds[catalogue.Classroom] {
		t.Errorf("Kalajärvi rooms residents can book are of kinds %v, want a hall and a classroom", kinds)
	}
}

func TestKelaNetwork(t *testing.T) {
	c := Catalogue()
	kelaServices := map[string]bool{}
	for _, s := range c.Services {
		if s.Organisation == "kela" {
			kelaServices[s.Slug] = true
		}
	}
	kelaAt := map[string]bool{}
	for _, o := range c.Offerings {
		if kelaServices[o.Service] {
			kelaAt[o.Point] = true
		}
	}
	count := map[catalogue.PointKind]int{}
	partTime := 0
	for _, p := range c.Points {
		if !kelaAt[p.Slug] {
			continue
		}
		count[p.Kind]++
		if p.Kind == catalogue.Office {
			days, err := openDays(p.OpeningHours)
			if err != nil {
				t.Errorf("Kela office %s: %v", p.Slug, err)
			}
			if days < 5 {
				partTime++
			}
		}
	}
	if count[catalogue.Office] < 12 {
		t.Errorf("%d Kela offices, want at least 12", count[catalogue.Office])
	}
	if partTime == 0 || partTime == count[catalogue.Office] {
		t.Errorf("%d of %d Kela offices open fewer than five days, want some but not all", partTime, count[catalogue.Office])
	}
	if count[catalogue.Partner] < 4 {
		t.Errorf("Kela takes part in %d partner points, want at least 4", count[catalogue.Partner])
	}
	if count[catalogue.PopUp] < 1 || count[catalogue.Remote] < 1 {
		t.Errorf("Kela has %d pop-up and %d remote points, want at least one of each", count[catalogue.PopUp], count[catalogue.Remote])
	}
}

// openDays counts the weekdays of simple opening hours such as
// "Mo,We-Fr 09:00-16:00; PH off". It understands only the weekday
// selectors the demo uses, which is enough to check the demo; the hours
// package parses the real syntax.
func openDays(hours string) (int, error) {
	week := []string{"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"}
	open := map[string]bool{}
	for _, rule := range strings.Split(hours, ";") {
		rule = strings.TrimSpace(rule)
		if rule == "" || rule == "PH off" {
			continue
		}
		selector, _, _ := strings.Cut(rule, " ")
		for _, part := range strings.Split(selector, ",") {
			from, to, isRange := strings.Cut(part, "-")
			i, j := slices.Index(week, from), slices.Index(week, to)
			if !isRange {
				j = i
			}
			if i < 0 || j < i {
				return 0, fmt.Errorf("weekday selector %q of %q is not understood", part, hours)
			}
			for _, d := range week[i : j+1] {
				open[d] = true
			}
		}
	}
	return len(open), nil
}

func TestOpenDays(t *testing.T) {
	for hours, want := range map[string]int{
		"Mo-Fr 09:00-16:00; PH off":                    5,
		"Tu,Th 09:00-15:00; PH off":                    2,
		"We 10:00-14:00; PH off":                       1,
		"Mo,We-Fr 09:00-16:00":                         4,
		"Mo-Th 09:00-15:00; Fr 09:00-14:00; PH off":    5,
		"Mo-Fr 07:00-20:00; Sa,Su 10:00-18:00; PH off": 7,
	} {
		if got, err := openDays(hours); err != nil || got != want {
			t.Errorf("openDays(%q) = %d, %v; want %d", hours, got, err, want)
		}
	}
	if _, err := openDays("2026 Dec 02,09 10:00-14:00"); err == nil {
		t.Error("openDays of dated hours: want an error")
	}
}

func TestInterpreterForEachLanguage(t *testing.T) {
	c := Catalogue()
	for _, lang := range []string{"fi", "sv", "en", "ru", "ar", "so", "uk"} {
		speaks := func(m catalogue.StaffMember) bool { return slices.Contains(m.Languages, lang) }
		if !slices.ContainsFunc(c.Staff, func(m catalogue.StaffMember) bool { return m.Interpreter && speaks(m) }) {
			t.Errorf("no interpreter for %s", lang)
		}
		if !slices.ContainsFunc(c.Staff, func(m catalogue.StaffMember) bool { return !m.Interpreter && speaks(m) }) {
			t.Errorf("no staff member other than an interpreter speaks %s", lang)
		}
	}
}

// TestTextsInThreeLanguages walks every Text of the catalogue: each has
// Finnish, Swedish and English, except the optional notes of an offering
// and the address of a remote point, which may be empty altogether.
func TestTextsInThreeLanguages(t *testing.T) {
	c := Catalogue()
	remote := map[string]bool{}
	for _, p := range c.Points {
		if p.Kind == catalogue.Remote {
			remote[p.Slug] = true
		}
	}
	n := 0
	eachText(reflect.ValueOf(*c), "catalogue", func(path string, tx catalogue.Text) {
		n++
		if tx.Fi != "" && tx.Sv != "" && tx.En != "" {
			return
		}
		if tx.IsZero() && strings.HasSuffix(path, ".Notes") {
			return
		}
		if tx.IsZero() && strings.Contains(path, ".Address.") {
			slug := path[strings.Index(path, "[")+1 : strings.Index(path, "]")]
			if remote[slug] {
				return
			}
		}
		t.Errorf("%s = %+v, want Finnish, Swedish and English", path, tx)
	})
	if n < 100 {
		t.Errorf("walked %d texts; the walk is missing some", n)
	}
}

// eachText calls f with every catalogue.Text inside v and its path, such
// as Points[palojoenkulma].Address.Street.
func eachText(v reflect.Value, path string, f func(string, catalogue.Text)) {
	if tx, ok := v.Interface().(catalogue.Text); ok {
		f(path, tx)
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			eachText(v.Elem(), path, f)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			eachText(v.Field(i), path+"."+v.Type().Field(i).Name, f)
		}
	case reflect.Slice:
		for i := range v.Len() {
			key := fmt.Sprint(i)
			e := v.Index(i)
			if e.Kind() == reflect.Struct {
				if s := e.FieldByName("Slug"); s.IsValid() {
					key = s.String()
				}
			}
			eachText(e, fmt.Sprintf("%s[%s]", path, key), f)
		}
	}
}

func TestCatalogueIsFresh(t *testing.T) {
	a := Catalogue()
	a.Points[0].Name.Fi = "changed"
	a.Organisations = nil
	b := Catalogue()
	if b.Points[0].Name.Fi == "changed" || len(b.Organisations) == 0 {
		t.Error("a change to one demo catalogue shows in the next")
	}
}

// fakeStore is the least of a catalogue.Store that Load needs: Empty and
// Import. The embedded nil interface makes any other call panic.
type fakeStore struct {
	catalogue.Store
	imported  []*catalogue.Catalogue
	emptyErr  error
	importErr error
	// staleEmpty makes Empty answer true even after an import, as it does
	// for an instance that asked just before another instance imported.
	staleEmpty bool
}

func (s *fakeStore) Empty(context.Context) (bool, error) {
	if s.emptyErr != nil {
		return false, s.emptyErr
	}
	return s.staleEmpty || len(s.imported) == 0, nil
}

func (s *fakeStore) Import(_ context.Context, c *catalogue.Catalogue) error {
	if s.importErr != nil {
		return s.importErr
	}
	if len(s.imported) > 0 {
		return errs.Conflictf("Organisation %q exists already.", c.Organisations[0].Slug)
	}
	s.imported = append(s.imported, c)
	return nil
}

func TestLoadIsIdempotent(t *testing.T) {
	ctx := context.Background()
	s := &fakeStore{}
	loaded, err := Load(ctx, s)
	if err != nil || !loaded {
		t.Fatalf("first Load = %v, %v; want true, nil", loaded, err)
	}
	loaded, err = Load(ctx, s)
	if err != nil || loaded {
		t.Fatalf("second Load = %v, %v; want false, nil", loaded, err)
	}
	if len(s.imported) != 1 {
		t.Fatalf("%d imports, want 1", len(s.imported))
	}
	if got := len(s.imported[0].Organisations); got != len(Catalogue().Organisations) {
		t.Errorf("imported %d organisations, want %d", got, len(Catalogue().Organisations))
	}
}

func TestLoadLosingTheRaceIsNotAnError(t *testing.T) {
	// Another instance imported between our Empty and our Import.
	s := &fakeStore{staleEmpty: true, imported: []*catalogue.Catalogue{{}}}
	loaded, err := Load(context.Background(), s)
	if err != nil || loaded {
		t.Fatalf("Load = %v, %v; want false, nil", loaded, err)
	}
	if len(s.imported) != 1 {
		t.Errorf("%d imports, want the other instance's only", len(s.imported))
	}
}

func TestLoadReportsStoreErrors(t *testing.T) {
	broken := errors.New("disk I/O error")
	for name, s := range map[string]*fakeStore{
		"empty":   {emptyErr: broken},
		"import":  {importErr: broken},
		"invalid": {importErr: errs.Invalidf("Service point %q: postal code is not five digits.", "x")},
	} {
		loaded, err := Load(context.Background(), s)
		if err == nil || loaded {
			t.Errorf("%s: Load = %v, %v; want false and an error", name, loaded, err)
		}
		if name == "invalid" && !errs.Is(err, errs.Invalid) {
			t.Errorf("%s: error %v lost its kind", name, err)
		}
		if name != "invalid" && !errors.Is(err, broken) {
			t.Errorf("%s: error %v does not wrap the store's", name, err)
		}
	}
}
