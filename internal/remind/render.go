package remind

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/onestop-fi/onestop/internal/booking"
	"github.com/onestop-fi/onestop/internal/catalogue"
	"github.com/onestop-fi/onestop/internal/hours"
)

// texts are a reminder's words in one language. They live here rather
// than with the web pages' messages because they are e-mail, written
// once, and read by no page.
type texts struct {
	// subject takes the short time and the place: "Muistutus: aikasi
	// %s – %s".
	subject string
	// hello takes the customer's name; helloNo is for no name.
	hello, helloNo string
	intro          string
	// The labels of the body's lines: time, place (in person), video,
	// phone, one service or several, reference.
	when, where, video, phone, service, services, ref string
	// videoShort and phoneShort stand for the place of a remote
	// appointment in the subject.
	videoShort, phoneShort string
	// videoNoLink is the video line when there is no link yet; callYou
	// (with the number) and callYouNoNum the phone line.
	videoNoLink, callYou, callYouNoNum string
	// manage introduces the appointment's page, manageToken follows it;
	// manageNoLink stands in when the server has no public address.
	manage, manageToken, manageNoLink string
	// smsManage introduces the appointment's page in a text message.
	smsManage string
	footer    string
	// short and long write the appointment's time: "ti 1.12. klo 9.15",
	// "tiistai 1.12.2026 klo 9.15–9.45".
	short func(start time.Time) string
	long  func(start, end time.Time) string
}

var fiWeekdays = [7]string{"sunnuntai", "maanantai", "tiistai", "keskiviikko", "torstai", "perjantai", "lauantai"}
var fiShortWeekdays = [7]string{"su", "ma", "ti", "ke", "to", "pe", "la"}
var svWeekdays = [7]string{"söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag"}
var svShortWeekdays = [7]string{"sö", "må", "ti", "on", "to", "fr", "lö"}

// clock writes 9.15 the Finnish and Finland-Swedish way, 9:15 in English.
func clock(t time.Time, sep string) string {
	return fmt.Sprintf("%d%s%02d", t.Hour(), sep, t.Minute())
}

var messages = map[string]texts{
	"fi": {
		subject: "Muistutus: aikasi %s – %s",
		hello:   "Hei %s,", helloNo: "Hei,",
		intro: "muistutamme varaamastasi ajasta.",
		when:  "Aika", where: "Paikka", video: "Videotapaaminen", phone: "Puhelinaika", service: "Palvelu", services: "Palvelut", ref: "Varaustunnus",
		videoShort: "videotapaaminen", phoneShort: "puhelinaika",
		videoNoLink:  "tapaaminen on videoyhteydellä",
		callYou:      "soitamme sinulle numeroon %s",
		callYouNoNum: "soitamme sinulle antamaasi numeroon",
		manage:       "Voit perua tai siirtää ajan osoitteessa",
		manageToken:  "Sivulla tarvitset tunnisteen, jonka sait ajan varatessasi.",
		manageNoLink: "Voit perua tai siirtää ajan varausvahvistuksesi linkistä.",
		smsManage:    "Peru tai siirrä:",
		footer:       "Tämä on automaattinen viesti. Älä vastaa siihen.",
		short: func(s time.Time) string {
			return fmt.Sprintf("%s %d.%d. klo %s", fiShortWeekdays[s.Weekday()], s.Day(), s.Month(), clock(s, "."))
		},
		long: func(s, e time.Time) string {
			return fmt.Sprintf("%s %d.%d.%d klo %s–%s", fiWeekdays[s.Weekday()], s.Day(), s.Month(), s.Year(), clock(s, "."), clock(e, "."))
		},
	},
	"sv": {
		subject: "Påminnelse: din tid %s – %s",
		hello:   "Hej %s,", helloNo: "Hej,",
		intro: "vi påminner dig om tiden du har bokat.",
		when:  "Tid", where: "Plats", video: "Videomöte", phone: "Telefontid", service: "Tjänst", services: "Tjänster", ref: "Bokningskod",
		videoShort: "videomöte", phoneShort: "telefontid",
		videoNoLink:  "mötet hålls per video",
		callYou:      "vi ringer dig på numret %s",
		callYouNoNum: "vi ringer dig på numret du uppgav",
		manage:       "Du kan avboka eller flytta tiden på adressen",
		manageToken:  "På sidan behöver du koden du fick när du bokade.",
		manageNoLink: "Du kan avboka eller flytta tiden med länken i din bokningsbekräftelse.",
		smsManage:    "Avboka eller flytta:",
		footer:       "Detta är ett automatiskt meddelande. Svara inte på det.",
		short: func(s time.Time) string {
			return fmt.Sprintf("%s %d.%d. kl. %s", svShortWeekdays[s.Weekday()], s.Day(), s.Month(), clock(s, "."))
		},
		long: func(s, e time.Time) string {
			return fmt.Sprintf("%s %d.%d.%d kl. %s–%s", svWeekdays[s.Weekday()], s.Day(), s.Month(), s.Year(), clock(s, "."), clock(e, "."))
		},
	},
	"en": {
		subject: "Reminder: your appointment %s – %s",
		hello:   "Hello %s,", helloNo: "Hello,",
		intro: "this is a reminder of the appointment you booked.",
		when:  "Time", where: "Place", video: "Video meeting", phone: "Phone appointment", service: "Service", services: "Services", ref: "Reference",
		videoShort: "video meeting", phoneShort: "phone appointment",
		videoNoLink:  "the meeting is held by video",
		callYou:      "we will call you at %s",
		callYouNoNum: "we will call you at the number you gave",
		manage:       "To cancel or move the appointment, go to",
		manageToken:  "The page asks for the code you were given when you booked.",
		manageNoLink: "To cancel or move the appointment, use the link in your booking confirmation.",
		smsManage:    "Cancel or move:",
		footer:       "This message was sent automatically. Please do not reply to it.",
		short: func(s time.Time) string {
			return fmt.Sprintf("%s %d %s at %s", s.Format("Mon"), s.Day(), s.Format("Jan"), clock(s, ":"))
		},
		long: func(s, e time.Time) string {
			return fmt.Sprintf("%s %d %s %d, %s–%s", s.Format("Monday"), s.Day(), s.Format("January"), s.Year(), clock(s, ":"), clock(e, ":"))
		},
	},
}

