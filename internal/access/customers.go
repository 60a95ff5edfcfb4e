package access

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"strings"
	"time"

	"github.com/onestop-fi/onestop/internal/errs"
)

// customerIDs are 16 characters of lower-case base32: 80 random bits,
// so a customer id cannot be guessed or counted through.
var customerIDs = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

func newCustomerID() string {
	var b [10]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err)
	}
	return "c-" + customerIDs.EncodeToString(b[:])
}

// ValidCustomerID reports whether s has the shape of a customer id.
func ValidCustomerID(s string) bool {
	if len(s) != 18 || !strings.HasPrefix(s, "c-") {
		return false
	}
	_, err := customerIDs.DecodeString(s[2:])
	return err == nil
}

// ErrNoKeys says identity codes cannot be used because no data key is
// configured.
var ErrNoKeys = errs.Conflictf("This server has no data key configured, so it cannot store or match personal identity codes.")

// CustomerInput is what staff type for a new or changed record; the
// identity code arrives as text and is parsed here.
type CustomerInput struct {
	Customer
	IdentityCode string
}

// CreateCustomer records a customer for an organisation the actor serves.
func (s *Service) CreateCustomer(ctx context.Context, by *Actor, in CustomerInput, purpose string) (Customer, error) {
	c := in.Customer
	c.ID = newCustomerID()
	if err := c.Validate(); err != nil {
		return Customer{}, err
	}
	if c.Organisation == "" {
		orgs := by.Organisations(CustomerRoles...)
		if len(orgs) != 1 {
			return Customer{}, errs.Param("organisation", "Name the organisation that records this customer.")
		}
		c.Organisation = orgs[0]
	}
	if err := s.seal(&c, in.IdentityCode); err != nil {
		return Customer{}, err
	}
	purpose, err := Purpose(purpose, "customer service")
	if err != nil {
		return Customer{}, err
	}
	return s.store.CreateCustomer(ctx, by, c, purpose)
}

// seal parses an identity code and keeps its lookup hash and sealed form.
func (s *Service) seal(c *Customer, code string) error {
	if strings.TrimSpace(code) == "" {
		return nil
	}
	id, err := ParseIdentityCode(code)
	if err != nil {
		return err
	}
	if s.keys == nil {
		return ErrNoKeys
	}
	sealed, err := s.keys.Seal([]byte(id.Full()), c.ID)
	if err != nil {
		return err
	}
	c.IdentityCode, c.Lookup, c.Sealed = id, s.keys.Lookup(id), sealed
	return nil
}

// open fills in the identity code of a record read from the store.
func (s *Service) open(c *Customer) error {
	if c.Sealed == "" || s.keys == nil {
		return nil
	}
	plain, err := s.keys.Open(c.Sealed, c.ID)
	if err != nil {
		return err
	}
	c.IdentityCode = IdentityCode(plain)
	return nil
}

// Customer reads one record: the actor's organisation's own, or another
// organisation's the customer consented to share with it.
func (s *Service) Customer(ctx context.Context, by *Actor, id, purpose string) (Customer, error) {
	if !ValidCustomerID(id) {
		return Customer{}, errs.NotFoundf("There is no customer record %q.", id)
	}
	purpose, err := Purpose(purpose, "customer service")
	if err != nil {
		return Customer{}, err
	}
	c, err := s.store.Customer(ctx, by, id, purpose)
	if err != nil {
		return Customer{}, err
	}
	return c, s.open(&c)
}

// FindCustomers finds the records of the actor's organisations that
// carry an identity code.
func (s *Service) FindCustomers(ctx context.Context, by *Actor, code, purpose string) ([]Customer, error) {
	id, err := ParseIdentityCode(code)
	if err != nil {
		return nil, err
	}
	if s.keys == nil {
		return nil, ErrNoKeys
	}
	purpose, err = Purpose(purpose, "customer service")
	if err != nil {
		return nil, err
	}
	if len(by.Organisations(CustomerRoles...)) == 0 {
		return nil, s.deny(ctx, by, "customer.find", "customer", "", "",
			"Only the staff of an organisation search its customers.")
	}
	found, err := s.store.FindCustomers(ctx, by, s.keys.Lookup(id), purpose)
	if err != nil {
		return nil, err
	}
	for i := range found {
		if err := s.open(&found[i]); err != nil {
			return nil, err
		}
	}
	return found, nil
}

