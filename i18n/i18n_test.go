package i18n

import "testing"

// Every language must have exactly the keys English has: a missing key would
// leak English into a Russian or Finnish page.
func TestKeyParity(t *testing.T) {
	c := MustLoad()
	want := c.Keys("en")
	if len(want) == 0 {
		t.Fatal("English catalog is empty")
	}
	for _, lang := range []string{"ru", "fi"} {
		if !c.Has(lang) {
			t.Fatalf("language %s missing", lang)
		}
		got := map[string]bool{}
		for _, k := range c.Keys(lang) {
			got[k] = true
		}
		for _, k := range want {
			if !got[k] {
				t.Errorf("%s: missing key %q", lang, k)
			}
			delete(got, k)
		}
		for k := range got {
			t.Errorf("%s: key %q not in English", lang, k)
		}
	}
}

func TestPlural(t *testing.T) {
	for _, tc := range []struct {
		lang string
		n    int
		want string
	}{
		{"ru", 1, "one"}, {"ru", 3, "few"}, {"ru", 5, "many"}, {"ru", 11, "many"},
		{"ru", 21, "one"}, {"ru", 22, "few"}, {"ru", 112, "many"},
		{"fi", 1, "one"}, {"fi", 2, "other"}, {"en", 0, "other"},
	} {
		if got := pluralForm(tc.lang, tc.n); got != tc.want {
			t.Errorf("pluralForm(%s, %d) = %s, want %s", tc.lang, tc.n, got, tc.want)
		}
	}
}

func TestNegotiate(t *testing.T) {
	c := MustLoad()
	for header, want := range map[string]string{
		"":                        "en",
		"ru-RU,ru;q=0.9,en;q=0.8": "ru",
		"fi":                      "fi",
		"de-DE,fi;q=0.5,en;q=0.4": "fi",
		"en;q=0.2, ru;q=0.9":      "ru",
		"xx":                      "en",
	} {
		if got := c.Negotiate(header); got != want {
			t.Errorf("Negotiate(%q) = %s, want %s", header, got, want)
		}
	}
}
