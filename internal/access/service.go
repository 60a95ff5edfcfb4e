package access

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/onestop-fi/onestop/internal/errs"
)

// Store keeps accounts, grants, sessions, tokens, the audit log and
// customer records. Every method that reads or changes personal data
// takes the acting actor, decides in its own query whether the actor's
// organisations may, and writes the audit entry in the same transaction
// as the read or change — so no caller can forget either.
type Store interface {
	CreateAccount(ctx context.Context, by *Actor, a Account) (Account, error)
	AccountByEmail(ctx context.Context, email string) (Account, error)
	AccountByID(ctx context.Context, id int64) (Account, error)
	AccountByIdentity(ctx context.Context, issuer, subject string) (Account, error)
	LinkIdentity(ctx context.Context, issuer, subject string, userID int64) error
	// Accounts lists the accounts with a grant in org, or every account
	// when org is empty.
	Accounts(ctx context.Context, org string) ([]Account, error)
	SetPassword(ctx context.Context, by *Actor, userID int64, hash string) error
	AddGrant(ctx context.Context, by *Actor, userID int64, g Grant) error
	RemoveGrant(ctx context.Context, by *Actor, userID int64, g Grant) error
	// LinkStaff links an account to staff member staff ("" to unlink),
	// replacing any earlier link, and audits it.
	LinkStaff(ctx context.Context, by *Actor, userID int64, staff string) error

	CreateSession(ctx context.Context, s SessionRecord) error
	Session(ctx context.Context, idHash string) (SessionRecord, Account, error)
	TouchSession(ctx context.Context, idHash string, at time.Time) error
	DeleteSession(ctx context.Context, idHash string) error
	DeleteSessions(ctx context.Context, userID int64) error

	RecordSignInFailure(ctx context.Context, keys []string, at time.Time) error
	SignInFailures(ctx context.Context, key string, since time.Time) (int, time.Time, error)
	ClearSignInFailures(ctx context.Context, key string) error

	CreateToken(ctx context.Context, by *Actor, t Token, secretHash string) (Token, error)
	TokenBySecret(ctx context.Context, secretHash string) (Token, error)
	Tokens(ctx context.Context, org string) ([]Token, error)
	Token(ctx context.Context, id int64) (Token, error)
	RevokeToken(ctx context.Context, by *Actor, id int64) error
	TouchToken(ctx context.Context, id int64, at time.Time) error

	Audit(ctx context.Context, e AuditEntry) error
	AuditLog(ctx context.Context, f AuditFilter) ([]AuditEntry, error)

	CreateCustomer(ctx context.Context, by *Actor, c Customer, purpose string) (Customer, error)
	Customer(ctx context.Context, by *Actor, id, purpose string) (Customer, error)
	FindCustomers(ctx context.Context, by *Actor, lookup, purpose string) ([]Customer, error)
	UpdateCustomer(ctx context.Context, by *Actor, c Customer, purpose string) (Customer, error)
	EraseCustomer(ctx context.Context, by *Actor, id, purpose string) error
	ExportCustomer(ctx context.Context, by *Actor, id, purpose string) (Export, error)
	GrantConsent(ctx context.Context, by *Actor, c Consent) (Consent, error)
	WithdrawConsent(ctx context.Context, by *Actor, customer string, id int64) error
	Retain(ctx context.Context, by *Actor, cutoff time.Time) (Retained, error)
}

// SessionRecord is a signed-in browser session. The session id itself
// lives only in the cookie; the store keeps its hash.
type SessionRecord struct {
	IDHash   string
	UserID   int64
	CSRF     string
	Created  time.Time
	LastSeen time.Time
	Expires  time.Time
}

// Retained counts what a retention run anonymised or removed.
type Retained struct {
	Customers        int `json:"customers"`
	Sessions         int `json:"sessions"`
	SignInFailures   int `json:"signin_failures"`
	ConsentsWithdrew int `json:"consents_withdrawn"`
}

// Policy holds the limits of sign-in and sessions.
type Policy struct {
	// IdleTimeout ends a session nobody used for this long;
	// AbsoluteTimeout ends every session this long after sign-in.
	IdleTimeout     time.Duration
	AbsoluteTimeout time.Duration
	// AccountFailures failed sign-ins for one account, or
	// AddressFailures from one address, within FailureWindow lock
	// further attempts until the window has passed.
	AccountFailures int
	AddressFailures int
	FailureWindow   time.Duration
}

