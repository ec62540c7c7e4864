package i18n

import (
	_ "embed"
	"fmt"
	"regexp"
	"strings"
)

// GLOSSARY.md names one word per concept in each language; its "glossary"
// block lists the variants no text may use. The glossary file is the
// source: the tests of the catalogues and of the demo texts read it here.
//
//go:embed GLOSSARY.md
var glossaryMD string

// Term is one checked line of the glossary: an approved word (Use) or a
// variant no text may contain (Forbid), in one language.
type Term struct {
	Lang, Concept string
	Forbid        bool
	Pattern       string
	Skip          string // a key prefix the line does not apply to
	Catalogue     bool   // the line applies to catalogue strings only
	re            *regexp.Regexp
}

// Glossary is the checked part of GLOSSARY.md.
type Glossary struct{ Terms []Term }

// LoadGlossary parses the glossary block of GLOSSARY.md.
func LoadGlossary() (*Glossary, error) { return parseGlossary(glossaryMD) }

func parseGlossary(md string) (*Glossary, error) {
	_, block, ok := strings.Cut(md, "```glossary\n")
	if !ok {
		return nil, fmt.Errorf("i18n: GLOSSARY.md has no glossary block")
	}
	block, _, _ = strings.Cut(block, "```")
	g := &Glossary{}
	for n, line := range strings.Split(block, "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if len(f) < 4 || (f[2] != "use" && f[2] != "forbid") {
			return nil, fmt.Errorf("i18n: glossary line %d: want \"lang concept use|forbid pattern [skip=prefix] [catalogue]\", got %q", n+1, line)
		}
		t := Term{Lang: f[0], Concept: f[1], Forbid: f[2] == "forbid", Pattern: f[3]}
		for _, opt := range f[4:] {
			if skip, ok := strings.CutPrefix(opt, "skip="); ok {
				t.Skip = skip
			} else if opt == "catalogue" {
				t.Catalogue = true
			} else {
				return nil, fmt.Errorf("i18n: glossary line %d: unknown field %q", n+1, opt)
			}
		}
		re, err := regexp.Compile(`(?i)(?:^|[^\pL])(?:` + t.Pattern + `)(?:[^\pL]|$)`)
		if err != nil {
			return nil, fmt.Errorf("i18n: glossary line %d: %w", n+1, err)
		}
		t.re = re
		g.Terms = append(g.Terms, t)
	}
	return g, nil
}

// Violations returns the forbidden variants text contains, text being a
// catalogue string of lang under key, or another text (a demo's) when key
// is "".
// Approved words are blanked out first, so a forbidden stem inside an
// approved phrase does not count.
func (g *Glossary) Violations(lang, key, text string) []string {
	clean := text
	for _, t := range g.Terms {
		if t.Lang == lang && !t.Forbid {
			clean = t.re.ReplaceAllString(clean, " ")
		}
	}
	var out []string
	for _, t := range g.Terms {
		if t.Lang != lang || !t.Forbid || (t.Skip != "" && strings.HasPrefix(key, t.Skip)) || (t.Catalogue && key == "") {
			continue
		}
		if m := t.re.FindString(clean); m != "" {
			out = append(out, fmt.Sprintf("%s %q (glossary: %s)", t.Concept, strings.TrimSpace(m), t.Pattern))
		}
	}
	return out
}

// Used reports whether an approved term's pattern matches text.
func (t Term) Used(text string) bool { return t.re.MatchString(text) }
