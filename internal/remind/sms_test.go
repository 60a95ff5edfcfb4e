package remind

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestSMSNumber(t *testing.T) {
	for in, want := range map[string]string{
		"040 123 4567":        "+358401234567",
		"+358 40 123 4567":    "+358401234567",
		"+358 (0)40-123 4567": "+358401234567",
		"00358401234567":      "+358401234567",
		"00 46 70 123 45 67":  "+46701234567",
		"050.765.4321":        "+358507654321",
		" 045/123 4567 ":      "+358451234567",
		"+44 (0)20 7946 0958": "+442079460958",
	} {
		if got, ok := SMSNumber(in); !ok || got != want {
			t.Errorf("SMSNumber(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, bad := range []string{"", "40 123 4567", "+358 40 123 4567 ext. 2", "040", "+0401234567",
		"+1234567890123456", "puhelin", "0 40 12", "++358401234567"} {
		if got, ok := SMSNumber(bad); ok {
			t.Errorf("SMSNumber(%q) = %q; want it refused", bad, got)
		}
	}
}

// FuzzSMSNumber: whatever is typed, a number given out is "+" and 8 to
// 15 digits, and reads back as itself.
func FuzzSMSNumber(f *testing.F) {
	for _, s := range []string{"040 123 4567", "+358 (0)40-123 4567", "00 46 70 123 45 67", "", "+", "(0)", "0(0)0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out, ok := SMSNumber(in)
		if !ok {
			if out != "" {
				t.Fatalf("SMSNumber(%q) refused it but gave %q", in, out)
			}
			return
		}
		digits := strings.TrimPrefix(out, "+")
		if len(digits) < 8 || len(digits) > 15 || strings.Trim(digits, "0123456789") != "" || digits[0] == '0' {
			t.Fatalf("SMSNumber(%q) = %q, not an international number", in, out)
		}
		if again, ok := SMSNumber(out); !ok || again != out {
			t.Fatalf("SMSNumber(%q) = %q, which reads back as %q, %v", in, out, again, ok)
		}
	})
}

// gateway is an SMS gateway for tests: it keeps what it was sent and
// answers with status and body.
type gateway struct {
	status int
	body   string
	got    []map[string]string
	header []http.Header
}

func (g *gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var m map[string]string
	b, _ := io.ReadAll(r.Body)
	json.Unmarshal(b, &m)
	g.got, g.header = append(g.got, m), append(g.header, r.Header.Clone())
	w.WriteHeader(g.status)
	io.WriteString(w, g.body)
}

func TestSMSSender(t *testing.T) {
	ctx := context.Background()
	m := Render(sample(), "https://onestop.example.fi/appointments/ACDE-3479")
	g := &gateway{status: http.StatusAccepted}
	ts := httptest.NewServer(g)
	defer ts.Close()
	s := &SMSSender{URL: ts.URL, Token: "secret-token", From: "Palvelut"}

	if err := s.Send(ctx, m); err != nil {
		t.Fatalf("send: %v", err)
	}
	want := map[string]string{"to": "+358401234567", "from": "Palvelut", "text": m.SMS, "reference": "ACDE-3479", "id": m.ID}
	if len(g.got) != 1 || !mapsEqual(g.got[0], want) {
		t.Fatalf("the gateway got %v; want %v", g.got, want)
	}
	h := g.header[0]
	if h.Get("Authorization") != "Bearer secret-token" || h.Get("Idempotency-Key") != m.ID || h.Get("Content-Type") != "application/json" {
		t.Errorf("headers %v", h)
	}

	// What the gateway refuses is not tried again, and the number it
	// quotes back does not reach the log.
	g.status, g.body = http.StatusBadRequest, `{"error":"+358401234567 is not a mobile number"}`
	err := s.Send(ctx, m)
	if !IsPermanent(err) || strings.Contains(err.Error(), "+358401234567") || !strings.Contains(err.Error(), "+358 40 *** ** 67") {
		t.Errorf("a refusal: %v (permanent %v)", err, IsPermanent(err))
	}
	// A gateway that is busy or down is tried again.
	for _, status := range []int{http.StatusTooManyRequests, http.StatusServiceUnavailable, http.StatusRequestTimeout} {
		g.status, g.body = status, "later"
		if err := s.Send(ctx, m); err == nil || IsPermanent(err) {
			t.Errorf("answer %d: %v; want an error to retry", status, err)
		}
	}
	// A number that cannot take a text is not sent at all.
	sent := len(g.got)
	bad := m
	bad.Phone = "ei puhelinta"
	if err := s.Send(ctx, bad); !IsPermanent(err) || len(g.got) != sent {
		t.Errorf("a bad number: %v, %d requests", err, len(g.got)-sent)
	}

	// A gateway that cannot be reached: certainly not sent, so retried.
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	if err := (&SMSSender{URL: closed.URL}).Send(ctx, m); err == nil || IsPermanent(err) {
		t.Errorf("an unreachable gateway: %v; want an error to retry", err)
	}
	// The connection breaks after the request went out: the message may
	// have left, so it is never sent again.
	lost := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.ReadAll(r.Body)
		c, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			c.Close()
		}
	}))
	defer lost.Close()
	if err := (&SMSSender{URL: lost.URL}).Send(ctx, m); !IsPermanent(err) {
		t.Errorf("a lost answer: %v; want it given up", err)
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// recorder is a Sender that remembers the messages it was given.
type recorder struct{ got []Message }

func (r *recorder) Send(_ context.Context, m Message) error { r.got = append(r.got, m); return nil }

func TestByContact(t *testing.T) {
	ctx := context.Background()
	both := sample()
	phoneOnly := sample()
	phoneOnly.Email = ""
	neither := phoneOnly
	neither.Phone = ""
	mail, sms := &recorder{}, &recorder{}
	c := ByContact{Email: mail, SMS: sms}
	for _, d := range []Due{both, phoneOnly} {
		if err := c.Send(ctx, Render(d, "")); err != nil {
			t.Fatal(err)
		}
	}
	if len(mail.got) != 1 || mail.got[0].To != "matti@example.fi" || len(sms.got) != 1 || sms.got[0].To != "" {
		t.Errorf("e-mailed %d, texted %d; want the one with an address e-mailed, the other texted", len(mail.got), len(sms.got))
	}
	for _, tc := range []struct {
		c ByContact
		d Due
	}{{c, neither}, {ByContact{Email: mail}, phoneOnly}, {ByContact{SMS: sms}, neither}, {ByContact{}, both}} {
		if err := tc.c.Send(ctx, Render(tc.d, "")); !IsPermanent(err) {
			t.Errorf("%+v to %q/%q: %v; want a permanent error", tc.c, tc.d.Email, tc.d.Phone, err)
		}
	}
	if len(mail.got) != 1 || len(sms.got) != 1 {
		t.Errorf("refused reminders were sent: %d e-mails, %d texts", len(mail.got), len(sms.got))
	}
	var perm *permanentError
	if err := (ByContact{}).Send(ctx, Render(both, "")); !errors.As(err, &perm) {
		t.Errorf("no sender: %v", err)
	}
}
