package booking

import (
	"errors"
	"strings"
	"testing"

	"github.com/onestop-fi/onestop/internal/errs"
)

func TestNewReference(t *testing.T) {
	counts := map[rune]int{}
	const n = 40000
	for range n {
		ref := NewReference()
		if !isCanonical(ref) {
			t.Fatalf("NewReference() = %q, not of the form ABCD-EFGH over %s", ref, referenceAlphabet)
		}
		if got, err := ParseReference(ref); err != nil || got != ref {
			t.Fatalf("ParseReference(%q) = %q, %v", ref, got, err)
		}
		for _, r := range strings.ReplaceAll(ref, "-", "") {
			counts[r]++
		}
	}
	// Every character turns up about 8n/25 = 12,800 times (σ ≈ 111);
	// a byte taken modulo 25 would give the first six about 13,750.
	for _, r := range referenceAlphabet {
		if c := counts[r]; c < 12200 || c > 13400 {
			t.Errorf("%q came %d times in %d references, want about 12,800", r, c, n)
		}
	}
}

func TestAlphabetHasNoLookAlikes(t *testing.T) {
	for _, r := range lookAlikes {
		if strings.ContainsRune(referenceAlphabet, r) {
			t.Errorf("the alphabet contains the look-alike %q", r)
		}
	}
	for i, r := range referenceAlphabet {
		if strings.ContainsRune(referenceAlphabet[i+1:], r) {
			t.Errorf("%q is twice in the alphabet", r)
		}
	}
}

func TestParseReference(t *testing.T) {
	tests := []struct {
		in, want string
		msg      string // part of the error message
	}{
		{in: "ACDE-3479", want: "ACDE-3479"},
		{in: "acde3479", want: "ACDE-3479"},
		{in: "  acde 3479\n", want: "ACDE-3479"},
		{in: "ac-de-34-79", want: "ACDE-3479"},
		{in: "ACDE–3479", want: "ACDE-3479"}, // an en dash, as phones type it
		{in: "AC DE\u00a034 79", want: "ACDE-3479"},
		{in: "", msg: "Enter the booking reference"},
		{in: " - ", msg: "Enter the booking reference"},
		{in: "ACDE-347", msg: "this one has 7"},
		{in: "ACDE-34799", msg: "this one has 9"},
		{in: "AC0E-3479", msg: "never contains '0'"},
		{in: "acoe-3479", msg: "never contains 'o'"},
		{in: "ACDE-3471", msg: "never contains '1'"},
		{in: "ACDE-L479", msg: "never contains 'L'"},
		{in: "ACDE-S479", msg: "never contains 'S'"},
		{in: "ACDE-B479", msg: "never contains 'B'"},
		{in: "ACDE-3479Z", msg: "never contains 'Z'"},
		{in: "ACDE_3479", msg: "'_' is not one of them"},
		{in: "ÄCDE-3479", msg: "'Ä' is not one of them"},
		{in: "ＡCDE-3479", msg: "'Ａ' is not one of them"},
		{in: "ACDE-3479\x00", msg: `'\x00' is not one of them`},
		{in: "\xff", msg: `'�' is not one of them`},
	}
	for _, tt := range tests {
		got, err := ParseReference(tt.in)
		if tt.msg == "" {
			if err != nil || got != tt.want {
				t.Errorf("ParseReference(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
			continue
		}
		if err == nil {
			t.Errorf("ParseReference(%q) = %q, want an error", tt.in, got)
			continue
		}
		if !errs.Is(err, errs.Invalid) || !strings.Contains(errs.Message(err), tt.msg) {
			t.Errorf("ParseReference(%q) error %q, want an invalid-input error containing %q", tt.in, errs.Message(err), tt.msg)
		}
		var e *errs.Error
		if !errors.As(err, &e) || e.Param != "reference" {
			t.Errorf("ParseReference(%q) error is not about the parameter reference: %#v", tt.in, err)
		}
	}
}

func TestNewToken(t *testing.T) {
	a, b := NewToken(), NewToken()
	if a == b {
		t.Fatalf("two tokens are the same: %q", a)
	}
	for _, tok := range []string{a, b} {
		if len(tok) != 24 || strings.Count(tok, "-") != 4 || CanonicalToken(tok) != tok {
			t.Fatalf("token %q is not five groups of four", tok)
		}
		typed := strings.ToLower(strings.ReplaceAll(tok, "-", " "))
		if got := CanonicalToken(typed); got != tok {
			t.Errorf("CanonicalToken(%q) = %q; want %q", typed, got, tok)
		}
	}
	for _, bad := range []string{"", a[:20], a + "A", strings.Replace(a, a[:1], "0", 1), "apt_" + a} {
		if got := CanonicalToken(bad); got != "" {
			t.Errorf("CanonicalToken(%q) = %q; want nothing", bad, got)
		}
	}
}

// isCanonical reports whether s is ABCD-EFGH over the alphabet.
func isCanonical(s string) bool {
	if len(s) != 9 || s[4] != '-' {
		return false
	}
	for i := range len(s) {
		if i != 4 && !strings.ContainsRune(referenceAlphabet, rune(s[i])) {
			return false
		}
	}
	return true
}

// FuzzParseReference checks that parsing never panics, that whatever
// is accepted comes back canonical and parses to itself, and that an
// error is always an invalid-input error about the reference.
func FuzzParseReference(f *testing.F) {
	for _, s := range []string{"ACDE-3479", "acde 3479", "AC0E-3479", "", "ACDE–3479", "ａｃｄｅ３４７９", NewReference()} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseReference(s)
		if err != nil {
			var e *errs.Error
			if !errors.As(err, &e) || e.Kind != errs.Invalid || e.Param != "reference" || e.Message == "" {
				t.Fatalf("ParseReference(%q) error %#v, want an invalid-input error about the reference", s, err)
			}
			return
		}
		if !isCanonical(got) {
			t.Fatalf("ParseReference(%q) = %q, not canonical", s, got)
		}
		if again, err := ParseReference(got); err != nil || again != got {
			t.Fatalf("ParseReference(%q) = %q, %v; want it back", got, again, err)
		}
		if ref := NewReference(); !isCanonical(ref) {
			t.Fatalf("NewReference() = %q, not canonical", ref)
		}
	})
}
