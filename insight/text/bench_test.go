package text

import "testing"

// BenchmarkTokenize reads the café, clinic and bank comments of all three
// languages, tokenized and stemmed; comments/s is the throughput.
func BenchmarkTokenize(b *testing.B) {
	cs := append(append(comments(English, englishComments), comments(Russian, russianComments)...), comments(Finnish, finnishComments)...)
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		for _, c := range cs {
			Tokenize(c.Lang, c.Text)
			n++
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "comments/s")
}

// BenchmarkCount counts terms and phrases over the same comments.
func BenchmarkCount(b *testing.B) {
	cs := append(append(comments(English, englishComments), comments(Russian, russianComments)...), comments(Finnish, finnishComments)...)
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		Count(cs)
		n += len(cs)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "comments/s")
}
