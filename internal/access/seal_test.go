package access

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

// testMaster is a fixed master key so failures reproduce.
var testMaster = bytes.Repeat([]byte{0x5a}, DataKeySize)

func newTestKeys(t testing.TB, master []byte) *Keys {
	t.Helper()
	k, err := NewKeys(master)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestSealRoundTrip(t *testing.T) {
	k := newTestKeys(t, testMaster)
	for _, plain := range [][]byte{[]byte("131052-308T"), {}, bytes.Repeat([]byte{0}, 1000)} {
		sealed, err := k.Seal(plain, "customer-1")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(sealed, "v1.") {
			t.Errorf("sealed value %q does not start with v1.", sealed)
		}
		if len(plain) > 0 && strings.Contains(sealed, string(plain)) {
			t.Errorf("sealed value shows the plaintext")
		}
		got, err := k.Open(sealed, "customer-1")
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, plain) {
			t.Errorf("Open = %q, want %q", got, plain)
		}
	}
}

func TestSealNonceUnique(t *testing.T) {
	k := newTestKeys(t, testMaster)
	seen := map[string]bool{}
	for range 100 {
		sealed, err := k.Seal([]byte("131052-308T"), "customer-1")
		if err != nil {
			t.Fatal(err)
		}
		if seen[sealed] {
			t.Fatal("two seals of the same plaintext are equal")
		}
		seen[sealed] = true
		raw, _ := base64.RawURLEncoding.DecodeString(sealed[3:])
		if nonce := string(raw[:12]); seen["nonce "+nonce] {
			t.Fatal("nonce used twice")
		} else {
			seen["nonce "+nonce] = true
		}
	}
}

func TestOpenRefuses(t *testing.T) {
	k := newTestKeys(t, testMaster)
	sealed, err := k.Seal([]byte("131052-308T"), "customer-1")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := base64.RawURLEncoding.DecodeString(sealed[3:])
	if err != nil {
		t.Fatal(err)
	}
	// raw is nonce (12 bytes), ciphertext (11 bytes), tag (16 bytes).
	reseal := func(i int) string {
		b := bytes.Clone(raw)
		b[i] ^= 0x01
		return "v1." + base64.RawURLEncoding.EncodeToString(b)
	}
	other := newTestKeys(t, bytes.Repeat([]byte{0xa5}, DataKeySize))
	// Standard base64 differs from URL-safe base64 only where the
	// encoding holds + or /: a first byte of 0b111110xx is written "+".
	plusFirst := bytes.Clone(raw)
	plusFirst[0] = 0xf8
	for _, tc := range []struct {
		name, sealed, aad string
		keys              *Keys
		want              error
	}{
		{"no version", sealed[3:], "customer-1", k, errSealVersion},
		{"version 2", "v2." + sealed[3:], "customer-1", k, errSealVersion},
		{"version upper case", "V1." + sealed[3:], "customer-1", k, errSealVersion},
		{"empty", "", "customer-1", k, errSealVersion},
		{"only version", "v1.", "customer-1", k, errSealShort},
		{"short", "v1." + base64.RawURLEncoding.EncodeToString(raw[:27]), "customer-1", k, errSealShort},
		{"padded base64", sealed + "=", "customer-1", k, errSealEncoding},
		{"standard base64", "v1." + base64.RawStdEncoding.EncodeToString(plusFirst), "customer-1", k, errSealEncoding},
		{"newline", sealed[:10] + "\n" + sealed[10:], "customer-1", k, errSealEncoding},
		{"not base64", "v1.!!!!", "customer-1", k, errSealEncoding},
		{"nonce changed", reseal(0), "customer-1", k, errSealOpen},
		{"nonce end changed", reseal(11), "customer-1", k, errSealOpen},
		{"ciphertext changed", reseal(12), "customer-1", k, errSealOpen},
		{"ciphertext end changed", reseal(22), "customer-1", k, errSealOpen},
		{"tag changed", reseal(23), "customer-1", k, errSealOpen},
		{"tag end changed", reseal(len(raw) - 1), "customer-1", k, errSealOpen},
		{"truncated", "v1." + base64.RawURLEncoding.EncodeToString(raw[:len(raw)-1]), "customer-1", k, errSealOpen},
		{"extended", "v1." + base64.RawURLEncoding.EncodeToString(append(bytes.Clone(raw), 0)), "customer-1", k, errSealOpen},
		{"other row", sealed, "customer-2", k, errSealOpen},
		{"no row", sealed, "", k, errSealOpen},
		{"other key", sealed, "customer-1", other, errSealOpen},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.keys.Open(tc.sealed, tc.aad)
			if err == nil {
				t.Fatalf("opened to %q", got)
			}
			if !errors.Is(err, tc.want) {
				t.Errorf("error %q, want %q", err, tc.want)
			}
			if got != nil {
				t.Errorf("returned %q with an error", got)
			}
		})
	}
}

