// Package booking finds free times for appointments — one visit for one
// or several services, with the staff who give them, an interpreter and a
// room — and defines what a booking is. The search is pure: the store
// gathers who is scheduled where and what is taken, FindSlots decides.
// Whether a time is still free when it is booked is decided by the
// database (an exclusion constraint on PostgreSQL, a conflict check in
// the same write transaction on SQLite), never by a search result.
package booking

import (
	"strings"
	"time"

	"github.com/onestop-fi/onestop/internal/access"
	"github.com/onestop-fi/onestop/internal/errs"
	"github.com/onestop-fi/onestop/internal/hours"
)

// ErrTaken is the answer when a participant or the room of a slot was
// booked by someone else first.
var ErrTaken = errs.Conflictf("That time was just booked by someone else. Choose another time.")

// Channel is how an appointment is held.
type Channel string

const (
	InPerson Channel = "in_person"
	Video    Channel = "video"
	Phone    Channel = "phone"
)

// Channels lists the channels an appointment can have.
var Channels = []Channel{InPerson, Video, Phone}

// Schedule is when a staff member works at a point, in opening_hours
// syntax ("Tu 09:00-15:00"); an empty Point means remote work (video and
// phone) from anywhere.
type Schedule struct {
	Staff string `json:"staff"`
	Point string `json:"point,omitempty"`
	Hours string `json:"hours"`
}

// Absence takes a staff member out of their schedule on the days from
// FirstDay to LastDay (YYYY-MM-DD): holiday, training, sick leave.
type Absence struct {
	ID       int64  `json:"id"`
	Staff    string `json:"staff"`
	FirstDay string `json:"first_day"`
	LastDay  string `json:"last_day"`
	Reason   string `json:"reason,omitempty"`
}

// Candidate is someone or something that can take part in an
// appointment: a staff member, an interpreter or a room. Available are
// the intervals they are there (schedule or opening hours); Busy the
// intervals already booked. Both are sorted and non-overlapping.
type Candidate struct {
	Slug      string
	Available []hours.Interval
	Busy      []hours.Interval
}

// Need is one service of the visit and the staff members who may give it.
type Need struct {
	Service string
	Staff   []Candidate
}

// Problem is one slot search at one point (or the remote point).
type Problem struct {
	Point   string
	Channel Channel
	// Open are the intervals the point and every asked offering are open
	// for appointments.
	Open  []hours.Interval
	Needs []Need
	// Interpreters is nil when no interpreter is asked for; otherwise
	// the interpreters of the asked language.
	Interpreters []Candidate
	// Rooms is nil for remote channels; for in-person visits the rooms
	// that fit, at least one of which must be free.
	Rooms []Candidate
	// Duration is the length of the visit; Buffer the free time each
	// participant needs before and after it.
	Duration time.Duration
	Buffer   time.Duration
	// Step is the spacing of start times (on the hour, :15, :30…).
	Step time.Duration
	// From and To bound the start times, already narrowed by the
	// services' minimum notice and booking horizon.
	From, To time.Time
	// Limit bounds the number of slots returned.
	Limit int
}

// Slot is a bookable time: when, where, and who takes part. A booking
// sends it back exactly as the search returned it.
type Slot struct {
	Start    time.Time `json:"start"`
	End      time.Time `json:"end"`
	Point    string    `json:"point"`
	Channel  Channel   `json:"channel"`
	Services []string  `json:"services"`
	// Staff gives the staff member for each service, in the order of
	// Services; one person may give several of them.
	Staff       []string `json:"staff"`
	Interpreter string   `json:"interpreter,omitempty"`
	Room        string   `json:"room,omitempty"`
}

// Customer is who the appointment is for: personal data, kept by the
// organisation of the visit's first service.
type Customer struct {
	Name     string `json:"name"`
	Phone    string `json:"phone,omitempty"`
	Email    string `json:"email,omitempty"`
	Language string `json:"language,omitempty"`
	Needs    string `json:"needs,omitempty"`
	// Lookup and Sealed are the stored forms of an optional identity
	// code (see access.Keys).
	Lookup string `json:"-"`
	Sealed string `json:"-"`
}

