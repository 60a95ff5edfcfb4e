package access

import (
	"fmt"
	"slices"
	"strings"

	"github.com/onestop-fi/onestop/internal/errs"
)

// Role is what a grant lets its holder do.
type Role string

const (
	// Admin runs the whole installation: organisations, points, users.
	Admin Role = "admin"
	// OrgAdmin runs one organisation: its services, staff, users, tokens
	// and audit log.
	OrgAdmin Role = "org_admin"
	// PointManager runs one service point: its hours, exceptions and
	// resources, and the offerings given there.
	PointManager Role = "point_manager"
	// Staff serves customers of one organisation and reads and records
	// their data.
	Staff Role = "staff"
	// Interpreter is booked by language; reads what the appointments they
	// take part in share with them.
	Interpreter Role = "interpreter"
	// Analyst reads aggregates only, never personal data.
	Analyst Role = "analyst"
)

// Roles lists every role in the order pages show them.
var Roles = []Role{Admin, OrgAdmin, PointManager, Staff, Interpreter, Analyst}

// ParseRole reads a role name.
func ParseRole(s string) (Role, error) {
	r := Role(s)
	if slices.Contains(Roles, r) {
		return r, nil
	}
	names := make([]string, len(Roles))
	for i, r := range Roles {
		names[i] = string(r)
	}
	return "", errs.Param("role", "There is no role %q; the roles are %s.", s, strings.Join(names, ", "))
}

// Grant gives a role for a scope: Admin for the whole installation, a
// point manager for a point, the other roles for an organisation (an
// analyst for an organisation or a point).
type Grant struct {
	Role         Role   `json:"role"`
	Organisation string `json:"organisation,omitempty"`
	Point        string `json:"point,omitempty"`
}

// Validate checks that the grant's scope fits its role.
func (g Grant) Validate() error {
	if _, err := ParseRole(string(g.Role)); err != nil {
		return err
	}
	org, point := g.Organisation != "", g.Point != ""
	switch {
	case g.Role == Admin && (org || point):
		return errs.Param("organisation", "The admin role is for the whole installation; give it without an organisation or a point.")
	case g.Role == PointManager && (!point || org):
		return errs.Param("point", "The point_manager role is granted for a service point; name the point and no organisation.")
	case g.Role == Analyst && org == point:
		return errs.Param("organisation", "The analyst role is granted for an organisation or a point; name exactly one.")
	case g.Role != Admin && g.Role != PointManager && g.Role != Analyst && (!org || point):
		return errs.Param("organisation", "The %s role is granted for an organisation; name the organisation and no point.", g.Role)
	}
	return nil
}

func (g Grant) String() string {
	switch {
	case g.Organisation != "":
		return fmt.Sprintf("%s of %s", g.Role, g.Organisation)
	case g.Point != "":
		return fmt.Sprintf("%s at %s", g.Role, g.Point)
	}
	return string(g.Role)
}

// ActorKind tells how a request's actor proved who it is.
type ActorKind string

const (
	Anonymous ActorKind = "anonymous"
	// Person is a staff member signed in with a session.
	Person ActorKind = "user"
	// Integration is an API token.
	Integration ActorKind = "token"
	// System is onestop itself: the retention job, the command line.
	System ActorKind = "system"
)

// Actor is who does something: the subject of every authorization
// decision and the "who" of every audit entry.
type Actor struct {
	Kind ActorKind
	// UserID is the account of a person; TokenID the API token of an
	// integration.
	UserID  int64
	TokenID int64
	// Label names the actor in the audit log: an e-mail address, a token
	// name, "system".
	Label  string
	Grants []Grant
	// StaffMember is the staff member a person is, when their account is
	// linked to one; empty otherwise.
	StaffMember string
	// RequestID ties audit entries to the request log.
	RequestID string
}

// AnonymousActor is a request without credentials.
func AnonymousActor(requestID string) *Actor {
	return &Actor{Kind: Anonymous, Label: "anonymous", RequestID: requestID}
}

// SystemActor is onestop acting by itself.
func SystemActor(label string) *Actor {
	return &Actor{Kind: System, Label: label, Grants: []Grant{{Role: Admin}}}
}

// SignedIn reports whether the actor proved an identity.
func (a *Actor) SignedIn() bool { return a != nil && a.Kind != Anonymous }

// IsAdmin reports whether the actor runs the whole installation.
func (a *Actor) IsAdmin() bool {
	return a != nil && slices.ContainsFunc(a.Grants, func(g Grant) bool { return g.Role == Admin })
}

// HasIn reports whether the actor has one of roles for organisation org.
// Admins have every role everywhere.
func (a *Actor) HasIn(org string, roles ...Role) bool {
	if a.IsAdmin() {
		return true
	}
	return a != nil && slices.ContainsFunc(a.Grants, func(g Grant) bool {
		return g.Organisation == org && org != "" && slices.Contains(roles, g.Role)
	})
}

// HasAt reports whether the actor has one of roles at point.
func (a *Actor) HasAt(point string, roles ...Role) bool {
	if a.IsAdmin() {
		return true
	}
	return a != nil && slices.ContainsFunc(a.Grants, func(g Grant) bool {
		return g.Point == point && point != "" && slices.Contains(roles, g.Role)
	})
}

// HasAny reports whether the actor has one of roles anywhere.
func (a *Actor) HasAny(roles ...Role) bool {
	if a.IsAdmin() {
		return true
	}
	return a != nil && slices.ContainsFunc(a.Grants, func(g Grant) bool { return slices.Contains(roles, g.Role) })
}

// Organisations lists the organisations where the actor has one of roles,
// sorted. For an admin it is nil: callers treat admins separately.
func (a *Actor) Organisations(roles ...Role) []string {
	if a == nil {
		return nil
	}
	var orgs []string
	for _, g := range a.Grants {
		if g.Organisation != "" && slices.Contains(roles, g.Role) && !slices.Contains(orgs, g.Organisation) {
			orgs = append(orgs, g.Organisation)
		}
	}
	slices.Sort(orgs)
	return orgs
}

// Is reports whether the actor is the signed-in staff member slug.
func (a *Actor) Is(slug string) bool {
	return a != nil && a.Kind == Person && slug != "" && a.StaffMember == slug
}

// CustomerRoles are the roles that read and record the customer data of
// their organisation.
var CustomerRoles = []Role{OrgAdmin, Staff}

// CanGrant reports whether the actor may give or take away g: admins any
// grant; an organisation's admin the organisation-scoped roles of their
// own organisation.
func (a *Actor) CanGrant(g Grant) bool {
	if a.IsAdmin() {
		return true
	}
	return g.Organisation != "" && g.Role != Admin && a.HasIn(g.Organisation, OrgAdmin)
}

// Manages reports whether the actor administers every organisation acc
// has a role in, and so may reset its password or link it to a staff
// member: admins every account; an organisation's admin those whose
// every grant they could give.
func (a *Actor) Manages(acc Account) bool {
	if a.IsAdmin() {
		return true
	}
	if len(acc.Grants) == 0 {
		return false
	}
	for _, g := range acc.Grants {
		if !a.CanGrant(g) {
			return false
		}
	}
	return true
}

// Denied is the error for an actor who may not do something. Signed-out
// actors get Unauthorized so that clients know to sign in.
func Denied(a *Actor, format string, args ...any) error {
	if !a.SignedIn() {
		return errs.E(errs.Unauthorized, "Sign in first. %s", fmt.Sprintf(format, args...))
	}
	return errs.E(errs.Forbidden, "%s", fmt.Sprintf(format, args...))
}
