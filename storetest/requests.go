package storetest

import "github.com/tandemhq/tandem"

// PublishRequests publishes a new version of the world's first blueprint
// whose customer step "order" offers request buttons: "Call the waiter",
// "Coffee now" and "Coffee in 20 minutes" (in en, ru and fi), for the
// faces' tests of customer requests. It becomes w.Blueprint.
func (w *World) PublishRequests() {
	b := blueprintV1(0, 0)
	b.Steps[0].Requests = []tandem.RequestOption{
		{Key: "waiter", Label: tandem.Text{"en": "Call the waiter", "ru": "Позвать официанта", "fi": "Kutsu tarjoilija"}},
		{Key: "coffee-now", Label: tandem.Text{"en": "Coffee now", "ru": "Кофе сейчас", "fi": "Kahvi nyt"}},
		{Key: "coffee-later", Label: tandem.Text{"en": "Coffee in 20 minutes", "ru": "Кофе через 20 минут", "fi": "Kahvi 20 minuutin päästä"},
			DelayMinutes: 20},
	}
	w.Publish(b)
}
