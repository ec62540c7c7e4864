package insight

import (
	"testing"
	"time"

	"github.com/tandemhq/tandem"
)

func day(d int) time.Time { return time.Date(2026, 11, d, 0, 0, 0, 0, time.UTC) }

func TestBuild(t *testing.T) {
	data := &tandem.InsightData{
		Days: []tandem.DayCount{
			{Day: day(2), Responses: 4, OverallSum: 18},
			{Day: day(4), Responses: 2, OverallSum: 6},
		},
		Aspects: []tandem.AspectCount{
			{AspectKey: "window-view", Positive: 9, Negative: 1, ByCause: map[tandem.Party]int{tandem.PartyProvider: 1}},
			{AspectKey: "coffee-temperature", Positive: 2, Negative: 6, ByCause: map[tandem.Party]int{tandem.PartyCustomer: 5, tandem.PartyProvider: 1}},
		},
		Hours: []tandem.HourAspectCount{
			{AspectKey: "coffee-temperature", Hour: 9, Negative: 1, Total: 30},
			{AspectKey: "coffee-temperature", Hour: 15, Negative: 15, Total: 25},
			{AspectKey: "coffee-temperature", Hour: 6, Negative: 3, Total: 3}, // too few to count
		},
	}
	r := Build(data, day(1), day(5))
	if r.Responses != 6 {
		t.Errorf("Responses = %d, want 6", r.Responses)
	}
	if r.AvgOverall != 4 {
		t.Errorf("AvgOverall = %v, want 4", r.AvgOverall)
	}
	if len(r.Days) != 4 {
		t.Fatalf("Days = %d, want 4 (empty days included)", len(r.Days))
	}
	if r.Days[0].Responses != 0 || r.Days[1].AvgOverall != 4.5 || r.Days[3].AvgOverall != 3 {
		t.Errorf("Days = %+v", r.Days)
	}
	if r.Aspects[0].Key != "coffee-temperature" {
		t.Fatalf("first aspect = %s, want coffee-temperature (highest negative share)", r.Aspects[0].Key)
	}
	coffee := r.Aspects[0]
	if coffee.NegativeShare != 0.75 || coffee.MainCause != tandem.PartyCustomer {
		t.Errorf("coffee = %+v", coffee)
	}
	if coffee.Causes[0].Share != 5.0/6 {
		t.Errorf("customer share = %v, want 5/6", coffee.Causes[0].Share)
	}
	if coffee.PeakHour != 15 || coffee.PeakShare != 0.6 {
		t.Errorf("peak = %d %.2f, want 15 0.60", coffee.PeakHour, coffee.PeakShare)
	}
	if cc := r.CustomerCaused(); len(cc) != 1 || cc[0].Key != "coffee-temperature" {
		t.Errorf("CustomerCaused = %+v", cc)
	}
}

func TestBuildEmpty(t *testing.T) {
	r := Build(&tandem.InsightData{}, day(1), day(2))
	if r.Responses != 0 || r.AvgOverall != 0 || len(r.Days) != 1 || len(r.Aspects) != 0 {
		t.Errorf("empty report = %+v", r)
	}
}
