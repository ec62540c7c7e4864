package manage

import (
	"testing"
	"time"

	"github.com/tandemhq/tandem"
)

// TestStaffNext: the live view offers staff the frontline step right before
// the guest's current step (the waiter bringing the coffee), once, and
// never a step from elsewhere in the visit.
func TestStaffNext(t *testing.T) {
	bp := &tandem.Blueprint{Steps: []tandem.Step{
		{ID: 1, Key: "arrive", Lane: tandem.LaneCustomer},
		{ID: 2, Key: "greet", Lane: tandem.LaneFrontline},
		{ID: 3, Key: "order-coffee", Lane: tandem.LaneCustomer},
		{ID: 4, Key: "make-coffee", Lane: tandem.LaneBackstage},
		{ID: 5, Key: "coffee-and-bill", Lane: tandem.LaneFrontline},
		{ID: 6, Key: "drink-coffee", Lane: tandem.LaneCustomer},
	}}
	t0 := time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		done []int64
		want string // key of StaffNext, "" for none
	}{
		{"nothing done: greet before ordering", nil, ""},
		{"arrived: the greeting is due", []int64{1}, "greet"},
		{"greeted: nothing for staff until the order", []int64{1, 2}, ""},
		{"ordered: the coffee is to be brought", []int64{1, 2, 3}, "coffee-and-bill"},
		{"brought: nothing left for staff", []int64{1, 2, 3, 5}, ""},
		{"all done", []int64{1, 2, 3, 5, 6}, ""},
	} {
		e := &tandem.Episode{StartedAt: t0}
		for i, id := range tc.done {
			e.Done = append(e.Done, tandem.StepDone{StepID: id, At: t0.Add(time.Duration(i) * time.Minute), By: tandem.ByCustomer})
		}
		got := ""
		if st := progress(e, bp, t0.Add(time.Hour)).StaffNext; st != nil {
			got = st.Key
		}
		if got != tc.want {
			t.Errorf("%s: StaffNext = %q, want %q", tc.name, got, tc.want)
		}
	}
}
