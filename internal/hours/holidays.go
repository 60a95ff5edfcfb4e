package hours

import "time"

// Names is a holiday's name in Finnish, Swedish and English.
type Names struct{ Fi, Sv, En string }

// Holiday is a dated holiday with its names.
type Holiday struct {
	Date  Date
	Names Names
}

// holidayDef describes one holiday rule. ref is the name the reference
// evaluator (opening_hours.js) reports as the comment of a PH interval; we
// keep it so that evaluated intervals carry the same comment.
type holidayDef struct {
	names Names
	ref   string
	// date computes the holiday for a year; ok is false when the holiday does
	// not exist that year.
	date func(year int, easter day) (d day, ok bool)
}

func fixed(m time.Month, d int) func(int, day) (day, bool) {
	return func(y int, _ day) (day, bool) { return daysFromCivil(y, int(m), d), true }
}

func fromEaster(offset int) func(int, day) (day, bool) {
	return func(_ int, e day) (day, bool) { return e + day(offset), true }
}

// saturdayBetween returns the Saturday in the seven days starting on m/d.
func saturdayBetween(m time.Month, d int) func(int, day) (day, bool) {
	return func(y int, _ day) (day, bool) {
		first := daysFromCivil(y, int(m), d)
		return first + day((int(time.Saturday)-int(first.weekday())+7)%7), true
	}
}

// finnishPH is the list of official Finnish public holidays under the
// current law (Midsummer and All Saints' Day on Saturdays since 1955,
// Epiphany and Ascension back on their own days since 1991). Like the
// reference evaluator we apply today's rules to every year; only
// Independence Day is limited to the years it existed (1917 on).
var finnishPH = []holidayDef{
	{Names{"Uudenvuodenpäivä", "Nyårsdagen", "New Year's Day"}, "uudenvuodenpäivä - nyårsdagen", fixed(time.January, 1)},
	{Names{"Loppiainen", "Trettondedagen", "Epiphany"}, "loppiainen - trettondedagen", fixed(time.January, 6)},
	{Names{"Pitkäperjantai", "Långfredagen", "Good Friday"}, "pitkäperjantai - långfredagen", fromEaster(-2)},
	{Names{"Pääsiäispäivä", "Påskdagen", "Easter Sunday"}, "pääsiäispäivä - påskdagen", fromEaster(0)},
	{Names{"Toinen pääsiäispäivä", "Annandag påsk", "Easter Monday"}, "toinen pääsiäispäivä - annandag påsk", fromEaster(1)},
	{Names{"Vappu", "Första maj", "May Day"}, "vappu - första maj", fixed(time.May, 1)},
	{Names{"Helatorstai", "Kristi himmelsfärdsdag", "Ascension Day"}, "helatorstai - Kristi himmelsfärdsdag", fromEaster(39)},
	{Names{"Helluntaipäivä", "Pingstdagen", "Whit Sunday"}, "helluntai - pingst", fromEaster(49)},
	{Names{"Juhannuspäivä", "Midsommardagen", "Midsummer Day"}, "juhannuspäivä - midsommardagen", saturdayBetween(time.June, 20)},
	{Names{"Pyhäinpäivä", "Alla helgons dag", "All Saints' Day"}, "pyhäinpäivä - alla helgons dag", saturdayBetween(time.October, 31)},
	{Names{"Itsenäisyyspäivä", "Självständighetsdagen", "Independence Day"}, "itsenäisyyspäivä - självständighetsdagen",
		func(y int, _ day) (day, bool) { return daysFromCivil(y, 12, 6), y >= 1917 }},
	{Names{"Joulupäivä", "Juldagen", "Christmas Day"}, "joulupäivä - juldagen", fixed(time.December, 25)},
	{Names{"Tapaninpäivä", "Annandag jul", "St Stephen's Day"}, "toinen joulupäivä - annandag jul", fixed(time.December, 26)},
}

// easterSunday computes Easter Sunday with the anonymous Gregorian
// algorithm (Meeus/Jones/Butcher), exact for every Gregorian year.
func easterSunday(y int) day {
	a := y % 19
	b, c := y/100, y%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	dd := (h+l-7*m+114)%31 + 1
	return daysFromCivil(y, month, dd)
}

// EasterSunday returns the date of Easter Sunday in the given year.
func EasterSunday(year int) Date { return easterSunday(year).date() }

// PublicHolidays returns the Finnish public holidays of a year in date
// order. These are exactly the days the opening_hours selector PH matches.
func PublicHolidays(year int) []Holiday {
	hs := make([]Holiday, 0, len(finnishPH))
	for _, h := range phDays(year) {
		hs = append(hs, Holiday{h.d.date(), finnishPH[h.def].names})
	}
	return hs
}

type phDay struct {
	d   day
	def int // index into finnishPH
}

// phDays lists a year's public holidays as day numbers, sorted. The
// definitions are already in date order for every year (Easter-based days
// fall between May Day's neighbours exactly as listed) except that
// Ascension can fall on May 1st's side; a tiny insertion sort keeps it exact.
func phDays(year int) []phDay {
	e := easterSunday(year)
	out := make([]phDay, 0, len(finnishPH))
	for i, def := range finnishPH {
		d, ok := def.date(year, e)
		if !ok {
			continue
		}
		j := len(out)
		out = append(out, phDay{d, i})
		for j > 0 && out[j-1].d > d {
			out[j], out[j-1] = out[j-1], out[j]
			j--
		}
	}
	return out
}

// publicHoliday reports whether n is a public holiday and returns its
// definition index.
func publicHoliday(n day) (int, bool) {
	// No list is built here: this runs once per evaluated day.
	y := n.date().Year
	e := easterSunday(y)
	for i := range finnishPH {
		if d, ok := finnishPH[i].date(y, e); ok && d == n {
			return i, true
		}
	}
	return 0, false
}

// IsPublicHoliday reports whether d is a Finnish public holiday.
func IsPublicHoliday(d Date) (Holiday, bool) {
	n := dayNum(d)
	i, ok := publicHoliday(n)
	if !ok {
		return Holiday{}, false
	}
	return Holiday{n.date(), finnishPH[i].names}, true
}

// NationalClosures returns Christmas Eve and Midsummer Eve of a year. They
// are not public holidays (PH does not match them), but public service
// points close on them; callers apply them as dated exceptions unless a
// point opts out.
func NationalClosures(year int) []Holiday {
	midsummer, _ := saturdayBetween(time.June, 20)(year, 0)
	return []Holiday{
		{(midsummer - 1).date(), Names{"Juhannusaatto", "Midsommarafton", "Midsummer Eve"}},
		{Date{year, time.December, 24}, Names{"Jouluaatto", "Julafton", "Christmas Eve"}},
	}
}
