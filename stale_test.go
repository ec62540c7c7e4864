package tandem

import (
	"reflect"
	"testing"
)

func TestMarkStale(t *testing.T) {
	prev := &Blueprint{Steps: []Step{{Key: "order", Lane: LaneCustomer,
		Title: Text{"en": "Order", "ru": "Закажите", "fi": "Tilaa"},
		How:   Text{"en": "At the bar", "ru": "У стойки"}}},
		Aspects: []Aspect{{Key: "taste", Name: Text{"en": "Taste", "fi": "Maku"}}}}
	next := &Blueprint{Steps: []Step{{Key: "order", Lane: LaneCustomer,
		Title: Text{"en": "Order at the bar", "ru": "Закажите", "fi": "Tilaa tiskiltä"},
		How:   Text{"en": "At the bar", "ru": "У стойки"}}},
		Aspects: []Aspect{{Key: "taste", Name: Text{"en": "Flavour", "fi": "Maku"}}, {Key: "new", Name: Text{"en": "New", "fi": "Uusi"}}}}

	got := MarkStale(prev, next, nil)
	want := StaleMarks{"steps.order.title": {"ru"}, "aspects.taste.name": {"fi"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("MarkStale = %v, want %v", got, want)
	}
	// Confirmed translations are not stale.
	if got := MarkStale(prev, next, map[string]bool{"steps.order.title ru": true}); got.Has("steps.order.title", "ru") {
		t.Errorf("confirmed translation still stale: %v", got)
	}
	// A mark carries over to the next version until the translation is
	// edited, even when the English does not change again.
	next.Stale = got
	third := *next
	third.Steps = []Step{next.Steps[0]}
	third.Steps[0].Title = Text{"en": "Order at the bar", "ru": "Закажите у стойки", "fi": "Tilaa tiskiltä"}
	if got := MarkStale(next, &third, nil); !reflect.DeepEqual(got, StaleMarks{"aspects.taste.name": {"fi"}}) {
		t.Errorf("third version: %v", got)
	}
	// No previous version, nothing stale.
	if got := MarkStale(nil, next, nil); len(got) != 0 {
		t.Errorf("first version: %v", got)
	}
}
