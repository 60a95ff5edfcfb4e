package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/onestop-fi/onestop/internal/catalogue"
	"github.com/onestop-fi/onestop/internal/errs"
)

var _ catalogue.Editor = (*Catalogue)(nil)

// errOwnedElsewhere says that an upsert found its row under another owner
// and wrote nothing; the caller names the owner in a conflict.
var errOwnedElsewhere = errors.New("row belongs to another owner")

// upsert writes one row inside tx: insert is an INSERT … ON CONFLICT …
// DO NOTHING RETURNING id, and when it inserts nothing because the key
// exists, update (an UPDATE … RETURNING id over the same arguments) changes
// the row instead. An update whose WHERE clause pins the owner matches
// nothing when the row belongs to another: that is errOwnedElsewhere.
//
// Inserting first makes the database decide whether the row is new: two
// writers saving the same new slug cannot both insert, and the loser's
// update sees the winner's row.
func upsert(ctx context.Context, tx *sql.Tx, insert, update string, args ...any) (id int64, created bool, err error) {
	err = tx.QueryRowContext(ctx, insert, args...).Scan(&id)
	if err == nil {
		return id, true, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, false, err
	}
	err = tx.QueryRowContext(ctx, update, args...).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, errOwnedElsewhere
	}
	return id, false, err
}

// idOf finds the id of slug in table inside tx. A missing one is invalid
// input about field, the name of the reference in the saved entity.
func idOf(ctx context.Context, q execer, table, field, slug string) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, "SELECT id FROM "+table+" WHERE slug = $1", slug).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, errs.Param(field, "There is no %s %q.", nameOf(table), slug)
	}
	return id, err
}

// ownerOf reads the slug of the owner of an existing row, for the
// sentence that refuses to move it; column is a qualified owner slug and
// from joins it to the entity aliased e.
func ownerOf(ctx context.Context, tx *sql.Tx, column, from, slug string) (string, error) {
	var owner string
	err := tx.QueryRowContext(ctx, "SELECT "+column+" FROM "+from+" WHERE e.slug = $1", slug).Scan(&owner)
	return owner, err
}

// twice returns the first item listed more than once, or "".
func twice(list []string) string {
	seen := make(map[string]bool, len(list))
	for _, s := range list {
		if seen[s] {
			return s
		}
		seen[s] = true
	}
	return ""
}

// SaveOrganisation creates or changes an organisation. A business ID that
// another organisation has is a conflict.
func (c *Catalogue) SaveOrganisation(ctx context.Context, o catalogue.Organisation) (created bool, err error) {
	if err := o.Validate(); err != nil {
		return false, err
	}
	err = c.db.Write(ctx, func(tx *sql.Tx) error {
		var err error
		_, created, err = upsert(ctx, tx, `INSERT INTO organisation
			(slug, kind, business_id, name_fi, name_sv, name_en, description_fi, description_sv, description_en, website)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
			ON CONFLICT (slug) DO NOTHING RETURNING id`,
			`UPDATE organisation SET kind = $2, business_id = $3, name_fi = $4, name_sv = $5, name_en = $6,
				description_fi = $7, description_sv = $8, description_en = $9, website = $10
			WHERE slug = $1 RETURNING id`,
			o.Slug, o.Kind, o.BusinessID, o.Name.Fi, o.Name.Sv, o.Name.En,
			o.Description.Fi, o.Description.Sv, o.Description.En, o.Website)
		if c.db.Violation(err) == Unique {
			e := errs.Conflictf("Another organisation has the business ID %q.", o.BusinessID)
			e.Param, e.Err = "business_id", err
			return e
		}
		return err
	})
	return created, err
}