// DefaultPolicy is the policy a server starts with.
var DefaultPolicy = Policy{
	IdleTimeout:     30 * time.Minute,
	AbsoluteTimeout: 12 * time.Hour,
	AccountFailures: 5,
	AddressFailures: 20,
	FailureWindow:   15 * time.Minute,
}

// Service is onestop's access logic on top of a Store.
type Service struct {
	store  Store
	keys   *Keys
	policy Policy
	now    func() time.Time
}

// NewService returns the access service. keys may be nil: then identity
// codes cannot be stored or matched, and saying so is an error.
func NewService(store Store, keys *Keys, policy Policy, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: store, keys: keys, policy: policy, now: now}
}

// Store returns the service's store.
func (s *Service) Store() Store { return s.store }

// Policy returns the service's policy.
func (s *Service) Policy() Policy { return s.policy }

// NewSecret returns a random secret with a prefix that tells what it is.
func NewSecret(prefix string) string {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return prefix + base64.RawURLEncoding.EncodeToString(b[:])
}

// HashSecret is how a high-entropy secret (a session id, an API token) is
// stored. Such secrets need no slow hash: they cannot be guessed.
func HashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// ErrSignIn is the one answer to a wrong e-mail or password, so that the
// answer does not tell which accounts exist.
var ErrSignIn = errs.E(errs.Unauthorized, "The e-mail address or the password is wrong.")

// SignIn checks an e-mail address and password from addr. Failed
// attempts are counted per account and per address; over the limit the
// answer is a rate-limit error saying when to try again, whether or not
// the password is right.
func (s *Service) SignIn(ctx context.Context, email, password, addr, requestID string) (Account, error) {
	now := s.now()
	email = strings.ToLower(strings.TrimSpace(email))
	accountKey, addrKey := "account:"+email, "addr:"+addr
	entry := AuditEntry{Actor: email, Action: "signin", RequestID: requestID, Outcome: Refused}
	limit := s.checkLimit(ctx, accountKey, s.policy.AccountFailures, now, "this account")
	if limit == nil {
		limit = s.checkLimit(ctx, addrKey, s.policy.AddressFailures, now, "this address")
	}
	if limit != nil {
		if err := s.store.Audit(ctx, entry); err != nil {
			return Account{}, err
		}
		return Account{}, limit
	}
	acc, err := s.store.AccountByEmail(ctx, email)
	ok, rehash := false, false
	switch {
	case err == nil && acc.PasswordHash != "" && !acc.Disabled:
		ok, rehash, err = CheckPassword(acc.PasswordHash, password)
	case err == nil || errs.Is(err, errs.NotFound):
		BurnPasswordCheck(password)
		err = nil
	}
	if err != nil {
		return Account{}, err
	}
	if !ok {
		if err := s.store.RecordSignInFailure(ctx, []string{accountKey, addrKey}, now); err != nil {
			return Account{}, err
		}
		entry.ActorUserID = acc.ID
		if err := s.store.Audit(ctx, entry); err != nil {
			return Account{}, err
		}
		return Account{}, ErrSignIn
	}
	if err := s.store.ClearSignInFailures(ctx, accountKey); err != nil {
		return Account{}, err
	}
	if rehash {
		// The hash was made with older parameters: renew it now that the
		// password is at hand.
		if hash, err := HashPassword(password, DefaultPasswordParams); err == nil {
			if err := s.store.SetPassword(ctx, acc.Actor(requestID), acc.ID, hash); err != nil {
				return Account{}, err
			}
		}
	}
	entry.ActorUserID, entry.Outcome = acc.ID, Allowed
	return acc, s.store.Audit(ctx, entry)
}

func (s *Service) checkLimit(ctx context.Context, key string, limit int, now time.Time, what string) error {
	minutes, err := s.lockedFor(ctx, key, limit, now)
	if err != nil || minutes == 0 {
		return err
	}
	return &errs.Error{Kind: errs.TooMany, Message: fmt.Sprintf(
		"Too many failed sign-ins from %s. Try again in %d minutes, or ask your administrator to reset your password.", what, minutes)}
}

// lockedFor is how many whole minutes key stays locked after limit
// failures within the window; 0 when it is not locked.
func (s *Service) lockedFor(ctx context.Context, key string, limit int, now time.Time) (int, error) {
	if limit <= 0 {
		return 0, nil
	}
	n, oldest, err := s.store.SignInFailures(ctx, key, now.Add(-s.policy.FailureWindow))
	if err != nil || n < limit {
		return 0, err
	}
	return max(int(math.Ceil(oldest.Add(s.policy.FailureWindow).Sub(now).Minutes())), 1), nil
}

