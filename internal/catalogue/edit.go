package catalogue

import "context"

// Editor changes one catalogue entity at a time. Each Save is an upsert by
// slug in one transaction: created reports whether the entity was new.
//
// An entity is checked with its Validate first, and the entities it refers
// to must exist. What owns an entity cannot change by a save: a service or
// a staff member stays in its organisation and a resource stays at its
// point, so that whoever may edit the owner's entities may edit exactly
// these.
type Editor interface {
	SaveOrganisation(ctx context.Context, o Organisation) (created bool, err error)
	SaveService(ctx context.Context, s Service) (created bool, err error)
	SavePoint(ctx context.Context, p Point) (created bool, err error)
	// SaveOffering is an upsert by point and service.
	SaveOffering(ctx context.Context, o Offering) (created bool, err error)
	// DeleteOffering removes the offering of service at point together
	// with the hours exceptions of that offering.
	DeleteOffering(ctx context.Context, point, service string) error
	// SaveStaffMember replaces the member's services and languages as a
	// whole.
	SaveStaffMember(ctx context.Context, m StaffMember) (created bool, err error)
	StaffMember(ctx context.Context, slug string) (StaffMember, error)
	SaveResource(ctx context.Context, r Resource) (created bool, err error)
	Resource(ctx context.Context, slug string) (Resource, error)
}
