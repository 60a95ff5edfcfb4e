package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/onestop-fi/onestop/internal/access"
	"github.com/onestop-fi/onestop/internal/errs"
)

// Access is the access.Store on either engine.
type Access struct{ db *DB }

// Access returns the access store of db.
func (db *DB) Access() *Access { return &Access{db: db} }

var _ access.Store = (*Access)(nil)

// timeLayout is how access tables store times: UTC, one fixed width, so
// that text order is time order on both engines.
const timeLayout = "2006-01-02T15:04:05.000000Z"

func timeText(t time.Time) string { return t.UTC().Format(timeLayout) }

func parseTime(s string) time.Time {
	t, _ := time.Parse(timeLayout, s)
	return t
}

func optionalTime(s string) *time.Time {
	if s == "" {
		return nil
	}
	t := parseTime(s)
	return &t
}

// execer is what both *sql.Tx and *sql.DB offer.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// insertAudit appends an entry to the audit log.
func (a *Access) insertAudit(ctx context.Context, tx execer, e access.AuditEntry) error {
	if e.At.IsZero() {
		e.At = a.db.Now()
	}
	var user sql.NullInt64
	if e.ActorUserID != 0 {
		user = sql.NullInt64{Int64: e.ActorUserID, Valid: true}
	}
	if e.Actor == "" {
		e.Actor = "anonymous"
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO audit_log
		(at, actor, actor_user_id, organisation, action, subject_kind, subject, subject_organisation, purpose, request_id, outcome)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		timeText(e.At), e.Actor, user, e.Organisation, e.Action, e.SubjectKind, e.Subject,
		e.SubjectOrganisation, e.Purpose, e.RequestID, string(e.Outcome))
	return err
}

// Audit appends one entry in its own transaction.
func (a *Access) Audit(ctx context.Context, e access.AuditEntry) error {
	return a.db.Write(ctx, func(tx *sql.Tx) error { return a.insertAudit(ctx, tx, e) })
}

// AuditLog lists entries newest first.
func (a *Access) AuditLog(ctx context.Context, f access.AuditFilter) ([]access.AuditEntry, error) {
	var q query
	if f.Organisation != "" {
		p := q.arg(f.Organisation)
		q.where("(organisation = " + p + " OR subject_organisation = " + p + ")")
	}
	if f.Subject != "" {
		q.where("subject_kind = " + q.arg(f.SubjectKind) + " AND subject = " + q.arg(f.Subject))
	}
	if f.Before > 0 {
		q.where("id < " + q.arg(f.Before))
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 1000
	}
	rows, err := a.db.read.QueryContext(ctx, `SELECT id, at, actor, COALESCE(actor_user_id, 0), organisation, action,
		subject_kind, subject, subject_organisation, purpose, request_id, outcome FROM audit_log`+
		q.whereClause()+fmt.Sprintf(" ORDER BY id DESC LIMIT %d", limit), q.args...)
	return collect(rows, err, scanAudit)
}

func scanAudit(s scanner) (access.AuditEntry, error) {
	var e access.AuditEntry
	var at, outcome string
	err := s.Scan(&e.ID, &at, &e.Actor, &e.ActorUserID, &e.Organisation, &e.Action,
		&e.SubjectKind, &e.Subject, &e.SubjectOrganisation, &e.Purpose, &e.RequestID, &outcome)
	e.At, e.Outcome = parseTime(at), access.Outcome(outcome)
	return e, err
}

// --- Accounts and grants ---------------------------------------------------

// staffOfAccount is the slug of the staff member account u is linked
// to, or an empty string.
const staffOfAccount = `COALESCE((SELECT m.slug FROM staff_account sa JOIN staff_member m ON m.id = sa.staff_id WHERE sa.user_id = u.id), '')`

const accountColumns = `u.id, u.email, u.name, u.password_hash, u.disabled, u.created_at, ` + staffOfAccount

