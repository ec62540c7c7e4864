package blueprintfile_test

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/blueprintfile"
	"github.com/tandemhq/tandem/demo"
)

// Every demo design survives export → import → export byte for byte, and
// the imported blueprint is the one exported, ids and times aside.
func TestRoundTrip(t *testing.T) {
	for _, k := range demo.ServiceKeys {
		svc, b, _ := demo.Scenario(k)
		b.Stale = tandem.StaleMarks{"steps." + b.Steps[0].Key + ".title": {"fi", "ru"}}
		first, err := blueprintfile.Encode(&svc, &b)
		if err != nil {
			t.Fatal(err)
		}
		f, err := blueprintfile.Decode(first)
		if err != nil {
			t.Fatalf("%s: Decode: %v\n%s", k, err, first)
		}
		second, err := blueprintfile.Encode(f.Service, f.Blueprint)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first, second) {
			t.Errorf("%s: second export differs:\n%s\nfirst:\n%s", k, second, first)
		}
		if !reflect.DeepEqual(f.Service.Name, svc.Name.Trimmed()) || !reflect.DeepEqual(f.Service.Description, svc.Description.Trimmed()) {
			t.Errorf("%s: service = %+v", k, f.Service)
		}
		if len(f.Blueprint.Steps) != len(b.Steps) || len(f.Blueprint.Aspects) != len(b.Aspects) {
			t.Fatalf("%s: %d steps, %d aspects", k, len(f.Blueprint.Steps), len(f.Blueprint.Aspects))
		}
		for i, s := range b.Steps {
			g := f.Blueprint.Steps[i]
			if g.Key != s.Key || g.Lane != s.Lane || !reflect.DeepEqual(g.Title, s.Title.Trimmed()) ||
				!reflect.DeepEqual(g.How, s.How.Trimmed()) || g.WindowMinutes != s.WindowMinutes ||
				g.CompanySpecific != s.CompanySpecific || !reflect.DeepEqual(g.Requirements, s.Requirements) ||
				len(g.Requests) != len(s.Requests) {
				t.Errorf("%s: step %d = %+v, want %+v", k, i, g, s)
			}
		}
		if !reflect.DeepEqual(f.Blueprint.Stale, b.Stale) || !reflect.DeepEqual(f.Blueprint.Readiness, b.Readiness) {
			t.Errorf("%s: stale %v readiness %v", k, f.Blueprint.Stale, f.Blueprint.Readiness)
		}
		if !strings.HasPrefix(string(first), "{\n  \"format\": \"tandem.blueprint/1\",\n  \"service\"") {
			t.Errorf("%s: file starts %q", k, first[:60])
		}
	}
}

// Files that are not this format are refused with the field named.
func TestRefused(t *testing.T) {
	svc, b := demo.Restaurant()
	good, err := blueprintfile.Encode(&svc, &b)
	if err != nil {
		t.Fatal(err)
	}
	s := string(good)
	for _, tc := range []struct {
		name, file, field, key string
	}{
		{"not JSON", "steps: 1", "file", "blueprintio.error.json"},
		{"cut short", s[:len(s)/2], "file", "blueprintio.error.json"},
		{"no format", `{"service": {}}`, "format", "blueprintio.error.no_format"},
		{"later format", strings.Replace(s, "tandem.blueprint/1", "tandem.blueprint/2", 1), "format", "blueprintio.error.format"},
		{"later format with new members", `{"format": "tandem.blueprint/2", "zones": []}`, "format", "blueprintio.error.format"},
		{"unknown lane", strings.Replace(s, `"lane": "backstage"`, `"lane": "kitchen"`, 1), "steps[", "error.lane"},
		{"unknown member", strings.Replace(s, `"lane": "customer"`, `"lane": "customer", "colour": "red"`, 1), "steps[0].colour", "blueprintio.error.unknown_field"},
		{"duplicate member", strings.Replace(s, `"format": "tandem.blueprint/1",`, `"format": "tandem.blueprint/1", "readiness": "all",`, 1), "readiness", "blueprintio.error.duplicate_field"},
		{"minutes as text", `{"format": "tandem.blueprint/1", "service": {"name": {"en": "X"}}, "steps": [{"key": "a1", "lane": "customer", "title": {"en": "A"}, "window_minutes": "five"}]}`, "steps[0].window_minutes", "blueprintio.error.wrong_type"},
		{"unknown party", `{"format": "tandem.blueprint/1", "service": {"name": {"en": "X"}}, "steps": [{"key": "a1", "lane": "customer", "title": {"en": "A"}}], "aspects": [{"key": "b1", "name": {"en": "B"}, "controlled_by": "weather"}]}`, "aspects[0].controlled_by", "error.party"},
		{"unknown language", `{"format": "tandem.blueprint/1", "service": {"name": {"en": "X"}}, "steps": [{"key": "a1", "lane": "customer", "title": {"en": "A", "de": "A"}}]}`, "steps[0].title.de", "error.language"},
		{"no steps", `{"format": "tandem.blueprint/1", "service": {"name": {"en": "X"}}, "steps": []}`, "steps", "error.steps_count"},
		{"no service name", `{"format": "tandem.blueprint/1", "service": {"name": {}}, "steps": [{"key": "a1", "lane": "customer", "title": {"en": "A"}}]}`, "service.name", "error.required"},
		{"repeated key", `{"format": "tandem.blueprint/1", "service": {"name": {"en": "X"}}, "steps": [{"key": "a1", "lane": "customer", "title": {"en": "A"}}, {"key": "a1", "lane": "customer", "title": {"en": "B"}}]}`, "steps[1].key", "error.key"},
		{"aspect of no step", `{"format": "tandem.blueprint/1", "service": {"name": {"en": "X"}}, "steps": [{"key": "a1", "lane": "customer", "title": {"en": "A"}}], "aspects": [{"key": "b1", "step": "zz", "name": {"en": "B"}, "controlled_by": "provider"}]}`, "aspects[0].step", "error.step_unknown"},
		{"stale text unknown", `{"format": "tandem.blueprint/1", "service": {"name": {"en": "X"}}, "steps": [{"key": "a1", "lane": "customer", "title": {"en": "A"}}], "stale": {"steps.zz.title": ["ru"]}}`, "stale.steps.zz.title", "blueprintio.error.stale_path"},
	} {
		_, err := blueprintfile.Decode([]byte(tc.file))
		if tandem.ErrorCode(err) != tandem.EINVALID || !strings.HasPrefix(tandem.ErrorField(err), tc.field) || tandem.ErrorKey(err) != tc.key {
			t.Errorf("%s: Decode = %v, want %s at %s", tc.name, err, tc.key, tc.field)
		}
	}
}
