package remind

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/onestop-fi/onestop/internal/booking"
	"github.com/onestop-fi/onestop/internal/catalogue"
)

// sample is an in-person reminder at the joint point in Pori on
// Tuesday 1 December 2026 at 9.15 Helsinki time.
func sample() Due {
	start := time.Date(2026, 12, 1, 7, 15, 0, 0, time.UTC)
	return Due{
		ID: 12, Attempts: 1, Reference: "ACDE-3479",
		Start: start, End: start.Add(30 * time.Minute), Channel: booking.InPerson,
		Point:      "joint-pori",
		PointName:  catalogue.Text{Fi: "Porin yhteispalvelupiste", Sv: "Björneborgs samservicekontor", En: "Pori joint service point"},
		Street:     catalogue.Text{Fi: "Yrjönkatu 23", Sv: "Georgsgatan 23"},
		PostalCode: "28100", PostOffice: catalogue.Text{Fi: "Pori", Sv: "Björneborg"},
		TimeZone: "Europe/Helsinki",
		Name:     "Matti Meikäläinen", Email: "matti@example.fi", Phone: "+358 40 123 4567",
		Services: []catalogue.Text{{Fi: "Etuusneuvonta", Sv: "Förmånsrådgivning", En: "Benefit guidance"},
			{Fi: "Työllisyyspalvelut", En: "Employment services"}},
	}
}

func TestRender(t *testing.T) {
	const manage = "https://onestop.example.fi/appointments/ACDE-3479"
	video := sample()
	video.Channel, video.Point, video.PointName, video.Street, video.MeetingLink = booking.Video, "", catalogue.Text{}, catalogue.Text{}, "https://meet.example.fi/abc"
	video.Language = "en"
	phone := sample()
	phone.Channel, phone.Language = booking.Phone, "sv"
	summer := sample()
	summer.Start = time.Date(2026, 6, 2, 6, 15, 0, 0, time.UTC) // 9.15 in Helsinki summer time
	summer.End = summer.Start.Add(45 * time.Minute)
	unknown := sample()
	unknown.Language, unknown.TimeZone = "ar", ""

	tests := []struct {
		name    string
		d       Due
		url     string
		lang    string
		subject string
		body    []string // lines the body must contain
	}{
		{"finnish", sample(), manage, "fi", "Muistutus: aikasi ti 1.12. klo 9.15 – Porin yhteispalvelupiste",
			[]string{"Hei Matti Meikäläinen,", "Aika: tiistai 1.12.2026 klo 9.15–9.45",
				"Paikka: Porin yhteispalvelupiste, Yrjönkatu 23, 28100 Pori", "Palvelut: Etuusneuvonta, Työllisyyspalvelut",
				"Varaustunnus: ACDE-3479", "\n" + manage + "\n", "tunnisteen"}},
		{"swedish phone", phone, manage, "sv", "Påminnelse: din tid ti 1.12. kl. 9.15 – telefontid",
			[]string{"Hej Matti Meikäläinen,", "Tid: tisdag 1.12.2026 kl. 9.15–9.45",
				"Telefontid: vi ringer dig på numret +358 40 123 4567", "Tjänster: Förmånsrådgivning, Työllisyyspalvelut",
				"Bokningskod: ACDE-3479"}},
		{"english video", video, manage, "en", "Reminder: your appointment Tue 1 Dec at 9:15 – video meeting",
			[]string{"Hello Matti Meikäläinen,", "Time: Tuesday 1 December 2026, 9:15–9:45",
				"Video meeting: https://meet.example.fi/abc", "Services: Benefit guidance, Employment services", "Reference: ACDE-3479"}},
		{"summer time", summer, manage, "fi", "Muistutus: aikasi ti 2.6. klo 9.15 – Porin yhteispalvelupiste",
			[]string{"Aika: tiistai 2.6.2026 klo 9.15–10.00"}},
		{"unknown language and zone", unknown, "", "fi", "Muistutus: aikasi ti 1.12. klo 9.15 – Porin yhteispalvelupiste",
			[]string{"Voit perua tai siirtää ajan varausvahvistuksesi linkistä."}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := Render(tc.d, tc.url)
			if m.Language != tc.lang || m.Subject != tc.subject {
				t.Errorf("language %q subject %q; want %q %q", m.Language, m.Subject, tc.lang, tc.subject)
			}
			for _, want := range tc.body {
				if !strings.Contains(m.Body, want) {
					t.Errorf("body lacks %q:\n%s", want, m.Body)
				}
			}
			if m.Reference != "ACDE-3479" || m.To != tc.d.Email || m.Phone != tc.d.Phone {
				t.Errorf("message = %+v", m)
			}
			if !validMessageID(m.ID) {
				t.Errorf("message id %q is not valid", m.ID)
			}
		})
	}
	if id := Render(sample(), manage).ID; id != "<reminder-12.ACDE-3479@onestop.example.fi>" {
		t.Errorf("message id = %q", id)
	}
	if id := Render(sample(), "").ID; id != "<reminder-12.ACDE-3479@onestop>" {
		t.Errorf("message id without a public address = %q", id)
	}
}

