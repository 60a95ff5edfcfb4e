package access

import (
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/onestop-fi/onestop/internal/errs"
)

// IdentityCode is a Finnish personal identity code (henkilötunnus) that
// ParseIdentityCode has checked: always the 11 characters DDMMYYCIIIQ in
// upper case.
//
// The code is personal data and must not reach logs, so every way of
// printing it shows the masked form (131052-****): String, fmt verbs
// including %#v, slog, and text or JSON encoding. Full is the only way to
// get the whole code, which makes every use of it easy to find.
type IdentityCode string

// checkChars maps the remainder of DDMMYYIII divided by 31 to the check
// character; the letters G, I, O, Q and Z are left out.
const checkChars = "0123456789ABCDEFHJKLMNPRSTUVWXY"

// The sentences ParseIdentityCode answers with. None of them quotes the
// input: the code, or any part of it, would be personal data in a log line.
const (
	hetuLengthMessage     = "A personal identity code has 11 characters."
	hetuDateDigitsMessage = "A personal identity code begins with the date of birth as six digits (DDMMYY)."
	hetuCenturyMessage    = "The seventh character of a personal identity code must be a century sign: + for the 1800s; -, Y, X, W, V or U for the 1900s; A, B, C, D, E or F for the 2000s."
	hetuDateMessage       = "The date of birth in the personal identity code is not a date that exists."
	hetuNumberMessage     = "The individual number of a personal identity code, characters 8 to 10, must be three digits from 002 to 999."
	hetuCheckMessage      = "The check character of the personal identity code does not match the rest of the code; please check the code for typing errors."
)

// ParseIdentityCode checks a personal identity code and returns it
// normalised. Surrounding spaces are trimmed and lower-case letters read
// as upper case. The code must be DDMMYYCIIIQ: a date of birth that exists,
// a century sign, an individual number from 002 to 999 (900 to 999 are
// temporary codes) and the check character that matches.
//
// The error is invalid-input about the parameter "identity_code", and its
// message never contains the code or any part of it.
func ParseIdentityCode(s string) (IdentityCode, error) {
	s = strings.TrimSpace(s)
	if len(s) != 11 {
		return "", hetuError(hetuLengthMessage)
	}
	// Upper-case ASCII letters only. strings.ToUpper would also turn
	// non-ASCII runes such as ſ (long s) into ASCII letters, so a code
	// nobody typed could pass.
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	if !allDigits(b[0:6]) {
		return "", hetuError(hetuDateDigitsMessage)
	}
	century, ok := centuryOf(b[6])
	if !ok {
		return "", hetuError(hetuCenturyMessage)
	}
	if !allDigits(b[7:10]) {
		return "", hetuError(hetuNumberMessage)
	}
	day, month, yy := number(b[0:2]), number(b[2:4]), number(b[4:6])
	year := century + yy
	// time.Date normalises 31 April to 1 May and 29 February 1900 to
	// 1 March; a date that exists comes back unchanged.
	born := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if month < 1 || month > 12 || born.Day() != day || born.Month() != time.Month(month) {
		return "", hetuError(hetuDateMessage)
	}
	if number(b[7:10]) < 2 {
		return "", hetuError(hetuNumberMessage)
	}
	n := number(b[0:6])*1000 + number(b[7:10])
	if b[10] != checkChars[n%31] {
		return "", hetuError(hetuCheckMessage)
	}
	return IdentityCode(b), nil
}

func hetuError(message string) error {
	return errs.Param("identity_code", "%s", message)
}

// centuryOf returns the first year of the century a century sign stands
// for. The letters were added in 2023, when the plain - and A were
// running out of individual numbers.
func centuryOf(sign byte) (int, bool) {
	switch sign {
	case '+':
		return 1800, true
	case '-', 'Y', 'X', 'W', 'V', 'U':
		return 1900, true
	case 'A', 'B', 'C', 'D', 'E', 'F':
		return 2000, true
	}
	return 0, false
}

func allDigits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// number reads digits already checked by allDigits.
func number(b []byte) int {
	n := 0
	for _, c := range b {
		n = n*10 + int(c-'0')
	}
	return n
}

// valid reports whether c looks like a code ParseIdentityCode returned; a
// conversion such as IdentityCode("x") skips the check.
func (c IdentityCode) valid() bool {
	if len(c) != 11 {
		return false
	}
	_, ok := centuryOf(c[6])
	return ok && allDigits([]byte(c[0:6]))
}

// BirthDate returns the date of birth, midnight UTC. It is the zero time
// for a code that ParseIdentityCode did not return.
func (c IdentityCode) BirthDate() time.Time {
	if !c.valid() {
		return time.Time{}
	}
	century, _ := centuryOf(c[6])
	b := []byte(c)
	return time.Date(century+number(b[4:6]), time.Month(number(b[2:4])), number(b[0:2]), 0, 0, 0, 0, time.UTC)
}

// Masked returns the date of birth and the century sign with the rest
// hidden, as in 131052-****. It is empty for the zero code, and only stars
// for a value that ParseIdentityCode did not return.
func (c IdentityCode) Masked() string {
	switch {
	case c == "":
		return ""
	case !c.valid():
		return "****"
	}
	return string(c[:7]) + "****"
}

// Full returns all 11 characters: the only way to get them.
func (c IdentityCode) Full() string { return string(c) }

// String returns the masked form, so an accidental %v never prints the
// whole code.
func (c IdentityCode) String() string { return c.Masked() }

// Format prints the masked form for every verb. String alone would not be
// enough: %#v and mistaken verbs such as %d print the underlying string
// without calling String.
func (c IdentityCode) Format(f fmt.State, verb rune) {
	fmt.Fprintf(f, fmt.FormatString(f, verb), c.Masked())
}

// LogValue makes slog print the masked form.
func (c IdentityCode) LogValue() slog.Value { return slog.StringValue(c.Masked()) }

// MarshalText makes encoders (JSON among them) write the masked form. A
// response that must show the whole code puts Full in a field on purpose.
func (c IdentityCode) MarshalText() ([]byte, error) { return []byte(c.Masked()), nil }

// UnmarshalText reads a whole code with ParseIdentityCode, so a decoded
// request field is checked like any other input. It does not accept the
// masked form MarshalText writes.
func (c *IdentityCode) UnmarshalText(text []byte) error {
	parsed, err := ParseIdentityCode(string(text))
	if err != nil {
		return err
	}
	*c = parsed
	return nil
}
