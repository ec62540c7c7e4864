package tandem

import (
	"math"
	"testing"
)

func TestContrastRatio(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want float64
	}{
		{"#000000", "#ffffff", 21},
		{"#ffffff", "#ffffff", 1},
		{"#0b4f8a", "#ffffff", 8.40}, // the default accent
		{"#767676", "#ffffff", 4.54}, // the classic lightest AA grey
	} {
		if got := ContrastRatio(c.a, c.b); math.Abs(got-c.want) > 0.01 {
			t.Errorf("ContrastRatio(%s, %s) = %.3f, want %.2f", c.a, c.b, got, c.want)
		}
	}
}

func TestOrganizationColour(t *testing.T) {
	for _, c := range []struct{ in, want, err string }{
		{"", "", ""},
		{" #0B4F8A ", "#0b4f8a", ""},
		{"0b4f8a", "#0b4f8a", ""},
		{"#767676", "", "error.colour_page"}, // fine on white, not on the current step's tint
		{"#707070", "#707070", ""},
		{"#ffcc00", "", "error.colour_white_text"},
		{"#fff", "", "error.colour_format"},
		{"red", "", "error.colour_format"},
		{"#12345g", "", "error.colour_format"},
	} {
		o := Organization{Name: "Cafe", Slug: "cafe", Colour: c.in}
		err := o.Validate()
		if ErrorKey(err) != c.err && !(c.err == "" && err == nil) {
			t.Errorf("colour %q: err %v, want %q", c.in, err, c.err)
			continue
		}
		if err != nil && ErrorField(err) != "colour" {
			t.Errorf("colour %q: field %q", c.in, ErrorField(err))
		}
		if err == nil && o.Colour != c.want {
			t.Errorf("colour %q became %q, want %q", c.in, o.Colour, c.want)
		}
	}
}

func TestLogoBox(t *testing.T) {
	o := &Organization{LogoHash: "ab", LogoWidth: 300, LogoHeight: 100}
	if w, h := o.LogoBox(40); w != 120 || h != 40 {
		t.Errorf("LogoBox(40) of 300×100 = %d×%d", w, h)
	}
	o.LogoWidth, o.LogoHeight = 1000, 50 // a very wide banner keeps to 4:1
	if w, h := o.LogoBox(40); w != 160 || h != 8 {
		t.Errorf("LogoBox(40) of 1000×50 = %d×%d", w, h)
	}
	if (&Organization{}).LogoURL() != "" || o.LogoURL() != "/logo/ab.png" {
		t.Errorf("LogoURL wrong")
	}
}
