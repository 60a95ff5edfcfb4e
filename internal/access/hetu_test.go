package access

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/onestop-fi/onestop/internal/errs"
)

// publishedCodes are the example codes of the Digital and Population Data
// Services Agency (DVV), for people who do not exist: 131052-308T from its
// long-standing description of the code, the rest from the 2023 page on the
// new century signs.
//
// The brief we were given listed 040594V902V; the DVV list has 040594V902Y,
// which is what the check character of 040594902 (mod 31 = 29) gives, so the
// V version sits in invalidCodes as a wrong check character instead.
// 010594Y9032 is not on the DVV page as far as we can tell, but it is valid
// and appears in other validators' tests next to the DVV list.
var publishedCodes = []string{
	"131052-308T",
	"010594Y9021", "010594Y9032",
	"020594X903P", "020594X902N",
	"030594W903B", "030694W9024",
	"040594V9030", "040594V902Y",
	"050594U903M", "050594U902L",
	"010516B903X", "010516B902W",
	"020516C903K", "020516C902J",
	"030516D9037", "030516D9026",
	"010501E9032", "020502E902X",
	"020503F9037", "020504A902E", "020504B904H",
}

// validCodes cover every century sign, leap days, the ends of the range of
// individual numbers and temporary codes (900–999). Check characters were
// computed with checkCharFor below, which is the algorithm written out a
// second time in the plainest way.
var validCodes = []struct {
	code string
	born string // YYYY-MM-DD
}{
	{"311299+0029", "1899-12-31"},
	{"290896+0119", "1896-08-29"},
	{"010100-123D", "1900-01-01"},
	{"290296-999A", "1996-02-29"}, // leap day; 999 is a temporary code
	{"010101W050A", "1901-01-01"},
	{"291296X9006", "1996-12-29"},
	{"151080U777E", "1980-10-15"},
	{"010101V555L", "1901-01-01"},
	{"290292Y2227", "1992-02-29"},
	{"290200A4561", "2000-02-29"}, // 2000 is a leap year (divisible by 400)
	{"290400B9984", "2000-04-29"},
	{"010124C345S", "2024-01-01"},
	{"311224D1003", "2024-12-31"},
	{"290200E4561", "2000-02-29"},
	{"290204F002D", "2004-02-29"}, // 002 is the lowest individual number
}

func checkCharFor(dateAndNumber string) byte {
	var n int
	fmt.Sscanf(dateAndNumber, "%d", &n)
	return "0123456789ABCDEFHJKLMNPRSTUVWXY"[n%31]
}

func TestCheckCharFor(t *testing.T) {
	// The helper agrees with the published examples, so the table above can
	// trust it.
	for _, code := range publishedCodes {
		if got := checkCharFor(code[0:6] + code[7:10]); got != code[10] {
			t.Errorf("checkCharFor(%s) = %c, want %c", code[0:6]+code[7:10], got, code[10])
		}
	}
	for _, tc := range validCodes {
		if got := checkCharFor(tc.code[0:6] + tc.code[7:10]); got != tc.code[10] {
			t.Errorf("table entry %s: check character should be %c", tc.code, got)
		}
	}
}

var invalidCodes = []struct {
	name, input, message string
}{
	{"empty", "", hetuLengthMessage},
	{"only spaces", "   ", hetuLengthMessage},
	{"too short", "131052-308", hetuLengthMessage},
	{"too long", "131052-308TT", hetuLengthMessage},
	{"no century sign", "131052308T", hetuLengthMessage},
	// ſ (long s) upper-cases to S under Unicode rules; 12 bytes, not a code.
	{"non-ASCII letter", "010124C345ſ", hetuLengthMessage},
	{"letter in date", "13105X-308T", hetuDateDigitsMessage},
	{"space in date", "1310 2-308T", hetuDateDigitsMessage},
	{"unknown sign Z", "131052Z308T", hetuCenturyMessage},
	{"unknown sign G", "010124G345S", hetuCenturyMessage},
	{"unknown sign lower-case z", "131052z308t", hetuCenturyMessage},
	{"slash as sign", "131052/308T", hetuCenturyMessage},
	{"letter in number", "131052-3O8T", hetuNumberMessage},
	{"number 000", "131052-000" + string(checkCharFor("131052000")), hetuNumberMessage},
	{"number 001", "131052-001" + string(checkCharFor("131052001")), hetuNumberMessage},
	{"31 April", "310452-308" + string(checkCharFor("310452308")), hetuDateMessage},
	{"month 13", "011352-308" + string(checkCharFor("011352308")), hetuDateMessage},
	{"month 00", "010052-308" + string(checkCharFor("010052308")), hetuDateMessage},
	{"day 00", "001052-308" + string(checkCharFor("001052308")), hetuDateMessage},
	{"29 Feb 1923", "290223-123" + string(checkCharFor("290223123")), hetuDateMessage},
	{"29 Feb 1900", "290200-456" + string(checkCharFor("290200456")), hetuDateMessage},
	{"29 Feb 1800", "290200+456" + string(checkCharFor("290200456")), hetuDateMessage},
	{"wrong check character", "131052-308U", hetuCheckMessage},
	{"check character never used (G)", "131052-308G", hetuCheckMessage},
	{"check character of the brief's typo", "040594V902V", hetuCheckMessage},
	{"swapped digits", "130152-308T", hetuCheckMessage},
}

