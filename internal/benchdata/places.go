package benchdata

// municipality is a real Finnish municipality: official code, Finnish
// and Swedish name, the wellbeing services county that runs its social
// and health services, population at the end of 2020 and the centre of
// its area (WGS84).
type municipality struct {
	code, fi, sv string
	county       string
	population   int
	lat, lon     float64
}

// municipalities are the 130 most populous municipalities of mainland
// Finland, largest first, from Statistics Finland's figures as collected
// in Yleisradio/geodata (finland-hva-2021). Åland, which has no
// wellbeing services county, is left out. The data set puts its points
// in the first of these, more of them in the bigger towns.
var municipalities = []municipality{
	{"091", "Helsinki", "Helsingfors", "HKI", 656920, 60.2157, 25.0153},
	{"049", "Espoo", "Esbo", "LU", 292796, 60.2416, 24.6686},
	{"837", "Tampere", "Tammerfors", "PI", 241009, 61.6238, 23.8885},
	{"092", "Vantaa", "Vanda", "VK", 237231, 60.3135, 24.9546},
	{"564", "Oulu", "Uleåborg", "PP", 207327, 65.1576, 25.9594},
	{"853", "Turku", "Åbo", "VS", 194391, 60.4830, 22.2850},
	{"179", "Jyväskylä", "Jyväskylä", "KS", 143420, 62.1353, 25.6453},
	{"297", "Kuopio", "Kuopio", "PS", 120210, 62.9903, 27.7761},
	{"398", "Lahti", "Lahtis", "PH", 119984, 60.9881, 25.8588},
	{"609", "Pori", "Björneborg", "SA", 83684, 61.5906, 22.0059},
	{"286", "Kouvola", "Kouvola", "KY", 81187, 60.9395, 26.7736},
	{"167", "Joensuu", "Joensuu", "PK", 76935, 62.6133, 30.3244},
	{"405", "Lappeenranta", "Villmanstrand", "EK", 72662, 60.9800, 28.2640},
	{"109", "Hämeenlinna", "Tavastehus", "KH", 67848, 61.0740, 24.5638},
	{"905", "Vaasa", "Vasa", "PO", 67551, 63.0661, 21.8204},
	{"743", "Seinäjoki", "Seinäjoki", "EP", 64130, 62.7414, 22.9058},
	{"698", "Rovaniemi", "Rovaniemi", "LA", 63528, 66.6402, 25.8341},
	{"491", "Mikkeli", "S:t Michel", "ES", 52583, 61.6758, 27.3082},
	{"285", "Kotka", "Kotka", "KY", 51668, 60.5275, 26.9232},
	{"734", "Salo", "Salo", "VS", 51562, 60.3524, 23.2628},
	{"638", "Porvoo", "Borgå", "IU", 50619, 60.3660, 25.6854},
	{"272", "Kokkola", "Karleby", "KP", 47772, 63.8017, 23.6070},
	{"106", "Hyvinkää", "Hyvinge", "KU", 46576, 60.6108, 24.8268},
	{"444", "Lohja", "Lojo", "LU", 45886, 60.3598, 23.9393},
	{"186", "Järvenpää", "Träskända", "KU", 44455, 60.4870, 25.1031},
	{"543", "Nurmijärvi", "Nurmijärvi", "KU", 43663, 60.4596, 24.7515},
	{"257", "Kirkkonummi", "Kyrkslätt", "LU", 40082, 60.1404, 24.4579},
	{"684", "Rauma", "Raumo", "SA", 39040, 61.0943, 21.6772},
	{"858", "Tuusula", "Tusby", "KU", 38783, 60.4505, 24.9980},
	{"245", "Kerava", "Kervo", "VK", 37105, 60.4002, 25.1188},
	{"205", "Kajaani", "Kajana", "KA", 36567, 64.1365, 27.4254},
	{"202", "Kaarina", "S:t Karins", "VS", 34667, 60.4216, 22.4643},
	{"536", "Nokia", "Nokia", "PI", 34476, 61.4522, 23.3615},
	{"980", "Ylöjärvi", "Ylöjärvi", "PI", 33352, 61.8379, 23.5637},
	{"740", "Savonlinna", "Nyslott", "ES", 32662, 61.9122, 29.0914},
	{"211", "Kangasala", "Kangasala", "PI", 32214, 61.4752, 24.3227},
	{"927", "Vihti", "Vichtis", "LU", 29160, 60.4067, 24.3988},
	{"694", "Riihimäki", "Riihimäki", "KH", 28710, 60.7143, 24.7420},
	{"710", "Raasepori", "Raseborg", "LU", 27528, 60.0462, 23.4311},
	{"153", "Imatra", "Imatra", "EK", 26075, 61.1870, 28.8412},
	{"680", "Raisio", "Reso", "VS", 24407, 60.4895, 22.1492},
	{"678", "Raahe", "Brahestad", "PP", 24353, 64.5220, 24.8295},
	{"790", "Sastamala", "Sastamala", "PI", 24052, 61.4133, 22.8820},
	{"418", "Lempäälä", "Lempäälä", "PI", 23828, 61.3482, 23.7712},
	{"098", "Hollola", "Hollola", "PH", 23251, 61.0061, 25.3853},
	{"753", "Sipoo", "Sibbo", "IU", 21687, 60.3518, 25.2908},
	{"851", "Tornio", "Torneå", "LA", 21467, 66.0565, 24.2856},
	{"749", "Siilinjärvi", "Siilinjärvi", "PS", 21251, 63.0830, 27.6576},
	{"140", "Iisalmi", "Idensalmi", "PS", 21124, 63.5252, 27.1513},
	{"505", "Mäntsälä", "Mäntsälä", "KU", 20783, 60.6609, 25.2776},
	{"908", "Valkeakoski", "Valkeakoski", "PI", 20765, 61.2181, 24.0579},
	{"301", "Kurikka", "Kurikka", "EP", 20456, 62.5475, 22.4692},
	{"240", "Kemi", "Kemi", "LA", 20437, 65.7237, 24.6065},
	{"915", "Varkaus", "Varkaus", "PS", 20278, 62.2796, 28.2395},
	{"423", "Lieto", "Lundo", "VS", 20146, 60.5565, 22.5857},
	{"182", "Jämsä", "Jämsä", "KS", 19887, 61.9201, 25.0561},
	{"075", "Hamina", "Fredrikshamn", "KY", 19877, 60.6614, 27.2457},
	{"604", "Pirkkala", "Birkala", "PI", 19803, 61.4334, 23.6054},
	{"499", "Mustasaari", "Korsholm", "PO", 19453, 63.1608, 21.6408},
	{"529", "Naantali", "Nådendal", "VS", 19427, 60.4189, 21.8644},
	{"598", "Pietarsaari", "Jakobstad", "PO", 19066, 63.6667, 22.6357},
	{"410", "Laukaa", "Laukas", "KS", 18823, 62.3901, 26.0122},
	{"244", "Kempele", "Kempele", "PP", 18796, 64.8976, 25.5762},
	{"992", "Äänekoski", "Äänekoski", "KS", 18577, 62.7026, 25.8264},
	{"111", "Heinola", "Heinola", "PH", 18497, 61.2587, 26.1283},
	{"593", "Pieksämäki", "Pieksämäki", "ES", 17375, 62.2894, 27.2020},
	{"061", "Forssa", "Forssa", "KH", 16800, 60.9107, 23.6329},
	{"020", "Akaa", "Ackas", "PI", 16391, 61.1545, 23.7499},
	{"165", "Janakkala", "Janakkala", "KH", 16237, 60.8879, 24.6833},
	{"560", "Orimattila", "Orimattila", "PH", 15882, 60.7994, 25.8136},
	{"430", "Loimaa", "Loimaa", "VS", 15770, 60.9015, 22.9659},
	{"233", "Kauhava", "Kauhava", "EP", 15514, 63.1949, 23.0229},
	{"895", "Uusikaupunki", "Nystad", "VS", 15378, 60.8011, 21.4509},
	{"977", "Ylivieska", "Ylivieska", "PP", 15304, 64.0657, 24.6439},
	{"305", "Kuusamo", "Kuusamo", "PP", 15213, 65.9726, 29.2719},
	{"445", "Parainen", "Pargas", "VS", 15105, 60.2114, 21.8656},
	{"276", "Kontiolahti", "Kontiolax", "PK", 14857, 62.7850, 29.8771},
	{"434", "Loviisa", "Lovisa", "IU", 14745, 60.4817, 26.1645},
	{"408", "Lapua", "Lappo", "EP", 14221, 62.9425, 23.1377},
	{"232", "Kauhajoki", "Kauhajoki", "EP", 13007, 62.3402, 22.2590},
	{"214", "Kankaanpää", "Kankaanpää", "SA", 12758, 61.8987, 22.3340},
	{"886", "Ulvila", "Ulvsby", "SA", 12735, 61.4821, 22.1142},
	{"208", "Kalajoki", "Kalajoki", "PP", 12400, 64.1609, 23.9539},
	{"145", "Ilmajoki", "Ilmola", "EP", 12294, 62.7259, 22.5450},
	{"426", "Liperi", "Libelits", "PK", 11994, 62.5428, 29.3800},
	{"050", "Eura", "Eura", "SA", 11483, 61.0869, 22.0791},
	{"010", "Alavus", "Alavo", "EP", 11332, 62.5822, 23.5950},
	{"599", "Pedersören kunta", "Pedersöre", "PO", 11174, 63.5394, 22.9876},
	{"577", "Paimio", "Pemar", "VS", 10922, 60.4551, 22.7260},
	{"422", "Lieksa", "Lieksa", "PK", 10719, 63.3371, 30.1871},
	{"535", "Nivala", "Nivala", "PP", 10500, 63.9283, 25.0139},
	{"108", "Hämeenkyrö", "Tavastkyro", "PI", 10344, 61.6235, 23.1798},
	{"765", "Sotkamo", "Sotkamo", "KA", 10301, 64.0482, 28.4364},
	{"500", "Muurame", "Muurame", "KS", 10267, 62.1404, 25.6206},
	{"425", "Liminka", "Limingo", "PP", 10238, 64.6633, 25.6796},
	{"235", "Kauniainen", "Grankulla", "LU", 10178, 60.2147, 24.7227},
	{"102", "Huittinen", "Vittis", "SA", 9937, 61.1345, 22.7221},
	{"260", "Kitee", "Kides", "PK", 9933, 62.0270, 29.9226},
	{"139", "Ii", "Ijo", "PP", 9848, 65.5553, 25.6301},
	{"508", "Mänttä-Vilppula", "Mänttä-Vilppula", "PI", 9673, 62.0792, 24.4045},
	{"545", "Närpiö", "Närpes", "PO", 9558, 62.5772, 21.4011},
	{"481", "Masku", "Masku", "VS", 9543, 60.5540, 21.9974},
	{"541", "Nurmes", "Nurmes", "PK", 9501, 63.6480, 29.0900},
	{"249", "Keuruu", "Keuru", "KS", 9486, 62.2908, 24.5386},
	{"051", "Eurajoki", "Euraåminne", "SA", 9452, 61.2720, 21.6879},
	{"005", "Alajärvi", "Alajärvi", "EP", 9419, 62.9628, 23.8995},
	{"420", "Leppävirta", "Leppävirta", "PS", 9402, 62.5168, 27.9203},
	{"082", "Hattula", "Hattula", "KH", 9389, 61.0437, 24.2919},
	{"402", "Lapinlahti", "Lapinlahti", "PS", 9358, 63.3739, 27.6337},
	{"729", "Saarijärvi", "Saarijärvi", "KS", 9208, 62.7002, 25.1280},
	{"562", "Orivesi", "Orivesi", "PI", 9008, 61.6686, 24.4692},
	{"494", "Muhos", "Muhos", "PP", 8903, 64.7615, 26.1412},
	{"224", "Karkkila", "Högfors", "LU", 8696, 60.5567, 24.2303},
	{"761", "Somero", "Somero", "VS", 8646, 60.6137, 23.5502},
	{"400", "Laitila", "Letala", "VS", 8468, 60.8929, 21.7812},
	{"758", "Sodankylä", "Sodankylä", "LA", 8266, 67.7877, 26.9175},
	{"636", "Pöytyä", "Pöytyä", "VS", 8229, 60.7865, 22.5502},
	{"086", "Hausjärvi", "Hausjärvi", "KH", 8175, 60.7860, 24.9668},
	{"016", "Asikkala", "Asikkala", "PH", 8059, 61.2109, 25.5872},
	{"078", "Hanko", "Hangö", "LU", 8042, 59.8644, 23.1094},
	{"290", "Kuhmo", "Kuhmo", "KA", 8042, 64.1807, 29.6713},
	{"399", "Laihia", "Laihela", "PO", 7996, 62.8853, 22.0242},
	{"241", "Keminmaa", "Keminmaa", "LA", 7984, 65.8741, 24.7907},
	{"263", "Kiuruvesi", "Kiuruvesi", "PS", 7854, 63.6789, 26.5368},
	{"433", "Loppi", "Loppi", "KH", 7853, 60.6885, 24.3405},
	{"615", "Pudasjärvi", "Pudasjärvi", "PP", 7779, 65.4485, 27.1292},
	{"503", "Mynämäki", "Virmo", "VS", 7645, 60.7400, 22.0326},
	{"777", "Suomussalmi", "Suomussalmi", "KA", 7594, 65.0448, 29.1217},
	{"893", "Uusikaarlepyy", "Nykarleby", "PO", 7479, 63.4504, 22.5713},
	{"320", "Kemijärvi", "Kemijärvi", "LA", 7191, 66.6869, 27.3601},
}

