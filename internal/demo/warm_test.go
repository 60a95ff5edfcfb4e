package demo

import (
	"context"
	"errors"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/onestop-fi/onestop/internal/booking"
	"github.com/onestop-fi/onestop/internal/catalogue"
)

// countingCalendar notes which (point, channel, service) each search
// read the staff of.
type countingCalendar struct {
	booking.Calendar
	searched map[[2]string]int
}

func (c *countingCalendar) Staffing(ctx context.Context, point string, services []string, from, to time.Time) (map[string][]booking.Person, error) {
	for _, s := range services {
		c.searched[[2]string{point, s}]++
	}
	return c.Calendar.Staffing(ctx, point, services, from, to)
}

// TestWarmSearchesEveryBookableOffering checks that booking.Warm, which
// serve runs when it starts, searches each offering of the demo that
// takes appointments by a channel its point serves, and nothing else;
// and that it stops when its context ends.
func TestWarmSearchesEveryBookableOffering(t *testing.T) {
	ctx := context.Background()
	db := servedDemo(t)

	// What a resident could search, from the demo's own lists.
	c := Catalogue()
	channels := map[string][]catalogue.Channel{}
	for _, s := range c.Services {
		channels[s.Slug] = s.Channels
	}
	kinds := map[string]catalogue.PointKind{}
	for _, p := range c.Points {
		kinds[p.Slug] = p.Kind
	}
	want := map[[2]string]int{}
	for _, o := range c.Offerings {
		if o.AppointmentHours == "" {
			continue
		}
		ch := channels[o.Service]
		if kinds[o.Point] == catalogue.Remote {
			if !slices.Contains(ch, catalogue.Video) && !slices.Contains(ch, catalogue.Phone) {
				continue
			}
		} else if !slices.Contains(ch, catalogue.InPerson) {
			continue
		}
		want[[2]string{o.Point, o.Service}] = 1
	}
	if len(want) < 40 {
		t.Fatalf("the demo has %d offerings to search, want at least 40", len(want))
	}
	// Remote points are searched under "" (remote work) by the calendar.
	for k := range want {
		if kinds[k[0]] == catalogue.Remote {
			delete(want, k)
			want[[2]string{"", k[1]}]++
		}
	}

	cal := &countingCalendar{Calendar: db.Appointments(), searched: map[[2]string]int{}}
	n, err := booking.Warm(ctx, db.Catalogue(), cal, time.Date(2026, 11, 30, 7, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, v := range want {
		total += v
	}
	if n != total {
		t.Errorf("Warm searched %d offerings, want %d", n, total)
	}
	for _, k := range slices.SortedFunc(maps.Keys(want), func(a, b [2]string) int { return slices.Compare(a[:], b[:]) }) {
		if cal.searched[k] < want[k] {
			t.Errorf("%s at %q: searched %d times, want %d", k[1], k[0], cal.searched[k], want[k])
		}
	}
	for k := range cal.searched {
		if want[k] == 0 {
			t.Errorf("%s at %q was searched, but takes no appointments there", k[1], k[0])
		}
	}

	stop, cancel := context.WithCancel(ctx)
	cancel()
	if n, err := booking.Warm(stop, db.Catalogue(), db.Appointments(), time.Now()); !errors.Is(err, context.Canceled) || n != 0 {
		t.Errorf("Warm with its context ended = %d, %v; want 0, context.Canceled", n, err)
	}
}
