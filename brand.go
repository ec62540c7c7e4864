package tandem

import (
	"math"
	"strconv"
	"strings"
)

// An organization's brand: its colour is the accent of the customer pages
// and posters (buttons with white text on it, links on the page). A colour
// that white text or the page cannot be read against is refused, so a
// brand never makes a page fail WCAG AA.

// MinContrast is the WCAG AA contrast ratio for normal text.
const MinContrast = 4.5

// The colours a brand colour meets on the customer pages: white text on a
// filled button, and as link colour on the page background and on the
// tinted background of the current step.
var (
	brandText        = [3]uint8{0xff, 0xff, 0xff}
	brandBackgrounds = [][3]uint8{{0xff, 0xff, 0xff}, {0xee, 0xf5, 0xfc}}
)

// NormalizeColour returns a colour as "#rrggbb" in lower case, accepting
// surrounding spaces, upper case and a missing "#"; ok is false for
// anything else. An empty colour is fine: the default accent.
func NormalizeColour(s string) (string, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return "", true
	}
	s = strings.TrimPrefix(s, "#")
	if len(s) != 6 {
		return "", false
	}
	if _, err := strconv.ParseUint(s, 16, 32); err != nil {
		return "", false
	}
	return "#" + s, true
}

func rgb(colour string) [3]uint8 {
	n, _ := strconv.ParseUint(strings.TrimPrefix(colour, "#"), 16, 32)
	return [3]uint8{uint8(n >> 16), uint8(n >> 8), uint8(n)}
}

// luminance is the WCAG relative luminance of an sRGB colour.
func luminance(c [3]uint8) float64 {
	var l [3]float64
	for i, v := range c {
		x := float64(v) / 255
		if x <= 0.04045 {
			l[i] = x / 12.92
		} else {
			l[i] = math.Pow((x+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*l[0] + 0.7152*l[1] + 0.0722*l[2]
}

func contrast(a, b [3]uint8) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// ContrastRatio is the WCAG contrast ratio of two "#rrggbb" colours, from 1
// to 21.
func ContrastRatio(a, b string) float64 { return contrast(rgb(a), rgb(b)) }

// checkColour normalizes *c and refuses a colour the pages cannot use.
func checkColour(c *string) error {
	n, ok := NormalizeColour(*c)
	if !ok {
		return Invalid("colour", "error.colour_format")
	}
	*c = n
	if n == "" {
		return nil
	}
	if contrast(rgb(n), brandText) < MinContrast {
		return Invalid("colour", "error.colour_white_text")
	}
	for _, bg := range brandBackgrounds {
		if contrast(rgb(n), bg) < MinContrast {
			return Invalid("colour", "error.colour_page")
		}
	}
	return nil
}

// Logo is an organization's logo as it is stored and served: a PNG the
// server encoded itself, and its size in pixels.
type Logo struct {
	PNG           []byte
	Width, Height int
}

// LogoURL is the public address of the organization's logo, "" for none.
// The content hash in it changes with the logo, so it may be cached forever.
func (o *Organization) LogoURL() string {
	if o == nil || o.LogoHash == "" {
		return ""
	}
	return "/logo/" + o.LogoHash + ".png"
}

// LogoBox is the size to show the logo at, at most height CSS pixels high
// and four times as wide, keeping its proportions.
func (o *Organization) LogoBox(height int) (w, h int) {
	if o.LogoWidth <= 0 || o.LogoHeight <= 0 {
		return 0, 0
	}
	w, h = o.LogoWidth*height/o.LogoHeight, height
	if w > 4*height {
		w, h = 4*height, o.LogoHeight*4*height/o.LogoWidth
	}
	return max(w, 1), max(h, 1)
}
