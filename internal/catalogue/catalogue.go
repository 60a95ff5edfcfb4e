// Package catalogue holds what a service network offers: the organisations,
// their services, the service points where they are given, the offerings (a
// service at a point with its hours), the staff and the bookable resources.
//
// It is pure domain: types, validation and the Store interface the rest of
// onestop reads the catalogue through. No HTTP, no SQL.
package catalogue

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Languages the user interface is written in. Content names and
// descriptions are kept in each of them.
var UILanguages = []string{"fi", "sv", "en"}

// Text is a name or description in Finnish, Swedish and English.
type Text struct {
	Fi string `json:"fi"`
	Sv string `json:"sv"`
	En string `json:"en"`
}

// In returns the text in lang, falling back to Finnish, then English, then
// Swedish when that language is missing.
func (t Text) In(lang string) string {
	switch lang {
	case "sv":
		if t.Sv != "" {
			return t.Sv
		}
	case "en":
		if t.En != "" {
			return t.En
		}
	}
	for _, s := range []string{t.Fi, t.En, t.Sv} {
		if s != "" {
			return s
		}
	}
	return ""
}

// IsZero reports whether no language has text.
func (t Text) IsZero() bool { return t.Fi == "" && t.Sv == "" && t.En == "" }

// Capitalise writes s with a capital first letter, in any script that
// has capitals: "staff member" → "Staff member", "русский" → "Русский".
func Capitalise(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if size == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}

// OrgKind is the kind of a public organisation.
type OrgKind string

const (
	Municipality    OrgKind = "municipality"
	WellbeingCounty OrgKind = "wellbeing_county"
	Kela            OrgKind = "kela"
	Hospital        OrgKind = "hospital"
	Employment      OrgKind = "employment"
)

// OrgKinds lists every organisation kind in display order.
var OrgKinds = []OrgKind{Municipality, WellbeingCounty, Kela, Hospital, Employment}

// Organisation is a public body that owns services, staff and the customer
// data it records.
type Organisation struct {
	Slug        string  `json:"slug"`
	Kind        OrgKind `json:"kind"`
	BusinessID  string  `json:"business_id"`
	Name        Text    `json:"name"`
	Description Text    `json:"description"`
	Website     string  `json:"website,omitempty"`
}

// Channel is a way a service can be given.
type Channel string

const (
	InPerson Channel = "in_person"
	Video    Channel = "video"
	Phone    Channel = "phone"
	Callback Channel = "callback"
	EService Channel = "e_service"
)

// Channels lists every channel in display order.
var Channels = []Channel{InPerson, Video, Phone, Callback, EService}

// LifeEvents are the situations of life services are grouped by, so that a
// resident who does not know which organisation to ask can start from what
// is happening to them.
var LifeEvents = []string{
	"losing_job", "moving_to_finland", "having_baby", "studying",
	"retiring", "illness", "housing_problems", "low_income",
}

// Service is what an organisation offers.
type Service struct {
	Slug            string    `json:"slug"`
	Organisation    string    `json:"organisation"`
	Name            Text      `json:"name"`
	Description     Text      `json:"description"`
	Channels        []Channel `json:"channels"`
	DurationMinutes int       `json:"duration_minutes"`
	Languages       []string  `json:"languages"`
	LifeEvents      []string  `json:"life_events"`
	// MinNoticeMinutes is how far ahead an appointment must be booked,
	// HorizonDays how far ahead it can be; 0 takes the defaults (2 hours,
	// 8 weeks).
	MinNoticeMinutes int `json:"min_notice_minutes,omitempty"`
	HorizonDays      int `json:"horizon_days,omitempty"`
}

// PointKind is the kind of a service point.
type PointKind string

const (
	Office  PointKind = "office"
	Joint   PointKind = "joint"
	Partner PointKind = "partner"
	PopUp   PointKind = "pop_up"
	Remote  PointKind = "remote"
)