func TestKeysNil(t *testing.T) {
	var k *Keys
	if _, err := k.Seal([]byte("x"), "a"); err == nil {
		t.Error("nil Keys sealed")
	}
	if _, err := k.Open("v1.AAAA", "a"); err == nil {
		t.Error("nil Keys opened")
	}
}

func TestLookup(t *testing.T) {
	k := newTestKeys(t, testMaster)
	a, _ := ParseIdentityCode("131052-308T")
	b, _ := ParseIdentityCode("010594Y9021")
	lookup := k.Lookup(a)
	if lookup != k.Lookup(a) {
		t.Error("Lookup is not stable")
	}
	if again, _ := ParseIdentityCode(" 131052-308t"); k.Lookup(again) != lookup {
		t.Error("the same code typed differently gives another Lookup")
	}
	if k.Lookup(b) == lookup {
		t.Error("two codes give the same Lookup")
	}
	if newTestKeys(t, testMaster).Lookup(a) != lookup {
		t.Error("the same master key gives another Lookup")
	}
	if newTestKeys(t, bytes.Repeat([]byte{0xa5}, DataKeySize)).Lookup(a) == lookup {
		t.Error("another master key gives the same Lookup")
	}
	if raw, err := base64.RawURLEncoding.DecodeString(lookup); err != nil || len(raw) != 32 {
		t.Errorf("Lookup %q is not 32 bytes of unpadded URL-safe base64", lookup)
	}
	if strings.Contains(lookup, "131052") {
		t.Error("Lookup shows the code")
	}
}

// TestSubkeys checks that the two uses get different keys, neither of them
// the master key, and that Seal writes nonce, ciphertext and tag as
// documented: AES-GCM under the encryption key opens it.
func TestSubkeys(t *testing.T) {
	k := newTestKeys(t, testMaster)
	encryption, err := hkdf.Key(sha256.New, testMaster, nil, encryptionKeyInfo, 32)
	if err != nil {
		t.Fatal(err)
	}
	if len(k.lookup) != 32 || bytes.Equal(k.lookup, testMaster) || bytes.Equal(k.lookup, encryption) || bytes.Equal(encryption, testMaster) {
		t.Error("lookup key, encryption key and master key are not three different 32-byte keys")
	}
	sealed, err := k.Seal([]byte("131052-308T"), "customer-1")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(sealed, "v1."))
	if err != nil {
		t.Fatal(err)
	}
	block, _ := aes.NewCipher(encryption)
	gcm, _ := cipher.NewGCM(block)
	plain, err := gcm.Open(nil, raw[:12], raw[12:], []byte("customer-1"))
	if err != nil || string(plain) != "131052-308T" {
		t.Errorf("plain AES-GCM opens to %q, %v", plain, err)
	}
}

// TestDerivationFixed pins what a fixed master key gives: if the
// derivation changed, stored lookups would stop matching and stored values
// would stop opening. Both values were checked against a separate
// implementation (Python's hmac and the cryptography package's AESGCM).
func TestDerivationFixed(t *testing.T) {
	master, _ := hex.DecodeString("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")
	k := newTestKeys(t, master)
	c, _ := ParseIdentityCode("131052-308T")
	const lookup = "mApVVzWzowSRU7qIW13zXObPM26sN2DYI2yh-1TLMkQ"
	if got := k.Lookup(c); got != lookup {
		t.Errorf("Lookup = %s, want %s", got, lookup)
	}
	const sealed = "v1.swic6s-XB-36dB9WTygzFQT9ATlK4lNkO5znBL7XuA-JUTz81S-M"
	plain, err := k.Open(sealed, "customer-1")
	if err != nil || string(plain) != "131052-308T" {
		t.Errorf("a value sealed earlier opens to %q, %v", plain, err)
	}
}

func TestNewKeysLength(t *testing.T) {
	for _, n := range []int{0, 16, 31, 33, 64} {
		if _, err := NewKeys(make([]byte, n)); err == nil {
			t.Errorf("%d-byte master key accepted", n)
		}
	}
}

func TestKeysNeverPrinted(t *testing.T) {
	k := newTestKeys(t, testMaster)
	var logged bytes.Buffer
	slog.New(slog.NewTextHandler(&logged, nil)).Info("keys", "keys", k)
	type holder struct{ Keys *Keys }
	for how, out := range map[string]string{
		"%v":        fmt.Sprintf("%v", k),
		"%+v":       fmt.Sprintf("%+v", k),
		"%#v":       fmt.Sprintf("%#v", k),
		"%x":        fmt.Sprintf("%x", k),
		"%+v field": fmt.Sprintf("%+v", holder{k}),
		"slog":      logged.String(),
	} {
		if strings.Contains(out, "lookup") || strings.Contains(strings.ToLower(out), hex.EncodeToString(k.lookup[:4])) {
			t.Errorf("%s shows key material: %s", how, out)
		}
	}
}

