package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/onestop-fi/onestop/internal/catalogue"
	"github.com/onestop-fi/onestop/internal/errs"
)

// Import writes a catalogue in one transaction: all of it or nothing.
// References may point into the catalogue itself or at entities already
// stored; a slug that exists already is a conflict.
func (c *Catalogue) Import(ctx context.Context, cat *catalogue.Catalogue) error {
	if err := cat.Validate(); err != nil {
		return err
	}
	return c.db.Write(ctx, func(tx *sql.Tx) error {
		im := importer{ctx: ctx, tx: tx, db: c.db, ids: map[string]int64{}}
		return im.run(cat)
	})
}

type importer struct {
	ctx context.Context
	tx  *sql.Tx
	db  *DB
	// ids caches slug → id per table, keyed "table/slug".
	ids map[string]int64
}

func (im *importer) run(cat *catalogue.Catalogue) error {
	for _, o := range cat.Organisations {
		if err := im.insert("organisation", o.Slug, "organisation", `INSERT INTO organisation
			(slug, kind, business_id, name_fi, name_sv, name_en, description_fi, description_sv, description_en, website)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			o.Slug, o.Kind, o.BusinessID, o.Name.Fi, o.Name.Sv, o.Name.En,
			o.Description.Fi, o.Description.Sv, o.Description.En, o.Website); err != nil {
			return err
		}
	}
	for _, s := range cat.Services {
		org, err := im.id("organisation", s.Organisation, "service "+s.Slug)
		if err != nil {
			return err
		}
		if err := im.insert("service", s.Slug, "service", `INSERT INTO service
			(slug, organisation_id, name_fi, name_sv, name_en, description_fi, description_sv, description_en,
			 channels, duration_minutes, languages, life_events, min_notice_minutes, horizon_days)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
			s.Slug, org, s.Name.Fi, s.Name.Sv, s.Name.En, s.Description.Fi, s.Description.Sv, s.Description.En,
			jsonList(s.Channels), s.DurationMinutes, jsonList(s.Languages), jsonList(s.LifeEvents), s.MinNoticeMinutes, s.HorizonDays); err != nil {
			return err
		}
	}
	for _, p := range cat.Points {
		var lat, lon sql.NullFloat64
		if p.Location != nil {
			lat = sql.NullFloat64{Float64: p.Location.Lat, Valid: true}
			lon = sql.NullFloat64{Float64: p.Location.Lon, Valid: true}
		}
		a := p.Address
		if err := im.insert("service_point", p.Slug, "service point", `INSERT INTO service_point
			(slug, kind, name_fi, name_sv, name_en, description_fi, description_sv, description_en,
			 street_fi, street_sv, street_en, postal_code, post_office_fi, post_office_sv, post_office_en,
			 municipality_code, municipality_fi, municipality_sv, municipality_en, municipality_search,
			 lat, lon, time_zone, opening_hours, accessibility_fi, accessibility_sv, accessibility_en,
			 languages, phone, email, national_closures_off)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
			 $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31) RETURNING id`,
			p.Slug, p.Kind, p.Name.Fi, p.Name.Sv, p.Name.En, p.Description.Fi, p.Description.Sv, p.Description.En,
			a.Street.Fi, a.Street.Sv, a.Street.En, a.PostalCode, a.PostOffice.Fi, a.PostOffice.Sv, a.PostOffice.En,
			p.Municipality.Code, p.Municipality.Name.Fi, p.Municipality.Name.Sv, p.Municipality.Name.En,
			municipalitySearch(p.Municipality),
			lat, lon, p.TimeZone, p.OpeningHours, p.Accessibility.Fi, p.Accessibility.Sv, p.Accessibility.En,
			jsonList(p.Languages), p.Phone, p.Email, p.NationalClosuresOff); err != nil {
			return err
		}
	}
	for _, o := range cat.Offerings {
		what := "offering of " + o.Service + " at " + o.Point
		point, err := im.id("service_point", o.Point, what)
		if err != nil {
			return err
		}
		service, err := im.id("service", o.Service, what)
		if err != nil {
			return err
		}
		if err := im.insert("offering", o.Point+"/"+o.Service, "offering", `INSERT INTO offering
			(point_id, service_id, walk_in_hours, appointment_hours, notes_fi, notes_sv, notes_en)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			point, service, o.WalkInHours, o.AppointmentHours, o.Notes.Fi, o.Notes.Sv, o.Notes.En); err != nil {
			return err
		}
	}
	for _, m := range cat.Staff {
		if err := im.staff(m); err != nil {
			return err
		}
	}
	for _, r := range cat.Resources {
		point, err := im.id("service_point", r.Point, "resource "+r.Slug)
		if err != nil {
			return err
		}
		if err := im.insert("resource", r.Slug, "resource", `INSERT INTO resource
			(slug, point_id, kind, name_fi, name_sv, name_en, capacity, bookable_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			r.Slug, point, r.Kind, r.Name.Fi, r.Name.Sv, r.Name.En, r.Capacity, r.BookableBy); err != nil {
			return err
		}
	}
	return nil
}

func (im *importer) staff(m catalogue.StaffMember) error {
	org, err := im.id("organisation", m.Organisation, "staff member "+m.Slug)
	if err != nil {
		return err
	}
	if err := im.insert("staff_member", m.Slug, "staff member", `INSERT INTO staff_member
		(slug, name, organisation_id, title_fi, title_sv, title_en, interpreter)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		m.Slug, m.Name, org, m.Title.Fi, m.Title.Sv, m.Title.En, m.Interpreter); err != nil {
		return err
	}
	staffID := im.ids["staff_member/"+m.Slug]
	for _, sv := range m.Services {
		service, err := im.id("service", sv, "staff member "+m.Slug)
		if err != nil {
			return err
		}
		if _, err := im.tx.ExecContext(im.ctx, "INSERT INTO staff_service (staff_id, service_id) VALUES ($1, $2)", staffID, service); err != nil {
			return im.conflict(err, "staff member %q lists service %q twice.", m.Slug, sv)
		}
	}
	for i, lang := range m.Languages {
		if _, err := im.tx.ExecContext(im.ctx, "INSERT INTO staff_language (staff_id, language, ord) VALUES ($1, $2, $3)", staffID, lang, i); err != nil {
			return im.conflict(err, "staff member %q lists language %q twice.", m.Slug, lang)
		}
	}
	return nil
}

// insert runs an INSERT … RETURNING id and remembers the id of slug.
func (im *importer) insert(table, slug, what, stmt string, args ...any) error {
	var id int64
	if err := im.tx.QueryRowContext(im.ctx, stmt, args...).Scan(&id); err != nil {
		// The one other unique column: both engines name it in the error.
		if table == "organisation" && strings.Contains(err.Error(), "business_id") {
			return im.conflict(err, "Organisation %q has a business ID that another organisation has already.", slug)
		}
		return im.conflict(err, "%s %q exists already.", catalogue.Capitalise(what), slug)
	}
	im.ids[table+"/"+slug] = id
	return nil
}

// conflict names the clash when err is a unique violation.
func (im *importer) conflict(err error, format string, args ...any) error {
	if im.db.Violation(err) == Unique {
		e := errs.Conflictf(format, args...)
		e.Err = err
		return e
	}
	return err
}

// id finds the id of slug in table, among what this import wrote or what
// was stored before.
func (im *importer) id(table, slug, referrer string) (int64, error) {
	if id, ok := im.ids[table+"/"+slug]; ok {
		return id, nil
	}
	var id int64
	err := im.tx.QueryRowContext(im.ctx, "SELECT id FROM "+table+" WHERE slug = $1", slug).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, errs.Invalidf("%s refers to %s %q, which does not exist.", catalogue.Capitalise(referrer), nameOf(table), slug)
	}
	if err != nil {
		return 0, err
	}
	im.ids[table+"/"+slug] = id
	return id, nil
}

func nameOf(table string) string {
	switch table {
	case "service_point":
		return "service point"
	case "staff_member":
		return "staff member"
	}
	return table
}
