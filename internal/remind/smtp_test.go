package remind

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"io"
	"math/big"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"
)

// smtpServer is a tiny SMTP server for tests: it speaks enough of the
// protocol for net/smtp, optionally offers STARTTLS and AUTH PLAIN, and
// keeps what it was given.
type smtpServer struct {
	ln  net.Listener
	tls *tls.Config // nil: no STARTTLS
	// rcpt and data are the replies to RCPT TO and to the end of DATA;
	// "" is 250. dropAfterData closes the connection instead of replying
	// to the end of DATA, so that the client cannot know the outcome.
	rcpt, data    string
	dropAfterData bool

	mu       sync.Mutex
	messages []string
	from, to []string
	auth     []string // "user:password" of each AUTH PLAIN
	tlsUsed  bool
}

func newSMTPServer(t *testing.T, tlsConfig *tls.Config) *smtpServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpServer{ln: ln, tls: tlsConfig}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(c)
		}
	}()
	return s
}

func (s *smtpServer) addr() string { return s.ln.Addr().String() }

func (s *smtpServer) serve(c net.Conn) {
	defer func() { c.Close() }()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	tp := textproto.NewConn(c)
	tp.PrintfLine("220 test ESMTP")
	reply := func(r, fallback string) {
		if r == "" {
			r = fallback
		}
		tp.PrintfLine("%s", r)
	}
	// The replies are read under the lock: a test sets them after the
	// server started.
	s.mu.Lock()
	rcptReply, dataReply, drop := s.rcpt, s.data, s.dropAfterData
	s.mu.Unlock()
	encrypted := false
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO":
			ext := []string{"250-test"}
			if s.tls != nil && !encrypted {
				ext = append(ext, "250-STARTTLS")
			}
			ext = append(ext, "250-AUTH PLAIN", "250 8BITMIME")
			for _, e := range ext {
				tp.PrintfLine("%s", e)
			}
		case "STARTTLS":
			tp.PrintfLine("220 go ahead")
			tc := tls.Server(c, s.tls)
			if err := tc.Handshake(); err != nil {
				return
			}
			c, encrypted = tc, true
			tp = textproto.NewConn(c)
			s.mu.Lock()
			s.tlsUsed = true
			s.mu.Unlock()
		case "AUTH":
			_, b64, _ := strings.Cut(arg, " ")
			raw, _ := base64.StdEncoding.DecodeString(b64)
			parts := strings.Split(string(raw), "\x00")
			s.mu.Lock()
			if len(parts) == 3 {
				s.auth = append(s.auth, parts[1]+":"+parts[2])
			}
			s.mu.Unlock()
			tp.PrintfLine("235 ok")
		case "MAIL":
			s.mu.Lock()
			s.from = append(s.from, arg)
			s.mu.Unlock()
			tp.PrintfLine("250 ok")
		case "RCPT":
			s.mu.Lock()
			s.to = append(s.to, arg)
			s.mu.Unlock()
			reply(rcptReply, "250 ok")
		case "DATA":
			tp.PrintfLine("354 go ahead")
			b, err := tp.ReadDotBytes()
			if err != nil {
				return
			}
			s.mu.Lock()
			s.messages = append(s.messages, string(b))
			s.mu.Unlock()
			if drop {
				return
			}
			reply(dataReply, "250 queued")
		case "QUIT":
			tp.PrintfLine("221 bye")
			return
		default:
			tp.PrintfLine("502 not here")
		}
	}
}

// selfSigned makes a certificate for 127.0.0.1 and a client config that
// trusts it.
func selfSigned(t *testing.T) (server, client *tls.Config) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, DNSNames: []string{"localhost"},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}},
		&tls.Config{RootCAs: pool}
}

