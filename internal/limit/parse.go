package limit

import (
	"fmt"
	"strconv"
	"strings"
)

// ParseRates reads the --rate-limit setting: "0" (or "off") switches every
// rule off; otherwise a comma-separated list of RULE=PER_MINUTE[/BURST],
// e.g. "address=120/60,episode=30", changes those rules and keeps the
// Defaults of the others; RULE=0 switches one off. A burst left out is half
// the rate per minute (at least 1). "" means Defaults.
func ParseRates(spec string) (Rates, error) {
	r := Defaults
	spec = strings.TrimSpace(spec)
	switch strings.ToLower(spec) {
	case "":
		return r, nil
	case "0", "off":
		return Rates{}, nil
	}
	for _, part := range strings.Split(spec, ",") {
		name, val, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return Rates{}, fmt.Errorf("%q: want RULE=PER_MINUTE[/BURST], e.g. address=60/30", part)
		}
		var rate *Rate
		switch strings.TrimSpace(name) {
		case ByAddress:
			rate = &r.Address
		case ByTouchpoint:
			rate = &r.Touchpoint
		case ByEpisode:
			rate = &r.Episode
		default:
			return Rates{}, fmt.Errorf("%q: the rules are address, touchpoint and episode", name)
		}
		perMin, burst, hasBurst := strings.Cut(strings.TrimSpace(val), "/")
		n, err := strconv.Atoi(perMin)
		if err != nil || n < 0 || n > 1_000_000 {
			return Rates{}, fmt.Errorf("%q: the rate is a whole number of writes a minute, 0 for no limit", part)
		}
		b := max(1, (n+1)/2)
		if hasBurst {
			if b, err = strconv.Atoi(burst); err != nil || b < 1 || b > 1_000_000 {
				return Rates{}, fmt.Errorf("%q: the burst is a whole number of writes, at least 1", part)
			}
		}
		*rate = Rate{PerMinute: n, Burst: b}
		if n == 0 {
			*rate = Rate{}
		}
	}
	return r, nil
}

// String is the setting that ParseRates reads back to r.
func (r Rates) String() string {
	if !r.Address.On() && !r.Touchpoint.On() && !r.Episode.On() {
		return "0"
	}
	one := func(name string, x Rate) string {
		if !x.On() {
			return name + "=0"
		}
		return fmt.Sprintf("%s=%d/%d", name, x.PerMinute, x.Burst)
	}
	return one(ByAddress, r.Address) + "," + one(ByTouchpoint, r.Touchpoint) + "," + one(ByEpisode, r.Episode)
}