// codeKey counts the wrong private codes given for an appointment.
func codeKey(reference string) string { return "appointment:" + reference }

// CodeLocked reports how many whole minutes the private code of the
// appointment with reference stays locked after too many wrong tries
// (the per-account sign-in limit, counted per appointment); 0 when the
// code may be tried.
func (s *Service) CodeLocked(ctx context.Context, reference string) (int, error) {
	return s.lockedFor(ctx, codeKey(reference), s.policy.AccountFailures, s.now())
}

// CodeWrong counts a wrong private code for an appointment.
func (s *Service) CodeWrong(ctx context.Context, reference string) error {
	return s.store.RecordSignInFailure(ctx, []string{codeKey(reference)}, s.now())
}

// CodeRight forgets the wrong codes of an appointment once the right one
// is given.
func (s *Service) CodeRight(ctx context.Context, reference string) error {
	return s.store.ClearSignInFailures(ctx, codeKey(reference))
}

// Session is a signed-in browser session as the web layer holds it.
type Session struct {
	// Token is the cookie value; CSRF the token forms must carry.
	Token string
	CSRF  string
	Actor *Actor
	// Account is the signed-in account.
	Account Account
	Expires time.Time
}

// StartSession makes a new session for acc: always a new id, so a
// session id planted before sign-in is worth nothing after it. The
// session the browser had (previous, possibly empty) is ended.
func (s *Service) StartSession(ctx context.Context, acc Account, previous, requestID string) (Session, error) {
	if previous != "" {
		if err := s.store.DeleteSession(ctx, HashSecret(previous)); err != nil {
			return Session{}, err
		}
	}
	now := s.now().UTC()
	token, csrf := NewSecret("ses_"), NewSecret("")
	rec := SessionRecord{IDHash: HashSecret(token), UserID: acc.ID, CSRF: csrf, Created: now, LastSeen: now,
		Expires: now.Add(s.policy.AbsoluteTimeout)}
	if err := s.store.CreateSession(ctx, rec); err != nil {
		return Session{}, err
	}
	return Session{Token: token, CSRF: csrf, Actor: acc.Actor(requestID), Account: acc, Expires: rec.Expires}, nil
}

// touchEvery bounds how often a session's last use is written: once a
// minute is exact enough for a 30-minute idle timeout and saves a write
// per request.
const touchEvery = time.Minute

// ErrNoSession says a session cookie is unknown, ended or expired.
var ErrNoSession = errs.E(errs.Unauthorized, "Your session has ended. Sign in again.")

// SessionOf returns the session of a cookie value, ending it if it has
// been idle too long or passed its absolute limit.
func (s *Service) SessionOf(ctx context.Context, token, requestID string) (Session, error) {
	if !strings.HasPrefix(token, "ses_") || len(token) > 100 {
		return Session{}, ErrNoSession
	}
	hash := HashSecret(token)
	rec, acc, err := s.store.Session(ctx, hash)
	if errs.Is(err, errs.NotFound) {
		return Session{}, ErrNoSession
	}
	if err != nil {
		return Session{}, err
	}
	now := s.now().UTC()
	if acc.Disabled || !now.Before(rec.Expires) || now.Sub(rec.LastSeen) >= s.policy.IdleTimeout {
		if err := s.store.DeleteSession(ctx, hash); err != nil {
			return Session{}, err
		}
		return Session{}, ErrNoSession
	}
	if now.Sub(rec.LastSeen) >= touchEvery {
		if err := s.store.TouchSession(ctx, hash, now); err != nil {
			return Session{}, err
		}
	}
	return Session{Token: token, CSRF: rec.CSRF, Actor: acc.Actor(requestID), Account: acc, Expires: rec.Expires}, nil
}

// SignOut ends one session.
func (s *Service) SignOut(ctx context.Context, token string) error {
	return s.store.DeleteSession(ctx, HashSecret(token))
}

// SignOutEverywhere ends every session of the actor's account.
func (s *Service) SignOutEverywhere(ctx context.Context, by *Actor) error {
	if by.Kind != Person {
		return Denied(by, "Only a signed-in person can sign out everywhere.")
	}
	return s.store.DeleteSessions(ctx, by.UserID)
}

// ErrBadToken answers every unusable API token alike.
var ErrBadToken = errs.E(errs.Unauthorized, "The API token is unknown or revoked.")

