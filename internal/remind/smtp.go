package remind

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/onestop-fi/onestop/internal/errs"
)

// SMTPSender e-mails reminders through a mail server, usually the
// organisation's relay, with the standard library's net/smtp.
type SMTPSender struct {
	// Addr is the server's host:port, e.g. "smtp.example.fi:587".
	Addr string
	// From is the sender, e.g. "Yhteispalvelu <noreply@example.fi>".
	From string
	// Username and Password, when set, sign in with AUTH PLAIN. The
	// password is sent only over TLS or to this machine.
	Username, Password string
	// TLS configures STARTTLS, which is used whenever the server offers
	// it; nil verifies the server's certificate against the system's
	// roots.
	TLS *tls.Config
	// Timeout bounds one delivery; 0 means 30 seconds.
	Timeout time.Duration
	// Hello is the name given in EHLO; "" means "localhost".
	Hello string
	// Now is the clock of the Date header; nil means time.Now.
	Now func() time.Time
}

// Send delivers m to m.To. A customer without a usable e-mail address,
// a recipient the server refuses and a message whose fate is unknown
// (the connection broke after the message was handed over) are permanent
// errors, so that no reminder is sent twice; anything that happened
// before the server accepted the message may be tried again.
func (s *SMTPSender) Send(ctx context.Context, m Message) error {
	if strings.TrimSpace(m.To) == "" {
		return Permanent(errs.Invalidf("The customer gave no e-mail address, so the reminder cannot be e-mailed."))
	}
	to, err := mail.ParseAddress(m.To)
	if err != nil {
		return Permanent(errs.Invalidf("The customer's e-mail address is not a valid address."))
	}
	from, err := mail.ParseAddress(s.From)
	if err != nil {
		return errs.Invalidf("The sender address %q is not valid: give one such as noreply@example.fi.", s.From)
	}
	if !validMessageID(m.ID) {
		return Permanent(errs.Invalidf("The message id %q is not of the form <id@host>.", m.ID))
	}
	host, _, err := net.SplitHostPort(s.Addr)
	if err != nil {
		return errs.Invalidf("The mail server address %q is not host:port.", s.Addr)
	}
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", s.Addr)
	if err != nil {
		return fmt.Errorf("connect to the mail server: %w", err)
	}
	if deadline, ok := ctx.Deadline(); ok {
		conn.SetDeadline(deadline)
	}
	// Cancelling ctx closes the connection, which ends a blocked read.
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("greeting of the mail server: %w", err)
	}
	defer c.Close()
	hello := s.Hello
	if hello == "" {
		hello = "localhost"
	}
	if err := c.Hello(hello); err != nil {
		return fmt.Errorf("EHLO: %w", err)
	}
	encrypted := false
	if ok, _ := c.Extension("STARTTLS"); ok {
		cfg := &tls.Config{}
		if s.TLS != nil {
			cfg = s.TLS.Clone()
		}
		if cfg.ServerName == "" {
			cfg.ServerName = host
		}
		if err := c.StartTLS(cfg); err != nil {
			return fmt.Errorf("STARTTLS: %w", err)
		}
		encrypted = true
	}
	if s.Username != "" {
		// net/smtp's PlainAuth refuses too, but this says why.
		if !encrypted && !isLocalhost(host) {
			return errs.Invalidf("The mail server %s does not offer STARTTLS, so the password is not sent to it.", s.Addr)
		}
		if err := c.Auth(smtp.PlainAuth("", s.Username, s.Password, host)); err != nil {
			return fmt.Errorf("sign in to the mail server: %w", err)
		}
	}
	if err := c.Mail(from.Address); err != nil {
		return fmt.Errorf("MAIL FROM: %w", err)
	}
	if err := c.Rcpt(to.Address); err != nil {
		if code(err) >= 500 {
			return Permanent(fmt.Errorf("the mail server refused the recipient: %w", err))
		}
		return fmt.Errorf("RCPT TO: %w", err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("DATA: %w", err)
	}
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	// Until the final dot the server discards what it got on a failure,
	// so a failed write may be tried again.
	if _, err := w.Write(compose(from, to, m, now())); err != nil {
		return fmt.Errorf("write the message: %w", err)
	}
	if err := w.Close(); err != nil {
		switch c := code(err); {
		case c >= 400 && c < 500:
			return fmt.Errorf("the mail server deferred the message: %w", err)
		case c >= 500:
			return Permanent(fmt.Errorf("the mail server refused the message: %w", err))
		}
		return Permanent(fmt.Errorf("the mail server's answer to the message did not arrive, so it may have been delivered; it is not sent again: %w", err))
	}
	// The message is accepted; a failure to say goodbye changes nothing.
	c.Quit()
	return nil
}

