package sqlstore

import "testing"

// BenchmarkFTSDoc measures what a comment costs the feedback's caller
// before the writer's transaction: its stems for the full-text index.
func BenchmarkFTSDoc(b *testing.B) {
	for _, c := range []struct{ lang, text string }{
		{"en", "The soup was a little cold but the service was friendly."},
		{"ru", "Принесли холодного кофе, пришлось долго ждать официанта."},
		{"fi", "Ihana iltapäivä romaanin parissa, mutta kahvi oli kylmää, kun muistin sen."},
	} {
		b.Run(c.lang, func(b *testing.B) {
			for b.Loop() {
				ftsDoc(c.lang, c.text)
			}
		})
	}
}
