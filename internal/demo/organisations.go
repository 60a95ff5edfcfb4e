package demo

import "github.com/onestop-fi/onestop/internal/catalogue"

// organisations are the public bodies of the demo network.
//
// Business IDs: Kela's (0246246-0), the City of Espoo's (0101263-6) and
// HUS's (1567535-0, HUS-yhtymä) are the real ones; the City of Pori's
// (0204819-8) is believed real. The two wellbeing services counties were
// founded in 2021 and we do not know their IDs for certain, so they carry
// placeholders that pass the check digit and are obviously made up
// (1234567-1, 7654321-2). Replace them from the Business Information
// System (ytj.fi) before using the data for anything but a demo.
func organisations() []catalogue.Organisation {
	return []catalogue.Organisation{
		{
			Slug:       "pori",
			Kind:       catalogue.Municipality,
			BusinessID: "0204819-8",
			Name:       text("Porin kaupunki", "Björneborgs stad", "City of Pori"),
			Description: text(
				"Porin kaupunki järjestää muun muassa työllisyys- ja kotoutumispalvelut sekä Ohjaamon nuorille.",
				"Björneborgs stad ordnar bland annat sysselsättnings- och integrationstjänster och Navigatorn för unga.",
				"The City of Pori provides employment and integration services and the Ohjaamo guidance centre for young people, among others.",
			),
			Website: "https://www.pori.fi",
		},
		{
			Slug:       "satakunta",
			Kind:       catalogue.WellbeingCounty,
			BusinessID: "1234567-1", // placeholder, see above
			Name:       text("Satakunnan hyvinvointialue", "Satakunta välfärdsområde", "Satakunta wellbeing services county"),
			Description: text(
				"Järjestää Satakunnassa sosiaali- ja terveyspalvelut sekä pelastustoimen vuodesta 2023 alkaen.",
				"Ordnar social- och hälsovården och räddningsväsendet i Satakunta sedan 2023.",
				"Organises social welfare, health care and rescue services in Satakunta since 2023.",
			),
			Website: "https://satakunnanhyvinvointialue.fi",
		},
		{
			Slug:       "kela",
			Kind:       catalogue.Kela,
			BusinessID: "0246246-0",
			Name:       text("Kela", "FPA", "Kela"),
			Description: text(
				"Kansaneläkelaitos hoitaa Suomessa asuvien perusturvaa: etuudet, sairausvakuutuksen ja Kela-kortin.",
				"Folkpensionsanstalten sköter grundtryggheten för dem som bor i Finland: förmåner, sjukförsäkring och FPA-kortet.",
				"The Social Insurance Institution of Finland looks after the basic security of people living in Finland: benefits, health insurance and the Kela card.",
			),
			Website: "https://www.kela.fi",
		},
		{
			Slug:       "espoo",
			Kind:       catalogue.Municipality,
			BusinessID: "0101263-6",
			Name:       text("Espoon kaupunki", "Esbo stad", "City of Espoo"),
			Description: text(
				"Espoon kaupunki ylläpitää palvelutoreja, kirjastoja, palvelupisteitä ja työllisyyspalveluja.",
				"Esbo stad upprätthåller servicetorg, bibliotek, servicepunkter och sysselsättningstjänster.",
				"The City of Espoo runs service centres, libraries, service points and employment services.",
			),
			Website: "https://www.espoo.fi",
		},
		{
			// Since 2023 Espoo's health and social services (health
			// stations, maternity and child health clinics, dental care,
			// home care, social work) are the wellbeing services county's,
			// not the city's, though they still sit in the city's
			// service centres.
			Slug:       "lansi-uusimaa",
			Kind:       catalogue.WellbeingCounty,
			BusinessID: "7654321-2", // placeholder, see above
			Name:       text("Länsi-Uudenmaan hyvinvointialue", "Västra Nylands välfärdsområde", "Western Uusimaa wellbeing services county"),
			Description: text(
				"Järjestää Espoon, Kauniaisten ja muun Länsi-Uudenmaan sosiaali- ja terveyspalvelut vuodesta 2023 alkaen.",
				"Ordnar social- och hälsovården i Esbo, Grankulla och övriga Västra Nyland sedan 2023.",
				"Organises social welfare and health care in Espoo, Kauniainen and the rest of Western Uusimaa since 2023.",
			),
			Website: "https://www.luvn.fi",
		},
		{
			Slug:       "hus",
			Kind:       catalogue.Hospital,
			BusinessID: "1567535-0",
			Name:       text("HUS Helsingin yliopistollinen sairaala", "HUS Helsingfors universitetssjukhus", "HUS Helsinki University Hospital"),
			Description: text(
				"HUS vastaa Uudenmaan vaativasta erikoissairaanhoidosta sekä laboratorio- ja kuvantamispalveluista.",
				"HUS ansvarar för den krävande specialiserade sjukvården och för laboratorie- och bilddiagnostiktjänster i Nyland.",
				"HUS provides demanding specialised medical care and laboratory and imaging services in Uusimaa.",
			),
			Website: "https://www.hus.fi",
		},
	}
}

