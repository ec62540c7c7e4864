package insight

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
)

// BenchmarkBuildDepth is the depth of a period at its bounds: MaxResponses
// responses over eight aspects and MaxTexts comments in each period.
func BenchmarkBuildDepth(b *testing.B) {
	// Ratings drawn at random, the overall judgement following them with
	// noise: aspects that are not combinations of each other, as in real
	// answers (collinear ones take the slower least-norm path).
	rng := rand.New(rand.NewPCG(1, 2))
	rs := make([]tandem.Response, MaxResponses)
	for i := range rs {
		var r tandem.Response
		score := 3.0
		for k := range 8 {
			switch rng.IntN(5) {
			case 0:
				r.Aspects = append(r.Aspects, tandem.ResponseAspect{Key: fmt.Sprint("a", k), Rating: tandem.Negative, Cause: tandem.PartyProvider})
				score -= 0.2 * float64(k%3+1)
			case 1, 2:
				r.Aspects = append(r.Aspects, tandem.ResponseAspect{Key: fmt.Sprint("a", k), Rating: tandem.Positive})
				score += 0.1 * float64(k%3+1)
			}
		}
		r.Overall = min(5, max(1, int(score+rng.NormFloat64()*0.7+0.5)))
		rs[i] = r
	}
	words := []string{"The coffee was cold", "Friendly waiter and a nice view", "Kahvi oli kylmää", "Кофе остыл, пока я читал меню", "Long queue at the till", "Hyvä palvelu"}
	texts := func(at time.Time) []tandem.ResponseText {
		out := make([]tandem.ResponseText, MaxTexts)
		for i := range out {
			w := words[i%len(words)]
			lang := "en"
			if i%len(words) == 2 || i%len(words) == 5 {
				lang = "fi"
			} else if i%len(words) == 3 {
				lang = "ru"
			}
			out[i] = tandem.ResponseText{Lang: lang, Text: w, CreatedAt: at, Aspects: []string{"a1"}}
		}
		return out
	}
	p := Period{From: at("2026-03-01"), To: at("2026-03-31")}
	in := DepthInput{Responses: rs, Drivers: true, Now: texts(at("2026-03-10")), Before: texts(at("2026-02-10")), Period: p}
	b.ResetTimer()
	for b.Loop() {
		if _, err := BuildDepth(context.Background(), in); err != nil {
			b.Fatal(err)
		}
	}
}
