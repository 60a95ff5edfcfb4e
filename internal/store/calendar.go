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
// read afresh.
func (a *Appointments) people(ctx context.Context, q *query, group, cond string, from, to time.Time) (map[string][]booking.Person, error) {
	cutoff := from.UTC().Add(-48 * time.Hour).Format(time.DateOnly)
	key := fmt.Sprintf("people\x00%s\x00%s\x00%s\x00%q\x00%s", group, q.joins, cond, q.args, cutoff)
	sch, err := cached(ctx, a.db, key, func() (scheduled, error) { return a.scheduled(ctx, q, group, cond, cutoff) })
	if err != nil {
		return nil, err
	}
	people := map[string]*booking.Person{}
	var order []string
	for _, e := range sch.entries {
		p := people[e.slug]
		if p == nil {
			p = &booking.Person{Slug: e.slug, Absences: slices.Clone(sch.absences[e.slug])}
			people[e.slug] = p
			order = append(order, e.slug)
		}
		if !slices.Contains(p.Hours, e.hours) {
			p.Hours = append(p.Hours, e.hours)
		}
	}
	if err := a.reservations(ctx, people, order, from, to); err != nil {
		return nil, err
	}
	out := map[string][]booking.Person{}
	seen := map[string]bool{}
	for _, e := range sch.entries {
		if k := e.group + "/" + e.slug; !seen[k] {
			seen[k] = true
			out[e.group] = append(out[e.group], *people[e.slug])
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

type scheduleEntry struct{ slug, hours, group string }

func (a *Appointments) scheduled(ctx context.Context, q *query, group, cond, cutoff string) (scheduled, error) {
	rows, err := a.db.read.QueryContext(ctx, "SELECT sm.slug, sc.hours, "+group+` FROM staff_schedule sc
		JOIN staff_member sm ON sm.id = sc.staff_id`+q.joins+` WHERE `+cond+` ORDER BY sm.slug, sc.id`, q.args...)
	entries, err := collect(rows, err, func(s scanner) (scheduleEntry, error) {
		var e scheduleEntry
		return e, s.Scan(&e.slug, &e.hours, &e.group)
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

// reservations adds each person's active reservations overlapping
// [from, to).
func (a *Appointments) reservations(ctx context.Context, people map[string]*booking.Person, order []string, from, to time.Time) error {
	if len(order) == 0 {
		return nil
	}
	var q query
	in := make([]string, len(order))
	for i, s := range order {
		in[i] = q.arg(s)
	}
	rows, err := a.db.read.QueryContext(ctx, `SELECT sm.slug, r.starts_at, r.ends_at FROM reservation r
		JOIN staff_member sm ON sm.id = r.staff_id WHERE sm.slug IN (`+strings.Join(in, ", ")+`) AND r.active = TRUE`+
		` AND r.starts_at < `+q.arg(to.Unix())+` AND r.starts_at > `+q.arg(from.Unix()-maxSpan)+` AND r.ends_at > `+q.arg(from.Unix())+
		a.exceptCondition(&q, "r")+` ORDER BY sm.slug, r.starts_at`, q.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var slug string
		var s, e int64
		if err := rows.Scan(&slug, &s, &e); err != nil {
			return err
		}
		people[slug].Busy = append(people[slug].Busy, hours.Interval{Start: time.Unix(s, 0).UTC(), End: time.Unix(e, 0).UTC()})
	}
	return rows.Err()
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
	return a.people(ctx, &q, "sv.slug", cond, from, to)
}

// Interpreters lists the interpreters of language with a schedule at point.
func (a *Appointments) Interpreters(ctx context.Context, point, language string, from, to time.Time) ([]booking.Person, error) {
	var q query
	q.joins = " JOIN staff_language sl ON sl.staff_id = sm.id"
	cond := pointCondition(&q, point) + " AND sl.language = " + q.arg(language) + " AND sm.interpreter = TRUE"
	got, err := a.people(ctx, &q, "''", cond, from, to)
	return got[""], err
}

// Rooms lists the advisory and meeting rooms staff book at point, with
// their reservations overlapping [from, to).
func (a *Appointments) Rooms(ctx context.Context, point string, from, to time.Time) ([]booking.Room, error) {
	rooms, err := cached(ctx, a.db, "rooms\x00"+point, func() ([]booking.Room, error) {
		rows, err := a.db.read.QueryContext(ctx, `SELECT r.slug, r.capacity FROM resource r JOIN service_point p ON p.id = r.point_id
		WHERE p.slug = $1 AND r.kind IN ('advisory_room', 'meeting_room') AND r.bookable_by IN ('staff', 'residents') ORDER BY r.capacity, r.slug`, point)
		return collect(rows, err, func(s scanner) (booking.Room, error) {
			var r booking.Room
			return r, s.Scan(&r.Slug, &r.Capacity)
		})
	})
	if err != nil || len(rooms) == 0 {
		return rooms, err
	}
	// Reservations go into a copy: the cached rooms stay without them.
	rooms = slices.Clone(rooms)
	index := map[string]int{}
	for i, r := range rooms {
		index[r.Slug] = i
	}
	q := query{args: []any{point, to.Unix(), from.Unix(), from.Unix() - maxSpan}}
	rows, err := a.db.read.QueryContext(ctx, `SELECT r.slug, x.starts_at, x.ends_at FROM reservation x
		JOIN resource r ON r.id = x.resource_id JOIN service_point p ON p.id = r.point_id
		WHERE p.slug = $1 AND x.active = TRUE AND x.starts_at < $2 AND x.starts_at > $4 AND x.ends_at > $3`+a.exceptCondition(&q, "x")+` ORDER BY x.starts_at`,
		q.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var slug string
		var start, end int64
		if err := rows.Scan(&slug, &start, &end); err != nil {
			return nil, err
		}
		if i, ok := index[slug]; ok {
			rooms[i].Busy = append(rooms[i].Busy, hours.Interval{Start: time.Unix(start, 0).UTC(), End: time.Unix(end, 0).UTC()})
		}
	}
	return rooms, rows.Err()
}
