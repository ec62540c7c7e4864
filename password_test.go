package tandem_test

import (
	"testing"

	"github.com/tandemhq/tandem"
)

func TestCheckNewPassword(t *testing.T) {
	for _, tc := range []struct {
		password string
		key      string // "" when accepted
	}{
		{"short", "error.password_short"},
		{"aaaaaaaaa", "error.password_short"},
		{"aaaaaaaaaa", "error.password_repeated"},
		{"ääääääääääää", "error.password_repeated"},
		{"abcabcabca", "error.password_repeated"},
		{"1212121212", "error.password_repeated"},
		{"abcdabcdabcd", "error.password_repeated"},
		{"1234567890", "error.password_common"},
		{"Password123", "error.password_common"},
		{"QWERTYUIOP", "error.password_common"},
		{"salasana123", "error.password_common"},
		{"anna.virtanen@example.fi", "error.password_personal"},
		{"Anna.Virtanen", "error.password_personal"},
		{"Anna Virtanen", "error.password_personal"},
		{"annavirtanen", "error.password_personal"},
		{"abcdeabcdeab", ""}, // a pattern of five is not short
		{"correct horse battery", ""},
		{"tandem-demo-2026", ""},
		{"пароль-для-кафе", ""},
	} {
		err := tandem.CheckNewPassword(tc.password, "anna.virtanen@example.fi", "Anna Virtanen")
		switch {
		case tc.key == "" && err != nil:
			t.Errorf("%q refused: %v", tc.password, err)
		case tc.key != "" && (tandem.ErrorKey(err) != tc.key || tandem.ErrorField(err) != "password"):
			t.Errorf("%q: got %v, want %s on password", tc.password, err, tc.key)
		}
	}
	// Without personal details, only the rest applies.
	if err := tandem.CheckNewPassword("annavirtanen"); err != nil {
		t.Errorf("no personal details: %v", err)
	}
}
