package app

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	mrand "math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/onestop-fi/onestop/internal/access"
	"github.com/onestop-fi/onestop/internal/benchdata"
	"github.com/onestop-fi/onestop/internal/booking"
	"github.com/onestop-fi/onestop/internal/store"
	"github.com/onestop-fi/onestop/internal/web"
)

// The bars the booking benchmark is held to (the acceptance
// figures): the real API books at least half as fast as the machine can
// take HTTP requests that each write one row, and slot search answers
// within 20 ms for 99 requests of 100 while bookings run.
const (
	barRatio     = 0.5
	barSearchP99 = 20 * time.Millisecond
)

// slotLimit is how many free times a benchmark client asks for: a
// customer sees a short list of the earliest and picks one.
const slotLimit = 10

// benchOptions are the flags of "onestop bench booking".
type benchOptions struct {
	db           string // "sqlite" or a postgres:// URL
	points       int
	staff        int
	appointments int
	clients      int
	duration     time.Duration
	keep         string
	reuse        string
	seed         uint64
	cpuProfile   string
}

// runBench is "onestop bench booking" and "onestop bench queue".
func runBench(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	which := ""
	if len(args) > 0 {
		which = args[0]
	}
	switch which {
	case "booking":
		return runBenchBooking(ctx, args[1:], getenv, stdout, stderr)
	case "queue":
		return runBenchQueue(ctx, args[1:], getenv, stdout, stderr)
	}
	return usageError{"say which benchmark: onestop bench booking [flags], or onestop bench queue [flags]"}
}

// databaseFlags defines --db and --postgres on fs; the function returned,
// called once fs is parsed, gives the database chosen: --db on the
// command line wins over ONESTOP_BENCH_POSTGRES.
func databaseFlags(fs *flag.FlagSet, getenv func(string) string) func() (string, error) {
	db := fs.String("db", "sqlite", "sqlite (a fresh file in a temporary directory), or a postgres:// URL of a server to make a fresh database on")
	postgres := fs.String("postgres", "", "run on a fresh database on this PostgreSQL server: the same as --db URL (env ONESTOP_BENCH_POSTGRES)")
	return func() (string, error) {
		dbGiven := false
		fs.Visit(func(f *flag.Flag) { dbGiven = dbGiven || f.Name == "db" })
		pg := *postgres
		switch {
		case pg != "" && dbGiven:
			return "", usageError{"give either --db or --postgres, not both"}
		case pg == "" && !dbGiven:
			pg = getenv("ONESTOP_BENCH_POSTGRES")
		}
		if pg != "" {
			return pg, nil
		}
		if *db != "sqlite" && !isPostgres(*db) {
			return "", usageError{fmt.Sprintf("--db %q is neither sqlite nor a postgres:// URL", *db)}
		}
		return *db, nil
	}
}

// runBenchBooking is "onestop bench booking".
func runBenchBooking(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("bench booking", stderr)
	var o benchOptions
	database := databaseFlags(fs, getenv)
	fs.IntVar(&o.points, "points", 300, "service points, remote ones included")
	fs.IntVar(&o.staff, "staff", 3000, "staff members")
	fs.IntVar(&o.appointments, "appointments", 1_000_000, "existing appointments, in the 8 weeks before and after today")
	fs.IntVar(&o.clients, "clients", 16, "concurrent clients")
	fs.DurationVar(&o.duration, "duration", 20*time.Second, "how long each measurement runs")
	fs.StringVar(&o.keep, "keep", "", "keep the SQLite database in this directory afterwards (on PostgreSQL: keep the database; the directory is not used)")
	fs.StringVar(&o.reuse, "reuse", "", "measure on the SQLite database an earlier run with --keep left in this directory, generated today with the same sizes and seed, instead of generating one (its bookings stay in it)")
	fs.Uint64Var(&o.seed, "seed", 1, "chooses the data set; the same seed on the same day makes the same one")
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of the bookings run, (b), to this file")
	if err := parse(fs, args, getenv, nil); err != nil {
		return err
	}
	var err error
	if o.db, err = database(); err != nil {
		return err
	}
	if o.clients < 1 || o.duration <= 0 || o.appointments < 0 {
		return usageError{"--clients and --duration must be positive, --appointments not negative"}
	}
	if o.reuse != "" && (isPostgres(o.db) || o.keep != "") {
		return usageError{"--reuse is for a SQLite database, and not with --keep"}
	}
	tuneGC(getenv)
	return benchBooking(ctx, o, stdout)
}

