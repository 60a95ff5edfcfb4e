package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/onestop-fi/onestop/internal/access"
	"github.com/onestop-fi/onestop/internal/errs"
)

// Customer records are personal data. Every query here carries the
// actor's organisations, so that what a handler asks for can only reach
// the records of the organisations the actor serves (and, for reading,
// records the customer consented to share with them); every read, change
// and refusal is written to the audit log in the same transaction.

const customerColumns = `c.id, c.public_id, o.slug, c.name, c.phone, c.email, c.language, c.needs,
	COALESCE(c.identity_lookup, ''), COALESCE(c.identity_sealed, ''), c.created_at, c.updated_at, c.erased_at`

const customerFrom = ` FROM customer c JOIN organisation o ON o.id = c.organisation_id`

func scanCustomer(s scanner) (int64, access.Customer, error) {
	var id int64
	var c access.Customer
	var created, updated, erased string
	err := s.Scan(&id, &c.ID, &c.Organisation, &c.Name, &c.Phone, &c.Email, &c.Language, &c.Needs,
		&c.Lookup, &c.Sealed, &created, &updated, &erased)
	c.Created, c.Updated, c.Erased = parseTime(created), parseTime(updated), optionalTime(erased)
	return id, c, err
}

// inList adds the organisations as arguments and returns "($1, $2)"; an
// empty list becomes a list no slug matches.
func inList(q *query, orgs []string) string {
	if len(orgs) == 0 {
		return "('')"
	}
	ps := make([]string, len(orgs))
	for i, o := range orgs {
		ps[i] = q.arg(o)
	}
	return "(" + strings.Join(ps, ", ") + ")"
}

// customerScope is how the actor reaches a record.
type customerScope int

const (
	// owner: the actor serves the organisation that recorded it.
	owner customerScope = iota
	// shared: the owner or an organisation the customer consented to
	// share with.
	shared
)

// customerFor reads the record public id as the actor may see it, within
// tx. A record that exists but is out of the actor's reach is refused
// and the refusal audited; a record that does not exist is not found.
// The audit entry of an allowed use is the caller's to write.
func (a *Access) customerFor(ctx context.Context, tx *sql.Tx, by *access.Actor, id string, scope customerScope,
	action, purpose string) (int64, access.Customer, error) {
	orgs := by.Organisations(access.CustomerRoles...)
	var q query
	pid := q.arg(id)
	in := inList(&q, orgs)
	cond := "o.slug IN " + in
	sharedWith := "''"
	if scope == shared {
		consent := `(SELECT MIN(ko.slug) FROM consent k JOIN organisation ko ON ko.id = k.organisation_id
			WHERE k.customer_id = c.id AND k.withdrawn_at = '' AND ko.slug IN ` + inList(&q, orgs) + `)`
		cond = "(" + cond + " OR " + consent + " IS NOT NULL)"
		sharedWith = "CASE WHEN o.slug IN " + inList(&q, orgs) + " THEN '' ELSE " + consent + " END"
	}
	var rowID int64
	var c access.Customer
	var created, updated, erased string
	err := tx.QueryRowContext(ctx, "SELECT "+customerColumns+", "+sharedWith+customerFrom+
		" WHERE c.public_id = "+pid+" AND "+cond, q.args...).Scan(&rowID, &c.ID, &c.Organisation, &c.Name, &c.Phone,
		&c.Email, &c.Language, &c.Needs, &c.Lookup, &c.Sealed, &created, &updated, &erased, &c.SharedWith)
	c.Created, c.Updated, c.Erased = parseTime(created), parseTime(updated), optionalTime(erased)
	if err == nil {
		return rowID, c, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, c, err
	}
	var ownerOrg string
	err = tx.QueryRowContext(ctx, "SELECT o.slug"+customerFrom+" WHERE c.public_id = $1", id).Scan(&ownerOrg)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, c, errs.NotFoundf("There is no customer record %q.", id)
	}
	if err != nil {
		return 0, c, err
	}
	return 0, c, &refusal{entry: a.customerEntry(by, action, id, ownerOrg, purpose, access.Refused),
		err: access.Denied(by, "Customer record %s belongs to another organisation; you may read it only when the customer has consented to share it with yours.", id)}
}

// refusal is a denied attempt whose audit entry must outlive the
// transaction's rollback.
type refusal struct {
	entry access.AuditEntry
	err   error
}

func (r *refusal) Error() string { return r.err.Error() }
func (r *refusal) Unwrap() error { return r.err }

// customerWrite runs fn in a write transaction; a refusal inside it is
// audited in a transaction of its own after the rollback, so the attempt
// is on record even though nothing else was written.
func (a *Access) customerWrite(ctx context.Context, fn func(tx *sql.Tx) error) error {
	err := a.db.Write(ctx, fn)
	var r *refusal
	if errors.As(err, &r) {
		if aerr := a.Audit(ctx, r.entry); aerr != nil {
			return aerr
		}
		return r.err
	}
	return err
}

