package store

import (
	"context"
	"database/sql"
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

// people loads the schedules, absences and reservations of the staff
// that cond selects (cond may use sm for staff_member and sc for
// staff_schedule), keyed by slug, plus what key returns for each row.
func (a *Appointments) people(ctx context.Context, q *query, cond string, from, to time.Time,
	key func(s scanner) (slug, group string, err error), extra string) (map[string][]booking.Person, error) {
	rows, err := a.db.read.QueryContext(ctx, "SELECT sm.slug, sc.hours"+extra+` FROM staff_schedule sc
		JOIN staff_member sm ON sm.id = sc.staff_id`+q.joins+` WHERE `+cond+` ORDER BY sm.slug, sc.id`, q.args...)
	if err != nil {
		return nil, err
	}
	type entry struct{ slug, group, hours string }
	var entries []entry
	for rows.Next() {
		var e entry
		e.slug, e.group, e.hours, err = scanPersonRow(rows, key)
		if err != nil {
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
		if people[e.slug] == nil {
			people[e.slug] = &booking.Person{Slug: e.slug}
			order = append(order, e.slug)
		}
		people[e.slug].Hours = append(people[e.slug].Hours, e.hours)
	}
	if err := a.fillPeople(ctx, people, order, from, to); err != nil {
		return nil, err
	}
	out := map[string][]booking.Person{}
	seen := map[string]bool{}
	for _, e := range entries {
		k := e.group + "/" + e.slug
		if seen[k] {
			continue
		}
		seen[k] = true
		out[e.group] = append(out[e.group], *people[e.slug])
	}
	return out, nil
}

func scanPersonRow(rows *sql.Rows, key func(s scanner) (string, string, error)) (slug, group, hours string, err error) {
	var s personRow
	s.rows = rows
	slug, group, err = key(&s)
	return slug, group, s.hours, err
}

// personRow scans a row's slug and hours and hands the rest to key.
type personRow struct {
	rows  *sql.Rows
	hours string
}

func (p *personRow) Scan(dest ...any) error {
	return p.rows.Scan(append([]any{dest[0], &p.hours}, dest[1:]...)...)
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
	list := "(" + join(in) + ")"
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
	active := "r.active = 1"
	if a.db.Engine == Postgres {
		active = "r.active"
	}
	rows, err = a.db.read.QueryContext(ctx, `SELECT sm.slug, r.starts_at, r.ends_at FROM reservation r
		JOIN staff_member sm ON sm.id = r.staff_id WHERE sm.slug IN `+list+` AND `+active+
		` AND r.starts_at < `+q.arg(to.Unix())+` AND r.ends_at > `+q.arg(from.Unix())+` ORDER BY sm.slug, r.starts_at`, q.args...)
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

func join(xs []string) string {
	out := ""
	for i, x := range xs {
		if i > 0 {
			out += ", "
		}
		out += x
	}
	return out
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
	cond += " AND sv.slug IN (" + join(in) + ")"
	return a.people(ctx, &q, cond, from, to, func(s scanner) (string, string, error) {
		var slug, svc string
		err := s.Scan(&slug, &svc)
		return slug, svc, err
	}, ", sv.slug")
}

// Interpreters lists the interpreters of language with a schedule at point.
func (a *Appointments) Interpreters(ctx context.Context, point, language string, from, to time.Time) ([]booking.Person, error) {
	var q query
	q.joins = " JOIN staff_language sl ON sl.staff_id = sm.id"
	cond := pointCondition(&q, point) + " AND sl.language = " + q.arg(language) + " AND " + a.trueOf("sm.interpreter")
	got, err := a.people(ctx, &q, cond, from, to, func(s scanner) (string, string, error) {
		var slug string
		err := s.Scan(&slug)
		return slug, "", err
	}, "")
	return got[""], err
}

func (a *Appointments) trueOf(col string) string {
	if a.db.Engine == Postgres {
		return col
	}
	return col + " = 1"
}

// Rooms lists the advisory and meeting rooms staff book at point.
func (a *Appointments) Rooms(ctx context.Context, point string, from, to time.Time) ([]booking.Room, error) {
	rows, err := a.db.read.QueryContext(ctx, `SELECT r.id, r.slug, r.capacity FROM resource r JOIN service_point p ON p.id = r.point_id
		WHERE p.slug = $1 AND r.kind IN ('advisory_room', 'meeting_room') AND r.bookable_by IN ('staff', 'residents') ORDER BY r.capacity, r.slug`, point)
	if err != nil {
		return nil, err
	}
	var rooms []booking.Room
	var ids []int64
	for rows.Next() {
		var id int64
		var r booking.Room
		if err := rows.Scan(&id, &r.Slug, &r.Capacity); err != nil {
			rows.Close()
			return nil, err
		}
		rooms, ids = append(rooms, r), append(ids, id)
	}
	rows.Close()
	active := "active = 1"
	if a.db.Engine == Postgres {
		active = "active"
	}
	for i, id := range ids {
		rs, err := a.db.read.QueryContext(ctx, `SELECT starts_at, ends_at FROM reservation WHERE resource_id = $1 AND `+active+`
			AND starts_at < $2 AND ends_at > $3 ORDER BY starts_at`, id, to.Unix(), from.Unix())
		if err != nil {
			return nil, err
		}
		for rs.Next() {
			var s, e int64
			if err := rs.Scan(&s, &e); err != nil {
				rs.Close()
				return nil, err
			}
			rooms[i].Busy = append(rooms[i].Busy, hours.Interval{Start: time.Unix(s, 0).UTC(), End: time.Unix(e, 0).UTC()})
		}
		rs.Close()
	}
	return rooms, nil
}