// county is a wellbeing services county, which runs social and health
// services for its municipalities. Helsinki runs them itself; it is
// listed here under the code HKI with the City of Helsinki as organiser.
type county struct {
	code string
	slug string
	// fi and sv are the genitive forms that Finnish and Swedish names
	// of the county's organisations start with; en is the region's name.
	fi, sv, en string
}

var counties = []county{
	{"HKI", "helsinki", "Helsingin", "Helsingfors", "Helsinki"},
	{"LU", "lansi-uusimaa", "Länsi-Uudenmaan", "Västra Nylands", "Western Uusimaa"},
	{"IU", "ita-uusimaa", "Itä-Uudenmaan", "Östra Nylands", "Eastern Uusimaa"},
	{"KU", "keski-uusimaa", "Keski-Uudenmaan", "Mellersta Nylands", "Central Uusimaa"},
	{"VK", "vantaa-kerava", "Vantaan ja Keravan", "Vanda och Kervo", "Vantaa and Kerava"},
	{"VS", "varsinais-suomi", "Varsinais-Suomen", "Egentliga Finlands", "Southwest Finland"},
	{"SA", "satakunta", "Satakunnan", "Satakunta", "Satakunta"},
	{"KH", "kanta-hame", "Kanta-Hämeen", "Egentliga Tavastlands", "Kanta-Häme"},
	{"PI", "pirkanmaa", "Pirkanmaan", "Birkalands", "Pirkanmaa"},
	{"PH", "paijat-hame", "Päijät-Hämeen", "Päijänne-Tavastlands", "Päijät-Häme"},
	{"KY", "kymenlaakso", "Kymenlaakson", "Kymmenedalens", "Kymenlaakso"},
	{"EK", "etela-karjala", "Etelä-Karjalan", "Södra Karelens", "South Karelia"},
	{"ES", "etela-savo", "Etelä-Savon", "Södra Savolax", "South Savo"},
	{"PS", "pohjois-savo", "Pohjois-Savon", "Norra Savolax", "North Savo"},
	{"PK", "pohjois-karjala", "Pohjois-Karjalan", "Norra Karelens", "North Karelia"},
	{"KS", "keski-suomi", "Keski-Suomen", "Mellersta Finlands", "Central Finland"},
	{"EP", "etela-pohjanmaa", "Etelä-Pohjanmaan", "Södra Österbottens", "South Ostrobothnia"},
	{"PO", "pohjanmaa", "Pohjanmaan", "Österbottens", "Ostrobothnia"},
	{"KP", "keski-pohjanmaa", "Keski-Pohjanmaan", "Mellersta Österbottens", "Central Ostrobothnia"},
	{"PP", "pohjois-pohjanmaa", "Pohjois-Pohjanmaan", "Norra Österbottens", "North Ostrobothnia"},
	{"KA", "kainuu", "Kainuun", "Kajanalands", "Kainuu"},
	{"LA", "lappi", "Lapin", "Lapplands", "Lapland"},
}