// TokenActor returns the actor of an API token.
func (s *Service) TokenActor(ctx context.Context, secret, requestID string) (*Actor, error) {
	if !strings.HasPrefix(secret, "ost_") || len(secret) > 100 {
		return nil, ErrBadToken
	}
	t, err := s.store.TokenBySecret(ctx, HashSecret(secret))
	if errs.Is(err, errs.NotFound) {
		return nil, ErrBadToken
	}
	if err != nil {
		return nil, err
	}
	if t.Revoked != nil {
		return nil, ErrBadToken
	}
	now := s.now().UTC()
	if t.LastUsed == nil || now.Sub(*t.LastUsed) >= touchEvery {
		if err := s.store.TouchToken(ctx, t.ID, now); err != nil {
			return nil, err
		}
	}
	return t.Actor(requestID), nil
}

// CreateToken makes an API token for an integration and returns its
// secret, which is never shown again.
func (s *Service) CreateToken(ctx context.Context, by *Actor, name string, g Grant) (Token, string, error) {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 100 || hasControl(name) {
		return Token{}, "", errs.Param("name", "Name the token after the integration that uses it (at most 100 characters).")
	}
	if err := g.Validate(); err != nil {
		return Token{}, "", err
	}
	if !by.CanGrant(g) || (g.Point != "" && !by.IsAdmin()) {
		return Token{}, "", s.deny(ctx, by, "token.create", "token", name, g.Organisation,
			"You may not make a token with the role %s.", g)
	}
	secret := NewSecret("ost_")
	t, err := s.store.CreateToken(ctx, by, Token{Name: name, Grant: g, CreatedBy: by.Label}, HashSecret(secret))
	return t, secret, err
}

// RevokeToken revokes an API token at once.
func (s *Service) RevokeToken(ctx context.Context, by *Actor, id int64) error {
	t, err := s.store.Token(ctx, id)
	if err != nil {
		return err
	}
	if !by.CanGrant(t.Grant) {
		return s.deny(ctx, by, "token.revoke", "token", fmt.Sprint(id), t.Grant.Organisation,
			"You may not revoke a token with the role %s.", t.Grant)
	}
	return s.store.RevokeToken(ctx, by, id)
}

// CreateAccount adds an account with a password (empty: the person signs
// in through their organisation's identity provider) and its grants.
func (s *Service) CreateAccount(ctx context.Context, by *Actor, a Account, password string) (Account, error) {
	if err := a.Validate(); err != nil {
		return Account{}, err
	}
	for _, g := range a.Grants {
		if err := g.Validate(); err != nil {
			return Account{}, err
		}
		if !by.CanGrant(g) {
			return Account{}, s.deny(ctx, by, "user.create", "user", a.Email, g.Organisation,
				"You may not give the role %s.", g)
		}
	}
	if len(a.Grants) == 0 && !by.IsAdmin() {
		return Account{}, errs.Param("grants", "Give the new account at least one role in your organisation.")
	}
	if password != "" {
		if err := ValidatePassword(password); err != nil {
			return Account{}, err
		}
		hash, err := HashPassword(password, DefaultPasswordParams)
		if err != nil {
			return Account{}, err
		}
		a.PasswordHash = hash
	}
	return s.store.CreateAccount(ctx, by, a)
}

// SetPassword changes an account's password and ends its sessions. A
// person may change their own; admins and the admins of an organisation
// the account has a role in may reset it.
func (s *Service) SetPassword(ctx context.Context, by *Actor, userID int64, password string) error {
	acc, err := s.store.AccountByID(ctx, userID)
	if err != nil {
		return err
	}
	if by.UserID != userID && !by.Manages(acc) {
		return s.deny(ctx, by, "user.password", "user", acc.Email, "", "You may not change this person's password.")
	}
	if err := ValidatePassword(password); err != nil {
		return err
	}
	hash, err := HashPassword(password, DefaultPasswordParams)
	if err != nil {
		return err
	}
	if err := s.store.SetPassword(ctx, by, userID, hash); err != nil {
		return err
	}
	return s.store.DeleteSessions(ctx, userID)
}

// ErrWrongPassword answers a wrong current password.
var ErrWrongPassword = errs.Param("current_password", "The current password is wrong.")

