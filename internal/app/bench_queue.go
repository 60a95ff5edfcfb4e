package app

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/onestop-fi/onestop/internal/access"
	"github.com/onestop-fi/onestop/internal/benchdata"
	"github.com/onestop-fi/onestop/internal/catalogue"
	"github.com/onestop-fi/onestop/internal/queue"
	"github.com/onestop-fi/onestop/internal/store"
	"github.com/onestop-fi/onestop/internal/web"
)

// The bars of the walk-in queue (DESIGN.md §7): a call reaches 1,000
// connected lobby displays with p99 under 100 ms, and 10,000 connected
// clients (displays and customers following their tickets) with p99
// under 250 ms in under 500 MB.
const (
	barDisplays     = 1000
	barDisplaysP99  = 100 * time.Millisecond
	barClients      = 10000
	barClientsP99   = 250 * time.Millisecond
	barClientsBytes = 500 << 20
)

// queueBenchOptions are the flags of "onestop bench queue"; clients and
// duration apply to the baseline and to ticket issuing, duration to the
// calls as well.
type queueBenchOptions struct {
	benchOptions
	displays   int
	followers  int
	rate       float64
	queues     int
	desks      int
	end        string // "finish" or "noshow": how a desk ends each call
	memProfile string
}

// runBenchQueue is "onestop bench queue".
func runBenchQueue(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("bench queue", stderr)
	var o queueBenchOptions
	database := databaseFlags(fs, getenv)
	fs.IntVar(&o.displays, "displays", barDisplays, "lobby displays following the point's board")
	fs.IntVar(&o.followers, "followers", 0, "customers following their tickets (each client holds two file descriptors here: both ends run in this process)")
	fs.Float64Var(&o.rate, "rate", 10, "calls per second while the displays follow")
	fs.IntVar(&o.queues, "queues", 3, "queues at the point (1 to 26)")
	fs.IntVar(&o.desks, "desks", 10, "desks, each signed in to every queue")
	fs.StringVar(&o.end, "end", "finish", "how a desk ends each call: finish (served in milliseconds, so the queues' mean service time, and every estimated wait, falls to almost nothing) "+
		"or noshow (the mean stays at the default 8 minutes, and each call and its end change the waits of everyone waiting, as in a lobby)")
	fs.IntVar(&o.clients, "clients", 16, "concurrent clients of the baseline and of ticket issuing")
	fs.DurationVar(&o.duration, "duration", 20*time.Second, "how long each measurement runs")
	fs.StringVar(&o.keep, "keep", "", "keep the SQLite database in this directory afterwards (on PostgreSQL: keep the database; the directory is not used)")
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of the calls, (c), to this file, and of the tickets, (b), to this file with .tickets added")
	fs.StringVar(&o.memProfile, "memprofile", "", "write a heap profile to this file once the clients are connected")
	if err := parse(fs, args, getenv, nil); err != nil {
		return err
	}
	var err error
	if o.db, err = database(); err != nil {
		return err
	}
	switch {
	case o.displays < 1 || o.followers < 0:
		return usageError{"--displays must be positive, --followers not negative"}
	case o.rate <= 0 || o.duration <= 0 || o.clients < 1:
		return usageError{"--rate, --duration and --clients must be positive"}
	case o.queues < 1 || o.queues > 26 || o.desks < 1:
		return usageError{"--queues must be 1 to 26, --desks positive"}
	case o.end != "finish" && o.end != "noshow":
		return usageError{fmt.Sprintf("--end %q is neither finish nor noshow", o.end)}
	}
	o.seed = 1
	tuneGC(getenv)
	return benchQueue(ctx, o, stdout)
}

// lobby is the benchmark's service point: its queues, its desks and the
// API token of the staff working them.
type lobby struct {
	point  string
	queues []string
	desks  []int64
	auth   string // the Authorization header's value
}

