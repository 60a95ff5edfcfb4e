package web

// Walk-in queue pages: the kiosk where a customer takes a number, the
// page that follows a ticket on a phone, the lobby display, and the
// desk screen staff call customers with. They take the same paths as
// the queue API (queueList, takeTicket, checkInTicket, transfer and the
// store's desk steps), so the store decides every race and a refusal is
// the same sentence on both.
//
// The kiosk and the lobby display are screens of the service point:
// page.Screen leaves out the site's header and footer. Live updates come
// from the Server-Sent Events of sse.go, read by small scripts in
// static/ (ticket.js, display.js, desk.js); without them each page is
// whole as the server sent it, and a reload shows the latest state.

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	qrcode "github.com/skip2/go-qrcode"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/onestop-fi/onestop/internal/access"
	"github.com/onestop-fi/onestop/internal/catalogue"
	"github.com/onestop-fi/onestop/internal/errs"
	"github.com/onestop-fi/onestop/internal/queue"
)

// --- languages beyond the interface's ---

// selfName names a language in itself, capitalised for a button:
// "Suomi", "Svenska", "Русский", "العربية".
func selfName(code string) string {
	tag, err := language.Parse(code)
	if err != nil {
		return code
	}
	n := display.Self.Name(tag)
	if n == "" {
		return code
	}
	return catalogue.Capitalise(n)
}

// direction is "rtl" for a language written right to left, else "".
func direction(code string) string {
	tag, err := language.Parse(code)
	if err != nil {
		return ""
	}
	script, _ := tag.Script()
	switch script.String() {
	case "Arab", "Hebr", "Thaa", "Syrc", "Nkoo", "Adlm", "Mand", "Samr":
		return "rtl"
	}
	return ""
}

// displayWords are the lobby display's column headings in languages the
// points serve beyond the interface's, which have no message catalogue.
// The display shows them in turn with the catalogue's; a language missing
// here is simply not shown. Add one only as a speaker writes it.
var displayWords = map[string]map[string]string{
	"ru": {"number": "Номер", "desk": "Окно", "queue": "Очередь", "waiting": "Ожидают"},
	"uk": {"number": "Номер", "desk": "Вікно", "queue": "Черга", "waiting": "Очікують"},
	"ar": {"number": "الرقم", "desk": "الشباك", "queue": "الطابور", "waiting": "في الانتظار"},
	"fa": {"number": "شماره", "desk": "باجه", "queue": "صف", "waiting": "در انتظار"},
}

// --- kiosk ---

// kioskData is the kiosk: the languages to choose from, one button per
// queue, and the check-in of an appointment.
type kioskData struct {
	*page
	CSRF      string
	Slug      string
	PointName string
	// Language is the chosen language, which tickets record; the page is
	// in it when the interface has it, else in English, and Foreign then
	// names it in itself.
	Language  string
	Foreign   *kioskLanguage
	Languages []kioskLanguage
	Matters   []matter
	// TakeError says why no number was given, CheckInError why the
	// appointment was not checked in; Reference is what was typed.
	TakeError    kioskError
	CheckInError kioskError
	Reference    string

	list []queueJSON
	// now is the kiosk's clock in the point's zone.
	now time.Time
}

type kioskLanguage struct {
	Code    string
	Name    string
	Dir     string
	URL     string
	Current bool
}

// matter is a queue as the kiosk offers it.
type matter struct {
	Slug   string
	Prefix string
	Name   string
	Open   bool
	// Info says how many wait and for how long, or when a closed queue
	// opens.
	Info string
}

// kioskError is a refusal: a sentence in the page's language and, when
// it says more, the domain's sentence in English.
type kioskError struct {
	ID      string
	Message string
	Detail  string
}

// kioskLanguages are the languages a point's kiosk offers: the
// interface's, then the others the point serves in.
func kioskLanguages(pd catalogue.PointDetail) []string {
	codes := slices.Clone(catalogue.UILanguages)
	for _, l := range pd.Languages {
		if languageRE.MatchString(l) && !slices.Contains(codes, l) {
			codes = append(codes, l)
		}
	}
	return codes
}