func scanAccount(s scanner) (access.Account, error) {
	var acc access.Account
	var created string
	err := s.Scan(&acc.ID, &acc.Email, &acc.Name, &acc.PasswordHash, &acc.Disabled, &created, &acc.StaffMember)
	acc.Created = parseTime(created)
	return acc, err
}

// withGrants loads the grants of the accounts in accs.
func (a *Access) withGrants(ctx context.Context, q execer, accs []access.Account) ([]access.Account, error) {
	if len(accs) == 0 {
		return accs, nil
	}
	var qb query
	ids := make([]string, len(accs))
	index := map[int64]int{}
	for i, acc := range accs {
		ids[i] = qb.arg(acc.ID)
		index[acc.ID] = i
		accs[i].Grants = []access.Grant{}
	}
	rows, err := q.QueryContext(ctx, `SELECT g.user_id, g.role, COALESCE(o.slug, ''), COALESCE(p.slug, '')
		FROM role_grant g LEFT JOIN organisation o ON o.id = g.organisation_id LEFT JOIN service_point p ON p.id = g.point_id
		WHERE g.user_id IN (`+strings.Join(ids, ", ")+`) ORDER BY g.id`, qb.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var g access.Grant
		if err := rows.Scan(&id, &g.Role, &g.Organisation, &g.Point); err != nil {
			return nil, err
		}
		i := index[id]
		accs[i].Grants = append(accs[i].Grants, g)
	}
	return accs, rows.Err()
}

func (a *Access) oneAccount(ctx context.Context, where string, args ...any) (access.Account, error) {
	acc, err := scanAccount(a.db.read.QueryRowContext(ctx, "SELECT "+accountColumns+" FROM user_account u WHERE "+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return acc, errs.NotFoundf("There is no such account.")
	}
	if err != nil {
		return acc, err
	}
	accs, err := a.withGrants(ctx, a.db.read, []access.Account{acc})
	if err != nil {
		return acc, err
	}
	return accs[0], nil
}

// AccountByEmail finds an account by its (lower-case) e-mail address.
func (a *Access) AccountByEmail(ctx context.Context, email string) (access.Account, error) {
	return a.oneAccount(ctx, "email = $1", strings.ToLower(email))
}

// AccountByID finds an account by id.
func (a *Access) AccountByID(ctx context.Context, id int64) (access.Account, error) {
	return a.oneAccount(ctx, "id = $1", id)
}

// AccountByIdentity finds the account linked to an identity provider's
// subject.
func (a *Access) AccountByIdentity(ctx context.Context, issuer, subject string) (access.Account, error) {
	return a.oneAccount(ctx, "id = (SELECT user_id FROM user_identity WHERE issuer = $1 AND subject = $2)", issuer, subject)
}

// LinkIdentity links an identity provider's subject to an account.
func (a *Access) LinkIdentity(ctx context.Context, issuer, subject string, userID int64) error {
	return a.db.Write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO user_identity (issuer, subject, user_id, created_at) VALUES ($1, $2, $3, $4)`,
			issuer, subject, userID, timeText(a.db.Now()))
		return err
	})
}

// Accounts lists accounts, those with a grant in org when org is given.
func (a *Access) Accounts(ctx context.Context, org string) ([]access.Account, error) {
	q := "SELECT " + accountColumns + " FROM user_account u"
	var args []any
	if org != "" {
		q += ` WHERE u.id IN (SELECT g.user_id FROM role_grant g JOIN organisation o ON o.id = g.organisation_id WHERE o.slug = $1)`
		args = append(args, org)
	}
	rows, err := a.db.read.QueryContext(ctx, q+" ORDER BY u.email", args...)
	accs, err := collect(rows, err, scanAccount)
	if err != nil {
		return nil, err
	}
	return a.withGrants(ctx, a.db.read, accs)
}

// CreateAccount stores a new account with its grants and audits it.
func (a *Access) CreateAccount(ctx context.Context, by *access.Actor, acc access.Account) (access.Account, error) {
	now := a.db.Now()
	err := a.db.Write(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO user_account (email, name, password_hash, created_at, password_changed_at)
			VALUES ($1, $2, $3, $4, $4) RETURNING id`, acc.Email, acc.Name, acc.PasswordHash, timeText(now)).Scan(&acc.ID)
		if a.db.Violation(err) == Unique {
			return errs.Conflictf("There is an account for %s already.", acc.Email)
		}
		if err != nil {
			return err
		}
		e := by.Entry("user.create", "user", acc.Email)
		if len(acc.Grants) > 0 {
			e.Organisation, e.SubjectOrganisation = acc.Grants[0].Organisation, acc.Grants[0].Organisation
		}
		if err := a.insertAudit(ctx, tx, e); err != nil {
			return err
		}
		for _, g := range acc.Grants {
			if err := a.addGrant(ctx, tx, by, acc.ID, acc.Email, g); err != nil {
				return err
			}
		}
		return nil
	})
	acc.Created = parseTime(timeText(now))
	if acc.Grants == nil {
		acc.Grants = []access.Grant{}
	}
	return acc, err
}