// PointKinds lists every point kind in display order.
var PointKinds = []PointKind{Office, Joint, Partner, PopUp, Remote}

// Address is a Finnish street address.
type Address struct {
	Street     Text   `json:"street"`
	PostalCode string `json:"postal_code"`
	PostOffice Text   `json:"post_office"`
}

// Municipality names the municipality a point is in: its official
// three-digit code and its names.
type MunicipalityRef struct {
	Code string `json:"code"`
	Name Text   `json:"name"`
}

// Location is a WGS84 coordinate.
type Location struct {
	Lat float64 `json:"lat"`
	Lon float64 `json:"lon"`
}

// Point is a service point: a place where services are given, or a virtual
// place for remote service.
type Point struct {
	Slug          string          `json:"slug"`
	Kind          PointKind       `json:"kind"`
	Name          Text            `json:"name"`
	Description   Text            `json:"description"`
	Address       Address         `json:"address"`
	Municipality  MunicipalityRef `json:"municipality"`
	Location      *Location       `json:"location,omitempty"`
	TimeZone      string          `json:"time_zone"`
	OpeningHours  string          `json:"opening_hours"`
	Accessibility Text            `json:"accessibility"`
	// Languages are the languages customers are served in at this point,
	// beyond the user-interface languages; kiosks and lobby displays show
	// them too.
	Languages []string `json:"languages"`
	Phone     string   `json:"phone,omitempty"`
	Email     string   `json:"email,omitempty"`
	// NationalClosuresOff opts the point out of the national closure days
	// (Christmas Eve, Midsummer Eve) on which public service points close.
	NationalClosuresOff bool `json:"national_closures_off,omitempty"`
}

// Offering is a service given at a point, with the hours of each mode.
// An empty hours string means the service is not given that way there.
type Offering struct {
	Point            string `json:"point"`
	Service          string `json:"service"`
	WalkInHours      string `json:"walk_in_hours"`
	AppointmentHours string `json:"appointment_hours"`
	Notes            Text   `json:"notes"`
}

// StaffMember is a person working for one organisation. Interpreters are
// staff members with the interpreter flag, bookable by language.
type StaffMember struct {
	Slug         string   `json:"slug"`
	Name         string   `json:"name"`
	Organisation string   `json:"organisation"`
	Title        Text     `json:"title"`
	Services     []string `json:"services"`
	Languages    []string `json:"languages"`
	Interpreter  bool     `json:"interpreter"`
}

// ResourceKind is the kind of a bookable resource.
type ResourceKind string

const (
	AdvisoryRoom ResourceKind = "advisory_room"
	MeetingRoom  ResourceKind = "meeting_room"
	QuietRoom    ResourceKind = "quiet_room"
	Hall         ResourceKind = "hall"
	Classroom    ResourceKind = "classroom"
	Workstation  ResourceKind = "workstation"
	DigitalPoint ResourceKind = "digital_service_point"
)

// ResourceKinds lists every resource kind in display order.
var ResourceKinds = []ResourceKind{AdvisoryRoom, MeetingRoom, QuietRoom, Hall, Classroom, Workstation, DigitalPoint}

// Audience says who may book a resource.
type Audience string

const (
	// StaffOnly resources are booked by staff of the organisations at the point.
	StaffOnly Audience = "staff"
	// Residents may book the resource themselves; staff may too.
	Residents Audience = "residents"
	// NotBookable resources are used as they are (a digital service point in the lobby).
	NotBookable Audience = "none"
)

// Resource is a room, a workstation or a digital service point at a point.
type Resource struct {
	Slug       string       `json:"slug"`
	Point      string       `json:"point"`
	Kind       ResourceKind `json:"kind"`
	Name       Text         `json:"name"`
	Capacity   int          `json:"capacity"`
	BookableBy Audience     `json:"bookable_by"`
}