func TestParseDataKey(t *testing.T) {
	key := make([]byte, 32)
	for i := range key {
		key[i] = byte(i*7 + 250) // includes bytes that encode to + / - _
	}
	for _, tc := range []struct {
		name, input string
	}{
		{"std padded", base64.StdEncoding.EncodeToString(key)},
		{"std raw", base64.RawStdEncoding.EncodeToString(key)},
		{"url padded", base64.URLEncoding.EncodeToString(key)},
		{"url raw", base64.RawURLEncoding.EncodeToString(key)},
		{"hex lower", hex.EncodeToString(key)},
		{"hex upper", strings.ToUpper(hex.EncodeToString(key))},
		{"surrounding spaces", "  " + base64.StdEncoding.EncodeToString(key) + "\n"},
	} {
		got, err := ParseDataKey(tc.input)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if !bytes.Equal(got, key) {
			t.Errorf("%s: got %x, want %x", tc.name, got, key)
		}
	}
	if !strings.ContainsAny(base64.StdEncoding.EncodeToString(key), "+/") ||
		!strings.ContainsAny(base64.URLEncoding.EncodeToString(key), "-_") {
		t.Error("test key does not exercise the two alphabets")
	}

	for _, tc := range []struct {
		name, input string
	}{
		{"empty", ""},
		{"spaces", "   "},
		{"16 bytes base64", base64.StdEncoding.EncodeToString(key[:16])},
		{"31 bytes base64", base64.StdEncoding.EncodeToString(key[:31])},
		{"33 bytes base64", base64.StdEncoding.EncodeToString(append(bytes.Clone(key), 1))},
		{"64 bytes base64", base64.StdEncoding.EncodeToString(append(bytes.Clone(key), key...))},
		{"62 hex characters", hex.EncodeToString(key[:31])},
		{"66 hex characters", hex.EncodeToString(append(bytes.Clone(key), 1))},
		{"hex with a non-hex character", "zz" + hex.EncodeToString(key)[2:]},
		{"garbage", "this is not a key, it is a sentence!!"},
		{"mixed alphabets", strings.Replace(base64.StdEncoding.EncodeToString(key), "+", "-", 1) + "_"},
		{"password", "hunter2"},
	} {
		got, err := ParseDataKey(tc.input)
		if err == nil {
			t.Errorf("%s: accepted as %x", tc.name, got)
			continue
		}
		in := strings.TrimSpace(tc.input)
		if in != "" && strings.Contains(err.Error(), in) {
			t.Errorf("%s: error %q repeats the input", tc.name, err)
		}
		if len(in) >= 8 && strings.Contains(err.Error(), in[:8]) {
			t.Errorf("%s: error %q repeats part of the input", tc.name, err)
		}
	}
}

func TestGenerateDataKey(t *testing.T) {
	a, b := GenerateDataKey(), GenerateDataKey()
	if a == b {
		t.Error("two generated keys are equal")
	}
	key, err := ParseDataKey(a)
	if err != nil {
		t.Fatalf("a generated key does not parse: %v", err)
	}
	if _, err := NewKeys(key); err != nil {
		t.Fatal(err)
	}
}

// FuzzOpen looks for a string that opens though Seal did not make it. The
// values Seal made are fixed here, not sealed afresh: the fuzzer runs the
// setup in several processes, and a random nonce would give each process
// different ones.
func FuzzOpen(f *testing.F) {
	k := newTestKeys(f, testMaster)
	made := map[string]struct{ aad, plain string }{
		"v1.dXA9WXDapCpYbStKyKBTRxltK2aZfNU5XpGeyRimmLYfO-nfFIyD":                                        {"customer-1", "131052-308T"},
		"v1.mWJF0bhOBzU-6iWl3sy99P6Uc8-2gEPU4XZ6lA":                                                      {"", ""},
		"v1.VxOYkYjAOjEOx43Wv3baJPZpxqG3vx6TfW4VUkHRoBjne6f8jNZ-WOwQHejKr8_UyWuoTLfa2yzlMglkcKY7oP_GQcU": {"c", strings.Repeat("x", 40)},
	}
	for sealed, s := range made {
		if plain, err := k.Open(sealed, s.aad); err != nil || string(plain) != s.plain {
			f.Fatalf("a fixed sealed value opens to %q, %v", plain, err)
		}
		f.Add(sealed, s.aad)
		f.Add(sealed, s.aad+"x")
		f.Add(sealed[:len(sealed)-1], s.aad)
		f.Add(sealed+"A", s.aad)
		f.Add(strings.ToUpper(sealed[:4])+sealed[4:], s.aad)
	}
	f.Add("", "")
	f.Add("v1.", "")
	f.Add("v1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "")
	f.Add("v2.AAAA", "a")
	f.Fuzz(func(t *testing.T, sealed, aad string) {
		plain, err := k.Open(sealed, aad)
		if err != nil {
			if plain != nil {
				t.Fatalf("returned plaintext with an error")
			}
			return
		}
		s, ok := made[sealed]
		if !ok {
			t.Fatalf("opened a value Seal did not make: %q", sealed)
		}
		if s.aad != aad || string(plain) != s.plain {
			t.Fatalf("opened with aad %q to %q, sealed with aad %q", aad, plain, s.aad)
		}
	})
}
