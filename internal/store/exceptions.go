package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"time"

	"github.com/onestop-fi/onestop/internal/catalogue"
	"github.com/onestop-fi/onestop/internal/errs"
)

const exceptionColumns = `e.id, p.slug, COALESCE(s.slug, ''), e.first_day, e.last_day, e.hours, e.reason_fi, e.reason_sv, e.reason_en`

const exceptionFrom = ` FROM hours_exception e JOIN service_point p ON p.id = e.point_id LEFT JOIN service s ON s.id = e.service_id`

func scanException(s scanner) (catalogue.Exception, error) {
	var e catalogue.Exception
	err := s.Scan(&e.ID, &e.Point, &e.Service, &e.FirstDay, &e.LastDay, &e.Hours, &e.Reason.Fi, &e.Reason.Sv, &e.Reason.En)
	return e, err
}

// Exceptions lists the exceptions of a point and its offerings that touch
// the days from first to last. Days are YYYY-MM-DD text, so comparing them
// as text compares them as dates.
func (c *Catalogue) Exceptions(ctx context.Context, point, first, last string) ([]catalogue.Exception, error) {
	list, err := cached(ctx, c.db, "exceptions\x00"+point+"\x00"+first+"\x00"+last, func() ([]catalogue.Exception, error) {
		return c.exceptions(ctx, point, first, last)
	})
	return slices.Clone(list), err
}

func (c *Catalogue) exceptions(ctx context.Context, point, first, last string) ([]catalogue.Exception, error) {
	if err := c.mustExist(ctx, "service_point", "point", point); err != nil {
		return nil, errs.NotFoundf("There is no service point %q.", point)
	}
	rows, err := c.db.read.QueryContext(ctx, "SELECT "+exceptionColumns+exceptionFrom+`
		WHERE p.slug = $1 AND e.last_day >= $2 AND e.first_day <= $3
		ORDER BY e.first_day, e.id`, point, first, last)
	return collect(rows, err, scanException)
}

// AddException stores an exception after checking that its point exists
// and, for an offering's exception, that the service is given there.
func (c *Catalogue) AddException(ctx context.Context, e catalogue.Exception) (catalogue.Exception, error) {
	if err := e.Validate(); err != nil {
		return e, err
	}
	err := c.db.Write(ctx, func(tx *sql.Tx) error {
		var pointID int64
		err := tx.QueryRowContext(ctx, "SELECT id FROM service_point WHERE slug = $1", e.Point).Scan(&pointID)
		if errors.Is(err, sql.ErrNoRows) {
			return errs.NotFoundf("There is no service point %q.", e.Point)
		}
		if err != nil {
			return err
		}
		var serviceID sql.NullInt64
		if e.Service != "" {
			err := tx.QueryRowContext(ctx, `SELECT o.service_id FROM offering o JOIN service s ON s.id = o.service_id
				WHERE o.point_id = $1 AND s.slug = $2`, pointID, e.Service).Scan(&serviceID)
			if errors.Is(err, sql.ErrNoRows) {
				return errs.Param("service", "The service %q is not given at %q.", e.Service, e.Point)
			}
			if err != nil {
				return err
			}
		}
		return tx.QueryRowContext(ctx, `INSERT INTO hours_exception
			(point_id, service_id, first_day, last_day, hours, reason_fi, reason_sv, reason_en, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			pointID, serviceID, e.FirstDay, e.LastDay, e.Hours, e.Reason.Fi, e.Reason.Sv, e.Reason.En,
			c.db.Now().UTC().Format(time.RFC3339)).Scan(&e.ID)
	})
	return e, err
}

// DeleteException removes exception id of point.
func (c *Catalogue) DeleteException(ctx context.Context, point string, id int64) error {
	return c.db.Write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM hours_exception
			WHERE id = $1 AND point_id = (SELECT id FROM service_point WHERE slug = $2)`, id, point)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return errs.NotFoundf("Service point %q has no exception %d.", point, id)
		}
		return nil
	})
}
