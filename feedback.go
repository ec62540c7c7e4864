package tandem

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Rating is a customer's judgement of one aspect. An aspect not noticed is
// simply absent from the feedback.
type Rating string

const (
	Positive Rating = "positive"
	Negative Rating = "negative"
)

// AspectRating is one aspect judged in a feedback. A negative carries a cause,
// defaulted from the aspect's controlling party and overridable by a manager;
// the cause never changes the customer's overall judgement.
type AspectRating struct {
	AspectID int64
	Rating   Rating
	Cause    Party // set for negatives only
	// Source is where the cause came from, Evidence what the episode's
	// timeline showed when it was read from there (nil otherwise; a
	// manager confirming or overriding it keeps it for the record).
	Source   CauseSource
	Evidence *Evidence
}

// Feedback is what a customer says about one performance of a service.
type Feedback struct {
	ID             int64
	OrgID          int64
	ServiceID      int64
	BlueprintID    int64
	TouchpointID   int64
	SiteID         int64
	EpisodeID      int64 // 0 when given without an episode (kiosk, integration)
	Overall        int   // 1..5, the customer's holistic judgement
	Aspects        []AspectRating
	Comment        string
	PraiseStaffID  int64 // the staff member praised, 0 if none
	Praise         string
	Lang           string
	IdempotencyKey string // retries with the same key return the first record
	CreatedAt      time.Time

	// FirstTime copies the episode's "first time here?" answer, so insight
	// can set first-timers against regulars.
	FirstTime bool
	// Readiness holds the answers (MinReadiness..MaxReadiness) to the
	// blueprint's readiness questions; a question left out is absent.
	Readiness map[Dimension]int
	// HardestStepID is the customer step the customer found hardest, 0 if
	// none was named; the readiness answers are read against it.
	HardestStepID int64
}

// Limits of a feedback's free text.
const (
	MaxCommentRunes = 2000
	MaxPraiseRunes  = 500
	MaxIdemKeyLen   = 200
)

// Validate checks a feedback against the blueprint it is given for and the
// staff who may be praised there. It trims texts, writes their line breaks
// as LF and fills in default causes.
func (f *Feedback) Validate(b *Blueprint, staff []*StaffMember) error {
	if f.Overall < 1 || f.Overall > 5 {
		return Invalid("overall", "error.overall_range")
	}
	if f.Lang == "" {
		f.Lang = "en"
	}
	if !SupportedLanguage(f.Lang) {
		return Invalid("lang", "error.language")
	}
	seen := make(map[int64]bool, len(f.Aspects))
	for i := range f.Aspects {
		r := &f.Aspects[i]
		a := b.Aspect(r.AspectID)
		if a == nil {
			return Invalid("aspects", "error.aspect_unknown")
		}
		if seen[r.AspectID] {
			return Invalid("aspects", "error.aspect_twice")
		}
		seen[r.AspectID] = true
		switch r.Rating {
		case Positive:
			r.Cause, r.Source, r.Evidence = "", "", nil
		case Negative:
			if r.Cause == "" {
				r.Cause, r.Source = a.ControlledBy, CauseDefault
			}
			if !r.Cause.Valid() {
				return Invalid("aspects.cause", "error.party")
			}
			if r.Source == "" {
				r.Source = CauseDefault
				if r.Cause != a.ControlledBy {
					r.Source = CauseManager // set by whoever imported it
				}
			}
			if !r.Source.Valid() {
				return Invalid("aspects.cause_source", "error.cause_source")
			}
		default:
			return Invalid("aspects.rating", "error.rating")
		}
	}
	if err := CheckText("comment", f.Comment); err != nil {
		return err
	}
	if err := CheckText("praise", f.Praise); err != nil {
		return err
	}
	f.Comment = lineBreaks(strings.TrimSpace(f.Comment))
	if !utf8.ValidString(f.Comment) || utf8.RuneCountInString(f.Comment) > MaxCommentRunes {
		return Invalid("comment", "error.comment_long")
	}
	f.Praise = lineBreaks(strings.TrimSpace(f.Praise))
	if !utf8.ValidString(f.Praise) || utf8.RuneCountInString(f.Praise) > MaxPraiseRunes {
		return Invalid("praise", "error.praise_long")
	}
	if f.PraiseStaffID != 0 {
		ok := false
		for _, m := range staff {
			ok = ok || m.ID == f.PraiseStaffID
		}
		if !ok {
			return Invalid("praise_staff_id", "error.staff_unknown")
		}
	} else if f.Praise != "" {
		return Invalid("praise_staff_id", "error.required")
	}
	if len(f.IdempotencyKey) > MaxIdemKeyLen {
		return Invalid("Idempotency-Key", "error.idempotency_key")
	}
	for d, score := range f.Readiness {
		if !b.Asks(d) {
			return Invalid("readiness."+string(d), "error.readiness_unasked")
		}
		if score < MinReadiness || score > MaxReadiness {
			return Invalid("readiness."+string(d), "error.readiness_range")
		}
	}
	if f.HardestStepID != 0 {
		if st := b.Step(f.HardestStepID); st == nil || st.Lane != LaneCustomer {
			return Invalid("hardest_step", "error.hardest_step")
		}
	}
	return nil
}

// lineBreaks writes s's CRLF line breaks as LF. A browser sends a
// textarea's line breaks as CRLF while its maxlength counts each as one
// character; so a limit counts them here too, and a text reads the same
// whichever channel brought it.
func lineBreaks(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }

// Channel is where a feedback comes in.
type Channel string

const (
	ChannelWeb Channel = "web" // the customer pages
	ChannelAPI Channel = "api" // the JSON API: kiosks and integrations
)