// defaultZone is the zone of a remote appointment, which has no point.
const defaultZone = "Europe/Helsinki"

// Language returns the language a customer's reminder is written in: the
// customer's if it is Finnish, Swedish or English, else Finnish.
func Language(lang string) string {
	if _, ok := messages[lang]; ok {
		return lang
	}
	return "fi"
}

// Render writes the reminder d in the customer's language. manageURL is
// the page where the customer cancels or moves the appointment
// (…/appointments/REFERENCE); the page asks for the private token, which
// is never in a message. An empty manageURL points to the confirmation.
func Render(d Due, manageURL string) Message {
	lang := Language(d.Language)
	tx := messages[lang]
	loc, err := hours.Zone(d.TimeZone)
	if d.TimeZone == "" || err != nil {
		loc, err = hours.Zone(defaultZone)
		if err != nil {
			loc = time.UTC
		}
	}
	start, end := d.Start.In(loc), d.End.In(loc)

	// Where: the point for a visit, the link for video, the number the
	// adviser calls for phone; whereText is the same for a text message.
	var whereShort, whereLine, whereText string
	switch d.Channel {
	case booking.Video:
		whereShort = tx.videoShort
		if d.MeetingLink != "" {
			whereLine = tx.video + ": " + d.MeetingLink
			whereText = d.MeetingLink
		} else {
			whereLine = tx.video + ": " + tx.videoNoLink
		}
	case booking.Phone:
		whereShort = tx.phoneShort
		if d.Phone != "" {
			whereLine = tx.phone + ": " + fmt.Sprintf(tx.callYou, d.Phone)
			whereText = catalogue.Capitalise(fmt.Sprintf(tx.callYou, d.Phone))
		} else {
			whereLine = tx.phone + ": " + tx.callYouNoNum
		}
	default:
		whereShort = d.PointName.In(lang)
		whereLine = tx.where + ": " + joinNonEmpty(", ", d.PointName.In(lang), d.Street.In(lang),
			joinNonEmpty(" ", d.PostalCode, d.PostOffice.In(lang)))
		whereText = joinNonEmpty(", ", d.Street.In(lang), joinNonEmpty(" ", d.PostalCode, d.PostOffice.In(lang)))
	}

	var b strings.Builder
	if d.Name != "" {
		fmt.Fprintf(&b, tx.hello+"\n\n", d.Name)
	} else {
		b.WriteString(tx.helloNo + "\n\n")
	}
	b.WriteString(tx.intro + "\n\n")
	b.WriteString(tx.when + ": " + tx.long(start, end) + "\n")
	b.WriteString(whereLine + "\n")
	names := make([]string, 0, len(d.Services))
	for _, s := range d.Services {
		names = append(names, s.In(lang))
	}
	switch {
	case len(names) == 1:
		b.WriteString(tx.service + ": " + names[0] + "\n")
	case len(names) > 1:
		b.WriteString(tx.services + ": " + strings.Join(names, ", ") + "\n")
	}
	b.WriteString(tx.ref + ": " + d.Reference + "\n\n")
	if manageURL != "" {
		b.WriteString(tx.manage + "\n" + manageURL + "\n" + tx.manageToken + "\n\n")
	} else {
		b.WriteString(tx.manageNoLink + "\n\n")
	}
	b.WriteString(tx.footer + "\n")

	subject := fmt.Sprintf(tx.subject, tx.short(start), whereShort)
	if whereShort == "" {
		subject = strings.TrimSuffix(subject, " – ")
	}
	// The text message: the subject, where, the reference and the page.
	sms := []string{subject}
	if whereText != "" {
		sms = append(sms, whereText)
	}
	sms = append(sms, tx.ref+" "+d.Reference)
	if manageURL != "" {
		sms = append(sms, tx.smsManage+" "+manageURL)
	}
	return Message{
		SMS:       strings.Join(sms, ". "),
		Reference: d.Reference,
		Language:  lang,
		To:        d.Email,
		Phone:     d.Phone,
		Subject:   subject,
		Body:      b.String(),
		ID:        messageID(d, manageURL),
	}
}

// messageID makes the Message-ID of d: the same on every attempt, and
// unique across installations by naming the server's host.
func messageID(d Due, manageURL string) string {
	host := "onestop"
	if u, err := url.Parse(manageURL); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	return fmt.Sprintf("<reminder-%d.%s@%s>", d.ID, d.Reference, host)
}

// ManageURL is the page of an appointment under baseURL, or "" when no
// public address is configured.
func ManageURL(baseURL, reference string) string {
	if baseURL == "" {
		return ""
	}
	return strings.TrimSuffix(baseURL, "/") + "/appointments/" + url.PathEscape(reference)
}

func joinNonEmpty(sep string, parts ...string) string {
	var keep []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, sep)
}