// scopeIDs resolves a grant's organisation and point slugs.
func scopeIDs(ctx context.Context, tx execer, g access.Grant) (org, point sql.NullInt64, err error) {
	if g.Organisation != "" {
		err = tx.QueryRowContext(ctx, "SELECT id FROM organisation WHERE slug = $1", g.Organisation).Scan(&org)
		if errors.Is(err, sql.ErrNoRows) {
			return org, point, errs.Param("organisation", "There is no organisation %q.", g.Organisation)
		}
	}
	if err == nil && g.Point != "" {
		err = tx.QueryRowContext(ctx, "SELECT id FROM service_point WHERE slug = $1", g.Point).Scan(&point)
		if errors.Is(err, sql.ErrNoRows) {
			return org, point, errs.Param("point", "There is no service point %q.", g.Point)
		}
	}
	return org, point, err
}

func (a *Access) addGrant(ctx context.Context, tx *sql.Tx, by *access.Actor, userID int64, email string, g access.Grant) error {
	org, point, err := scopeIDs(ctx, tx, g)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO role_grant (user_id, role, organisation_id, point_id, granted_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, userID, string(g.Role), org, point, by.Label, timeText(a.db.Now()))
	switch a.db.Violation(err) {
	case Unique:
		return errs.Conflictf("%s has the role %s already.", email, g)
	case ForeignKey:
		return errs.NotFoundf("There is no such account.")
	}
	if err != nil {
		return err
	}
	e := by.Entry("role.grant", "user", email)
	e.Organisation, e.SubjectOrganisation, e.Purpose = g.Organisation, g.Organisation, g.String()
	return a.insertAudit(ctx, tx, e)
}

func (a *Access) emailOf(ctx context.Context, tx *sql.Tx, userID int64) (string, error) {
	var email string
	err := tx.QueryRowContext(ctx, "SELECT email FROM user_account WHERE id = $1", userID).Scan(&email)
	if errors.Is(err, sql.ErrNoRows) {
		return "", errs.NotFoundf("There is no such account.")
	}
	return email, err
}

// AddGrant gives an account a role and audits it.
func (a *Access) AddGrant(ctx context.Context, by *access.Actor, userID int64, g access.Grant) error {
	return a.db.Write(ctx, func(tx *sql.Tx) error {
		email, err := a.emailOf(ctx, tx, userID)
		if err != nil {
			return err
		}
		return a.addGrant(ctx, tx, by, userID, email, g)
	})
}

