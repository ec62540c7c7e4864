package tandem

import "unicode/utf8"

// ErrTextInvalid is the message key of a text that no store can keep as
// it is: invalid UTF-8, a NUL byte or another control character.
const ErrTextInvalid = "error.text_invalid"

// CheckText refuses a multi-line text that is not valid UTF-8 or holds a
// C0 control character (NUL among them) other than tab, line feed and
// carriage return. Such input is refused where it enters, before any
// store sees it: one engine would keep it and another would not.
func CheckText(field, s string) error {
	if !cleanText(s, true) {
		return Invalid(field, ErrTextInvalid)
	}
	return nil
}

// CheckLine is CheckText for a one-line text (a name, an address, an
// identifier): tab and line breaks are refused as well.
func CheckLine(field, s string) error {
	if !cleanText(s, false) {
		return Invalid(field, ErrTextInvalid)
	}
	return nil
}

// CleanLine reports whether s is acceptable to CheckLine. A code, a token
// or a key that is not can name nothing that is stored.
func CleanLine(s string) bool { return cleanText(s, false) }

// Check is CheckLine for every language of a text.
func (t Text) Check(field string) error {
	for _, s := range t {
		if err := CheckLine(field, s); err != nil {
			return err
		}
	}
	return nil
}

// CheckMultiline is CheckText for every language of a text.
func (t Text) CheckMultiline(field string) error {
	for _, s := range t {
		if err := CheckText(field, s); err != nil {
			return err
		}
	}
	return nil
}

func cleanText(s string, multiline bool) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != 0x7f {
			continue
		}
		if multiline && (c == '\t' || c == '\n' || c == '\r') {
			continue
		}
		return false
	}
	return true
}
