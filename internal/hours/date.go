package hours

import (
	"fmt"
	"time"
)

// Date is a civil (calendar) date with no time of day and no zone. Opening
// hours are local wall-clock rules, so most of the engine works on Dates
// and minutes of the day and turns them into instants only at the edge.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// String formats the date as YYYY-MM-DD.
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// DateOf returns the calendar date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday { return dayNum(d).weekday() }

// AddDays returns d moved by n days; n may be negative.
func (d Date) AddDays(n int) Date { return (dayNum(d) + day(n)).date() }

// day counts days since 1970-01-01 (negative before). It is the engine's
// internal date: adding, comparing and finding weekdays is plain arithmetic.
type day int

// dayNum converts a civil date to a day number. Days outside the month
// overflow into the next month, like JavaScript's Date (Feb 30 is Mar 2), which
// the reference evaluator relies on for values such as "2015 Feb 29".
func dayNum(d Date) day {
	return daysFromCivil(d.Year, int(d.Month), 1) + day(d.Day-1)
}

// daysFromCivil is Howard Hinnant's exact algorithm for the proleptic
// Gregorian calendar; month may be outside 1..12 and is normalised first.
func daysFromCivil(y, m, d int) day {
	m--
	y += m / 12
	m %= 12
	if m < 0 {
		m += 12
		y--
	}
	m++
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era = (y - 399) / 400
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return day(era*146097 + doe - 719468)
}

func (n day) date() Date {
	z := int(n) + 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era = (z - 146096) / 146097
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return Date{y, time.Month(m), d}
}

// weekday: 1970-01-01 was a Thursday.
func (n day) weekday() time.Weekday {
	w := (int(n) + 4) % 7
	if w < 0 {
		w += 7
	}
	return time.Weekday(w)
}

// isoWeek returns the ISO 8601 week number (1..53) of the day.
func (n day) isoWeek() int {
	wd := int(n.weekday())
	if wd == 0 {
		wd = 7
	}
	thursday := n + day(4-wd)
	y := thursday.date().Year
	return int(thursday-daysFromCivil(y, 1, 1))/7 + 1
}

func daysInMonth(y int, m time.Month) int {
	return int(daysFromCivil(y, int(m)+1, 1) - daysFromCivil(y, int(m), 1))
}

// Rule is the opening_hours rule that sets the hours of this one date,
// e.g. "2026 Dec 24 off" or "2026 Dec 23 09:00-18:00". Appended to a
// value with "; " it overrides what earlier rules say about the date.
func (d Date) Rule(hours string) string {
	return fmt.Sprintf("%d %s %02d %s", d.Year, d.Month.String()[:3], d.Day, hours)
}