// compose writes the message: headers, then the body as UTF-8 text in
// quoted-printable, which survives any mail server however old.
func compose(from, to *mail.Address, m Message, now time.Time) []byte {
	var b bytes.Buffer
	header := func(name, value string) { b.WriteString(name + ": " + value + "\r\n") }
	header("Message-ID", m.ID)
	header("Date", now.Format(time.RFC1123Z))
	header("From", from.String()) // String encodes a non-ASCII name (RFC 2047)
	header("To", to.String())
	header("Subject", encodeSubject(m.Subject))
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=utf-8")
	header("Content-Transfer-Encoding", "quoted-printable")
	if m.Language != "" {
		header("Content-Language", m.Language)
	}
	// Out-of-office replies should not answer a reminder (RFC 3834).
	header("Auto-Submitted", "auto-generated")
	b.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&b)
	qp.Write([]byte(m.Body))
	qp.Close()
	return b.Bytes()
}

// encodeSubject writes a subject that is not short plain ASCII as
// RFC 2047 encoded words (Q encoding, as mime.QEncoding does), one per
// line, each short enough that no line of the header passes 78
// characters; a character is never split between two words.
func encodeSubject(s string) string {
	// "=?" in plain text would be read as the start of an encoded word.
	plain := len(s) <= 60 && !strings.Contains(s, "=?")
	for i := 0; i < len(s) && plain; i++ {
		plain = s[i] >= ' ' && s[i] <= '~'
	}
	if plain {
		return s
	}
	const max = 50 // encoded characters per word
	var words []string
	var w strings.Builder
	var buf [utf8.UTFMax]byte
	for _, r := range s {
		var enc strings.Builder
		for _, b := range buf[:utf8.EncodeRune(buf[:], r)] {
			switch {
			case b == ' ':
				enc.WriteByte('_')
			case b > ' ' && b <= '~' && b != '=' && b != '?' && b != '_':
				enc.WriteByte(b)
			default:
				fmt.Fprintf(&enc, "=%02X", b)
			}
		}
		if w.Len()+enc.Len() > max {
			words = append(words, "=?utf-8?q?"+w.String()+"?=")
			w.Reset()
		}
		w.WriteString(enc.String())
	}
	words = append(words, "=?utf-8?q?"+w.String()+"?=")
	return strings.Join(words, "\r\n ")
}

// validMessageID accepts "<left@right>" without spaces or line breaks,
// which could otherwise smuggle headers into the message.
func validMessageID(id string) bool {
	if len(id) < 5 || id[0] != '<' || id[len(id)-1] != '>' || !strings.Contains(id, "@") {
		return false
	}
	return !strings.ContainsAny(id[1:len(id)-1], " \t\r\n<>")
}

// code is the SMTP reply code of err, 0 when err is not a reply.
func code(err error) int {
	var e *textproto.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return 0
}

// isLocalhost is net/smtp's rule for where a password may go unencrypted.
func isLocalhost(host string) bool {
	return host == "localhost" || host == "127.0.0.1" || host == "::1"
}