func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// benchBooking makes a fresh database, fills it with a national-scale
// data set and measures, in one run on this machine: (a) the baseline,
// HTTP requests that each do one write transaction; (b) bookings through
// the real API; (c) slot search latency while (b) runs, alone, and one
// client at a time; and (d), where the API has it, the earliest time
// across a municipality.
func benchBooking(ctx context.Context, o benchOptions, out io.Writer) error {
	if o.reuse != "" {
		return benchReused(ctx, o, out)
	}
	db, dsn, engine, done, err := benchDatabase(ctx, o, "booking", out)
	if err != nil {
		return err
	}
	defer done()

	fmt.Fprintf(out, "\ngenerating %s points, %s staff, %s appointments\n",
		benchdata.Count(o.points), benchdata.Count(o.staff), benchdata.Count(o.appointments))
	start := time.Now()
	data, err := benchdata.Generate(ctx, db, benchdata.Config{Points: o.points, Staff: o.staff, Appointments: o.appointments,
		Seed: o.seed, Now: time.Now()}, out)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "generated in %.1fs; database %s\n", time.Since(start).Seconds(), databaseSize(ctx, db, dsn))
	return measureBooking(ctx, o, db, engine, data.Targets, out)
}

// benchReused measures on a database an earlier run kept.
func benchReused(ctx context.Context, o benchOptions, out io.Writer) error {
	path := filepath.Join(o.reuse, benchFile)
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("--reuse: %w", err)
	}
	benchHeader(out, "booking", "sqlite", "the kept file "+path)
	targets, err := benchdata.Targets(o.points, o.staff, o.seed)
	if err != nil {
		return err
	}
	db, err := openMigrated(ctx, path, slog.New(slog.DiscardHandler))
	if err != nil {
		return err
	}
	defer db.Close()
	fmt.Fprintf(out, "database %s\n", databaseSize(ctx, db, path))
	return measureBooking(ctx, o, db, "sqlite", targets, out)
}

