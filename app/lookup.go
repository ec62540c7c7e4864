package app

import (
	"context"

	"github.com/tandemhq/tandem"
)

// Codes, tokens and keys come from URLs, forms and headers. One that is
// not clean text (invalid UTF-8, a NUL or another control character) names
// nothing that is stored, so it is answered here, before any store sees it:
// one engine would look it up and another refuse the query.

var (
	errTouchpointUnknown = tandem.NotFound("error.touchpoint_unknown")
	errEpisodeUnknown    = tandem.NotFound("error.episode_unknown")
	errReportUnknown     = tandem.NotFound("error.not_found")
)

// checkKey refuses an idempotency key that is too long or not clean text.
func checkKey(key string) error {
	if len(key) > tandem.MaxIdemKeyLen {
		return tandem.Invalid("Idempotency-Key", "error.idempotency_key")
	}
	return tandem.CheckLine("Idempotency-Key", key)
}

// TouchpointByCode finds the touchpoint a code names, retired or not; an
// unknown code is ENOTFOUND.
func (a *App) TouchpointByCode(ctx context.Context, code string) (*tandem.Touchpoint, error) {
	if !tandem.CleanLine(code) {
		return nil, errTouchpointUnknown
	}
	tp, err := a.Touchpoints.FindTouchpointByCode(ctx, code)
	if tandem.ErrorCode(err) == tandem.ENOTFOUND {
		return nil, errTouchpointUnknown
	}
	return tp, err
}

// Episode finds the episode a token names; the token is the credential.
// An unknown token is ENOTFOUND.
func (a *App) Episode(ctx context.Context, token string) (*tandem.Episode, error) {
	if !tandem.CleanLine(token) {
		return nil, errEpisodeUnknown
	}
	ep, err := a.Episodes.FindEpisodeByToken(ctx, token)
	if tandem.ErrorCode(err) == tandem.ENOTFOUND {
		return nil, errEpisodeUnknown
	}
	return ep, err
}

// ReportByToken finds a report by its status token; an unknown token is
// ENOTFOUND.
func (a *App) ReportByToken(ctx context.Context, token string) (*tandem.Report, error) {
	if !tandem.CleanLine(token) {
		return nil, errReportUnknown
	}
	return a.Reports.FindReportByToken(ctx, token)
}