// SaveService creates or changes a service of an organisation.
func (c *Catalogue) SaveService(ctx context.Context, s catalogue.Service) (created bool, err error) {
	if err := s.Validate(); err != nil {
		return false, err
	}
	err = c.db.Write(ctx, func(tx *sql.Tx) error {
		org, err := idOf(ctx, tx, "organisation", "organisation", s.Organisation)
		if err != nil {
			return err
		}
		_, created, err = upsert(ctx, tx, `INSERT INTO service
			(slug, organisation_id, name_fi, name_sv, name_en, description_fi, description_sv, description_en,
			 channels, duration_minutes, languages, life_events, min_notice_minutes, horizon_days)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
			ON CONFLICT (slug) DO NOTHING RETURNING id`,
			`UPDATE service SET name_fi = $3, name_sv = $4, name_en = $5,
				description_fi = $6, description_sv = $7, description_en = $8,
				channels = $9, duration_minutes = $10, languages = $11, life_events = $12,
				min_notice_minutes = $13, horizon_days = $14
			WHERE slug = $1 AND organisation_id = $2 RETURNING id`,
			s.Slug, org, s.Name.Fi, s.Name.Sv, s.Name.En, s.Description.Fi, s.Description.Sv, s.Description.En,
			jsonList(s.Channels), s.DurationMinutes, jsonList(s.Languages), jsonList(s.LifeEvents), s.MinNoticeMinutes, s.HorizonDays)
		if errors.Is(err, errOwnedElsewhere) {
			owner, err := ownerOf(ctx, tx, "g.slug", "service e JOIN organisation g ON g.id = e.organisation_id", s.Slug)
			if err != nil {
				return err
			}
			return errs.Conflictf("Service %q belongs to %q; it cannot be moved to another organisation.", s.Slug, owner)
		}
		return err
	})
	return created, err
}

// SavePoint creates or changes a service point.
func (c *Catalogue) SavePoint(ctx context.Context, p catalogue.Point) (created bool, err error) {
	if err := p.Validate(); err != nil {
		return false, err
	}
	var lat, lon sql.NullFloat64
	if p.Location != nil {
		lat = sql.NullFloat64{Float64: p.Location.Lat, Valid: true}
		lon = sql.NullFloat64{Float64: p.Location.Lon, Valid: true}
	}
	a := p.Address
	err = c.db.Write(ctx, func(tx *sql.Tx) error {
		var err error
		_, created, err = upsert(ctx, tx, `INSERT INTO service_point
			(slug, kind, name_fi, name_sv, name_en, description_fi, description_sv, description_en,
			 street_fi, street_sv, street_en, postal_code, post_office_fi, post_office_sv, post_office_en,
			 municipality_code, municipality_fi, municipality_sv, municipality_en, municipality_search,
			 lat, lon, time_zone, opening_hours, accessibility_fi, accessibility_sv, accessibility_en,
			 languages, phone, email, national_closures_off)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
			 $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31)
			ON CONFLICT (slug) DO NOTHING RETURNING id`,
			`UPDATE service_point SET kind = $2, name_fi = $3, name_sv = $4, name_en = $5,
				description_fi = $6, description_sv = $7, description_en = $8,
				street_fi = $9, street_sv = $10, street_en = $11, postal_code = $12,
				post_office_fi = $13, post_office_sv = $14, post_office_en = $15,
				municipality_code = $16, municipality_fi = $17, municipality_sv = $18, municipality_en = $19,
				municipality_search = $20, lat = $21, lon = $22, time_zone = $23, opening_hours = $24,
				accessibility_fi = $25, accessibility_sv = $26, accessibility_en = $27,
				languages = $28, phone = $29, email = $30, national_closures_off = $31
			WHERE slug = $1 RETURNING id`,
			p.Slug, p.Kind, p.Name.Fi, p.Name.Sv, p.Name.En, p.Description.Fi, p.Description.Sv, p.Description.En,
			a.Street.Fi, a.Street.Sv, a.Street.En, a.PostalCode, a.PostOffice.Fi, a.PostOffice.Sv, a.PostOffice.En,
			p.Municipality.Code, p.Municipality.Name.Fi, p.Municipality.Name.Sv, p.Municipality.Name.En,
			municipalitySearch(p.Municipality),
			lat, lon, p.TimeZone, p.OpeningHours, p.Accessibility.Fi, p.Accessibility.Sv, p.Accessibility.En,
			jsonList(p.Languages), p.Phone, p.Email, p.NationalClosuresOff)
		return err
	})
	return created, err
}