// benchQueue makes a fresh database with one service point whose walk-in
// queues are always open, serves it as serve does, and measures, in one
// run: (a) the baseline, HTTP requests that each do one write
// transaction; (b) tickets issued through the API; (c) calls at a steady
// rate while lobby displays (and customers' phones) follow the point,
// and how long each call takes to reach each of them.
func benchQueue(ctx context.Context, o queueBenchOptions, out io.Writer) error {
	db, _, engine, done, err := benchDatabase(ctx, o.benchOptions, "queue", out)
	if err != nil {
		return err
	}
	defer done()

	// The real server, wired as serve wires it; its request log is
	// formatted and thrown away, so that its cost counts.
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	queues, hub := db.QueuesWithHub(log)
	lb, err := setUpLobby(ctx, db, queues, o)
	if err != nil {
		return err
	}
	raw := make([]byte, 32)
	rand.Read(raw)
	keys, err := access.NewKeys(raw)
	if err != nil {
		return err
	}
	acc := access.NewService(db.Access(), keys, access.DefaultPolicy, nil)
	_, secret, err := acc.CreateToken(ctx, access.SystemActor("bench"), "bench queue desks", access.Grant{Role: access.Staff, Organisation: benchOrganisation})
	if err != nil {
		return err
	}
	lb.auth = "Bearer " + secret
	listenCtx, stopListening := context.WithCancel(ctx)
	defer stopListening()
	ready := make(chan struct{})
	var lost atomic.Int64
	go queues.Listen(listenCtx, func() { close(ready) }, hub.Changed, func(error) { lost.Add(1) })
	select {
	case <-ready:
	case <-time.After(30 * time.Second):
		return errors.New("could not listen for queue changes in 30s")
	}
	srv, err := web.New(web.Config{Version: Version(), MeetingLink: DefaultMeetingLink, RemindBefore: DefaultRemindBefore},
		db.Catalogue(), acc, db.Ping, log, prometheus.NewRegistry(),
		web.WithBookings(db.Appointments()), web.WithQueues(queues, hub))
	if err != nil {
		return err
	}
	api, err := listen(srv.Handler())
	if err != nil {
		return err
	}
	api.http.RegisterOnShutdown(srv.StopStreams)
	defer api.close()
	if err := signInDesks(api.url, lb); err != nil {
		return err
	}
	fmt.Fprintf(out, "\npoint %s: %d queues open 24/7, %d desks signed in to all of them with one API token\n", lb.point, len(lb.queues), len(lb.desks))
	fmt.Fprintf(out, "%d clients, %s per run; %s displays and %s customers following tickets; calls at %g/s, each ended with %s\n",
		o.clients, o.duration, benchdata.Count(o.displays), benchdata.Count(o.followers), o.rate, o.end)

	base, err := runBaseline(ctx, db, o.benchOptions, db.WriteAlone)
	if err != nil {
		return fmt.Errorf("baseline: %w", err)
	}
	// The calls run before (b): (b) leaves thousands of tickets waiting,
	// far more than a lobby holds, and every board reads them all.
	stop, err := startProfile(o.cpuProfile)
	if err != nil {
		return err
	}
	calls, err := runCalls(ctx, o, api, lb)
	stop()
	if err != nil {
		return err
	}
	ticketsProfile := ""
	if o.cpuProfile != "" {
		ticketsProfile = o.cpuProfile + ".tickets"
	}
	if stop, err = startProfile(ticketsProfile); err != nil {
		return err
	}
	tickets := runLoad(ctx, o.benchOptions, api.url, func(c *client) { c.takeTicket(lb) })
	stop()
	if err := ctx.Err(); err != nil {
		return err
	}
	after, err := queues.Board(ctx, lb.point)
	if err != nil {
		return err
	}
	printQueueResults(out, engine, o, base, tickets, calls, waitingOn(after))
	if n := lost.Load(); n > 0 {
		fmt.Fprintf(out, "the listener for queue changes lost its connection %d times\n", n)
	}
	return nil
}

