package booking

import (
	"crypto/rand"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/onestop-fi/onestop/internal/errs"
)

// referenceAlphabet are the characters of a booking reference: letters
// and digits that cannot be taken for one another when read aloud, over
// the phone or from a handwritten note. Left out are 0 O, 1 I L, 2 Z,
// 5 S and 8 B. 25⁸ ≈ 1.5·10¹¹ codes; a unique index in the store
// decides a collision, and the reference only names an appointment —
// managing it takes the private token.
const referenceAlphabet = "ACDEFGHJKMNPQRTUVWXY34679"

// lookAlikes are the characters people type for a reference character
// they misread. None of them is in the alphabet, so none is guessed at.
const lookAlikes = "0O1IL2Z5S8B"

// referenceLen is the number of characters of a reference, without the
// dash shown in the middle.
const referenceLen = 8

// NewReference returns a new random booking reference, grouped for
// reading as ABCD-EFGH.
func NewReference() string { return grouped(randomCode(referenceLen)) }

// randomCode returns n characters of the alphabet drawn uniformly.
func randomCode(n int) string {
	// Rejection sampling keeps every character equally likely: bytes
	// from 250 up would favour the first characters of the alphabet.
	const size = byte(len(referenceAlphabet))
	const ceiling = 256 / int(size) * int(size)
	out := make([]byte, 0, n)
	var buf [32]byte
	for len(out) < n {
		rand.Read(buf[:]) // never fails (crypto/rand, Go 1.24+)
		for _, b := range buf {
			if int(b) < ceiling && len(out) < n {
				out = append(out, referenceAlphabet[b%size])
			}
		}
	}
	return string(out)
}

// grouped puts a dash after every four characters.
func grouped(code string) string {
	var b strings.Builder
	for i := 0; i < len(code); i += 4 {
		if i > 0 {
			b.WriteByte('-')
		}
		b.WriteString(code[i:min(i+4, len(code))])
	}
	return b.String()
}

// ParseReference reads a booking reference as a person types it —
// lower case, with spaces or dashes anywhere — and returns it in its
// canonical form ABCD-EFGH. Characters that only look like reference
// characters (O for 0 and so on) are refused, not guessed. The first
// character that cannot be part of a reference is named in the error;
// otherwise a wrong length is.
func ParseReference(s string) (string, error) {
	var code [referenceLen]byte
	n := 0
	for _, typed := range s {
		if unicode.IsSpace(typed) || unicode.Is(unicode.Pd, typed) {
			continue
		}
		r := unicode.ToUpper(typed)
		if r >= utf8.RuneSelf || strings.IndexByte(referenceAlphabet, byte(r)) < 0 {
			return "", badCharacter(typed, r)
		}
		if n < referenceLen {
			code[n] = byte(r)
		}
		n++
	}
	switch {
	case n == 0:
		return "", errs.Param("reference", "Enter the booking reference, for example ACDE-3479.")
	case n != referenceLen:
		return "", errs.Param("reference", "A booking reference has %d letters and digits, like ACDE-3479; this one has %d.", referenceLen, n)
	}
	return string(code[:4]) + "-" + string(code[4:]), nil
}

// badCharacter explains why typed (upper-cased r) is not part of a
// reference.
func badCharacter(typed, r rune) error {
	if r < utf8.RuneSelf && strings.IndexByte(lookAlikes, byte(r)) >= 0 {
		return errs.Param("reference",
			"A booking reference never contains %q: references leave out characters that are easy to mix up (0 O 1 I L 2 Z 5 S 8 B). Please check the reference again.", typed)
	}
	return errs.Param("reference",
		"A booking reference contains only the letters and digits %s; %q is not one of them.", referenceAlphabet, typed)
}

// tokenLen is the number of characters of a private code: 25²⁰ ≈ 2⁹³
// codes, too many to guess, yet short enough to copy from a note.
const tokenLen = 20

// NewToken returns a new private code for a customer to manage their
// appointment, grouped as ABCD-EFGH-JKMN-PQRT-UVWX over the reference
// alphabet, so that it can be read out and typed without mistakes. Only
// its hash is stored.
func NewToken() string { return grouped(randomCode(tokenLen)) }

// CanonicalToken reads a private code as a person types it — lower
// case, with spaces or dashes anywhere — and returns its canonical form,
// or "" when it cannot be one. Its hash is compared with the stored one.
func CanonicalToken(s string) string {
	code := make([]byte, 0, tokenLen)
	for _, typed := range s {
		if unicode.IsSpace(typed) || unicode.Is(unicode.Pd, typed) {
			continue
		}
		r := unicode.ToUpper(typed)
		if r >= utf8.RuneSelf || strings.IndexByte(referenceAlphabet, byte(r)) < 0 || len(code) == tokenLen {
			return ""
		}
		code = append(code, byte(r))
	}
	if len(code) != tokenLen {
		return ""
	}
	return grouped(string(code))
}
