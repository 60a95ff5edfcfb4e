// Package queue is the walk-in side of a service point: queues with a
// letter each, tickets taken at a kiosk, desks that call them, transfers
// between organisations' queues within one visit, estimated waits, and
// the board that lobby displays and customers' phones follow live. It
// holds the rules and the types; the store keeps the rows and decides
// races, web speaks HTTP and Server-Sent Events.
package queue

import (
	"context"
	"crypto/rand"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/onestop-fi/onestop/internal/access"
	"github.com/onestop-fi/onestop/internal/catalogue"
	"github.com/onestop-fi/onestop/internal/errs"
	"github.com/onestop-fi/onestop/internal/hours"
)

// State is where a ticket is in its life.
type State string

const (
	Waiting State = "waiting"
	Called  State = "called"
	Serving State = "serving"
	Done    State = "done"
	NoShow  State = "no_show"
)

// Active reports whether a desk is busy with a ticket in this state.
func (s State) Active() bool { return s == Called || s == Serving }

// Outcomes a desk may finish a ticket with.
var Outcomes = []string{"served", "referred", "appointment_booked", "left"}

// Queue is a line at a point for one or more offerings, with the letter
// its tickets carry (K-017).
type Queue struct {
	Point    string         `json:"point"`
	Slug     string         `json:"slug"`
	Prefix   string         `json:"prefix"`
	Name     catalogue.Text `json:"name"`
	Services []string       `json:"services"`
}

// Validate checks a queue before it is stored.
func (q Queue) Validate() error {
	if !catalogue.ValidSlug(q.Slug) {
		return errs.Param("slug", "The queue identifier %q is not valid: use lower-case letters, digits and hyphens.", q.Slug)
	}
	if len(q.Prefix) < 1 || len(q.Prefix) > 2 || strings.Trim(q.Prefix, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
		return errs.Param("prefix", "The queue letter %q must be one or two capital letters A–Z.", q.Prefix)
	}
	if q.Name.Fi == "" && q.Name.Sv == "" && q.Name.En == "" {
		return errs.Param("name", "Give the queue a name in at least one language.")
	}
	if len(q.Services) == 0 {
		return errs.Param("services", "Name at least one service the queue is for.")
	}
	for _, s := range q.Services {
		if !catalogue.ValidSlug(s) {
			return errs.Param("services", "The service %q is not a valid identifier.", s)
		}
	}
	return nil
}

// Desk is a counter or an advisory room where tickets are called to.
type Desk struct {
	ID    int64  `json:"id"`
	Point string `json:"point"`
	Slug  string `json:"slug"`
	// Name is what the lobby display shows: "4", "Room 2".
	Name string `json:"name"`
}

// Validate checks a desk before it is stored.
func (d Desk) Validate() error {
	if !catalogue.ValidSlug(d.Slug) {
		return errs.Param("slug", "The desk identifier %q is not valid: use lower-case letters, digits and hyphens.", d.Slug)
	}
	if n := len([]rune(d.Name)); n < 1 || n > 20 {
		return errs.Param("name", "The desk name shown on the lobby display must be 1 to 20 characters.")
	}
	return nil
}

// Ticket is one walk-in customer's place in a queue.
type Ticket struct {
	ID       string `json:"id"`
	Point    string `json:"point"`
	Queue    string `json:"queue"`
	Number   string `json:"number"`
	Language string `json:"language"`
	Priority bool   `json:"priority"`
	State    State  `json:"state"`
	// Position is the place among the waiting (1 is next); 0 when not
	// waiting.
	Position int `json:"position"`
	// EstimatedWait is the estimate for a waiting ticket, in whole
	// minutes.
	EstimatedWaitMinutes *int `json:"estimated_wait_minutes,omitempty"`
	// Desk is where the ticket was called to, while it is called or
	// served.
	Desk        *Desk      `json:"desk,omitempty"`
	Appointment string     `json:"appointment,omitempty"`
	Outcome     string     `json:"outcome,omitempty"`
	Visit       int64      `json:"visit"`
	CreatedAt   time.Time  `json:"created_at"`
	CalledAt    *time.Time `json:"called_at,omitempty"`
	ServingAt   *time.Time `json:"serving_at,omitempty"`
	FinishedAt  *time.Time `json:"finished_at,omitempty"`
	// NotBefore is when an appointment checked in early may be called.
	NotBefore *time.Time `json:"not_before,omitempty"`
}

// Take asks for a ticket.
type Take struct {
	Point    string
	Queue    string
	Language string
	Priority bool
	// Appointment is the reference of an appointment checked in at the
	// kiosk; its ticket is called from NotBefore on, ahead of walk-ins.
	Appointment string
	NotBefore   time.Time
}

// Transfer moves a ticket to another queue within its visit.
type Transfer struct {
	Queue string `json:"queue"`
	// Head puts it first among the waiting, otherwise last.
	Head bool `json:"head"`
}

// DeskState is a desk with who is signed in to it, the queues it serves
// and the ticket it is busy with.
type DeskState struct {
	Desk
	SignedIn bool     `json:"signed_in"`
	By       string   `json:"by,omitempty"`
	Queues   []string `json:"queues"`
	Current  *Ticket  `json:"current,omitempty"`
}

// Event kinds of the visit record.
const (
	EventTicket   = "ticket"
	EventCheckIn  = "check_in"
	EventCall     = "call"
	EventRecall   = "recall"
	EventServe    = "serve"
	EventTransfer = "transfer"
	EventNoShow   = "no_show"
	EventFinish   = "finish"
)

