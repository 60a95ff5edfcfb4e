package access

import (
	"net/mail"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/onestop-fi/onestop/internal/catalogue"
	"github.com/onestop-fi/onestop/internal/errs"
)

// Account is a person's sign-in account. Grants say what it may do.
type Account struct {
	ID       int64     `json:"id"`
	Email    string    `json:"email"`
	Name     string    `json:"name"`
	Disabled bool      `json:"disabled"`
	Created  time.Time `json:"created_at"`
	Grants   []Grant   `json:"grants"`
	// StaffMember is the slug of the staff member the account belongs
	// to, if an admin linked it to one: then the person edits their own
	// working times and opens their own calendar.
	StaffMember string `json:"staff_member,omitempty"`
	// PasswordHash is the argon2id hash, empty for accounts that sign in
	// only through their organisation's identity provider.
	PasswordHash string `json:"-"`
}

// Actor returns the actor a request signed in with this account acts as.
func (a Account) Actor(requestID string) *Actor {
	return &Actor{Kind: Person, UserID: a.ID, Label: a.Email, Grants: a.Grants, StaffMember: a.StaffMember, RequestID: requestID}
}

// NormalEmail checks and lower-cases an e-mail address.
func NormalEmail(s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	addr, err := mail.ParseAddress(s)
	if err != nil || addr.Address != s || len(s) > 254 {
		return "", errs.Param("email", "Give an e-mail address such as name@example.fi.")
	}
	return s, nil
}

// Validate checks an account before it is stored.
func (a *Account) Validate() error {
	email, err := NormalEmail(a.Email)
	if err != nil {
		return err
	}
	a.Email = email
	a.Name = strings.TrimSpace(a.Name)
	if a.Name == "" || utf8.RuneCountInString(a.Name) > 200 {
		return errs.Param("name", "Give the person's name (at most 200 characters).")
	}
	return nil
}

// Token is an API token of an integration: one grant, revocable. Its
// secret is shown once, when it is made, and stored only as a hash.
type Token struct {
	ID        int64      `json:"id"`
	Name      string     `json:"name"`
	Grant     Grant      `json:"grant"`
	CreatedBy string     `json:"created_by"`
	Created   time.Time  `json:"created_at"`
	LastUsed  *time.Time `json:"last_used_at,omitempty"`
	Revoked   *time.Time `json:"revoked_at,omitempty"`
}

// Actor returns the actor a request with this token acts as.
func (t Token) Actor(requestID string) *Actor {
	return &Actor{Kind: Integration, TokenID: t.ID, Label: "token:" + t.Name, Grants: []Grant{t.Grant}, RequestID: requestID}
}

// Outcome says whether an audited attempt was allowed.
type Outcome string

const (
	Allowed Outcome = "ok"
	Refused Outcome = "denied"
)

// AuditEntry records one use of personal data or of permissions: who,
// for which organisation, did what to whom, why, when, and whether it
// was allowed.
type AuditEntry struct {
	ID    int64     `json:"id"`
	At    time.Time `json:"at"`
	Actor string    `json:"actor"`
	// ActorUserID is the account of a person, 0 for tokens and onestop.
	ActorUserID int64 `json:"actor_user_id,omitempty"`
	// Organisation is the one the actor acted for.
	Organisation string `json:"organisation,omitempty"`
	Action       string `json:"action"`
	SubjectKind  string `json:"subject_kind,omitempty"`
	Subject      string `json:"subject,omitempty"`
	// SubjectOrganisation is the controller of the data: the
	// organisation that recorded it.
	SubjectOrganisation string  `json:"subject_organisation,omitempty"`
	Purpose             string  `json:"purpose,omitempty"`
	RequestID           string  `json:"request_id,omitempty"`
	Outcome             Outcome `json:"outcome"`
}

// Entry starts an audit entry for the actor.
func (a *Actor) Entry(action, subjectKind, subject string) AuditEntry {
	e := AuditEntry{Action: action, SubjectKind: subjectKind, Subject: subject, Outcome: Allowed}
	if a != nil {
		e.Actor, e.ActorUserID, e.RequestID = a.Label, a.UserID, a.RequestID
	}
	return e
}

