package manage

import (
	"slices"
	"testing"
)

// TestScopeNames: the notification names a live or crew view listens to
// carry its organization, so no other organization's change wakes it, and
// match what the store's triggers send (migration 0021_live_notify).
func TestScopeNames(t *testing.T) {
	for _, tc := range []struct {
		got, want []string
	}{
		{liveScope{OrgID: 3, SiteID: 9}.names(), []string{"site:3:9"}},
		{liveScope{OrgID: 3}.names(), []string{"org:3"}},
		{workScope{OrgID: 3, Sites: "9,11"}.names(), []string{"work:3:9", "work:3:11"}},
		{workScope{OrgID: 3}.names(), []string{"work:3"}},
	} {
		if !slices.Equal(tc.got, tc.want) {
			t.Errorf("names = %v, want %v", tc.got, tc.want)
		}
	}
	if slices.Equal(liveScope{OrgID: 3, SiteID: 9}.names(), liveScope{OrgID: 4, SiteID: 9}.names()) {
		t.Error("two organizations' views of a site with the same id listen to the same name")
	}
}
