package catalogue

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/onestop-fi/onestop/internal/errs"
	"github.com/onestop-fi/onestop/internal/hours"
)

var (
	slugRE       = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)
	languageRE   = regexp.MustCompile(`^[a-z]{2,3}$`)
	postalCodeRE = regexp.MustCompile(`^[0-9]{5}$`)
	muniCodeRE   = regexp.MustCompile(`^[0-9]{3}$`)
	businessIDRE = regexp.MustCompile(`^([0-9]{7})-([0-9])$`)
)

// MaxSlugLength bounds slugs so that they stay readable in URLs.
const MaxSlugLength = 80

// ValidSlug reports whether s is a slug: lower-case letters and digits in
// words joined by single hyphens.
func ValidSlug(s string) bool { return len(s) <= MaxSlugLength && slugRE.MatchString(s) }

// ValidLanguage reports whether s looks like an ISO 639 language code.
func ValidLanguage(s string) bool { return languageRE.MatchString(s) }

// ValidBusinessID reports whether s is a Finnish business ID (Y-tunnus):
// seven digits, a hyphen and a check digit computed with the weights
// 7, 9, 10, 5, 8, 4, 2 modulo 11 (a remainder of 1 is never issued).
func ValidBusinessID(s string) bool {
	m := businessIDRE.FindStringSubmatch(s)
	if m == nil {
		return false
	}
	weights := [7]int{7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, w := range weights {
		sum += int(m[1][i]-'0') * w
	}
	check := 0
	switch r := sum % 11; r {
	case 0:
	case 1:
		return false
	default:
		check = 11 - r
	}
	return int(m[2][0]-'0') == check
}

// problems gathers the problems of one entity.
type problems struct {
	what string
	list []string
}

func (p *problems) add(format string, args ...any) {
	p.list = append(p.list, fmt.Sprintf(format, args...))
}

func (p *problems) err() error {
	if len(p.list) == 0 {
		return nil
	}
	return errs.Invalidf("%s: %s.", p.what, strings.Join(p.list, "; "))
}

func (p *problems) slug(field, s string) {
	switch {
	case s == "":
		p.add("%s is missing", field)
	case !ValidSlug(s):
		p.add("%s %q is not a slug (lower-case letters, digits and single hyphens, at most %d characters)", field, s, MaxSlugLength)
	}
}

func (p *problems) name(field string, t Text) {
	if t.Fi == "" && t.Sv == "" && t.En == "" {
		p.add("%s needs text in at least one of Finnish, Swedish and English", field)
	}
}

func (p *problems) languages(field string, langs []string) {
	for _, l := range langs {
		if !ValidLanguage(l) {
			p.add("%s: %q is not a language code such as fi, sv or ar", field, l)
		}
	}
}

// hours checks an opening_hours value; the parser's message names the
// position and what it expected there.
func (p *problems) hours(field, value string) {
	if _, err := hours.Parse(value); err != nil {
		p.add("%s %q cannot be read: %v", field, value, err)
	}
}

// Validate checks an organisation's own fields.
func (o *Organisation) Validate() error {
	p := problems{what: "organisation " + quoteOr(o.Slug, "without a slug")}
	p.slug("slug", o.Slug)
	if !slices.Contains(OrgKinds, o.Kind) {
		p.add("kind %q is not one of %s", o.Kind, joinAny(OrgKinds))
	}
	if !ValidBusinessID(o.BusinessID) {
		p.add("business ID %q is not a valid Finnish business ID (1234567-8 with a correct check digit)", o.BusinessID)
	}
	p.name("name", o.Name)
	return p.err()
}

// Validate checks a service's own fields.
func (s *Service) Validate() error {
	p := problems{what: "service " + quoteOr(s.Slug, "without a slug")}
	p.slug("slug", s.Slug)
	p.slug("organisation", s.Organisation)
	p.name("name", s.Name)
	if len(s.Channels) == 0 {
		p.add("channels are missing: name at least one of %s", joinAny(Channels))
	}
	for _, c := range s.Channels {
		if !slices.Contains(Channels, c) {
			p.add("channel %q is not one of %s", c, joinAny(Channels))
		}
	}
	if s.DurationMinutes < 5 || s.DurationMinutes > 480 {
		p.add("default duration %d minutes is outside 5–480 minutes", s.DurationMinutes)
	}
	if s.MinNoticeMinutes < 0 || s.MinNoticeMinutes > 30*24*60 {
		p.add("minimum notice %d minutes is outside 0–43200 minutes (30 days)", s.MinNoticeMinutes)
	}
	if s.HorizonDays < 0 || s.HorizonDays > 365 {
		p.add("booking horizon %d days is outside 0–365 days", s.HorizonDays)
	}
	p.languages("languages", s.Languages)
	for _, e := range s.LifeEvents {
		if !slices.Contains(LifeEvents, e) {
			p.add("life event %q is not one of %s", e, strings.Join(LifeEvents, ", "))
		}
	}
	return p.err()
}

// Validate checks a point's own fields.
func (pt *Point) Validate() error {
	p := problems{what: "service point " + quoteOr(pt.Slug, "without a slug")}
	p.slug("slug", pt.Slug)
	if !slices.Contains(PointKinds, pt.Kind) {
		p.add("kind %q is not one of %s", pt.Kind, joinAny(PointKinds))
	}
	p.name("name", pt.Name)
	if pt.Kind != Remote {
		if pt.Address.Street.IsZero() {
			p.add("street address is missing")
		}
		if !postalCodeRE.MatchString(pt.Address.PostalCode) {
			p.add("postal code %q is not five digits", pt.Address.PostalCode)
		}
	}
	if !muniCodeRE.MatchString(pt.Municipality.Code) {
		p.add("municipality code %q is not three digits", pt.Municipality.Code)
	}
	p.name("municipality name", pt.Municipality.Name)
	if l := pt.Location; l != nil && (l.Lat < -90 || l.Lat > 90 || l.Lon < -180 || l.Lon > 180) {
		p.add("coordinates %g, %g are outside WGS84 latitude −90…90 and longitude −180…180", l.Lat, l.Lon)
	}
	if pt.TimeZone == "" {
		p.add("time zone is missing")
	} else if _, err := time.LoadLocation(pt.TimeZone); err != nil {
		p.add("time zone %q is not an IANA time zone such as Europe/Helsinki", pt.TimeZone)
	}
	if strings.TrimSpace(pt.OpeningHours) == "" {
		p.add("opening hours are missing (write them in OpenStreetMap opening_hours syntax, e.g. Mo-Fr 09:00-16:00; PH off)")
	} else {
		p.hours("opening hours", pt.OpeningHours)
	}
	p.languages("languages", pt.Languages)
	return p.err()
}

// Validate checks an offering's own fields.
func (o *Offering) Validate() error {
	p := problems{what: fmt.Sprintf("offering of %s at %s", quoteOr(o.Service, "no service"), quoteOr(o.Point, "no point"))}
	p.slug("point", o.Point)
	p.slug("service", o.Service)
	if strings.TrimSpace(o.WalkInHours) == "" && strings.TrimSpace(o.AppointmentHours) == "" {
		p.add("give walk-in hours, appointment hours or both")
	}
	if strings.TrimSpace(o.WalkInHours) != "" {
		p.hours("walk-in hours", o.WalkInHours)
	}
	if strings.TrimSpace(o.AppointmentHours) != "" {
		p.hours("appointment hours", o.AppointmentHours)
	}
	return p.err()
}

// Validate checks a staff member's own fields.
func (s *StaffMember) Validate() error {
	p := problems{what: "staff member " + quoteOr(s.Slug, "without a slug")}
	p.slug("slug", s.Slug)
	p.slug("organisation", s.Organisation)
	if strings.TrimSpace(s.Name) == "" {
		p.add("name is missing")
	}
	for _, sv := range s.Services {
		p.slug("service", sv)
	}
	if len(s.Languages) == 0 {
		p.add("languages spoken are missing")
	}
	p.languages("languages", s.Languages)
	return p.err()
}

// Validate checks a resource's own fields.
func (r *Resource) Validate() error {
	p := problems{what: "resource " + quoteOr(r.Slug, "without a slug")}
	p.slug("slug", r.Slug)
	p.slug("point", r.Point)
	if !slices.Contains(ResourceKinds, r.Kind) {
		p.add("kind %q is not one of %s", r.Kind, joinAny(ResourceKinds))
	}
	p.name("name", r.Name)
	if r.Capacity < 1 || r.Capacity > 10000 {
		p.add("capacity %d is outside 1–10000 people", r.Capacity)
	}
	switch r.BookableBy {
	case StaffOnly, Residents, NotBookable:
	default:
		p.add("bookable by %q is not one of staff, residents, none", r.BookableBy)
	}
	return p.err()
}

// Validate checks every entity of the catalogue and that slugs are unique
// within it. References to entities outside it are checked by the store.
func (c *Catalogue) Validate() error {
	seen := map[string]bool{}
	dup := func(kind, slug string) error {
		k := kind + "/" + slug
		if seen[k] {
			return errs.Invalidf("%s %q appears twice.", kind, slug)
		}
		seen[k] = true
		return nil
	}
	for i := range c.Organisations {
		if err := first(c.Organisations[i].Validate(), dup("organisation", c.Organisations[i].Slug)); err != nil {
			return err
		}
	}
	for i := range c.Services {
		if err := first(c.Services[i].Validate(), dup("service", c.Services[i].Slug)); err != nil {
			return err
		}
	}
	for i := range c.Points {
		if err := first(c.Points[i].Validate(), dup("service point", c.Points[i].Slug)); err != nil {
			return err
		}
	}
	for i := range c.Offerings {
		o := &c.Offerings[i]
		if err := first(o.Validate(), dup("offering", o.Point+"/"+o.Service)); err != nil {
			return err
		}
	}
	for i := range c.Staff {
		if err := first(c.Staff[i].Validate(), dup("staff member", c.Staff[i].Slug)); err != nil {
			return err
		}
	}
	for i := range c.Resources {
		if err := first(c.Resources[i].Validate(), dup("resource", c.Resources[i].Slug)); err != nil {
			return err
		}
	}
	return nil
}

func first(errList ...error) error {
	for _, err := range errList {
		if err != nil {
			return err
		}
	}
	return nil
}

func quoteOr(s, otherwise string) string {
	if s == "" {
		return otherwise
	}
	return fmt.Sprintf("%q", s)
}

func joinAny[T ~string](xs []T) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = string(x)
	}
	return strings.Join(parts, ", ")
}
