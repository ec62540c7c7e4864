package tandem

import (
	"slices"
	"sort"
)

// StaleMarks records, per text of a blueprint version, the translations
// that were not touched when their English source changed: they may no
// longer say what the English says. A text is named by its path in the
// blueprint (see TextRef); the languages are sorted. Customers still see a
// stale translation: it is usually closer than English, and the editor asks
// the manager to look at it.
type StaleMarks map[string][]string

// Has reports whether the translation of the text at path into lang is stale.
func (m StaleMarks) Has(path, lang string) bool { return slices.Contains(m[path], lang) }

// add marks lang of path stale.
func (m StaleMarks) add(path, lang string) {
	if !m.Has(path, lang) {
		m[path] = append(m[path], lang)
		sort.Strings(m[path])
	}
}

// TextRef is one translatable text of a blueprint and its path, which is
// built from keys so it stays the same across versions:
// "preparation", "steps.KEY.title" (and short, why, expected, how, ability,
// assisted, nudge), "steps.KEY.requests.KEY.label", "aspects.KEY.name".
type TextRef struct {
	Path string
	Text Text
}

// StepTextNames lists the names of a step's texts, in the order editors
// show them.
var StepTextNames = []string{"title", "short", "why", "expected", "how", "ability", "assisted", "nudge"}

// StepText returns the step's text with name (one of StepTextNames), or nil.
func (s *Step) StepText(name string) *Text {
	switch name {
	case "title":
		return &s.Title
	case "short":
		return &s.Short
	case "why":
		return &s.Why
	case "expected":
		return &s.Expected
	case "how":
		return &s.How
	case "ability":
		return &s.Ability
	case "assisted":
		return &s.Assisted
	case "nudge":
		return &s.Nudge
	}
	return nil
}

// Texts lists every translatable text of the blueprint with its path.
func (b *Blueprint) Texts() []TextRef {
	out := []TextRef{{"preparation", b.Preparation}}
	for i := range b.Steps {
		s := &b.Steps[i]
		for _, n := range StepTextNames {
			out = append(out, TextRef{"steps." + s.Key + "." + n, *s.StepText(n)})
		}
		for _, o := range s.Requests {
			out = append(out, TextRef{"steps." + s.Key + ".requests." + o.Key + ".label", o.Label})
		}
	}
	for _, a := range b.Aspects {
		out = append(out, TextRef{"aspects." + a.Key + ".name", a.Name})
	}
	return out
}

// MarkStale works out which translations of next are stale against prev,
// the version it replaces (nil for a first version). A translation is stale
// when the English text changed (not when it was first written) and the
// translation did not, or when it was
// stale in prev and still was not edited. Editing a translation, or
// confirming it (confirmed holds "path lang" for each translation the
// manager ticked as still correct), clears the mark. Missing translations
// are never stale: they are missing.
func MarkStale(prev, next *Blueprint, confirmed map[string]bool) StaleMarks {
	m := StaleMarks{}
	if prev == nil {
		return m
	}
	before := map[string]Text{}
	for _, t := range prev.Texts() {
		before[t.Path] = t.Text
	}
	for _, t := range next.Texts() {
		old, ok := before[t.Path]
		if !ok || t.Text["en"] == "" {
			continue
		}
		for _, l := range Languages {
			if l == "en" || t.Text[l] == "" || t.Text[l] != old[l] || confirmed[t.Path+" "+l] {
				continue
			}
			if old["en"] != "" && t.Text["en"] != old["en"] || prev.Stale.Has(t.Path, l) {
				m.add(t.Path, l)
			}
		}
	}
	return m
}
