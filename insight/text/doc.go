// Package text reads what customers write in their comments, in English,
// Russian and Finnish: which words and two-word phrases come up, and which
// of them come up more often now than before, per aspect, per service or
// over everything. It is the analysis behind "What customers write
// about" on the insight page (see insight.BuildDepth); like the counts of
// package insight, pure functions over data the caller has already read.
//
// # Method
//
// A comment is read in the language it was written in (the page's
// language, stored with the feedback). Tokenize splits it into words of
// letters and digits, lower-cased, keeping an apostrophe ("didn't") or a
// hyphen ("self-service", "kahvi-automaatti") inside a word; numbers,
// one-letter words and the language's function words (stopwords/*.txt) are
// dropped, and Russian "ё" is read as "е". Each word is reduced to its
// stem by the Snowball stemmer of its language, so that "kahvi", "kahvia",
// "kahvin" and "kahvista" count as one word, as do "холодный", "холодного"
// and "холодным", or "waited" and "waiting". Negations ("not", "не", "ei"
// and its persons "en", "et", "eivät"…) are kept only as the first word of
// a phrase: "not hot" and "ei kuumaa" say something, "not" alone does not.
//
// Count counts, per term, the comments it occurs in (not how often: one
// angry comment repeating a word is one comment). A phrase is two words
// next to each other once function words are gone ("the coffee was cold"
// gives "coffee cold"), never across punctuation, commas included. A term
// is shown in the form customers wrote most often.
//
// Rising compares two periods within each group of comments. A term's
// share is the comments it occurs in of the comments in its language, so
// that a season of tourists writing in another language does not make
// every one of their words "rise". A term rises when its share grew, it
// occurs in at least Rule.MinDocs comments now, and the log-likelihood
// ratio G² of the 2×2 table (with and without the term, now and before)
// reaches Rule.MinScore; the rises are ordered by how much the share grew,
// and each carries both shares with their sample sizes and the score. A
// group with fewer than Rule.MinSample comments in either period lists
// nothing and says so (Group.TooFew).
//
// # Limits
//
// Stemming strips endings by rule; it does not know the dictionary. Some
// forms of one word keep different stems (Finnish "henkilökunta" and
// "henkilökuntaa", "ystävällinen" and "ystävällistä"; Russian "ждать" and
// "ждали"; Finnish "odotin" and "odottamaan"), and now and then two words
// share one ("friendly" and "friend").
//
// Finnish compounds are not split: "kahviautomaatti" does not count as
// "kahvi". A compound written with a hyphen counts with the one written
// without ("kahvi-automaatti" and "kahviautomaatti").
//
// Word order matters to phrases: "kahvi oli kylmää" is "kahvi kylmä",
// "kylmää kahvia" is "kylmä kahvi". Only neighbours make a phrase.
//
// A comment is read in one language: words of another language inside it
// are stemmed wrongly, and comments in a language other than the three are
// left out. Misspellings count as other words. Terms are shown lower-case.
//
// Nothing here judges whether a word is praise or complaint: the aspect's
// judgement and the overall score, beside the term, do that. Falling terms
// are not reported.
package text