// measureBooking runs the measurements of the booking benchmark on a
// database holding the data set whose bookable offerings are targets.
func measureBooking(ctx context.Context, o benchOptions, db *store.DB, engine string, targets []benchdata.Target, out io.Writer) error {
	fmt.Fprintf(out, "\n%d clients, %s per run\n", o.clients, o.duration)
	base, err := runBaseline(ctx, db, o, db.WriteAlone)
	if err != nil {
		return fmt.Errorf("baseline: %w", err)
	}
	// The same requests through Write, whose transactions share commits
	// on SQLite as bookings' do: for comparison, not the bar.
	shared, err := runBaseline(ctx, db, o, db.Write)
	if err != nil {
		return fmt.Errorf("baseline: %w", err)
	}
	// The real server, as serve wires it with its defaults (a video
	// booking gets its meeting link, every booking its reminder); its
	// request log is formatted and thrown away, so that its cost counts.
	raw := make([]byte, 32)
	rand.Read(raw)
	keys, err := access.NewKeys(raw)
	if err != nil {
		return err
	}
	acc := access.NewService(db.Access(), keys, access.DefaultPolicy, nil)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv, err := web.New(web.Config{Version: Version(), MeetingLink: DefaultMeetingLink, RemindBefore: DefaultRemindBefore},
		db.Catalogue(), acc, db.Ping, log, prometheus.NewRegistry(),
		web.WithBookings(db.Appointments()))
	if err != nil {
		return err
	}
	api, err := listen(srv.Handler())
	if err != nil {
		return err
	}
	defer api.close()
	// As serve does when it starts: every bookable offering searched
	// once, so that (b) measures a running server, not one filling its
	// caches.
	warmStart := time.Now()
	warmed, err := booking.Warm(ctx, db.Catalogue(), db.Appointments(), time.Now())
	if err != nil {
		return fmt.Errorf("warming slot search: %w", err)
	}
	fmt.Fprintf(out, "warmed     %s offerings searched once, as serve does at start  (%.1fs)\n", benchdata.Count(warmed), time.Since(warmStart).Seconds())

	if o.cpuProfile != "" {
		f, err := os.Create(o.cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
	}
	booked := runLoad(ctx, o, api.url, func(c *client) { c.searchAndBook(targets) })
	if o.cpuProfile != "" {
		pprof.StopCPUProfile()
	}
	alone := runLoad(ctx, o, api.url, func(c *client) { c.search(targets) })
	// One client at a time: what a search costs with nobody queueing.
	one := o
	one.clients = 1
	single := runLoad(ctx, one, api.url, func(c *client) { c.search(targets) })
	areas := areaTargets(targets)
	area := runLoad(ctx, o, api.url, func(c *client) { c.searchArea(areas) })
	if err := ctx.Err(); err != nil {
		return err
	}
	printResults(out, engine, base, shared, booked, alone, single, area)
	return nil
}

// benchDatabase makes, migrates and opens a fresh database for the
// benchmark called name, and prints the run's first line; done closes
// and removes it.
func benchDatabase(ctx context.Context, o benchOptions, name string, out io.Writer) (db *store.DB, dsn, engine string, done func(), err error) {
	dsn, where, cleanup, err := freshDatabase(ctx, o)
	if err != nil {
		return nil, "", "", nil, err
	}
	remove := func() {
		if err := cleanup(); err != nil {
			fmt.Fprintf(out, "could not remove the benchmark's database: %v\n", err)
		}
	}
	engine = "sqlite"
	if isPostgres(dsn) {
		engine = "postgres"
	}
	benchHeader(out, name, engine, where)
	db, err = openMigrated(ctx, dsn, slog.New(slog.DiscardHandler))
	if err != nil {
		remove()
		return nil, "", "", nil, err
	}
	return db, dsn, engine, func() { db.Close(); remove() }, nil
}

// benchFile is the name of a benchmark's SQLite database in its directory.
const benchFile = "onestop-bench.db"

// benchHeader prints a benchmark run's first line: what runs where, on
// how busy a machine.
func benchHeader(out io.Writer, name, engine, where string) {
	fmt.Fprintf(out, "onestop %s bench %s on %s, %s; %d CPUs%s, %s\n", Version(), name, engine, where, runtime.NumCPU(), loadAverage(), runtime.Version())
}

// freshDatabase makes an empty database for the benchmark and returns
// its address, a description for people, and a function that removes it
// (unless it is to be kept).
func freshDatabase(ctx context.Context, o benchOptions) (dsn, where string, cleanup func() error, err error) {
	keep := func() error { return nil }
	if !isPostgres(o.db) {
		dir := o.keep
		cleanup = keep
		if dir == "" {
			if dir, err = os.MkdirTemp("", "onestop-bench-"); err != nil {
				return "", "", nil, err
			}
			cleanup = func() error { return os.RemoveAll(dir) }
		} else if err := os.MkdirAll(dir, 0o755); err != nil {
			return "", "", nil, err
		}
		path := filepath.Join(dir, benchFile)
		if _, err := os.Stat(path); err == nil {
			cleanup()
			return "", "", nil, fmt.Errorf("%s exists already: remove it or keep the database elsewhere", path)
		}
		where = "a fresh file " + path
		if o.keep == "" {
			where += " (removed afterwards)"
		}
		return path, where, cleanup, nil
	}
	u, err := url.Parse(o.db)
	if err != nil {
		return "", "", nil, usageError{fmt.Sprintf("--db: %v", err)}
	}
	admin, err := sql.Open("pgx", o.db)
	if err != nil {
		return "", "", nil, err
	}
	defer admin.Close()
	var b [6]byte
	rand.Read(b[:])
	name := "onestop_bench_" + hex.EncodeToString(b[:])
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		return "", "", nil, fmt.Errorf("make a database on %s: %w", u.Host, err)
	}
	cleanup = func() error {
		c, err := sql.Open("pgx", o.db)
		if err != nil {
			return err
		}
		defer c.Close()
		_, err = c.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
		return err
	}
	where = "a fresh database " + name + " on " + u.Host
	if o.keep != "" {
		cleanup = keep
		where += " (kept afterwards)"
	} else {
		where += " (dropped afterwards)"
	}
	u.Path = "/" + name
	return u.String(), where, cleanup, nil
}

// loadAverage tells how busy the machine was before the benchmark, where
// the system says (Linux): figures from a busy machine are lower.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return ""
	}
	return ", load average " + strings.Join(f[:3], " ")
}

// databaseSize tells how big the database has grown.
func databaseSize(ctx context.Context, db *store.DB, dsn string) string {
	var size int64
	if db.Engine == store.Postgres {
		if err := db.Reader().QueryRowContext(ctx, "SELECT pg_database_size(current_database())").Scan(&size); err != nil {
			return "of unknown size"
		}
	} else {
		for _, f := range []string{dsn, dsn + "-wal"} {
			if fi, err := os.Stat(f); err == nil {
				size += fi.Size()
			}
		}
	}
	return fmt.Sprintf("%.2f GB", float64(size)/1e9)
}