// startProfile starts a CPU profile into file and returns what stops
// it; with no file it does nothing.
func startProfile(file string) (stop func(), err error) {
	if file == "" {
		return func() {}, nil
	}
	f, err := os.Create(file)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// benchOrganisation gives the lobby's services.
const benchOrganisation = "bench-city"

// setUpLobby writes the catalogue of one service point open around the
// clock, with a service per queue, and its queues and desks.
func setUpLobby(ctx context.Context, db *store.DB, queues *store.Queues, o queueBenchOptions) (*lobby, error) {
	text := func(s string) catalogue.Text { return catalogue.Text{Fi: s, Sv: s, En: s} }
	lb := &lobby{point: "bench-lobby"}
	cat := &catalogue.Catalogue{
		Organisations: []catalogue.Organisation{{Slug: benchOrganisation, Kind: catalogue.Municipality, BusinessID: "1234567-1", Name: text("Bench City")}},
		Points: []catalogue.Point{{Slug: lb.point, Kind: catalogue.Joint, Name: text("Bench lobby"),
			Address:      catalogue.Address{Street: text("Benchmarkinkatu 1"), PostalCode: "00100", PostOffice: text("Helsinki")},
			Municipality: catalogue.MunicipalityRef{Code: "091", Name: text("Helsinki")}, TimeZone: "Europe/Helsinki",
			OpeningHours: "24/7", NationalClosuresOff: true}},
	}
	for i := range o.queues {
		svc := fmt.Sprintf("bench-service-%d", i+1)
		cat.Services = append(cat.Services, catalogue.Service{Slug: svc, Organisation: benchOrganisation, Name: text(fmt.Sprintf("Service %d", i+1)),
			Channels: []catalogue.Channel{catalogue.InPerson}, DurationMinutes: 15, Languages: []string{"fi"}})
		cat.Offerings = append(cat.Offerings, catalogue.Offering{Point: lb.point, Service: svc, WalkInHours: "24/7"})
	}
	if err := db.Catalogue().Import(ctx, cat); err != nil {
		return nil, err
	}
	for i := range o.queues {
		slug, prefix := fmt.Sprintf("queue-%d", i+1), string(rune('A'+i))
		if err := queues.PutQueue(ctx, queue.Queue{Point: lb.point, Slug: slug, Prefix: prefix, Name: text("Queue " + prefix),
			Services: []string{cat.Services[i].Slug}}); err != nil {
			return nil, err
		}
		lb.queues = append(lb.queues, slug)
	}
	for i := range o.desks {
		d, err := queues.PutDesk(ctx, queue.Desk{Point: lb.point, Slug: fmt.Sprintf("desk-%d", i+1), Name: fmt.Sprint(i + 1)})
		if err != nil {
			return nil, err
		}
		lb.desks = append(lb.desks, d.ID)
	}
	return lb, nil
}

// signInDesks signs every desk in to every queue through the API, as the
// staff member holding the token.
func signInDesks(base string, lb *lobby) error {
	c := &client{http: &http.Client{Timeout: time.Minute}, base: base, auth: lb.auth, t: &tally{unexpected: map[int]int{}}}
	body, _ := json.Marshal(map[string][]string{"queues": lb.queues})
	for _, d := range lb.desks {
		if status, answer, _ := c.do("POST", fmt.Sprintf("/api/v1/desks/%d/signin", d), body); status != http.StatusOK {
			return fmt.Errorf("sign in to desk %d: %d %s %s", d, status, c.t.firstErr, answer)
		}
	}
	return nil
}

// takeTicket is a customer at the kiosk taking a ticket of a random queue.
func (c *client) takeTicket(lb *lobby) {
	status, body, took := c.do("POST", "/api/v1/points/"+lb.point+"/tickets",
		[]byte(`{"queue":"`+lb.queues[c.rng.IntN(len(lb.queues))]+`","language":"fi"}`))
	switch status {
	case 0:
	case http.StatusCreated:
		c.t.created++
		c.t.posts = append(c.t.posts, took)
	default:
		c.unexpected(status, body)
	}
}

// waitingOn counts the tickets waiting on a board.
func waitingOn(b *queue.Board) int {
	n := 0
	for _, q := range b.Queues {
		n += q.Waiting
	}
	return n
}

// call is one call of a ticket to a desk, as the desk made it.
type call struct {
	number, queue string
	seq           int           // the ticket's number within its queue
	at            time.Duration // just before the request was sent, since the run began
}

// callRun is what the calls measured.
type callRun struct {
	elapsed time.Duration
	t       *tally // the desks' requests: nexts in posts, finishes in writes
	calls   []call
	// toDisplay holds the time from each call to its arrival at each
	// display; toAll each call's slowest display; toFollower the time
	// from a call to the new place of each ticket it moved up.
	toDisplay, toAll, toFollower []time.Duration
	// missed counts the (call, display) and (call, follower) pairs that
	// never arrived.
	missedDisplay, missedFollower int
	// connected is how long the clients took to connect and receive
	// their first message; failed counts those that could not.
	connected          time.Duration
	failed             int
	firstErr           string
	waiting            int
	before, with, peak memory
}

// runCalls fills the queues, connects the displays and followers, makes
// calls at o.rate for o.duration and measures when each reached each.
func runCalls(ctx context.Context, o queueBenchOptions, api *server, lb *lobby) (*callRun, error) {
	run := &callRun{t: &tally{unexpected: map[int]int{}}}
	// Enough waiting tickets for every call of the run and some more at
	// the end, which the followers follow: calls go first come first
	// served across queues, so these are never called and move up one
	// place with each call of their queue. Each call issues one more
	// ticket behind them, as a kiosk would.
	calls := int(math.Ceil(o.rate*o.duration.Seconds())) + 1
	followed := 10 * len(lb.queues)
	stock := calls + calls/5 + followed
	c := &client{http: &http.Client{Timeout: time.Minute}, base: api.url, t: &tally{unexpected: map[int]int{}}}
	var ids []string
	for i := range stock {
		status, body, _ := c.do("POST", "/api/v1/points/"+lb.point+"/tickets", []byte(`{"queue":"`+lb.queues[i%len(lb.queues)]+`"}`))
		if status != http.StatusCreated {
			return nil, fmt.Errorf("take a ticket: %d %s %s", status, c.t.firstErr, body)
		}
		var t struct{ ID string }
		if err := json.Unmarshal(body, &t); err != nil {
			return nil, err
		}
		ids = append(ids, t.ID)
	}
	run.waiting = stock
	ids = ids[len(ids)-followed:]

	run.before = measureMemory(0)
	base := time.Now()
	since := func() time.Duration { return time.Since(base) }
	addr := strings.TrimPrefix(api.url, "http://")
	clients := newStreamClients(since)
	for range o.displays {
		clients.connect(addr, "/api/v1/points/"+lb.point+"/display", &stream{kind: displayStream})
	}
	for i := range o.followers {
		// The stock went round the queues.
		q := lb.queues[(stock-followed+i%len(ids))%len(lb.queues)]
		clients.connect(addr, "/api/v1/tickets/"+ids[i%len(ids)]+"/events", &stream{kind: followerStream, queue: q})
	}
	defer clients.close()
	firstIn := time.Minute + time.Duration(o.displays+o.followers)*time.Millisecond
	if !clients.waitFirst(firstIn) {
		run.failed, run.firstErr = o.displays+o.followers, fmt.Sprintf("not all had their first message in %s", firstIn)
		return run, nil
	}
	run.connected = since()
	if run.failed, run.firstErr = clients.failures(); run.failed > 0 {
		return run, nil
	}
	run.with = measureMemory(o.displays + o.followers)
	if o.memProfile != "" {
		if err := writeHeapProfile(o.memProfile); err != nil {
			return nil, err
		}
	}

	// The desks, each free for a call when not at one.
	tr := &http.Transport{MaxIdleConnsPerHost: len(lb.desks)}
	defer tr.CloseIdleConnections()
	free := make(chan *desk, len(lb.desks))
	for i, id := range lb.desks {
		free <- &desk{client: &client{http: &http.Client{Transport: tr, Timeout: time.Minute}, base: api.url, auth: lb.auth,
			t: &tally{unexpected: map[int]int{}}}, id: id, n: i, end: o.end}
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	start := since()
	tick := time.NewTicker(time.Duration(float64(time.Second) / o.rate))
	for deadline := time.Now().Add(o.duration); time.Now().Before(deadline) && ctx.Err() == nil; <-tick.C {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d := <-free
			defer func() { free <- d }()
			if cl, ok := d.call(lb, since); ok {
				mu.Lock()
				run.calls = append(run.calls, cl)
				mu.Unlock()
			}
		}()
	}
	tick.Stop()
	wg.Wait()
	run.elapsed = since() - start
	close(free)
	for d := range free {
		run.t.add(d.t)
	}
	// Wait until every client has had the last board, or gave up.
	perQueue := map[string]int{}
	for _, cl := range run.calls {
		perQueue[cl.queue]++
	}
	clients.settle(perQueue, 10*time.Second)
	run.peak = measureMemory(o.displays + o.followers)
	clients.close()
	run.measure(clients)
	return run, ctx.Err()
}

// desk is a desk's staff member working it through the API.
type desk struct {
	*client
	id  int64
	n   int
	end string // the action that ends a call: finish or noshow
}

// call is one desk's turn: it calls the next customer, finishes with
// them (or marks them a no-show) at once, and a new customer takes a
// ticket, so that the queues never run dry.
func (c *desk) call(lb *lobby, since func() time.Duration) (call, bool) {
	at := since()
	status, body, took := c.do("POST", fmt.Sprintf("/api/v1/desks/%d/next", c.id), nil)
	if status != http.StatusOK {
		if status != 0 {
			c.unexpected(status, body)
		}
		return call{}, false
	}
	c.t.posts = append(c.t.posts, took)
	var t struct{ Number, Queue string }
	if err := json.Unmarshal(body, &t); err != nil {
		c.fail(err)
		return call{}, false
	}
	seq, err := strconv.Atoi(t.Number[strings.IndexByte(t.Number, '-')+1:])
	if err != nil {
		c.fail(err)
		return call{}, false
	}
	var end []byte
	if c.end == "finish" {
		end = []byte(`{"outcome":"served"}`)
	}
	status, body, took = c.do("POST", fmt.Sprintf("/api/v1/desks/%d/%s", c.id, c.end), end)
	if status == http.StatusOK {
		c.t.writes = append(c.t.writes, took)
	} else if status != 0 {
		c.unexpected(status, body)
	}
	status, body, _ = c.do("POST", "/api/v1/points/"+lb.point+"/tickets", []byte(`{"queue":"`+lb.queues[c.n%len(lb.queues)]+`"}`))
	if status != http.StatusCreated && status != 0 {
		c.unexpected(status, body)
	}
	return call{number: t.Number, queue: t.Queue, seq: seq, at: at}, true
}

// Streams: lobby displays and customers' phones, each one connection
// over loopback read by its own goroutine, as a browser's EventSource.
type streamKind int

const (
	displayStream streamKind = iota
	followerStream
)

// stream is one client of a live stream and what it received.
type stream struct {
	kind  streamKind
	queue string // a follower's ticket's queue
	conn  net.Conn
	// boards are the versions of the boards a display received, each
	// with the time it arrived.
	boards []arrival
	// places are a follower's ticket's positions, each with the time it
	// arrived; last is the latest, read while the run ends.
	places      []arrival
	first, last atomic.Int64
	gotOne      bool
}

// arrival is a board's version, or a ticket's position, and when it
// arrived.
type arrival struct {
	value int64
	at    time.Duration
}

// streamClients are the connected streams.
type streamClients struct {
	since func() time.Duration
	dials chan struct{} // bounds the connections being opened at once
	first sync.WaitGroup
	done  sync.WaitGroup
	// boards keeps the data of each board version, once.
	boards sync.Map

	mu       sync.Mutex
	streams  []*stream
	closing  bool
	failed   int
	firstErr string
}

func newStreamClients(since func() time.Duration) *streamClients {
	return &streamClients{since: since, dials: make(chan struct{}, 64)}
}

// connect opens a stream and reads it in a goroutine of its own.
func (sc *streamClients) connect(addr, path string, s *stream) {
	sc.first.Add(1)
	sc.done.Add(1)
	sc.mu.Lock()
	sc.streams = append(sc.streams, s)
	sc.mu.Unlock()
	sc.dials <- struct{}{}
	go func() {
		defer sc.done.Done()
		body, err := sc.open(addr, path, s)
		<-sc.dials
		if err == nil {
			err = sc.read(s, bufio.NewReaderSize(body, 4096))
		}
		if !s.gotOne {
			sc.first.Done()
		}
		sc.mu.Lock()
		defer sc.mu.Unlock()
		if err != nil && !sc.closing {
			sc.failed++
			if sc.firstErr == "" {
				sc.firstErr = err.Error()
			}
		}
	}()
}

// waitFirst waits until every stream has had its first message, or has
// failed; false if that took longer than timeout.
func (sc *streamClients) waitFirst(timeout time.Duration) bool {
	done := make(chan struct{})
	go func() { sc.first.Wait(); close(done) }()
	select {
	case <-done:
		return true
	case <-time.After(timeout):
		return false
	}
}

// open sends the request and reads the answer's header.
func (sc *streamClients) open(addr, path string, s *stream) (io.Reader, error) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	sc.mu.Lock()
	s.conn = conn
	closing := sc.closing
	sc.mu.Unlock()
	if closing {
		conn.Close()
		return nil, net.ErrClosed
	}
	if _, err := fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nAccept: text/event-stream\r\n\r\n", path, addr); err != nil {
		return nil, err
	}
	// A small buffer: the chunked body is read through the line reader's
	// larger one.
	res, err := http.ReadResponse(bufio.NewReaderSize(conn, 512), nil)
	if err != nil {
		return nil, err
	}
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "text/event-stream" {
		return nil, fmt.Errorf("GET %s: %s, %s", path, res.Status, res.Header.Get("Content-Type"))
	}
	return res.Body, nil
}

