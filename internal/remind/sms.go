package remind

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/onestop-fi/onestop/internal/errs"
)

// SMSSender texts reminders through an HTTP SMS gateway. Each message is
// one POST of JSON to URL:
//
//	{"to": "+358401234567", "from": "Palvelut", "text": "…",
//	 "reference": "ACDE-3479", "id": "<reminder-12.ACDE-3479@example.fi>"}
//
// with "Authorization: Bearer TOKEN" and the message's id again in an
// "Idempotency-Key" header, so that a gateway that honours the header
// sends a retried message once. Most gateways take such a request
// directly or through a small adapter.
type SMSSender struct {
	// URL is the gateway's endpoint.
	URL string
	// Token, when set, is sent as a bearer token.
	Token string
	// From is the sender shown on the phone: a name of at most 11
	// letters and digits, or a number.
	From string
	// Client makes the requests; nil means one with a 30 s timeout.
	Client *http.Client
}

// Check refuses a gateway address that would carry the token and the
// customers' numbers in the clear: it must be https://, or http:// to
// this machine (an adapter in front of a gateway), by the same rule as
// the SMTP password's.
func (s *SMSSender) Check() error {
	u, err := url.Parse(s.URL)
	if err != nil || u.Host == "" || u.Scheme != "https" && !(u.Scheme == "http" && isLocalhost(u.Hostname())) {
		return errs.Invalidf("The SMS gateway address %q is not an https:// address (http:// only to this machine).", s.URL)
	}
	return nil
}

// Send texts m.SMS to m.Phone. A number that cannot take a text message
// and a message the gateway refuses (a 4xx other than 408 and 429) are
// permanent errors. A message whose fate is unknown (the connection
// broke after the request went out) is permanent too, so that no
// reminder is sent twice; a gateway that could not be reached, or that
// answered 408, 429 or 5xx, is tried again later.
func (s *SMSSender) Send(ctx context.Context, m Message) error {
	to, ok := SMSNumber(m.Phone)
	if !ok {
		return Permanent(errs.Invalidf("The customer's phone number cannot take a text message."))
	}
	body, err := json.Marshal(struct {
		To        string `json:"to"`
		From      string `json:"from,omitempty"`
		Text      string `json:"text"`
		Reference string `json:"reference"`
		ID        string `json:"id"`
	}{to, s.From, m.SMS, m.Reference, m.ID})
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.URL, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("the SMS gateway address %q cannot be used: %w", s.URL, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", m.ID)
	if s.Token != "" {
		req.Header.Set("Authorization", "Bearer "+s.Token)
	}
	client := s.Client
	if client == nil {
		client = &http.Client{Timeout: 30 * time.Second}
	}
	res, err := client.Do(req)
	if err != nil {
		if notSent(err) {
			return fmt.Errorf("the SMS gateway could not be reached: %w", err)
		}
		return Permanent(fmt.Errorf("the SMS gateway's answer was lost, so whether the message left is unknown: %w", err))
	}
	defer res.Body.Close()
	answer, _ := io.ReadAll(io.LimitReader(res.Body, 512))
	said := strings.ReplaceAll(strings.TrimSpace(string(answer)), to, MaskPhone(to))
	switch {
	case res.StatusCode >= 200 && res.StatusCode < 300:
		return nil
	case res.StatusCode == http.StatusRequestTimeout || res.StatusCode == http.StatusTooManyRequests || res.StatusCode >= 500:
		return fmt.Errorf("the SMS gateway answered %s: %s", res.Status, said)
	default:
		return Permanent(fmt.Errorf("the SMS gateway refused the message with %s: %s", res.Status, said))
	}
}

// notSent reports whether a failed request certainly never reached the
// gateway: the connection was not made.
func notSent(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	var dns *net.DNSError
	return errors.As(err, &dns)
}

// SMSNumber writes a phone number in the international form gateways
// take: "040 123 4567" and "+358 (0)40-123 4567" become "+358401234567",
// "00 46 70 123 45 67" becomes "+46701234567". It reports false for what
// cannot be a number that takes text messages: letters, too few or too
// many digits.
func SMSNumber(phone string) (string, bool) {
	var digits strings.Builder
	plus := false
	// "+358 (0)40 …": the bracketed trunk zero is not dialled from abroad.
	p := strings.Replace(strings.TrimSpace(phone), "(0)", "", 1)
	if rest, ok := strings.CutPrefix(p, "+"); ok {
		plus, p = true, rest
	}
	for _, r := range p {
		switch {
		case r >= '0' && r <= '9':
			digits.WriteRune(r)
		case r == ' ' || r == '-' || r == '.' || r == '/' || r == '(' || r == ')':
		default:
			return "", false
		}
	}
	d := digits.String()
	switch {
	case plus:
	case strings.HasPrefix(d, "00"):
		d = d[2:]
	case strings.HasPrefix(d, "0"):
		// A Finnish number without the country code.
		d = "358" + d[1:]
	default:
		return "", false
	}
	// E.164 allows at most 15 digits; a Finnish mobile number has at
	// least 7 after the country code.
	if len(d) < 8 || len(d) > 15 || d[0] == '0' {
		return "", false
	}
	return "+" + d, true
}

// ByContact sends a reminder the way the customer can be reached: by
// e-mail when they gave an address and e-mail is configured, else by
// text message when they gave a number and texts are configured. Either
// sender may be nil.
type ByContact struct {
	Email, SMS Sender
}

// Send sends m by e-mail or by text message.
func (c ByContact) Send(ctx context.Context, m Message) error {
	switch {
	case c.Email != nil && strings.TrimSpace(m.To) != "":
		return c.Email.Send(ctx, m)
	case c.SMS != nil && strings.TrimSpace(m.Phone) != "":
		return c.SMS.Send(ctx, m)
	case c.Email != nil && c.SMS != nil:
		return Permanent(errs.Invalidf("The customer gave neither an e-mail address nor a phone number."))
	case c.Email != nil:
		return Permanent(errs.Invalidf("The customer gave no e-mail address, and text messages are not configured."))
	case c.SMS != nil:
		return Permanent(errs.Invalidf("The customer gave no phone number, and e-mail is not configured."))
	}
	return Permanent(errs.Invalidf("No way of sending reminders is configured."))
}
