package web

import (
	"net/http"
	"strings"

	"github.com/onestop-fi/onestop/internal/queue"
)

// route is one entry of the route table.
type route struct {
	method  string
	path    string
	handler http.HandlerFunc
}

func (r route) pattern() string {
	if r.method == "" {
		return r.path
	}
	return r.method + " " + r.path
}

// isAPI reports whether the route belongs to the documented JSON API.
func (r route) isAPI() bool {
	return r.method != "" && strings.HasPrefix(r.path, apiPrefix) && r.path != apiPrefix+"openapi.json"
}

const apiPrefix = "/api/v1/"

// routeTable lists every route onestop serves. A route under /api/v1/
// must also be described in openapi.json; a test holds the two together.
func (s *Server) routeTable() []route {
	return []route{
		// Operations.
		{"GET", "/healthz", s.healthz},
		{"GET", "/readyz", s.readyz},
		{"GET", "/metrics", s.serveMetrics},

		// JSON API.
		{"GET", "/api/v1/openapi.json", s.openAPI},
		{"GET", "/api/v1/organisations", s.listOrganisations},
		{"GET", "/api/v1/organisations/{slug}", s.getOrganisation},
		{"GET", "/api/v1/services", s.listServices},
		{"GET", "/api/v1/services/{slug}", s.getService},
		{"GET", "/api/v1/points", s.listPoints},
		{"GET", "/api/v1/points/{slug}", s.getPoint},
		{"GET", "/api/v1/points/{slug}/hours", s.getPointHours},
		{"GET", "/api/v1/points/{slug}/hours.ics", s.getPointICS},
		{"GET", "/api/v1/points/{slug}/open", s.getPointOpen},
		{"GET", "/api/v1/points/{slug}/exceptions", s.listExceptions},
		{"POST", "/api/v1/points/{slug}/exceptions", s.signedIn(s.addException)},
		{"DELETE", "/api/v1/points/{slug}/exceptions/{id}", s.signedIn(s.deleteException)},
		{"GET", "/api/v1/staff", s.listStaff},

		// Appointments: free times and bookings.
		{"GET", "/api/v1/slots", s.needBookings(s.getSlots)},
		{"POST", "/api/v1/appointments", s.needBookings(s.createAppointment)},
		{"GET", "/api/v1/appointments/{reference}", s.needBookings(s.getAppointment)},
		{"DELETE", "/api/v1/appointments/{reference}", s.needBookings(s.cancelAppointment)},
		{"PATCH", "/api/v1/appointments/{reference}", s.needBookings(s.moveAppointment)},
		{"GET", "/api/v1/points/{slug}/appointments", s.needBookings(s.listAgenda("point"))},
		{"GET", "/api/v1/staff/{slug}/appointments", s.needBookings(s.listAgenda("staff"))},
		{"GET", "/api/v1/staff/{slug}/schedules", s.needBookings(s.getStaffSchedules)},
		{"PUT", "/api/v1/staff/{slug}/schedules", s.needBookings(s.putStaffSchedules)},

		// Walk-in queues: kiosk tickets, desks, live displays (api_queue.go, sse.go).
		{"GET", "/api/v1/points/{slug}/queues", s.needQueues(s.listQueues)},
		{"PUT", "/api/v1/points/{slug}/queues/{queue}", s.needQueues(s.signedIn(s.putQueue))},
		{"GET", "/api/v1/points/{slug}/desks", s.needQueues(s.signedIn(s.listDesks))},
		{"PUT", "/api/v1/points/{slug}/desks/{desk}", s.needQueues(s.signedIn(s.putDesk))},
		{"POST", "/api/v1/points/{slug}/tickets", s.needQueues(s.createTicket)},
		{"POST", "/api/v1/points/{slug}/checkins", s.needQueues(s.checkIn)},
		{"GET", "/api/v1/points/{slug}/display", s.needQueues(s.displayStream)},
		{"GET", "/api/v1/points/{slug}/visits", s.needQueues(s.signedIn(s.listVisits))},
		{"GET", "/api/v1/tickets/{id}", s.needQueues(s.getTicket)},
		{"GET", "/api/v1/tickets/{id}/events", s.needQueues(s.ticketStream)},
		{"GET", "/api/v1/desks/{id}", s.needQueues(s.signedIn(s.getDesk))},
		{"POST", "/api/v1/desks/{id}/signin", s.needQueues(s.signedIn(s.deskSignIn))},
		{"POST", "/api/v1/desks/{id}/signout", s.needQueues(s.signedIn(s.deskSignOut))},
		{"POST", "/api/v1/desks/{id}/next", s.needQueues(s.signedIn(s.deskStep(queue.Store.CallNext)))},
		{"POST", "/api/v1/desks/{id}/recall", s.needQueues(s.signedIn(s.deskStep(queue.Store.Recall)))},
		{"POST", "/api/v1/desks/{id}/serve", s.needQueues(s.signedIn(s.deskStep(queue.Store.Serve)))},
		{"POST", "/api/v1/desks/{id}/noshow", s.needQueues(s.signedIn(s.deskStep(queue.Store.NoShow)))},
		{"POST", "/api/v1/desks/{id}/transfer", s.needQueues(s.signedIn(s.deskTransfer))},
		{"POST", "/api/v1/desks/{id}/finish", s.needQueues(s.signedIn(s.deskFinish))},

		// Changing the catalogue: by role, see api_edit.go.
		{"POST", "/api/v1/catalogue", s.signedIn(s.importCatalogue)},
		{"PUT", "/api/v1/organisations/{slug}", s.signedIn(s.putOrganisation)},
		{"PUT", "/api/v1/services/{slug}", s.signedIn(s.putService)},
		{"PUT", "/api/v1/points/{slug}", s.signedIn(s.putPoint)},
		{"PUT", "/api/v1/points/{slug}/offerings/{service}", s.signedIn(s.putOffering)},
		{"DELETE", "/api/v1/points/{slug}/offerings/{service}", s.signedIn(s.deleteOffering)},
		{"PUT", "/api/v1/staff/{slug}", s.signedIn(s.putStaffMember)},
		{"PUT", "/api/v1/resources/{slug}", s.signedIn(s.putResource)},

		// Access: accounts, roles, API tokens, the audit log.
		{"GET", "/api/v1/me", s.signedIn(s.getMe)},
		{"GET", "/api/v1/users", s.signedIn(s.listUsers)},
		{"POST", "/api/v1/users", s.signedIn(s.createUser)},
		{"GET", "/api/v1/users/{id}", s.signedIn(s.getUser)},
		{"POST", "/api/v1/users/{id}/grants", s.signedIn(s.addGrant)},
		{"DELETE", "/api/v1/users/{id}/grants", s.signedIn(s.removeGrant)},
		{"PUT", "/api/v1/users/{id}/staff-member", s.signedIn(s.putUserStaff)},
		{"DELETE", "/api/v1/users/{id}/staff-member", s.signedIn(s.deleteUserStaff)},
		{"GET", "/api/v1/tokens", s.signedIn(s.listTokens)},
		{"POST", "/api/v1/tokens", s.signedIn(s.createToken)},
		{"DELETE", "/api/v1/tokens/{id}", s.signedIn(s.revokeToken)},
		{"GET", "/api/v1/audit", s.signedIn(s.getAudit)},
		{"GET", "/api/v1/audit.csv", s.signedIn(s.getAuditCSV)},

		// Customer records: personal data, scoped to the organisation
		// that recorded them and audited in the store.
		{"POST", "/api/v1/customers", s.signedIn(s.createCustomer)},
		{"POST", "/api/v1/customers/search", s.signedIn(s.searchCustomers)},
		{"GET", "/api/v1/customers/{id}", s.signedIn(s.getCustomer)},
		{"PUT", "/api/v1/customers/{id}", s.signedIn(s.updateCustomer)},
		{"DELETE", "/api/v1/customers/{id}", s.signedIn(s.eraseCustomer)},
		{"GET", "/api/v1/customers/{id}/export", s.signedIn(s.exportCustomer)},
		{"POST", "/api/v1/customers/{id}/consents", s.signedIn(s.grantConsent)},
		{"DELETE", "/api/v1/customers/{id}/consents/{consent}", s.signedIn(s.withdrawConsent)},
		{"", "/api/", s.apiNotFound},

		// Pages.
		{"GET", "/{$}", s.frontPage},
		{"GET", "/points/{slug}", s.pointPage},
		{"GET", "/language", s.setLanguage},
		{"GET", "/signin", s.signInPage},
		{"POST", "/signin", s.signIn},
		{"GET", "/signin/oidc/{org}", s.oidcStart},
		{"GET", "/signin/oidc/{org}/callback", s.oidcCallback},
		{"POST", "/signout", s.signOut},
		{"POST", "/signout/everywhere", s.signOutEverywhere},

		// Booking an appointment, and managing it with its private code
		// (see pages_booking.go).
		{"GET", "/book", s.needBookings(s.bookServicesPage)},
		{"GET", "/book/place", s.needBookings(s.bookPlacePage)},
		{"GET", "/book/times", s.needBookings(s.bookTimesPage)},
		{"GET", "/book/details", s.needBookings(s.bookDetailsPage)},
		{"POST", "/book", s.needBookings(s.bookPost)},
		{"GET", "/appointments", s.needBookings(s.lookupPage)},
		{"POST", "/appointments", s.needBookings(s.checkCode)},
		{"GET", "/appointments/{reference}", s.needBookings(s.residentAppointmentPage)},
		{"GET", "/appointments/{reference}/calendar.ics", s.needBookings(s.appointmentICS)},
		{"GET", "/appointments/{reference}/move", s.needBookings(s.movePage)},
		{"POST", "/appointments/{reference}/move", s.needBookings(s.moveAppointmentPost)},
		{"GET", "/appointments/{reference}/cancel", s.needBookings(s.cancelPage)},
		{"POST", "/appointments/{reference}/cancel", s.needBookings(s.cancelAppointmentPost)},
		{"POST", "/appointments/{reference}/forget", s.needBookings(s.forgetAppointment)},

		// Walk-in queues: the kiosk, a ticket followed on a phone and the
		// lobby display, for anyone (see pages_queue.go).
		{"GET", "/points/{slug}/kiosk", s.needQueues(s.kioskPage)},
		{"POST", "/points/{slug}/kiosk", s.needQueues(s.kioskTake)},
		{"POST", "/points/{slug}/kiosk/checkin", s.needQueues(s.kioskCheckIn)},
		{"GET", "/t/{id}", s.needQueues(s.ticketPage)},
		{"GET", "/points/{slug}/display", s.needQueues(s.displayPage)},

		// Staff pages.
		{"GET", "/staff", s.staffOnly(s.staffHome)},
		{"POST", "/staff/password", s.staffOnly(s.changePassword)},
		{"GET", "/staff/points/{slug}", s.staffOnly(s.staffPointPage)},
		{"POST", "/staff/points/{slug}/exceptions", s.staffOnly(s.staffAddException)},
		{"POST", "/staff/points/{slug}/exceptions/{id}/delete", s.staffOnly(s.staffDeleteException)},
		{"GET", "/staff/users", s.staffOnly(s.staffUsersPage)},
		{"POST", "/staff/users", s.staffOnly(s.staffCreateUser)},
		{"POST", "/staff/users/{id}/grants", s.staffOnly(s.staffAddGrant)},
		{"POST", "/staff/users/{id}/grants/revoke", s.staffOnly(s.staffRevokeGrant)},
		{"POST", "/staff/users/{id}/staff-member", s.staffOnly(s.staffLinkUser)},
		{"GET", "/staff/tokens", s.staffOnly(s.staffTokensPage)},
		{"POST", "/staff/tokens", s.staffOnly(s.staffCreateToken)},
		{"POST", "/staff/tokens/{id}/revoke", s.staffOnly(s.staffRevokeToken)},
		{"GET", "/staff/audit", s.staffOnly(s.staffAuditPage)},
		{"GET", "/staff/audit.csv", s.staffOnly(s.staffAuditCSV)},
		{"GET", "/staff/customers", s.staffOnly(s.staffCustomersPage)},
		{"POST", "/staff/customers", s.staffOnly(s.staffCreateCustomer)},
		{"POST", "/staff/customers/search", s.staffOnly(s.staffSearchCustomers)},
		{"GET", "/staff/customers/{id}", s.staffOnly(s.staffCustomerPage)},
		{"GET", "/staff/customers/{id}/export", s.staffOnly(s.staffExportCustomer)},
		{"GET", "/staff/customers/{id}/erase", s.staffOnly(s.staffEraseConfirm)},
		{"POST", "/staff/customers/{id}/erase", s.staffOnly(s.staffEraseCustomer)},
		{"POST", "/staff/customers/{id}/consents", s.staffOnly(s.staffGrantConsent)},
		{"POST", "/staff/customers/{id}/consents/{consent}/withdraw", s.staffOnly(s.staffWithdrawConsent)},
		{"GET", "/staff/schedules", s.staffOnly(s.staffSchedulesPage)},
		{"POST", "/staff/schedules/{slug}/schedules", s.staffOnly(s.needBookings(s.staffAddSchedule))},
		{"POST", "/staff/schedules/{slug}/schedules/{n}/delete", s.staffOnly(s.needBookings(s.staffRemove("schedule_removed", removeSchedule)))},
		{"POST", "/staff/schedules/{slug}/absences", s.staffOnly(s.needBookings(s.staffAddAbsence))},
		{"POST", "/staff/schedules/{slug}/absences/{n}/delete", s.staffOnly(s.needBookings(s.staffRemove("absence_removed", removeAbsence)))},
		{"GET", "/staff/calendar", s.staffOnly(s.staffCalendarPage)},
		{"GET", "/staff/appointments", s.staffOnly(s.staffAppointments)},
		{"GET", "/staff/appointments/{reference}", s.staffOnly(s.staffAppointmentPage)},
		{"GET", "/staff/appointments/{reference}/cancel", s.staffOnly(s.staffCancelConfirm)},
		{"POST", "/staff/appointments/{reference}/cancel", s.staffOnly(s.staffCancelAppointment)},

		// Desk screens, for those who work at the point (pages_queue.go).
		{"GET", "/staff/points/{slug}/desks", s.staffOnly(s.needQueues(s.staffDesksPage))},
		{"GET", "/staff/desks/{id}", s.staffOnly(s.needQueues(s.staffDeskPage))},
		{"POST", "/staff/desks/{id}/signin", s.staffOnly(s.needQueues(s.staffDeskSignIn))},
		{"POST", "/staff/desks/{id}/signout", s.staffOnly(s.needQueues(s.staffDeskSignOut))},
		{"POST", "/staff/desks/{id}/next", s.staffOnly(s.needQueues(s.staffDeskStep(queue.Store.CallNext, "ticket_called")))},
		{"POST", "/staff/desks/{id}/recall", s.staffOnly(s.needQueues(s.staffDeskStep(queue.Store.Recall, "ticket_recalled")))},
		{"POST", "/staff/desks/{id}/serve", s.staffOnly(s.needQueues(s.staffDeskStep(queue.Store.Serve, "ticket_serving")))},
		{"POST", "/staff/desks/{id}/noshow", s.staffOnly(s.needQueues(s.staffDeskStep(queue.Store.NoShow, "ticket_no_show")))},
		{"POST", "/staff/desks/{id}/transfer", s.staffOnly(s.needQueues(s.staffDeskTransfer))},
		{"POST", "/staff/desks/{id}/finish", s.staffOnly(s.needQueues(s.staffDeskFinish))},

		{"GET", "/static/{file...}", s.static},
		{"", "/", s.pageNotFound},
	}
}

// serveMetrics serves the Prometheus metrics of this instance.
func (s *Server) serveMetrics(w http.ResponseWriter, r *http.Request) {
	s.metrics.handler.ServeHTTP(w, r)
}

// Patterns lists the pattern of every route, for tests and documents
// that must cover them all.
func (s *Server) Patterns() []string {
	out := make([]string, len(s.routes))
	for i, rt := range s.routes {
		out[i] = rt.pattern()
	}
	return out
}