// Booking is what the store writes: a slot, who it is for, its
// reference and the hash of the customer's private token.
type Booking struct {
	Slot      Slot
	Customer  Customer
	Reference string
	TokenHash string
	// Buffer is kept free after the appointment in each participant's
	// calendar (not in the room's).
	Buffer time.Duration
	// MeetingLink is the video meeting of a video appointment.
	MeetingLink string
	// Remind is when to send the customer a reminder; zero for none.
	Remind time.Time
}

// Appointment is a booked visit.
type Appointment struct {
	Reference    string   `json:"reference"`
	Slot                  // when, where and who
	Organisation string   `json:"organisation"`
	Customer     Customer `json:"customer"`
	// MeetingLink is where a video appointment is held; a phone
	// appointment is a call to Customer.Phone.
	MeetingLink string `json:"meeting_link,omitempty"`
	// Limited is true when the customer's details are left out: a staff
	// member or interpreter sees in their own calendar the appointments
	// they take part in, but the customer's name, contact and needs only
	// when their organisation gives one of its services.
	Limited   bool       `json:"limited,omitempty"`
	Created   time.Time  `json:"created_at"`
	Moved     *time.Time `json:"moved_at,omitempty"`
	Cancelled *time.Time `json:"cancelled_at,omitempty"`
	// Sequence counts the moves and the cancellation: the SEQUENCE of
	// the appointment's calendar event.
	Sequence  int    `json:"-"`
	TokenHash string `json:"-"`
}

// Agenda selects the appointments a staff calendar shows: those at a
// point or those a staff member (or interpreter) takes part in, that
// overlap [From, To).
type Agenda struct {
	Point    string
	Staff    string
	From, To time.Time
}

// Requester says who asks for an appointment: its customer, proven by
// the hash of the private token, or staff of an organisation taking part.
type Requester struct {
	By        *access.Actor
	TokenHash string
	// Purpose is why staff read it (X-Purpose), for the audit log.
	Purpose string
}

// StaffTime is when one staff member works: weekly schedules per point
// (or remote) and dated absences.
type StaffTime struct {
	Staff     string     `json:"staff"`
	Schedules []Schedule `json:"schedules"`
	Absences  []Absence  `json:"absences"`
}

// MaxAbsenceReason is the longest an absence's reason may be, in bytes.
const MaxAbsenceReason = 200

// Validate checks the schedules' opening_hours and the absences' dates.
func (t StaffTime) Validate() error {
	for i, s := range t.Schedules {
		if strings.TrimSpace(s.Hours) == "" {
			return errs.Param("schedules", "Schedule %d has no hours; write them like Mo-Fr 08:00-16:00.", i+1)
		}
		if _, err := hours.Parse(s.Hours); err != nil {
			// The parser's message names the position and what it
			// expected there.
			return errs.Param("schedules", "Schedule %d: the hours %q cannot be read: %v", i+1, s.Hours, err)
		}
	}
	for i, a := range t.Absences {
		f, err1 := time.Parse(time.DateOnly, a.FirstDay)
		l, err2 := time.Parse(time.DateOnly, a.LastDay)
		if err1 != nil || err2 != nil {
			return errs.Param("absences", "Absence %d: give first_day and last_day as dates such as 2026-12-24.", i+1)
		}
		if l.Before(f) {
			return errs.Param("absences", "Absence %d ends (%s) before it begins (%s).", i+1, a.LastDay, a.FirstDay)
		}
		if len(a.Reason) > MaxAbsenceReason {
			return errs.Param("absences", "Absence %d: the reason is longer than %d characters.", i+1, MaxAbsenceReason)
		}
	}
	return nil
}