// Event is one step of a visit, stored with its time so that analytics
// can count customers, waits and service times per point, week,
// organisation and channel.
type Event struct {
	ID           int64     `json:"id"`
	Point        string    `json:"point"`
	Visit        int64     `json:"visit"`
	Ticket       string    `json:"ticket"`
	Number       string    `json:"number"`
	Kind         string    `json:"kind"`
	Queue        string    `json:"queue"`
	Organisation string    `json:"organisation"`
	Desk         string    `json:"desk,omitempty"`
	Detail       string    `json:"detail,omitempty"`
	At           time.Time `json:"at"`
}

// Actor names who acts at a desk, so that a desk signed in by one person
// is not worked by another: "user:12", "token:3".
func Actor(a *access.Actor) string {
	switch {
	case a == nil:
		return ""
	case a.UserID != 0:
		return fmt.Sprintf("user:%d", a.UserID)
	case a.TokenID != 0:
		return fmt.Sprintf("token:%d", a.TokenID)
	}
	return string(a.Kind) + ":" + a.Label
}

// ticketAlphabet holds the characters of ticket ids: those of
// crypto/rand.Text (base32) in lower case, and 8 and 9, which ids made
// before it had (a follow link printed then still opens).
const ticketAlphabet = "abcdefghijklmnopqrstuvwxyz23456789"

// NewTicketID makes the public id of a ticket: 16 characters of
// crypto/rand.Text, 80 bits, so that its follow link cannot be guessed.
func NewTicketID() string { return strings.ToLower(rand.Text()[:16]) }

// ValidTicketID reports whether s could be a ticket id, so that a
// malformed one is refused before any query.
func ValidTicketID(s string) bool {
	if len(s) != 16 {
		return false
	}
	for _, r := range s {
		if !strings.ContainsRune(ticketAlphabet, r) {
			return false
		}
	}
	return true
}

// Number formats a ticket's number: K-017.
func Number(prefix string, n int) string { return fmt.Sprintf("%s-%03d", prefix, n) }

// DefaultServiceTime is the service time assumed before a queue has
// served enough tickets to measure its own.
const DefaultServiceTime = 8 * time.Minute

// MinSamples is how many finished tickets a queue needs before its own
// mean service time is trusted.
const MinSamples = 3

// Capacity is how many desks work a queue: each signed-in desk counts
// by the share of its queues that this is.
type Capacity float64

// Estimate is the expected wait of the ticket at position (1 = next)
// in a queue whose tickets take mean to serve at capacity desks, of which
// idle are free now: those ahead served in parallel, plus half a service
// for a busy desk to come free; nothing while a free desk is waiting for
// it. With no desk signed in, one is assumed, so the estimate says what
// a customer may expect once someone comes.
func Estimate(position int, mean time.Duration, capacity, idle Capacity) time.Duration {
	if position < 1 || float64(position) <= float64(idle) {
		return 0
	}
	c := max(float64(capacity), 1)
	return time.Duration((float64(position) - float64(idle) - 0.5) / c * float64(mean))
}

// Minutes rounds an estimate up to whole minutes, as customers are told.
func Minutes(d time.Duration) int { return int(math.Ceil(d.Minutes())) }

// Open tells whether a queue takes tickets at t: while any of its
// offerings' walk-in windows in the point's timeline is open. When
// closed, next is the next opening in the timeline (zero if none).
func Open(tl *catalogue.Timeline, services []string, t time.Time) (open bool, next time.Time) {
	for _, o := range tl.Offerings {
		if !slices.Contains(services, o.Service) {
			continue
		}
		st := catalogue.StatusAt(o.WalkIn, t)
		if st.State == hours.Open {
			return true, time.Time{}
		}
		if !st.Until.IsZero() && (next.IsZero() || st.Until.Before(next)) {
			next = st.Until
		}
	}
	return false, next
}

// Store is what the queue needs from the database. Every change runs in
// one transaction, records its events, and tells the point's followers.
type Store interface {
	PutQueue(ctx context.Context, q Queue) error
	PutDesk(ctx context.Context, d Desk) (Desk, error)
	Queues(ctx context.Context, point string) ([]Queue, error)
	Desks(ctx context.Context, point string) ([]DeskState, error)
	Desk(ctx context.Context, id int64) (DeskState, error)
	Take(ctx context.Context, t Take) (Ticket, error)
	Ticket(ctx context.Context, id string) (Ticket, error)
	SignIn(ctx context.Context, desk int64, by *access.Actor, queues []string) (DeskState, error)
	SignOut(ctx context.Context, desk int64, by *access.Actor) error
	CallNext(ctx context.Context, desk int64, by *access.Actor) (Ticket, error)
	Recall(ctx context.Context, desk int64, by *access.Actor) (Ticket, error)
	Serve(ctx context.Context, desk int64, by *access.Actor) (Ticket, error)
	NoShow(ctx context.Context, desk int64, by *access.Actor) (Ticket, error)
	TransferTicket(ctx context.Context, desk int64, by *access.Actor, t Transfer) (Ticket, error)
	Finish(ctx context.Context, desk int64, by *access.Actor, outcome string) (Ticket, error)
	Board(ctx context.Context, point string) (*Board, error)
	// Place is where a ticket stands, as Board would say, read for that
	// ticket alone.
	Place(ctx context.Context, t Ticket) (Place, error)
	CheckIn(ctx context.Context, point, reference, language string) (Ticket, error)
	Events(ctx context.Context, point string, from, to time.Time) ([]Event, error)
}