// RemoveGrant takes a role away and audits it.
func (a *Access) RemoveGrant(ctx context.Context, by *access.Actor, userID int64, g access.Grant) error {
	return a.db.Write(ctx, func(tx *sql.Tx) error {
		email, err := a.emailOf(ctx, tx, userID)
		if err != nil {
			return err
		}
		org, point, err := scopeIDs(ctx, tx, g)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM role_grant WHERE user_id = $1 AND role = $2
			AND COALESCE(organisation_id, 0) = $3 AND COALESCE(point_id, 0) = $4`,
			userID, string(g.Role), org.Int64, point.Int64)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.NotFoundf("%s does not have the role %s.", email, g)
		}
		e := by.Entry("role.revoke", "user", email)
		e.Organisation, e.SubjectOrganisation, e.Purpose = g.Organisation, g.Organisation, g.String()
		return a.insertAudit(ctx, tx, e)
	})
}

// LinkStaff links an account to staff member staff, or ends its link
// when staff is "", and audits it. A staff member linked to another
// account already is a conflict.
func (a *Access) LinkStaff(ctx context.Context, by *access.Actor, userID int64, staff string) error {
	return a.db.Write(ctx, func(tx *sql.Tx) error {
		email, err := a.emailOf(ctx, tx, userID)
		if err != nil {
			return err
		}
		var old, org string
		err = tx.QueryRowContext(ctx, `SELECT m.slug, o.slug FROM staff_account sa JOIN staff_member m ON m.id = sa.staff_id
			JOIN organisation o ON o.id = m.organisation_id WHERE sa.user_id = $1`, userID).Scan(&old, &org)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if old == staff {
			return nil
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM staff_account WHERE user_id = $1", userID); err != nil {
			return err
		}
		e := by.Entry("user.staff", "user", email)
		e.Purpose = "unlinked from " + old
		if staff != "" {
			var id int64
			if id, org, err = staffMemberOf(ctx, tx, "staff_member", staff); err != nil {
				return err
			}
			_, err = tx.ExecContext(ctx, `INSERT INTO staff_account (staff_id, user_id, linked_by, created_at) VALUES ($1, $2, $3, $4)`,
				id, userID, by.Label, timeText(a.db.Now()))
			if a.db.Violation(err) == Unique {
				return errs.Conflictf("Staff member %s has an account already; end that link first.", staff)
			}
			if err != nil {
				return err
			}
			e.Purpose = "linked to " + staff
		}
		e.Organisation, e.SubjectOrganisation = org, org
		return a.insertAudit(ctx, tx, e)
	})
}

// staffMemberOf reads the id and the organisation of staff member slug;
// one that does not exist is a mistake in field.
func staffMemberOf(ctx context.Context, tx *sql.Tx, field, slug string) (id int64, org string, err error) {
	err = tx.QueryRowContext(ctx, `SELECT m.id, o.slug FROM staff_member m JOIN organisation o ON o.id = m.organisation_id
		WHERE m.slug = $1`, slug).Scan(&id, &org)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", errs.Param(field, "There is no staff member %q.", slug)
	}
	return id, org, err
}

// SetPassword stores a new password hash and audits the change.
func (a *Access) SetPassword(ctx context.Context, by *access.Actor, userID int64, hash string) error {
	return a.db.Write(ctx, func(tx *sql.Tx) error {
		email, err := a.emailOf(ctx, tx, userID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE user_account SET password_hash = $1, password_changed_at = $2 WHERE id = $3`,
			hash, timeText(a.db.Now()), userID); err != nil {
			return err
		}
		return a.insertAudit(ctx, tx, by.Entry("user.password", "user", email))
	})
}

// --- Sessions and sign-in failures ------------------------------------------