func TestParseIdentityCodeValid(t *testing.T) {
	for _, code := range publishedCodes {
		c, err := ParseIdentityCode(code)
		if err != nil {
			t.Errorf("published example %s: %v", code, err)
			continue
		}
		if c.Full() != code {
			t.Errorf("Full() = %q, want %q", c.Full(), code)
		}
	}
	for _, tc := range validCodes {
		c, err := ParseIdentityCode(tc.code)
		if err != nil {
			t.Errorf("%s: %v", tc.code, err)
			continue
		}
		if got := c.BirthDate().Format(time.DateOnly); got != tc.born {
			t.Errorf("%s: BirthDate = %s, want %s", tc.code, got, tc.born)
		}
		if loc := c.BirthDate().Location(); loc != time.UTC {
			t.Errorf("%s: BirthDate in %v, want UTC", tc.code, loc)
		}
	}
}

func TestParseIdentityCodeNormalises(t *testing.T) {
	for _, input := range []string{" 131052-308t ", "\t131052-308T\n", "131052-308T\u00a0"} {
		c, err := ParseIdentityCode(input)
		if err != nil {
			t.Errorf("%q: %v", input, err)
			continue
		}
		if c.Full() != "131052-308T" {
			t.Errorf("%q: Full() = %q", input, c.Full())
		}
	}
	c, err := ParseIdentityCode("010516b903x")
	if err != nil || c.Full() != "010516B903X" {
		t.Errorf("lower-case century sign and check: %q, %v", c.Full(), err)
	}
}

func TestParseIdentityCodeInvalid(t *testing.T) {
	for _, tc := range invalidCodes {
		t.Run(tc.name, func(t *testing.T) {
			c, err := ParseIdentityCode(tc.input)
			if err == nil {
				t.Fatalf("accepted, got %q", c.Full())
			}
			if c != "" {
				t.Errorf("returned %q with an error", c.Full())
			}
			var e *errs.Error
			if !errors.As(err, &e) {
				t.Fatalf("error %T is not an *errs.Error", err)
			}
			if e.Kind != errs.Invalid || e.Param != "identity_code" {
				t.Errorf("kind %q param %q, want invalid identity_code", e.Kind, e.Param)
			}
			if e.Message != tc.message {
				t.Errorf("message %q, want %q", e.Message, tc.message)
			}
			assertNoLeak(t, tc.input, err)
		})
	}
}

// assertNoLeak fails if the error shows the input or its first six
// characters (the date of birth).
func assertNoLeak(t *testing.T, input string, err error) {
	t.Helper()
	in := strings.TrimSpace(input)
	for _, text := range []string{err.Error(), errs.Message(err)} {
		lower := strings.ToLower(text)
		if len(in) >= 6 && strings.Contains(lower, strings.ToLower(in[:6])) {
			t.Errorf("error %q shows the start of the input", text)
		}
		if in != "" && strings.Contains(lower, strings.ToLower(in)) {
			t.Errorf("error %q shows the input", text)
		}
	}
}

func TestIdentityCodeMasked(t *testing.T) {
	c, err := ParseIdentityCode("131052-308T")
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Masked(); got != "131052-****" {
		t.Errorf("Masked() = %q", got)
	}
	if got := c.String(); got != "131052-****" {
		t.Errorf("String() = %q", got)
	}
	if got := IdentityCode("").Masked(); got != "" {
		t.Errorf("zero value Masked() = %q, want empty", got)
	}
	// A conversion that skipped ParseIdentityCode may hold anything.
	if got := IdentityCode("not a code but private").Masked(); got != "****" {
		t.Errorf("unchecked value Masked() = %q", got)
	}
	if got := IdentityCode("x").BirthDate(); !got.IsZero() {
		t.Errorf("unchecked value BirthDate() = %v, want zero", got)
	}
}