func (a *Access) customerEntry(by *access.Actor, action, id, ownerOrg, purpose string, outcome access.Outcome) access.AuditEntry {
	e := by.Entry(action, "customer", id)
	e.SubjectOrganisation, e.Purpose, e.Outcome = ownerOrg, purpose, outcome
	if orgs := by.Organisations(access.CustomerRoles...); slices.Contains(orgs, ownerOrg) {
		e.Organisation = ownerOrg
	} else {
		e.Organisation = strings.Join(orgs, ",")
	}
	return e
}

// CreateCustomer records a customer for an organisation the actor serves.
func (a *Access) CreateCustomer(ctx context.Context, by *access.Actor, c access.Customer, purpose string) (access.Customer, error) {
	now := timeText(a.db.Now())
	err := a.customerWrite(ctx, func(tx *sql.Tx) error {
		if !slices.Contains(by.Organisations(access.CustomerRoles...), c.Organisation) {
			return &refusal{entry: a.customerEntry(by, "customer.create", c.ID, c.Organisation, purpose, access.Refused),
				err: access.Denied(by, "You may record customers only for an organisation you serve as staff.")}
		}
		var orgID int64
		err := tx.QueryRowContext(ctx, "SELECT id FROM organisation WHERE slug = $1", c.Organisation).Scan(&orgID)
		if errors.Is(err, sql.ErrNoRows) {
			return errs.Param("organisation", "There is no organisation %q.", c.Organisation)
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO customer
			(public_id, organisation_id, name, phone, email, language, needs, identity_lookup, identity_sealed, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)`,
			c.ID, orgID, c.Name, c.Phone, c.Email, c.Language, c.Needs, nullable(c.Lookup), nullable(c.Sealed), now); err != nil {
			return err
		}
		return a.insertAudit(ctx, tx, a.customerEntry(by, "customer.create", c.ID, c.Organisation, purpose, access.Allowed))
	})
	c.Created, c.Updated = parseTime(now), parseTime(now)
	return c, err
}

func nullable(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }

// Customer reads a record the actor's organisation owns or was given by
// consent, and audits the read.
func (a *Access) Customer(ctx context.Context, by *access.Actor, id, purpose string) (access.Customer, error) {
	var c access.Customer
	err := a.customerWrite(ctx, func(tx *sql.Tx) error {
		rowID, got, err := a.customerFor(ctx, tx, by, id, shared, "customer.read", purpose)
		if err != nil {
			return err
		}
		c = got
		if c.SharedWith == "" {
			rows, err := tx.QueryContext(ctx, "SELECT "+consentColumns+consentFrom+" WHERE k.customer_id = $1 ORDER BY k.id", rowID)
			if c.Consents, err = collect(rows, err, scanConsent); err != nil {
				return err
			}
		}
		e := a.customerEntry(by, "customer.read", id, c.Organisation, purpose, access.Allowed)
		if c.SharedWith != "" {
			e.Organisation = c.SharedWith
		}
		return a.insertAudit(ctx, tx, e)
	})
	return c, err
}

// FindCustomers finds the records of the actor's organisations with an
// identity code's lookup hash, and audits each one found.
func (a *Access) FindCustomers(ctx context.Context, by *access.Actor, lookup, purpose string) ([]access.Customer, error) {
	var found []access.Customer
	err := a.customerWrite(ctx, func(tx *sql.Tx) error {
		var q query
		q.where("c.identity_lookup = " + q.arg(lookup))
		q.where("o.slug IN " + inList(&q, by.Organisations(access.CustomerRoles...)))
		rows, err := tx.QueryContext(ctx, "SELECT "+customerColumns+customerFrom+q.whereClause()+" ORDER BY c.id", q.args...)
		if err != nil {
			return err
		}
		found, err = collect(rows, nil, func(s scanner) (access.Customer, error) {
			_, c, err := scanCustomer(s)
			return c, err
		})
		if err != nil {
			return err
		}
		for _, c := range found {
			if err := a.insertAudit(ctx, tx, a.customerEntry(by, "customer.find", c.ID, c.Organisation, purpose, access.Allowed)); err != nil {
				return err
			}
		}
		if len(found) == 0 {
			e := by.Entry("customer.find", "customer", "")
			e.Purpose = purpose
			return a.insertAudit(ctx, tx, e)
		}
		return nil
	})
	return found, err
}

// UpdateCustomer changes a record the actor's organisation owns.
func (a *Access) UpdateCustomer(ctx context.Context, by *access.Actor, c access.Customer, purpose string) (access.Customer, error) {
	var out access.Customer
	err := a.customerWrite(ctx, func(tx *sql.Tx) error {
		rowID, old, err := a.customerFor(ctx, tx, by, c.ID, owner, "customer.update", purpose)
		if err != nil {
			return err
		}
		if old.Erased != nil {
			return errs.Conflictf("Customer record %s has been erased; record the customer anew.", c.ID)
		}
		lookup, sealed := old.Lookup, old.Sealed
		if c.Sealed != "" {
			lookup, sealed = c.Lookup, c.Sealed
		}
		now := timeText(a.db.Now())
		if _, err := tx.ExecContext(ctx, `UPDATE customer SET name = $1, phone = $2, email = $3, language = $4, needs = $5,
			identity_lookup = $6, identity_sealed = $7, updated_at = $8 WHERE id = $9`,
			c.Name, c.Phone, c.Email, c.Language, c.Needs, nullable(lookup), nullable(sealed), now, rowID); err != nil {
			return err
		}
		out = c
		out.Organisation, out.Created, out.Updated, out.Lookup, out.Sealed = old.Organisation, old.Created, parseTime(now), lookup, sealed
		return a.insertAudit(ctx, tx, a.customerEntry(by, "customer.update", c.ID, old.Organisation, purpose, access.Allowed))
	})
	return out, err
}

// anonymise removes the personal data of a customer row and ends its
// consents.
func (a *Access) anonymise(ctx context.Context, tx *sql.Tx, rowID int64, at time.Time) (consents int64, err error) {
	if _, err := tx.ExecContext(ctx, `UPDATE customer SET name = '', phone = '', email = '', needs = '',
		identity_lookup = NULL, identity_sealed = NULL, updated_at = $1, erased_at = $1 WHERE id = $2`, timeText(at), rowID); err != nil {
		return 0, err
	}
	res, err := tx.ExecContext(ctx, `UPDATE consent SET withdrawn_at = $1 WHERE customer_id = $2 AND withdrawn_at = ''`, timeText(at), rowID)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// EraseCustomer anonymises a record the actor's organisation owns.
func (a *Access) EraseCustomer(ctx context.Context, by *access.Actor, id, purpose string) error {
	return a.customerWrite(ctx, func(tx *sql.Tx) error {
		rowID, c, err := a.customerFor(ctx, tx, by, id, owner, "customer.erase", purpose)
		if err != nil {
			return err
		}
		if c.Erased != nil {
			return errs.Conflictf("Customer record %s has been erased already.", id)
		}
		if _, err := a.anonymise(ctx, tx, rowID, a.db.Now()); err != nil {
			return err
		}
		return a.insertAudit(ctx, tx, a.customerEntry(by, "customer.erase", id, c.Organisation, purpose, access.Allowed))
	})
}

const consentColumns = `k.id, c.public_id, o.slug, k.purpose, k.recorded_by, k.created_at, k.withdrawn_at`
const consentFrom = ` FROM consent k JOIN customer c ON c.id = k.customer_id JOIN organisation o ON o.id = k.organisation_id`

func scanConsent(s scanner) (access.Consent, error) {
	var k access.Consent
	var created, withdrawn string
	err := s.Scan(&k.ID, &k.Customer, &k.Organisation, &k.Purpose, &k.RecordedBy, &created, &withdrawn)
	k.Created, k.Withdrawn = parseTime(created), optionalTime(withdrawn)
	return k, err
}

// ExportCustomer gathers a record, its consents and every audit entry
// about it, for the customer's right of access, and audits the export.
func (a *Access) ExportCustomer(ctx context.Context, by *access.Actor, id, purpose string) (access.Export, error) {
	var ex access.Export
	err := a.customerWrite(ctx, func(tx *sql.Tx) error {
		rowID, c, err := a.customerFor(ctx, tx, by, id, owner, "customer.export", purpose)
		if err != nil {
			return err
		}
		ex.Customer = c
		rows, err := tx.QueryContext(ctx, "SELECT "+consentColumns+consentFrom+" WHERE k.customer_id = $1 ORDER BY k.id", rowID)
		if ex.Consents, err = collect(rows, err, scanConsent); err != nil {
			return err
		}
		if err := a.insertAudit(ctx, tx, a.customerEntry(by, "customer.export", id, c.Organisation, purpose, access.Allowed)); err != nil {
			return err
		}
		rows, err = tx.QueryContext(ctx, `SELECT id, at, actor, COALESCE(actor_user_id, 0), organisation, action,
			subject_kind, subject, subject_organisation, purpose, request_id, outcome FROM audit_log
			WHERE subject_kind = 'customer' AND subject = $1 ORDER BY id`, id)
		ex.Uses, err = collect(rows, err, scanAudit)
		return err
	})
	if ex.Consents == nil {
		ex.Consents = []access.Consent{}
	}
	return ex, err
}

// GrantConsent records that the customer lets another organisation read
// their record; only the owner's staff record it.
func (a *Access) GrantConsent(ctx context.Context, by *access.Actor, k access.Consent) (access.Consent, error) {
	now := timeText(a.db.Now())
	err := a.customerWrite(ctx, func(tx *sql.Tx) error {
		rowID, c, err := a.customerFor(ctx, tx, by, k.Customer, owner, "consent.grant", k.Purpose)
		if err != nil {
			return err
		}
		if c.Erased != nil {
			return errs.Conflictf("Customer record %s has been erased.", k.Customer)
		}
		if k.Organisation == c.Organisation {
			return errs.Param("organisation", "The record belongs to %s already; consent is for another organisation.", c.Organisation)
		}
		var orgID int64
		err = tx.QueryRowContext(ctx, "SELECT id FROM organisation WHERE slug = $1", k.Organisation).Scan(&orgID)
		if errors.Is(err, sql.ErrNoRows) {
			return errs.Param("organisation", "There is no organisation %q.", k.Organisation)
		}
		if err != nil {
			return err
		}
		k.RecordedBy = by.Label
		if err := tx.QueryRowContext(ctx, `INSERT INTO consent (customer_id, organisation_id, purpose, recorded_by, created_at)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, rowID, orgID, k.Purpose, k.RecordedBy, now).Scan(&k.ID); err != nil {
			return err
		}
		e := a.customerEntry(by, "consent.grant", k.Customer, c.Organisation, k.Purpose, access.Allowed)
		e.Purpose = "shared with " + k.Organisation + ": " + k.Purpose
		return a.insertAudit(ctx, tx, e)
	})
	k.Created = parseTime(now)
	return k, err
}