// read reads a stream's messages until it ends. A display keeps the
// version of each board and when it arrived, and the board's data the
// first time any display sees that version; a follower its ticket's
// positions as they change.
func (sc *streamClients) read(s *stream, br *bufio.Reader) error {
	id, position := int64(-1), int64(-1)
	for {
		line, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			return errors.New("a line longer than 4 kB")
		}
		if err != nil {
			return err
		}
		switch {
		case bytes.HasPrefix(line, []byte("id: ")):
			if id, err = strconv.ParseInt(string(bytes.TrimSpace(line[4:])), 10, 64); err != nil {
				return err
			}
		case bytes.HasPrefix(line, []byte("data: ")) && s.kind == displayStream:
			if _, ok := sc.boards.Load(id); !ok {
				sc.boards.LoadOrStore(id, bytes.Clone(line[6:]))
			}
		case bytes.HasPrefix(line, []byte("data: ")):
			if position, err = positionIn(line); err != nil {
				return err
			}
		case len(line) == 1 || line[0] == '\r': // the end of a message
			at := sc.since()
			switch {
			case s.kind == displayStream && id >= 0:
				s.boards = append(s.boards, arrival{id, at})
				s.last.Store(id)
			case s.kind == followerStream && position >= 0:
				if n := len(s.places); n == 0 || s.places[n-1].value != position {
					if n == 0 {
						s.first.Store(position)
					}
					s.places = append(s.places, arrival{position, at})
					s.last.Store(position)
				}
			default:
				continue // retry: or a comment
			}
			id, position = -1, -1
			if !s.gotOne {
				s.gotOne = true
				sc.first.Done()
			}
		}
	}
}