// newKiosk reads the point and its queues for the kiosk in the chosen
// language (the browser's when the kiosk does not offer the one given).
// A kiosk keeps no language of its own: each customer chooses afresh.
func (s *Server) newKiosk(w http.ResponseWriter, r *http.Request, chosen string) (*kioskData, error) {
	ctx := r.Context()
	pd, err := s.cat.Point(ctx, r.PathValue("slug"))
	if err != nil {
		return nil, err
	}
	offered := kioskLanguages(pd)
	if !slices.Contains(offered, chosen) {
		chosen = s.pages.langs.of(r)
	}
	ui := chosen
	if !validLang(ui) {
		ui = "en"
	}
	d := &kioskData{page: s.newPage(r, ui, ""), CSRF: s.ensureCSRFCookie(w, r), Slug: pd.Slug, PointName: pd.Name.In(ui), Language: chosen}
	d.Screen = "kiosk"
	d.Title = d.T("kiosk.title") + " – " + d.PointName
	for _, code := range offered {
		l := kioskLanguage{Code: code, Name: selfName(code), Dir: direction(code), Current: code == chosen,
			URL: "/points/" + pd.Slug + "/kiosk?" + url.Values{"lang": {code}}.Encode()}
		d.Languages = append(d.Languages, l)
		if l.Current && !validLang(code) {
			d.Foreign = &l
		}
	}
	if d.list, err = s.queueList(ctx, pd.Slug); err != nil {
		return nil, err
	}
	d.now = s.cfg.Now().In(zoneOf(pd))
	for _, q := range d.list {
		m := matter{Slug: q.Slug, Prefix: q.Prefix, Name: q.Name.In(ui), Open: q.Open}
		switch {
		case q.Open && q.Waiting == 0:
			m.Info = d.T("kiosk.nobody_waiting")
		case q.Open:
			m.Info = d.T("kiosk.waiting", q.Waiting) + " · " + d.T("kiosk.wait", q.EstimatedWaitMinutes)
		default:
			m.Info = d.opens(q, d.now)
		}
		d.Matters = append(d.Matters, m)
	}
	return d, nil
}

// opens says when a closed queue opens: "Closed now – opens on Thursday
// at 12.00".
func (p *page) opens(q queueJSON, now time.Time) string {
	when, at, ok := p.nextOpening(q, now)
	if !ok {
		return p.T("hours.closed_now")
	}
	return p.T("hours.opens", when, at)
}

// nextOpening is the day ("on Thursday") and time ("12.00") a closed
// queue opens next; false when it does not within the horizon.
func (p *page) nextOpening(q queueJSON, now time.Time) (when, at string, ok bool) {
	next, err := time.Parse(time.RFC3339, q.NextOpening)
	if err != nil {
		return "", "", false
	}
	next = next.In(now.Location())
	return p.when(next, now), next.Format("15.04"), true
}

