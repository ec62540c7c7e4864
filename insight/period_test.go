package insight

import (
	"testing"
	"time"

	"github.com/tandemhq/tandem"
)

func TestParsePeriod(t *testing.T) {
	today := time.Date(2026, 11, 23, 22, 30, 0, 0, time.FixedZone("EET", 2*3600))
	for _, tc := range []struct {
		from, to           string
		wantFrom, wantLast string
		wantDays           int
		errField, errKey   string
	}{
		{"", "", "2026-10-25", "2026-11-23", 30, "", ""},
		{"2026-11-01", "", "2026-11-01", "2026-11-23", 23, "", ""},
		{"", "2026-06-30", "2026-06-01", "2026-06-30", 30, "", ""},
		{"2026-03-29", "2026-03-29", "2026-03-29", "2026-03-29", 1, "", ""},
		{"2026-11-24", "2026-11-23", "", "", 0, "from", "insight.error.order"},
		{"2025-01-01", "2026-11-23", "", "", 0, "from", "insight.error.too_long"},
		{"yesterday", "", "", "", 0, "from", "insight.error.date"},
		{"", "2026-13-01", "", "", 0, "to", "insight.error.date"},
	} {
		p, err := ParsePeriod(tc.from, tc.to, today)
		if tc.errKey != "" {
			if tandem.ErrorField(err) != tc.errField || tandem.ErrorKey(err) != tc.errKey {
				t.Errorf("ParsePeriod(%q, %q) error = %v, want %s on %s", tc.from, tc.to, err, tc.errKey, tc.errField)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParsePeriod(%q, %q): %v", tc.from, tc.to, err)
			continue
		}
		if got := p.From.Format(DateLayout); got != tc.wantFrom {
			t.Errorf("ParsePeriod(%q, %q).From = %s, want %s", tc.from, tc.to, got, tc.wantFrom)
		}
		if got := p.Last().Format(DateLayout); got != tc.wantLast {
			t.Errorf("ParsePeriod(%q, %q).Last = %s, want %s", tc.from, tc.to, got, tc.wantLast)
		}
		if p.Days() != tc.wantDays {
			t.Errorf("ParsePeriod(%q, %q).Days = %d, want %d", tc.from, tc.to, p.Days(), tc.wantDays)
		}
	}
}

// A period across a daylight-saving change still starts and ends at local
// midnights: the October day in Helsinki is 25 hours long.
func TestPeriodBounds(t *testing.T) {
	hel, err := time.LoadLocation("Europe/Helsinki")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	p, _ := ParsePeriod("2026-10-25", "2026-10-25", time.Now())
	from, to := p.Bounds(hel)
	if got := to.Sub(from); got != 25*time.Hour {
		t.Errorf("25 October in Helsinki lasts %v, want 25h", got)
	}
	if from.UTC().Format(time.RFC3339) != "2026-10-24T21:00:00Z" {
		t.Errorf("from = %v", from.UTC())
	}
}
