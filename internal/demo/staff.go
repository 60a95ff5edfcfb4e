package demo

import "github.com/onestop-fi/onestop/internal/catalogue"

// member is a staff member who gives services.
func member(slug, name, organisation string, title catalogue.Text, serviceSlugs []string, languages ...string) catalogue.StaffMember {
	return catalogue.StaffMember{Slug: slug, Name: name, Organisation: organisation, Title: title, Services: serviceSlugs, Languages: languages}
}

// interpreter is a community interpreter, booked by language rather than
// by service. The first language is the one they interpret from; all of
// them interpret into Finnish.
func interpreter(slug, name, organisation string, languages ...string) catalogue.StaffMember {
	return catalogue.StaffMember{
		Slug: slug, Name: name, Organisation: organisation,
		Title:       text("Asioimistulkki", "Kontakttolk", "Community interpreter"),
		Languages:   languages,
		Interpreter: true,
	}
}

// skills lists the services a staff member gives.
func skills(slugs ...string) []string { return slugs }

// staff are the people of the demo. Every name is made up: the surnames
// are "example", "sample", "test" or a word of the trade in the language
// the person speaks (Meikäläinen is the Finnish John Doe, Esimerkki
// "example", Tusaale Somali for "example", Al-Mithal Arabic, Primerova
// Russian, Prykladenko Ukrainian, Ovdamearka Northern Sámi).
func staff() []catalogue.StaffMember {
	var (
		kelaExpert      = text("Palveluasiantuntija", "Servicesakkunnig", "Service expert")
		kela            = skills("kela-benefit-guidance", "kela-moving-to-finland")
		employmentCoord = text("Työllisyyskoordinaattori", "Sysselsättningskoordinator", "Employment coordinator")
		jobCoach        = text("Työvalmentaja", "Jobbcoach", "Job coach")
		integration     = text("Kotoutumiskoordinaattori", "Integrationskoordinator", "Integration coordinator")
		socialWorker    = text("Sosiaalityöntekijä", "Socialarbetare", "Social worker")
		socialCounsel   = text("Sosiaaliohjaaja", "Socialhandledare", "Social counsellor")
		adviser         = text("Neuvoja", "Rådgivare", "Adviser")
		nurse           = text("Terveydenhoitaja", "Hälsovårdare", "Public health nurse")
	)
	return []catalogue.StaffMember{
		// Kela
		member("maija-meikalainen", "Maija Meikäläinen", "kela", kelaExpert, kela, "fi", "sv", "en"), // Palojoenkulma; Tuesdays at Ohjaamo
		member("matti-meikalainen", "Matti Meikäläinen", "kela", kelaExpert, kela, "fi", "en"),
		member("karin-exempelsson", "Karin Exempelsson", "kela", kelaExpert, kela, "sv", "fi", "en"),
		member("olga-primerova", "Olga Primerova", "kela", kelaExpert, kela, "ru", "fi", "en"),
		member("layla-namudhaj", "Layla Namudhaj", "kela", kelaExpert, kela, "ar", "fi", "en"),
		member("kateryna-prykladna", "Kateryna Prykladna", "kela", kelaExpert, kela, "uk", "ru", "fi", "en"),
		member("maret-ovdamearka", "Máret Ovdamearka", "kela", kelaExpert, kela, "se", "smn", "fi"),
		member("teppo-testaaja", "Teppo Testaaja", "kela", kelaExpert, kela, "fi"),
		member("johan-provstrom", "Johan Provström", "kela", kelaExpert, kela, "sv", "fi"),
		member("kaisa-kokeilu", "Kaisa Kokeilu", "kela", text("Etäpalveluasiantuntija", "Sakkunnig inom distansservice", "Remote service expert"), kela, "fi", "sv", "en"),
		member("pekka-pilotti", "Pekka Pilotti", "kela", kelaExpert, kela, "fi", "en"),
		member("heli-harjoitus", "Heli Harjoitus", "kela", kelaExpert, skills("kela-benefit-guidance"), "fi"),
		member("elina-kaavio", "Elina Kaavio", "kela", kelaExpert, kela, "fi", "en"),
		member("riikka-otanta", "Riikka Otanta", "kela", kelaExpert, kela, "fi", "en"),
		member("jari-kaava", "Jari Kaava", "kela", kelaExpert, kela, "fi", "en"),
		member("minna-nayte", "Minna Näyte", "kela", kelaExpert, kela, "fi", "en"),
		member("timo-esikuva", "Timo Esikuva", "kela", kelaExpert, kela, "fi", "en"),
		member("sanna-kuvitelma", "Sanna Kuvitelma", "kela", kelaExpert, kela, "fi", "en"),
		member("juha-pohja", "Juha Pohja", "kela", kelaExpert, kela, "fi", "ru", "en"),
		// Second experts of the bigger offices, on the days the first is
		// away or serving remotely.
		member("aapo-arvio", "Aapo Arvio", "kela", kelaExpert, kela, "fi", "sv", "en"),
		member("satu-sapluuna", "Satu Sapluuna", "kela", kelaExpert, kela, "fi", "sv"),
		member("veera-vertailu", "Veera Vertailu", "kela", kelaExpert, kela, "fi", "en"),
		member("onni-otos", "Onni Otos", "kela", kelaExpert, kela, "fi", "en"),
		member("iida-ilmentyma", "Iida Ilmentymä", "kela", kelaExpert, kela, "fi", "en"),
		member("lauri-luonnos", "Lauri Luonnos", "kela", kelaExpert, kela, "fi", "ru"),
		member("saga-skiss", "Saga Skiss", "kela", kelaExpert, kela, "sv", "fi", "en"),

		// City of Pori
		member("tiina-testinen", "Tiina Testinen", "pori", employmentCoord, skills("pori-multisectoral-employment", "pori-employment-services"), "fi", "en"),
		member("mikko-malli", "Mikko Malli", "pori", jobCoach, skills("pori-employment-services"), "fi", "sv"),
		member("anna-asiointi", "Anna Asiointi", "pori", text("Digitukihenkilö", "Digistödsperson", "Digital support adviser"), skills("pori-digital-help"), "fi", "en"),
		member("olli-opastus", "Olli Opastus", "pori", integration, skills("pori-integration"), "fi", "en"),
		member("abdi-muunad", "Abdi Muunad", "pori", integration, skills("pori-integration"), "so", "fi", "en"),
		member("taras-zrazkovyi", "Taras Zrazkovyi", "pori", integration, skills("pori-integration", "pori-multisectoral-employment"), "uk", "ru", "fi"),
		member("ville-demola", "Ville Demola", "pori", text("Nuorten ohjaaja", "Ungdomshandledare", "Youth counsellor"), skills("ohjaamo-youth-guidance"), "fi", "en"),
		interpreter("hodan-tusaale", "Hodan Tusaale", "pori", "so", "fi", "en"),
		interpreter("samir-al-mithal", "Samir Al-Mithal", "pori", "ar", "fi"),

		// Satakunta wellbeing services county
		member("ritva-vastaanotto", "Ritva Vastaanotto", "satakunta", socialWorker, skills("satakunta-adult-social-work"), "fi"),
		member("elsa-testberg", "Elsa Testberg", "satakunta", socialWorker, skills("satakunta-adult-social-work", "satakunta-social-welfare-guidance"), "sv", "fi", "en"),
		member("jussi-jonotus", "Jussi Jonotus", "satakunta", socialCounsel, skills("satakunta-social-welfare-guidance"), "fi", "en"),
		member("dmitri-obraztsov", "Dmitri Obraztsov", "satakunta", socialCounsel, skills("satakunta-social-welfare-guidance"), "ru", "fi"),
		interpreter("eeva-esimerkki", "Eeva Esimerkki", "satakunta", "sv", "fi"),
		interpreter("jane-example", "Jane Example", "satakunta", "en", "fi"),
		interpreter("oksana-prykladenko", "Oksana Prykladenko", "satakunta", "uk", "ru", "fi"),

		// City of Espoo
		member("nils-demoqvist", "Nils Demoqvist", "espoo", text("Kirjastonhoitaja", "Bibliotekarie", "Librarian"), skills("espoo-library"), "sv", "fi", "en"),
		member("sari-demonen", "Sari Demonen", "espoo", text("Asiakasneuvoja", "Kundrådgivare", "Customer adviser"), skills("espoo-service-point"), "fi", "sv", "en"),
		member("john-sample", "John Sample", "espoo", text("Työllisyysasiantuntija", "Sysselsättningsexpert", "Employment expert"), skills("espoo-employment-services"), "en", "fi"),
		member("dariush-nemune", "Dariush Nemune", "espoo", adviser, skills("espoo-information-point-immigrants"), "fa", "en", "fi"),
		member("faadumo-tijaabo", "Faadumo Tijaabo", "espoo", adviser, skills("espoo-information-point-immigrants"), "so", "ar", "en", "fi"),
		member("irina-probnaya", "Irina Probnaya", "espoo", adviser, skills("espoo-information-point-immigrants"), "ru", "uk", "et", "fi", "en"),
		interpreter("ahmed-tajriba", "Ahmed Tajriba", "espoo", "ar", "en", "fi"),

		// Western Uusimaa wellbeing services county
		member("antti-arvio", "Antti Arvio", "lansi-uusimaa", text("Yleislääkäri", "Allmänläkare", "General practitioner"), skills("espoo-health-station"), "fi", "sv", "en"),
		member("outi-otos", "Outi Otos", "lansi-uusimaa", nurse, skills("espoo-maternity-clinic", "espoo-child-health-clinic"), "fi", "en"),
		member("leena-luonnos", "Leena Luonnos", "lansi-uusimaa", nurse, skills("espoo-child-health-clinic", "espoo-maternity-clinic"), "fi", "sv"),
		member("tuomas-tilapainen", "Tuomas Tilapäinen", "lansi-uusimaa", text("Psykiatrinen sairaanhoitaja", "Psykiatrisk sjukskötare", "Psychiatric nurse"), skills("espoo-mental-health-services"), "fi", "en"),
		member("mari-mallinen", "Mari Mallinen", "lansi-uusimaa", text("Hammaslääkäri", "Tandläkare", "Dentist"), skills("espoo-dental-clinic"), "fi", "en"),
		member("pirjo-proto", "Pirjo Proto", "lansi-uusimaa", text("Lähihoitaja", "Närvårdare", "Practical nurse"), skills("espoo-home-care"), "fi"),
		member("sofia-skiss", "Sofia Skiss", "lansi-uusimaa", socialWorker, skills("espoo-social-services"), "sv", "fi", "en"),
		interpreter("natalia-obraztsova", "Natalia Obraztsova", "lansi-uusimaa", "ru", "uk", "fi"),

		// HUS
		member("katja-koeputki", "Katja Koeputki", "hus", text("Bioanalyytikko", "Bioanalytiker", "Biomedical laboratory scientist"), skills("hus-laboratory"), "fi", "sv", "en"),
		member("petri-pikseli", "Petri Pikseli", "hus", text("Röntgenhoitaja", "Röntgenskötare", "Radiographer"), skills("hus-imaging"), "fi", "en"),
	}
}
