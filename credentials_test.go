package tandem_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
)

func TestParseExpiry(t *testing.T) {
	now := time.Date(2026, 11, 26, 10, 30, 0, 0, time.UTC)
	for _, tc := range []struct {
		in   string
		want string // RFC 3339; "" for never
		bad  bool
	}{
		{"", "", false},
		{"  ", "", false},
		{"90d", "2027-02-24T10:30:00Z", false},
		{"1d", "2026-11-27T10:30:00Z", false},
		{"2027-01-31", "2027-02-01T00:00:00Z", false}, // works through the day
		{"2027-01-31T12:00:00+02:00", "2027-01-31T10:00:00Z", false},
		{"0d", "", true},
		{"-5d", "", true},
		{"9999d", "", true},
		{"d", "", true},
		{"90", "", true},
		{"soon", "", true},
		{"2027-02-30", "", true},
	} {
		got, err := tandem.ParseExpiry(tc.in, now)
		if tc.bad {
			if tandem.ErrorField(err) != "expires" {
				t.Errorf("ParseExpiry(%q) = %v, %v; want refused at expires", tc.in, got, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseExpiry(%q): %v", tc.in, err)
			continue
		}
		if s := got.Format(time.RFC3339); (tc.want == "" && !got.IsZero()) || (tc.want != "" && s != tc.want) {
			t.Errorf("ParseExpiry(%q) = %s, want %q", tc.in, s, tc.want)
		}
	}
}

func TestTokenRules(t *testing.T) {
	now := time.Date(2026, 11, 26, 10, 30, 0, 0, time.UTC)
	tok := &tandem.APIToken{Name: " Till ", ExpiresAt: now.Add(time.Hour)}
	if err := tok.Validate(now); err != nil || tok.Name != "Till" {
		t.Errorf("Validate = %v, name %q", err, tok.Name)
	}
	for _, bad := range []tandem.APIToken{
		{Name: ""},
		{Name: "two\nlines"},
		{Name: strings.Repeat("ä", 101)},
		{Name: "x", ExpiresAt: now},
		{Name: "x", ExpiresAt: now.Add(tandem.MaxTokenLifetime + time.Hour)},
	} {
		if err := bad.Validate(now); tandem.ErrorCode(err) != tandem.EINVALID {
			t.Errorf("Validate(%+v) = %v, want refused", bad, err)
		}
	}
	if s := tok.State(now); s != tandem.TokenActive {
		t.Errorf("state = %s", s)
	}
	if s := tok.State(now.Add(time.Hour)); s != tandem.TokenExpired {
		t.Errorf("state at expiry = %s", s)
	}
	tok.RevokedAt = now
	if s := tok.State(now.Add(2 * time.Hour)); s != tandem.TokenRevoked {
		t.Errorf("revoked and expired = %s, want revoked", s)
	}
	if !tok.NeedsTouch(now) {
		t.Error("never used: needs a touch")
	}
	tok.LastUsedAt = now
	if tok.NeedsTouch(now.Add(59*time.Second)) || !tok.NeedsTouch(now.Add(tandem.TokenTouchInterval)) {
		t.Error("a use is recorded at most once a minute")
	}
}
