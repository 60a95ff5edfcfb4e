package booking

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/onestop-fi/onestop/internal/catalogue"
	"github.com/onestop-fi/onestop/internal/errs"
	"github.com/onestop-fi/onestop/internal/hours"
)

// Rules every search and booking follows. A service may ask for more
// notice or a shorter horizon (catalogue.Service.MinNoticeMinutes and
// HorizonDays).
const (
	// MinNotice is how far ahead the earliest bookable start is.
	MinNotice = 2 * time.Hour
	// Horizon is how far ahead appointments can be booked.
	Horizon = 8 * 7 * 24 * time.Hour
	// Buffer is kept free in each participant's calendar after an
	// appointment.
	Buffer = 10 * time.Minute
	// MaxSpan is the longest a reservation lasts, its buffer included.
	// The schema refuses longer ones, and reservation lookups rely on it:
	// what overlaps [from, to) started after from - MaxSpan.
	MaxSpan = 24 * time.Hour
	// Step spaces start times.
	Step = 15 * time.Minute
)

// Person is a staff member as a search sees them: where and when they
// work there, their absences and what they have booked.
type Person struct {
	Slug     string
	Hours    []string
	Absences []Absence
	// Busy are their active reservations, buffers included.
	Busy []hours.Interval
}

// Room is a room as a search sees it.
type Room struct {
	Slug     string
	Capacity int
	Busy     []hours.Interval
}

// Calendar is what a search reads from the store.
type Calendar interface {
	// Staffing lists, per service, the staff members qualified for it
	// who work at point ("" for remote work), with their reservations
	// overlapping [from, to).
	Staffing(ctx context.Context, point string, services []string, from, to time.Time) (map[string][]Person, error)
	// Interpreters lists the interpreters of a language who work at
	// point ("" for remote work).
	Interpreters(ctx context.Context, point, language string, from, to time.Time) ([]Person, error)
	// Rooms lists the staff-bookable advisory and meeting rooms of a
	// point with their reservations.
	Rooms(ctx context.Context, point string, from, to time.Time) ([]Room, error)
}

// Narrower is a Calendar that can leave out everyone and every room
// but those of one slot. Checking that a slot is still offered needs
// nothing else, and a point's whole staff is many more reads.
type Narrower interface {
	// Only is the calendar of sl's staff (each for the service sl gives
	// them), its interpreter and its room.
	Only(sl Slot) Calendar
}

// Query is a slot search.
type Query struct {
	Services    []string
	Point       string
	Channel     Channel
	Interpreter string // a language code, or ""
	From, To    time.Time
	Now         time.Time
	Limit       int
}