// FeedbackKey is the idempotency key a feedback is stored under: the key
// namespaced by channel and target, so it never meets another channel's
// key nor a retry aimed elsewhere. The customer pages allow one feedback
// per episode whatever they send, so theirs is the episode's own,
// "web:episode:<id>"; an API client's key is scoped to the touchpoint or
// episode it names, "api:tp:<id>:<key>" or "api:ep:<id>:<key>", and no key
// means none.
func FeedbackKey(ch Channel, f *Feedback, clientKey string) string {
	switch {
	case ch == ChannelWeb && f.EpisodeID != 0:
		return "web:episode:" + strconv.FormatInt(f.EpisodeID, 10)
	case ch != ChannelAPI || clientKey == "":
		return ""
	case f.EpisodeID != 0:
		return "api:ep:" + strconv.FormatInt(f.EpisodeID, 10) + ":" + clientKey
	}
	return "api:tp:" + strconv.FormatInt(f.TouchpointID, 10) + ":" + clientKey
}

// ChannelUnknown is the channel of a feedback stored without a key.
const ChannelUnknown Channel = ""

// FeedbackChannel tells from a stored idempotency key (see FeedbackKey)
// which channel a feedback came in through. The customer pages always
// store a key, so a feedback without one came through the API without an
// Idempotency-Key or was imported (history, the demo): that cannot be told
// apart, and it is ChannelUnknown rather than a guess.
func FeedbackChannel(key string) Channel {
	switch {
	case strings.HasPrefix(key, "web:"):
		return ChannelWeb
	case strings.HasPrefix(key, "api:"):
		return ChannelAPI
	}
	return ChannelUnknown
}

// FeedbackFilter selects feedback for lists. Nil fields do not filter.
type FeedbackFilter struct {
	OrgID         int64
	ServiceID     *int64
	PraiseStaffID *int64 // feedback praising this staff member
	EpisodeID     *int64 // the feedback an episode ended in
	From, To      *time.Time
	Limit         int
	Offset        int
}

// FeedbackStore stores feedback.
type FeedbackStore interface {
	// CreateFeedback stores f, which must have passed Validate, durably,
	// together with its follow-up events in the outbox, and returns only
	// after commit. When f's idempotency key was seen before in the
	// organization, it fills f with the stored record and reports
	// created=false. An episode takes one feedback: another for an
	// episode that has one is ErrFeedbackGiven, decided atomically, so
	// concurrent submissions cannot both land.
	CreateFeedback(ctx context.Context, f *Feedback) (created bool, err error)
	FindFeedback(ctx context.Context, orgID, id int64) (*Feedback, error)
	// FindFeedbackByIDs finds several at once, leaving out unknown ids.
	FindFeedbackByIDs(ctx context.Context, orgID int64, ids []int64) ([]*Feedback, error)
	ListFeedback(ctx context.Context, filter FeedbackFilter) ([]*Feedback, error)
	// CountFeedback counts the feedback filter selects, ignoring its Limit
	// and Offset.
	CountFeedback(ctx context.Context, filter FeedbackFilter) (int, error)
	// SetCause overrides the cause of a negative aspect in a feedback; its
	// source becomes CauseManager, its evidence stays.
	SetCause(ctx context.Context, orgID, feedbackID, aspectID int64, cause Party) error
	// ConfirmCause marks the cause of a negative aspect in a feedback as
	// confirmed by a manager (CauseManager) without changing it.
	ConfirmCause(ctx context.Context, orgID, feedbackID, aspectID int64) error
	// EachFeedback calls fn for every feedback filter selects (its Offset,
	// PraiseStaffID and EpisodeID ignored), in time order (ties by id),
	// reading a chunk of filter.Limit rows (0 means ExportChunk) at a
	// time, so an export of millions of rows never holds more than a
	// chunk. keys holds the aspect keys of f.Aspects, in the same order. An error from fn stops the walk and is
	// returned.
	EachFeedback(ctx context.Context, filter FeedbackFilter, fn func(f *Feedback, keys []string) error) error
}

// ExportChunk is how many feedback rows EachFeedback reads at a time.
const ExportChunk = 5000

// Event is follow-up work a change triggers (notify the praised waiter, call
// webhooks), written to the outbox in the same transaction as the change so
// it can never be lost, and processed later by workers.
type Event struct {
	ID        int64
	OrgID     int64
	Kind      string // e.g. "feedback.created"
	SubjectID int64
	CreatedAt time.Time
}

// Event kinds.
const (
	EventFeedbackCreated = "feedback.created"
	EventPraiseGiven     = "praise.given"
)

// StaffPraise is how often customers praised a staff member in a period.
type StaffPraise struct {
	OrgID, StaffID int64
	Count          int
}

// PraiseDigestStore finds whom the weekly praise digest goes to, across
// organizations: it is the job runner's, never a request's.
type PraiseDigestStore interface {
	PraisedStaff(ctx context.Context, from, to time.Time) ([]StaffPraise, error)
}

// OutboxStore lets workers read the outbox.
type OutboxStore interface {
	// ListEvents returns unprocessed events in order, at most limit.
	ListEvents(ctx context.Context, limit int) ([]*Event, error)
	MarkEventsDone(ctx context.Context, ids []int64) error
}

// ErrFeedbackGiven refuses a second, different feedback for an episode: a
// visit has one feedback, whichever channel brought it. A retry of the
// first (the same idempotency key) is no second feedback.
var ErrFeedbackGiven = &Error{Code: ECONFLICT, Key: "error.feedback_given"}
