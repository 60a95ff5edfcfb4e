package web

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/onestop-fi/onestop/internal/access"
	"github.com/onestop-fi/onestop/internal/catalogue"
	"github.com/onestop-fi/onestop/internal/errs"
)

// signedIn wraps a handler that needs a staff account or an API token:
// anonymous requests get 401 before any input is read.
func (s *Server) signedIn(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if _, err := requireSignedIn(r); err != nil {
			s.fail(w, r, err)
			return
		}
		h(w, r)
	}
}

// me is who the request acts as.
type me struct {
	Kind   access.ActorKind `json:"kind"`
	Label  string           `json:"label"`
	Grants []access.Grant   `json:"grants"`
	// StaffMember is the staff member a person's account is linked to.
	StaffMember string `json:"staff_member,omitempty"`
	// SessionExpires is when a browser session ends at the latest.
	SessionExpires *time.Time `json:"session_expires_at,omitempty"`
	// CSRFToken is what a page's script sends as X-CSRF-Token with
	// state-changing requests made with the session.
	CSRFToken string `json:"csrf_token,omitempty"`
}

func (s *Server) getMe(w http.ResponseWriter, r *http.Request) {
	a := actor(r)
	m := me{Kind: a.Kind, Label: a.Label, Grants: a.Grants, StaffMember: a.StaffMember}
	if m.Grants == nil {
		m.Grants = []access.Grant{}
	}
	if sess := session(r); sess != nil {
		m.SessionExpires, m.CSRFToken = &sess.Expires, sess.CSRF
	}
	writeJSON(w, http.StatusOK, m)
}

// pathID reads a positive integer path value.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, errs.Param(name, "The %s %q is not a positive whole number.", name, r.PathValue(name))
	}
	return id, nil
}

// orgParam reads the organisation a list is about: the one asked for, or
// the one the actor administers when there is only one. Installation
// admins may leave it out to see everything.
func orgParam(r *http.Request, p *params) (string, error) {
	org := p.slug("organisation")
	if p.err != nil {
		return "", p.err
	}
	a := actor(r)
	if org == "" && !a.IsAdmin() {
		orgs := a.Organisations(access.OrgAdmin)
		if len(orgs) == 0 {
			return "", access.Denied(a, "Only installation admins and organisations' admins see this.")
		}
		if len(orgs) != 1 {
			return "", errs.Param("organisation", "Name the organisation with ?organisation=.")
		}
		org = orgs[0]
	}
	return org, nil
}

// adminsList reads the ?organisation= of a list only admins see and
// checks that the actor administers it (every organisation, when empty).
func (s *Server) adminsList(r *http.Request, action, refusal string) (string, error) {
	org, err := orgParam(r, queryParams(r, "organisation"))
	if err != nil {
		return "", err
	}
	a := actor(r)
	return org, s.allow(r, a.HasIn(org, access.OrgAdmin) || (org == "" && a.IsAdmin()), action, "organisation", org, org, refusal)
}

func (s *Server) listUsers(w http.ResponseWriter, r *http.Request) {
	org, err := s.adminsList(r, "user.list", "Only the organisation's admins see its people.")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	accs, err := s.access.Store().Accounts(r.Context(), org)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if accs == nil {
		accs = []access.Account{}
	}
	writeJSON(w, http.StatusOK, list[access.Account]{Items: accs})
}

type userInput struct {
	Email    string         `json:"email"`
	Name     string         `json:"name"`
	Password string         `json:"password"`
	Grants   []access.Grant `json:"grants"`
}

func (s *Server) createUser(w http.ResponseWriter, r *http.Request) {
	var in userInput
	if err := decodeJSON(w, r, s.cfg.MaxBodyBytes, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	acc, err := s.access.CreateAccount(r.Context(), actor(r), access.Account{Email: in.Email, Name: in.Name, Grants: in.Grants}, in.Password)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, acc)
}