// Search finds free slots for q at one point: the point's and the
// offerings' appointment hours (holidays and exceptions included), the
// staff, the interpreter and a room.
func Search(ctx context.Context, cat catalogue.Store, cal Calendar, q Query) ([]Slot, error) {
	// A search only reads: all its reads may see one catalogue version.
	ctx = catalogue.WithSnapshot(ctx)
	if len(q.Services) == 0 {
		return nil, errs.Param("service", "Name at least one service.")
	}
	if q.Channel == "" {
		q.Channel = InPerson
	}
	if !slices.Contains(Channels, q.Channel) {
		return nil, errs.Param("channel", "The channel %q is not one of in_person, video, phone.", q.Channel)
	}
	pd, err := cat.Point(ctx, q.Point)
	if err != nil {
		return nil, err
	}
	if (q.Channel == InPerson) == (pd.Kind == catalogue.Remote) {
		return nil, errs.Param("channel", "Point %q does not serve %s appointments.", q.Point, q.Channel)
	}
	loc, err := hours.Zone(pd.TimeZone)
	if err != nil {
		return nil, fmt.Errorf("point %s: zone %q: %w", pd.Slug, pd.TimeZone, err)
	}
	// Each service may ask for more notice or a shorter horizon; a
	// joint visit keeps to the strictest of them.
	var notice, horizon time.Duration
	var duration time.Duration
	for _, s := range q.Services {
		svc, err := cat.Service(ctx, s)
		if errs.Is(err, errs.NotFound) {
			return nil, errs.Param("service", "There is no service %q.", s)
		}
		if err != nil {
			return nil, err
		}
		if !slices.Contains(svc.Channels, catalogue.Channel(q.Channel)) {
			return nil, errs.Param("channel", "%s is not given by %s.", svc.Name.En, strings.ReplaceAll(string(q.Channel), "_", " "))
		}
		duration = max(duration, time.Duration(svc.DurationMinutes)*time.Minute)
		n, h := MinNotice, Horizon
		if svc.MinNoticeMinutes > 0 {
			n = time.Duration(svc.MinNoticeMinutes) * time.Minute
		}
		if svc.HorizonDays > 0 {
			h = time.Duration(svc.HorizonDays) * 24 * time.Hour
		}
		notice = max(notice, n)
		if horizon == 0 || h < horizon {
			horizon = h
		}
	}
	from, to := q.From, q.To
	if earliest := q.Now.Add(notice); from.Before(earliest) {
		from = earliest
	}
	if latest := q.Now.Add(horizon); to.After(latest) {
		to = latest
	}
	if to.Before(from) {
		return []Slot{}, nil
	}
	limit := q.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	// Most searches want the first few free times, which are usually in
	// the first days: search two days, then widen, so that a large pool
	// of staff does not load weeks of reservations for ten slots.
	//
	// Within those, a window ends sooner when the point is open long
	// enough before: at first for the open time in which limit starts
	// could fit twice over, then for twice as much each time (see
	// openFor). Reservations are most of what a search reads, and they
	// are read for a window's whole width: when the first days are fully
	// booked, this reads about twice the days it must, not up to eight
	// times as many.
	var out []Slot
	width := 2 * 24 * time.Hour
	until := from.Add(width)
	need := time.Duration(limit)*Step*2 + duration
	for cur := from; !cur.After(to); {
		end := until
		if end.After(to) {
			end = to
		}
		got, reached, err := searchWindow(ctx, cat, cal, q, pd, loc, duration, cur, end, limit-len(out), need)
		if err != nil {
			return nil, err
		}
		out = append(out, got...)
		if len(out) >= limit || !reached.Before(to) {
			break
		}
		// Start times on the grid after reached, which was in this
		// window. The next window asks for twice the open time, within
		// what is left of the nominal window.
		cur, need = reached.Add(time.Second), 2*need
		if !reached.Before(until) {
			width *= 4
			until = until.Add(width)
		}
	}
	if out == nil {
		out = []Slot{}
	}
	return out, nil
}

// Offered reports whether sl is still a slot that a search offers, with
// the same people and room: on the grid, within the notice and the
// horizon, in the hours of the point and of each offering, and with its
// staff qualified, scheduled and free, its interpreter one of the
// language, and its room free. interpreter is the language asked for
// (sl.Interpreter's). The reservations decide conflicts when a slot is
// written; this keeps clients from writing slots the rules never
// offered. A Narrower calendar is read for sl's people and room only.
func Offered(ctx context.Context, cat catalogue.Store, cal Calendar, sl Slot, interpreter string, now time.Time) (bool, error) {
	q := Query{Services: sl.Services, Point: sl.Point, Channel: sl.Channel, Interpreter: interpreter, From: sl.Start, To: sl.Start, Now: now, Limit: 1}
	var found []Slot
	var err error
	if n, ok := cal.(Narrower); ok {
		found, err = Search(ctx, cat, n.Only(sl), q)
		if errs.Is(err, errs.Invalid) {
			// Narrowed, "no interpreter of the language works here" may
			// only mean that sl's is not one: ask the whole calendar,
			// whose answer is the right one.
			found, err = Search(ctx, cat, cal, q)
		}
	} else {
		found, err = Search(ctx, cat, cal, q)
	}
	if err != nil {
		return false, err
	}
	for _, f := range found {
		if f.Start.Equal(sl.Start) && f.End.Equal(sl.End) && f.Point == sl.Point && f.Channel == sl.Channel &&
			f.Room == sl.Room && f.Interpreter == sl.Interpreter && slices.Equal(f.Services, sl.Services) && slices.Equal(f.Staff, sl.Staff) {
			return true, nil
		}
	}
	return false, nil
}

