package app

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/onestop-fi/onestop/internal/catalogue"
	"github.com/onestop-fi/onestop/internal/store"
	"github.com/onestop-fi/onestop/internal/store/storetest"
)

// serveInBackground runs Serve until the test ends and returns its base URL
// and a function that stops it and returns Serve's result.
func serveInBackground(t *testing.T, cfg Config) (string, func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cfg.Addr = "127.0.0.1:0"
	if cfg.ShutdownTimeout == 0 {
		cfg.ShutdownTimeout = 5 * time.Second
	}
	addr := make(chan net.Addr, 1)
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, cfg, slog.New(slog.DiscardHandler), func(a net.Addr) { addr <- a }) }()
	select {
	case a := <-addr:
		stopped := false
		stop := func() error {
			if stopped {
				return nil
			}
			stopped = true
			cancel()
			return <-done
		}
		t.Cleanup(func() { stop() })
		return "http://" + a.String(), stop
	case err := <-done:
		cancel()
		t.Fatalf("Serve ended before listening: %v", err)
	case <-time.After(30 * time.Second):
		cancel()
		t.Fatal("Serve did not start listening within 30 s")
	}
	return "", nil
}

func getJSON(t *testing.T, url string, v any) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 {
		t.Fatalf("GET %s = %d %s", url, res.StatusCode, body)
	}
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
}

// TestServeDemo runs the server as `serve --demo` does, on each engine:
// the demo centres are there, and a second start adds nothing.
func TestServeDemo(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		cfg := Config{Database: e.DSN(t), Demo: true}
		base, stop := serveInBackground(t, cfg)

		var p catalogue.PointDetail
		getJSON(t, base+"/api/v1/points/palojoenkulma", &p)
		var orgs []string
		for _, o := range p.Organisations {
			orgs = append(orgs, o.Slug)
		}
		if !slices.Equal(orgs, []string{"kela", "pori", "satakunta"}) {
			t.Errorf("palojoenkulma organisations = %v", orgs)
		}
		var walkIn string
		for _, o := range p.Offerings {
			if o.Organisation == "kela" && o.WalkInHours != "" {
				walkIn = o.WalkInHours
			}
		}
		if walkIn != "Mo,Tu,Th,Fr 12:00-15:30; PH off" {
			t.Errorf("Kela walk-in hours at palojoenkulma = %q", walkIn)
		}
		count := func() int {
			var page struct{ Items []catalogue.Point }
			getJSON(t, base+"/api/v1/points?limit=500", &page)
			return len(page.Items)
		}
		before := count()
		if err := stop(); err != nil {
			t.Fatalf("Serve returned %v after a stop signal", err)
		}

		base, _ = serveInBackground(t, cfg)
		if after := count(); after != before || before == 0 {
			t.Errorf("points after a second --demo start = %d, before %d", after, before)
		}
	})
}

func TestRunCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	env := func(string) string { return "" }
	cases := []struct {
		args []string
		code int
		out  string
	}{
		{[]string{"version"}, 0, "onestop "},
		{nil, 2, "Usage:"},
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{[]string{"migrate", "--db", db}, 0, "applied migrations [1"},
		{[]string{"migrate", "--db", db}, 0, "schema is up to date"},
		{[]string{"serve", "--no-such-flag"}, 2, "flag provided but not defined"},
		{[]string{"serve", "--log-format", "xml", "--db", db}, 2, "log format"},
		{[]string{"serve", "--meeting-link", "http://meet.example.fi/{room}", "--db", db}, 2, "not an https:// address"},
		{[]string{"serve", "--meeting-link", "https://meet.example.fi/lobby", "--db", db}, 2, "put {room} or {reference} in it"},
		{[]string{"migrate", "--db", "postgres://nobody@127.0.0.1:1/none?connect_timeout=1"}, 1, "PostgreSQL"},
	}
	for _, tc := range cases {
		var stdout, stderr bytes.Buffer
		code := Run(context.Background(), tc.args, env, &stdout, &stderr)
		out := stdout.String() + stderr.String()
		if code != tc.code || !strings.Contains(out, tc.out) {
			t.Errorf("onestop %v = %d %q; want %d containing %q", tc.args, code, out, tc.code, tc.out)
		}
	}
}

