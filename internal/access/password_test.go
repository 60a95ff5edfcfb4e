package access

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/onestop-fi/onestop/internal/errs"
)

// cheapParams keep tests that hash many times fast; tests of the default
// settings use DefaultPasswordParams itself.
var cheapParams = PasswordParams{Memory: 64, Iterations: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

const testPassword = "correct horse battery staple"

func TestHashPasswordRoundTrip(t *testing.T) {
	encoded, err := HashPassword(testPassword, DefaultPasswordParams)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(encoded, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("encoded %q does not start with the default PHC settings", encoded)
	}
	parts := strings.Split(encoded, "$")
	if len(parts[4]) != 22 || len(parts[5]) != 43 {
		t.Errorf("salt %d and hash %d base64 characters, want 22 and 43", len(parts[4]), len(parts[5]))
	}
	if strings.Contains(encoded, testPassword) {
		t.Error("hash contains the password")
	}
	ok, rehash, err := CheckPassword(encoded, testPassword)
	if err != nil || !ok || rehash {
		t.Errorf("CheckPassword = %v, %v, %v; want true, false, nil", ok, rehash, err)
	}
	again, _ := HashPassword(testPassword, DefaultPasswordParams)
	if again == encoded {
		t.Error("two hashes of the same password are equal: salt not random")
	}
}

func TestCheckPasswordWrong(t *testing.T) {
	encoded, err := HashPassword(testPassword, cheapParams)
	if err != nil {
		t.Fatal(err)
	}
	for _, pw := range []string{"", "correct horse battery stapl", "Correct horse battery staple", testPassword + " ", testPassword + "\x00"} {
		ok, _, err := CheckPassword(encoded, pw)
		if err != nil || ok {
			t.Errorf("%q: ok %v, err %v; want false, nil", pw, ok, err)
		}
	}
}

func TestCheckPasswordTampered(t *testing.T) {
	encoded, err := HashPassword(testPassword, cheapParams)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(encoded, "$")
	flip := func(s string, i int) string {
		c := byte('A')
		if s[i] == 'A' {
			c = 'B'
		}
		return s[:i] + string(c) + s[i+1:]
	}
	join := func(salt, hash string) string {
		return strings.Join([]string{"", parts[1], parts[2], parts[3], salt, hash}, "$")
	}
	tampered := map[string]string{
		"salt first":  join(flip(parts[4], 0), parts[5]),
		"salt middle": join(flip(parts[4], 10), parts[5]),
		"hash first":  join(parts[4], flip(parts[5], 0)),
		"hash middle": join(parts[4], flip(parts[5], 20)),
		"other cost":  strings.Replace(encoded, "t=1", "t=2", 1),
		"other mem":   strings.Replace(encoded, "m=64", "m=65", 1),
	}
	for name, enc := range tampered {
		ok, _, err := CheckPassword(enc, testPassword)
		if ok {
			t.Errorf("%s: tampered hash accepted", name)
		}
		if err != nil {
			t.Errorf("%s: %v (a well-formed hash should just not match)", name, err)
		}
	}
	// 32 bytes take 43 base64 characters, the last holding 4 bits of the
	// hash and 2 of padding. Changing only the padding must not give a
	// second spelling of the same hash.
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	last := strings.IndexByte(alphabet, parts[5][len(parts[5])-1])
	for i := last &^ 3; i < last&^3+4; i++ {
		if i == last {
			continue
		}
		enc := join(parts[4], parts[5][:len(parts[5])-1]+alphabet[i:i+1])
		if ok, _, err := CheckPassword(enc, testPassword); ok || err == nil {
			t.Errorf("hash ending in %c: ok %v, err %v; want a refusal", alphabet[i], ok, err)
		}
	}
}

func TestCheckPasswordMalformed(t *testing.T) {
	const salt, hash = "c2FsdHNhbHRzYWx0c2FsdA", "aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g"
	good := "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + hash
	if _, _, err := CheckPassword(good, testPassword); err != nil {
		t.Fatalf("the well-formed base case fails: %v", err)
	}
	for _, tc := range []struct{ name, encoded string }{
		{"empty", ""},
		{"bcrypt", "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"},
		{"argon2i", "$argon2i$v=19$m=64,t=1,p=1$" + salt + "$" + hash},
		{"argon2d", "$argon2d$v=19$m=64,t=1,p=1$" + salt + "$" + hash},
		{"version 16", "$argon2id$v=16$m=64,t=1,p=1$" + salt + "$" + hash},
		{"no version", "$argon2id$m=64,t=1,p=1$" + salt + "$" + hash},
		{"no leading $", "argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + hash},
		{"extra part", good + "$"},
		{"params out of order", "$argon2id$v=19$t=1,m=64,p=1$" + salt + "$" + hash},
		{"param missing", "$argon2id$v=19$m=64,t=1$" + salt + "$" + hash},
		{"param extra", "$argon2id$v=19$m=64,t=1,p=1,k=2$" + salt + "$" + hash},
		{"leading zero", "$argon2id$v=19$m=064,t=1,p=1$" + salt + "$" + hash},
		{"plus sign", "$argon2id$v=19$m=+64,t=1,p=1$" + salt + "$" + hash},
		{"negative", "$argon2id$v=19$m=64,t=-1,p=1$" + salt + "$" + hash},
		{"space", "$argon2id$v=19$m=64, t=1,p=1$" + salt + "$" + hash},
		{"zero iterations", "$argon2id$v=19$m=64,t=0,p=1$" + salt + "$" + hash},
		{"zero threads", "$argon2id$v=19$m=64,t=1,p=0$" + salt + "$" + hash},
		{"threads over 255", "$argon2id$v=19$m=64,t=1,p=256$" + salt + "$" + hash},
		{"memory below 8 KiB a thread", "$argon2id$v=19$m=8,t=1,p=2$" + salt + "$" + hash},
		{"a terabyte of memory", "$argon2id$v=19$m=1073741824,t=1,p=1$" + salt + "$" + hash},
		{"memory over uint32", "$argon2id$v=19$m=4294967296,t=1,p=1$" + salt + "$" + hash},
		{"a thousand iterations", "$argon2id$v=19$m=64,t=1000,p=1$" + salt + "$" + hash},
		{"padded salt", "$argon2id$v=19$m=64,t=1,p=1$" + salt + "==$" + hash},
		{"URL base64", "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + strings.ReplaceAll(hash, "h", "_")},
		{"newline in hash", "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + hash[:10] + "\n" + hash[10:]},
		{"empty salt", "$argon2id$v=19$m=64,t=1,p=1$$" + hash},
		{"short salt", "$argon2id$v=19$m=64,t=1,p=1$c2FsdA$" + hash},
		{"empty hash", "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$"},
		{"short hash", "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$aGFzaA"},
		{"trailing newline", good + "\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ok, rehash, err := CheckPassword(tc.encoded, testPassword)
			if err == nil || ok || rehash {
				t.Fatalf("CheckPassword = %v, %v, %v; want an error", ok, rehash, err)
			}
			if strings.Contains(err.Error(), testPassword) {
				t.Errorf("error %q contains the password", err)
			}
			if tc.encoded != "" && strings.Contains(err.Error(), tc.encoded) {
				t.Errorf("error %q contains the hash", err)
			}
		})
	}
}

func TestCheckPasswordNeedsRehash(t *testing.T) {
	for _, p := range []PasswordParams{
		cheapParams,
		{Memory: 19 * 1024, Iterations: 1, Threads: 1, SaltLen: 16, KeyLen: 32},
		{Memory: 12 * 1024, Iterations: 3, Threads: 1, SaltLen: 16, KeyLen: 32},
		{Memory: 19 * 1024, Iterations: 2, Threads: 2, SaltLen: 16, KeyLen: 32},
		{Memory: 19 * 1024, Iterations: 2, Threads: 1, SaltLen: 32, KeyLen: 32},
		{Memory: 19 * 1024, Iterations: 2, Threads: 1, SaltLen: 16, KeyLen: 16},
	} {
		encoded, err := HashPassword(testPassword, p)
		if err != nil {
			t.Fatalf("%+v: %v", p, err)
		}
		ok, rehash, err := CheckPassword(encoded, testPassword)
		if err != nil || !ok || !rehash {
			t.Errorf("%+v: CheckPassword = %v, %v, %v; want true, true, nil", p, ok, rehash, err)
		}
	}
}

func TestHashPasswordRefusesWeakSettings(t *testing.T) {
	for _, p := range []PasswordParams{
		{},
		{Memory: 64, Iterations: 0, Threads: 1, SaltLen: 16, KeyLen: 32},
		{Memory: 64, Iterations: 1, Threads: 0, SaltLen: 16, KeyLen: 32},
		{Memory: 4, Iterations: 1, Threads: 1, SaltLen: 16, KeyLen: 32},
		{Memory: 64, Iterations: 1, Threads: 1, SaltLen: 4, KeyLen: 32},
		{Memory: 64, Iterations: 1, Threads: 1, SaltLen: 16, KeyLen: 8},
	} {
		if encoded, err := HashPassword(testPassword, p); err == nil {
			t.Errorf("%+v: hashed to %s, want an error", p, encoded)
		}
	}
}

func TestBurnPasswordCheck(t *testing.T) {
	// BurnPasswordCheck has no result; what matters is that it does the
	// same work as a real check. It must at least not panic on any input.
	for _, pw := range []string{"", testPassword, strings.Repeat("ä", 300)} {
		BurnPasswordCheck(pw)
	}
}

func TestValidatePassword(t *testing.T) {
	for _, tc := range []struct {
		name, password string
		ok             bool
	}{
		{"empty", "", false},
		{"11 characters", "abcdefghijk", false},
		{"12 characters", "abcdefghijkl", true},
		{"11 accented letters in 22 bytes", "äöåäöåäöåäö", false},
		{"12 runes with accents", "äöåäöåäöåäöå", true},
		{"spaces count", "correct horse", true},
		{"one character repeated", "aaaaaaaaaaaaaaaa", false},
		{"one accented character repeated", "ääääääääääääää", false},
		{"two characters", "aaaaaaaaaaaaaaab", true},
		{"256 bytes", strings.Repeat("ab", 128), true},
		{"257 bytes", strings.Repeat("ab", 128) + "c", false},
		{"257 bytes with accented letters", strings.Repeat("äx", 85) + "ä", false},
		{"not UTF-8", "abcdefghijkl\xff", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := ValidatePassword(tc.password)
			if tc.ok {
				if err != nil {
					t.Errorf("refused: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("accepted")
			}
			var e *errs.Error
			if !errors.As(err, &e) || e.Kind != errs.Invalid || e.Param != "password" {
				t.Errorf("error %#v, want invalid about password", err)
			}
			if tc.password != "" && strings.Contains(err.Error(), tc.password) {
				t.Errorf("error %q contains the password", err)
			}
			if !strings.HasSuffix(e.Message, ".") || e.Message[0] < 'A' || e.Message[0] > 'Z' {
				t.Errorf("message %q is not a sentence", e.Message)
			}
		})
	}
}

var sink any

// BenchmarkCheckPassword measures a sign-in's password check with the
// default settings, against one SHA-256 of the password as a baseline: the
// ratio (x-baseline) shows how much argon2id slows a guess down compared
// with a fast hash on the same machine.
func BenchmarkCheckPassword(b *testing.B) {
	encoded, err := HashPassword(testPassword, DefaultPasswordParams)
	if err != nil {
		b.Fatal(err)
	}
	var baselineNs float64
	b.Run("baseline", func(b *testing.B) {
		for b.Loop() {
			sum := sha256.Sum256([]byte(testPassword))
			sink = sum[0]
		}
		baselineNs = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	})
	b.Run("argon2id", func(b *testing.B) {
		for b.Loop() {
			ok, _, err := CheckPassword(encoded, testPassword)
			if !ok || err != nil {
				b.Fatal("check failed", err)
			}
		}
		// Run alone (-bench CheckPassword/argon2id) there is no baseline.
		if baselineNs > 0 {
			ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
			b.ReportMetric(ns/baselineNs, "x-baseline")
		}
	})
}

func ExampleHashPassword() {
	encoded, err := HashPassword("correct horse battery staple", DefaultPasswordParams)
	if err != nil {
		panic(err)
	}
	ok, needsRehash, err := CheckPassword(encoded, "correct horse battery staple")
	fmt.Println(encoded[:31], ok, needsRehash, err)
	// Output: $argon2id$v=19$m=19456,t=2,p=1$ true false <nil>
}
