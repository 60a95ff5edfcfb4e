package benchdata

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/onestop-fi/onestop/internal/booking"
	"github.com/onestop-fi/onestop/internal/catalogue"
	"github.com/onestop-fi/onestop/internal/store/storetest"
)

// now is a fixed Monday noon, so that the tests do not depend on the day.
var now = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

func TestNetworkSizes(t *testing.T) {
	for _, size := range []struct{ points, staff int }{{2, 10}, {3, 30}, {40, 400}, {300, 3000}, {600, 6000}} {
		net, err := buildNetwork(size.points, size.staff, 1)
		if err != nil {
			t.Fatalf("%d points, %d staff: %v", size.points, size.staff, err)
		}
		if len(net.cat.Points) != size.points || len(net.cat.Staff) != size.staff {
			t.Errorf("asked for %d points and %d staff, got %d and %d", size.points, size.staff, len(net.cat.Points), len(net.cat.Staff))
		}
		if len(net.targets) == 0 {
			t.Errorf("%d points: nothing to book", size.points)
		}
		// Every target has someone scheduled to give it there.
		for _, tg := range net.targets {
			p := slices.IndexFunc(net.cat.Points, func(x catalogue.Point) bool { return x.Slug == tg.Point })
			found := false
			for s, work := range net.work {
				for _, w := range work {
					if w.point == p && slices.Contains(net.cat.Staff[s].Services, tg.Service) {
						found = true
					}
				}
			}
			if !found {
				t.Errorf("%d points: nobody gives %s at %s", size.points, tg.Service, tg.Point)
			}
		}
	}
	if _, err := buildNetwork(1, 10, 1); err == nil {
		t.Error("a network of one point was built")
	}
}

func TestNetworkIsTheSameForASeed(t *testing.T) {
	a, _ := buildNetwork(40, 400, 7)
	b, _ := buildNetwork(40, 400, 7)
	ja, _ := json.Marshal(a.cat)
	jb, _ := json.Marshal(b.cat)
	if string(ja) != string(jb) || !slices.Equal(a.schedules, b.schedules) {
		t.Error("the same seed made two different networks")
	}
}

// TestLayoutKeepsApart checks the invariants the database relies on: no
// staff member's reservations (buffer included) overlap, no room's
// overlap, and every appointment lies in a shift of its staff member at
// its point, on the booking grid.
func TestLayoutKeepsApart(t *testing.T) {
	net, err := buildNetwork(40, 400, 3)
	if err != nil {
		t.Fatal(err)
	}
	l, err := newLayout(net, now, 3)
	if err != nil {
		t.Fatal(err)
	}
	buffer := int64(booking.Buffer / time.Second)
	type span struct{ start, end int64 }
	staffBusy, roomBusy := map[int][]span{}, map[int][]span{}
	n := 0
	for i := range l.days {
		for _, a := range l.day(i) {
			n++
			if a.start%step != 0 || a.end-a.start != int64(net.duration[a.service])*60 {
				t.Fatalf("appointment %+v is off the grid or of the wrong length", a)
			}
			in := slices.ContainsFunc(l.days[i], func(s shift) bool {
				return s.staff == a.staff && s.point == a.point && s.start <= a.start && a.end <= s.end
			})
			if !in {
				t.Fatalf("appointment %+v is outside its staff member's shifts", a)
			}
			if net.remote[a.point] != (a.room < 0) || (a.room >= 0 && !slices.Contains(net.rooms[a.point], a.room)) {
				t.Fatalf("appointment %+v has the wrong room", a)
			}
			staffBusy[a.staff] = append(staffBusy[a.staff], span{a.start, a.end + buffer})
			if a.room >= 0 {
				roomBusy[a.room] = append(roomBusy[a.room], span{a.start, a.end})
			}
		}
	}
	if n == 0 {
		t.Fatal("no appointments laid out")
	}
	for what, busy := range map[string]map[int][]span{"staff member": staffBusy, "room": roomBusy} {
		for k, list := range busy {
			slices.SortFunc(list, func(a, b span) int { return int(a.start - b.start) })
			for i := 1; i < len(list); i++ {
				if list[i].start < list[i-1].end {
					t.Fatalf("%s %d is booked twice: %v and %v", what, k, list[i-1], list[i])
				}
			}
		}
	}
}

