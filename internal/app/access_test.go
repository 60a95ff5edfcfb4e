package app

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/onestop-fi/onestop/internal/demo"
	"github.com/onestop-fi/onestop/internal/store/storetest"
)

// TestDemoSignIn checks that every demo account printed at `serve --demo`
// signs in with its password, on each engine.
func TestDemoSignIn(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		base, _ := serveInBackground(t, Config{Database: e.DSN(t), Demo: true})
		for _, acc := range demo.Accounts() {
			jar, _ := cookiejar.New(nil)
			c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			res, err := c.Get(base + "/signin")
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			m := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindSubmatch(body)
			if m == nil {
				t.Fatalf("no csrf field on /signin")
			}
			res, err = c.PostForm(base+"/signin", url.Values{"csrf": {string(m[1])}, "email": {acc.Email}, "password": {acc.Password}, "next": {"/api/v1/me"}})
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != 303 || res.Header.Get("Location") != "/api/v1/me" {
				t.Errorf("sign-in as %s = %d", acc.Email, res.StatusCode)
			}
		}
	})
}

func TestUserCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "users.db")
	env := func(string) string { return "" }
	run := func(args ...string) (int, string) {
		var out bytes.Buffer
		code := Run(context.Background(), args, env, &out, &out)
		return code, out.String()
	}
	// Organisations must exist for organisation roles: load the demo.
	raw, err := openMigrated(context.Background(), db, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Load(context.Background(), raw.Catalogue()); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	pw := filepath.Join(dir, "pw")
	os.WriteFile(pw, []byte("a long enough password\n"), 0o600)

	cases := []struct {
		args []string
		code int
		out  string
	}{
		{[]string{"user"}, 2, "add|role|password"},
		{[]string{"user", "add", "--db", db}, 2, "give --email"},
		{[]string{"user", "add", "--db", db, "--email", "root@example.fi", "--name", "Root", "--role", "admin"}, 0, "password: "},
		{[]string{"user", "add", "--db", db, "--email", "root@example.fi", "--name", "Root", "--role", "admin"}, 1, "already"},
		{[]string{"user", "add", "--db", db, "--email", "p@example.fi", "--name", "P", "--role", "staff", "--organisation", "kela", "--password-file", pw}, 0, "added p@example.fi"},
		{[]string{"user", "add", "--db", db, "--email", "q@example.fi", "--name", "Q", "--role", "chief", "--organisation", "kela"}, 1, `no role "chief"`},
		{[]string{"user", "add", "--db", db, "--email", "q@example.fi", "--name", "Q", "--role", "staff", "--organisation", "nokia"}, 1, `no organisation "nokia"`},
		{[]string{"user", "add", "--db", db, "--email", "not-an-address", "--name", "Q"}, 1, "e-mail address"},
		{[]string{"user", "role", "--db", db, "--email", "p@example.fi", "--grant", "point_manager", "--point", "palojoenkulma"}, 0, "point_manager at palojoenkulma"},
		{[]string{"user", "role", "--db", db, "--email", "p@example.fi", "--revoke", "staff", "--organisation", "kela"}, 0, "no longer staff of kela"},
		{[]string{"user", "role", "--db", db, "--email", "p@example.fi", "--revoke", "staff", "--organisation", "kela"}, 1, "does not have"},
		{[]string{"user", "role", "--db", db, "--email", "nobody@example.fi", "--grant", "admin"}, 1, "no such account"},
		{[]string{"user", "role", "--db", db, "--email", "p@example.fi"}, 2, "--grant ROLE or --revoke ROLE"},
		{[]string{"user", "password", "--db", db, "--email", "p@example.fi", "--password-file", pw}, 0, "sessions are ended"},
		{[]string{"retention", "--db", db, "--retention", "24h"}, 0, "anonymised 0 customer records"},
		{[]string{"retention", "--db", db, "--retention", "0s"}, 1, "must be positive"},
	}
	for _, tc := range cases {
		code, out := run(tc.args...)
		if code != tc.code || !strings.Contains(out, tc.out) {
			t.Errorf("onestop %v = %d %q; want %d containing %q", tc.args, code, out, tc.code, tc.out)
		}
	}
}
