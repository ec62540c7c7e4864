package tandem

import "testing"

// TestFeedbackKey: the key's namespace keeps channels and targets apart.
func TestFeedbackKey(t *testing.T) {
	atEpisode := &Feedback{EpisodeID: 7, TouchpointID: 3}
	atTouchpoint := &Feedback{TouchpointID: 3}
	for _, tc := range []struct {
		name string
		got  string
		want string
	}{
		{"the page: the episode's own, whatever is sent", FeedbackKey(ChannelWeb, atEpisode, "x"), "web:episode:7"},
		{"the API at an episode", FeedbackKey(ChannelAPI, atEpisode, "k1"), "api:ep:7:k1"},
		{"the API at a touchpoint", FeedbackKey(ChannelAPI, atTouchpoint, "k1"), "api:tp:3:k1"},
		{"the API without a key", FeedbackKey(ChannelAPI, atTouchpoint, ""), ""},
		{"the page without an episode", FeedbackKey(ChannelWeb, atTouchpoint, ""), ""},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, tc.got, tc.want)
		}
	}
}