// UpdateCustomer changes the contact details of a record the actor's
// organisation owns. An empty identity code keeps the stored one.
func (s *Service) UpdateCustomer(ctx context.Context, by *Actor, in CustomerInput, purpose string) (Customer, error) {
	c := in.Customer
	if !ValidCustomerID(c.ID) {
		return Customer{}, errs.NotFoundf("There is no customer record %q.", c.ID)
	}
	if err := c.Validate(); err != nil {
		return Customer{}, err
	}
	if err := s.seal(&c, in.IdentityCode); err != nil {
		return Customer{}, err
	}
	purpose, err := Purpose(purpose, "customer service")
	if err != nil {
		return Customer{}, err
	}
	c, err = s.store.UpdateCustomer(ctx, by, c, purpose)
	if err != nil {
		return Customer{}, err
	}
	return c, s.open(&c)
}

// EraseCustomer anonymises a record on the customer's request: contact
// details and the identity code go, the anonymous row stays for counts.
func (s *Service) EraseCustomer(ctx context.Context, by *Actor, id, purpose string) error {
	if !ValidCustomerID(id) {
		return errs.NotFoundf("There is no customer record %q.", id)
	}
	purpose, err := Purpose(purpose, "erasure requested by the customer")
	if err != nil {
		return err
	}
	return s.store.EraseCustomer(ctx, by, id, purpose)
}

// ExportCustomer gathers everything stored about a customer, including
// who used their data, for their right of access.
func (s *Service) ExportCustomer(ctx context.Context, by *Actor, id, purpose string) (Export, error) {
	if !ValidCustomerID(id) {
		return Export{}, errs.NotFoundf("There is no customer record %q.", id)
	}
	purpose, err := Purpose(purpose, "access request by the customer")
	if err != nil {
		return Export{}, err
	}
	ex, err := s.store.ExportCustomer(ctx, by, id, purpose)
	if err != nil {
		return Export{}, err
	}
	if err := s.open(&ex.Customer); err != nil {
		return Export{}, err
	}
	if ex.Customer.IdentityCode != "" {
		ex.IdentityCode = ex.Customer.IdentityCode.Full()
	}
	ex.Exported = s.now().UTC()
	return ex, nil
}

// GrantConsent records the customer's consent that another organisation
// may read their record.
func (s *Service) GrantConsent(ctx context.Context, by *Actor, c Consent) (Consent, error) {
	if !ValidCustomerID(c.Customer) {
		return Consent{}, errs.NotFoundf("There is no customer record %q.", c.Customer)
	}
	p, err := Purpose(c.Purpose, "")
	if err != nil || p == "" {
		return Consent{}, errs.Param("purpose", "Say what the customer consented to, e.g. \"joint visit with Kela on 3 December\".")
	}
	c.Purpose = p
	if c.Organisation == "" {
		return Consent{}, errs.Param("organisation", "Name the organisation the customer lets read their record.")
	}
	return s.store.GrantConsent(ctx, by, c)
}

// WithdrawConsent ends a consent.
func (s *Service) WithdrawConsent(ctx context.Context, by *Actor, customer string, id int64) error {
	if !ValidCustomerID(customer) {
		return errs.NotFoundf("There is no customer record %q.", customer)
	}
	return s.store.WithdrawConsent(ctx, by, customer, id)
}

// Retain anonymises customer records untouched for longer than keep and
// removes ended sessions and old failed sign-ins. The anonymous rows stay
// so that counts per organisation and week still add up.
func (s *Service) Retain(ctx context.Context, keep time.Duration) (Retained, error) {
	if keep <= 0 {
		return Retained{}, errs.Invalidf("The retention period must be positive.")
	}
	return s.store.Retain(ctx, SystemActor("retention"), s.now().UTC().Add(-keep))
}