// ChangeOwnPassword changes a person's own password. The current one must
// be given (unless the account has none, signing in only through its
// organisation), so that whoever finds a session open on a shared
// computer cannot lock its owner out; wrong guesses count towards the
// account's sign-in limit.
func (s *Service) ChangeOwnPassword(ctx context.Context, by *Actor, current, password string) error {
	if by.Kind != Person {
		return Denied(by, "Only a signed-in person changes their own password.")
	}
	acc, err := s.store.AccountByID(ctx, by.UserID)
	if err != nil {
		return err
	}
	if acc.PasswordHash != "" {
		key := "account:" + acc.Email
		if err := s.checkLimit(ctx, key, s.policy.AccountFailures, s.now(), "this account"); err != nil {
			return err
		}
		ok, _, err := CheckPassword(acc.PasswordHash, current)
		if err != nil {
			return err
		}
		if !ok {
			if err := s.store.RecordSignInFailure(ctx, []string{key}, s.now()); err != nil {
				return err
			}
			return ErrWrongPassword
		}
	}
	return s.SetPassword(ctx, by, acc.ID, password)
}

// Grant gives an account a role, if the actor may give it.
func (s *Service) Grant(ctx context.Context, by *Actor, userID int64, g Grant) error {
	return s.changeGrant(ctx, by, userID, g, "role.grant", "You may not give the role %s.", s.store.AddGrant)
}

// Revoke takes a role away, if the actor may take it. Nobody takes away
// their own admin role: another admin must, so that an organisation is
// never left without one by a slip.
func (s *Service) Revoke(ctx context.Context, by *Actor, userID int64, g Grant) error {
	if by.Kind == Person && by.UserID == userID && (g.Role == Admin || g.Role == OrgAdmin) {
		return errs.Conflictf("You cannot take away your own %s role; ask another admin to.", g.Role)
	}
	return s.changeGrant(ctx, by, userID, g, "role.revoke", "You may not take away the role %s.", s.store.RemoveGrant)
}

func (s *Service) changeGrant(ctx context.Context, by *Actor, userID int64, g Grant, action, refusal string,
	change func(context.Context, *Actor, int64, Grant) error) error {
	if err := g.Validate(); err != nil {
		return err
	}
	if !by.CanGrant(g) {
		acc, err := s.store.AccountByID(ctx, userID)
		if err != nil {
			return err
		}
		return s.deny(ctx, by, action, "user", acc.Email, g.Organisation, refusal, g)
	}
	return change(ctx, by, userID, g)
}

// LinkStaff links account userID to staff member staff, of organisation
// org, so that the person edits their own working times; staff "" ends
// the link. Installation admins may; so may an organisation's admin who
// manages the account (see Actor.Manages) and, when linking, administers the
// staff member's organisation.
func (s *Service) LinkStaff(ctx context.Context, by *Actor, userID int64, staff, org string) error {
	acc, err := s.store.AccountByID(ctx, userID)
	if err != nil {
		return err
	}
	if !by.Manages(acc) || (staff != "" && !by.HasIn(org, OrgAdmin)) {
		return s.deny(ctx, by, "user.staff", "user", acc.Email, org,
			"Only the admins of the person's organisations, and of the staff member's, may link their account to a staff member.")
	}
	return s.store.LinkStaff(ctx, by, userID, staff)
}

// deny records a refused attempt in the audit log and returns the error
// that tells the actor.
func (s *Service) deny(ctx context.Context, by *Actor, action, kind, subject, org, format string, args ...any) error {
	e := by.Entry(action, kind, subject)
	e.SubjectOrganisation, e.Outcome = org, Refused
	if err := s.store.Audit(ctx, e); err != nil {
		return err
	}
	return Denied(by, format, args...)
}

// Deny is deny for the web layer: a refused attempt the handler decided.
func (s *Service) Deny(ctx context.Context, by *Actor, action, kind, subject, org, message string) error {
	return s.deny(ctx, by, action, kind, subject, org, "%s", message)
}

// AuditLog lists audit entries the actor may see: all of them for
// installation admins, those of their organisation for its admins.
func (s *Service) AuditLog(ctx context.Context, by *Actor, f AuditFilter) ([]AuditEntry, error) {
	if f.Organisation == "" && !by.IsAdmin() {
		orgs := by.Organisations(OrgAdmin)
		if len(orgs) != 1 {
			return nil, errs.Param("organisation", "Name the organisation whose audit log you want to see.")
		}
		f.Organisation = orgs[0]
	}
	if f.Organisation != "" && !by.HasIn(f.Organisation, OrgAdmin) {
		return nil, s.deny(ctx, by, "audit.read", "audit_log", f.Organisation, f.Organisation,
			"Only the admins of %s see its audit log.", f.Organisation)
	}
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 1000
	}
	return s.store.AuditLog(ctx, f)
}
