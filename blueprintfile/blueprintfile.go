// Package blueprintfile reads and writes a service's blueprint as a file,
// so one design can be copied to other sites and organizations, kept in
// version control or written by hand.
//
// The format, "tandem.blueprint/1", is a JSON object:
//
//	{
//	  "format": "tandem.blueprint/1",
//	  "service": {"name": {"en": "..."}, "description": {...}},
//	  "steps": [{
//	    "key": "order-coffee", "lane": "customer",
//	    "title": {"en": "...", "ru": "...", "fi": "..."},
//	    "short", "why", "expected", "how", "ability", "assisted", "nudge": texts,
//	    "expected_minutes": 2, "window_minutes": 5, "company_specific": true,
//	    "requirements": ["bank-card"],
//	    "requests": [{"key": "coffee-later", "label": {...}, "delay_minutes": 20}]
//	  }],
//	  "aspects": [{"key": "coffee-temperature", "step": "bring-coffee",
//	               "name": {...}, "controlled_by": "customer"}],
//	  "readiness": ["motivation", "role", "knowhow", "ability"],
//	  "preparation": {"en": "..."},
//	  "stale": {"steps.order-coffee.title": ["ru"]}
//	}
//
// A text is an object from language code (en, ru, fi) to text; empty
// texts, zero numbers, false flags and empty lists are left out. Keys are
// kept on import, so feedback on a service imported as a new version of
// itself lines up with the earlier versions. Ids and timestamps are never
// in a file. Every member not listed here is refused, naming it, as is any
// other format version: a later format is read by a later Tandem.
package blueprintfile

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"github.com/tandemhq/tandem"
)

// Format is the format version this package writes and reads.
const Format = "tandem.blueprint/1"

// MaxBytes bounds a file: a blueprint at every limit of Blueprint.Validate
// in three languages stays well below it.
const MaxBytes = 4 << 20

// File is a service's design as the file holds it.
type File struct {
	Service   *tandem.Service // Name and Description only
	Blueprint *tandem.Blueprint
}

type fileJSON struct {
	Format      string              `json:"format"`
	Service     serviceJSON         `json:"service"`
	Steps       []stepJSON          `json:"steps"`
	Aspects     []aspectJSON        `json:"aspects,omitempty"`
	Readiness   []string            `json:"readiness,omitempty"`
	Preparation map[string]string   `json:"preparation,omitempty"`
	Stale       map[string][]string `json:"stale,omitempty"`
}

type serviceJSON struct {
	Name        map[string]string `json:"name"`
	Description map[string]string `json:"description,omitempty"`
}

type stepJSON struct {
	Key             string            `json:"key"`
	Lane            string            `json:"lane"`
	Title           map[string]string `json:"title"`
	Short           map[string]string `json:"short,omitempty"`
	Why             map[string]string `json:"why,omitempty"`
	Expected        map[string]string `json:"expected,omitempty"`
	How             map[string]string `json:"how,omitempty"`
	Ability         map[string]string `json:"ability,omitempty"`
	Assisted        map[string]string `json:"assisted,omitempty"`
	Nudge           map[string]string `json:"nudge,omitempty"`
	ExpectedMinutes int               `json:"expected_minutes,omitempty"`
	WindowMinutes   int               `json:"window_minutes,omitempty"`
	CompanySpecific bool              `json:"company_specific,omitempty"`
	Requirements    []string          `json:"requirements,omitempty"`
	Requests        []requestJSON     `json:"requests,omitempty"`
}

type requestJSON struct {
	Key          string            `json:"key"`
	Label        map[string]string `json:"label"`
	DelayMinutes int               `json:"delay_minutes,omitempty"`
}

type aspectJSON struct {
	Key          string            `json:"key"`
	Step         string            `json:"step,omitempty"`
	Name         map[string]string `json:"name"`
	ControlledBy string            `json:"controlled_by"`
}

// texts maps a step's texts in the file to the step's own.
func stepTexts(j *stepJSON) []*map[string]string {
	return []*map[string]string{&j.Title, &j.Short, &j.Why, &j.Expected, &j.How, &j.Ability, &j.Assisted, &j.Nudge}
}

func textOut(t tandem.Text) map[string]string {
	t = t.Trimmed()
	if len(t) == 0 {
		return nil
	}
	return t
}

// FileName is the name a service's blueprint file is offered under:
// blueprint-ID-vN.json.
func FileName(svc *tandem.Service) string {
	return "blueprint-" + strconv.FormatInt(svc.ID, 10) + "-v" + strconv.Itoa(svc.Version) + ".json"
}