// SaveOffering creates or changes the offering of a service at a point.
func (c *Catalogue) SaveOffering(ctx context.Context, o catalogue.Offering) (created bool, err error) {
	if err := o.Validate(); err != nil {
		return false, err
	}
	err = c.db.Write(ctx, func(tx *sql.Tx) error {
		point, err := idOf(ctx, tx, "service_point", "point", o.Point)
		if err != nil {
			return err
		}
		service, err := idOf(ctx, tx, "service", "service", o.Service)
		if err != nil {
			return err
		}
		_, created, err = upsert(ctx, tx, `INSERT INTO offering
			(point_id, service_id, walk_in_hours, appointment_hours, notes_fi, notes_sv, notes_en)
			VALUES ($1, $2, $3, $4, $5, $6, $7)
			ON CONFLICT (point_id, service_id) DO NOTHING RETURNING id`,
			`UPDATE offering SET walk_in_hours = $3, appointment_hours = $4, notes_fi = $5, notes_sv = $6, notes_en = $7
			WHERE point_id = $1 AND service_id = $2 RETURNING id`,
			point, service, o.WalkInHours, o.AppointmentHours, o.Notes.Fi, o.Notes.Sv, o.Notes.En)
		return err
	})
	return created, err
}

// DeleteOffering removes the offering of service at point and the hours
// exceptions of that offering; the point's own exceptions stay.
func (c *Catalogue) DeleteOffering(ctx context.Context, point, service string) error {
	const ids = `point_id = (SELECT id FROM service_point WHERE slug = $1)
		AND service_id = (SELECT id FROM service WHERE slug = $2)`
	return c.db.Write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM hours_exception WHERE "+ids, point, service); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, "DELETE FROM offering WHERE "+ids, point, service)
		if c.db.Violation(err) == ForeignKey {
			e := errs.Conflictf("The offering of %q at %q cannot be removed while other records refer to it.", service, point)
			e.Err = err
			return e
		}
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return errs.NotFoundf("There is no offering of %q at %q.", service, point)
		}
		return nil
	})
}

// SaveStaffMember creates or changes a staff member of an organisation
// and replaces their services and languages with those given.
func (c *Catalogue) SaveStaffMember(ctx context.Context, m catalogue.StaffMember) (created bool, err error) {
	if err := m.Validate(); err != nil {
		return false, err
	}
	if s := twice(m.Services); s != "" {
		return false, errs.Param("services", "Staff member %q lists service %q twice.", m.Slug, s)
	}
	if l := twice(m.Languages); l != "" {
		return false, errs.Param("languages", "Staff member %q lists language %q twice.", m.Slug, l)
	}
	err = c.db.Write(ctx, func(tx *sql.Tx) error {
		org, err := idOf(ctx, tx, "organisation", "organisation", m.Organisation)
		if err != nil {
			return err
		}
		services := make([]int64, len(m.Services))
		for i, s := range m.Services {
			if services[i], err = idOf(ctx, tx, "service", "services", s); err != nil {
				return err
			}
		}
		var staffID int64
		staffID, created, err = upsert(ctx, tx, `INSERT INTO staff_member
			(slug, name, organisation_id, title_fi, title_sv, title_en, interpreter)
			VALUES ($1, $2, $3, $4, $5, $6, $7)
			ON CONFLICT (slug) DO NOTHING RETURNING id`,
			`UPDATE staff_member SET name = $2, title_fi = $4, title_sv = $5, title_en = $6, interpreter = $7
			WHERE slug = $1 AND organisation_id = $3 RETURNING id`,
			m.Slug, m.Name, org, m.Title.Fi, m.Title.Sv, m.Title.En, m.Interpreter)
		if errors.Is(err, errOwnedElsewhere) {
			owner, err := ownerOf(ctx, tx, "g.slug", "staff_member e JOIN organisation g ON g.id = e.organisation_id", m.Slug)
			if err != nil {
				return err
			}
			return errs.Conflictf("Staff member %q belongs to %q; a staff member cannot be moved to another organisation.", m.Slug, owner)
		}
		if err != nil {
			return err
		}
		if !created {
			for _, table := range []string{"staff_service", "staff_language"} {
				if _, err := tx.ExecContext(ctx, "DELETE FROM "+table+" WHERE staff_id = $1", staffID); err != nil {
					return err
				}
			}
		}
		for _, service := range services {
			if _, err := tx.ExecContext(ctx, "INSERT INTO staff_service (staff_id, service_id) VALUES ($1, $2)", staffID, service); err != nil {
				return err
			}
		}
		for i, lang := range m.Languages {
			if _, err := tx.ExecContext(ctx, "INSERT INTO staff_language (staff_id, language, ord) VALUES ($1, $2, $3)", staffID, lang, i); err != nil {
				return err
			}
		}
		return nil
	})
	return created, err
}