// server is an HTTP server on a loopback port: real TCP, as clients
// meet the real thing.
type server struct {
	url   string
	http  *http.Server
	close func()
}

func listen(h http.Handler) (*server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &server{url: "http://" + ln.Addr().String(), http: &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}}
	done := make(chan struct{})
	go func() { s.http.Serve(ln); close(done) }()
	s.close = func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		s.http.Shutdown(ctx)
		<-done
	}
	return s, nil
}

// runBaseline measures what this machine can do at best on this engine:
// HTTP requests of the same shape as a booking (a small JSON POST) whose
// handler does one write transaction through the store's own write path
// (write: db.WriteAlone, one commit each, or db.Write, shared commits),
// so that the same connection, journal and fsync settings apply. It
// inserts one row into a scratch table, dropped afterwards.
func runBaseline(ctx context.Context, db *store.DB, o benchOptions, write func(context.Context, func(*sql.Tx) error) error) (*tally, error) {
	create := "CREATE TABLE bench_write (id INTEGER PRIMARY KEY, at TEXT NOT NULL)"
	if db.Engine == store.Postgres {
		create = "CREATE TABLE bench_write (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at TEXT NOT NULL)"
	}
	exec := func(stmt string) error {
		return db.Write(ctx, func(tx *sql.Tx) error { _, err := tx.ExecContext(ctx, stmt); return err })
	}
	if err := exec(create); err != nil {
		return nil, err
	}
	s, err := listen(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body struct{ Name string }
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		err := write(r.Context(), func(tx *sql.Tx) error {
			_, err := tx.ExecContext(r.Context(), "INSERT INTO bench_write (at) VALUES ($1)", time.Now().UTC().Format(time.RFC3339Nano))
			return err
		})
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		io.WriteString(w, `{"ok":true}`)
	}))
	if err != nil {
		return nil, err
	}
	t := runLoad(ctx, o, s.url, func(c *client) { c.write() })
	s.close()
	return t, exec("DROP TABLE bench_write")
}

// tally is what one run measured.
type tally struct {
	elapsed time.Duration
	// Latencies of slot searches (in person, remote), municipality
	// searches, booking POSTs and baseline writes.
	inPerson, remote, area, posts, writes []time.Duration
	// created counts 201 answers; conflicts 409s, the right answer to a
	// time someone else booked first; empty searches that found no time.
	created, conflicts, empty int
	// unexpected counts other statuses; failed requests that got no
	// answer, the first error kept.
	unexpected map[int]int
	failed     int
	firstErr   string
}

func (t *tally) add(o *tally) {
	t.inPerson, t.remote, t.area = append(t.inPerson, o.inPerson...), append(t.remote, o.remote...), append(t.area, o.area...)
	t.posts, t.writes = append(t.posts, o.posts...), append(t.writes, o.writes...)
	t.created, t.conflicts, t.empty, t.failed = t.created+o.created, t.conflicts+o.conflicts, t.empty+o.empty, t.failed+o.failed
	for k, v := range o.unexpected {
		t.unexpected[k] += v
	}
	if t.firstErr == "" {
		t.firstErr = o.firstErr
	}
}

// client is one simulated customer's browser, making requests one after
// another.
type client struct {
	http *http.Client
	base string
	auth string // the Authorization header, if any
	rng  *mrand.Rand
	t    *tally
}

// runLoad runs o.clients clients, each calling step over and over for
// o.duration, and returns what they measured together.
func runLoad(ctx context.Context, o benchOptions, base string, step func(*client)) *tally {
	tr := &http.Transport{MaxIdleConns: o.clients, MaxIdleConnsPerHost: o.clients, IdleConnTimeout: time.Minute}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr, Timeout: time.Minute}
	total := &tally{unexpected: map[int]int{}}
	var mu sync.Mutex
	var wg sync.WaitGroup
	start := time.Now()
	deadline := start.Add(o.duration)
	for i := range o.clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := &client{http: hc, base: base, rng: mrand.New(mrand.NewPCG(o.seed, uint64(i))), t: &tally{unexpected: map[int]int{}}}
			for time.Now().Before(deadline) && ctx.Err() == nil {
				step(c)
			}
			mu.Lock()
			total.add(c.t)
			mu.Unlock()
		}()
	}
	wg.Wait()
	total.elapsed = time.Since(start)
	return total
}

