package throttle

import (
	"strings"
	"time"
)

// The sign-in rule: per account, 5 free failures, then 1 s doubling up to
// 15 min; per client address (many accounts guessed from one place), 20
// free failures on the same curve. A success forgets the account's
// failures, not the address's, so a guesser cannot clear their address by
// signing in to an account of their own.
const (
	AccountFree = 5
	AddressFree = 20
	FirstDelay  = time.Second
	MaxDelay    = 15 * time.Minute
	MaxKeys     = 100_000 // per limiter: a few MiB at most
)

// SignIn throttles sign-ins by account and by client address. Make it with
// NewSignIn; it is safe for concurrent use.
type SignIn struct {
	accounts, addresses *Limiter
	now                 func() time.Time
}

// NewSignIn returns the sign-in throttle telling the time with now (nil
// means time.Now).
func NewSignIn(now func() time.Time) *SignIn {
	if now == nil {
		now = time.Now
	}
	return &SignIn{
		accounts:  New(AccountFree, FirstDelay, MaxDelay, MaxKeys),
		addresses: New(AddressFree, FirstDelay, MaxDelay, MaxKeys),
		now:       now,
	}
}

// Reasons a sign-in is refused before its password is checked.
const (
	ByAccount = "account throttled"
	ByAddress = "address throttled"
)

// Check reports whether a sign-in for email from addr may go ahead; when
// not, it returns how long to wait and which rule refused it. A throttled
// attempt is refused even with the right password, so that guessing cannot
// be confirmed.
func (s *SignIn) Check(email, addr string) (wait time.Duration, reason string) {
	now := s.now()
	a := s.accounts.Wait(accountKey(email), now)
	b := s.addresses.Wait(addr, now)
	switch {
	case a == 0 && b == 0:
		return 0, ""
	case a >= b:
		return a, ByAccount
	default:
		return b, ByAddress
	}
}

// Failed records a failed sign-in for email from addr.
func (s *SignIn) Failed(email, addr string) {
	now := s.now()
	s.accounts.Fail(accountKey(email), now)
	s.addresses.Fail(addr, now)
}

// Succeeded forgets the account's failures.
func (s *SignIn) Succeeded(email string) {
	s.accounts.Reset(accountKey(email))
}

func accountKey(email string) string { return strings.ToLower(strings.TrimSpace(email)) }
