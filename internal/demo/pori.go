package demo

import "github.com/onestop-fi/onestop/internal/catalogue"

// addPori adds the Pori points: the Palojoenkulma joint service point of
// the City of Pori, the Satakunta wellbeing services county and Kela
// (opened 16 Sept 2024), the city's other employment office at Porin
// Leijona, and Ohjaamo, where a Kela expert works one day a week.
//
// Coordinates are approximate (within a block) and were not surveyed.
func addPori(c *catalogue.Catalogue) {
	const p = "palojoenkulma"
	c.Points = append(c.Points,
		catalogue.Point{
			Slug: p,
			Kind: catalogue.Joint,
			Name: text("Palojoenkulman yhteispalvelupiste", "Palojoenkulma samservicepunkt", "Palojoenkulma joint service point"),
			Description: text(
				"Porin kaupungin, Satakunnan hyvinvointialueen ja Kelan yhteinen palvelupiste avattiin 16.9.2024. "+
					"Samoissa 2 000 m²:n tiloissa työskentelee 185 työntekijää, jotka jakavat 82 työpistettä, neuvottelu- ja hiljaiset huoneet. "+
					"Info ja neuvontahuoneet palvelevat ajanvarauksella; Kela palvelee ilman ajanvarausta ma, ti, to ja pe klo 12.00–15.30. "+
					"Jos et tiedä, kumpaan työllisyyspalvelujen toimipisteeseen tulla, kysy asiakaspalvelusta.",
				"Den gemensamma servicepunkten för Björneborgs stad, Satakunta välfärdsområde och FPA öppnades 16.9.2024. "+
					"I samma lokaler på 2 000 m² arbetar 185 anställda som delar på 82 arbetsstationer, mötesrum och tysta rum. "+
					"Infon och rådgivningsrummen betjänar kunder med tidsbokning; FPA betjänar utan tidsbokning mån, tis, tors och fre kl. 12.00–15.30. "+
					"Om du är osäker på vilket av sysselsättningstjänsternas kontor du ska besöka, fråga kundtjänsten.",
				"The joint service point of the City of Pori, the Satakunta wellbeing services county and Kela opened on 16 September 2024. "+
					"Its 2,000 m² are shared by 185 employees with 82 back-office workstations, meeting rooms and quiet rooms. "+
					"The information desk and advisory rooms serve customers who booked an appointment; Kela serves without an appointment Mon, Tue, Thu and Fri 12.00–15.30. "+
					"If you are unsure which employment services office to visit, ask customer service.",
			),
			Address:      address("Yrjönkatu 23", "28100", "Pori"),
			Municipality: municipality("609"),
			Location:     at(61.4829, 21.7951),
			TimeZone:     helsinki,
			OpeningHours: weekdays,
			Accessibility: text(
				"Esteetön sisäänkäynti katutasosta ja hissi. Neuvonnassa induktiosilmukka. Digitaaliset asiointipisteet ovat pyörätuolilla käytettäviä.",
				"Tillgänglig ingång från gatunivå och hiss. Hörslinga vid infon. De digitala servicepunkterna kan användas från rullstol.",
				"Step-free entrance from street level and a lift. Induction loop at the information desk. The digital service points can be used from a wheelchair.",
			),
			// Customers with an immigrant background often come with their
			// own social worker and an interpreter.
			Languages: langs("fi", "sv", "en", "ar", "so", "ru", "uk"),
		},
		catalogue.Point{
			Slug: "porin-leijona",
			Kind: catalogue.Office,
			Name: text("Porin työllisyyspalvelut, Porin Leijona", "Björneborgs sysselsättningstjänster, Porin Leijona", "Pori employment services, Porin Leijona"),
			Description: text(
				"Kaupungin työllisyyspalvelujen toinen toimipiste. Monialaiset työllisyyspalvelut ovat Palojoenkulmassa; jos et tiedä, kumpaan tulla, kysy asiakaspalvelusta.",
				"Stadens sysselsättningstjänsters andra kontor. De sektorsövergripande tjänsterna finns i Palojoenkulma; om du är osäker, fråga kundtjänsten.",
				"The city's other employment services office. Multisectoral services are at Palojoenkulma; if you are unsure where to go, ask customer service.",
			),
			Address:      address("Yrjönkatu 6", "28100", "Pori"),
			Municipality: municipality("609"),
			Location:     at(61.4866, 21.7962),
			TimeZone:     helsinki,
			OpeningHours: weekdays,
			Accessibility: text(
				"Esteetön sisäänkäynti ja hissi.",
				"Tillgänglig ingång och hiss.",
				"Step-free entrance and a lift.",
			),
			Languages: langs("fi", "sv", "en"),
		},
		catalogue.Point{
			Slug: "ohjaamo-pori",
			Kind: catalogue.Partner,
			Name: text("Ohjaamo Pori", "Navigatorn i Björneborg", "Ohjaamo Pori"),
			Description: text(
				"Alle 30-vuotiaiden matalan kynnyksen ohjauspiste. Kelan palveluasiantuntija on paikalla tiistaisin.",
				"Lågtröskelpunkt för vägledning för personer under 30 år. FPA:s servicesakkunnig finns på plats på tisdagar.",
				"A low-threshold guidance centre for people under 30. A Kela service expert is there on Tuesdays.",
			),
			// The street address is not verified.
			Address:      address("Valtakatu 2", "28100", "Pori"),
			Municipality: municipality("609"),
			Location:     at(61.4851, 21.7990),
			TimeZone:     helsinki,
			OpeningHours: weekdays,
			Accessibility: text(
				"Sisäänkäynti katutasosta.",
				"Ingång från gatunivå.",
				"Entrance at street level.",
			),
			Languages: langs("fi", "en"),
		},
	)

	c.Offerings = append(c.Offerings,
		// Kela's rule: walk-in four afternoons a week, appointments all week.
		both(p, "kela-benefit-guidance", "Mo,Tu,Th,Fr 12:00-15:30; PH off", weekdays),
		byAppointment(p, "kela-moving-to-finland", weekdays),
		byAppointment(p, "pori-multisectoral-employment", weekdays),
		byAppointment(p, "pori-integration", weekdays),
		withNotes(walkIn(p, "pori-digital-help", weekdays), text(
			"Henkilökunta auttaa digitaalisilla asiointipisteillä.",
			"Personalen hjälper vid de digitala servicepunkterna.",
			"Staff are on hand at the digital service points.",
		)),
		byAppointment(p, "satakunta-adult-social-work", weekdays),
		byAppointment(p, "satakunta-social-welfare-guidance", weekdays),

		both("porin-leijona", "pori-employment-services", "Mo-Th 09:00-12:00; PH off", weekdays),

		both("ohjaamo-pori", "ohjaamo-youth-guidance", "Mo,We,Th 12:00-16:00; PH off", weekdays),
		withNotes(byAppointment("ohjaamo-pori", "kela-benefit-guidance", "Tu 09:00-15:00; PH off"), text(
			"Kelan palveluasiantuntija on Ohjaamossa yhtenä päivänä viikossa.",
			"FPA:s servicesakkunnig finns på Navigatorn en dag i veckan.",
			"A Kela service expert works at Ohjaamo one day a week.",
		)),
	)

	c.Resources = append(c.Resources,
		numbered(p, "workstation", catalogue.Workstation, text("Työpiste", "Arbetsstation", "Workstation"), 82, 1, catalogue.StaffOnly)...)
	c.Resources = append(c.Resources,
		numbered(p, "advisory-room", catalogue.AdvisoryRoom, text("Neuvontahuone", "Rådgivningsrum", "Advisory room"), 12, 4, catalogue.StaffOnly)...)
	c.Resources = append(c.Resources,
		numbered(p, "meeting-room", catalogue.MeetingRoom, text("Neuvotteluhuone", "Mötesrum", "Meeting room"), 5, 10, catalogue.StaffOnly)...)
	c.Resources = append(c.Resources,
		numbered(p, "quiet-room", catalogue.QuietRoom, text("Hiljainen huone", "Tyst rum", "Quiet room"), 6, 1, catalogue.StaffOnly)...)
	c.Resources = append(c.Resources,
		numbered(p, "digital-service-point", catalogue.DigitalPoint, text("Digitaalinen asiointipiste", "Digital servicepunkt", "Digital service point"), 3, 1, catalogue.NotBookable)...)
	c.Resources = append(c.Resources,
		numbered("porin-leijona", "advisory-room", catalogue.AdvisoryRoom, text("Neuvontahuone", "Rådgivningsrum", "Advisory room"), 4, 4, catalogue.StaffOnly)...)
	c.Resources = append(c.Resources,
		resource("ohjaamo-pori", "kela-room", catalogue.AdvisoryRoom, text("Kelan vastaanottohuone", "FPA:s mottagningsrum", "Kela's advisory room"), 4, catalogue.StaffOnly))
}