// CreateSession stores a new session.
func (a *Access) CreateSession(ctx context.Context, s access.SessionRecord) error {
	return a.db.Write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO user_session (id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6)`, s.IDHash, s.UserID, s.CSRF, timeText(s.Created), timeText(s.LastSeen), timeText(s.Expires))
		return err
	})
}

// Session returns a session and its account.
func (a *Access) Session(ctx context.Context, idHash string) (access.SessionRecord, access.Account, error) {
	// Every signed-in request asks this: the session and its account in
	// one query, the grants in a second.
	var s access.SessionRecord
	var acc access.Account
	var created, seen, expires, accCreated string
	err := a.db.read.QueryRowContext(ctx, `SELECT s.id_hash, s.user_id, s.csrf_token, s.created_at, s.last_seen_at, s.expires_at,
		u.email, u.name, u.password_hash, u.disabled, u.created_at, `+staffOfAccount+`
		FROM user_session s JOIN user_account u ON u.id = s.user_id WHERE s.id_hash = $1`, idHash).Scan(
		&s.IDHash, &s.UserID, &s.CSRF, &created, &seen, &expires, &acc.Email, &acc.Name, &acc.PasswordHash, &acc.Disabled, &accCreated,
		&acc.StaffMember)
	if errors.Is(err, sql.ErrNoRows) {
		return s, acc, errs.NotFoundf("There is no such session.")
	}
	if err != nil {
		return s, acc, err
	}
	s.Created, s.LastSeen, s.Expires = parseTime(created), parseTime(seen), parseTime(expires)
	acc.ID, acc.Created = s.UserID, parseTime(accCreated)
	accs, err := a.withGrants(ctx, a.db.read, []access.Account{acc})
	if err != nil {
		return s, acc, err
	}
	return s, accs[0], nil
}

// TouchSession records that a session was used.
func (a *Access) TouchSession(ctx context.Context, idHash string, at time.Time) error {
	return a.db.Write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE user_session SET last_seen_at = $1 WHERE id_hash = $2", timeText(at), idHash)
		return err
	})
}

// DeleteSession ends a session.
func (a *Access) DeleteSession(ctx context.Context, idHash string) error {
	return a.db.Write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "DELETE FROM user_session WHERE id_hash = $1", idHash)
		return err
	})
}

// DeleteSessions ends every session of an account.
func (a *Access) DeleteSessions(ctx context.Context, userID int64) error {
	return a.db.Write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "DELETE FROM user_session WHERE user_id = $1", userID)
		return err
	})
}

// RecordSignInFailure counts a failed sign-in under each key.
func (a *Access) RecordSignInFailure(ctx context.Context, keys []string, at time.Time) error {
	return a.db.Write(ctx, func(tx *sql.Tx) error {
		for _, k := range keys {
			if _, err := tx.ExecContext(ctx, "INSERT INTO signin_failure (key, at) VALUES ($1, $2)", k, timeText(at)); err != nil {
				return err
			}
		}
		return nil
	})
}

// SignInFailures counts the failures under key since a time and returns
// the oldest of them.
func (a *Access) SignInFailures(ctx context.Context, key string, since time.Time) (int, time.Time, error) {
	var n int
	var oldest sql.NullString
	err := a.db.read.QueryRowContext(ctx, "SELECT COUNT(*), MIN(at) FROM signin_failure WHERE key = $1 AND at >= $2",
		key, timeText(since)).Scan(&n, &oldest)
	return n, parseTime(oldest.String), err
}

// ClearSignInFailures forgets the failures under key.
func (a *Access) ClearSignInFailures(ctx context.Context, key string) error {
	return a.db.Write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "DELETE FROM signin_failure WHERE key = $1", key)
		return err
	})
}

// --- API tokens -------------------------------------------------------------

const tokenColumns = `t.id, t.name, t.role, COALESCE(o.slug, ''), COALESCE(p.slug, ''), t.created_by, t.created_at, t.last_used_at, t.revoked_at`
const tokenFrom = ` FROM api_token t LEFT JOIN organisation o ON o.id = t.organisation_id LEFT JOIN service_point p ON p.id = t.point_id`

func scanToken(s scanner) (access.Token, error) {
	var t access.Token
	var created, used, revoked string
	err := s.Scan(&t.ID, &t.Name, &t.Grant.Role, &t.Grant.Organisation, &t.Grant.Point, &t.CreatedBy, &created, &used, &revoked)
	t.Created, t.LastUsed, t.Revoked = parseTime(created), optionalTime(used), optionalTime(revoked)
	return t, err
}

// CreateToken stores a token's hash and audits it.
func (a *Access) CreateToken(ctx context.Context, by *access.Actor, t access.Token, secretHash string) (access.Token, error) {
	now := a.db.Now()
	err := a.db.Write(ctx, func(tx *sql.Tx) error {
		org, point, err := scopeIDs(ctx, tx, t.Grant)
		if err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO api_token (name, secret_hash, role, organisation_id, point_id, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, t.Name, secretHash, string(t.Grant.Role), org, point,
			t.CreatedBy, timeText(now)).Scan(&t.ID); err != nil {
			return err
		}
		e := by.Entry("token.create", "token", fmt.Sprint(t.ID))
		e.Organisation, e.SubjectOrganisation, e.Purpose = t.Grant.Organisation, t.Grant.Organisation, t.Name+": "+t.Grant.String()
		return a.insertAudit(ctx, tx, e)
	})
	t.Created = parseTime(timeText(now))
	return t, err
}

// TokenBySecret finds a token by the hash of its secret.
func (a *Access) TokenBySecret(ctx context.Context, secretHash string) (access.Token, error) {
	t, err := scanToken(a.db.read.QueryRowContext(ctx, "SELECT "+tokenColumns+tokenFrom+" WHERE t.secret_hash = $1", secretHash))
	if errors.Is(err, sql.ErrNoRows) {
		return t, errs.NotFoundf("There is no such token.")
	}
	return t, err
}

// Token finds a token by id.
func (a *Access) Token(ctx context.Context, id int64) (access.Token, error) {
	t, err := scanToken(a.db.read.QueryRowContext(ctx, "SELECT "+tokenColumns+tokenFrom+" WHERE t.id = $1", id))
	if errors.Is(err, sql.ErrNoRows) {
		return t, errs.NotFoundf("There is no API token %d.", id)
	}
	return t, err
}

// Tokens lists the tokens of org, or all when org is empty.
func (a *Access) Tokens(ctx context.Context, org string) ([]access.Token, error) {
	q, args := "SELECT "+tokenColumns+tokenFrom, []any{}
	if org != "" {
		q += " WHERE o.slug = $1"
		args = append(args, org)
	}
	rows, err := a.db.read.QueryContext(ctx, q+" ORDER BY t.id", args...)
	return collect(rows, err, scanToken)
}

// RevokeToken revokes a token and audits it.
func (a *Access) RevokeToken(ctx context.Context, by *access.Actor, id int64) error {
	return a.db.Write(ctx, func(tx *sql.Tx) error {
		var org string
		err := tx.QueryRowContext(ctx, `SELECT COALESCE(o.slug, '') FROM api_token t LEFT JOIN organisation o ON o.id = t.organisation_id
			WHERE t.id = $1`, id).Scan(&org)
		if errors.Is(err, sql.ErrNoRows) {
			return errs.NotFoundf("There is no API token %d.", id)
		}
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, "UPDATE api_token SET revoked_at = $1 WHERE id = $2 AND revoked_at = ''", timeText(a.db.Now()), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.Conflictf("API token %d is revoked already.", id)
		}
		e := by.Entry("token.revoke", "token", fmt.Sprint(id))
		e.Organisation, e.SubjectOrganisation = org, org
		return a.insertAudit(ctx, tx, e)
	})
}

// TouchToken records that a token was used.
func (a *Access) TouchToken(ctx context.Context, id int64, at time.Time) error {
	return a.db.Write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE api_token SET last_used_at = $1 WHERE id = $2", timeText(at), id)
		return err
	})
}
