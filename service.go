package tandem

import (
	"context"
	"slices"
	"time"
)

// Service is something the organization performs with its customers: a
// dine-in visit, a cafeteria lunch, day-time office cleaning. Its shape is a
// Blueprint; a service has one published blueprint version at a time.
type Service struct {
	ID          int64
	OrgID       int64
	SiteID      int64 // the site it is usually performed at; 0 for any
	Name        Text
	Description Text
	Version     int // current published blueprint version, 0 if none
	CreatedAt   time.Time
}

// Validate checks a service before it is stored.
func (s *Service) Validate() error {
	if err := s.Name.CheckMultiline("name"); err != nil {
		return err
	}
	if err := s.Description.CheckMultiline("description"); err != nil {
		return err
	}
	switch {
	case s.Name.Empty():
		return Invalid("name", "error.required")
	case s.Name.Longer(MaxTitleRunes):
		return Invalid("name", "error.text_long")
	case s.Description.Longer(MaxTextRunes):
		return Invalid("description", "error.text_long")
	}
	return nil
}

// Lane is who performs a step, as in a service blueprint (docs/concepts.md):
// the customer, the visible frontline, the backstage, and partners such as
// suppliers or banks (the support processes).
type Lane string

const (
	LaneCustomer  Lane = "customer"
	LaneFrontline Lane = "frontline"
	LaneBackstage Lane = "backstage"
	LanePartner   Lane = "partner"
)

// Lanes lists the lanes top to bottom, as a blueprint draws them.
var Lanes = []Lane{LaneCustomer, LaneFrontline, LaneBackstage, LanePartner}

// Valid reports whether l is a known lane.
func (l Lane) Valid() bool { return slices.Contains(Lanes, l) }

// Party is who controls an aspect of the service, and so who causes a
// negative one: the provider, the customer, a partner, or both sides.
type Party string

const (
	PartyProvider Party = "provider"
	PartyCustomer Party = "customer"
	PartyPartner  Party = "partner"
	PartyShared   Party = "shared"
)

// Parties lists every party.
var Parties = []Party{PartyProvider, PartyCustomer, PartyPartner, PartyShared}

// Valid reports whether p is a known party.
func (p Party) Valid() bool { return slices.Contains(Parties, p) }

// Blueprint is one published version of a service's design. It is never
// changed once published: a new design is a new version, so feedback and
// episodes always refer to the design the customer actually met.
type Blueprint struct {
	ID          int64
	OrgID       int64
	ServiceID   int64
	Version     int
	PublishedAt time.Time
	Steps       []Step   // in order of time
	Aspects     []Aspect // in display order

	// Preparation is what a customer should know before an appointment
	// ("bring your insurance card"); empty for walk-in services.
	Preparation Text
	// Readiness lists the readiness questions added to the feedback, at
	// most one per dimension.
	Readiness []Dimension
	// Stale marks the translations not touched since their English text
	// changed (see MarkStale); nil or empty when none are.
	Stale StaleMarks
}

// Step is one action in a service, in one lane. Customer steps carry the four
// supports customers need to co-produce well (the readiness dimensions of
// docs/concepts.md): why it is worth it, what is expected, how to do it,
// and what ability it needs with an assisted alternative.
type Step struct {
	ID              int64
	Key             string // stable across versions, e.g. "order-coffee"
	Lane            Lane
	Title           Text
	Why             Text // motivation: the customer's own benefit
	Expected        Text // role clarity: what is expected of the customer
	How             Text // know-how: instructions
	Ability         Text // what doing it requires, in words
	Assisted        Text // the assisted alternative, a real choice
	ExpectedMinutes int  // usual duration, 0 if not timed

	// Short is what regulars see instead of the full instructions; empty
	// means the title alone. First-timers always get everything.
	Short Text
	// CompanySpecific marks a step done differently here than elsewhere
	// ("here you pay before you sit"): shown in full to everyone.
	CompanySpecific bool
	// WindowMinutes is the ideal time from the previous step to this one
	// (coffee is best within 5 minutes of being served); 0 if none. When
	// it passes, the customer gets Nudge.
	WindowMinutes int
	Nudge         Text
	// Requirements are the abilities the step asks of the customer.
	Requirements []Requirement
	// Requests are the buttons with which the customer asks the frontline
	// for something on this step (customer steps only).
	Requests []RequestOption
}

// Aspect is a quality attribute customers judge, positive or negative.
type Aspect struct {
	ID           int64
	Key          string // stable across versions, e.g. "coffee-temperature"
	StepKey      string // the step it belongs to, "" for the whole service
	Name         Text
	ControlledBy Party // the default cause when customers find it negative
}

// Step returns the step with id, or nil.
func (b *Blueprint) Step(id int64) *Step {
	for i := range b.Steps {
		if b.Steps[i].ID == id {
			return &b.Steps[i]
		}
	}
	return nil
}

// Aspect returns the aspect with id, or nil.
func (b *Blueprint) Aspect(id int64) *Aspect {
	for i := range b.Aspects {
		if b.Aspects[i].ID == id {
			return &b.Aspects[i]
		}
	}
	return nil
}

// AspectByKey returns the aspect with key, or nil.
func (b *Blueprint) AspectByKey(key string) *Aspect {
	for i := range b.Aspects {
		if b.Aspects[i].Key == key {
			return &b.Aspects[i]
		}
	}
	return nil
}

// StepByKey returns the step with key, or nil.
func (b *Blueprint) StepByKey(key string) *Step {
	for i := range b.Steps {
		if b.Steps[i].Key == key {
			return &b.Steps[i]
		}
	}
	return nil
}

// Asks reports whether the blueprint's feedback asks about dimension d.
func (b *Blueprint) Asks(d Dimension) bool { return slices.Contains(b.Readiness, d) }

