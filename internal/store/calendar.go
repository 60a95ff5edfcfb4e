package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/onestop-fi/onestop/internal/booking"
	"github.com/onestop-fi/onestop/internal/hours"
)

var _ booking.Calendar = (*Appointments)(nil)

// pointCondition selects schedules at a point, or remote ones for "".
func pointCondition(q *query, point string) string {
	if point == "" {
		return "sc.point_id IS NULL"
	}
	return "sc.point_id = (SELECT id FROM service_point WHERE slug = " + q.arg(point) + ")"
}

// people loads the schedules that cond selects (cond may use sm for
// staff_member and sc for staff_schedule, and q.joins may add tables),
// with each person's absences and reservations overlapping [from, to),
// grouped by the value of the group expression (a service slug, or ”).
// Schedules and absences come from the catalogue cache; reservations are
// read afresh. keep, if not nil, chooses the (group, person) pairs wanted.
func (a *Appointments) people(ctx context.Context, q *query, group, cond string, from, to time.Time,
	keep func(group, slug string) bool) (map[string][]booking.Person, error) {
	// Absences that end before from cannot matter. The cut is made at
	// the first of the month two days before from (zones differ by less),
	// so that one cached entry serves a month of searches, whatever
	// their windows, rather than one per day of from.
	c := from.UTC().Add(-48 * time.Hour)
	cutoff := time.Date(c.Year(), c.Month(), 1, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
	key := fmt.Sprintf("people\x00%s\x00%s\x00%s\x00%q\x00%s", group, q.joins, cond, q.args, cutoff)
	sch, err := cached(ctx, a.db, key, func() (scheduled, error) { return a.scheduled(ctx, q, group, cond, cutoff) })
	if err != nil {
		return nil, err
	}
	entries := sch.entries
	if keep != nil {
		entries = slices.DeleteFunc(slices.Clone(entries), func(e scheduleEntry) bool { return !keep(e.group, e.slug) })
	}
	people := map[int64]*booking.Person{}
	var ids []int64
	for _, e := range entries {
		p := people[e.id]
		if p == nil {
			p = &booking.Person{Slug: e.slug, Absences: slices.Clone(sch.absences[e.slug])}
			people[e.id] = p
			ids = append(ids, e.id)
		}
		if !slices.Contains(p.Hours, e.hours) {
			p.Hours = append(p.Hours, e.hours)
		}
	}
	err = a.busy(ctx, "staff_id", ids, from, to, func(id int64, iv hours.Interval) { people[id].Busy = append(people[id].Busy, iv) })
	if err != nil {
		return nil, err
	}
	out := map[string][]booking.Person{}
	seen := map[string]bool{}
	for _, e := range entries {
		if k := e.group + "/" + e.slug; !seen[k] {
			seen[k] = true
			out[e.group] = append(out[e.group], *people[e.id])
		}
	}
	return out, nil
}

// scheduled is what people reads from the catalogue: the schedules a
// condition selects, in order, and the absences of those people that
// end on or after a day.
type scheduled struct {
	entries  []scheduleEntry
	absences map[string][]booking.Absence
}

type scheduleEntry struct {
	id                 int64
	slug, hours, group string
}

func (a *Appointments) scheduled(ctx context.Context, q *query, group, cond, cutoff string) (scheduled, error) {
	rows, err := a.db.read.QueryContext(ctx, "SELECT sm.id, sm.slug, sc.hours, "+group+` FROM staff_schedule sc
		JOIN staff_member sm ON sm.id = sc.staff_id`+q.joins+` WHERE `+cond+` ORDER BY sm.slug, sc.id`, q.args...)
	entries, err := collect(rows, err, func(s scanner) (scheduleEntry, error) {
		var e scheduleEntry
		return e, s.Scan(&e.id, &e.slug, &e.hours, &e.group)
	})
	if err != nil || len(entries) == 0 {
		return scheduled{entries: entries}, err
	}
	var aq query
	var in []string
	for i, e := range entries {
		// Entries are ordered by person: each person once.
		if i == 0 || entries[i-1].slug != e.slug {
			in = append(in, aq.arg(e.slug))
		}
	}
	rows, err = a.db.read.QueryContext(ctx, `SELECT sm.slug, ab.id, ab.first_day, ab.last_day, ab.reason FROM staff_absence ab
		JOIN staff_member sm ON sm.id = ab.staff_id WHERE sm.slug IN (`+strings.Join(in, ", ")+`) AND ab.last_day >= `+aq.arg(cutoff),
		aq.args...)
	list, err := collect(rows, err, func(s scanner) (booking.Absence, error) {
		var ab booking.Absence
		return ab, s.Scan(&ab.Staff, &ab.ID, &ab.FirstDay, &ab.LastDay, &ab.Reason)
	})
	absences := map[string][]booking.Absence{}
	for _, ab := range list {
		absences[ab.Staff] = append(absences[ab.Staff], ab)
	}
	return scheduled{entries: entries, absences: absences}, err
}

// busy reads the active reservations overlapping [from, to) of the
// staff members or rooms (column staff_id or resource_id) with the given
// ids, and gives each to add, each person's or room's in order of start.
// On SQLite they come from the cache (busyCache).
func (a *Appointments) busy(ctx context.Context, column string, ids []int64, from, to time.Time, add func(int64, hours.Interval)) error {
	if len(ids) == 0 {
		return nil
	}
	if a.db.busy != nil && a.except == "" {
		return a.busyCached(ctx, column, ids, from, to, add)
	}
	return a.reservations(ctx, a.db.read, column, ids, from.Unix(), to.Unix(), func(id, _, start, end int64) {
		add(id, interval(start, end))
	})
}

// reservations reads through q the active reservations of the staff
// members or rooms (column staff_id or resource_id) with the given ids
// that overlap [lo, hi) in Unix seconds, leaving out a.except's, and
// gives each one's id, reservation id, start and end to each, in order
// of id and then of start. The index alone answers: no join and no sort.
func (a *Appointments) reservations(ctx context.Context, q execer, column string, ids []int64, lo, hi int64,
	each func(id, res, start, end int64)) error {
	var qa query
	in := make([]string, len(ids))
	for i, id := range ids {
		in[i] = qa.arg(id)
	}
	rows, err := q.QueryContext(ctx, `SELECT r.`+column+`, r.id, r.starts_at, r.ends_at FROM reservation r
		WHERE r.`+column+` IN (`+strings.Join(in, ", ")+`) AND r.active = TRUE`+
		` AND r.starts_at < `+qa.arg(hi)+` AND r.starts_at > `+qa.arg(lo-maxSpan)+` AND r.ends_at > `+qa.arg(lo)+
		a.exceptCondition(&qa, "r")+` ORDER BY r.`+column+`, r.starts_at`, qa.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, res, start, end int64
		if err := rows.Scan(&id, &res, &start, &end); err != nil {
			return err
		}
		each(id, res, start, end)
	}
	return rows.Err()
}

// interval is a reservation's time, kept in Unix seconds.
func interval(start, end int64) hours.Interval {
	return hours.Interval{Start: time.Unix(start, 0).UTC(), End: time.Unix(end, 0).UTC()}
}

// Staffing lists per service the qualified staff with a schedule at point.
func (a *Appointments) Staffing(ctx context.Context, point string, services []string, from, to time.Time) (map[string][]booking.Person, error) {
	var q query
	q.joins = " JOIN staff_service ss ON ss.staff_id = sm.id JOIN service sv ON sv.id = ss.service_id"
	cond := pointCondition(&q, point)
	in := make([]string, len(services))
	for i, s := range services {
		in[i] = q.arg(s)
	}
	cond += " AND sv.slug IN (" + strings.Join(in, ", ") + ")"
	var keep func(service, slug string) bool
	if o := a.only; o != nil {
		keep = func(service, slug string) bool {
			i := slices.Index(o.Services, service)
			return i >= 0 && i < len(o.Staff) && o.Staff[i] == slug
		}
	}
	return a.people(ctx, &q, "sv.slug", cond, from, to, keep)
}

// Interpreters lists the interpreters of language with a schedule at point.
func (a *Appointments) Interpreters(ctx context.Context, point, language string, from, to time.Time) ([]booking.Person, error) {
	var q query
	q.joins = " JOIN staff_language sl ON sl.staff_id = sm.id"
	cond := pointCondition(&q, point) + " AND sl.language = " + q.arg(language) + " AND sm.interpreter = TRUE"
	var keep func(_, slug string) bool
	if o := a.only; o != nil {
		keep = func(_, slug string) bool { return slug == o.Interpreter }
	}
	got, err := a.people(ctx, &q, "''", cond, from, to, keep)
	return got[""], err
}

// Rooms lists the advisory and meeting rooms staff book at point, with
// their reservations overlapping [from, to).
func (a *Appointments) Rooms(ctx context.Context, point string, from, to time.Time) ([]booking.Room, error) {
	list, err := cached(ctx, a.db, "rooms\x00"+point, func() ([]pointRoom, error) {
		rows, err := a.db.read.QueryContext(ctx, `SELECT r.id, r.slug, r.capacity FROM resource r JOIN service_point p ON p.id = r.point_id
		WHERE p.slug = $1 AND r.kind IN ('advisory_room', 'meeting_room') AND r.bookable_by IN ('staff', 'residents') ORDER BY r.capacity, r.slug`, point)
		return collect(rows, err, func(s scanner) (pointRoom, error) {
			var r pointRoom
			return r, s.Scan(&r.id, &r.Slug, &r.Capacity)
		})
	})
	if err != nil {
		return nil, err
	}
	// Reservations go into copies: the cached rooms stay without them.
	rooms := make([]booking.Room, 0, len(list))
	index := map[int64]int{}
	var ids []int64
	for _, r := range list {
		if a.only != nil && r.Slug != a.only.Room {
			continue
		}
		index[r.id] = len(rooms)
		ids = append(ids, r.id)
		rooms = append(rooms, r.Room)
	}
	err = a.busy(ctx, "resource_id", ids, from, to, func(id int64, iv hours.Interval) {
		rooms[index[id]].Busy = append(rooms[index[id]].Busy, iv)
	})
	return rooms, err
}

// pointRoom is a room of a point as the cache keeps it, with its id.
type pointRoom struct {
	id int64
	booking.Room
}