// WithdrawConsent ends a consent; the owner's staff record it.
func (a *Access) WithdrawConsent(ctx context.Context, by *access.Actor, customer string, id int64) error {
	return a.customerWrite(ctx, func(tx *sql.Tx) error {
		rowID, c, err := a.customerFor(ctx, tx, by, customer, owner, "consent.withdraw", "")
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE consent SET withdrawn_at = $1 WHERE id = $2 AND customer_id = $3 AND withdrawn_at = ''`,
			timeText(a.db.Now()), id, rowID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.NotFoundf("Customer record %s has no consent %d in force.", customer, id)
		}
		return a.insertAudit(ctx, tx, a.customerEntry(by, "consent.withdraw", customer, c.Organisation, "", access.Allowed))
	})
}

// retainBatch bounds the rows one retention transaction anonymises, so
// that a first run on a large database does not hold the writer long.
const retainBatch = 500

// Retain anonymises customer records not updated since cutoff, removes
// sessions past their end and failed sign-ins older than a day. Each
// anonymised record gets an audit entry.
func (a *Access) Retain(ctx context.Context, by *access.Actor, cutoff time.Time) (access.Retained, error) {
	var r access.Retained
	for {
		n := 0
		err := a.db.Write(ctx, func(tx *sql.Tx) error {
			rows, err := tx.QueryContext(ctx, `SELECT c.id, c.public_id, o.slug`+customerFrom+`
				WHERE c.erased_at = '' AND c.updated_at < $1 ORDER BY c.id LIMIT $2`, timeText(cutoff), retainBatch)
			if err != nil {
				return err
			}
			type row struct {
				id       int64
				pid, org string
			}
			var batch []row
			for rows.Next() {
				var x row
				if err := rows.Scan(&x.id, &x.pid, &x.org); err != nil {
					rows.Close()
					return err
				}
				batch = append(batch, x)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			now := a.db.Now()
			for _, x := range batch {
				k, err := a.anonymise(ctx, tx, x.id, now)
				if err != nil {
					return err
				}
				r.ConsentsWithdrew += int(k)
				e := by.Entry("customer.retention", "customer", x.pid)
				e.SubjectOrganisation, e.Purpose = x.org, "retention period passed"
				if err := a.insertAudit(ctx, tx, e); err != nil {
					return err
				}
			}
			n = len(batch)
			return nil
		})
		if err != nil {
			return r, err
		}
		r.Customers += n
		if n < retainBatch {
			break
		}
	}
	now := a.db.Now()
	err := a.db.Write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM user_session WHERE expires_at < $1", timeText(now))
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		r.Sessions = int(n)
		res, err = tx.ExecContext(ctx, "DELETE FROM signin_failure WHERE at < $1", timeText(now.Add(-24*time.Hour)))
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		r.SignInFailures = int(n)
		return nil
	})
	return r, err
}
