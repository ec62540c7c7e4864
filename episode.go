package tandem

import (
	"context"
	"time"
)

// Episode is one customer's run through a service, started by opening a
// touchpoint. The customer is anonymous: the token in their link is all that
// ties the episode to them.
type Episode struct {
	ID           int64
	OrgID        int64
	ServiceID    int64
	BlueprintID  int64 // the version the customer met, kept to the end
	TouchpointID int64
	SiteID       int64
	Token        string
	Lang         string
	FirstTime    bool
	StartedAt    time.Time
	Done         []StepDone // customer steps ticked, in order of time
}

// StepDone records that a step of an episode was done.
type StepDone struct {
	StepID int64
	At     time.Time
}

// IsDone reports whether the step was ticked.
func (e *Episode) IsDone(stepID int64) bool {
	for _, d := range e.Done {
		if d.StepID == stepID {
			return true
		}
	}
	return false
}

// EpisodeTokenBytes is the entropy of an episode token.
const EpisodeTokenBytes = 16

// EpisodeStore stores episodes and their step events.
type EpisodeStore interface {
	// CreateEpisode stores e, giving it a fresh token.
	CreateEpisode(ctx context.Context, e *Episode) error
	// FindEpisodeByToken is for public pages: the token is the credential.
	FindEpisodeByToken(ctx context.Context, token string) (*Episode, error)
	FindEpisode(ctx context.Context, orgID, id int64) (*Episode, error)
	// MarkStepDone records a step as done; doing it twice changes nothing.
	MarkStepDone(ctx context.Context, episodeID, stepID int64, at time.Time) error
}

// HistoryRecord is one past episode with the feedback it ended in, if any.
type HistoryRecord struct {
	Episode  *Episode
	Feedback *Feedback // nil if the customer gave none
}

// HistoryImporter loads past episodes in bulk (the demo, imports) in one
// transaction; it fills in IDs and links each feedback to its episode.
type HistoryImporter interface {
	ImportHistory(ctx context.Context, records []HistoryRecord) error
}