// CustomerSteps returns the steps the customer performs, in order.
func (b *Blueprint) CustomerSteps() []Step {
	var out []Step
	for _, s := range b.Steps {
		if s.Lane == LaneCustomer {
			out = append(out, s)
		}
	}
	return out
}

// MaxSteps and MaxAspects bound a blueprint's size, and the rune limits the
// length of each of its texts in each language: a line (a step's title,
// short version and nudge, an aspect's name), a step's guidance (why, what
// is expected, how, ability, assisted path), and the preparation. Customer
// pages stay small, and so does the editor's form.
const (
	MaxSteps         = 60
	MaxAspects       = 40
	MaxTitleRunes    = 200
	MaxGuidanceRunes = 1000
	MaxTextRunes     = 2000
)

// Validate checks a blueprint before it is published.
func (b *Blueprint) Validate() error {
	if len(b.Steps) == 0 || len(b.Steps) > MaxSteps {
		return Invalid("steps", "error.steps_count")
	}
	if len(b.Aspects) > MaxAspects {
		return Invalid("aspects", "error.aspects_count")
	}
	if err := b.Preparation.CheckMultiline("preparation"); err != nil {
		return err
	}
	if b.Preparation.Longer(MaxTextRunes) {
		return Invalid("preparation", "error.text_long")
	}
	steps := map[string]bool{}
	for _, s := range b.Steps {
		if !validKey(s.Key) || steps[s.Key] {
			return Invalid("steps.key", "error.key")
		}
		steps[s.Key] = true
		if !s.Lane.Valid() {
			return Invalid("steps.lane", "error.lane")
		}
		if s.Title.Empty() {
			return Invalid("steps.title", "error.required")
		}
		if err := s.validateTexts(); err != nil {
			return err
		}
		if err := s.validateRequests(); err != nil {
			return err
		}
		if s.ExpectedMinutes < 0 || s.ExpectedMinutes > 24*60 {
			return Invalid("steps.expected_minutes", "error.range")
		}
		if s.WindowMinutes < 0 || s.WindowMinutes > 24*60 {
			return Invalid("steps.window_minutes", "error.range")
		}
		if s.Lane != LaneCustomer && (s.CompanySpecific || s.WindowMinutes > 0 || len(s.Requirements) > 0) {
			return Invalid("steps.lane", "error.customer_only")
		}
		seen := map[Requirement]bool{}
		for _, r := range s.Requirements {
			if !r.Valid() || seen[r] {
				return Invalid("steps.requirements", "error.requirement")
			}
			seen[r] = true
		}
	}
	dims := map[Dimension]bool{}
	for _, d := range b.Readiness {
		if !d.Valid() || dims[d] {
			return Invalid("readiness", "error.dimension")
		}
		dims[d] = true
	}
	aspects := map[string]bool{}
	for _, a := range b.Aspects {
		if !validKey(a.Key) || aspects[a.Key] {
			return Invalid("aspects.key", "error.key")
		}
		aspects[a.Key] = true
		if a.StepKey != "" && !steps[a.StepKey] {
			return Invalid("aspects.step", "error.step_unknown")
		}
		if a.Name.Empty() {
			return Invalid("aspects.name", "error.required")
		}
		if err := a.Name.CheckMultiline("aspects.name"); err != nil {
			return err
		}
		if a.Name.Longer(MaxTitleRunes) {
			return Invalid("aspects.name", "error.text_long")
		}
		if !a.ControlledBy.Valid() {
			return Invalid("aspects.controlled_by", "error.party")
		}
	}
	return nil
}

// validateTexts refuses a step text longer than its limit in any language.
func (s *Step) validateTexts() error {
	for _, t := range []struct {
		field string
		text  Text
		max   int
	}{
		{"steps.title", s.Title, MaxTitleRunes},
		{"steps.short", s.Short, MaxTitleRunes},
		{"steps.nudge", s.Nudge, MaxTitleRunes},
		{"steps.why", s.Why, MaxGuidanceRunes},
		{"steps.expected", s.Expected, MaxGuidanceRunes},
		{"steps.how", s.How, MaxGuidanceRunes},
		{"steps.ability", s.Ability, MaxGuidanceRunes},
		{"steps.assisted", s.Assisted, MaxGuidanceRunes},
	} {
		if err := t.text.CheckMultiline(t.field); err != nil {
			return err
		}
		if t.text.Longer(t.max) {
			return Invalid(t.field, "error.text_long")
		}
	}
	return nil
}

func validKey(s string) bool { return validSlug(s) }

// ServiceStore stores services and their blueprint versions.
type ServiceStore interface {
	CreateService(ctx context.Context, s *Service) error
	FindService(ctx context.Context, orgID, id int64) (*Service, error)
	ListServices(ctx context.Context, orgID int64) ([]*Service, error)

	// CreateServiceWithBlueprint stores a new service with b as its first,
	// current version, all or nothing: when either is refused, neither is
	// stored. It fills in s's ID and Version, b's OrgID and ServiceID and
	// what PublishBlueprint fills in.
	CreateServiceWithBlueprint(ctx context.Context, s *Service, b *Blueprint) error

	// PublishBlueprint stores b as the service's next version and makes it
	// current; it fills in b's ID, Version, PublishedAt and step/aspect IDs.
	PublishBlueprint(ctx context.Context, b *Blueprint) error
	// FindBlueprint returns a blueprint version by its ID.
	FindBlueprint(ctx context.Context, orgID, id int64) (*Blueprint, error)
	// CurrentBlueprint returns the service's current version.
	CurrentBlueprint(ctx context.Context, orgID, serviceID int64) (*Blueprint, error)
}