// Names of the fictional staff: common Finnish and Finland-Swedish first
// names and surnames, and a few of the languages immigrants to Finland
// speak most. Combined at random they make people who do not exist.
var (
	firstNames = []string{
		"Anna", "Maria", "Liisa", "Johanna", "Sanna", "Laura", "Elina", "Tiina", "Heidi", "Minna",
		"Katja", "Hanna", "Satu", "Riikka", "Anu", "Kaisa", "Noora", "Emilia", "Aino", "Helmi",
		"Juha", "Mikko", "Timo", "Jari", "Antti", "Markku", "Janne", "Petri", "Ville", "Jussi",
		"Matti", "Pekka", "Tuomas", "Lauri", "Olli", "Eero", "Sami", "Teemu", "Joonas", "Aleksi",
		"Karin", "Linnea", "Johan", "Erik", "Ahmed", "Amina", "Olga", "Dmitri", "Hodan", "Farah",
	}
	surnames = []string{
		"Korhonen", "Virtanen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine", "Heikkinen",
		"Koskinen", "Järvinen", "Lehtonen", "Lehtinen", "Saarinen", "Salminen", "Heinonen", "Niemi",
		"Heikkilä", "Kinnunen", "Salonen", "Turunen", "Salo", "Laitinen", "Tuominen", "Rantanen",
		"Karjalainen", "Jokinen", "Mattila", "Savolainen", "Lahtinen", "Ahonen", "Lindholm", "Nyström",
		"Lindqvist", "Björklund", "Ali", "Mohamed", "Ivanova", "Smirnov", "Hassan", "Nguyen",
	}
	streets = []string{
		"Kauppakatu", "Asemakatu", "Keskuskatu", "Torikatu", "Rantakatu", "Koulukatu", "Kirkkokatu",
		"Puistokatu", "Valtakatu", "Hallituskatu", "Kalevankatu", "Sairaalakatu",
	}
)