// StaffMember returns one staff member as Staff lists them: services by
// slug, languages in the order given.
func (c *Catalogue) StaffMember(ctx context.Context, slug string) (catalogue.StaffMember, error) {
	var id int64
	m := catalogue.StaffMember{Services: []string{}, Languages: []string{}}
	err := c.db.read.QueryRowContext(ctx, `SELECT m.id, m.slug, m.name, g.slug, m.title_fi, m.title_sv, m.title_en, m.interpreter
		FROM staff_member m JOIN organisation g ON g.id = m.organisation_id WHERE m.slug = $1`, slug).
		Scan(&id, &m.Slug, &m.Name, &m.Organisation, &m.Title.Fi, &m.Title.Sv, &m.Title.En, &m.Interpreter)
	if errors.Is(err, sql.ErrNoRows) {
		return m, errs.NotFoundf("There is no staff member %q.", slug)
	}
	if err != nil {
		return m, err
	}
	rows, err := c.db.read.QueryContext(ctx, `SELECT ss.staff_id, s.slug FROM staff_service ss JOIN service s ON s.id = ss.service_id
		WHERE ss.staff_id = $1 ORDER BY s.slug`, id)
	if err := eachPair(rows, err, func(_ int64, v string) { m.Services = append(m.Services, v) }); err != nil {
		return m, err
	}
	rows, err = c.db.read.QueryContext(ctx, `SELECT staff_id, language FROM staff_language WHERE staff_id = $1 ORDER BY ord`, id)
	err = eachPair(rows, err, func(_ int64, v string) { m.Languages = append(m.Languages, v) })
	return m, err
}

// SaveResource creates or changes a resource at a point.
func (c *Catalogue) SaveResource(ctx context.Context, r catalogue.Resource) (created bool, err error) {
	if err := r.Validate(); err != nil {
		return false, err
	}
	err = c.db.Write(ctx, func(tx *sql.Tx) error {
		point, err := idOf(ctx, tx, "service_point", "point", r.Point)
		if err != nil {
			return err
		}
		_, created, err = upsert(ctx, tx, `INSERT INTO resource
			(slug, point_id, kind, name_fi, name_sv, name_en, capacity, bookable_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
			ON CONFLICT (slug) DO NOTHING RETURNING id`,
			`UPDATE resource SET kind = $3, name_fi = $4, name_sv = $5, name_en = $6, capacity = $7, bookable_by = $8
			WHERE slug = $1 AND point_id = $2 RETURNING id`,
			r.Slug, point, r.Kind, r.Name.Fi, r.Name.Sv, r.Name.En, r.Capacity, r.BookableBy)
		if errors.Is(err, errOwnedElsewhere) {
			owner, err := ownerOf(ctx, tx, "p.slug", "resource e JOIN service_point p ON p.id = e.point_id", r.Slug)
			if err != nil {
				return err
			}
			return errs.Conflictf("Resource %q is at %q; it cannot be moved to another service point.", r.Slug, owner)
		}
		return err
	})
	return created, err
}

// Resource returns one resource.
func (c *Catalogue) Resource(ctx context.Context, slug string) (catalogue.Resource, error) {
	var r catalogue.Resource
	err := c.db.read.QueryRowContext(ctx, `SELECT r.slug, p.slug, r.kind, r.name_fi, r.name_sv, r.name_en, r.capacity, r.bookable_by
		FROM resource r JOIN service_point p ON p.id = r.point_id WHERE r.slug = $1`, slug).
		Scan(&r.Slug, &r.Point, &r.Kind, &r.Name.Fi, &r.Name.Sv, &r.Name.En, &r.Capacity, &r.BookableBy)
	if errors.Is(err, sql.ErrNoRows) {
		return r, errs.NotFoundf("There is no resource %q.", slug)
	}
	return r, err
}
