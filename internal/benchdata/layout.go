package benchdata

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/onestop-fi/onestop/internal/booking"
	"github.com/onestop-fi/onestop/internal/hours"
)

// Existing appointments lie in the eight weeks before today and the
// eight weeks from today on. Most are in the past; the future is filled
// less, so that there is free time left to book.
const (
	weeksAround = 8
	// pastShare of the appointments are in the past, as long as that
	// fills at most maxPastFill of the past's room for them.
	pastShare   = 0.7
	maxPastFill = 0.9
	// maxFutureFill of the future's room may be taken; a data set asked
	// to hold more appointments than that is refused.
	maxFutureFill = 0.6
	// cancelledShare of the appointments are cancelled: their
	// reservations no longer hold the time.
	cancelledShare = 0.03
)

// appt is one laid-out appointment, by index into the network.
type appt struct {
	start, end int64 // Unix seconds
	staff      int
	service    int
	point      int
	room       int // -1 for none
	channel    booking.Channel
	cancelled  bool
}

// shift is a stretch of one staff member's working day at one place.
type shift struct {
	staff, point int
	start, end   int64
}

// layout places appointments in the staff's working hours so that
// nothing overlaps: each staff member's appointments follow one another
// with the buffer between them, on the 15-minute grid, and an in-person
// appointment takes a room of the point that is free, or does not
// happen (the adviser serves walk-in customers instead).
type layout struct {
	net  *network
	seed uint64
	now  int64
	// days[i] are the shifts of the i-th day, by staff and start.
	days [][]shift
	// at[{staff, point}] are the services the staff member gives there.
	at map[[2]int][]int
}

func newLayout(net *network, now time.Time, seed uint64) (*layout, error) {
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return nil, err
	}
	today := hours.DateOf(now.In(loc))
	first := today.AddDays(-7 * weeksAround)
	ndays := 2 * 7 * weeksAround
	from := time.Date(first.Year, first.Month, first.Day, 0, 0, 0, 0, loc)
	to := from.AddDate(0, 0, ndays)
	l := &layout{net: net, seed: seed, now: now.Unix(), days: make([][]shift, ndays), at: map[[2]int][]int{}}

	// Public service points close on Christmas Eve and Midsummer Eve,
	// which PH in the schedules does not cover.
	closed := map[hours.Date]bool{}
	for y := from.Year(); y <= to.Year(); y++ {
		for _, h := range hours.NationalClosures(y) {
			closed[h.Date] = true
		}
	}
	parsed := map[string]*hours.Rules{}
	for s, work := range net.work {
		for _, w := range work {
			rules := parsed[w.hours]
			if rules == nil {
				if rules, err = hours.Parse(w.hours); err != nil {
					return nil, fmt.Errorf("schedule %q: %w", w.hours, err)
				}
				parsed[w.hours] = rules
			}
			for _, iv := range rules.Intervals(from, to, loc) {
				d := hours.DateOf(iv.Start.In(loc))
				if iv.Unknown || closed[d] {
					continue
				}
				i := daysBetween(first, d)
				l.days[i] = append(l.days[i], shift{staff: s, point: w.point, start: iv.Start.Unix(), end: iv.End.Unix()})
			}
			k := [2]int{s, w.point}
			if _, ok := l.at[k]; !ok {
				for _, sv := range net.staffServices[s] {
					if slices.Contains(net.offered[w.point], sv) {
						l.at[k] = append(l.at[k], sv)
					}
				}
			}
		}
	}
	for _, d := range l.days {
		slices.SortFunc(d, func(a, b shift) int {
			if a.staff != b.staff {
				return a.staff - b.staff
			}
			return int(a.start - b.start)
		})
	}
	return l, nil
}

// daysBetween counts the days from a to b.
func daysBetween(a, b hours.Date) int {
	utc := func(d hours.Date) time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }
	return int(utc(b).Sub(utc(a)) / (24 * time.Hour))
}

// step is the booking grid in seconds; the zone's offsets are whole
// hours, so the grid of Unix time is the grid of the wall clock.
const step = int64(booking.Step / time.Second)

func ceilStep(t int64) int64 { return (t + step - 1) / step * step }

// day lays out every appointment that fits on day i, the same on every
// call: the random choices come from a source seeded by the day.
func (l *layout) day(i int) []appt {
	rng := rand.New(rand.NewPCG(l.seed, uint64(i)+100))
	net := l.net
	buffer := int64(booking.Buffer / time.Second)
	var out []appt
	byPoint := map[int][]appt{}
	last, cursor := -1, int64(0)
	for _, sh := range l.days[i] {
		if sh.staff != last {
			last, cursor = sh.staff, 0
		}
		services := l.at[[2]int{sh.staff, sh.point}]
		if len(services) == 0 {
			continue
		}
		for t := ceilStep(max(sh.start, cursor)); ; {
			sv := services[rng.IntN(len(services))]
			end := t + int64(net.duration[sv])*60
			if end > sh.end {
				break
			}
			a := appt{start: t, end: end, staff: sh.staff, service: sv, point: sh.point, room: -1, channel: booking.InPerson}
			cursor = end + buffer
			t = ceilStep(cursor)
			if net.remote[sh.point] {
				a.channel = booking.Video
				if rng.IntN(2) == 0 {
					a.channel = booking.Phone
				}
				out = append(out, a)
				continue
			}
			byPoint[sh.point] = append(byPoint[sh.point], a)
		}
	}
	// Rooms, point by point in a fixed order: the first free room from a
	// random one on, or none and no appointment.
	points := make([]int, 0, len(byPoint))
	for p := range byPoint {
		points = append(points, p)
	}
	slices.Sort(points)
	for _, p := range points {
		list := byPoint[p]
		slices.SortStableFunc(list, func(a, b appt) int { return int(a.start - b.start) })
		rooms := net.rooms[p]
		free := make([]int64, len(rooms)) // when each room is free again
		for _, a := range list {
			off := rng.IntN(len(rooms))
			for j := range rooms {
				r := (off + j) % len(rooms)
				if free[r] <= a.start {
					free[r] = a.end
					a.room = rooms[r]
					out = append(out, a)
					break
				}
			}
		}
	}
	slices.SortStableFunc(out, func(a, b appt) int { return int(a.start - b.start) })
	return out
}

// capacity counts the appointments that fit in the past and the future.
func (l *layout) capacity() (past, future int) {
	for i := range l.days {
		for _, a := range l.day(i) {
			if a.start < l.now {
				past++
			} else {
				future++
			}
		}
	}
	return past, future
}

// split decides how many of n appointments go to the past and how many
// to the future, given the room for them.
func split(n, capPast, capFuture int) (past, future int, err error) {
	past = min(int(pastShare*float64(n)+0.5), int(maxPastFill*float64(capPast)))
	future = n - past
	if future > int(maxFutureFill*float64(capFuture)) {
		most := int(maxPastFill*float64(capPast)) + int(maxFutureFill*float64(capFuture))
		return 0, 0, fmt.Errorf("the network has room for about %d existing appointments (%d past, %d future at most); asked for %d: add staff or ask for fewer",
			most, int(maxPastFill*float64(capPast)), int(maxFutureFill*float64(capFuture)), n)
	}
	return past, future, nil
}

// selector picks exactly want of total items met one by one, each set
// of want equally likely (Knuth's selection sampling, algorithm S).
type selector struct {
	want, total int
}

func (s *selector) take(rng *rand.Rand) bool {
	if s.total <= 0 {
		return false
	}
	ok := rng.IntN(s.total) < s.want
	s.total--
	if ok {
		s.want--
	}
	return ok
}
