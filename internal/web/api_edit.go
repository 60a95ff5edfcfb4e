package web

import (
	"context"
	"net/http"

	"github.com/onestop-fi/onestop/internal/access"
	"github.com/onestop-fi/onestop/internal/catalogue"
	"github.com/onestop-fi/onestop/internal/errs"
)

// Who may change the catalogue:
//   - installation admins: everything, and they alone add organisations
//     and service points and import whole catalogues;
//   - an organisation's admins: the organisation, its services, its staff
//     members, and its services' offerings at any point;
//   - a point's managers: the point, its offerings, resources and
//     exceptions to its hours.
//
// The store refuses to move a service, a staff member or a resource to
// another owner, so checking the owner before a save is enough.

// allow answers nil when ok, else refuses the actor — audited when the
// actor is signed in, so that attempts beyond one's role are on record.
func (s *Server) allow(r *http.Request, ok bool, action, kind, subject, org, message string) error {
	a := actor(r)
	if ok {
		return nil
	}
	if !a.SignedIn() {
		return access.Denied(a, "%s", message)
	}
	return s.access.Deny(r.Context(), a, action, kind, subject, org, message)
}

// decodeEntity reads an entity for a PUT whose path names its slug; a
// body that names another slug is refused.
func decodeEntity(w http.ResponseWriter, r *http.Request, limit int64, v any, slug *string) error {
	if err := decodeJSON(w, r, limit, v); err != nil {
		return err
	}
	path := r.PathValue("slug")
	if *slug != "" && *slug != path {
		return errs.Param("slug", "The body names %q but the address names %q; they must agree.", *slug, path)
	}
	*slug = path
	return nil
}

// saved answers a PUT: 201 for a new entity, 200 for a changed one.
func saved(w http.ResponseWriter, created bool, v any) {
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	writeJSON(w, status, v)
}

// existing tells whether get found the entity; not-found is no error.
func existing(err error) (bool, error) {
	if errs.Is(err, errs.NotFound) {
		return false, nil
	}
	return err == nil, err
}

