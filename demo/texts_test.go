package demo

import (
	"reflect"
	"testing"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/i18n"
)

// The demo speaks the product's words: no text of the demo organization
// (its services, blueprints, sites, staff, touchpoints, the customers'
// comments and praise) uses a variant GLOSSARY.md forbids.
func TestDemoTexts(t *testing.T) {
	g, err := i18n.LoadGlossary()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	check := func(where, lang, s string) {
		n++
		for _, v := range g.Violations(lang, "", s) {
			t.Errorf("%s (%s) %q: %s", where, lang, s, v)
		}
	}
	textType := reflect.TypeOf(tandem.Text{})
	var walk func(where string, v reflect.Value)
	walk = func(where string, v reflect.Value) {
		switch {
		case v.Type() == textType:
			for it := v.MapRange(); it.Next(); {
				check(where, it.Key().String(), it.Value().String())
			}
			return
		}
		switch v.Kind() {
		case reflect.Pointer, reflect.Interface:
			if !v.IsNil() {
				walk(where, v.Elem())
			}
		case reflect.Struct:
			for i := 0; i < v.NumField(); i++ {
				walk(where+"."+v.Type().Field(i).Name, v.Field(i))
			}
		case reflect.Slice, reflect.Array:
			for i := 0; i < v.Len(); i++ {
				walk(where, v.Index(i))
			}
		case reflect.Map:
			for it := v.MapRange(); it.Next(); {
				walk(where, it.Value())
			}
		}
	}
	for _, key := range ServiceKeys {
		s, b, _ := Scenario(key)
		walk(key+" service", reflect.ValueOf(s))
		walk(key+" blueprint", reflect.ValueOf(b))
	}
	walk("sites", reflect.ValueOf(siteDefs))
	walk("staff", reflect.ValueOf(staffDefs))
	walk("touchpoints", reflect.ValueOf(tpDefs))
	for _, texts := range []map[string]map[string][]string{comments, praises} {
		for topic, byLang := range texts {
			for lang, list := range byLang {
				for _, s := range list {
					check("comment "+topic, lang, s)
				}
			}
		}
	}
	if n < 500 {
		t.Fatalf("checked only %d demo texts; the walk misses some", n)
	}
}