// Catalogue is a whole catalogue or a part of one, as imported in one go.
type Catalogue struct {
	Organisations []Organisation `json:"organisations"`
	Services      []Service      `json:"services"`
	Points        []Point        `json:"points"`
	Offerings     []Offering     `json:"offerings"`
	Staff         []StaffMember  `json:"staff"`
	Resources     []Resource     `json:"resources"`
}

// PointDetail is a point with what is found there.
type PointDetail struct {
	Point
	Organisations []Organisation   `json:"organisations"`
	Offerings     []OfferingDetail `json:"offerings"`
	Resources     []Resource       `json:"resources"`
}

// OfferingDetail is an offering with its service spelled out.
type OfferingDetail struct {
	Offering
	ServiceName  Text      `json:"service_name"`
	Organisation string    `json:"organisation"`
	Channels     []Channel `json:"channels"`
}

// Page asks for one page of a list: at most Limit items after the opaque
// cursor After (empty for the first page).
type Page struct {
	Limit int
	After string
}

// Default and largest page sizes.
const (
	DefaultLimit = 50
	MaxLimit     = 500
)

// PointFilter narrows a list of points. Empty fields do not filter.
type PointFilter struct {
	// Municipality matches the municipality's code or its Finnish or
	// Swedish name, regardless of case.
	Municipality string
	Service      string
	Organisation string
	Kind         PointKind
	Page
}

// ServiceFilter narrows a list of services.
type ServiceFilter struct {
	Organisation string
	LifeEvent    string
	Page
}

// StaffFilter narrows a list of staff members.
type StaffFilter struct {
	Organisation string
	Service      string
	Language     string
	Interpreter  *bool
	Page
}

// Store reads and writes the catalogue. Lists return the items of one page
// and the cursor of the next page, empty on the last.
type Store interface {
	Editor
	// Import writes a whole catalogue in one transaction: all of it or
	// none. Entities whose slug exists already are a conflict.
	Import(ctx context.Context, c *Catalogue) error
	// Empty reports whether the catalogue has no organisations yet.
	Empty(ctx context.Context) (bool, error)

	Organisations(ctx context.Context, p Page) ([]Organisation, string, error)
	Organisation(ctx context.Context, slug string) (Organisation, error)
	Services(ctx context.Context, f ServiceFilter) ([]Service, string, error)
	Service(ctx context.Context, slug string) (Service, error)
	Points(ctx context.Context, f PointFilter) ([]Point, string, error)
	Point(ctx context.Context, slug string) (PointDetail, error)
	Staff(ctx context.Context, f StaffFilter) ([]StaffMember, string, error)
	// Municipalities lists the municipalities that have at least one point.
	Municipalities(ctx context.Context) ([]MunicipalityRef, error)

	// Exceptions lists the dated exceptions of a point and its offerings
	// that touch the days from first to last (YYYY-MM-DD, inclusive).
	Exceptions(ctx context.Context, point, first, last string) ([]Exception, error)
	// AddException stores an exception and returns it with its id.
	AddException(ctx context.Context, e Exception) (Exception, error)
	// DeleteException removes an exception of a point.
	DeleteException(ctx context.Context, point string, id int64) error
}

// Exception changes the hours of a point, or of one offering at it, on the
// days from FirstDay to LastDay: closed for a training day, open longer
// before a holiday. Reason is shown to customers.
type Exception struct {
	ID    int64  `json:"id"`
	Point string `json:"point"`
	// Service, when set, limits the exception to that offering.
	Service  string `json:"service,omitempty"`
	FirstDay string `json:"first_day"`
	LastDay  string `json:"last_day"`
	// Hours are "off" or the times open on each of those days,
	// e.g. "10:00-14:00" or "09:00-12:00,13:00-15:00".
	Hours  string `json:"hours"`
	Reason Text   `json:"reason"`
}

// SearchKey is the folded form of a municipality name or code used to
// match a filter regardless of case.
func SearchKey(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
