package manage

import (
	"strings"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/i18n"
	"github.com/tandemhq/tandem/insight"
	"github.com/tandemhq/tandem/insight/drivers"
	"github.com/tandemhq/tandem/insight/text"
)

// A period with more responses than the analysis reads says so; the
// rising terms come per language in the product's order of languages.
func TestDepthViewCappedAndLanguages(t *testing.T) {
	cat := i18n.MustLoad()
	day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	rise := func(lang, term string) text.Rise {
		return text.Rise{Term: text.Term{Lang: lang, Display: term}, Now: text.Share{Docs: 10, Of: 40}, Before: text.Share{Of: 40}, Score: 20}
	}
	d := &insight.Depth{
		Drivers: &insight.Drivers{N: insight.MaxResponses, Capped: true, MinResponses: 50, MinPerAspect: 10,
			Aspects: []insight.Driver{{Key: "coffee", Driver: drivers.Driver{N: insight.MaxResponses, Rated: 3, TooFew: true}}}},
		Terms: &insight.Terms{NowPeriod: insight.Period{From: day, To: day.AddDate(0, 0, 30)}, BeforePeriod: insight.Period{From: day.AddDate(0, 0, -30), To: day},
			Now: insight.MaxTexts, Before: 40, CappedNow: true, Rule: text.DefaultRule,
			Overall: insight.TermGroup{Now: insight.MaxTexts, Before: 40, Rising: []text.Rise{rise("fi", "kylmää"), rise("en", "cold"), rise("ru", "холодный")}}},
	}
	for _, lang := range []string{"en", "ru", "fi"} {
		p := &page{}
		p.Lang, p.P = lang, cat.Printer(lang)
		v := (&Server{}).depthView(d, p)
		if want := p.P.T("manage.drivers.capped", p.P.Int(insight.MaxResponses)); v.Sample != want {
			t.Errorf("%s sample = %q, want %q", lang, v.Sample, want)
		}
		if want := p.P.T("manage.terms.capped", p.P.Int(insight.MaxTexts)); !strings.Contains(v.TermNote, want) {
			t.Errorf("%s terms note = %q, want it to say %q", lang, v.TermNote, want)
		}
		// The aspect, named by its key for want of a name, is too few.
		if a := v.Aspects[0]; a.Name != "coffee" || a.TooFew != p.P.T("manage.drivers.too_few_ratings", p.P.Int(3), p.P.Int(10)) || a.Share != "" {
			t.Errorf("%s aspect = %+v", lang, a)
		}
		var langs []string
		for _, r := range v.Groups[0].Rows {
			langs = append(langs, r.Lang)
		}
		if got := strings.Join(langs, " "); got != strings.Join(tandem.Languages, " ") {
			t.Errorf("%s rows in languages %s, want %v", lang, got, tandem.Languages)
		}
	}
}
