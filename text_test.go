package tandem

import "testing"

func TestCheckText(t *testing.T) {
	for _, tc := range []struct {
		s          string
		text, line bool
	}{
		{"", true, true},
		{"Kahvi oli hyvää, спасибо ☕", true, true},
		{"two\nlines\r\nand\ttab", true, false},
		{"nul\x00here", false, false},
		{"\x00", false, false},
		{"bad \xff utf-8", false, false},
		{"half \xe2\x82", false, false},
		{"bell\x07", false, false},
		{"esc\x1b[31m", false, false},
		{"del\x7f", false, false},
	} {
		if got := CheckText("comment", tc.s) == nil; got != tc.text {
			t.Errorf("CheckText(%q) ok = %v, want %v", tc.s, got, tc.text)
		}
		if got := CheckLine("code", tc.s) == nil; got != tc.line {
			t.Errorf("CheckLine(%q) ok = %v, want %v", tc.s, got, tc.line)
		}
		if CleanLine(tc.s) != tc.line {
			t.Errorf("CleanLine(%q) != %v", tc.s, tc.line)
		}
	}
	err := CheckText("comment", "a\x00b")
	if ErrorCode(err) != EINVALID || ErrorKey(err) != ErrTextInvalid {
		t.Fatalf("err = %v", err)
	}
	if err := (Text{"en": "ok", "fi": "ei\x00"}).Check("name"); ErrorCode(err) != EINVALID {
		t.Fatalf("Text.Check = %v", err)
	}
}