// searchWindow finds up to limit slots starting in [from, to] at point
// pd, and returns the last start it searched: to, or earlier when the
// open time from from reaches need before to.
func searchWindow(ctx context.Context, cat catalogue.Store, cal Calendar, q Query, pd catalogue.PointDetail, loc *time.Location,
	duration time.Duration, from, to time.Time, limit int, need time.Duration) ([]Slot, time.Time, error) {
	exc, err := cat.Exceptions(ctx, pd.Slug, from.In(loc).Format(time.DateOnly), to.Add(24*time.Hour).In(loc).Format(time.DateOnly))
	if err != nil {
		return nil, to, err
	}
	// The timeline of the asked offerings only: a point's other
	// offerings would be evaluated for nothing.
	asked := pd
	asked.Offerings = make([]catalogue.OfferingDetail, 0, len(q.Services))
	for _, o := range pd.Offerings {
		if slices.Contains(q.Services, o.Service) {
			asked.Offerings = append(asked.Offerings, o)
		}
	}
	tl, err := catalogue.BuildTimeline(asked, exc, from.Add(-24*time.Hour), to.Add(duration+Buffer))
	if err != nil {
		return nil, to, err
	}
	open := tl.Point
	for _, s := range q.Services {
		i := slices.IndexFunc(tl.Offerings, func(o catalogue.OfferingTimeline) bool { return o.Service == s })
		if i < 0 {
			return nil, to, errs.Param("service", "The service %q is not given at %q.", s, pd.Slug)
		}
		open = hours.Intersect(open, tl.Offerings[i].Appointment)
	}
	if need > 0 {
		to = openFor(open, from, to, need)
	}
	window := to.Add(duration + Buffer)
	schedulePoint := pd.Slug
	if pd.Kind == catalogue.Remote {
		schedulePoint = ""
	}
	staffing, err := cal.Staffing(ctx, schedulePoint, q.Services, from, window)
	if err != nil {
		return nil, to, err
	}
	p := Problem{Point: pd.Slug, Channel: q.Channel, Open: open, Duration: duration, Step: Step,
		From: from.In(loc), To: to.In(loc), Limit: limit}
	for _, s := range q.Services {
		p.Needs = append(p.Needs, Need{Service: s, Staff: candidates(staffing[s], loc, from, window)})
	}
	if q.Interpreter != "" {
		ps, err := cal.Interpreters(ctx, schedulePoint, q.Interpreter, from, window)
		if err != nil {
			return nil, to, err
		}
		if len(ps) == 0 {
			return nil, to, errs.Param("interpreter", "No interpreter of the language %q works here.", q.Interpreter)
		}
		p.Interpreters = candidates(ps, loc, from, window)
	}
	if q.Channel == InPerson {
		rooms, err := cal.Rooms(ctx, pd.Slug, from, window)
		if err != nil {
			return nil, to, err
		}
		p.Rooms = []Candidate{}
		for _, r := range rooms {
			p.Rooms = append(p.Rooms, Candidate{Slug: r.Slug, Available: open, Busy: r.Busy})
		}
	}
	return FindSlots(p), to, nil
}

// openFor returns where a search window may end: the instant at which
// the open intervals from from have added up to need, or to if they do
// not before it. A start later than that is looked for only if the
// window gives too few.
func openFor(open []hours.Interval, from, to time.Time, need time.Duration) time.Time {
	var sum time.Duration
	for _, iv := range open {
		if iv.Unknown || !iv.End.After(from) {
			continue
		}
		start := iv.Start
		if start.Before(from) {
			start = from
		}
		if !start.Before(to) {
			break
		}
		if sum+iv.End.Sub(start) >= need {
			if end := start.Add(need - sum); end.Before(to) {
				return end
			}
			return to
		}
		sum += iv.End.Sub(start)
	}
	return to
}

