package text

import (
	"bufio"
	"embed"
	"strings"
)

// The stop words are function words only: pronouns, articles,
// prepositions, conjunctions, particles and the forms of "to be". Words
// that judge ("good", "хорошо", "hyvä") are what a manager reads, so they
// stay; negations are kept apart (see language.neg).
//
//go:embed stopwords/*.txt
var stopFiles embed.FS

// stopList reads one embedded list: a word a line, "#" starts a comment.
func stopList(name string) map[string]bool {
	b, err := stopFiles.ReadFile("stopwords/" + name)
	if err != nil {
		panic(err) // embedded at build time: cannot happen
	}
	m := map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(string(b)))
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "#")
		for _, w := range strings.Fields(line) {
			m[strings.ToLower(w)] = true
		}
	}
	return m
}