func TestSMTPSender(t *testing.T) {
	serverTLS, clientTLS := selfSigned(t)
	srv := newSMTPServer(t, serverTLS)
	now := time.Date(2026, 11, 30, 7, 15, 0, 0, time.UTC)
	s := &SMTPSender{Addr: srv.addr(), From: "Yhteispalvelu Åland <noreply@example.fi>", Username: "relay", Password: "secret",
		TLS: clientTLS, Now: func() time.Time { return now }}
	m := Render(sample(), "https://onestop.example.fi/appointments/ACDE-3479")
	// A long subject, to see it folded and put back together.
	m.Subject += " – ja vielä pitkä jatko, jotta otsikko ei mahdu yhdelle riville äöå"
	if err := s.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	srv.mu.Lock()
	defer srv.mu.Unlock()
	if !srv.tlsUsed || len(srv.auth) != 1 || srv.auth[0] != "relay:secret" {
		t.Errorf("STARTTLS used %v, sign-ins %v; want TLS and relay:secret", srv.tlsUsed, srv.auth)
	}
	if len(srv.messages) != 1 || !strings.HasPrefix(srv.from[0], "FROM:<noreply@example.fi>") || !strings.HasPrefix(srv.to[0], "TO:<matti@example.fi>") {
		t.Fatalf("server got %d messages from %v to %v", len(srv.messages), srv.from, srv.to)
	}
	raw := srv.messages[0]
	for _, line := range strings.Split(raw, "\n") {
		if len(line) > 78 {
			t.Errorf("line longer than 78 characters: %q", line)
		}
	}
	msg, err := mail.ReadMessage(strings.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	var dec mime.WordDecoder
	subject, err := dec.DecodeHeader(msg.Header.Get("Subject"))
	if err != nil || subject != m.Subject {
		t.Errorf("subject = %q, %v; want %q", subject, err, m.Subject)
	}
	from, err := msg.Header.AddressList("From")
	if err != nil || len(from) != 1 || from[0].Name != "Yhteispalvelu Åland" || from[0].Address != "noreply@example.fi" {
		t.Errorf("From = %v, %v", from, err)
	}
	date, err := msg.Header.Date()
	if err != nil || !date.Equal(now) {
		t.Errorf("Date = %v, %v", date, err)
	}
	for name, want := range map[string]string{
		"Message-ID": "<reminder-12.ACDE-3479@onestop.example.fi>", "To": "<matti@example.fi>",
		"Content-Type": "text/plain; charset=utf-8", "Content-Transfer-Encoding": "quoted-printable",
		"Content-Language": "fi", "MIME-Version": "1.0", "Auto-Submitted": "auto-generated",
	} {
		if got := msg.Header.Get(name); got != want {
			t.Errorf("%s = %q; want %q", name, got, want)
		}
	}
	body, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
	if err != nil {
		t.Fatal(err)
	}
	if got := string(bytes.ReplaceAll(body, []byte("\r\n"), []byte("\n"))); got != m.Body {
		t.Errorf("body = %q\nwant %q", got, m.Body)
	}
}

func TestSMTPSenderErrors(t *testing.T) {
	m := Render(sample(), "")
	tests := []struct {
		name      string
		setup     func(s *smtpServer, snd *SMTPSender, m *Message)
		ok        bool // Send succeeds
		permanent bool
		delivered bool // whether the server got the message
	}{
		{"plain to localhost with a password", func(s *smtpServer, snd *SMTPSender, m *Message) { snd.Username, snd.Password = "u", "p" }, true, false, true},
		{"no e-mail address", func(s *smtpServer, snd *SMTPSender, m *Message) { m.To = "" }, false, true, false},
		{"not an address", func(s *smtpServer, snd *SMTPSender, m *Message) { m.To = "matti at example" }, false, true, false},
		{"unknown recipient", func(s *smtpServer, snd *SMTPSender, m *Message) { s.rcpt = "550 no such user" }, false, true, false},
		{"recipient deferred", func(s *smtpServer, snd *SMTPSender, m *Message) { s.rcpt = "451 try later" }, false, false, false},
		{"message deferred", func(s *smtpServer, snd *SMTPSender, m *Message) { s.data = "451 try later" }, false, false, true},
		{"message refused", func(s *smtpServer, snd *SMTPSender, m *Message) { s.data = "554 spam" }, false, true, true},
		{"answer lost", func(s *smtpServer, snd *SMTPSender, m *Message) { s.dropAfterData = true }, false, true, true},
		{"bad message id", func(s *smtpServer, snd *SMTPSender, m *Message) { m.ID = "<x@y>\r\nBcc: z@example.fi" }, false, true, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := newSMTPServer(t, nil)
			snd := &SMTPSender{Addr: srv.addr(), From: "noreply@example.fi", Timeout: 5 * time.Second}
			msg := m
			srv.mu.Lock()
			tc.setup(srv, snd, &msg)
			srv.mu.Unlock()
			err := snd.Send(context.Background(), msg)
			switch {
			case tc.ok && err != nil:
				t.Errorf("Send = %v", err)
			case !tc.ok && err == nil:
				t.Errorf("Send succeeded; want an error")
			case !tc.ok && IsPermanent(err) != tc.permanent:
				t.Errorf("Send = %v; permanent %v, want %v", err, IsPermanent(err), tc.permanent)
			}
			srv.mu.Lock()
			defer srv.mu.Unlock()
			if got := len(srv.messages) == 1; got != tc.delivered {
				t.Errorf("server got the message: %v; want %v", got, tc.delivered)
			}
		})
	}

	// Nothing listening: worth trying again later.
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	err := (&SMTPSender{Addr: addr, From: "noreply@example.fi"}).Send(context.Background(), m)
	if err == nil || IsPermanent(err) {
		t.Errorf("Send to a closed port = %v; want an error to retry", err)
	}
}

func TestEncodeSubject(t *testing.T) {
	var dec mime.WordDecoder
	for _, s := range []string{
		"Reminder",
		"Påminnelse: din tid ti 1.12. kl. 9.15 – Björneborgs samservicekontor",
		"=?utf-8?q?not_a_word?= and a_b",
		strings.Repeat("äö€", 40),
		"line\r\nBcc: someone@example.fi",
	} {
		enc := encodeSubject(s)
		for _, line := range strings.Split(enc, "\r\n") {
			if len("Subject: "+line) > 78 {
				t.Errorf("encodeSubject(%q) has a line of %d characters", s, len(line))
			}
		}
		if strings.Contains(strings.ReplaceAll(enc, "\r\n ", ""), "\n") {
			t.Errorf("encodeSubject(%q) = %q breaks the header", s, enc)
		}
		if got, err := dec.DecodeHeader(strings.ReplaceAll(enc, "\r\n", "")); err != nil || got != s {
			t.Errorf("encodeSubject(%q) decodes to %q, %v", s, got, err)
		}
	}
}
