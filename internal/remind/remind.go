// Package remind sends appointment reminders. Booking or moving an
// appointment writes a reminder into an outbox in the same transaction;
// the Worker here claims the reminders that are due, renders each into a
// message in the customer's language and hands it to a Sender: the
// LogSender by default, the SMTPSender when a mail server is configured.
//
// A reminder is sent at most once. The store moves a claimed reminder to
// "sending" before the message leaves and to "sent" after; one still
// "sending" after its lease may or may not have left, so it is given up,
// never sent again. A send known to have failed is retried with backoff.
package remind

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"time"

	"github.com/onestop-fi/onestop/internal/booking"
	"github.com/onestop-fi/onestop/internal/catalogue"
)

// Due is a reminder claimed for sending, with everything its message
// needs. The store fills it in; nothing else about the customer is read.
type Due struct {
	// ID is the reminder's id in the outbox.
	ID int64
	// Attempts counts the attempts to send it, this one included.
	Attempts  int
	Reference string
	// Start and End are the appointment's time.
	Start, End time.Time
	Channel    booking.Channel
	// Point is the slug of the service point; empty for a remote
	// appointment that has none.
	Point      string
	PointName  catalogue.Text
	Street     catalogue.Text
	PostalCode string
	PostOffice catalogue.Text
	// TimeZone is the point's IANA time zone; empty means Europe/Helsinki.
	TimeZone    string
	MeetingLink string
	// The customer as booked: name, contact details and the language the
	// customer asked to be served in.
	Name, Email, Phone, Language string
	// Services are the names of the visit's services, in booking order.
	Services []catalogue.Text
}

// Message is one reminder ready to send.
type Message struct {
	Reference string
	// Language is the language of Subject and Body: fi, sv or en.
	Language string
	// To is the customer's e-mail address; Phone the customer's number.
	// Either may be empty.
	To, Phone     string
	Subject, Body string
	// SMS is the reminder as one text message.
	SMS string
	// ID is the message's unique id, "<reminder-12.ACDE-3479@host>", the
	// same on every attempt so that a receiving system can drop a copy.
	ID string
}

// Sender delivers a message. An error wrapped by Permanent means that
// trying again cannot help; any other error is retried later.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// permanentError marks an error that retrying cannot cure.
type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

// Permanent marks err as final: the reminder is given up at once, not
// retried. Permanent(nil) is nil.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return &permanentError{err: err}
}

// IsPermanent reports whether err was marked by Permanent.
func IsPermanent(err error) bool {
	var p *permanentError
	return errors.As(err, &p)
}

// LogSender sends nothing: it logs that a reminder would have been sent.
// It is the default, so that a server without a mail server still shows
// in its log what its reminders do. The log gets the reference and
// masked contact details only, never a full address or number.
type LogSender struct{ Log *slog.Logger }

// Send logs m.
func (s LogSender) Send(ctx context.Context, m Message) error {
	log := s.Log
	if log == nil {
		log = slog.Default()
	}
	log.InfoContext(ctx, "reminder not sent: no mail server is configured", "reference", m.Reference,
		"language", m.Language, "to", MaskEmail(m.To), "phone", MaskPhone(m.Phone), "message_id", m.ID)
	return nil
}

// MaskEmail hides an e-mail address for logs: "matti@example.fi" becomes
// "m***@example.fi". The domain stays, so that a mail problem of one
// provider can still be seen.
func MaskEmail(addr string) string {
	addr = strings.TrimSpace(addr)
	if addr == "" {
		return ""
	}
	local, domain, ok := strings.Cut(addr, "@")
	if !ok || local == "" {
		return "***"
	}
	r := []rune(local)
	return string(r[0]) + "***@" + domain
}

// MaskPhone hides a telephone number for logs: "+358 40 123 4567"
// becomes "+358 40 *** ** 67" and "040 123 4567" "040 *** ** 67".
func MaskPhone(phone string) string {
	phone = strings.TrimSpace(phone)
	if phone == "" {
		return ""
	}
	var d strings.Builder
	for _, r := range phone {
		if r >= '0' && r <= '9' {
			d.WriteRune(r)
		}
	}
	digits := d.String()
	if len(digits) < 7 {
		return "***"
	}
	var head string
	switch {
	case strings.HasPrefix(phone, "+358"):
		head = "+358 " + digits[3:5]
	case strings.HasPrefix(phone, "+"):
		head = "+" + digits[:2]
	case strings.HasPrefix(digits, "0"):
		head = digits[:3]
	default:
		head = digits[:2]
	}
	return head + " *** ** " + digits[len(digits)-2:]
}

// scrub replaces the message's contact details in an error text (mail
// servers like to quote the address they refused) by their masked forms,
// so that the text can go to the log and the outbox.
func scrub(text string, m Message) string {
	if m.To != "" {
		text = strings.ReplaceAll(text, m.To, MaskEmail(m.To))
	}
	if m.Phone != "" {
		text = strings.ReplaceAll(text, m.Phone, MaskPhone(m.Phone))
	}
	return text
}