// TestEnvironmentFallback checks that ONESTOP_DATABASE_URL names the
// database when --db is not given, and that a flag wins over it.
func TestEnvironmentFallback(t *testing.T) {
	dir := t.TempDir()
	fromEnv := filepath.Join(dir, "env.db")
	env := func(k string) string {
		if k == "ONESTOP_DATABASE_URL" {
			return fromEnv
		}
		return ""
	}
	var out bytes.Buffer
	if code := Run(context.Background(), []string{"migrate"}, env, &out, &out); code != 0 {
		t.Fatalf("migrate = %d %s", code, out.String())
	}
	if !strings.Contains(out.String(), "applied") {
		t.Fatalf("migrate via env did not migrate: %s", out.String())
	}
	out.Reset()
	fromFlag := filepath.Join(dir, "flag.db")
	Run(context.Background(), []string{"migrate", "--db", fromFlag}, env, &out, &out)
	if !strings.Contains(out.String(), "applied") {
		t.Fatalf("--db did not win over the environment: %s", out.String())
	}
}

// TestRefusesNewerSchema checks that the server does not start on a
// database migrated by a newer onestop.
func TestRefusesNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new.db")
	var out bytes.Buffer
	env := func(string) string { return "" }
	if code := Run(context.Background(), []string{"migrate", "--db", path}, env, &out, &out); code != 0 {
		t.Fatal(out.String())
	}
	raw, err := openMigrated(context.Background(), path, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	err = raw.Write(context.Background(), func(tx store.Tx) error {
		_, err := tx.Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 'x')")
		return err
	})
	raw.Close()
	if err != nil {
		t.Fatal(err)
	}
	err = Serve(context.Background(), Config{Addr: "127.0.0.1:0", Database: path}, slog.New(slog.DiscardHandler), nil)
	if err == nil || !strings.Contains(err.Error(), "newer") {
		t.Fatalf("Serve on a newer schema = %v; want a refusal", err)
	}
}

func TestHoursCommand(t *testing.T) {
	env := func(string) string { return "" }
	var out, errOut bytes.Buffer
	code := Run(context.Background(), []string{"hours", "--from", "2026-12-21", "--to", "2026-12-28", "Mo-Fr 09:00-16:00; PH off"}, env, &out, &errOut)
	if code != 0 {
		t.Fatalf("hours = %d %s", code, errOut.String())
	}
	want := `{"start":"2026-12-21T09:00","end":"2026-12-21T16:00","unknown":false,"comment":""}
{"start":"2026-12-22T09:00","end":"2026-12-22T16:00","unknown":false,"comment":""}
{"start":"2026-12-23T09:00","end":"2026-12-23T16:00","unknown":false,"comment":""}
{"start":"2026-12-24T09:00","end":"2026-12-24T16:00","unknown":false,"comment":""}
`
	if out.String() != want {
		t.Errorf("hours printed\n%s\nwant\n%s", out.String(), want)
	}
	// Across the spring DST change: 03:00–04:00 does not exist on 29 March 2026.
	out.Reset()
	Run(context.Background(), []string{"hours", "--from", "2026-03-29", "--to", "2026-03-30", "Su 02:00-05:00"}, env, &out, &errOut)
	if got := out.String(); got != `{"start":"2026-03-29T02:00","end":"2026-03-29T05:00","unknown":false,"comment":""}`+"\n" {
		t.Errorf("spring DST: %s", got)
	}

	for _, args := range [][]string{
		{"hours", "Mo-Fr 9:00-16:00 bananas"},
		{"hours"},
		{"hours", "--tz", "Mars/Olympus", "24/7"},
		{"hours", "--from", "21.12.2026", "24/7"},
	} {
		errOut.Reset()
		if code := Run(context.Background(), args, env, &out, &errOut); code != 2 || errOut.Len() == 0 {
			t.Errorf("onestop %q = %d %q; want 2 with a message", args, code, errOut.String())
		}
	}
	errOut.Reset()
	Run(context.Background(), []string{"hours", "Mo-Fr 09:00-16:00; Xmas off"}, env, &out, &errOut)
	if !strings.Contains(errOut.String(), "at character") {
		t.Errorf("parse error lacks the position: %q", errOut.String())
	}
}
