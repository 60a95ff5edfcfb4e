package store

import (
	"context"
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
func (a *Appointments) people(ctx context.Context, q *query, group, cond string, from, to time.Time) (map[string][]booking.Person, error) {
	rows, err := a.db.read.QueryContext(ctx, "SELECT sm.slug, sc.hours, "+group+` FROM staff_schedule sc
		JOIN staff_member sm ON sm.id = sc.staff_id`+q.joins+` WHERE `+cond+` ORDER BY sm.slug, sc.id`, q.args...)
	if err != nil {
		return nil, err
	}
	type entry struct{ slug, hours, group string }
	var entries []entry
	for rows.Next() {
		var e entry
		if err := rows.Scan(&e.slug, &e.hours, &e.group); err != nil {
			rows.Close()
			return nil, err
		}
		entries = append(entries, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	people := map[string]*booking.Person{}
	var order []string
	for _, e := range entries {
		p := people[e.slug]
		if p == nil {
			p = &booking.Person{Slug: e.slug}
			people[e.slug] = p
			order = append(order, e.slug)
		}
		if !slices.Contains(p.Hours, e.hours) {
			p.Hours = append(p.Hours, e.hours)
		}
	}
	if err := a.fillPeople(ctx, people, order, from, to); err != nil {
		return nil, err
	}
	out := map[string][]booking.Person{}
	seen := map[string]bool{}
	for _, e := range entries {
		if k := e.group + "/" + e.slug; !seen[k] {
			seen[k] = true
			out[e.group] = append(out[e.group], *people[e.slug])
		}
	}
	return out, nil
}

// fillPeople adds absences and active reservations overlapping
// [from, to) to each person.
func (a *Appointments) fillPeople(ctx context.Context, people map[string]*booking.Person, order []string, from, to time.Time) error {
	if len(order) == 0 {
		return nil
	}
	var q query
	in := make([]string, len(order))
	for i, s := range order {
		in[i] = q.arg(s)
	}
	list := "(" + strings.Join(in, ", ") + ")"
	rows, err := a.db.read.QueryContext(ctx, `SELECT sm.slug, ab.id, ab.first_day, ab.last_day, ab.reason FROM staff_absence ab
		JOIN staff_member sm ON sm.id = ab.staff_id WHERE sm.slug IN `+list+` AND ab.last_day >= `+q.arg(from.UTC().Add(-48*time.Hour).Format(time.DateOnly)),
		q.args...)
	if err != nil {
		return err
	}
	for rows.Next() {
		var slug string
		var ab booking.Absence
		if err := rows.Scan(&slug, &ab.ID, &ab.FirstDay, &ab.LastDay, &ab.Reason); err != nil {
			rows.Close()
			return err
		}
		ab.Staff = slug
		people[slug].Absences = append(people[slug].Absences, ab)
	}
	rows.Close()
	q.args = q.args[:len(order)]
	rows, err = a.db.read.QueryContext(ctx, `SELECT sm.slug, r.starts_at, r.ends_at FROM reservation r
		JOIN staff_member sm ON sm.id = r.staff_id WHERE sm.slug IN `+list+` AND r.active = TRUE`+
		` AND r.starts_at < `+q.arg(to.Unix())+` AND r.ends_at > `+q.arg(from.Unix())+a.exceptCondition(&q, "r")+` ORDER BY sm.slug, r.starts_at`, q.args...)
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
	rows, err := a.db.read.QueryContext(ctx, `SELECT r.slug, r.capacity FROM resource r JOIN service_point p ON p.id = r.point_id
		WHERE p.slug = $1 AND r.kind IN ('advisory_room', 'meeting_room') AND r.bookable_by IN ('staff', 'residents') ORDER BY r.capacity, r.slug`, point)
	rooms, err := collect(rows, err, func(s scanner) (booking.Room, error) {
		var r booking.Room
		return r, s.Scan(&r.Slug, &r.Capacity)
	})
	if err != nil || len(rooms) == 0 {
		return rooms, err
	}
	index := map[string]int{}
	for i, r := range rooms {
		index[r.Slug] = i
	}
	q := query{args: []any{point, to.Unix(), from.Unix()}}
	rows, err = a.db.read.QueryContext(ctx, `SELECT r.slug, x.starts_at, x.ends_at FROM reservation x
		JOIN resource r ON r.id = x.resource_id JOIN service_point p ON p.id = r.point_id
		WHERE p.slug = $1 AND x.active = TRUE AND x.starts_at < $2 AND x.ends_at > $3`+a.exceptCondition(&q, "x")+` ORDER BY x.starts_at`,
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
