package demo

import "github.com/onestop-fi/onestop/internal/catalogue"

// kelaOffice is one of Kela's own service points. In 2018 Kela had 180
// points: 56 open every weekday and 124 open only one to four days a week.
type kelaOffice struct {
	slug, municipality string
	// place names the point when it is not named after its municipality
	// (Ivalo, the centre of Inari); empty for the others.
	place     string
	address   catalogue.Address
	lat, lon  float64
	hours     string
	languages []string
}

// partnerPoint is a shared service point (asiointipiste) run by a
// municipality, where Kela's matters are handled too.
type partnerPoint struct {
	slug, municipality string
	// genitive is the Finnish genitive of the municipality's name
	// ("Merikarvian"), which Finnish names and descriptions need.
	genitive  string
	address   catalogue.Address
	lat, lon  float64
	hours     string
	languages []string
}

// addKelaNetwork adds a realistic slice of Kela's service network: own
// offices in real towns, some open every weekday and some only on one to
// four days, partner-run points in small Satakunta and Lapland
// municipalities, a touring pop-up and the remote (video and phone) point.
//
// Towns, municipality codes and names are real. Street addresses are
// central streets of each town but their numbers were not checked against
// Kela's current list, and coordinates are town centres, not the buildings.
func addKelaNetwork(c *catalogue.Catalogue) {
	offices := []kelaOffice{
		// Open every weekday.
		{"kela-helsinki", "091", "",
			bilingualAddress("Salomonkatu 17", "Salomonsgatan 17", "00100", "Helsinki", "Helsingfors", false),
			60.1688, 24.9318, weekdays, langs("fi", "sv", "en", "ru")},
		{"kela-tampere", "837", "", address("Rautatienkatu 10", "33100", "Tampere"),
			61.4985, 23.7731, weekdays, langs("fi", "sv", "en")},
		{"kela-turku", "853", "",
			bilingualAddress("Eerikinkatu 10", "Eriksgatan 10", "20100", "Turku", "Åbo", false),
			60.4510, 22.2652, weekdays, langs("fi", "sv", "en")},
		{"kela-oulu", "564", "", address("Isokatu 23", "90100", "Oulu"),
			65.0121, 25.4700, weekdays, langs("fi", "en")},
		{"kela-jyvaskyla", "179", "", address("Kauppakatu 11", "40100", "Jyväskylä"),
			62.2416, 25.7478, weekdays, langs("fi", "en")},
		{"kela-kuopio", "297", "", address("Puijonkatu 19", "70100", "Kuopio"),
			62.8929, 27.6781, weekdays, langs("fi", "en")},
		{"kela-lahti", "398", "", address("Aleksanterinkatu 13", "15110", "Lahti"),
			60.9831, 25.6592, weekdays, langs("fi", "en")},
		{"kela-rovaniemi", "698", "", address("Rovakatu 2", "96200", "Rovaniemi"),
			66.5021, 25.7290, weekdays, langs("fi", "en", "se")},
		{"kela-vaasa", "905", "",
			bilingualAddress("Hovioikeudenpuistikko 13", "Hovrättsesplanaden 13", "65100", "Vaasa", "Vasa", false),
			63.0958, 21.6159, weekdays, langs("fi", "sv", "en")},
		{"kela-joensuu", "167", "", address("Torikatu 30", "80100", "Joensuu"),
			62.6012, 29.7620, weekdays, langs("fi", "en", "ru")},

		// Open one to four days a week.
		{"kela-seinajoki", "743", "", address("Kauppakatu 7", "60100", "Seinäjoki"),
			62.7902, 22.8401, "Mo-Th 09:00-16:00; PH off", langs("fi", "en")},
		{"kela-rauma", "684", "", address("Kauppakatu 13", "26100", "Rauma"),
			61.1282, 21.5112, "Mo,We,Th 09:00-16:00; PH off", langs("fi", "en")},
		{"kela-kankaanpaa", "214", "", address("Keskuskatu 41", "38700", "Kankaanpää"),
			61.8042, 22.3943, "Tu,Th 09:00-15:00; PH off", langs("fi")},
		{"kela-huittinen", "102", "", address("Risteronkatu 6", "32700", "Huittinen"),
			61.1765, 22.6996, "We 10:00-14:00; PH off", langs("fi")},
		// Ivalo is the centre of Inari, where Kela serves in Sámi too.
		{"kela-ivalo", "148", "Ivalo", address("Piiskuntie 5", "99800", "Ivalo"),
			68.6576, 27.5401, "Mo,We 09:00-15:00; PH off", langs("fi", "se", "smn", "sms")},
		{"kela-kristinestad", "287", "",
			bilingualAddress("Itäinen Pitkäkatu 47", "Östra Långgatan 47", "64100", "Kristiinankaupunki", "Kristinestad", true),
			62.2737, 21.3799, "Th 09:00-15:00; PH off", langs("sv", "fi")},
		{"kela-pargas", "445", "",
			bilingualAddress("Kauppiaskatu 5", "Köpmansgatan 5", "21600", "Parainen", "Pargas", true),
			60.3044, 22.3005, "Tu 10:00-15:00; PH off", langs("sv", "fi", "en")},
	}
	for _, o := range offices {
		place := municipality(o.municipality).Name
		if o.place != "" {
			place = same(o.place)
		}
		c.Points = append(c.Points, catalogue.Point{
			Slug: o.slug,
			Kind: catalogue.Office,
			Name: text("Kelan palvelupiste, "+place.Fi, "FPA:s serviceställe, "+place.Sv, "Kela service point, "+place.En),
			Description: text(
				"Kelan oma palvelupiste. Aukioloajan ulkopuolella palvelemme puhelimessa, videoyhteydellä, takaisinsoittona ja verkossa.",
				"FPA:s eget serviceställe. Utanför öppettiderna betjänar vi per telefon, via video, med återuppringning och på nätet.",
				"Kela's own service point. Outside its opening hours we serve by phone, video, callback and online.",
			),
			Address:      o.address,
			Municipality: municipality(o.municipality),
			Location:     at(o.lat, o.lon),
			TimeZone:     helsinki,
			OpeningHours: o.hours,
			Accessibility: text(
				"Esteetön sisäänkäynti. Jos tarvitset tulkin, varaa aika etukäteen.",
				"Tillgänglig ingång. Om du behöver tolk, boka tid på förhand.",
				"Step-free entrance. If you need an interpreter, book an appointment in advance.",
			),
			Languages: o.languages,
		})
		c.Offerings = append(c.Offerings,
			both(o.slug, "kela-benefit-guidance", o.hours, o.hours),
			byAppointment(o.slug, "kela-moving-to-finland", o.hours),
		)
		// An appointment in person needs a free advisory room: the slot
		// search offers no time without one. The everyday offices have
		// two, the part-time offices one.
		rooms := 2
		if o.hours != weekdays {
			rooms = 1
		}
		c.Resources = append(c.Resources,
			numbered(o.slug, "advisory-room", catalogue.AdvisoryRoom, text("Neuvontahuone", "Rådgivningsrum", "Advisory room"), rooms, 4, catalogue.StaffOnly)...)
	}

	partners := []partnerPoint{
		{"merikarvia-asiointipiste", "484", "Merikarvian",
			address("Kauppatie 20", "29900", "Merikarvia"), 61.8588, 21.5019, "Mo-Th 09:00-15:00; Fr 09:00-14:00; PH off", langs("fi")},
		{"siikainen-asiointipiste", "747", "Siikaisten",
			address("Siikaistentie 51", "29810", "Siikainen"), 61.8771, 21.8186, "Mo-Th 09:00-15:00; PH off", langs("fi")},
		{"pomarkku-asiointipiste", "608", "Pomarkun",
			address("Pomarkuntie 2", "29630", "Pomarkku"), 61.6938, 22.0048, "Mo-Fr 09:00-15:00; PH off", langs("fi")},
		{"karvia-asiointipiste", "230", "Karvian",
			address("Kauppatie 2", "39930", "Karvia"), 62.1362, 22.5598, "Mo,We,Fr 09:00-15:00; PH off", langs("fi")},
		{"utsjoki-asiointipiste", "890", "Utsjoen",
			address("Ailigastie 5", "99980", "Utsjoki"), 69.9075, 27.0272, "Mo-Fr 09:00-15:00; PH off", langs("fi", "se")},
	}
	for _, p := range partners {
		place := municipality(p.municipality).Name
		runBy := text(p.genitive+" kunnan", place.Sv+" kommun", "the Municipality of "+place.En)
		c.Points = append(c.Points, catalogue.Point{
			Slug: p.slug,
			Kind: catalogue.Partner,
			Name: text(p.genitive+" asiointipiste", place.Sv+" samservicepunkt", place.En+" shared service point"),
			Description: text(
				runBy.Fi+" ylläpitämä asiointipiste, jossa saat neuvontaa ja apua myös Kelan asioissa. Kelan asiantuntijan voi tavata videoyhteydellä ajanvarauksella.",
				"Samservicepunkt som upprätthålls av "+runBy.Sv+", där du också får råd och hjälp i FPA-ärenden. Du kan träffa en sakkunnig vid FPA via video med tidsbokning.",
				"A shared service point run by "+runBy.En+" where you also get guidance and help with Kela matters. You can meet a Kela expert by video with an appointment.",
			),
			Address:      p.address,
			Municipality: municipality(p.municipality),
			Location:     at(p.lat, p.lon),
			TimeZone:     helsinki,
			OpeningHours: p.hours,
			Accessibility: text(
				"Sisäänkäynti katutasosta. Videoyhteys tehdään rauhallisessa huoneessa.",
				"Ingång från gatunivå. Videosamtalet förs i ett lugnt rum.",
				"Entrance at street level. Video meetings take place in a quiet room.",
			),
			Languages: p.languages,
		})
		c.Offerings = append(c.Offerings, withNotes(both(p.slug, "kela-benefit-guidance", p.hours, p.hours), text(
			"Kunnan asiointisihteeri neuvoo yleisesti ja auttaa verkkoasioinnissa; Kelan asiantuntija palvelee videoyhteydellä.",
			"Kommunens servicesekreterare ger allmän rådgivning och hjälper med e-tjänsterna; FPA:s sakkunnig betjänar via video.",
			"The municipality's service secretary gives general guidance and helps with e-services; a Kela expert serves by video.",
		)))
		// The customer books a time and comes to the point, where the
		// Kela expert meets them by video in a quiet room. The slot
		// search offers an in-person time only with a free room Kela's
		// staff can book, so each point has one.
		c.Resources = append(c.Resources,
			resource(p.slug, "video-room", catalogue.AdvisoryRoom, text("Videoasiointihuone", "Videorum", "Video meeting room"), 3, catalogue.StaffOnly))
	}

	// A pop-up visits a place on dated days: here the Rauma shipyard, whose
	// many foreign workers need Kela's advice on moving to Finland.
	const popUp, popUpHours = "kela-pop-up-rauma-shipyard", "2026 Dec 02,09 10:00-14:00"
	c.Points = append(c.Points, catalogue.Point{
		Slug: popUp,
		Kind: catalogue.PopUp,
		Name: text("Kela pop-up, Rauman telakka", "FPA pop-up, varvet i Raumo", "Kela pop-up, Rauma shipyard"),
		Description: text(
			"Kelan kiertävä pop-up-piste palvelee telakan työntekijöitä ruokatauolla. Ei ajanvarausta.",
			"FPA:s ambulerande pop-up-punkt betjänar varvets arbetstagare under lunchpausen. Ingen tidsbokning.",
			"Kela's touring pop-up serves the shipyard's workers during their lunch break. No appointment needed.",
		),
		// The shipyard's address is not verified.
		Address:      address("Hakunintie 19", "26100", "Rauma"),
		Municipality: municipality("684"),
		Location:     at(61.1180, 21.4560),
		TimeZone:     helsinki,
		OpeningHours: popUpHours,
		Accessibility: text(
			"Telakan ruokalan aulassa, esteetön kulku.",
			"I lobbyn till varvets matsal, tillgänglig.",
			"In the lobby of the shipyard canteen, step-free access.",
		),
		Languages: langs("fi", "en", "uk"),
	})
	c.Offerings = append(c.Offerings,
		walkIn(popUp, "kela-benefit-guidance", popUpHours),
		walkIn(popUp, "kela-moving-to-finland", popUpHours),
	)

	// The remote point is where video and phone appointments are booked;
	// it has no street address. Kela's head office is in Helsinki.
	const remote = "kela-remote"
	c.Points = append(c.Points, catalogue.Point{
		Slug: remote,
		Kind: catalogue.Remote,
		Name: text("Kelan etäpalvelu", "FPA:s distansservice", "Kela remote service"),
		Description: text(
			"Varaa video- tai puhelinaika Kelan asiantuntijalle tai jätä takaisinsoittopyyntö. Palvelemme koko Suomessa.",
			"Boka en video- eller telefontid med en sakkunnig vid FPA eller lämna en begäran om återuppringning. Vi betjänar i hela Finland.",
			"Book a video or phone appointment with a Kela expert or leave a callback request. We serve the whole of Finland.",
		),
		Municipality: municipality("091"),
		TimeZone:     helsinki,
		OpeningHours: weekdays,
		Accessibility: text(
			"Videoaika toimii tietokoneella, tabletilla ja puhelimella; voit ottaa mukaan avustajan tai tulkin.",
			"Videotiden fungerar på dator, surfplatta och telefon; du kan ta med en assistent eller tolk.",
			"Video appointments work on a computer, tablet or phone; you may bring an assistant or an interpreter.",
		),
		Languages: langs("fi", "sv", "en"),
	})
	c.Offerings = append(c.Offerings,
		byAppointment(remote, "kela-benefit-guidance", weekdays),
		byAppointment(remote, "kela-moving-to-finland", weekdays),
	)
}
