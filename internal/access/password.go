package access

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"github.com/onestop-fi/onestop/internal/errs"
)

// PasswordParams are the argon2id cost settings of a password hash.
type PasswordParams struct {
	Memory     uint32 // KiB
	Iterations uint32
	Threads    uint8
	SaltLen    uint32 // bytes
	KeyLen     uint32 // bytes
}

// DefaultPasswordParams are the settings new hashes use: the minimum the
// OWASP Password Storage Cheat Sheet gives for argon2id, 19 MiB of memory,
// 2 iterations and 1 degree of parallelism (m=19456, t=2, p=1). For a hash
// made with other settings CheckPassword reports needsRehash, so that it
// can be replaced at the next successful sign-in.
var DefaultPasswordParams = PasswordParams{Memory: 19 * 1024, Iterations: 2, Threads: 1, SaltLen: 16, KeyLen: 32}

// Bounds on what a stored hash may ask for. A hash is read from the
// database, and one altered to ask for a terabyte of memory should fail to
// parse rather than take the server down.
const (
	maxPasswordMemory     = 1 << 20 // KiB, 1 GiB
	maxPasswordIterations = 64
	minPasswordSaltLen    = 8
	minPasswordKeyLen     = 16
	maxPasswordSaltKeyLen = 1024
)

// HashPassword hashes a password with argon2id and a random salt, and
// returns it in the PHC string format:
//
//	$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>
//
// with salt and hash in unpadded standard base64.
func HashPassword(password string, p PasswordParams) (string, error) {
	if err := p.check(); err != nil {
		return "", fmt.Errorf("password hash settings: %w", err)
	}
	salt := make([]byte, p.SaltLen)
	rand.Read(salt) // never fails: crypto/rand crashes the program instead
	key := argon2.IDKey([]byte(password), salt, p.Iterations, p.Memory, p.Threads, p.KeyLen)
	return encodePasswordHash(p, salt, key), nil
}

func encodePasswordHash(p PasswordParams, salt, key []byte) string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Iterations, p.Threads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key))
}

func (p PasswordParams) check() error {
	switch {
	case p.Iterations < 1 || p.Iterations > maxPasswordIterations:
		return fmt.Errorf("iterations %d out of range 1–%d", p.Iterations, maxPasswordIterations)
	case p.Threads < 1:
		return errors.New("threads must be at least 1")
	// argon2 needs 8 KiB for each thread, and would quietly raise a
	// smaller setting.
	case p.Memory < 8*uint32(p.Threads) || p.Memory > maxPasswordMemory:
		return fmt.Errorf("memory %d KiB out of range %d–%d", p.Memory, 8*uint32(p.Threads), maxPasswordMemory)
	case p.SaltLen < minPasswordSaltLen || p.SaltLen > maxPasswordSaltKeyLen:
		return fmt.Errorf("salt of %d bytes out of range %d–%d", p.SaltLen, minPasswordSaltLen, maxPasswordSaltKeyLen)
	case p.KeyLen < minPasswordKeyLen || p.KeyLen > maxPasswordSaltKeyLen:
		return fmt.Errorf("key of %d bytes out of range %d–%d", p.KeyLen, minPasswordKeyLen, maxPasswordSaltKeyLen)
	}
	return nil
}

// CheckPassword reports whether password matches a hash made by
// HashPassword, comparing in constant time. needsRehash is true when the
// hash was made with settings other than DefaultPasswordParams, so the
// caller can store a new hash while it has the password at hand.
//
// err is set only when encoded is not a hash this package can read; it
// never contains the password, nor the hash.
func CheckPassword(encoded, password string) (ok, needsRehash bool, err error) {
	p, salt, key, err := decodePasswordHash(encoded)
	if err != nil {
		return false, false, err
	}
	got := argon2.IDKey([]byte(password), salt, p.Iterations, p.Memory, p.Threads, p.KeyLen)
	ok = subtle.ConstantTimeCompare(got, key) == 1
	return ok, p != DefaultPasswordParams, nil
}

// decodePasswordHash reads a PHC string strictly: one spelling for each
// hash, so a hash altered in any way is refused or does not match.
func decodePasswordHash(encoded string) (p PasswordParams, salt, key []byte, err error) {
	malformed := func(why string) error {
		return fmt.Errorf("password hash is malformed: %s", why)
	}
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" {
		return p, nil, nil, malformed("want $argon2id$v=19$m=…,t=…,p=…$salt$hash")
	}
	if parts[1] != "argon2id" {
		return p, nil, nil, malformed("not argon2id")
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return p, nil, nil, malformed("unsupported argon2 version")
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Iterations, &p.Threads); err != nil {
		return p, nil, nil, malformed("want m=…,t=…,p=… with numbers in range")
	}
	// Strict decoding refuses stray bits in the last character, which an
	// ordinary decoder would ignore.
	if salt, err = base64.RawStdEncoding.Strict().DecodeString(parts[4]); err != nil {
		return p, nil, nil, malformed("salt is not unpadded base64")
	}
	if key, err = base64.RawStdEncoding.Strict().DecodeString(parts[5]); err != nil {
		return p, nil, nil, malformed("hash is not unpadded base64")
	}
	p.SaltLen, p.KeyLen = uint32(len(salt)), uint32(len(key))
	if err := p.check(); err != nil {
		return p, nil, nil, malformed(err.Error())
	}
	// Sscanf reads "+2", "02" and trailing text, and the base64 decoder
	// skips newlines: what we read must write back exactly as it was.
	if encodePasswordHash(p, salt, key) != encoded {
		return p, nil, nil, malformed("not in canonical form")
	}
	return p, salt, key, nil
}

// BurnPasswordCheck spends the time of one CheckPassword with the default
// settings and throws the result away. Sign-in calls it when there is no
// account or no password to check, so that the answer for an unknown
// account takes as long as for a known one and does not tell which
// accounts exist.
func BurnPasswordCheck(password string) {
	p := DefaultPasswordParams
	// A fixed salt is fine: the result is never stored nor compared with
	// anything secret.
	salt := make([]byte, p.SaltLen)
	got := argon2.IDKey([]byte(password), salt, p.Iterations, p.Memory, p.Threads, p.KeyLen)
	subtle.ConstantTimeCompare(got, make([]byte, len(got)))
}

// Password rules. Length is what makes a password strong (NIST SP 800-63B
// asks for no composition rules); the byte limit keeps hashing cheap to
// refuse and leaves room for 64 characters of any script.
const (
	minPasswordRunes = 12
	maxPasswordBytes = 256
)

// ValidatePassword checks a new password against onestop's rules: at least
// 12 characters, at most 256 bytes, and not one character repeated.
func ValidatePassword(pw string) error {
	invalid := func(format string, args ...any) error {
		return errs.Param("password", format, args...)
	}
	switch {
	case !utf8.ValidString(pw):
		return invalid("The password contains bytes that are not text.")
	case utf8.RuneCountInString(pw) < minPasswordRunes:
		return invalid("A password must have at least %d characters.", minPasswordRunes)
	case len(pw) > maxPasswordBytes:
		return invalid("A password can be at most %d bytes long: %d letters without accents, fewer with accented letters or other scripts.", maxPasswordBytes, maxPasswordBytes)
	case oneCharacter(pw):
		return invalid("A password must not be one character repeated.")
	}
	return nil
}

func oneCharacter(s string) bool {
	first, _ := utf8.DecodeRuneInString(s)
	for _, r := range s {
		if r != first {
			return false
		}
	}
	return true
}