// do makes one request and returns its status, body and latency; a
// request that got no answer counts as failed and has status 0.
func (c *client) do(method, path string, body []byte) (int, []byte, time.Duration) {
	req, err := http.NewRequest(method, c.base+path, bytes.NewReader(body))
	if err != nil {
		panic(err) // the paths are made here
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.auth != "" {
		req.Header.Set("Authorization", c.auth)
	}
	start := time.Now()
	res, err := c.http.Do(req)
	if err != nil {
		c.fail(err)
		return 0, nil, time.Since(start)
	}
	b, err := io.ReadAll(res.Body)
	res.Body.Close()
	took := time.Since(start)
	if err != nil {
		c.fail(err)
		return 0, nil, took
	}
	return res.StatusCode, b, took
}

func (c *client) fail(err error) {
	c.t.failed++
	if c.t.firstErr == "" {
		c.t.firstErr = err.Error()
	}
}

// unexpected notes an answer the benchmark did not expect.
func (c *client) unexpected(status int, body []byte) {
	c.t.unexpected[status]++
	if c.t.firstErr == "" {
		c.t.firstErr = fmt.Sprintf("%d %s", status, bytes.TrimSpace(body[:min(len(body), 300)]))
	}
}

// write is one baseline request.
func (c *client) write() {
	status, body, took := c.do("POST", "/", []byte(`{"name":"Bench Customer"}`))
	switch status {
	case 0:
	case http.StatusCreated:
		c.t.created++
		c.t.writes = append(c.t.writes, took)
	default:
		c.unexpected(status, body)
	}
}

// slots searches free times of a target and returns them as the API
// gave them.
func (c *client) slots(tg benchdata.Target) []json.RawMessage {
	q := url.Values{"service": {tg.Service}, "point": {tg.Point}, "limit": {fmt.Sprint(slotLimit)}}
	if tg.Channel != booking.InPerson {
		q.Set("channel", string(tg.Channel))
	}
	status, body, took := c.do("GET", "/api/v1/slots?"+q.Encode(), nil)
	if status != http.StatusOK {
		if status != 0 {
			c.unexpected(status, body)
		}
		return nil
	}
	if tg.Channel == booking.InPerson {
		c.t.inPerson = append(c.t.inPerson, took)
	} else {
		c.t.remote = append(c.t.remote, took)
	}
	var list struct{ Items []json.RawMessage }
	if err := json.Unmarshal(body, &list); err != nil {
		c.fail(err)
		return nil
	}
	if len(list.Items) == 0 {
		c.t.empty++
	}
	return list.Items
}

// search is one customer looking for a free time at a random offering.
func (c *client) search(targets []benchdata.Target) {
	c.slots(targets[c.rng.IntN(len(targets))])
}

// searchAndBook is one customer looking for a free time at a random
// offering and booking one of those offered, at random. Another customer
// may take it first: 409 is then the right answer.
func (c *client) searchAndBook(targets []benchdata.Target) {
	slots := c.slots(targets[c.rng.IntN(len(targets))])
	if len(slots) == 0 {
		return
	}
	slot := slots[c.rng.IntN(len(slots))]
	// The slot exactly as it came, with the customer added in front.
	body := append([]byte(`{"customer":{"name":"Bench Customer","phone":"+358401234567"},`), bytes.TrimSpace(slot)[1:]...)
	status, answer, took := c.do("POST", "/api/v1/appointments", body)
	if status != 0 {
		c.t.posts = append(c.t.posts, took)
	}
	switch status {
	case 0:
	case http.StatusCreated:
		c.t.created++
	case http.StatusConflict:
		c.t.conflicts++
	default:
		c.unexpected(status, answer)
	}
}

// areaTarget is a service to look for across a municipality.
type areaTarget struct{ municipality, service string }

// areaTargets lists the services given in person in each municipality.
func areaTargets(targets []benchdata.Target) []areaTarget {
	var out []areaTarget
	for _, t := range targets {
		a := areaTarget{t.Municipality, t.Service}
		if t.Channel == booking.InPerson && !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	return out
}

// searchArea is one customer looking for the earliest free time of a
// service anywhere in a municipality.
func (c *client) searchArea(targets []areaTarget) {
	tg := targets[c.rng.IntN(len(targets))]
	q := url.Values{"service": {tg.service}, "municipality": {tg.municipality}, "limit": {fmt.Sprint(slotLimit)}}
	status, body, took := c.do("GET", "/api/v1/slots?"+q.Encode(), nil)
	switch status {
	case 0:
	case http.StatusOK:
		c.t.area = append(c.t.area, took)
	default:
		c.unexpected(status, body)
	}
}

// percentile returns the p-th percentile (nearest rank) of sorted.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(p/100*float64(len(sorted)))) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }

// printResults prints the table of figures and the bars.
func printResults(out io.Writer, engine string, base, shared, booked, alone, single, area *tally) {
	perSecond := func(n int, t *tally) float64 { return float64(n) / t.elapsed.Seconds() }
	tableHead(out)
	row := func(name string, n int, t *tally, lat []time.Duration) { tableRow(out, name, n, t.elapsed, lat) }
	row("(a) baseline: one write per HTTP request", base.created, base, base.writes)
	row("    the same, commits shared (not the bar)", shared.created, shared, shared.writes)
	row("(b) bookings made (201; latency of the POST)", booked.created, booked, booked.posts)
	row("    lost races (409)", booked.conflicts, booked, nil)
	during := slices.Concat(booked.inPerson, booked.remote)
	row("(c) slot searches during (b)", len(during), booked, during)
	row("      at in-person points", len(booked.inPerson), booked, booked.inPerson)
	row("      at remote points (video, phone)", len(booked.remote), booked, booked.remote)
	both := slices.Concat(alone.inPerson, alone.remote)
	row("    slot searches alone", len(both), alone, both)
	row("      at in-person points", len(alone.inPerson), alone, alone.inPerson)
	row("      at remote points (video, phone)", len(alone.remote), alone, alone.remote)
	one := slices.Concat(single.inPerson, single.remote)
	row("    slot searches, one client at a time", len(one), single, one)
	if len(area.area) > 0 {
		row("(d) earliest time across a municipality", len(area.area), area, area.area)
	} else {
		// An API without municipality search refuses the parameter.
		fmt.Fprintf(out, "(d) earliest time across a municipality: skipped, the API answered %s\n", area.firstErr)
		area = &tally{unexpected: map[int]int{}}
	}
	if n := booked.empty + alone.empty + single.empty; n > 0 {
		fmt.Fprintf(out, "searches that found no free time: %s\n", benchdata.Count(n))
	}
	for _, t := range []*tally{base, shared, booked, alone, single, area} {
		if t.failed > 0 || len(t.unexpected) > 0 {
			fmt.Fprintf(out, "unexpected answers %v, failed requests %d; first: %s\n", t.unexpected, t.failed, t.firstErr)
		}
	}

	ratio := 0.0
	if base.created > 0 {
		ratio = perSecond(booked.created, booked) / perSecond(base.created, base)
	}
	slices.Sort(during)
	p99 := percentile(during, 99)
	fmt.Fprintf(out, "\n%s: ratio (b)/(a) = %.2f (bar ≥ %.2f) %s\n", engine, ratio, barRatio, verdict(ratio >= barRatio))
	if shared.created > 0 {
		fmt.Fprintf(out, "%s: (b) against the baseline with shared commits = %.2f\n", engine,
			perSecond(booked.created, booked)/perSecond(shared.created, shared))
	}
	fmt.Fprintf(out, "%s: slot search p99 = %.1f ms (bar < %d ms) %s\n", engine, float64(p99)/float64(time.Millisecond),
		barSearchP99/time.Millisecond, verdict(p99 < barSearchP99 && len(during) > 0))
}

// tableHead and tableRow print the benchmarks' table: a row counts what
// happened in elapsed, with the latencies' percentiles (lat is sorted).
func tableHead(out io.Writer) {
	fmt.Fprintf(out, "\n%-44s %10s %10s %9s %9s %9s\n", "", "count", "per s", "p50", "p99", "max")
}

func tableRow(out io.Writer, name string, n int, elapsed time.Duration, lat []time.Duration) {
	slices.Sort(lat)
	var p50, p99, top string
	if len(lat) > 0 {
		p50, p99, top = ms(percentile(lat, 50)), ms(percentile(lat, 99)), ms(lat[len(lat)-1])
	}
	fmt.Fprintf(out, "%-44s %10s %10.1f %9s %9s %9s\n", name, benchdata.Count(n), float64(n)/elapsed.Seconds(), p50, p99, top)
}

func verdict(ok bool) string {
	if ok {
		return "met"
	}
	return "MISSED"
}