// positionIn reads "position" from a ticket event's data.
func positionIn(line []byte) (int64, error) {
	const key = `"position":`
	i := bytes.Index(line, []byte(key))
	if i < 0 {
		return 0, fmt.Errorf("no position in %.200s", line)
	}
	rest := line[i+len(key):]
	j := 0
	for j < len(rest) && rest[j] >= '0' && rest[j] <= '9' {
		j++
	}
	return strconv.ParseInt(string(rest[:j]), 10, 64)
}

// settle waits until every display has the latest board and every
// follower its ticket's place after calls[queue] calls, or until wait
// has passed.
func (sc *streamClients) settle(calls map[string]int, wait time.Duration) {
	latest := int64(-1)
	sc.boards.Range(func(k, _ any) bool { latest = max(latest, k.(int64)); return true })
	deadline := time.Now().Add(wait)
	for time.Now().Before(deadline) {
		// The board version moves on after the last call's finish and
		// ticket too; give those a moment to reach the first display.
		time.Sleep(100 * time.Millisecond)
		sc.boards.Range(func(k, _ any) bool { latest = max(latest, k.(int64)); return true })
		all := true
		for _, s := range sc.streams {
			switch s.kind {
			case displayStream:
				all = all && s.last.Load() >= latest
			case followerStream:
				all = all && s.last.Load() <= s.first.Load()-int64(calls[s.queue])
			}
		}
		if all {
			return
		}
	}
}

