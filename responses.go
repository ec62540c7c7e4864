package tandem

import (
	"context"
	"time"
)

// Response is one feedback as the per-response analyses of insight read
// it: the overall judgement and every aspect judged, by key so that
// blueprint versions line up.
type Response struct {
	FeedbackID int64
	ServiceID  int64
	Overall    int
	CreatedAt  time.Time
	Aspects    []ResponseAspect // by aspect key
}

// ResponseAspect is one aspect judged in a response.
type ResponseAspect struct {
	Key    string
	Rating Rating
	Cause  Party // set for negatives only
}

// ResponseText is the comment of one feedback, in the language it was
// written in, with the keys of the aspects the same feedback judged.
type ResponseText struct {
	FeedbackID int64
	ServiceID  int64
	Lang       string
	Text       string // as typed: escape before display
	CreatedAt  time.Time
	Aspects    []string // aspect keys, sorted
}

// ResponseStore reads single responses for the analyses that need each
// one (key drivers, what customers write). Both reads are bounded: the
// newest limit in the query's window, newest first, read through the
// (organization, time) and (organization, service, time) indexes; more
// reports that the window held more.
type ResponseStore interface {
	InsightResponses(ctx context.Context, q InsightQuery, limit int) (list []Response, more bool, err error)
	InsightTexts(ctx context.Context, q InsightQuery, limit int) (list []ResponseText, more bool, err error)
}