// Encode writes the service's name and description and the blueprint b as
// a file: indented JSON with members in a fixed order, so the same design
// always gives the same bytes.
func Encode(svc *tandem.Service, b *tandem.Blueprint) ([]byte, error) {
	f := fileJSON{Format: Format,
		Service:     serviceJSON{Name: textOut(svc.Name), Description: textOut(svc.Description)},
		Steps:       make([]stepJSON, 0, len(b.Steps)),
		Preparation: textOut(b.Preparation),
	}
	if f.Service.Name == nil {
		f.Service.Name = map[string]string{}
	}
	for _, d := range b.Readiness {
		f.Readiness = append(f.Readiness, string(d))
	}
	for i := range b.Steps {
		s := &b.Steps[i]
		j := stepJSON{Key: s.Key, Lane: string(s.Lane), ExpectedMinutes: s.ExpectedMinutes,
			WindowMinutes: s.WindowMinutes, CompanySpecific: s.CompanySpecific}
		for k, p := range stepTexts(&j) {
			*p = textOut(*s.StepText(tandem.StepTextNames[k]))
		}
		if j.Title == nil {
			j.Title = map[string]string{}
		}
		for _, r := range s.Requirements {
			j.Requirements = append(j.Requirements, string(r))
		}
		for _, o := range s.Requests {
			l := textOut(o.Label)
			if l == nil {
				l = map[string]string{}
			}
			j.Requests = append(j.Requests, requestJSON{Key: o.Key, Label: l, DelayMinutes: o.DelayMinutes})
		}
		f.Steps = append(f.Steps, j)
	}
	for _, a := range b.Aspects {
		n := textOut(a.Name)
		if n == nil {
			n = map[string]string{}
		}
		f.Aspects = append(f.Aspects, aspectJSON{Key: a.Key, Step: a.StepKey, Name: n, ControlledBy: string(a.ControlledBy)})
	}
	if len(b.Stale) > 0 {
		f.Stale = b.Stale
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(f); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Decode reads a file. A file that is not JSON, has another format version,
// a member this format does not have, a value of the wrong type or an
// unknown lane, party, requirement, readiness question or language is
// refused with a tandem.Invalid naming the field ("steps[2].lane"); the
// blueprint is then checked with Blueprint.Validate. The service holds the
// name and description, the blueprint the design; neither has ids.
func Decode(data []byte) (*File, error) {
	if len(data) > MaxBytes {
		return nil, tandem.Invalid("file", "blueprintio.error.too_large")
	}
	// The format is read first, so that a later format is named as such
	// rather than by the first member this version does not know.
	var head struct {
		Format *string `json:"format"`
	}
	if err := jsonv2.Unmarshal(data, &head); err != nil {
		return nil, decodeErr(err)
	}
	switch {
	case head.Format == nil:
		return nil, tandem.Invalid("format", "blueprintio.error.no_format")
	case *head.Format != Format:
		return nil, tandem.Invalid("format", "blueprintio.error.format")
	}
	var f fileJSON
	if err := jsonv2.Unmarshal(data, &f, jsonv2.RejectUnknownMembers(true)); err != nil {
		return nil, decodeErr(err)
	}
	svc := &tandem.Service{}
	b := &tandem.Blueprint{}
	var err error
	if svc.Name, err = textIn("service.name", f.Service.Name); err != nil {
		return nil, err
	}
	if svc.Description, err = textIn("service.description", f.Service.Description); err != nil {
		return nil, err
	}
	if err := svc.Validate(); err != nil {
		return nil, tandem.Invalid("service."+tandem.ErrorField(err), tandem.ErrorKey(err))
	}
	if b.Preparation, err = textIn("preparation", f.Preparation); err != nil {
		return nil, err
	}
	for i, d := range f.Readiness {
		if !tandem.Dimension(d).Valid() {
			return nil, tandem.Invalid(fmt.Sprintf("readiness[%d]", i), "error.dimension")
		}
		b.Readiness = append(b.Readiness, tandem.Dimension(d))
	}
	for i := range f.Steps {
		j := &f.Steps[i]
		at := fmt.Sprintf("steps[%d].", i)
		s := tandem.Step{Key: j.Key, Lane: tandem.Lane(j.Lane), ExpectedMinutes: j.ExpectedMinutes,
			WindowMinutes: j.WindowMinutes, CompanySpecific: j.CompanySpecific}
		if !s.Lane.Valid() {
			return nil, tandem.Invalid(at+"lane", "error.lane")
		}
		for k, p := range stepTexts(j) {
			name := tandem.StepTextNames[k]
			t, err := textIn(at+name, *p)
			if err != nil {
				return nil, err
			}
			*s.StepText(name) = t
		}
		for k, r := range j.Requirements {
			if !tandem.Requirement(r).Valid() {
				return nil, tandem.Invalid(fmt.Sprintf("%srequirements[%d]", at, k), "error.requirement")
			}
			s.Requirements = append(s.Requirements, tandem.Requirement(r))
		}
		for k, o := range j.Requests {
			l, err := textIn(fmt.Sprintf("%srequests[%d].label", at, k), o.Label)
			if err != nil {
				return nil, err
			}
			s.Requests = append(s.Requests, tandem.RequestOption{Key: o.Key, Label: l, DelayMinutes: o.DelayMinutes})
		}
		b.Steps = append(b.Steps, s)
	}
	for i, a := range f.Aspects {
		at := fmt.Sprintf("aspects[%d].", i)
		if !tandem.Party(a.ControlledBy).Valid() {
			return nil, tandem.Invalid(at+"controlled_by", "error.party")
		}
		n, err := textIn(at+"name", a.Name)
		if err != nil {
			return nil, err
		}
		b.Aspects = append(b.Aspects, tandem.Aspect{Key: a.Key, StepKey: a.Step, Name: n, ControlledBy: tandem.Party(a.ControlledBy)})
	}
	if err := validate(b); err != nil {
		return nil, err
	}
	if len(f.Stale) > 0 {
		paths := map[string]bool{}
		for _, t := range b.Texts() {
			paths[t.Path] = true
		}
		b.Stale = tandem.StaleMarks{}
		for p, langs := range f.Stale {
			if !paths[p] {
				return nil, tandem.Invalid("stale."+p, "blueprintio.error.stale_path")
			}
			for _, l := range langs {
				if !tandem.SupportedLanguage(l) || l == "en" {
					return nil, tandem.Invalid("stale."+p, "error.language")
				}
			}
			b.Stale[p] = langs
		}
	}
	return &File{Service: svc, Blueprint: b}, nil
}

// validate runs Blueprint.Validate and, when it refuses, names the step or
// aspect at fault by checking one item more at a time.
func validate(b *tandem.Blueprint) error {
	err := b.Validate()
	if err == nil {
		return nil
	}
	field := tandem.ErrorField(err)
	key := tandem.ErrorKey(err)
	switch {
	case strings.HasPrefix(field, "steps."):
		for i := range b.Steps {
			t := tandem.Blueprint{Steps: b.Steps[:i+1]}
			if e := t.Validate(); e != nil && strings.HasPrefix(tandem.ErrorField(e), "steps.") {
				return tandem.Invalid(fmt.Sprintf("steps[%d].%s", i, strings.TrimPrefix(field, "steps.")), key)
			}
		}
	case strings.HasPrefix(field, "aspects."):
		for i := range b.Aspects {
			t := tandem.Blueprint{Steps: b.Steps, Aspects: b.Aspects[:i+1]}
			if e := t.Validate(); e != nil && strings.HasPrefix(tandem.ErrorField(e), "aspects.") {
				return tandem.Invalid(fmt.Sprintf("aspects[%d].%s", i, strings.TrimPrefix(field, "aspects.")), key)
			}
		}
	}
	return err
}

// textIn reads a text, refusing languages Tandem does not speak.
func textIn(field string, m map[string]string) (tandem.Text, error) {
	t := tandem.Text{}
	for l, s := range m {
		if !tandem.SupportedLanguage(l) {
			return nil, tandem.Invalid(field+"."+l, "error.language")
		}
		if s = strings.TrimSpace(s); s != "" {
			t[l] = s
		}
	}
	return t, nil
}

// decodeErr names where a file that does not read as this format fails.
func decodeErr(err error) error {
	var sem *jsonv2.SemanticError
	var syn *jsontext.SyntacticError
	switch {
	case errors.As(err, &sem) && errors.Is(sem.Err, jsonv2.ErrUnknownName):
		return tandem.Invalid(fieldName(sem.JSONPointer), "blueprintio.error.unknown_field")
	case errors.As(err, &sem) && sem.JSONPointer != "":
		return tandem.Invalid(fieldName(sem.JSONPointer), "blueprintio.error.wrong_type")
	case errors.As(err, &syn) && errors.Is(syn.Err, jsontext.ErrDuplicateName):
		return tandem.Invalid(fieldName(syn.JSONPointer), "blueprintio.error.duplicate_field")
	}
	return tandem.Invalid("file", "blueprintio.error.json")
}

// fieldName spells a JSON pointer as the field names in the file:
// /steps/2/lane is steps[2].lane.
func fieldName(p jsontext.Pointer) string {
	var b strings.Builder
	for tok := range p.Tokens() {
		if _, err := strconv.Atoi(tok); err == nil {
			b.WriteString("[" + tok + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(tok)
	}
	if b.Len() == 0 {
		return "file"
	}
	return b.String()
}