// TestIdentityCodeNeverPrinted prints a code every way a log line or a
// response might, and looks for the part that must stay hidden.
func TestIdentityCodeNeverPrinted(t *testing.T) {
	c, err := ParseIdentityCode("131052-308T")
	if err != nil {
		t.Fatal(err)
	}
	type customer struct {
		Name string
		Code IdentityCode
	}
	var logged bytes.Buffer
	// Without the time, whose digits may hold "308" by chance.
	noTime := &slog.HandlerOptions{ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
		if a.Key == slog.TimeKey && len(groups) == 0 {
			return slog.Attr{}
		}
		return a
	}}
	logger := slog.New(slog.NewTextHandler(&logged, noTime))
	logger.Info("found", "code", c, "customer", customer{"Maija", c})
	jsonLogger := slog.New(slog.NewJSONHandler(&logged, noTime))
	jsonLogger.Info("found", "code", c)
	encoded, err := json.Marshal(customer{"Maija", c})
	if err != nil {
		t.Fatal(err)
	}

	printed := map[string]string{
		"Sprint":      fmt.Sprint(c),
		"%v":          fmt.Sprintf("%v", c),
		"%+v":         fmt.Sprintf("%+v", customer{"Maija", c}),
		"%#v":         fmt.Sprintf("%#v", c),
		"%#v struct":  fmt.Sprintf("%#v", customer{"Maija", c}),
		"%s":          fmt.Sprintf("%s", c),
		"%q":          fmt.Sprintf("%q", c),
		"%x":          fmt.Sprintf("%x", c),
		"%d":          fmt.Sprintf("%d", c),
		"%v pointer":  fmt.Sprintf("%v", &c),
		"%12s padded": fmt.Sprintf("%12s", c),
		"errorf":      fmt.Errorf("no customer with code %v", c).Error(),
		"slog":        logged.String(),
		"json":        string(encoded),
	}
	for how, out := range printed {
		if strings.Contains(out, "308T") || strings.Contains(out, "308") {
			t.Errorf("%s shows the code: %s", how, out)
		}
		if strings.Contains(out, fmt.Sprintf("%x", "308T")) {
			t.Errorf("%s shows the code in hex: %s", how, out)
		}
	}
	if !strings.Contains(printed["slog"], "131052-****") {
		t.Errorf("slog should show the masked form: %s", printed["slog"])
	}
	if got := printed["%q"]; got != `"131052-****"` {
		t.Errorf("%%q = %s", got)
	}
}

func TestIdentityCodeUnmarshalText(t *testing.T) {
	var req struct {
		Code IdentityCode `json:"code"`
	}
	if err := json.Unmarshal([]byte(`{"code":" 131052-308t"}`), &req); err != nil {
		t.Fatal(err)
	}
	if req.Code.Full() != "131052-308T" {
		t.Errorf("decoded %q", req.Code.Full())
	}
	err := json.Unmarshal([]byte(`{"code":"131052-308U"}`), &req)
	if !errs.Is(err, errs.Invalid) {
		t.Errorf("a wrong code decoded with %v, want an invalid-input error", err)
	}
}

func FuzzParseIdentityCode(f *testing.F) {
	for _, code := range publishedCodes {
		f.Add(code)
	}
	for _, tc := range validCodes {
		f.Add(tc.code)
		f.Add(strings.ToLower(tc.code))
	}
	for _, tc := range invalidCodes {
		f.Add(tc.input)
	}
	sentences := []string{
		hetuLengthMessage, hetuDateDigitsMessage, hetuCenturyMessage,
		hetuDateMessage, hetuNumberMessage, hetuCheckMessage,
	}
	f.Fuzz(func(t *testing.T, input string) {
		c, err := ParseIdentityCode(input)
		if err != nil {
			if c != "" {
				t.Fatalf("returned a code with an error")
			}
			var e *errs.Error
			if !errors.As(err, &e) || e.Param != "identity_code" {
				t.Fatalf("error %v is not about identity_code", err)
			}
			// The message is one of the fixed sentences, so it cannot
			// carry the input ...
			known := false
			for _, s := range sentences {
				known = known || e.Message == s
			}
			if !known {
				t.Fatalf("unexpected message %q", e.Message)
			}
			// ... and, literally, does not contain it, unless the input
			// is itself a piece of one of those sentences.
			in := strings.TrimSpace(input)
			inSentence := false
			for _, s := range sentences {
				inSentence = inSentence || strings.Contains(strings.ToLower(s), strings.ToLower(in))
			}
			if len(in) >= 6 && !inSentence && strings.Contains(strings.ToLower(err.Error()), strings.ToLower(in)) {
				t.Fatalf("error %q contains the input", err)
			}
			return
		}
		full := c.Full()
		if len(full) != 11 || full != strings.ToUpper(full) {
			t.Fatalf("Full() = %q is not 11 upper-case characters", full)
		}
		again, err := ParseIdentityCode(full)
		if err != nil || again != c {
			t.Fatalf("Full() %q does not parse back: %v", full, err)
		}
		m := c.Masked()
		if m != full[:7]+"****" {
			t.Fatalf("Masked() = %q", m)
		}
		if strings.Contains(fmt.Sprint(c), full[7:]) && !strings.Contains(full[:7], full[7:]) {
			t.Fatalf("Sprint shows the individual number and check character")
		}
		if b := c.BirthDate(); b.IsZero() || b.Format("020106") != full[:6] {
			t.Fatalf("BirthDate() = %v for %q", b, full)
		}
	})
}