// close hangs up every stream and waits for their readers.
func (sc *streamClients) close() {
	sc.mu.Lock()
	if sc.closing {
		sc.mu.Unlock()
		return
	}
	sc.closing = true
	for _, s := range sc.streams {
		if s.conn != nil {
			s.conn.Close()
		}
	}
	sc.mu.Unlock()
	sc.done.Wait()
}

func (sc *streamClients) failures() (int, string) {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	return sc.failed, sc.firstErr
}

// measure matches the calls with the boards and places that showed them:
// a call reached a display with the first board that listed it, and a
// follower with the first place at least as far up as the calls of its
// queue so far should have moved it.
func (run *callRun) measure(sc *streamClients) {
	index := map[string]int{}
	for i, c := range run.calls {
		index[c.number] = i
	}
	// Which calls each board lists, read once per version.
	listed := map[int64][]int{}
	sc.boards.Range(func(k, v any) bool {
		var b struct{ Calls []struct{ Number string } }
		if json.Unmarshal(v.([]byte), &b) == nil {
			for _, c := range b.Calls {
				if i, ok := index[c.Number]; ok {
					listed[k.(int64)] = append(listed[k.(int64)], i)
				}
			}
		}
		return true
	})
	slowest := make([]time.Duration, len(run.calls))
	reached := make([]int, len(run.calls))
	displays := 0
	seen := make([]bool, len(run.calls))
	// Each queue's calls in the order they took their tickets.
	byQueue := map[string][]call{}
	for _, c := range run.calls {
		byQueue[c.queue] = append(byQueue[c.queue], c)
	}
	for _, list := range byQueue {
		slices.SortFunc(list, func(a, b call) int { return a.seq - b.seq })
	}
	for _, s := range sc.streams {
		switch s.kind {
		case displayStream:
			displays++
			clear(seen)
			for _, a := range s.boards {
				for _, i := range listed[a.value] {
					if !seen[i] {
						seen[i] = true
						took := a.at - run.calls[i].at
						run.toDisplay = append(run.toDisplay, took)
						slowest[i] = max(slowest[i], took)
						reached[i]++
					}
				}
			}
		case followerStream:
			if len(s.places) == 0 {
				continue
			}
			list, from, j := byQueue[s.queue], s.places[0].value, 0
			for k, c := range list {
				for j < len(s.places) && s.places[j].value > from-int64(k+1) {
					j++
				}
				if j == len(s.places) {
					run.missedFollower += len(list) - k
					break
				}
				run.toFollower = append(run.toFollower, s.places[j].at-c.at)
			}
		}
	}
	for i := range run.calls {
		run.missedDisplay += displays - reached[i]
		if reached[i] == displays {
			run.toAll = append(run.toAll, slowest[i])
		}
	}
}

