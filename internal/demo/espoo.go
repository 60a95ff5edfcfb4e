package demo

import "github.com/onestop-fi/onestop/internal/catalogue"

// addEspoo adds Espoo's two service centres, Iso Omena and Kalajärvi.
// Since 2023 the health and social services in them belong to the Western
// Uusimaa wellbeing services county; the library, the service point and
// employment services are the city's.
func addEspoo(c *catalogue.Catalogue) {
	const io, kj = "iso-omena", "kalajarvi"
	c.Points = append(c.Points,
		catalogue.Point{
			Slug: io,
			Kind: catalogue.Joint,
			Name: text("Iso Omenan palvelutori", "Servicetorget i Iso Omena", "Iso Omena Service Centre"),
			Description: text(
				"Espoon ensimmäinen palvelutori avattiin elokuussa 2016 kauppakeskus Iso Omenan kolmanteen kerrokseen, metroaseman yläpuolelle. "+
					"6 500 m²:n tiloissa ovat kirjasto, palvelupiste, työllisyyspalvelut, terveysasema, neuvola, mielenterveys- ja päihdepalvelut, Kela, "+
					"HUSin laboratorio ja röntgen sekä maahanmuuttajien neuvontapiste. Asiakkaita on yli 1,5 miljoonaa vuodessa.",
				"Esbos första servicetorg öppnades i augusti 2016 på tredje våningen i köpcentret Iso Omena, ovanför metrostationen. "+
					"I lokalerna på 6 500 m² finns bibliotek, servicepunkt, sysselsättningstjänster, hälsostation, rådgivning, mental- och missbruksvård, FPA, "+
					"HUS laboratorium och röntgen samt rådgivning för invandrare. Servicetorget har över 1,5 miljoner kunder om året.",
				"Espoo's first service centre opened in August 2016 on the third floor of the Iso Omena shopping centre, above the metro station. "+
					"Its 6,500 m² hold a library, a service point, employment services, a health station, maternity and child health clinics, mental health and substance abuse services, Kela, "+
					"the HUS laboratory and X-ray and an Information Point for Immigrants. It has over 1.5 million customers a year.",
			),
			Address:      bilingualAddress("Suomenlahdentie 1", "Finnviksvägen 1", "02230", "Espoo", "Esbo", false),
			Municipality: municipality("049"),
			Location:     at(60.1617, 24.7381),
			TimeZone:     helsinki,
			// Longer hours than an office: the library and self-service
			// rooms are open in the evening and at weekends.
			OpeningHours: "Mo-Fr 07:00-20:00; Sa,Su 10:00-18:00; PH off",
			Accessibility: text(
				"Hissit metroasemalta ja pysäköintitaloista kolmanteen kerrokseen. Esteettömät wc:t, induktiosilmukka palvelupisteessä.",
				"Hissar från metrostationen och parkeringshusen till tredje våningen. Tillgängliga toaletter, hörslinga vid servicepunkten.",
				"Lifts from the metro station and the car parks to the third floor. Accessible toilets, induction loop at the service point.",
			),
			Languages: langs("fi", "sv", "en", "ru", "ar", "so", "uk", "fa", "et"),
		},
		catalogue.Point{
			Slug: kj,
			Kind: catalogue.Joint,
			Name: text("Kalajärven palvelutori", "Servicetorget i Kalajärvi", "Kalajärvi Service Centre"),
			Description: text(
				"Pohjois-Espoon palvelutori Ruskatalossa (2 900 m²): kirjasto, äitiys- ja lastenneuvola, terveysasema, palvelupiste, hammashoitola, kotihoito ja sosiaalipalveluja. "+
					"Asukkaat voivat varata Kalajärvi-salin sekä Ahti-, Apaja- ja Katiska-tilat. Asukkaat vastasivat suunnitteluvaiheessa kyselyyn.",
				"Servicetorget i norra Esbo i Ruskatalo (2 900 m²): bibliotek, mödra- och barnrådgivning, hälsostation, servicepunkt, tandklinik, hemvård och socialtjänster. "+
					"Invånarna kan boka Kalajärvisalen och lokalerna Ahti, Apaja och Katiska. Invånarna svarade på en enkät när servicetorget planerades.",
				"The service centre of northern Espoo in the Ruskatalo building (2,900 m²): library, maternity and child health clinic, health station, service point, dental clinic, home care and social services. "+
					"Residents can book Kalajärvi Hall and the Ahti, Apaja and Katiska rooms. Residents answered a questionnaire when it was planned.",
			),
			// The street address is not verified; the postal code is
			// Kalajärvi's.
			Address:      bilingualAddress("Kalajärventie 2", "Kalajärvivägen 2", "02970", "Espoo", "Esbo", false),
			Municipality: municipality("049"),
			Location:     at(60.2925, 24.6660),
			TimeZone:     helsinki,
			OpeningHours: "Mo-Fr 08:00-20:00; Sa 10:00-16:00; PH off",
			Accessibility: text(
				"Esteetön sisäänkäynti, hissi ja invapysäköinti pääovella.",
				"Tillgänglig ingång, hiss och parkering för rörelsehindrade vid huvudingången.",
				"Step-free entrance, a lift and accessible parking at the main door.",
			),
			Languages: langs("fi", "sv", "en"),
		},
	)

	const officeHours = "Mo-Fr 08:00-16:00; PH off"
	c.Offerings = append(c.Offerings,
		walkIn(io, "espoo-library", "Mo-Fr 07:00-20:00; Sa,Su 10:00-18:00; PH off"),
		walkIn(io, "espoo-service-point", "Mo-Fr 08:00-18:00; Sa 10:00-16:00; PH off"),
		both(io, "espoo-employment-services", "Mo-Fr 09:00-16:00; PH off", officeHours),
		withNotes(walkIn(io, "espoo-information-point-immigrants", weekdays), text(
			"Neuvontaa suomeksi, ruotsiksi, englanniksi, venäjäksi, arabiaksi, somaliksi, ukrainaksi, persiaksi ja viroksi.",
			"Rådgivning på finska, svenska, engelska, ryska, arabiska, somaliska, ukrainska, persiska och estniska.",
			"Guidance in Finnish, Swedish, English, Russian, Arabic, Somali, Ukrainian, Persian and Estonian.",
		)),
		byAppointment(io, "espoo-health-station", "Mo-Fr 07:00-20:00; PH off"),
		byAppointment(io, "espoo-maternity-clinic", officeHours),
		byAppointment(io, "espoo-child-health-clinic", officeHours),
		byAppointment(io, "espoo-mental-health-services", officeHours),
		both(io, "kela-benefit-guidance", "Mo-Fr 10:00-16:00; PH off", weekdays),
		byAppointment(io, "kela-moving-to-finland", weekdays),
		both(io, "hus-laboratory", "Mo-Fr 07:00-15:00; PH off", "Mo-Fr 07:00-15:30; PH off"),
		walkIn(io, "hus-imaging", "Mo-Fr 08:00-15:30; PH off"),

		walkIn(kj, "espoo-library", "Mo-Fr 08:00-20:00; Sa 10:00-16:00; PH off"),
		walkIn(kj, "espoo-service-point", "Mo-Th 09:00-16:00; PH off"),
		byAppointment(kj, "espoo-health-station", officeHours),
		byAppointment(kj, "espoo-maternity-clinic", officeHours),
		byAppointment(kj, "espoo-child-health-clinic", officeHours),
		byAppointment(kj, "espoo-dental-clinic", officeHours),
		withNotes(byAppointment(kj, "espoo-home-care", "Mo-Fr 08:00-15:00; PH off"), text(
			"Kotihoidon tiimi lähtee täältä kotikäynneille; palvelutarpeen arvioinnin voi sopia myös täällä.",
			"Hemvårdsteamet utgår härifrån på hembesök; bedömningen av servicebehovet kan också göras här.",
			"The home care team sets out from here on home visits; a service needs assessment can also be held here.",
		)),
		byAppointment(kj, "espoo-social-services", "Tu,Th 09:00-15:00; PH off"),
	)

	c.Resources = append(c.Resources,
		// Five rooms for group work and meetings and the Stage are meant
		// for residents; the rest are shared by the organisations.
		resource(io, "stage", catalogue.Hall, text("Stage", "Stage", "Stage"), 80, catalogue.Residents))
	c.Resources = append(c.Resources,
		numbered(io, "group-room", catalogue.MeetingRoom, text("Ryhmätila", "Grupprum", "Group room"), 5, 8, catalogue.Residents)...)
	c.Resources = append(c.Resources,
		numbered(io, "meeting-room", catalogue.MeetingRoom, text("Yhteinen neuvotteluhuone", "Gemensamt mötesrum", "Shared meeting room"), 3, 12, catalogue.StaffOnly)...)
	c.Resources = append(c.Resources,
		numbered(io, "advisory-room", catalogue.AdvisoryRoom, text("Neuvontahuone", "Rådgivningsrum", "Advisory room"), 10, 4, catalogue.StaffOnly)...)
	c.Resources = append(c.Resources,
		numbered(io, "quiet-room", catalogue.QuietRoom, text("Hiljainen huone", "Tyst rum", "Quiet room"), 2, 1, catalogue.StaffOnly)...)
	c.Resources = append(c.Resources,
		numbered(io, "digital-service-point", catalogue.DigitalPoint, text("Digitaalinen asiointipiste", "Digital servicepunkt", "Digital service point"), 4, 1, catalogue.NotBookable)...)

	// The four rooms of Kalajärvi that residents book (their real names);
	// capacities are our estimates.
	c.Resources = append(c.Resources,
		resource(kj, "hall", catalogue.Hall, text("Kalajärvi-sali", "Kalajärvisalen", "Kalajärvi Hall"), 100, catalogue.Residents),
		resource(kj, "ahti", catalogue.Classroom, text("Opetustila Ahti", "Undervisningsrummet Ahti", "Ahti classroom"), 24, catalogue.Residents),
		resource(kj, "apaja", catalogue.MeetingRoom, text("Kokoushuone Apaja", "Mötesrummet Apaja", "Apaja meeting room"), 10, catalogue.Residents),
		resource(kj, "katiska", catalogue.MeetingRoom, text("Työtila Katiska", "Arbetsrummet Katiska", "Katiska work space"), 6, catalogue.Residents),
	)
	c.Resources = append(c.Resources,
		numbered(kj, "advisory-room", catalogue.AdvisoryRoom, text("Neuvontahuone", "Rådgivningsrum", "Advisory room"), 3, 4, catalogue.StaffOnly)...)
}
