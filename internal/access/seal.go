package access

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
)

// DataKeySize is the length in bytes of the master key for personal data.
const DataKeySize = 32

// ParseDataKey reads a data key written as base64 (standard or URL
// alphabet, with or without padding) or as 64 hexadecimal characters.
// Errors never repeat the key.
func ParseDataKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, errors.New("the data key is empty; make one with 32 random bytes in base64, such as the output of openssl rand -base64 32")
	}
	if len(s) == 2*DataKeySize {
		if key, err := hex.DecodeString(s); err == nil {
			return key, nil
		}
	}
	for _, enc := range []*base64.Encoding{
		base64.StdEncoding, base64.RawStdEncoding,
		base64.URLEncoding, base64.RawURLEncoding,
	} {
		key, err := enc.DecodeString(s)
		if err != nil {
			continue
		}
		if len(key) != DataKeySize {
			return nil, fmt.Errorf("the data key is %d bytes; it must be %d bytes, written as base64 or as %d hexadecimal characters", len(key), DataKeySize, 2*DataKeySize)
		}
		return key, nil
	}
	return nil, fmt.Errorf("the data key is neither base64 nor hexadecimal; it must be %d bytes, written as base64 or as %d hexadecimal characters", DataKeySize, 2*DataKeySize)
}

// GenerateDataKey returns a new random data key in standard base64.
func GenerateDataKey() string {
	key := make([]byte, DataKeySize)
	rand.Read(key) // never fails: crypto/rand crashes the program instead
	return base64.StdEncoding.EncodeToString(key)
}

// Keys protect personal identity codes at rest. Two keys are derived from
// one master key, so that neither use weakens the other:
//
//   - the lookup key makes a keyed hash of a code, stored in an indexed
//     column, to find a customer by code without storing the code;
//   - the encryption key seals the code itself, for the staff who may
//     read it.
//
// Printing Keys, by fmt or slog, never shows key material.
type Keys struct {
	lookup []byte
	aead   cipher.AEAD
}

// HKDF info strings. Changing one changes every stored value made with
// it; a new key version gets a new string.
const (
	lookupKeyInfo     = "onestop identity-code lookup v1"
	encryptionKeyInfo = "onestop personal-data encryption v1"
)

// NewKeys derives the lookup and encryption keys from a 32-byte master key
// with HKDF-SHA256.
func NewKeys(master []byte) (*Keys, error) {
	if len(master) != DataKeySize {
		return nil, fmt.Errorf("the data key is %d bytes; it must be %d", len(master), DataKeySize)
	}
	// The standard library's crypto/hkdf, which golang.org/x/crypto/hkdf
	// now wraps; both give the RFC 5869 output.
	lookup, err := hkdf.Key(sha256.New, master, nil, lookupKeyInfo, 32)
	if err != nil {
		return nil, fmt.Errorf("deriving the lookup key: %w", err)
	}
	encryption, err := hkdf.Key(sha256.New, master, nil, encryptionKeyInfo, 32)
	if err != nil {
		return nil, fmt.Errorf("deriving the encryption key: %w", err)
	}
	block, err := aes.NewCipher(encryption)
	if err != nil {
		return nil, err
	}
	// A random 96-bit nonce for each value, put in front of the
	// ciphertext. Safe for 2³² values under one key, far beyond the
	// customers of any service point network.
	aead, err := cipher.NewGCMWithRandomNonce(block)
	if err != nil {
		return nil, err
	}
	return &Keys{lookup: lookup, aead: aead}, nil
}

// Lookup returns a keyed hash (HMAC-SHA256) of a parsed identity code in
// unpadded URL-safe base64. The same code always gives the same value, so
// it can be an indexed column; without the key it cannot be turned back
// into a code, even by trying every possible code.
func (k *Keys) Lookup(c IdentityCode) string {
	mac := hmac.New(sha256.New, k.lookup)
	io.WriteString(mac, c.Full())
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// sealVersion starts every sealed value, so that a later scheme can be
// told apart from this one.
const sealVersion = "v1."

// Errors of Open. They do not tell tampering, a wrong key and the wrong
// row apart: AES-GCM cannot.
var (
	errSealVersion  = errors.New("sealed value has an unknown version")
	errSealEncoding = errors.New("sealed value is not unpadded URL-safe base64")
	errSealShort    = errors.New("sealed value is too short to hold a nonce and a tag")
	errSealOpen     = errors.New("sealed value does not open: it was altered, sealed under another key, or belongs to another row")
)

// Seal encrypts plaintext with AES-256-GCM and returns "v1." and unpadded
// URL-safe base64 of nonce, ciphertext and tag. aad binds the value to its
// row, such as the customer's id: the value opens only with the same aad,
// so one copied to another row does not.
func (k *Keys) Seal(plaintext []byte, aad string) (string, error) {
	if k == nil {
		return "", errors.New("no data key: cannot seal personal data")
	}
	sealed := k.aead.Seal(nil, nil, plaintext, []byte(aad))
	return sealVersion + base64.RawURLEncoding.EncodeToString(sealed), nil
}

// Open decrypts a value made by Seal with the same aad.
func (k *Keys) Open(sealed, aad string) ([]byte, error) {
	if k == nil {
		return nil, errors.New("no data key: cannot open personal data")
	}
	body, ok := strings.CutPrefix(sealed, sealVersion)
	if !ok {
		return nil, errSealVersion
	}
	raw, err := base64.RawURLEncoding.Strict().DecodeString(body)
	if err != nil {
		return nil, errSealEncoding
	}
	// The decoder skips newlines; only the spelling Seal writes is
	// accepted, so a value opens only as Seal made it.
	if base64.RawURLEncoding.EncodeToString(raw) != body {
		return nil, errSealEncoding
	}
	if len(raw) < k.aead.Overhead() {
		return nil, errSealShort
	}
	plain, err := k.aead.Open(nil, nil, raw, []byte(aad))
	if err != nil {
		return nil, errSealOpen
	}
	return plain, nil
}

// String hides the key material from %v and friends.
func (k *Keys) String() string { return "access.Keys{…}" }

// Format hides the key material from every fmt verb, %#v included.
func (k *Keys) Format(f fmt.State, verb rune) { io.WriteString(f, k.String()) }

// LogValue hides the key material from slog.
func (k *Keys) LogValue() slog.Value { return slog.StringValue(k.String()) }
