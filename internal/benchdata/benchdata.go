// Package benchdata generates a national-scale data set for benchmarks:
// a service network of Kela, wellbeing services counties, employment
// areas and municipalities with hundreds of points in real Finnish
// municipalities, thousands of staff with weekly schedules, and a million
// existing appointments around today, laid out so that nothing overlaps.
//
// The catalogue and the schedules go in through the store's own import
// and schedule API, so they are checked like any other; the appointments
// go in by bulk SQL, because a million bookings through the booking path
// would take hours. The layout keeps the invariants the booking path
// keeps: every staff member's and every room's active reservations are
// apart (PostgreSQL's exclusion constraints check that as the rows go
// in), appointments lie in their staff's working hours at the point, on
// the 15-minute grid, with the buffer after each in the staff's
// reservation.
//
// The same seed and the same day give the same data set.
package benchdata

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/onestop-fi/onestop/internal/store"
)

// Config is the size of a data set.
type Config struct {
	// Points is the number of service points, remote ones included.
	Points int
	// Staff is the number of staff members.
	Staff int
	// Appointments is the number of existing appointments.
	Appointments int
	// Seed chooses the data set; the same seed gives the same one.
	Seed uint64
	// Now is the moment the data set is laid around.
	Now time.Time
}

// Result tells what Generate wrote.
type Result struct {
	Organisations, Services, Points, RemotePoints, Offerings int
	Staff, Rooms, Schedules                                  int
	Appointments, Past, Future, Cancelled, Reservations      int
	// Targets are the offerings customers can book, each with staff.
	Targets []Target
}

// Generate writes a data set of the configured size into db, which must
// be freshly migrated and empty, and reports its progress to w.
func Generate(ctx context.Context, db *store.DB, cfg Config, w io.Writer) (*Result, error) {
	if cfg.Now.IsZero() {
		cfg.Now = time.Now()
	}
	start := time.Now()
	net, err := buildNetwork(cfg.Points, cfg.Staff, cfg.Seed)
	if err != nil {
		return nil, err
	}
	cat := net.cat
	res := &Result{Organisations: len(cat.Organisations), Services: len(cat.Services), Points: len(cat.Points),
		Offerings: len(cat.Offerings), Staff: len(cat.Staff), Rooms: len(cat.Resources), Schedules: len(net.schedules),
		Targets: net.targets}
	for _, r := range net.remote {
		if r {
			res.RemotePoints++
		}
	}
	if err := db.Catalogue().Import(ctx, cat); err != nil {
		return nil, fmt.Errorf("import the catalogue: %w", err)
	}
	fmt.Fprintf(w, "catalogue   %s organisations, %s points (%s remote), %s services, %s offerings, %s staff, %s rooms  %s\n",
		Count(res.Organisations), Count(res.Points), Count(res.RemotePoints), Count(res.Services), Count(res.Offerings),
		Count(res.Staff), Count(res.Rooms), since(start))

	start = time.Now()
	if err := db.Appointments().AddSchedules(ctx, net.schedules); err != nil {
		return nil, fmt.Errorf("add schedules: %w", err)
	}
	fmt.Fprintf(w, "schedules   %s weekly schedules of %s staff  %s\n", Count(res.Schedules), Count(res.Staff), since(start))

	start = time.Now()
	l, err := newLayout(net, cfg.Now, cfg.Seed)
	if err != nil {
		return nil, err
	}
	capPast, capFuture := l.capacity()
	past, future, err := split(cfg.Appointments, capPast, capFuture)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(w, "layout      room for %s appointments in the past %d weeks and %s in the next %d; filling %.0f%% and %.0f%%  %s\n",
		Count(capPast), weeksAround, Count(capFuture), weeksAround,
		100*float64(past)/float64(max(1, capPast)), 100*float64(future)/float64(max(1, capFuture)), since(start))

	start = time.Now()
	wr, err := newWriter(ctx, db, net)
	if err != nil {
		return nil, err
	}
	if err := wr.run(ctx, l, capPast, capFuture, past, future, func(done int) {
		fmt.Fprintf(w, "            %s appointments  %s\n", Count(done), since(start))
	}); err != nil {
		return nil, err
	}
	res.Appointments, res.Past, res.Future, res.Cancelled, res.Reservations = wr.appointments, past, future, wr.cancelled, wr.reservations
	if err := wr.finish(ctx); err != nil {
		return nil, err
	}
	fmt.Fprintf(w, "appointments %s (%s past, %s future, %s cancelled) with %s reservations  %s\n",
		Count(res.Appointments), Count(res.Past), Count(res.Future), Count(res.Cancelled), Count(res.Reservations), since(start))
	return res, nil
}

// Targets lists the bookable offerings of the data set Generate writes
// for points, staff and seed, without writing anything: for a benchmark
// run on a database generated before.
func Targets(points, staff int, seed uint64) ([]Target, error) {
	net, err := buildNetwork(points, staff, seed)
	if err != nil {
		return nil, err
	}
	return net.targets, nil
}

// since formats the time since start for progress lines.
func since(start time.Time) string {
	return fmt.Sprintf("(%.1fs)", time.Since(start).Seconds())
}

// Count formats n with its thousands grouped: 1,000,000.
func Count(n int) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + Count(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