// userFor reads the account of the path's id, visible to admins and to
// the admins of an organisation the account has a role in.
func (s *Server) userFor(r *http.Request) (access.Account, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return access.Account{}, err
	}
	a := actor(r)
	acc, err := s.access.Store().AccountByID(r.Context(), id)
	if errs.Is(err, errs.NotFound) && !a.IsAdmin() {
		// The same answer as for someone else's account, so that ids
		// cannot be probed.
		return acc, s.allow(r, false, "user.read", "user", fmt.Sprint(id), "", "You may not see this account.")
	}
	if err != nil {
		return acc, err
	}
	ok := a.IsAdmin() || a.UserID == acc.ID
	for _, g := range acc.Grants {
		ok = ok || (g.Organisation != "" && a.HasIn(g.Organisation, access.OrgAdmin))
	}
	return acc, s.allow(r, ok, "user.read", "user", acc.Email, "", "You may not see this account.")
}

func (s *Server) getUser(w http.ResponseWriter, r *http.Request) {
	acc, err := s.userFor(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, acc)
}

func (s *Server) addGrant(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var g access.Grant
	if err := decodeJSON(w, r, s.cfg.MaxBodyBytes, &g); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.access.Grant(r.Context(), actor(r), id, g); err != nil {
		s.fail(w, r, err)
		return
	}
	// Only the grant: the account may have roles elsewhere that the
	// actor is not to see.
	writeJSON(w, http.StatusCreated, g)
}

