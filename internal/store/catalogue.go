package store

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/onestop-fi/onestop/internal/catalogue"
	"github.com/onestop-fi/onestop/internal/errs"
)

// Catalogue is the catalogue.Store on either engine.
type Catalogue struct{ db *DB }

// Catalogue returns the catalogue store of db.
func (db *DB) Catalogue() *Catalogue { return &Catalogue{db: db} }

var _ catalogue.Store = (*Catalogue)(nil)

// query builds a SELECT with optional conditions and numbered arguments.
type query struct {
	conds []string
	args  []any
	// joins, if set, is joined after the main table by queries that
	// build their FROM themselves.
	joins string
}

// arg adds an argument and returns its placeholder.
func (q *query) arg(v any) string {
	q.args = append(q.args, v)
	return fmt.Sprintf("$%d", len(q.args))
}

func (q *query) where(cond string) { q.conds = append(q.conds, cond) }

func (q *query) whereClause() string {
	if len(q.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(q.conds, " AND ")
}

// page adds keyset paging on a slug column and returns the ORDER BY and
// LIMIT clause; one row more than asked tells whether a next page exists.
func (q *query) page(col string, p catalogue.Page) (string, error) {
	if p.After != "" {
		after, err := decodeCursor(p.After)
		if err != nil {
			return "", err
		}
		q.where(col + " > " + q.arg(after))
	}
	return fmt.Sprintf(" ORDER BY %s LIMIT %d", col, limitOf(p)+1), nil
}

func limitOf(p catalogue.Page) int {
	switch {
	case p.Limit <= 0:
		return catalogue.DefaultLimit
	case p.Limit > catalogue.MaxLimit:
		return catalogue.MaxLimit
	}
	return p.Limit
}

// EncodeCursor makes the opaque cursor that pages after slug.
func EncodeCursor(slug string) string { return base64.RawURLEncoding.EncodeToString([]byte(slug)) }

func decodeCursor(c string) (string, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || !catalogue.ValidSlug(string(b)) {
		return "", errs.Param("cursor", "The cursor %q is not one this server gave out; start again without it.", c)
	}
	return string(b), nil
}

// nextCursor trims the extra row and returns the cursor of the next page.
func nextCursor[T any](items []T, p catalogue.Page, slug func(T) string) ([]T, string) {
	n := limitOf(p)
	if len(items) <= n {
		return items, ""
	}
	items = items[:n]
	return items, EncodeCursor(slug(items[n-1]))
}

func jsonList[T ~string](xs []T) string {
	if len(xs) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(xs) // a slice of strings always marshals
	return string(b)
}

func parseList[T ~string](s string, into *[]T) error {
	*into = []T{}
	return json.Unmarshal([]byte(s), into)
}

// scanner is a *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

func collect[T any](rows *sql.Rows, err error, scan func(scanner) (T, error)) ([]T, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	items := []T{}
	for rows.Next() {
		item, err := scan(rows)
		if err != nil {
			return nil, err
		}
		items = append(items, item)
	}
	return items, rows.Err()
}

// --- organisations ---

const orgColumns = `g.slug, g.kind, g.business_id, g.name_fi, g.name_sv, g.name_en,
	g.description_fi, g.description_sv, g.description_en, g.website`

func scanOrg(s scanner) (catalogue.Organisation, error) {
	var o catalogue.Organisation
	err := s.Scan(&o.Slug, &o.Kind, &o.BusinessID, &o.Name.Fi, &o.Name.Sv, &o.Name.En,
		&o.Description.Fi, &o.Description.Sv, &o.Description.En, &o.Website)
	return o, err
}

// Organisations lists organisations by slug.
func (c *Catalogue) Organisations(ctx context.Context, p catalogue.Page) ([]catalogue.Organisation, string, error) {
	var q query
	tail, err := q.page("g.slug", p)
	if err != nil {
		return nil, "", err
	}
	rows, err := c.db.read.QueryContext(ctx, "SELECT "+orgColumns+" FROM organisation g"+q.whereClause()+tail, q.args...)
	items, err := collect(rows, err, scanOrg)
	if err != nil {
		return nil, "", err
	}
	items, next := nextCursor(items, p, func(o catalogue.Organisation) string { return o.Slug })
	return items, next, nil
}

// Organisation returns one organisation.
func (c *Catalogue) Organisation(ctx context.Context, slug string) (catalogue.Organisation, error) {
	o, err := scanOrg(c.db.read.QueryRowContext(ctx, "SELECT "+orgColumns+" FROM organisation g WHERE g.slug = $1", slug))
	if errors.Is(err, sql.ErrNoRows) {
		return o, errs.NotFoundf("There is no organisation %q.", slug)
	}
	return o, err
}

// --- services ---

const serviceColumns = `s.slug, g.slug, s.name_fi, s.name_sv, s.name_en,
	s.description_fi, s.description_sv, s.description_en,
	s.channels, s.duration_minutes, s.languages, s.life_events, s.min_notice_minutes, s.horizon_days`

const serviceFrom = ` FROM service s JOIN organisation g ON g.id = s.organisation_id`

func scanService(s scanner) (catalogue.Service, error) {
	var v catalogue.Service
	var channels, langs, events string
	err := s.Scan(&v.Slug, &v.Organisation, &v.Name.Fi, &v.Name.Sv, &v.Name.En,
		&v.Description.Fi, &v.Description.Sv, &v.Description.En,
		&channels, &v.DurationMinutes, &langs, &events, &v.MinNoticeMinutes, &v.HorizonDays)
	if err != nil {
		return v, err
	}
	return v, errors.Join(parseList(channels, &v.Channels), parseList(langs, &v.Languages), parseList(events, &v.LifeEvents))
}

// Services lists services by slug.
func (c *Catalogue) Services(ctx context.Context, f catalogue.ServiceFilter) ([]catalogue.Service, string, error) {
	var q query
	if f.Organisation != "" {
		if err := c.mustExist(ctx, "organisation", "organisation", f.Organisation); err != nil {
			return nil, "", err
		}
		q.where("g.slug = " + q.arg(f.Organisation))
	}
	if f.LifeEvent != "" {
		// Life events are validated names without quotes, so matching
		// the JSON text is exact.
		q.where("s.life_events LIKE " + q.arg(`%"`+f.LifeEvent+`"%`))
	}
	tail, err := q.page("s.slug", f.Page)
	if err != nil {
		return nil, "", err
	}
	rows, err := c.db.read.QueryContext(ctx, "SELECT "+serviceColumns+serviceFrom+q.whereClause()+tail, q.args...)
	items, err := collect(rows, err, scanService)
	if err != nil {
		return nil, "", err
	}
	items, next := nextCursor(items, f.Page, func(s catalogue.Service) string { return s.Slug })
	return items, next, nil
}

// Service returns one service.
func (c *Catalogue) Service(ctx context.Context, slug string) (catalogue.Service, error) {
	s, err := cached(ctx, c.db, "service\x00"+slug, func() (catalogue.Service, error) { return c.service(ctx, slug) })
	s.Channels, s.Languages, s.LifeEvents = slices.Clone(s.Channels), slices.Clone(s.Languages), slices.Clone(s.LifeEvents)
	return s, err
}

func (c *Catalogue) service(ctx context.Context, slug string) (catalogue.Service, error) {
	s, err := scanService(c.db.read.QueryRowContext(ctx, "SELECT "+serviceColumns+serviceFrom+" WHERE s.slug = $1", slug))
	if errors.Is(err, sql.ErrNoRows) {
		return s, errs.NotFoundf("There is no service %q.", slug)
	}
	return s, err
}

// --- points ---

const pointColumns = `p.slug, p.kind, p.name_fi, p.name_sv, p.name_en,
	p.description_fi, p.description_sv, p.description_en,
	p.street_fi, p.street_sv, p.street_en, p.postal_code,
	p.post_office_fi, p.post_office_sv, p.post_office_en,
	p.municipality_code, p.municipality_fi, p.municipality_sv, p.municipality_en,
	p.lat, p.lon, p.time_zone, p.opening_hours,
	p.accessibility_fi, p.accessibility_sv, p.accessibility_en,
	p.languages, p.phone, p.email, p.national_closures_off`

func scanPoint(s scanner) (catalogue.Point, error) {
	var p catalogue.Point
	var lat, lon sql.NullFloat64
	var langs string
	err := s.Scan(&p.Slug, &p.Kind, &p.Name.Fi, &p.Name.Sv, &p.Name.En,
		&p.Description.Fi, &p.Description.Sv, &p.Description.En,
		&p.Address.Street.Fi, &p.Address.Street.Sv, &p.Address.Street.En, &p.Address.PostalCode,
		&p.Address.PostOffice.Fi, &p.Address.PostOffice.Sv, &p.Address.PostOffice.En,
		&p.Municipality.Code, &p.Municipality.Name.Fi, &p.Municipality.Name.Sv, &p.Municipality.Name.En,
		&lat, &lon, &p.TimeZone, &p.OpeningHours,
		&p.Accessibility.Fi, &p.Accessibility.Sv, &p.Accessibility.En,
		&langs, &p.Phone, &p.Email, &p.NationalClosuresOff)
	if err != nil {
		return p, err
	}
	if lat.Valid && lon.Valid {
		p.Location = &catalogue.Location{Lat: lat.Float64, Lon: lon.Float64}
	}
	return p, parseList(langs, &p.Languages)
}

// municipalitySearch is the folded '|code|fi|sv|' key a filter matches.
func municipalitySearch(m catalogue.MunicipalityRef) string {
	return "|" + strings.Join([]string{
		catalogue.SearchKey(m.Code), catalogue.SearchKey(m.Name.Fi),
		catalogue.SearchKey(m.Name.Sv), catalogue.SearchKey(m.Name.En),
	}, "|") + "|"
}

// Points lists service points by slug.
func (c *Catalogue) Points(ctx context.Context, f catalogue.PointFilter) ([]catalogue.Point, string, error) {
	type page struct {
		points []catalogue.Point
		next   string
	}
	got, err := cached(ctx, c.db, fmt.Sprintf("points\x00%q\x00%q\x00%q\x00%q\x00%d\x00%q", f.Municipality, f.Service, f.Organisation, f.Kind, f.Limit, f.After), func() (page, error) {
		points, next, err := c.points(ctx, f)
		return page{points, next}, err
	})
	points := make([]catalogue.Point, len(got.points))
	for i, p := range got.points {
		points[i] = copyPoint(p)
	}
	return points, got.next, err
}

// copyPoint copies what a cached point shares with the cache.
func copyPoint(p catalogue.Point) catalogue.Point {
	p.Languages = slices.Clone(p.Languages)
	if p.Location != nil {
		l := *p.Location
		p.Location = &l
	}
	return p
}

func (c *Catalogue) points(ctx context.Context, f catalogue.PointFilter) ([]catalogue.Point, string, error) {
	var q query
	if f.Municipality != "" {
		key := catalogue.SearchKey(f.Municipality)
		if strings.ContainsAny(key, "|%_\\") {
			return nil, "", errs.Param("municipality", "The municipality %q contains characters no municipality name has.", f.Municipality)
		}
		q.where("p.municipality_search LIKE " + q.arg("%|"+key+"|%"))
	}
	if f.Kind != "" {
		q.where("p.kind = " + q.arg(string(f.Kind)))
	}
	if f.Service != "" {
		if err := c.mustExist(ctx, "service", "service", f.Service); err != nil {
			return nil, "", err
		}
		q.where(`EXISTS (SELECT 1 FROM offering o JOIN service s ON s.id = o.service_id
			WHERE o.point_id = p.id AND s.slug = ` + q.arg(f.Service) + `)`)
	}
	if f.Organisation != "" {
		if err := c.mustExist(ctx, "organisation", "organisation", f.Organisation); err != nil {
			return nil, "", err
		}
		q.where(`EXISTS (SELECT 1 FROM offering o JOIN service s ON s.id = o.service_id
			JOIN organisation g ON g.id = s.organisation_id
			WHERE o.point_id = p.id AND g.slug = ` + q.arg(f.Organisation) + `)`)
	}
	tail, err := q.page("p.slug", f.Page)
	if err != nil {
		return nil, "", err
	}
	rows, err := c.db.read.QueryContext(ctx, "SELECT "+pointColumns+" FROM service_point p"+q.whereClause()+tail, q.args...)
	items, err := collect(rows, err, scanPoint)
	if err != nil {
		return nil, "", err
	}
	items, next := nextCursor(items, f.Page, func(p catalogue.Point) string { return p.Slug })
	return items, next, nil
}

// Point returns a point with its organisations, offerings and resources.
func (c *Catalogue) Point(ctx context.Context, slug string) (catalogue.PointDetail, error) {
	d, err := cached(ctx, c.db, "point\x00"+slug, func() (catalogue.PointDetail, error) { return c.point(ctx, slug) })
	if err != nil {
		return d, err
	}
	// The caller gets its own copy of the lists.
	d.Point = copyPoint(d.Point)
	d.Organisations = slices.Clone(d.Organisations)
	d.Offerings = slices.Clone(d.Offerings)
	for i := range d.Offerings {
		d.Offerings[i].Channels = slices.Clone(d.Offerings[i].Channels)
	}
	d.Resources = slices.Clone(d.Resources)
	return d, nil
}

func (c *Catalogue) point(ctx context.Context, slug string) (catalogue.PointDetail, error) {
	var d catalogue.PointDetail
	p, err := scanPoint(c.db.read.QueryRowContext(ctx, "SELECT "+pointColumns+" FROM service_point p WHERE p.slug = $1", slug))
	if errors.Is(err, sql.ErrNoRows) {
		return d, errs.NotFoundf("There is no service point %q.", slug)
	}
	if err != nil {
		return d, err
	}
	d.Point = p
	rows, err := c.db.read.QueryContext(ctx, `SELECT `+orgColumns+` FROM organisation g
		WHERE g.id IN (SELECT s.organisation_id FROM offering o JOIN service s ON s.id = o.service_id
			WHERE o.point_id = (SELECT id FROM service_point WHERE slug = $1))
		ORDER BY g.slug`, slug)
	if d.Organisations, err = collect(rows, err, scanOrg); err != nil {
		return d, err
	}
	rows, err = c.db.read.QueryContext(ctx, `SELECT p.slug, s.slug, o.walk_in_hours, o.appointment_hours,
			o.notes_fi, o.notes_sv, o.notes_en, s.name_fi, s.name_sv, s.name_en, g.slug, s.channels
		FROM offering o JOIN service_point p ON p.id = o.point_id JOIN service s ON s.id = o.service_id
		JOIN organisation g ON g.id = s.organisation_id
		WHERE p.slug = $1 ORDER BY g.slug, s.slug`, slug)
	d.Offerings, err = collect(rows, err, func(s scanner) (catalogue.OfferingDetail, error) {
		var o catalogue.OfferingDetail
		var channels string
		err := s.Scan(&o.Point, &o.Service, &o.WalkInHours, &o.AppointmentHours,
			&o.Notes.Fi, &o.Notes.Sv, &o.Notes.En, &o.ServiceName.Fi, &o.ServiceName.Sv, &o.ServiceName.En,
			&o.Organisation, &channels)
		if err != nil {
			return o, err
		}
		return o, parseList(channels, &o.Channels)
	})
	if err != nil {
		return d, err
	}
	rows, err = c.db.read.QueryContext(ctx, `SELECT r.slug, p.slug, r.kind, r.name_fi, r.name_sv, r.name_en, r.capacity, r.bookable_by
		FROM resource r JOIN service_point p ON p.id = r.point_id WHERE p.slug = $1 ORDER BY r.slug`, slug)
	d.Resources, err = collect(rows, err, func(s scanner) (catalogue.Resource, error) {
		var r catalogue.Resource
		err := s.Scan(&r.Slug, &r.Point, &r.Kind, &r.Name.Fi, &r.Name.Sv, &r.Name.En, &r.Capacity, &r.BookableBy)
		return r, err
	})
	return d, err
}

// Municipalities lists the municipalities that have points, by Finnish name.
func (c *Catalogue) Municipalities(ctx context.Context) ([]catalogue.MunicipalityRef, error) {
	rows, err := c.db.read.QueryContext(ctx, `SELECT DISTINCT municipality_code, municipality_fi, municipality_sv, municipality_en
		FROM service_point ORDER BY municipality_fi`)
	return collect(rows, err, func(s scanner) (catalogue.MunicipalityRef, error) {
		var m catalogue.MunicipalityRef
		err := s.Scan(&m.Code, &m.Name.Fi, &m.Name.Sv, &m.Name.En)
		return m, err
	})
}

// --- staff ---

// Staff lists staff members by slug with their services and languages.
func (c *Catalogue) Staff(ctx context.Context, f catalogue.StaffFilter) ([]catalogue.StaffMember, string, error) {
	var q query
	if f.Organisation != "" {
		if err := c.mustExist(ctx, "organisation", "organisation", f.Organisation); err != nil {
			return nil, "", err
		}
		q.where("g.slug = " + q.arg(f.Organisation))
	}
	if f.Service != "" {
		if err := c.mustExist(ctx, "service", "service", f.Service); err != nil {
			return nil, "", err
		}
		q.where(`EXISTS (SELECT 1 FROM staff_service ss JOIN service s ON s.id = ss.service_id
			WHERE ss.staff_id = m.id AND s.slug = ` + q.arg(f.Service) + `)`)
	}
	if f.Language != "" {
		q.where("EXISTS (SELECT 1 FROM staff_language sl WHERE sl.staff_id = m.id AND sl.language = " + q.arg(f.Language) + ")")
	}
	if f.Interpreter != nil {
		q.where("m.interpreter = " + q.arg(*f.Interpreter))
	}
	tail, err := q.page("m.slug", f.Page)
	if err != nil {
		return nil, "", err
	}
	rows, err := c.db.read.QueryContext(ctx, `SELECT m.id, m.slug, m.name, g.slug, m.title_fi, m.title_sv, m.title_en, m.interpreter
		FROM staff_member m JOIN organisation g ON g.id = m.organisation_id`+q.whereClause()+tail, q.args...)
	type row struct {
		id int64
		m  catalogue.StaffMember
	}
	list, err := collect(rows, err, func(s scanner) (row, error) {
		var r row
		err := s.Scan(&r.id, &r.m.Slug, &r.m.Name, &r.m.Organisation, &r.m.Title.Fi, &r.m.Title.Sv, &r.m.Title.En, &r.m.Interpreter)
		return r, err
	})
	if err != nil {
		return nil, "", err
	}
	list, next := nextCursor(list, f.Page, func(r row) string { return r.m.Slug })
	staff := make([]catalogue.StaffMember, len(list))
	if len(list) == 0 {
		return staff, next, nil
	}
	index := make(map[int64]int, len(list))
	ids := make([]string, len(list))
	for i, r := range list {
		staff[i] = r.m
		staff[i].Services, staff[i].Languages = []string{}, []string{}
		index[r.id] = i
		ids[i] = fmt.Sprint(r.id) // integers from the database, safe to inline
	}
	in := strings.Join(ids, ",")
	rows, err = c.db.read.QueryContext(ctx, `SELECT ss.staff_id, s.slug FROM staff_service ss JOIN service s ON s.id = ss.service_id
		WHERE ss.staff_id IN (`+in+`) ORDER BY s.slug`)
	if err := eachPair(rows, err, func(id int64, v string) { staff[index[id]].Services = append(staff[index[id]].Services, v) }); err != nil {
		return nil, "", err
	}
	rows, err = c.db.read.QueryContext(ctx, `SELECT staff_id, language FROM staff_language WHERE staff_id IN (`+in+`) ORDER BY ord`)
	if err := eachPair(rows, err, func(id int64, v string) { staff[index[id]].Languages = append(staff[index[id]].Languages, v) }); err != nil {
		return nil, "", err
	}
	return staff, next, nil
}

func eachPair(rows *sql.Rows, err error, fn func(int64, string)) error {
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var v string
		if err := rows.Scan(&id, &v); err != nil {
			return err
		}
		fn(id, v)
	}
	return rows.Err()
}

// mustExist turns a filter naming a missing entity into a 400 that says so.
func (c *Catalogue) mustExist(ctx context.Context, table, param, slug string) error {
	var n int
	if err := c.db.read.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+table+" WHERE slug = $1", slug).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return errs.Param(param, "There is no %s %q.", param, slug)
	}
	return nil
}

// Empty reports whether no organisation exists yet.
func (c *Catalogue) Empty(ctx context.Context) (bool, error) {
	var n int
	err := c.db.read.QueryRowContext(ctx, "SELECT COUNT(*) FROM organisation").Scan(&n)
	return n == 0, err
}