func TestSplit(t *testing.T) {
	past, future, err := split(1000, 1000, 1000)
	if err != nil || past != 700 || future != 300 {
		t.Errorf("split(1000) = %d, %d, %v; want 700, 300", past, future, err)
	}
	// A full past leaves the rest to the future.
	past, future, err = split(1000, 500, 1000)
	if err != nil || past != 450 || future != 550 {
		t.Errorf("split(1000) with a small past = %d, %d, %v; want 450, 550", past, future, err)
	}
	if _, _, err := split(1000, 100, 100); err == nil {
		t.Error("ten times too many appointments were accepted")
	}
}

func TestReference(t *testing.T) {
	seen := map[string]bool{}
	for _, id := range []int64{1, 2, 24, 25, 26, 1_000_000, 25*25*25*25*25*25*25*25 - 1} {
		ref := reference(id)
		parsed, err := booking.ParseReference(ref)
		if err != nil || parsed != ref {
			t.Errorf("reference(%d) = %q, which parses as %q, %v", id, ref, parsed, err)
		}
		if seen[ref] {
			t.Errorf("reference(%d) = %q twice", id, ref)
		}
		seen[ref] = true
	}
}

// TestMunicipalities checks the table against the shared list of all
// Finnish municipalities, where it is at hand.
func TestMunicipalities(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "data", "finland", "municipalities.json"))
	if err != nil {
		t.Skip("the shared municipality list is not at hand:", err)
	}
	type entry struct {
		Code       string `json:"code"`
		Fi         string `json:"name_fi"`
		Sv         string `json:"name_sv"`
		County     string `json:"hva_id"`
		Population int    `json:"population_2020"`
	}
	var file struct {
		Municipalities []entry `json:"municipalities"`
	}
	if err := json.Unmarshal(b, &file); err != nil {
		t.Fatal(err)
	}
	for i, m := range municipalities {
		j := slices.IndexFunc(file.Municipalities, func(x entry) bool { return x.Code == m.code })
		if j < 0 {
			t.Errorf("no municipality %s", m.code)
			continue
		}
		f := file.Municipalities[j]
		county := f.County
		if m.code == "091" {
			county = "HKI"
		}
		if f.Fi != m.fi || f.Sv != m.sv || county != m.county || f.Population != m.population {
			t.Errorf("municipality %s is %+v in the table, %+v in the list", m.code, m, f)
		}
		if i > 0 && m.population > municipalities[i-1].population {
			t.Errorf("%s is out of order", m.fi)
		}
	}
}

// TestGenerate writes a small data set on each engine and checks that
// the database agrees that nothing overlaps.
func TestGenerate(t *testing.T) {
	storetest.Run(t, func(t *testing.T, e storetest.Engine) {
		db := e.Open(t)
		ctx := context.Background()
		var out strings.Builder
		// Overlaps compares reservations pairwise: a few thousand keep it quick.
		res, err := Generate(ctx, db, Config{Points: 12, Staff: 120, Appointments: 2000, Seed: 1, Now: now}, &out)
		if err != nil {
			t.Fatal(err)
		}
		t.Log("\n" + out.String())
		if res.Appointments != 2000 || res.Past+res.Future != 2000 || res.Past <= res.Future {
			t.Errorf("wrote %d appointments, %d past and %d future; want 2000, mostly past", res.Appointments, res.Past, res.Future)
		}
		var n, r int
		if err := db.Reader().QueryRowContext(ctx, "SELECT COUNT(*) FROM appointment").Scan(&n); err != nil {
			t.Fatal(err)
		}
		if err := db.Reader().QueryRowContext(ctx, "SELECT COUNT(*) FROM reservation").Scan(&r); err != nil {
			t.Fatal(err)
		}
		if n != res.Appointments || r != res.Reservations {
			t.Errorf("the database has %d appointments and %d reservations; Generate said %d and %d", n, r, res.Appointments, res.Reservations)
		}
		overlaps, err := db.Appointments().Overlaps(ctx)
		if err != nil || overlaps != 0 {
			t.Errorf("overlapping reservations: %d, %v", overlaps, err)
		}
		// A generated appointment reads back through the store.
		if _, err := db.Appointments().Appointment(ctx, reference(1)); err != nil {
			t.Error(err)
		}
		// A second data set does not fit into the same database.
		if _, err := Generate(ctx, db, Config{Points: 12, Staff: 120, Appointments: 10, Seed: 1, Now: now}, io.Discard); err == nil {
			t.Error("a second data set was written over the first")
		}
	})
}