// candidates turns people into search candidates: their schedules minus
// absences as Available, and their reservations widened by the buffer
// before them as Busy, so that a new appointment plus its own buffer
// ends before the next one begins.
func candidates(people []Person, loc *time.Location, from, to time.Time) []Candidate {
	out := make([]Candidate, 0, len(people))
	for _, p := range people {
		var avail []hours.Interval
		for _, h := range p.Hours {
			rules, err := hours.ParseShared(withAbsences(h, p.Absences, from, to))
			if err != nil {
				continue // stored schedules are checked on the way in
			}
			avail = hours.Union(avail, rules.Intervals(from.Add(-24*time.Hour), to, loc))
		}
		busy := make([]hours.Interval, len(p.Busy))
		for i, b := range p.Busy {
			busy[i] = hours.Interval{Start: b.Start.Add(-Buffer), End: b.End}
		}
		out = append(out, Candidate{Slug: p.Slug, Available: avail, Busy: busy})
	}
	return out
}

// withAbsences appends a dated "off" rule for each day of each absence
// inside [from, to], so that the evaluator's own override rules take
// the days out.
func withAbsences(h string, abs []Absence, from, to time.Time) string {
	for _, a := range abs {
		f, err1 := time.Parse(time.DateOnly, a.FirstDay)
		l, err2 := time.Parse(time.DateOnly, a.LastDay)
		if err1 != nil || err2 != nil {
			continue
		}
		first, last := from.AddDate(0, 0, -1), to.AddDate(0, 0, 1)
		for d := f; !d.After(l); d = d.AddDate(0, 0, 1) {
			if d.Before(first) || d.After(last) {
				continue
			}
			h += "; " + hours.DateOf(d).Rule("off")
		}
	}
	return h
}

// SearchArea finds the earliest free slots for q at every point of a
// municipality that gives all of q's services by appointment (in person;
// remote channels are booked at remote points, which have no
// municipality). Points are searched side by side and the results merged
// by time.
func SearchArea(ctx context.Context, cat catalogue.Store, cal Calendar, municipality string, q Query) ([]Slot, error) {
	ctx = catalogue.WithSnapshot(ctx)
	if len(q.Services) == 0 {
		return nil, errs.Param("service", "Name at least one service.")
	}
	if q.Channel != "" && q.Channel != InPerson {
		return nil, errs.Param("channel", "Search a municipality for in-person visits; video and phone times are at remote points.")
	}
	for _, sv := range q.Services {
		if _, err := cat.Service(ctx, sv); errs.Is(err, errs.NotFound) {
			return nil, errs.Param("service", "There is no service %q.", sv)
		} else if err != nil {
			return nil, err
		}
	}
	var points []string
	after := ""
	for {
		list, next, err := cat.Points(ctx, catalogue.PointFilter{Municipality: municipality, Service: q.Services[0],
			Page: catalogue.Page{Limit: catalogue.MaxLimit, After: after}})
		if err != nil {
			return nil, err
		}
		for _, p := range list {
			if p.Kind != catalogue.Remote {
				points = append(points, p.Slug)
			}
		}
		if next == "" {
			break
		}
		after = next
	}
	if len(points) == 0 {
		return nil, errs.Param("municipality", "No service point in %q gives that service by appointment.", municipality)
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 20
	}
	type result struct {
		slots []Slot
		err   error
	}
	results := make([]result, len(points))
	// A few searches at a time: each reads the database.
	sem := make(chan struct{}, 4)
	var wg sync.WaitGroup
	for i, p := range points {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			pq := q
			pq.Point, pq.Limit = p, limit
			slots, err := Search(ctx, cat, cal, pq)
			if errs.Is(err, errs.Invalid) {
				// The point does not give every service by appointment,
				// or no interpreter of the language works there.
				err, slots = nil, nil
			}
			results[i] = result{slots, err}
		}()
	}
	wg.Wait()
	var all []Slot
	for _, r := range results {
		if r.err != nil {
			return nil, r.err
		}
		all = append(all, r.slots...)
	}
	slices.SortStableFunc(all, func(a, b Slot) int { return a.Start.Compare(b.Start) })
	if len(all) > limit {
		all = all[:limit]
	}
	if all == nil {
		all = []Slot{}
	}
	return all, nil
}
