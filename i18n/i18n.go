// Package i18n translates Tandem's user-visible strings. Each language is a
// folder of flat JSON files ("dotted.key": "text"), merged at start-up; a key
// missing in a language falls back to English. A new language needs more
// than its folder: its code in tandem.Languages, which lists the languages
// texts are written in, its plural rules in pluralForm unless English's fit,
// and its own name in the manager pages' language menu (web/manage).
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

//go:embed locales
var localesFS embed.FS

// Catalog holds every language's messages.
type Catalog struct {
	langs    []string
	messages map[string]map[string]string // lang → key → text
}

// Load reads the embedded locales. It fails on malformed files and on a key
// defined twice in one language.
func Load() (*Catalog, error) { return load(localesFS) }

// MustLoad is Load for start-up code and tests.
func MustLoad() *Catalog {
	c, err := Load()
	if err != nil {
		panic(err)
	}
	return c
}

func load(fsys fs.FS) (*Catalog, error) {
	c := &Catalog{messages: map[string]map[string]string{}}
	dirs, err := fs.ReadDir(fsys, "locales")
	if err != nil {
		return nil, err
	}
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		lang := d.Name()
		msgs := map[string]string{}
		files, err := fs.Glob(fsys, path.Join("locales", lang, "*.json"))
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			b, err := fs.ReadFile(fsys, f)
			if err != nil {
				return nil, err
			}
			var m map[string]string
			if err := json.Unmarshal(b, &m); err != nil {
				return nil, fmt.Errorf("i18n: %s: %w", f, err)
			}
			for k, v := range m {
				if _, dup := msgs[k]; dup {
					return nil, fmt.Errorf("i18n: %s: key %q defined twice", f, k)
				}
				msgs[k] = v
			}
		}
		c.messages[lang] = msgs
		c.langs = append(c.langs, lang)
	}
	sort.Slice(c.langs, func(i, j int) bool { return langOrder(c.langs[i]) < langOrder(c.langs[j]) })
	if c.messages["en"] == nil {
		return nil, fmt.Errorf("i18n: no English locale")
	}
	return c, nil
}

// English first, then the rest alphabetically.
func langOrder(l string) string {
	if l == "en" {
		return ""
	}
	return l
}

// Languages returns the catalog's languages, English first.
func (c *Catalog) Languages() []string { return c.langs }

// Keys returns every key of lang, sorted.
func (c *Catalog) Keys(lang string) []string {
	keys := make([]string, 0, len(c.messages[lang]))
	for k := range c.messages[lang] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Has reports whether lang is in the catalog.
func (c *Catalog) Has(lang string) bool { _, ok := c.messages[lang]; return ok }

// Printer returns a printer for lang; an unknown language prints English.
func (c *Catalog) Printer(lang string) *Printer {
	if !c.Has(lang) {
		lang = "en"
	}
	return &Printer{Lang: lang, c: c}
}

// Printer translates into one language.
type Printer struct {
	Lang string
	c    *Catalog
}

// T returns the text of key, formatted with args in fmt style. A key missing
// everywhere is returned as is, so a slip shows instead of vanishing.
func (p *Printer) T(key string, args ...any) string {
	s, ok := p.c.messages[p.Lang][key]
	if !ok {
		if s, ok = p.c.messages["en"][key]; !ok {
			return key
		}
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// In returns the text of key as a face of the product words it: the key
// under the face's prefix ("customer.", "api.", "manage.") when the
// catalog has that, else the key itself. Domain errors carry one key, and
// each face may say it in its own way, plainer on a customer's page and
// more technical in the API.
func (p *Printer) In(face, key string) string {
	if _, ok := p.c.messages["en"][face+key]; ok {
		return p.T(face + key)
	}
	return p.T(key)
}

// Plural returns the text of key for n, choosing the CLDR plural form of the
// printer's language: key.one, key.few, key.many or key.other. The text may
// use %d for n, written as the language groups thousands ("1 369").
func (p *Printer) Plural(key string, n int) string {
	form := pluralForm(p.Lang, n)
	k := key + "." + form
	if _, ok := p.c.messages[p.Lang][k]; !ok {
		k = key + ".other"
	}
	s := p.T(k)
	return strings.ReplaceAll(s, "%d", p.Int(n))
}

// pluralForm implements the CLDR cardinal rules for integers.
func pluralForm(lang string, n int) string {
	if n < 0 {
		n = -n
	}
	switch lang {
	case "ru":
		switch {
		case n%10 == 1 && n%100 != 11:
			return "one"
		case n%10 >= 2 && n%10 <= 4 && (n%100 < 12 || n%100 > 14):
			return "few"
		default:
			return "many"
		}
	default: // en, fi
		if n == 1 {
			return "one"
		}
		return "other"
	}
}

// Negotiate picks the best catalog language for an Accept-Language header,
// English when nothing matches.
func (c *Catalog) Negotiate(acceptLanguage string) string {
	best, bestQ := "en", -1.0
	for _, part := range strings.Split(acceptLanguage, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		base, _, _ := strings.Cut(strings.ToLower(tag), "-")
		if c.Has(base) && q > bestQ {
			best, bestQ = base, q
		}
	}
	return best
}
