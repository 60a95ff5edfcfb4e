package demo

import (
	"context"
	"fmt"

	"github.com/onestop-fi/onestop/internal/booking"
)

// onSite is a staff member's working hours at a point.
func onSite(staff, point, hours string) booking.Schedule {
	return booking.Schedule{Staff: staff, Point: point, Hours: hours}
}

// remotely is a staff member's hours of remote work: video and phone
// appointments from anywhere.
func remotely(staff, hours string) booking.Schedule {
	return booking.Schedule{Staff: staff, Hours: hours}
}

// Schedules returns where and when the demo staff work, week by week. The
// pattern follows DESIGN.md §1:
//
//   - Kela's experts work at Palojoenkulma and Iso Omena, one of them at
//     Ohjaamo Pori on Tuesdays (the "one day a week at a partner" model),
//     and the others at Kela's own offices; an office open one to four days
//     a week gets its expert on those days, who works at a neighbouring
//     office or remotely on the others. Most experts also have remote
//     hours for video and phone appointments, and one works only remotely.
//     The partner-run asiointipisteet serve Kela's customers by video:
//     the customer books a time and comes to the point's video room, and
//     an expert of the region who also works remotely is scheduled there
//     for a few hours a week (the Satakunta points from Palojoenkulma and
//     Rauma, Utsjoki from Ivalo), serving from wherever they are. The
//     pop-up at the Rauma shipyard takes walk-ins only, and the Rauma
//     expert's office hours leave its two dates free.
//   - The City of Pori's and the Satakunta county's staff work at
//     Palojoenkulma, the job coach at Porin Leijona and the youth counsellor
//     at Ohjaamo; a social worker takes video appointments one afternoon.
//   - Espoo's and the Western Uusimaa county's staff split their week
//     between Iso Omena and Kalajärvi within the hours their services are
//     given there; staff of walk-in services (library, service point,
//     Information Point for Immigrants, X-ray) have their desk hours.
//   - Interpreters are at the joint service points where their languages
//     are needed on some days and interpret by phone or video on others.
//
// Nobody is in two places at once, every in-person schedule lies within
// the point's opening hours, and no schedule runs on public holidays.
// Every Kela office has an expert for each of its appointment services
// on every day it takes appointments for them (the bigger offices a
// second expert on the days the first is away or remote:
// TestKelaOfficesStaffedEveryDay), and every asiointipiste one on some
// of its days, so that a resident finds an in-person time at any of
// them.
func Schedules() []booking.Schedule {
	const (
		p  = "palojoenkulma"
		io = "iso-omena"
		kj = "kalajarvi"
	)
	return []booking.Schedule{
		// Kela, Satakunta: Palojoenkulma every weekday, Ohjaamo on
		// Tuesdays, and the small offices around Pori on their days.
		onSite("maija-meikalainen", p, "Mo,Th,Fr 09:00-16:00; We 09:00-12:00; PH off"),
		onSite("maija-meikalainen", "ohjaamo-pori", "Tu 09:00-15:00; PH off"),
		// On Wednesday afternoons Maija meets Siikainen's customers by
		// video in the asiointipiste's video room.
		onSite("maija-meikalainen", "siikainen-asiointipiste", "We 12:00-15:00; PH off"),
		remotely("maija-meikalainen", "We 15:00-16:00; PH off"),
		onSite("matti-meikalainen", p, "Mo,We,Fr 09:00-16:00; PH off"),
		onSite("matti-meikalainen", "kela-kankaanpaa", "Tu,Th 09:00-15:00; PH off"),
		onSite("teppo-testaaja", p, "Mo,Tu,Th,Fr 09:00-16:00; PH off"),
		onSite("teppo-testaaja", "kela-huittinen", "We 10:00-14:00; PH off"),
		// The Rauma expert speaks Ukrainian and Russian, which the
		// shipyard's workers need: on the pop-up's dates she is at the
		// shipyard over lunch, away from the office.
		onSite("kateryna-prykladna", "kela-rauma", "Mo,We,Th 09:00-16:00; 2026 Dec 02,09 09:00-09:30,14:30-16:00; PH off"),
		onSite("kateryna-prykladna", p, "Tu 09:00-16:00; PH off"),
		// On Fridays she serves three asiointipisteet by video in turn,
		// then takes remote appointments.
		onSite("kateryna-prykladna", "merikarvia-asiointipiste", "Fr 09:00-11:00; PH off"),
		onSite("kateryna-prykladna", "pomarkku-asiointipiste", "Fr 11:00-13:00; PH off"),
		onSite("kateryna-prykladna", "karvia-asiointipiste", "Fr 13:00-15:00; PH off"),
		remotely("kateryna-prykladna", "Fr 15:00-16:00; PH off"),

		// Kela, Southwest Finland and Ostrobothnia: Swedish-speaking
		// experts at the bilingual offices.
		onSite("johan-provstrom", "kela-turku", "Mo,We,Th,Fr 09:00-16:00; PH off"),
		onSite("johan-provstrom", "kela-pargas", "Tu 10:00-15:00; PH off"),
		onSite("satu-sapluuna", "kela-turku", "Tu,We 09:00-16:00; PH off"),
		remotely("satu-sapluuna", "Mo,Th 09:00-16:00; PH off"),
		onSite("karin-exempelsson", "kela-vaasa", "Mo-We 09:00-16:00; PH off"),
		onSite("karin-exempelsson", "kela-kristinestad", "Th 09:00-15:00; PH off"),
		remotely("karin-exempelsson", "Fr 09:00-16:00; PH off"),
		onSite("saga-skiss", "kela-vaasa", "Th,Fr 09:00-16:00; PH off"),
		remotely("saga-skiss", "Mo,Tu 09:00-16:00; PH off"),
		onSite("heli-harjoitus", "kela-seinajoki", "Mo-Th 09:00-16:00; PH off"),
		onSite("heli-harjoitus", "kela-vaasa", "Fr 09:00-16:00; PH off"),
		// Heli gives benefit guidance only: Seinäjoki's second expert
		// takes the appointments on moving to Finland.
		onSite("elina-kaavio", "kela-seinajoki", "Mo-Th 09:00-16:00; PH off"),
		remotely("elina-kaavio", "Fr 09:00-16:00; PH off"),

		// Kela, Uusimaa and Pirkanmaa.
		onSite("layla-namudhaj", io, "Mo,Tu,Fr 09:00-16:00; Th 09:00-12:00; PH off"),
		onSite("layla-namudhaj", "kela-helsinki", "We 09:00-16:00; PH off"),
		remotely("layla-namudhaj", "Th 12:00-16:00; PH off"),
		onSite("olga-primerova", "kela-helsinki", "Mo,Tu,Th 09:00-16:00; PH off"),
		onSite("olga-primerova", io, "We 09:00-16:00; PH off"),
		remotely("olga-primerova", "Fr 09:00-16:00; PH off"),
		onSite("aapo-arvio", "kela-helsinki", "Th,Fr 09:00-16:00; PH off"),
		remotely("aapo-arvio", "Mo-We 09:00-16:00; PH off"),
		onSite("pekka-pilotti", "kela-tampere", "Mo,Tu,Th,Fr 09:00-16:00; PH off"),
		remotely("pekka-pilotti", "We 09:00-16:00; PH off"),
		onSite("veera-vertailu", "kela-tampere", "We,Th 09:00-16:00; PH off"),
		remotely("veera-vertailu", "Mo 09:00-16:00; PH off"),

		// Kela, North Ostrobothnia, Central Finland, Northern Savonia,
		// Päijät-Häme and North Karelia: an expert at each everyday
		// office, some with a remote day, when a second one is there.
		onSite("riikka-otanta", "kela-oulu", "Mo-Fr 09:00-16:00; PH off"),
		onSite("jari-kaava", "kela-jyvaskyla", "Mo-Th 09:00-16:00; PH off"),
		remotely("jari-kaava", "Fr 09:00-16:00; PH off"),
		onSite("iida-ilmentyma", "kela-jyvaskyla", "Tu,Fr 09:00-16:00; PH off"),
		remotely("iida-ilmentyma", "We 09:00-16:00; PH off"),
		onSite("minna-nayte", "kela-kuopio", "Mo-Fr 09:00-16:00; PH off"),
		onSite("timo-esikuva", "kela-lahti", "Mo,Tu,Th,Fr 09:00-16:00; PH off"),
		remotely("timo-esikuva", "We 09:00-16:00; PH off"),
		onSite("onni-otos", "kela-lahti", "We 09:00-16:00; Fr 09:00-12:00; PH off"),
		remotely("onni-otos", "Tu 09:00-16:00; PH off"),
		onSite("juha-pohja", "kela-joensuu", "Mo-We,Fr 09:00-16:00; PH off"),
		remotely("juha-pohja", "Th 09:00-16:00; PH off"),
		onSite("lauri-luonnos", "kela-joensuu", "Mo 09:00-12:00; Th 09:00-16:00; PH off"),
		remotely("lauri-luonnos", "Mo 12:00-16:00; PH off"),

		// Kela, Lapland: Rovaniemi every weekday; Ivalo on its two days,
		// the Utsjoki asiointipiste by video on the other mornings, and
		// Sámi-language video and phone service in the afternoons.
		onSite("sanna-kuvitelma", "kela-rovaniemi", "Mo-Fr 09:00-16:00; PH off"),
		onSite("maret-ovdamearka", "kela-ivalo", "Mo,We 09:00-15:00; PH off"),
		onSite("maret-ovdamearka", "utsjoki-asiointipiste", "Tu,Th 09:00-12:00; PH off"),
		remotely("maret-ovdamearka", "Tu,Th 12:00-15:00; PH off"),

		// Kela's remote service expert.
		remotely("kaisa-kokeilu", "Mo-Fr 09:00-16:00; PH off"),

		// City of Pori.
		onSite("tiina-testinen", p, "Mo,Tu,Th,Fr 09:00-16:00; PH off"),
		onSite("tiina-testinen", "porin-leijona", "We 09:00-16:00; PH off"),
		onSite("mikko-malli", "porin-leijona", "Mo-Fr 09:00-16:00; PH off"),
		// Digital help is walk-in only: these are the hours at the
		// digital service points.
		onSite("anna-asiointi", p, "Mo-Fr 09:00-16:00; PH off"),
		onSite("olli-opastus", p, "Mo-Fr 09:00-16:00; PH off"),
		onSite("abdi-muunad", p, "Mo,Tu,Th,Fr 09:00-16:00; PH off"), // part-time, 80 %
		onSite("taras-zrazkovyi", p, "Mo-Fr 09:00-16:00; PH off"),
		onSite("ville-demola", "ohjaamo-pori", "Mo-Fr 09:00-16:00; PH off"),

		// Satakunta wellbeing services county.
		onSite("ritva-vastaanotto", p, "Mo-Fr 09:00-16:00; PH off"),
		onSite("elsa-testberg", p, "Mo,Tu,Th,Fr 09:00-16:00; We 09:00-12:00; PH off"),
		remotely("elsa-testberg", "We 12:00-16:00; PH off"),
		onSite("jussi-jonotus", p, "Mo-Fr 09:00-16:00; PH off"),
		onSite("dmitri-obraztsov", p, "Mo-Fr 09:00-16:00; PH off"),

		// City of Espoo. Library, service point and the Information
		// Point for Immigrants are walk-in services: desk hours.
		onSite("nils-demoqvist", io, "Mo-We 09:00-17:00; PH off"),
		onSite("nils-demoqvist", kj, "Th 12:00-20:00; Sa 10:00-16:00; PH off"),
		onSite("sari-demonen", io, "Mo,We,Fr 08:00-16:00; PH off"),
		onSite("sari-demonen", kj, "Tu,Th 09:00-16:00; PH off"),
		onSite("john-sample", io, "Mo-Fr 08:00-16:00; PH off"),
		onSite("dariush-nemune", io, "Mo-We 09:00-16:00; PH off"),
		onSite("faadumo-tijaabo", io, "Mo,Tu,Th,Fr 09:00-16:00; PH off"),
		onSite("irina-probnaya", io, "We-Fr 09:00-16:00; PH off"),

		// Western Uusimaa wellbeing services county.
		onSite("antti-arvio", io, "Mo,Tu,Th 08:00-16:00; We 12:00-20:00; PH off"),
		onSite("antti-arvio", kj, "Fr 08:00-16:00; PH off"),
		onSite("outi-otos", io, "Mo-Th 08:00-16:00; PH off"),
		onSite("outi-otos", kj, "Fr 08:00-16:00; PH off"),
		onSite("leena-luonnos", kj, "Mo-We 08:00-16:00; PH off"),
		onSite("leena-luonnos", io, "Th,Fr 08:00-16:00; PH off"),
		onSite("tuomas-tilapainen", io, "Mo-Th 08:00-16:00; PH off"),
		remotely("tuomas-tilapainen", "Fr 08:00-16:00; PH off"),
		onSite("mari-mallinen", kj, "Mo-Fr 08:00-16:00; PH off"),
		onSite("pirjo-proto", kj, "Mo-Fr 08:00-15:00; PH off"),
		onSite("sofia-skiss", kj, "Tu,Th 09:00-15:00; PH off"),
		remotely("sofia-skiss", "Mo,We 09:00-15:00; PH off"),

		// HUS.
		onSite("katja-koeputki", io, "Mo-Fr 07:00-15:30; PH off"),
		onSite("petri-pikseli", io, "Mo-Fr 08:00-15:30; PH off"), // X-ray is walk-in only

		// Interpreters.
		onSite("hodan-tusaale", p, "Mo,We,Fr 09:00-16:00; PH off"),
		remotely("hodan-tusaale", "Tu,Th 09:00-16:00; PH off"),
		onSite("samir-al-mithal", p, "Tu,Th 09:00-16:00; PH off"),
		remotely("samir-al-mithal", "Mo,We,Fr 09:00-16:00; PH off"),
		onSite("eeva-esimerkki", p, "Tu 09:00-16:00; PH off"),
		remotely("eeva-esimerkki", "Mo,We,Th 09:00-16:00; PH off"),
		onSite("jane-example", p, "Th 09:00-16:00; PH off"),
		remotely("jane-example", "Mo-We 09:00-16:00; PH off"),
		onSite("oksana-prykladenko", p, "Mo,Tu,Th 09:00-16:00; PH off"),
		remotely("oksana-prykladenko", "We,Fr 09:00-16:00; PH off"),
		onSite("ahmed-tajriba", io, "Mo-We 09:00-16:00; PH off"),
		remotely("ahmed-tajriba", "Th,Fr 09:00-16:00; PH off"),
		onSite("natalia-obraztsova", io, "Tu,Th 08:00-16:00; PH off"),
		remotely("natalia-obraztsova", "Mo,We,Fr 08:00-16:00; PH off"),
	}
}