// kioskPage answers GET /points/{slug}/kiosk?lang=.
func (s *Server) kioskPage(w http.ResponseWriter, r *http.Request) {
	d, err := s.newKiosk(w, r, r.URL.Query().Get("lang"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderKiosk(w, r, http.StatusOK, d)
}

func (s *Server) renderKiosk(w http.ResponseWriter, r *http.Request, status int, d *kioskData) {
	// The waiting counts are of this moment.
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, status, "kiosk", d.Lang, d)
}

// kioskTake answers POST /points/{slug}/kiosk: a number in the chosen
// queue, shown on its ticket page; a closed queue or any other refusal
// shows the kiosk again with the reason.
func (s *Server) kioskTake(w http.ResponseWriter, r *http.Request) {
	d, err := s.newKiosk(w, r, r.PostFormValue("language"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	slug := r.PostFormValue("queue")
	i := slices.IndexFunc(d.list, func(q queueJSON) bool { return q.Slug == slug })
	switch {
	case i < 0:
		d.TakeError = kioskError{ID: "take-error", Message: d.T("kiosk.error.choose")}
		s.renderKiosk(w, r, http.StatusBadRequest, d)
		return
	case !d.list[i].Open:
		q := d.list[i]
		d.TakeError = kioskError{ID: "take-error", Message: d.T("kiosk.error.closed_long", q.Name.In(d.Lang))}
		if when, at, ok := d.nextOpening(q, d.now); ok {
			d.TakeError.Message = d.T("kiosk.error.closed", q.Name.In(d.Lang), when, at)
		}
		s.renderKiosk(w, r, http.StatusConflict, d)
		return
	}
	// Priority numbers are the staff's to give; never from the kiosk.
	t, err := s.takeTicket(r.Context(), actor(r), d.Slug, ticketInput{Queue: slug, Language: d.Language})
	if err != nil {
		if status, ok := s.formFailed(w, r, err); ok {
			d.TakeError = kioskError{ID: "take-error", Message: d.T("kiosk.error.take"), Detail: errs.Message(err)}
			s.renderKiosk(w, r, status, d)
		}
		return
	}
	http.Redirect(w, r, kioskTicketURL(t.ID, d.Lang), http.StatusSeeOther)
}

// kioskCheckIn answers POST /points/{slug}/kiosk/checkin: an appointment
// turned into a number by its booking reference.
func (s *Server) kioskCheckIn(w http.ResponseWriter, r *http.Request) {
	d, err := s.newKiosk(w, r, r.PostFormValue("language"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Reference = formValue(r, "reference")
	t, err := s.checkInTicket(r.Context(), d.Slug, checkInInput{Reference: d.Reference, Language: d.Language})
	if err != nil {
		if status, ok := s.formFailed(w, r, err); ok {
			msg := d.T("kiosk.error.checkin")
			if errs.KindOf(err) == errs.Invalid {
				msg = d.T("kiosk.error.reference")
			}
			d.CheckInError = kioskError{ID: "checkin-error", Message: msg, Detail: errs.Message(err)}
			s.renderKiosk(w, r, status, d)
		}
		return
	}
	http.Redirect(w, r, kioskTicketURL(t.ID, d.Lang), http.StatusSeeOther)
}

// kioskTicketURL is a new ticket's page as the kiosk shows it.
func kioskTicketURL(id, lang string) string {
	return "/t/" + id + "?" + url.Values{"from": {"kiosk"}, "lang": {lang}}.Encode()
}

// --- the ticket page ---

// ticketData is a ticket followed on a phone, or shown on the kiosk
// right after it was taken.
type ticketData struct {
	*page
	Number    string
	QueueName string
	PointName string
	State     string
	Headline  string
	Detail    string
	// PageURL is the page's own address, which QR is a picture of.
	PageURL string
	QR      template.URL
	// Stream is the ticket's live stream while it can still change.
	Stream string
	// Texts are the sentences the script writes the state in.
	Texts string
	Zone  string
	// KioskURL leads the kiosk back to its start.
	KioskURL  string
	ReloadURL string
}

// ticketLang is the language of a ticket's page: one asked for in the
// address (the kiosk's), the visitor's own choice, the language chosen
// at the kiosk, and the browser's, in that order.
func (s *Server) ticketLang(r *http.Request, t queue.Ticket) string {
	if l := r.URL.Query().Get("lang"); validLang(l) {
		return l
	}
	if c, err := r.Cookie(langCookie); err == nil && validLang(c.Value) {
		return c.Value
	}
	if validLang(t.Language) {
		return t.Language
	}
	return s.pages.langs.of(r)
}

// ticketTexts are the message keys of a ticket's states, for the page and
// its script alike.
var ticketTexts = []string{"ticket.next", "ticket.position", "ticket.not_before", "ticket.soon", "ticket.wait_one", "ticket.wait",
	"ticket.called", "ticket.called_lead", "ticket.serving", "ticket.done", "ticket.no_show", "ticket.no_show_hint"}

// ticketStatus says where a ticket stands: a headline and a detail.
func (p *page) ticketStatus(t queue.Ticket, now time.Time) (headline, detail string) {
	desk := ""
	if t.Desk != nil {
		desk = t.Desk.Name
	}
	switch t.State {
	case queue.Waiting:
		headline = p.T("ticket.position", t.Position)
		if t.Position <= 1 {
			headline = p.T("ticket.next")
		}
		switch m := t.EstimatedWaitMinutes; {
		case t.NotBefore != nil && t.NotBefore.After(now):
			detail = p.T("ticket.not_before", t.NotBefore.In(now.Location()).Format("15.04"))
		case m == nil || *m <= 0:
			detail = p.T("ticket.soon")
		case *m == 1:
			detail = p.T("ticket.wait_one")
		default:
			detail = p.T("ticket.wait", *m)
		}
	case queue.Called:
		headline, detail = p.T("ticket.called", desk), p.T("ticket.called_lead")
	case queue.Serving:
		headline = p.T("ticket.serving", desk)
	case queue.Done:
		headline = p.T("ticket.done")
	case queue.NoShow:
		headline, detail = p.T("ticket.no_show"), p.T("ticket.no_show_hint")
	}
	return headline, detail
}

// ticketPage answers GET /t/{id}: anyone with the link follows the
// ticket, as with its API.
func (s *Server) ticketPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	t, err := s.ticketOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	placed, err := s.placed(ctx, t)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	t = placed.Ticket
	pd, err := s.cat.Point(ctx, t.Point)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	qs, err := s.queues.Queues(ctx, t.Point)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	lang := s.ticketLang(r, t)
	d := ticketData{page: s.newPage(r, lang, ""), Number: t.Number, PointName: pd.Name.In(lang), State: string(t.State),
		PageURL: s.baseURL(r) + "/t/" + t.ID, Zone: pd.TimeZone, ReloadURL: r.URL.RequestURI()}
	d.Title = d.T("ticket.title", t.Number) + " – " + d.T("site.name")
	// The switcher leads to the page without the kiosk's language.
	d.switchTo("/t/" + t.ID)
	if q, err := findQueue(qs, t.Queue, t.Point); err == nil {
		d.QueueName = q.Name.In(lang)
	}
	d.Headline, d.Detail = d.ticketStatus(t, s.cfg.Now().In(zoneOf(pd)))
	if t.State == queue.Waiting || t.State.Active() {
		d.Stream = placed.Stream
	}
	if d.QR, err = qrDataURL(d.PageURL); err != nil {
		s.fail(w, r, err)
		return
	}
	texts := map[string]string{}
	for _, k := range ticketTexts {
		texts[strings.TrimPrefix(k, "ticket.")] = d.T(k)
	}
	b, err := json.Marshal(texts)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Texts = string(b)
	if r.URL.Query().Get("from") == "kiosk" {
		d.Screen = "kiosk"
		d.KioskURL = "/points/" + t.Point + "/kiosk"
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, http.StatusOK, "ticket", lang, d)
}

// qrDataURL draws text as a QR code, an SVG picture in a data: URL that
// scales sharp to any size: one path of the dark modules, run by run.
func qrDataURL(text string) (template.URL, error) {
	q, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		return "", err
	}
	bm := q.Bitmap() // with the quiet zone around it
	n := len(bm)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" shape-rendering="crispEdges">`+
		`<rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="`, n, n, n, n)
	for y, row := range bm {
		for x := 0; x < len(row); {
			if !row[x] {
				x++
				continue
			}
			run := 1
			for x+run < len(row) && row[x+run] {
				run++
			}
			fmt.Fprintf(&b, "M%d %dh%dv1h-%dz", x, y, run, run)
			x += run
		}
	}
	b.WriteString(`"/></svg>`)
	// The URL is made here of a fixed prefix and base64 only.
	return template.URL("data:image/svg+xml;base64," + base64.StdEncoding.EncodeToString([]byte(b.String()))), nil
}

// --- the lobby display ---

// displayData is a point's lobby display: the latest calls, newest
// first, and how many wait in each queue.
type displayData struct {
	*page
	Slug      string
	PointName string
	Calls     []displayCall
	Queues    []displayQueue
	// LastEvent is the newest call shown, so that the script chimes only
	// for later ones.
	LastEvent int64
	Stream    string
	// Words are the headings in each language the display shows in
	// turn (Cycle), as JSON for the script.
	Words string
	Cycle string
}

type displayCall struct {
	Number string
	Desk   string
	Recall bool
}

type displayQueue struct {
	Prefix  string
	Name    string
	Waiting int
}

// displayKeys are the texts of the display, by the key the script knows
// them by.
var displayKeys = map[string]string{"number": "display.number", "desk": "display.desk", "queue": "display.queue",
	"waiting": "display.waiting", "none": "display.none", "announce": "display.announce", "recall": "display.recall",
	"offline": "display.offline"}

// displayPage answers GET /points/{slug}/display?lang=: the board as it
// stands, which display.js then keeps up to date.
func (s *Server) displayPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	pd, err := s.cat.Point(ctx, r.PathValue("slug"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	b, err := s.queues.Board(ctx, pd.Slug)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	lang := r.URL.Query().Get("lang")
	if !validLang(lang) {
		lang = s.pages.langs.of(r)
	}
	d := displayData{page: s.newPage(r, lang, ""), Slug: pd.Slug, PointName: pd.Name.In(lang), Stream: "/api/v1/points/" + pd.Slug + "/display"}
	d.Screen = "display"
	d.Title = d.T("display.title") + " – " + d.PointName
	for _, c := range b.Calls {
		d.Calls = append(d.Calls, displayCall{Number: c.Number, Desk: c.Desk, Recall: c.Recall})
		d.LastEvent = max(d.LastEvent, c.Event)
	}
	for _, q := range b.Queues {
		d.Queues = append(d.Queues, displayQueue{Prefix: q.Prefix, Name: q.Name.In(lang), Waiting: q.Waiting})
	}
	// The headings take turns in the point's languages, the page's own
	// first; those without words are left out.
	cycle := []string{lang}
	for _, l := range pd.Languages {
		if (validLang(l) || displayWords[l] != nil) && !slices.Contains(cycle, l) {
			cycle = append(cycle, l)
		}
	}
	words := map[string]map[string]string{}
	for _, l := range cycle {
		words[l] = maps.Clone(displayWords[l])
		if validLang(l) {
			words[l] = map[string]string{}
			for k, key := range displayKeys {
				words[l][k] = s.pages.msgs.text(l, key)
			}
		}
		if dir := direction(l); dir != "" {
			words[l]["dir"] = dir
		}
	}
	wj, err := json.Marshal(words)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cj, err := json.Marshal(cycle)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Words, d.Cycle = string(wj), string(cj)
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, http.StatusOK, "display", lang, d)
}

// --- desks ---

// desksData lists a point's desks for the staff who work there.
type desksData struct {
	*staffData
	Slug      string
	PointName string
	Desks     []deskItem
}

type deskItem struct {
	URL     string
	Name    string
	Status  string
	Queues  string
	Current string
	Mine    bool
}

// mayWorkAt refuses those who do not work at the point.
func (s *Server) mayWorkAt(ctx context.Context, a *access.Actor, point string) error {
	ok, err := s.worksAt(ctx, a, point)
	if err == nil && !ok {
		err = errs.E(errs.Forbidden, "Only staff working at %s use its desks.", point)
	}
	return err
}

// queueNames maps a point's queues' slugs to their names in lang.
func queueNames(qs []queue.Queue, lang string) map[string]string {
	names := map[string]string{}
	for _, q := range qs {
		names[q.Slug] = q.Name.In(lang)
	}
	return names
}

// staffDesksPage answers GET /staff/points/{slug}/desks.
func (s *Server) staffDesksPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	slug := r.PathValue("slug")
	if err := s.mayWorkAt(ctx, actor(r), slug); err != nil {
		s.staffFail(w, r, err)
		return
	}
	pd, err := s.cat.Point(ctx, slug)
	if err != nil {
		s.staffFail(w, r, err)
		return
	}
	desks, err := s.queues.Desks(ctx, slug)
	if err != nil {
		s.staffFail(w, r, err)
		return
	}
	qs, err := s.queues.Queues(ctx, slug)
	if err != nil {
		s.staffFail(w, r, err)
		return
	}
	d := desksData{staffData: s.newStaff(r), Slug: slug}
	d.PointName = pd.Name.In(d.Lang)
	d.titled(d.T("desk.list.title", d.PointName))
	names := queueNames(qs, d.Lang)
	me := actor(r).Label
	for _, ds := range desks {
		it := deskItem{URL: fmt.Sprintf("/staff/desks/%d", ds.ID), Name: d.T("desk.name", ds.Name), Status: d.T("desk.free"),
			Mine: ds.SignedIn && ds.By == me}
		if ds.SignedIn {
			it.Status = d.T("desk.signed_in_by", ds.By)
			var served []string
			for _, q := range ds.Queues {
				served = append(served, names[q])
			}
			it.Queues = strings.Join(served, ", ")
		}
		if ds.Current != nil {
			it.Current = ds.Current.Number
		}
		d.Desks = append(d.Desks, it)
	}
	s.render(w, r, http.StatusOK, "staff_desks", d.Lang, d)
}

// deskData is the desk screen: who is signed in, the customer at the
// desk and what can be done with them, and the queues.
type deskData struct {
	*staffData
	ID        int64
	Name      string
	Point     string
	PointName string
	SignedIn  bool
	// Mine tells whether the person viewing is the one signed in.
	Mine     bool
	By       string
	Current  *deskTicket
	Queues   []deskQueue
	Targets  []option
	Outcomes []option
	Err      formError
	Stream   string
}

// deskTicket is the customer at the desk.
type deskTicket struct {
	Number      string
	Queue       string
	Language    string
	LanguageTag string
	Taken       string
	State       string
	// Called is true until the customer comes to the desk: the number
	// can be called again or marked a no-show.
	Called      bool
	Appointment string
}

// deskQueue is one of the point's queues as the desk sees it.
type deskQueue struct {
	ID      string
	Slug    string
	Prefix  string
	Name    string
	Waiting int
	Wait    string
	Status  string
	Open    bool
	// Serves tells whether the desk serves the queue (or, signed out,
	// what to offer: every queue the person's organisations give).
	Serves bool
}

// deskFields are the form fields a desk's errors can be about.
var deskFields = []string{"queues", "queue", "outcome"}

// staffDeskPage answers GET /staff/desks/{id}.
func (s *Server) staffDeskPage(w http.ResponseWriter, r *http.Request) {
	d, err := s.deskOf(r)
	if err != nil {
		s.staffFail(w, r, err)
		return
	}
	s.renderDesk(w, r, http.StatusOK, d, nil)
}

func (s *Server) renderDesk(w http.ResponseWriter, r *http.Request, status int, ds queue.DeskState, formErrIn error) {
	ctx := r.Context()
	pd, err := s.cat.Point(ctx, ds.Point)
	if err != nil {
		s.staffFail(w, r, err)
		return
	}
	list, err := s.queueList(ctx, ds.Point)
	if err != nil {
		s.staffFail(w, r, err)
		return
	}
	a := actor(r)
	d := deskData{staffData: s.newStaff(r), ID: ds.ID, Name: ds.Name, Point: ds.Point, SignedIn: ds.SignedIn, By: ds.By,
		Mine: ds.SignedIn && ds.By == a.Label, Stream: "/api/v1/points/" + ds.Point + "/display"}
	d.PointName = pd.Name.In(d.Lang)
	d.titled(d.T("desk.title", ds.Name, d.PointName))
	if formErrIn != nil {
		d.Err = formErr(d.page, "desk-error", "desk-", formErrIn, deskFields)
	}
	loc := zoneOf(pd)
	now := s.cfg.Now().In(loc)
	// Signed out, the desk offers the queues of the person's own
	// organisations; a manager's, every queue.
	offer := func(q queueJSON) bool {
		if ds.SignedIn {
			return slices.Contains(ds.Queues, q.Slug)
		}
		if a.HasAt(ds.Point, access.PointManager) {
			return true
		}
		for _, o := range pd.Offerings {
			if slices.Contains(q.Services, o.Service) && a.HasIn(o.Organisation, access.Staff, access.OrgAdmin) {
				return true
			}
		}
		return false
	}
	names := map[string]string{}
	for _, q := range list {
		names[q.Slug] = q.Name.In(d.Lang)
		dq := deskQueue{ID: "desk-queue-" + q.Slug, Slug: q.Slug, Prefix: q.Prefix, Name: q.Name.In(d.Lang), Waiting: q.Waiting,
			Open: q.Open, Serves: offer(q), Wait: d.T("desk.minutes", q.EstimatedWaitMinutes), Status: d.T("hours.open_now")}
		if !q.Open {
			dq.Status = d.opens(q, now)
		}
		d.Queues = append(d.Queues, dq)
	}
	if t := ds.Current; t != nil {
		ct := &deskTicket{Number: t.Number, Queue: names[t.Queue], Taken: t.CreatedAt.In(loc).Format("15.04"), Called: t.State == queue.Called,
			Appointment: t.Appointment, LanguageTag: t.Language}
		if t.Language != "" {
			ct.Language = s.pages.langs.name(d.Lang, t.Language)
		}
		if mins := int(now.Sub(t.CreatedAt).Minutes()); mins > 0 {
			ct.Taken = d.T("desk.ticket.taken_ago", ct.Taken, mins)
		}
		switch {
		case t.State == queue.Called && t.CalledAt != nil:
			ct.State = d.T("desk.state.called", t.CalledAt.In(loc).Format("15.04"))
		case t.State == queue.Serving && t.ServingAt != nil:
			ct.State = d.T("desk.state.serving", t.ServingAt.In(loc).Format("15.04"))
		}
		d.Current = ct
		for _, q := range list {
			if q.Slug != t.Queue {
				d.Targets = append(d.Targets, option{Value: q.Slug, Label: q.Prefix + " " + q.Name.In(d.Lang)})
			}
		}
		for _, o := range queue.Outcomes {
			d.Outcomes = append(d.Outcomes, option{Value: o, Label: d.T("desk.outcome." + o), Selected: o == "served"})
		}
	}
	s.render(w, r, status, "staff_desk", d.Lang, d)
}

// staffDeskPost runs a desk's form: the step, then back to the desk with
// done as its notice (Post/Redirect/Get); a refusal shows the desk again
// with the reason and a 4xx, having changed nothing.
func (s *Server) staffDeskPost(done string, step func(r *http.Request, d queue.DeskState) error) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		d, err := s.deskOf(r)
		if err != nil {
			s.staffFail(w, r, err)
			return
		}
		if err := step(r, d); err != nil {
			if status, ok := s.formFailed(w, r, err); ok {
				s.renderDesk(w, r, status, d, err)
			}
			return
		}
		http.Redirect(w, r, "/staff/desks/"+strconv.FormatInt(d.ID, 10)+"?done="+done, http.StatusSeeOther)
	}
}