// memory is how much the process holds.
type memory struct {
	heap, stacks, sys, rss, hwm uint64
	goroutines, clients         int
}

// measureMemory reads the process's memory after a garbage collection,
// with clients streams of the benchmark's open.
func measureMemory(clients int) memory {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	rss, hwm := procStatus("VmRSS:"), procStatus("VmHWM:")
	return memory{heap: m.HeapInuse, stacks: m.StackInuse, sys: m.Sys, rss: rss, hwm: hwm, goroutines: runtime.NumGoroutine(), clients: clients}
}

func writeHeapProfile(file string) error {
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// procStatus reads a size in bytes from /proc/self/status (Linux); 0
// where there is none.
func procStatus(field string) uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(b)) {
		if rest, ok := strings.CutPrefix(line, field); ok {
			f := strings.Fields(rest)
			if kb, err := strconv.ParseUint(f[0], 10, 64); err == nil && len(f) == 2 && f[1] == "kB" {
				return kb << 10
			}
		}
	}
	return 0
}

func mb(n uint64) string { return fmt.Sprintf("%.1f MB", float64(n)/(1<<20)) }

func (m memory) String() string {
	s := fmt.Sprintf("heap in use %s, stacks %s, from the system (Sys) %s", mb(m.heap), mb(m.stacks), mb(m.sys))
	if m.rss > 0 {
		s += ", resident (VmRSS) " + mb(m.rss)
	}
	return s + fmt.Sprintf("; %s goroutines", benchdata.Count(m.goroutines))
}

