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

// TestFeedbackChannel: the channel is read back from the stored key; no
// key is unknown (an API client without one, or an import).
func TestFeedbackChannel(t *testing.T) {
	for key, want := range map[string]Channel{
		FeedbackKey(ChannelWeb, &Feedback{EpisodeID: 7}, ""):      ChannelWeb,
		FeedbackKey(ChannelAPI, &Feedback{EpisodeID: 7}, "k1"):    ChannelAPI,
		FeedbackKey(ChannelAPI, &Feedback{TouchpointID: 3}, "k1"): ChannelAPI,
		"":            ChannelUnknown,
		"webhook:1":   ChannelUnknown,
		"something:1": ChannelUnknown,
	} {
		if got := FeedbackChannel(key); got != want {
			t.Errorf("FeedbackChannel(%q) = %q, want %q", key, got, want)
		}
	}
}