// staffDeskStep answers a desk's button that needs nothing more: call
// next, call again, the customer came, did not come.
func (s *Server) staffDeskStep(step func(q queue.Store, ctx context.Context, desk int64, by *access.Actor) (queue.Ticket, error), done string) http.HandlerFunc {
	return s.staffDeskPost(done, func(r *http.Request, d queue.DeskState) error {
		_, err := step(s.queues, r.Context(), d.ID, actor(r))
		return err
	})
}

// staffDeskSignIn signs the person in to the desk for the queues ticked.
func (s *Server) staffDeskSignIn(w http.ResponseWriter, r *http.Request) {
	s.staffDeskPost("desk_signed_in", func(r *http.Request, d queue.DeskState) error {
		if err := r.ParseForm(); err != nil {
			return errs.Invalidf("The form could not be read.")
		}
		_, err := s.queues.SignIn(r.Context(), d.ID, actor(r), r.PostForm["queues"])
		// A queue that is none is the sign-in form's fault, not the
		// transfer's (whose field is "queue").
		var e *errs.Error
		if errors.As(err, &e) && e.Param == "queue" {
			return errs.Param("queues", "%s", e.Message)
		}
		return err
	})(w, r)
}

// staffDeskSignOut signs the person out of the desk.
func (s *Server) staffDeskSignOut(w http.ResponseWriter, r *http.Request) {
	s.staffDeskPost("desk_signed_out", func(r *http.Request, d queue.DeskState) error {
		return s.queues.SignOut(r.Context(), d.ID, actor(r))
	})(w, r)
}