// printQueueResults prints the table of figures and the bars.
func printQueueResults(out io.Writer, engine string, o queueBenchOptions, base, tickets *tally, run *callRun, waiting int) {
	perSecond := func(n int, t *tally) float64 { return float64(n) / t.elapsed.Seconds() }
	if run.failed > 0 {
		fmt.Fprintf(out, "\n%d of %s clients could not follow the point; first: %s\n", run.failed, benchdata.Count(o.displays+o.followers), run.firstErr)
	}
	tableHead(out)
	tableRow(out, "(a) baseline: one write per HTTP request", base.created, base.elapsed, base.writes)
	tableRow(out, "(b) tickets issued (201; latency of the POST)", tickets.created, tickets.elapsed, tickets.posts)
	tableRow(out, "(c) calls (latency of POST next)", len(run.t.posts), run.elapsed, run.t.posts)
	ended := "    finishes (latency of POST finish)"
	if o.end == "noshow" {
		ended = "    no-shows (latency of POST noshow)"
	}
	tableRow(out, ended, len(run.t.writes), run.elapsed, run.t.writes)
	tableRow(out, "    call → a display (every pair)", len(run.toDisplay), run.elapsed, run.toDisplay)
	tableRow(out, "    call → all displays (each call's slowest)", len(run.toAll), run.elapsed, run.toAll)
	if o.followers > 0 {
		tableRow(out, "    call → a follower's new place", len(run.toFollower), run.elapsed, run.toFollower)
		if o.end == "finish" {
			fmt.Fprintln(out, "note: served in milliseconds, every estimated wait is a minute or less, and few boards move a follower;\n"+
				"      in a lobby most do: --end noshow keeps the waits of an 8-minute service")
		}
	}
	if run.missedDisplay > 0 || run.missedFollower > 0 {
		fmt.Fprintf(out, "never arrived: %s (call, display) pairs, %s (call, follower) pairs\n",
			benchdata.Count(run.missedDisplay), benchdata.Count(run.missedFollower))
	}
	for _, t := range []*tally{base, tickets, run.t} {
		if t.failed > 0 || len(t.unexpected) > 0 {
			fmt.Fprintf(out, "unexpected answers %v, failed requests %d; first: %s\n", t.unexpected, t.failed, t.firstErr)
		}
	}
	fmt.Fprintf(out, "\n%s clients connected, each with its first message, in %.1fs; %s tickets waiting during (c), %s after (b)\n",
		benchdata.Count(o.displays+o.followers), run.connected.Seconds(), benchdata.Count(run.waiting), benchdata.Count(waiting))
	fmt.Fprintf(out, "memory before the clients:   %s\n", run.before)
	fmt.Fprintf(out, "memory with them connected:  %s\n", run.with)
	fmt.Fprintf(out, "memory at the end of (c):    %s", run.peak)
	if run.peak.hwm > 0 {
		fmt.Fprintf(out, "; peak resident (VmHWM) %s", mb(run.peak.hwm))
	}
	n := o.displays + o.followers
	fmt.Fprintf(out, "\n(both ends of every connection are in this process: %s of the goroutines are the clients' readers)\n", benchdata.Count(n))

	ratio := 0.0
	if base.created > 0 {
		ratio = perSecond(tickets.created, tickets) / perSecond(base.created, base)
	}
	fmt.Fprintf(out, "\n%s: tickets (b)/(a) = %.2f\n", engine, ratio)
	slices.Sort(run.toAll)
	p99 := percentile(run.toAll, 99)
	ok := len(run.toAll) > 0 && run.missedDisplay == 0 && run.failed == 0
	v := verdictAt(ok && p99 < barDisplaysP99, o.displays, barDisplays, "displays")
	if o.followers > 0 {
		v = "(with the followers too: the bar is for displays alone)"
	}
	fmt.Fprintf(out, "%s: queue: call → all %s displays p99 = %.1f ms (bar < %d ms for %s) %s\n", engine, benchdata.Count(o.displays),
		float64(p99)/float64(time.Millisecond), barDisplaysP99/time.Millisecond, benchdata.Count(barDisplays), v)
	if o.followers > 0 {
		every := slices.Concat(run.toDisplay, run.toFollower)
		slices.Sort(every)
		p99 := percentile(every, 99)
		ok := ok && run.missedFollower == 0 && p99 < barClientsP99 && run.peak.rss < barClientsBytes && run.with.rss < barClientsBytes
		fmt.Fprintf(out, "%s: queue: call → %s clients p99 = %.1f ms, resident %s (bar < %d ms and < %d MB for %s) %s\n", engine,
			benchdata.Count(n), float64(p99)/float64(time.Millisecond), mb(max(run.with.rss, run.peak.rss)),
			barClientsP99/time.Millisecond, barClientsBytes>>20, benchdata.Count(barClients), verdictAt(ok, n, barClients, "clients"))
	}
}

// verdictAt is the verdict of a bar set for want clients, measured with
// got: no verdict with fewer.
func verdictAt(ok bool, got, want int, what string) string {
	if got < want {
		return fmt.Sprintf("(%s %s: too few for a verdict)", benchdata.Count(got), what)
	}
	return verdict(ok)
}
