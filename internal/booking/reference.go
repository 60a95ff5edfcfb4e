package booking

import (
	"crypto/rand"
	"encoding/base64"
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
func NewReference() string {
	// Rejection sampling keeps every character equally likely: bytes
	// from 250 up would favour the first characters of the alphabet.
	const n = byte(len(referenceAlphabet))
	const ceiling = 256 / int(n) * int(n)
	out := make([]byte, 0, referenceLen+1)
	var buf [16]byte
	for len(out) < referenceLen+1 {
		rand.Read(buf[:]) // never fails (crypto/rand, Go 1.24+)
		for _, b := range buf {
			if int(b) >= ceiling || len(out) == referenceLen+1 {
				continue
			}
			if len(out) == referenceLen/2 {
				out = append(out, '-')
			}
			out = append(out, referenceAlphabet[b%n])
		}
	}
	return string(out)
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

// NewToken returns a new private token for a customer to manage their
// appointment: 32 random bytes, URL-safe, with a prefix that tells what
// it is when it turns up somewhere it should not.
func NewToken() string {
	var b [32]byte
	rand.Read(b[:])
	return "apt_" + base64.RawURLEncoding.EncodeToString(b[:])
}