// Absences returns a few dated absences in the demo's first weeks: a
// training day, a week of holiday over the new year and a course.
func Absences() []booking.Absence {
	return []booking.Absence{
		{Staff: "maija-meikalainen", FirstDay: "2026-12-10", LastDay: "2026-12-10", Reason: "Training day"},
		{Staff: "johan-provstrom", FirstDay: "2026-12-28", LastDay: "2027-01-03", Reason: "Annual leave"},
		{Staff: "sofia-skiss", FirstDay: "2027-01-19", LastDay: "2027-01-21", Reason: "Course"},
	}
}

// ScheduleStore is where LoadSchedules writes.
type ScheduleStore interface {
	HasSchedules(ctx context.Context) (bool, error)
	AddSchedules(ctx context.Context, list []booking.Schedule) error
	AddAbsences(ctx context.Context, list []booking.Absence) error
}

// LoadSchedules adds the demo schedules and absences when no schedule is
// stored yet, and reports whether it did.
func LoadSchedules(ctx context.Context, s ScheduleStore) (bool, error) {
	has, err := s.HasSchedules(ctx)
	if err != nil || has {
		return false, err
	}
	if err := s.AddSchedules(ctx, Schedules()); err != nil {
		return false, fmt.Errorf("demo: schedules: %w", err)
	}
	if err := s.AddAbsences(ctx, Absences()); err != nil {
		return false, fmt.Errorf("demo: absences: %w", err)
	}
	return true, nil
}