// services are what the organisations offer. Durations are the default
// length of one appointment.
func services() []catalogue.Service {
	in, phone, video, callback, web := catalogue.InPerson, catalogue.Phone, catalogue.Video, catalogue.Callback, catalogue.EService
	return []catalogue.Service{
		// Kela
		{
			Slug:         "kela-benefit-guidance",
			Organisation: "kela",
			Name:         text("Kelan etuusneuvonta", "FPA:s förmånsrådgivning", "Kela benefit guidance"),
			Description: text(
				"Neuvontaa Kelan etuuksista ja sosiaaliturvasta: mitä voit hakea, miten haet, mitä liitteitä tarvitaan ja mitä päätös tarkoittaa.",
				"Rådgivning om FPA:s förmåner och social trygghet: vad du kan söka, hur du ansöker, vilka bilagor som behövs och vad beslutet betyder.",
				"Guidance on Kela benefits and social security: what you can apply for, how to apply, which attachments are needed and what a decision means.",
			),
			Channels:        allChannels(),
			DurationMinutes: 30,
			Languages:       langs("fi", "sv", "en"),
			LifeEvents:      lifeEvents("losing_job", "having_baby", "studying", "retiring", "illness", "housing_problems", "low_income"),
		},
		{
			Slug:         "kela-moving-to-finland",
			Organisation: "kela",
			Name:         text("Sosiaaliturva Suomeen muuttaessa", "Social trygghet vid flytt till Finland", "Social security when moving to Finland"),
			Description: text(
				"Selvitämme, kuulutko Suomen sosiaaliturvaan, ja neuvomme Kela-kortissa, lapsilisässä ja muissa maahanmuuttajan etuuksissa.",
				"Vi utreder om du omfattas av den sociala tryggheten i Finland och ger råd om FPA-kortet, barnbidraget och andra förmåner för invandrare.",
				"We find out whether you are covered by Finnish social security and advise on the Kela card, child benefit and other benefits for immigrants.",
			),
			Channels:        allChannels(),
			DurationMinutes: 45,
			Languages:       langs("fi", "sv", "en"),
			LifeEvents:      lifeEvents("moving_to_finland"),
		},

		// City of Pori
		{
			Slug:         "pori-multisectoral-employment",
			Organisation: "pori",
			Name:         text("Monialaiset työllisyyspalvelut", "Sektorsövergripande sysselsättningstjänster", "Multisectoral employment services"),
			Description: text(
				"Työllisyyden, sosiaalityön ja Kelan asiantuntijat suunnittelevat kanssasi yhdessä polun työhön tai koulutukseen.",
				"Experter på sysselsättning, socialt arbete och FPA planerar tillsammans med dig en väg till arbete eller utbildning.",
				"Experts in employment, social work and Kela plan a path to work or education together with you.",
			),
			Channels:        channels(in, phone, video),
			DurationMinutes: 60,
			Languages:       langs("fi", "sv", "en"),
			LifeEvents:      lifeEvents("losing_job", "low_income"),
		},
		{
			Slug:         "pori-employment-services",
			Organisation: "pori",
			Name:         text("Porin työllisyyspalvelut", "Björneborgs sysselsättningstjänster", "Pori employment services"),
			Description: text(
				"Työnhaun aloittaminen, työnhakusuunnitelma, työ- ja koulutusneuvonta sekä palkkatuki.",
				"Att börja söka jobb, sysselsättningsplan, arbets- och utbildningsrådgivning samt lönesubvention.",
				"Registering as a job seeker, the employment plan, job and training guidance and pay subsidy.",
			),
			Channels:        channels(in, phone, video, web),
			DurationMinutes: 45,
			Languages:       langs("fi", "sv", "en"),
			LifeEvents:      lifeEvents("losing_job", "studying"),
		},
		{
			Slug:         "pori-integration",
			Organisation: "pori",
			Name:         text("Kotoutumispalvelut", "Integrationstjänster", "Integration services"),
			Description: text(
				"Alkukartoitus, kotoutumissuunnitelma ja ohjaus suomen kielen opintoihin Suomeen muuttaneille.",
				"Inledande kartläggning, integrationsplan och vägledning till studier i finska för dem som flyttat till Finland.",
				"Initial assessment, integration plan and guidance to Finnish language studies for people who have moved to Finland.",
			),
			Channels:        channels(in, phone, video),
			DurationMinutes: 60,
			Languages:       langs("fi", "en", "ar", "so", "ru", "uk"),
			LifeEvents:      lifeEvents("moving_to_finland", "losing_job"),
		},
		{
			Slug:         "pori-digital-help",
			Organisation: "pori",
			Name:         text("Digitaalisen asioinnin opastus", "Handledning i digitala tjänster", "Help with digital services"),
			Description: text(
				"Opastamme asiointipisteen päätteillä: tunnistautuminen, hakemukset ja liitteet verkossa.",
				"Vi handleder vid servicepunktens terminaler: identifiering, ansökningar och bilagor på nätet.",
				"We help at the service point's terminals: identifying yourself, applications and attachments online.",
			),
			Channels:        channels(in),
			DurationMinutes: 20,
			Languages:       langs("fi", "sv", "en"),
			LifeEvents:      lifeEvents("retiring", "low_income", "moving_to_finland"),
		},
		{
			Slug:         "ohjaamo-youth-guidance",
			Organisation: "pori",
			Name:         text("Ohjaamo – nuorten ohjaus", "Navigatorn – vägledning för unga", "Ohjaamo – guidance for young people"),
			Description: text(
				"Alle 30-vuotiaille apua opiskeluun, työhön, asumiseen ja arjen asioihin yhdestä paikasta.",
				"Hjälp för personer under 30 med studier, arbete, boende och vardagen på ett och samma ställe.",
				"Help for people under 30 with studies, work, housing and everyday matters, all in one place.",
			),
			Channels:        channels(in, phone, video),
			DurationMinutes: 45,
			Languages:       langs("fi", "en"),
			LifeEvents:      lifeEvents("studying", "losing_job", "housing_problems"),
		},

		// Satakunta wellbeing services county
		{
			Slug:         "satakunta-adult-social-work",
			Organisation: "satakunta",
			Name:         text("Aikuissosiaalityö", "Socialt arbete för vuxna", "Adult social work"),
			Description: text(
				"Sosiaalityöntekijä tukee työikäistä toimeentulon, asumisen ja työllistymisen pulmissa, myös työllistymistä tukevana sosiaalityönä.",
				"Socialarbetaren stöder personer i arbetsför ålder i frågor om utkomst, boende och sysselsättning, även som socialt arbete som stöder sysselsättning.",
				"A social worker supports working-age adults with income, housing and employment problems, including social work that supports employment.",
			),
			Channels:        channels(in, phone, video),
			DurationMinutes: 60,
			Languages:       langs("fi", "sv", "en"),
			LifeEvents:      lifeEvents("low_income", "housing_problems", "losing_job"),
		},
		{
			Slug:         "satakunta-social-welfare-guidance",
			Organisation: "satakunta",
			Name:         text("Sosiaaliohjaus", "Social handledning", "Social welfare guidance"),
			Description: text(
				"Sosiaaliohjaaja neuvoo arjen hallinnassa, raha-asioissa ja palvelujen hakemisessa.",
				"Socialhandledaren ger råd om vardagen, penningfrågor och hur man söker tjänster.",
				"A social counsellor advises on managing everyday life, money matters and applying for services.",
			),
			Channels:        channels(in, phone, callback),
			DurationMinutes: 45,
			Languages:       langs("fi", "sv", "en"),
			LifeEvents:      lifeEvents("low_income", "housing_problems", "moving_to_finland"),
		},

		// City of Espoo
		{
			Slug:         "espoo-library",
			Organisation: "espoo",
			Name:         text("Kirjasto", "Bibliotek", "Library"),
			Description: text(
				"Lainaa ja palauta, käytä asiakaskoneita ja tulostimia, lue lehtiä ja osallistu tapahtumiin.",
				"Låna och returnera, använd kunddatorer och skrivare, läs tidningar och delta i evenemang.",
				"Borrow and return, use the public computers and printers, read newspapers and join events.",
			),
			Channels:        channels(in, web),
			DurationMinutes: 30,
			Languages:       langs("fi", "sv", "en"),
			LifeEvents:      lifeEvents("studying", "moving_to_finland", "retiring"),
		},
		{
			Slug:         "espoo-service-point",
			Organisation: "espoo",
			Name:         text("Espoon palvelupiste", "Esbo servicepunkt", "Espoo Service Point"),
			Description: text(
				"Yleistä neuvontaa kaupungin palveluista, lomakkeet, matkakortit ja liitteiden vastaanotto.",
				"Allmän rådgivning om stadens tjänster, blanketter, resekort och mottagning av bilagor.",
				"General guidance on city services, forms, travel cards and receiving attachments.",
			),
			Channels:        channels(in, phone, web),
			DurationMinutes: 15,
			Languages:       langs("fi", "sv", "en"),
			LifeEvents:      lifeEvents("moving_to_finland", "low_income", "retiring"),
		},
		{
			Slug:         "espoo-employment-services",
			Organisation: "espoo",
			Name:         text("Espoon työllisyyspalvelut", "Esbo sysselsättningstjänster", "Espoo employment services"),
			Description: text(
				"Työnhaku, ura- ja koulutusneuvonta sekä työnantajapalvelut Espoon seudun työllisyysalueella.",
				"Arbetssökning, karriär- och utbildningsrådgivning samt arbetsgivartjänster inom Esbo regions sysselsättningsområde.",
				"Job seeking, career and training guidance and services for employers in the Espoo region employment area.",
			),
			Channels:        channels(in, phone, video, web),
			DurationMinutes: 45,
			Languages:       langs("fi", "sv", "en"),
			LifeEvents:      lifeEvents("losing_job", "studying", "moving_to_finland"),
		},
		{
			Slug:         "espoo-information-point-immigrants",
			Organisation: "espoo",
			Name:         text("Maahanmuuttajien neuvontapiste", "Rådgivning för invandrare", "Information Point for Immigrants"),
			Description: text(
				"Neuvontaa Espooseen muuttaneille omalla kielellä: asuminen, työ, opiskelu, perhe ja viranomaisasiat.",
				"Rådgivning på ditt eget språk för dem som flyttat till Esbo: boende, arbete, studier, familj och myndighetsärenden.",
				"Guidance in your own language for people who have moved to Espoo: housing, work, studies, family and dealing with authorities.",
			),
			Channels:        channels(in, phone),
			DurationMinutes: 30,
			Languages:       langs("fi", "sv", "en", "ru", "ar", "so", "uk", "fa", "et"),
			LifeEvents:      lifeEvents("moving_to_finland", "housing_problems", "losing_job"),
		},

		// Western Uusimaa wellbeing services county, in Espoo's service centres
		{
			Slug:         "espoo-health-station",
			Organisation: "lansi-uusimaa",
			Name:         text("Terveysasema", "Hälsostation", "Health station"),
			Description: text(
				"Lääkärin ja hoitajan vastaanotto äkillisissä ja pitkäaikaisissa sairauksissa.",
				"Läkar- och skötarmottagning vid akuta och långvariga sjukdomar.",
				"Doctor's and nurse's appointments for sudden and long-term illness.",
			),
			Channels:        allChannels(),
			DurationMinutes: 30,
			Languages:       langs("fi", "sv", "en"),
			LifeEvents:      lifeEvents("illness"),
		},
		{
			Slug:         "espoo-maternity-clinic",
			Organisation: "lansi-uusimaa",
			Name:         text("Äitiysneuvola", "Mödrarådgivning", "Maternity clinic"),
			Description: text(
				"Raskauden seuranta ja perhevalmennus terveydenhoitajan ja lääkärin vastaanotolla.",
				"Uppföljning av graviditeten och familjeförberedelse hos hälsovårdare och läkare.",
				"Pregnancy check-ups and family coaching with a public health nurse and a doctor.",
			),
			Channels:        channels(in, phone, video),
			DurationMinutes: 45,
			Languages:       langs("fi", "sv", "en"),
			LifeEvents:      lifeEvents("having_baby"),
		},
		{
			Slug:         "espoo-child-health-clinic",
			Organisation: "lansi-uusimaa",
			Name:         text("Lastenneuvola", "Barnrådgivning", "Child health clinic"),
			Description: text(
				"Alle kouluikäisen lapsen kasvun ja kehityksen seuranta, rokotukset ja vanhempien tuki.",
				"Uppföljning av barnets tillväxt och utveckling före skolåldern, vaccinationer och stöd för föräldrar.",
				"Growth and development check-ups for children under school age, vaccinations and support for parents.",
			),
			Channels:        channels(in, phone),
			DurationMinutes: 45,
			Languages:       langs("fi", "sv", "en"),
			LifeEvents:      lifeEvents("having_baby"),
		},
		{
			Slug:         "espoo-mental-health-services",
			Organisation: "lansi-uusimaa",
			Name:         text("Mielenterveys- ja päihdepalvelut", "Mentalvårds- och missbrukartjänster", "Mental health and substance abuse services"),
			Description: text(
				"Arviointi, hoito ja tuki mielenterveyden ja päihteiden käytön pulmiin.",
				"Bedömning, vård och stöd vid problem med psykisk hälsa och missbruk.",
				"Assessment, treatment and support for mental health and substance use problems.",
			),
			Channels:        channels(in, phone, video),
			DurationMinutes: 60,
			Languages:       langs("fi", "sv", "en"),
			LifeEvents:      lifeEvents("illness"),
		},
		{
			Slug:         "espoo-dental-clinic",
			Organisation: "lansi-uusimaa",
			Name:         text("Hammashoitola", "Tandklinik", "Dental clinic"),
			Description: text(
				"Suun terveystarkastukset ja hammashoito lapsille ja aikuisille.",
				"Munhälsokontroller och tandvård för barn och vuxna.",
				"Oral health check-ups and dental care for children and adults.",
			),
			Channels:        channels(in, phone, callback),
			DurationMinutes: 45,
			Languages:       langs("fi", "sv", "en"),
			LifeEvents:      lifeEvents("illness"),
		},
		{
			Slug:         "espoo-home-care",
			Organisation: "lansi-uusimaa",
			Name:         text("Kotihoito", "Hemvård", "Home care"),
			Description: text(
				"Palvelutarpeen arviointi ja kotiin annettava hoito ikääntyneille ja toipilaille.",
				"Bedömning av servicebehovet och vård i hemmet för äldre och konvalescenter.",
				"Assessment of service needs and care at home for older people and those recovering from illness.",
			),
			Channels:        channels(in, phone, callback),
			DurationMinutes: 60,
			Languages:       langs("fi", "sv", "en"),
			LifeEvents:      lifeEvents("retiring", "illness"),
		},
		{
			Slug:         "espoo-social-services",
			Organisation: "lansi-uusimaa",
			Name:         text("Sosiaalipalvelut", "Socialtjänster", "Social services"),
			Description: text(
				"Sosiaalityö ja -ohjaus aikuisille ja perheille: toimeentulo, asuminen ja arjen tuki.",
				"Socialt arbete och handledning för vuxna och familjer: utkomst, boende och stöd i vardagen.",
				"Social work and guidance for adults and families: income, housing and everyday support.",
			),
			Channels:        channels(in, phone, callback),
			DurationMinutes: 45,
			Languages:       langs("fi", "sv", "en"),
			LifeEvents:      lifeEvents("low_income", "housing_problems"),
		},

		// HUS
		{
			Slug:         "hus-laboratory",
			Organisation: "hus",
			Name:         text("HUS-laboratorio", "HUS laboratorium", "HUS laboratory"),
			Description: text(
				"Lähetteellä otettavat laboratorionäytteet. Varaa aika tai tule jonotusnumerolla.",
				"Laboratorieprov med remiss. Boka tid eller kom med kölapp.",
				"Laboratory samples with a referral. Book a time or come and take a queue number.",
			),
			Channels:        channels(in, web),
			DurationMinutes: 10,
			Languages:       langs("fi", "sv", "en"),
			LifeEvents:      lifeEvents("illness", "having_baby"),
		},
		{
			Slug:         "hus-imaging",
			Organisation: "hus",
			Name:         text("HUS Kuvantaminen, röntgen", "HUS Bilddiagnostik, röntgen", "HUS Medical Imaging, X-ray"),
			Description: text(
				"Lähetteellä tehtävät röntgentutkimukset ilman ajanvarausta.",
				"Röntgenundersökningar med remiss utan tidsbokning.",
				"X-ray examinations with a referral, no appointment needed.",
			),
			Channels:        channels(in),
			DurationMinutes: 15,
			Languages:       langs("fi", "sv", "en"),
			LifeEvents:      lifeEvents("illness"),
		},
	}
}