// putUserStaff links an account to a staff member:
// PUT /api/v1/users/{id}/staff-member with {"staff_member": slug}.
func (s *Server) putUserStaff(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in struct {
		StaffMember string `json:"staff_member"`
	}
	if err := decodeJSON(w, r, s.cfg.MaxBodyBytes, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	if in.StaffMember == "" {
		s.fail(w, r, errs.Param("staff_member", "Name the staff member, or DELETE the link to end it."))
		return
	}
	s.userStaffChanged(w, r, id, s.linkStaff(r, id, in.StaffMember))
}

// deleteUserStaff ends an account's link to a staff member:
// DELETE /api/v1/users/{id}/staff-member.
func (s *Server) deleteUserStaff(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.userStaffChanged(w, r, id, s.linkStaff(r, id, ""))
}

// userStaffChanged answers a change of an account's staff member with
// the account as it is now.
func (s *Server) userStaffChanged(w http.ResponseWriter, r *http.Request, id int64, err error) {
	if err != nil {
		s.fail(w, r, err)
		return
	}
	acc, err := s.access.Store().AccountByID(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, acc)
}

func (s *Server) removeGrant(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := queryParams(r, "role", "organisation", "point")
	g := access.Grant{Role: access.Role(p.q.Get("role")), Organisation: p.slug("organisation"), Point: p.slug("point")}
	if p.err != nil {
		s.fail(w, r, p.err)
		return
	}
	if err := s.access.Revoke(r.Context(), actor(r), id, g); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) listTokens(w http.ResponseWriter, r *http.Request) {
	org, err := s.adminsList(r, "token.list", "Only the organisation's admins see its API tokens.")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ts, err := s.access.Store().Tokens(r.Context(), org)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if ts == nil {
		ts = []access.Token{}
	}
	writeJSON(w, http.StatusOK, list[access.Token]{Items: ts})
}

type tokenInput struct {
	Name  string       `json:"name"`
	Grant access.Grant `json:"grant"`
}

// newToken is the answer to a new token: the only time its secret is
// shown.
type newToken struct {
	access.Token
	Secret string `json:"secret"`
}

func (s *Server) createToken(w http.ResponseWriter, r *http.Request) {
	var in tokenInput
	if err := decodeJSON(w, r, s.cfg.MaxBodyBytes, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	t, secret, err := s.access.CreateToken(r.Context(), actor(r), in.Name, in.Grant)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusCreated, newToken{Token: t, Secret: secret})
}

func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err == nil {
		err = s.access.RevokeToken(r.Context(), actor(r), id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// auditQuery reads the audit log's filter from the query.
func (s *Server) auditQuery(r *http.Request) (access.AuditFilter, error) {
	p := queryParams(r, "organisation", "before", "limit")
	f := access.AuditFilter{Organisation: p.slug("organisation")}
	if v := p.q.Get("before"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			p.fail(errs.Param("before", "The parameter before must be an entry id, a positive whole number."))
		}
		f.Before = n
	}
	if v := p.q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 || n > 1000 {
			p.fail(errs.Param("limit", "The limit must be a whole number from 1 to 1000."))
		}
		f.Limit = n
	}
	return f, p.err
}

func (s *Server) getAudit(w http.ResponseWriter, r *http.Request) {
	f, err := s.auditQuery(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if f.Limit == 0 {
		f.Limit = 100
	}
	entries, err := s.access.AuditLog(r.Context(), actor(r), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := list[access.AuditEntry]{Items: entries}
	if out.Items == nil {
		out.Items = []access.AuditEntry{}
	}
	if len(entries) == f.Limit {
		out.NextCursor = strconv.FormatInt(entries[len(entries)-1].ID, 10)
	}
	writeJSON(w, http.StatusOK, out)
}

// getAuditCSV exports the audit log the actor may see as CSV, newest
// first, for the organisation's own records or a supervisory authority.
func (s *Server) getAuditCSV(w http.ResponseWriter, r *http.Request) {
	f, err := s.auditQuery(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a := actor(r)
	if f.Organisation == "" && !a.IsAdmin() {
		if orgs := a.Organisations(access.OrgAdmin); len(orgs) == 1 {
			f.Organisation = orgs[0]
		}
	}
	// The whole log the actor may see, newest first, a page at a time.
	var entries []access.AuditEntry
	for {
		page := f
		page.Limit = 1000
		got, err := s.access.AuditLog(r.Context(), a, page)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		entries = append(entries, got...)
		if len(got) < page.Limit || (f.Limit > 0 && len(entries) >= f.Limit) {
			break
		}
		f.Before = got[len(got)-1].ID
	}
	if f.Limit > 0 && len(entries) > f.Limit {
		entries = entries[:f.Limit]
	}
	e := a.Entry("audit.export", "audit_log", f.Organisation)
	e.SubjectOrganisation = f.Organisation
	if err := s.access.Store().Audit(r.Context(), e); err != nil {
		s.fail(w, r, err)
		return
	}
	writeAuditCSV(w, f.Organisation, entries)
}

func writeAuditCSV(w http.ResponseWriter, org string, entries []access.AuditEntry) {
	name := "onestop-audit.csv"
	if org != "" {
		name = "onestop-audit-" + org + ".csv"
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, name))
	w.Header().Set("Cache-Control", "no-store")
	cw := csv.NewWriter(w)
	cw.Write([]string{"id", "time", "actor", "actor_user_id", "organisation", "action", "subject_kind", "subject",
		"subject_organisation", "purpose", "request_id", "outcome"})
	for _, e := range entries {
		cw.Write([]string{strconv.FormatInt(e.ID, 10), e.At.UTC().Format(time.RFC3339), csvSafe(e.Actor),
			strconv.FormatInt(e.ActorUserID, 10), e.Organisation, e.Action, e.SubjectKind, csvSafe(e.Subject),
			e.SubjectOrganisation, csvSafe(e.Purpose), e.RequestID, string(e.Outcome)})
	}
	cw.Flush()
}

// csvSafe keeps a spreadsheet from reading a field typed by a person as a
// formula.
func csvSafe(s string) string {
	if s != "" && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r') {
		return "'" + s
	}
	return s
}

// --- customers ---

// customerInput is the body of a new or changed customer record.
type customerInput struct {
	Organisation string `json:"organisation"`
	Name         string `json:"name"`
	Phone        string `json:"phone"`
	Email        string `json:"email"`
	Language     string `json:"language"`
	Needs        string `json:"needs"`
	// IdentityCode is optional; it is never returned in full except in
	// the customer's own data export.
	IdentityCode string `json:"identity_code"`
	Purpose      string `json:"purpose"`
}

func (in customerInput) record() access.CustomerInput {
	return access.CustomerInput{Customer: access.Customer{Organisation: in.Organisation, Name: in.Name, Phone: in.Phone,
		Email: in.Email, Language: in.Language, Needs: in.Needs}, IdentityCode: in.IdentityCode}
}

// customerView is a record as staff see it: the identity code masked.
type customerView struct {
	access.Customer
	IdentityCode string `json:"identity_code,omitempty"`
}

func viewOf(c access.Customer) customerView {
	v := customerView{Customer: c}
	if c.IdentityCode != "" {
		v.IdentityCode = c.IdentityCode.Masked()
	}
	return v
}

// purposeOf reads the purpose of a use from the X-Purpose header.
func purposeOf(r *http.Request) string {
	if p := r.Header.Get("X-Purpose"); p != "" {
		return p
	}
	return ""
}

func (s *Server) createCustomer(w http.ResponseWriter, r *http.Request) {
	var in customerInput
	if err := decodeJSON(w, r, s.cfg.MaxBodyBytes, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := s.access.CreateCustomer(r.Context(), actor(r), in.record(), in.Purpose)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusCreated, viewOf(c))
}

func (s *Server) getCustomer(w http.ResponseWriter, r *http.Request) {
	c, err := s.access.Customer(r.Context(), actor(r), r.PathValue("id"), purposeOf(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, viewOf(c))
}

func (s *Server) updateCustomer(w http.ResponseWriter, r *http.Request) {
	var in customerInput
	if err := decodeJSON(w, r, s.cfg.MaxBodyBytes, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	if in.Organisation != "" {
		s.fail(w, r, errs.Param("organisation", "A customer record stays with the organisation that recorded it; leave organisation out."))
		return
	}
	rec := in.record()
	rec.ID = r.PathValue("id")
	c, err := s.access.UpdateCustomer(r.Context(), actor(r), rec, in.Purpose)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, viewOf(c))
}

func (s *Server) eraseCustomer(w http.ResponseWriter, r *http.Request) {
	if err := s.access.EraseCustomer(r.Context(), actor(r), r.PathValue("id"), purposeOf(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) exportCustomer(w http.ResponseWriter, r *http.Request) {
	ex, err := s.access.ExportCustomer(r.Context(), actor(r), r.PathValue("id"), purposeOf(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.json"`, ex.Customer.ID))
	writeJSON(w, http.StatusOK, ex)
}

// searchInput carries the identity code in the body: it never goes into
// a URL, where logs and browser history would keep it.
type searchInput struct {
	IdentityCode string `json:"identity_code"`
	Purpose      string `json:"purpose"`
}

func (s *Server) searchCustomers(w http.ResponseWriter, r *http.Request) {
	var in searchInput
	if err := decodeJSON(w, r, s.cfg.MaxBodyBytes, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	found, err := s.access.FindCustomers(r.Context(), actor(r), in.IdentityCode, in.Purpose)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	views := make([]customerView, len(found))
	for i, c := range found {
		views[i] = viewOf(c)
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, list[customerView]{Items: views})
}

type consentInput struct {
	Organisation string `json:"organisation"`
	Purpose      string `json:"purpose"`
}

func (s *Server) grantConsent(w http.ResponseWriter, r *http.Request) {
	var in consentInput
	if err := decodeJSON(w, r, s.cfg.MaxBodyBytes, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	if in.Organisation != "" && !catalogue.ValidSlug(in.Organisation) {
		s.fail(w, r, errs.Param("organisation", "The organisation %q is not a valid identifier.", in.Organisation))
		return
	}
	k, err := s.access.GrantConsent(r.Context(), actor(r), access.Consent{Customer: r.PathValue("id"),
		Organisation: in.Organisation, Purpose: in.Purpose})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, k)
}

func (s *Server) withdrawConsent(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "consent")
	if err == nil {
		err = s.access.WithdrawConsent(r.Context(), actor(r), r.PathValue("id"), id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
