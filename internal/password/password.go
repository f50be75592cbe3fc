// Package password hashes and checks passwords with argon2id, in the PHC
// string format ($argon2id$v=19$m=…,t=…,p=…$salt$hash).
package password

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	"golang.org/x/crypto/argon2"
)

// Params are argon2id's cost parameters.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
}

// Default follows current advice for interactive logins (RFC 9106's second
// recommended option, with 64 MiB).
var Default = Params{Memory: 64 * 1024, Time: 3, Threads: 2}

const (
	saltLen = 16
	keyLen  = 32
)

var b64 = base64.RawStdEncoding

// Hash returns the PHC string of pw under p.
func Hash(pw string, p Params) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("password salt: %w", err)
	}
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, keyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// ErrMalformed means a stored hash cannot be read.
var ErrMalformed = errors.New("password: malformed hash")

// Check reports whether pw matches the PHC string hash, in constant time.
func Check(pw, hash string) (bool, error) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, ErrMalformed
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, ErrMalformed
	}
	var p Params
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil ||
		p.Time == 0 || p.Threads == 0 || p.Memory < 8*uint32(p.Threads) || p.Memory > 4<<20 {
		return false, ErrMalformed
	}
	salt, err := b64.DecodeString(parts[4])
	if err != nil || len(salt) < 8 {
		return false, ErrMalformed
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil || len(want) < 16 {
		return false, ErrMalformed
	}
	got := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// Generate returns a random password of n characters that is easy to
// type and read: no look-alike letters.
func Generate(n int) string {
	const alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[randIntn(len(alphabet))]
	}
	return string(b)
}

func randIntn(n int) int {
	// rejection sampling over one byte keeps the choice uniform
	var buf [1]byte
	limit := 256 - 256%n
	for {
		rand.Read(buf[:])
		if int(buf[0]) < limit {
			return int(buf[0]) % n
		}
	}
}

// ErrBusy means that too many passwords are being hashed already and the
// wait for a turn ran out: the caller should ask the person to try again
// shortly, not treat it as a wrong password or a fault.
var ErrBusy = errors.New("password: too many checks at once")

// Limiter bounds how many hashes run at once. Each argon2id hash under
// Default takes 64 MiB and tens of milliseconds of a core, and anonymous
// requests (logins) start them: without a bound, sixty logins at once take
// gigabytes.
type Limiter struct {
	slots chan struct{}
	wait  time.Duration
}

// NewLimiter returns a Limiter that lets n hashes run at once (at least
// one) and makes a further caller wait at most wait for a turn.
func NewLimiter(n int, wait time.Duration) *Limiter {
	return &Limiter{slots: make(chan struct{}, max(n, 1)), wait: wait}
}

// Do runs fn once a turn is free, or returns ErrBusy when none frees up
// within the limiter's wait, or ctx's error when ctx ends first.
func (l *Limiter) Do(ctx context.Context, fn func()) error {
	t := time.NewTimer(l.wait)
	defer t.Stop()
	select {
	case l.slots <- struct{}{}:
	case <-t.C:
		return ErrBusy
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-l.slots }()
	fn()
	return nil
}

// Check is [Check] within a turn of the limiter.
func (l *Limiter) Check(ctx context.Context, pw, hash string) (bool, error) {
	var ok bool
	var err error
	if werr := l.Do(ctx, func() { ok, err = Check(pw, hash) }); werr != nil {
		return false, werr
	}
	return ok, err
}

// Hash is [Hash] within a turn of the limiter.
func (l *Limiter) Hash(ctx context.Context, pw string, p Params) (string, error) {
	var h string
	var err error
	if werr := l.Do(ctx, func() { h, err = Hash(pw, p) }); werr != nil {
		return "", werr
	}
	return h, err
}