// staffDeskTransfer passes the customer at the desk to another queue.
func (s *Server) staffDeskTransfer(w http.ResponseWriter, r *http.Request) {
	s.staffDeskPost("ticket_transferred", func(r *http.Request, d queue.DeskState) error {
		_, err := s.transfer(r.Context(), d, actor(r), queue.Transfer{Queue: formValue(r, "queue"), Head: formValue(r, "place") == "head"})
		return err
	})(w, r)
}

// staffDeskFinish ends the visit at the desk with the outcome chosen.
func (s *Server) staffDeskFinish(w http.ResponseWriter, r *http.Request) {
	s.staffDeskPost("ticket_finished", func(r *http.Request, d queue.DeskState) error {
		_, err := s.queues.Finish(r.Context(), d.ID, actor(r), formValue(r, "outcome"))
		return err
	})(w, r)
}

// deskPoints are the points whose desks a person's home page offers:
// those they manage and those where their organisations give services,
// if the point has walk-in queues. Admins, who work everywhere, reach
// desks through the point's page instead.
func (s *Server) deskPoints(ctx context.Context, a *access.Actor) ([]string, error) {
	candidates := managedPoints(a)
	for _, org := range a.Organisations(access.Staff, access.OrgAdmin) {
		points, err := allOf(ctx, func(pg catalogue.Page) ([]catalogue.Point, string, error) {
			return s.cat.Points(ctx, catalogue.PointFilter{Organisation: org, Page: pg})
		})
		if err != nil {
			return nil, err
		}
		for _, p := range points {
			if !slices.Contains(candidates, p.Slug) {
				candidates = append(candidates, p.Slug)
			}
		}
	}
	var out []string
	for _, p := range candidates {
		qs, err := s.queues.Queues(ctx, p)
		if err != nil {
			return nil, err
		}
		if len(qs) > 0 {
			out = append(out, p)
		}
	}
	return out, nil
}
