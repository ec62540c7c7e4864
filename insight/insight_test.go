package insight

import (
	"fmt"
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

// TestPeakHour: the report's peak hour counts negatives over all aspects
// in every hour, however few judgements an hour has, unlike an aspect's
// peak, which is a share among hours with enough judgements.
func TestPeakHour(t *testing.T) {
	for _, tc := range []struct {
		name            string
		hours           []tandem.HourAspectCount
		peak, negatives int
	}{
		{"over all aspects", []tandem.HourAspectCount{
			{AspectKey: "coffee-temperature", Hour: 6, Negative: 3, Total: 3},    // too few for coffee's own peak
			{AspectKey: "window-view", Hour: 6, Negative: 14, Total: 100},        // a small share, but many
			{AspectKey: "coffee-temperature", Hour: 15, Negative: 15, Total: 25}, // coffee's own peak
		}, 6, 17}, // 3 + 14 at 6 beats 15 at 15
		{"the earlier hour on a tie", []tandem.HourAspectCount{
			{AspectKey: "window-view", Hour: 20, Negative: 4, Total: 30},
			{AspectKey: "window-view", Hour: 8, Negative: 2, Total: 30},
			{AspectKey: "coffee-temperature", Hour: 8, Negative: 2, Total: 30},
		}, 8, 4},
		{"hours off the clock ignored", []tandem.HourAspectCount{
			{AspectKey: "window-view", Hour: 24, Negative: 9, Total: 9},
			{AspectKey: "window-view", Hour: -1, Negative: 9, Total: 9},
			{AspectKey: "window-view", Hour: 23, Negative: 1, Total: 9},
		}, 23, 1},
		{"no negatives", []tandem.HourAspectCount{
			{AspectKey: "window-view", Hour: 12, Negative: 0, Total: 40},
		}, -1, 0},
		{"no judgements", nil, -1, 0},
	} {
		r := Build(&tandem.InsightData{Hours: tc.hours}, day(1), day(2))
		if r.PeakHour != tc.peak || r.PeakNegatives != tc.negatives {
			t.Errorf("%s: peak %d with %d negatives, want %d with %d", tc.name, r.PeakHour, r.PeakNegatives, tc.peak, tc.negatives)
		}
	}
}

// TestOpportunities: the design opportunities are the aspects whose main
// cause is the customer, in the report's ranking; a tie between causes
// goes to the party listed first (the provider), so it is no opportunity.
func TestOpportunities(t *testing.T) {
	cause := func(provider, customer int) map[tandem.Party]int {
		return map[tandem.Party]int{tandem.PartyProvider: provider, tandem.PartyCustomer: customer}
	}
	r := Build(&tandem.InsightData{Aspects: []tandem.AspectCount{
		{AspectKey: "bread-basket", Positive: 8, Negative: 2, ByCause: cause(0, 2)},                // 20% negative, all the customer's
		{AspectKey: "coffee-temperature", Positive: 2, Negative: 8, ByCause: cause(2, 6)},          // 80%, customer 6 of 8
		{AspectKey: "window-view", Positive: 5, Negative: 5, ByCause: cause(5, 0)},                 // 50%, the provider's
		{AspectKey: "dessert-timing", Positive: 6, Negative: 4, ByCause: cause(2, 2)},              // 40%, a tie
		{AspectKey: "friendly-waiter", Positive: 10, Negative: 0, ByCause: map[tandem.Party]int{}}, // no negatives
	}}, day(1), day(2))
	var keys []string
	for _, a := range r.CustomerCaused() {
		keys = append(keys, a.Key)
	}
	if got := fmt.Sprint(keys); got != "[coffee-temperature bread-basket]" {
		t.Errorf("opportunities = %s, want [coffee-temperature bread-basket]", got)
	}
	share := map[string]float64{}
	for _, a := range r.Aspects {
		share[a.Key] = a.CustomerShare
	}
	want := map[string]float64{"coffee-temperature": 0.75, "bread-basket": 1, "window-view": 0, "dessert-timing": 0.5, "friendly-waiter": 0}
	for k, w := range want {
		if share[k] != w {
			t.Errorf("%s: customer share %v, want %v", k, share[k], w)
		}
	}
	if none := Build(&tandem.InsightData{}, day(1), day(2)).CustomerCaused(); len(none) != 0 {
		t.Errorf("opportunities without aspects = %+v", none)
	}
}

// TestPraiseOrder: most praised first whatever order storage gave; equal
// counts by name, then by staff id.
func TestPraiseOrder(t *testing.T) {
	stored := []tandem.PraiseCount{
		{StaffID: 4, Name: "Anna", Count: 1},
		{StaffID: 7, Name: "Boris", Count: 3},
		{StaffID: 5, Name: "Cecilia", Count: 3},
		{StaffID: 2, Name: "Boris", Count: 3}, // another Boris
		{StaffID: 9, Name: "Dmitri", Count: 5},
	}
	r := Build(&tandem.InsightData{Praise: stored}, day(1), day(2))
	var got []int64
	for _, p := range r.Praise {
		got = append(got, p.StaffID)
	}
	if fmt.Sprint(got) != "[9 2 7 5 4]" {
		t.Errorf("praise order = %v, want [9 2 7 5 4] (Dmitri 5, Boris 3 twice, Cecilia 3, Anna 1)", got)
	}
	if stored[0].StaffID != 4 || stored[4].StaffID != 9 {
		t.Errorf("Build reordered its input: %+v", stored)
	}
}

// TestCommentBound: a report carries the newest MaxComments comments and
// says when there were more.
func TestCommentBound(t *testing.T) {
	comments := func(n int) []tandem.Comment {
		var out []tandem.Comment
		for id := n; id > 0; id-- { // newest first, as storage gives them
			out = append(out, tandem.Comment{FeedbackID: int64(id), Text: fmt.Sprint("comment ", id)})
		}
		return out
	}
	for _, tc := range []struct {
		stored, kept int
		first, last  int64
		more         bool
	}{
		{25, 20, 25, 6, true},
		{21, 20, 21, 2, true},
		{20, 20, 20, 1, false},
		{3, 3, 3, 1, false},
	} {
		r := Build(&tandem.InsightData{Comments: comments(tc.stored)}, day(1), day(2))
		c := r.Comments
		if len(c) != tc.kept || c[0].FeedbackID != tc.first || c[len(c)-1].FeedbackID != tc.last || r.MoreComments != tc.more {
			t.Errorf("%d stored: kept %d (%d…%d), more %v; want %d (%d…%d), more %v", tc.stored,
				len(c), c[0].FeedbackID, c[len(c)-1].FeedbackID, r.MoreComments, tc.kept, tc.first, tc.last, tc.more)
		}
	}
	if r := Build(&tandem.InsightData{}, day(1), day(2)); len(r.Comments) != 0 || r.MoreComments {
		t.Errorf("no comments: %+v, more %v", r.Comments, r.MoreComments)
	}
}