func TestManageURL(t *testing.T) {
	if got := ManageURL("https://onestop.example.fi/", "ACDE-3479"); got != "https://onestop.example.fi/appointments/ACDE-3479" {
		t.Errorf("ManageURL = %q", got)
	}
	if got := ManageURL("", "ACDE-3479"); got != "" {
		t.Errorf("ManageURL without a base = %q", got)
	}
}

func TestMask(t *testing.T) {
	for in, want := range map[string]string{
		"matti.meikalainen@example.fi": "m***@example.fi",
		"ä@example.fi":                 "ä***@example.fi",
		"no-at-sign":                   "***",
		"":                             "",
	} {
		if got := MaskEmail(in); got != want {
			t.Errorf("MaskEmail(%q) = %q; want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"+358 40 123 4567": "+358 40 *** ** 67",
		"+358401234567":    "+358 40 *** ** 67",
		"040 123 4567":     "040 *** ** 67",
		"+46 70 123 45 67": "+46 *** ** 67",
		"112":              "***",
		"":                 "",
	} {
		if got := MaskPhone(in); got != want {
			t.Errorf("MaskPhone(%q) = %q; want %q", in, got, want)
		}
	}
	m := Message{To: "matti@example.fi", Phone: "040 123 4567"}
	if got := scrub("550 <matti@example.fi> unknown; call 040 123 4567", m); got != "550 <m***@example.fi> unknown; call 040 *** ** 67" {
		t.Errorf("scrub = %q", got)
	}
}

func ExampleRender() {
	m := Render(sample(), "https://onestop.example.fi/appointments/ACDE-3479")
	fmt.Println(m.Subject)
	fmt.Println()
	fmt.Print(m.Body)
	// Output:
	// Muistutus: aikasi ti 1.12. klo 9.15 – Porin yhteispalvelupiste
	//
	// Hei Matti Meikäläinen,
	//
	// muistutamme varaamastasi ajasta.
	//
	// Aika: tiistai 1.12.2026 klo 9.15–9.45
	// Paikka: Porin yhteispalvelupiste, Yrjönkatu 23, 28100 Pori
	// Palvelut: Etuusneuvonta, Työllisyyspalvelut
	// Varaustunnus: ACDE-3479
	//
	// Voit perua tai siirtää ajan osoitteessa
	// https://onestop.example.fi/appointments/ACDE-3479
	// Sivulla tarvitset tunnisteen, jonka sait ajan varatessasi.
	//
	// Tämä on automaattinen viesti. Älä vastaa siihen.
}

// TestRenderSMS writes the reminder as one text message: the subject,
// where, the reference and the page, and never the private code.
func TestRenderSMS(t *testing.T) {
	const manage = "https://onestop.example.fi/appointments/ACDE-3479"
	video := sample()
	video.Channel, video.MeetingLink, video.Language = booking.Video, "https://meet.example.fi/abc", "en"
	phone := sample()
	phone.Channel, phone.Language = booking.Phone, "sv"
	for _, tc := range []struct {
		d    Due
		url  string
		want string
	}{
		{sample(), manage, "Muistutus: aikasi ti 1.12. klo 9.15 – Porin yhteispalvelupiste. Yrjönkatu 23, 28100 Pori. " +
			"Varaustunnus ACDE-3479. Peru tai siirrä: " + manage},
		{video, manage, "Reminder: your appointment Tue 1 Dec at 9:15 – video meeting. https://meet.example.fi/abc. " +
			"Reference ACDE-3479. Cancel or move: " + manage},
		{phone, "", "Påminnelse: din tid ti 1.12. kl. 9.15 – telefontid. Vi ringer dig på numret +358 40 123 4567. Bokningskod ACDE-3479"},
	} {
		if got := Render(tc.d, tc.url).SMS; got != tc.want {
			t.Errorf("SMS:\n%s\nwant\n%s", got, tc.want)
		}
	}
}
