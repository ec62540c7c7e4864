package text

import (
	"testing"
)

// Feedback as customers of a café, a clinic and a bank write it.
var (
	englishComments = []string{
		"The coffee was cold when I got it.",
		"Cold coffee again, and the queue was far too long.",
		"I waited twenty minutes for a flat white.",
		"Waiting at the till took ages; only one cashier was working.",
		"Lovely staff, the barista remembered my name!",
		"The doctor was friendly but I had to wait 40 minutes past my appointment.",
		"Reception didn't tell me the doctor was running late.",
		"The nurse explained everything clearly.",
		"The ATM at the branch was out of cash.",
		"Long queue at the bank counter, waited half an hour.",
		"The self-service kiosk would not take my card.",
		"Coffee was not hot. Cake was great though.",
		"Clean tables, quick service, good coffee.",
		"The app said my order was ready but it wasn't.",
	}
	russianComments = []string{
		"Кофе был холодный, пришлось просить подогреть.",
		"Опять холодный кофе и длинная очередь.",
		"Холодного кофе больше не хочу.",
		"Ждали у кассы двадцать минут, работала только одна касса.",
		"Бариста очень вежливый, запомнил моё имя!",
		"Врач принял на сорок минут позже записи.",
		"В регистратуре не сказали, что врач задерживается.",
		"Медсестра всё понятно объяснила.",
		"Банкомат в отделении не выдаёт наличные.",
		"В банке огромная очередь, ждал полчаса.",
		"Терминал самообслуживания не принимает карту.",
		"Кофе не горячий, зато пирожное отличное.",
		"Чистые столы, быстрое обслуживание, вкусный кофе.",
		"С холодным кофе и очередью надо что-то делать.",
	}
	finnishComments = []string{
		"Kahvi oli kylmää, kun sain sen.",
		"Taas kylmää kahvia ja pitkä jono.",
		"Kahvin lämpötila oli ihan liian alhainen.",
		"Odotin kassalla kaksikymmentä minuuttia, vain yksi kassa oli auki.",
		"Ihana henkilökunta, barista muisti nimeni!",
		"Lääkäri oli ystävällinen, mutta jouduin odottamaan 40 minuuttia.",
		"Vastaanotossa ei kerrottu, että lääkäri on myöhässä.",
		"Hoitaja selitti kaiken selkeästi.",
		"Konttorin pankkiautomaatista ei saanut rahaa.",
		"Pankissa oli pitkä jono, odotin puoli tuntia.",
		"Itsepalvelukassa ei hyväksynyt korttiani.",
		"Kahvi ei ollut kuumaa. Kakku oli tosi hyvää.",
		"Siistit pöydät, nopea palvelu ja hyvä kahvi.",
		"Kahvista puuttui maku, kahvi-automaatti pitäisi huoltaa.",
	}
)

func comments(lang string, texts []string) []Comment {
	cs := make([]Comment, len(texts))
	for i, s := range texts {
		cs[i] = Comment{Lang: lang, Text: s}
	}
	return cs
}

func TestCount(t *testing.T) {
	tests := []struct {
		lang  string
		texts []string
		// Terms by what a reader would type, their display and comments.
		want []struct {
			words, display string
			docs           int
		}
		// Never counted: across punctuation, a negation alone, function words.
		absent []string
	}{
		{English, englishComments, []struct {
			words, display string
			docs           int
		}{
			{"coffee", "coffee", 4},
			{"wait", "waited", 4}, // waited, waiting, wait
			{"queue", "queue", 2},
			{"cold", "cold", 2},
			{"doctor", "doctor", 2},
			{"cold coffee", "cold coffee", 1},
			{"coffee cold", "coffee cold", 1}, // "was" left out between them
			{"not hot", "not hot", 1},
			{"didn't tell", "didn't tell", 1},
			{"not take", "not take", 1},
			{"self-service kiosk", "self-service kiosk", 1},
		}, []string{"ages cashier", "staff barista", "not", "the", "was"}},
		{Russian, russianComments, []struct {
			words, display string
			docs           int
		}{
			{"кофе", "кофе", 6},
			{"холодный", "холодный", 4}, // холодный, холодного, холодным
			{"холодный кофе", "холодного кофе", 3},
			{"очередь", "очередь", 3},
			{"касса", "касса", 1}, // кассы and касса in one comment: one comment
			{"врач", "врач", 2},
			{"ждали", "ждал", 2},
			{"не горячий", "не горячий", 1},
			{"не выдает", "не выдаёт", 1},
		}, []string{"холодный пришлось", "минут работала", "не", "был", "что-то"}},
		{Finnish, finnishComments, []struct {
			words, display string
			docs           int
		}{
			{"kahvi", "kahvi", 6}, // kahvi, kahvia, kahvin, kahvista
			{"kylmä", "kylmää", 2},
			{"kylmää kahvia", "kylmää kahvia", 1},
			{"jono", "jono", 2},
			{"pitkä jono", "pitkä jono", 2},
			{"lääkäri", "lääkäri", 2},
			{"ei kuumaa", "ei kuumaa", 1}, // "ollut" left out between them
			{"kahviautomaatti", "kahvi-automaatti", 1},
		}, []string{"kylmää sain", "maku kahviautomaatti", "ei", "oli", "että"}},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			got := Count(comments(tt.lang, tt.texts))
			if got.Comments != len(tt.texts) || got.ByLang[tt.lang] != len(tt.texts) {
				t.Errorf("comments %d, %v, want %d", got.Comments, got.ByLang, len(tt.texts))
			}
			for _, w := range tt.want {
				term, ok := got.Lookup(tt.lang, Key(tt.lang, w.words))
				if !ok {
					t.Errorf("%q (%q) not counted", w.words, Key(tt.lang, w.words))
					continue
				}
				if term.Docs != w.docs || term.Display != w.display {
					t.Errorf("%q: %d comments as %q, want %d as %q", w.words, term.Docs, term.Display, w.docs, w.display)
				}
				if phrase := len(Tokenize(tt.lang, w.words)) == 2; term.Phrase != phrase {
					t.Errorf("%q: phrase %v, want %v", w.words, term.Phrase, phrase)
				}
			}
			for _, w := range tt.absent {
				if term, ok := got.Lookup(tt.lang, Key(tt.lang, w)); ok {
					t.Errorf("%q counted: %+v", w, term)
				}
			}
			for i := 1; i < len(got.Terms); i++ {
				if got.Terms[i].Docs > got.Terms[i-1].Docs {
					t.Fatalf("terms not by comments: %+v before %+v", got.Terms[i-1], got.Terms[i])
				}
			}
		})
	}
}

// A comment in a language Tandem does not speak counts for nothing, rather
// than for words split wrongly.
func TestCountSkipsOtherLanguages(t *testing.T) {
	got := Count([]Comment{{Lang: "sv", Text: "Kaffet var kallt"}, {Lang: English, Text: "Cold coffee"}})
	if got.Comments != 1 || len(got.Terms) != 3 {
		t.Errorf("got %d comments, terms %+v; want 1 and cold, coffee, cold coffee", got.Comments, got.Terms)
	}
}