func (s *Server) putOrganisation(w http.ResponseWriter, r *http.Request) {
	var o catalogue.Organisation
	if err := decodeEntity(w, r, s.cfg.MaxBodyBytes, &o, &o.Slug); err != nil {
		s.fail(w, r, err)
		return
	}
	a := actor(r)
	_, err := s.cat.Organisation(r.Context(), o.Slug)
	found, err := existing(err)
	if err == nil {
		if found {
			err = s.allow(r, a.HasIn(o.Slug, access.OrgAdmin), "organisation.save", "organisation", o.Slug, o.Slug,
				"Only the organisation's admins may change it.")
		} else {
			err = s.allow(r, a.IsAdmin(), "organisation.save", "organisation", o.Slug, "",
				"Only installation admins add organisations.")
		}
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	created, err := s.cat.SaveOrganisation(r.Context(), o)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	saved(w, created, o)
}

// ownerAllows checks an org-owned entity: the actor must administer the
// organisation that owns it now or, for a new one, the one the body
// names. A body naming another owner is refused by the store.
func (s *Server) ownerAllows(r *http.Request, kind, slug, current, named string) error {
	a := actor(r)
	org := named
	if current != "" {
		org = current
	}
	return s.allow(r, a.HasIn(org, access.OrgAdmin), kind+".save", kind, slug, org,
		"Only the admins of the organisation that owns it may change it.")
}

func (s *Server) putService(w http.ResponseWriter, r *http.Request) {
	var sv catalogue.Service
	if err := decodeEntity(w, r, s.cfg.MaxBodyBytes, &sv, &sv.Slug); err != nil {
		s.fail(w, r, err)
		return
	}
	old, err := s.cat.Service(r.Context(), sv.Slug)
	if _, err = existing(err); err == nil {
		err = s.ownerAllows(r, "service", sv.Slug, old.Organisation, sv.Organisation)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	created, err := s.cat.SaveService(r.Context(), sv)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	saved(w, created, sv)
}

func (s *Server) putStaffMember(w http.ResponseWriter, r *http.Request) {
	var m catalogue.StaffMember
	if err := decodeEntity(w, r, s.cfg.MaxBodyBytes, &m, &m.Slug); err != nil {
		s.fail(w, r, err)
		return
	}
	old, err := s.cat.StaffMember(r.Context(), m.Slug)
	if _, err = existing(err); err == nil {
		err = s.ownerAllows(r, "staff", m.Slug, old.Organisation, m.Organisation)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	created, err := s.cat.SaveStaffMember(r.Context(), m)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	saved(w, created, m)
}

// managesPoint checks that the actor manages point (admins manage all).
func (s *Server) managesPoint(r *http.Request, action, point string) error {
	return s.allow(r, actor(r).HasAt(point, access.PointManager), action, "point", point, "",
		"Only the managers of the service point may change it.")
}

func (s *Server) putPoint(w http.ResponseWriter, r *http.Request) {
	var p catalogue.Point
	if err := decodeEntity(w, r, s.cfg.MaxBodyBytes, &p, &p.Slug); err != nil {
		s.fail(w, r, err)
		return
	}
	_, err := s.cat.Point(r.Context(), p.Slug)
	found, err := existing(err)
	if err == nil {
		if found {
			err = s.managesPoint(r, "point.save", p.Slug)
		} else {
			err = s.allow(r, actor(r).IsAdmin(), "point.save", "point", p.Slug, "", "Only installation admins add service points.")
		}
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	created, err := s.cat.SavePoint(r.Context(), p)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	saved(w, created, p)
}

func (s *Server) putResource(w http.ResponseWriter, r *http.Request) {
	var res catalogue.Resource
	if err := decodeEntity(w, r, s.cfg.MaxBodyBytes, &res, &res.Slug); err != nil {
		s.fail(w, r, err)
		return
	}
	old, err := s.cat.Resource(r.Context(), res.Slug)
	if _, err = existing(err); err == nil {
		point := res.Point
		if old.Point != "" {
			point = old.Point
		}
		err = s.managesPoint(r, "resource.save", point)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	created, err := s.cat.SaveResource(r.Context(), res)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	saved(w, created, res)
}

// offeringAllows lets a point's managers and the admins of the service's
// organisation change the service's offering at the point.
func (s *Server) offeringAllows(ctx context.Context, r *http.Request, point, service string) error {
	sv, err := s.cat.Service(ctx, service)
	if err != nil {
		if errs.Is(err, errs.NotFound) {
			return errs.NotFoundf("There is no service %q.", service)
		}
		return err
	}
	a := actor(r)
	return s.allow(r, a.HasAt(point, access.PointManager) || a.HasIn(sv.Organisation, access.OrgAdmin),
		"offering.save", "offering", point+"/"+service, sv.Organisation,
		"Only the point's managers and the admins of the service's organisation may change this offering.")
}

func (s *Server) putOffering(w http.ResponseWriter, r *http.Request) {
	var o catalogue.Offering
	if err := decodeJSON(w, r, s.cfg.MaxBodyBytes, &o); err != nil {
		s.fail(w, r, err)
		return
	}
	point, service := r.PathValue("slug"), r.PathValue("service")
	if (o.Point != "" && o.Point != point) || (o.Service != "" && o.Service != service) {
		s.fail(w, r, errs.Param("point", "The body names another point or service than the address; they must agree."))
		return
	}
	o.Point, o.Service = point, service
	if err := s.offeringAllows(r.Context(), r, point, service); err != nil {
		s.fail(w, r, err)
		return
	}
	created, err := s.cat.SaveOffering(r.Context(), o)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	saved(w, created, o)
}

func (s *Server) deleteOffering(w http.ResponseWriter, r *http.Request) {
	point, service := r.PathValue("slug"), r.PathValue("service")
	if err := s.offeringAllows(r.Context(), r, point, service); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.cat.DeleteOffering(r.Context(), point, service); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