// AuditFilter selects audit entries.
type AuditFilter struct {
	// Organisation selects the entries an organisation's admin sees: what
	// its people did and what anyone did to data it controls. Empty
	// means every entry (installation admins).
	Organisation string
	// Subject selects the entries about one subject.
	SubjectKind, Subject string
	// Before pages backwards: entries with a smaller id.
	Before int64
	Limit  int
}

// Customer is the record an organisation keeps of a customer: contact
// details, language, needs and optionally the identity code. It belongs
// to the organisation that recorded it.
type Customer struct {
	ID           string `json:"id"`
	Organisation string `json:"organisation"`
	Name         string `json:"name"`
	Phone        string `json:"phone,omitempty"`
	Email        string `json:"email,omitempty"`
	Language     string `json:"language,omitempty"`
	// Needs are what the customer needs to be served well: an
	// interpreter, a step-free room, a hearing loop.
	Needs string `json:"needs,omitempty"`
	// IdentityCode is held only in memory; the store keeps Lookup and
	// Sealed.
	IdentityCode IdentityCode `json:"-"`
	Created      time.Time    `json:"created_at"`
	Updated      time.Time    `json:"updated_at"`
	Erased       *time.Time   `json:"erased_at,omitempty"`

	// Lookup and Sealed are the stored forms of the identity code.
	Lookup string `json:"-"`
	Sealed string `json:"-"`
	// SharedWith is the organisation whose consent let the reader see
	// the record, when it is not the owner.
	SharedWith string `json:"shared_with,omitempty"`
	// Consents are the customer's consents to share the record; only
	// the owner's staff see them.
	Consents []Consent `json:"consents,omitempty"`
}

// Validate checks the contact fields a person typed.
func (c *Customer) Validate() error {
	c.Name = strings.TrimSpace(c.Name)
	c.Phone = strings.TrimSpace(c.Phone)
	c.Email = strings.TrimSpace(c.Email)
	c.Needs = strings.TrimSpace(c.Needs)
	switch {
	case c.Name == "" || utf8.RuneCountInString(c.Name) > 200 || hasControl(c.Name):
		return errs.Param("name", "Give the customer's name (at most 200 characters).")
	case c.Phone != "" && !validPhone(c.Phone):
		return errs.Param("phone", "Give the phone number with digits, spaces and an optional leading +, e.g. +358 40 123 4567.")
	case utf8.RuneCountInString(c.Needs) > 1000:
		return errs.Param("needs", "Describe the needs in at most 1000 characters.")
	}
	if c.Email != "" {
		email, err := NormalEmail(c.Email)
		if err != nil {
			return err
		}
		c.Email = email
	}
	if c.Language != "" && !catalogue.ValidLanguage(c.Language) {
		return errs.Param("language", "The language %q is not a language code such as fi, sv, en or ar.", c.Language)
	}
	return nil
}

func hasControl(s string) bool { return strings.ContainsFunc(s, unicode.IsControl) }

func validPhone(s string) bool {
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == ' ' || r == '-':
		case r == '+' && i == 0:
		default:
			return false
		}
	}
	return digits >= 5 && digits <= 15
}

// Consent is a customer's permission for another organisation to read
// their record for a purpose, such as a joint visit.
type Consent struct {
	ID           int64      `json:"id"`
	Customer     string     `json:"customer"`
	Organisation string     `json:"organisation"`
	Purpose      string     `json:"purpose"`
	RecordedBy   string     `json:"recorded_by"`
	Created      time.Time  `json:"created_at"`
	Withdrawn    *time.Time `json:"withdrawn_at,omitempty"`
}

// Export is everything stored about one customer, for their right of
// access, including who has used their data.
type Export struct {
	Customer     Customer     `json:"customer"`
	IdentityCode string       `json:"identity_code,omitempty"`
	Consents     []Consent    `json:"consents"`
	Uses         []AuditEntry `json:"uses"`
	Exported     time.Time    `json:"exported_at"`
}

// Purpose checks the purpose given for using personal data: a short
// sentence that goes into the audit log.
func Purpose(s, otherwise string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return otherwise, nil
	}
	if utf8.RuneCountInString(s) > 200 || hasControl(s) {
		return "", errs.Param("purpose", "Give the purpose in at most 200 characters on one line.")
	}
	return s, nil
}
