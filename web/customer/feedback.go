package customer

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/httpx"
)

// feedbackForm is the feedback form with the values as entered and, after a
// failed submission, the error messages next to the fields at fault.
type feedbackForm struct {
	Overall    []choice
	Aspects    []aspectInput
	Comment    string
	Staff      []choice
	Praise     string
	MaxComment int
	MaxPraise  int
	Readiness  []readinessInput
	Hardest    []choice          // the customer's steps, after "none"
	Errors     map[string]string // by form part: overall, aspects, readiness-{dimension}, hardest_step, comment, praise_staff_id, praise, form
	HasErrors  bool
}

// readinessInput is one readiness question on the 1–5 scale, with words at
// its ends and a "no answer" choice: every question is optional.
type readinessInput struct {
	Dim      string
	Question string
	Low      string // what 1 means
	High     string // what 5 means
	Choices  []choice
	Err      string
}

// choice is one radio button or select option.
type choice struct {
	Value   string
	Label   string
	Checked bool
}

// aspectInput is one aspect with its three radio buttons.
type aspectInput struct {
	ID      int64
	Name    string
	Choices []choice // positive, negative, not noticed
}

// newFeedbackForm builds the form for an episode, filled with f's values
// (nil for an empty form), so a rejected form comes back as entered.
func (s *Server) newFeedbackForm(ec *episodeContext, lang string, f *tandem.Feedback) feedbackForm {
	p := s.Catalog.Printer(lang)
	if f == nil {
		f = &tandem.Feedback{}
	}
	form := feedbackForm{
		Comment: f.Comment, Praise: f.Praise,
		MaxComment: tandem.MaxCommentRunes, MaxPraise: tandem.MaxPraiseRunes,
	}
	for v := 1; v <= 5; v++ {
		form.Overall = append(form.Overall, choice{
			Value: strconv.Itoa(v), Label: p.T("customer.fb.overall." + strconv.Itoa(v)), Checked: f.Overall == v,
		})
	}
	ratings := map[int64]tandem.Rating{}
	for _, a := range f.Aspects {
		ratings[a.AspectID] = a.Rating
	}
	for _, a := range ec.bp.Aspects {
		r := ratings[a.ID]
		form.Aspects = append(form.Aspects, aspectInput{ID: a.ID, Name: a.Name.Get(lang), Choices: []choice{
			{Value: string(tandem.Positive), Label: p.T("customer.fb.positive"), Checked: r == tandem.Positive},
			{Value: string(tandem.Negative), Label: p.T("customer.fb.negative"), Checked: r == tandem.Negative},
			{Value: "", Label: p.T("customer.fb.not_noticed"), Checked: r == ""},
		}})
	}
	for _, d := range ec.bp.Readiness {
		in := readinessInput{
			Dim: string(d), Question: p.T("customer.fb.readiness." + string(d)),
			Low: p.T("customer.fb.scale.low"), High: p.T("customer.fb.scale.high"),
		}
		v, answered := f.Readiness[d]
		for n := tandem.MinReadiness; n <= tandem.MaxReadiness; n++ {
			label := strconv.Itoa(n)
			switch n {
			case tandem.MinReadiness:
				label += " – " + in.Low
			case tandem.MaxReadiness:
				label += " – " + in.High
			}
			in.Choices = append(in.Choices, choice{Value: strconv.Itoa(n), Label: label, Checked: answered && v == n})
		}
		in.Choices = append(in.Choices, choice{Value: "", Label: p.T("customer.fb.no_answer"), Checked: !answered})
		form.Readiness = append(form.Readiness, in)
	}
	if steps := ec.bp.CustomerSteps(); len(steps) > 1 {
		form.Hardest = append(form.Hardest, choice{Value: "0", Label: p.T("customer.fb.hardest_none"), Checked: f.HardestStepID == 0})
		for _, st := range steps {
			form.Hardest = append(form.Hardest, choice{
				Value: strconv.FormatInt(st.ID, 10), Label: st.Title.Get(lang), Checked: f.HardestStepID == st.ID,
			})
		}
	}
	if len(ec.staff) > 0 {
		form.Staff = append(form.Staff, choice{Value: "0", Label: p.T("customer.fb.praise_nobody"), Checked: f.PraiseStaffID == 0})
		for _, m := range ec.staff {
			label := m.Name
			if t := m.Title.Get(lang); t != "" {
				label += ", " + t
			}
			form.Staff = append(form.Staff, choice{
				Value: strconv.FormatInt(m.ID, 10), Label: label, Checked: f.PraiseStaffID == m.ID,
			})
		}
	}
	return form
}

// IdempotencyKey is the store's idempotency key of the feedback form of an
// episode: one feedback per episode from these pages. The "web:" prefix is
// this channel's own; the API prefixes every key its clients send with
// "api:", so no request there can take an episode's key.
func IdempotencyKey(episodeID int64) string {
	return "web:episode:" + strconv.FormatInt(episodeID, 10)
}

// hasFeedback reports whether an episode has ended in feedback.
func (s *Server) hasFeedback(ctx context.Context, ep *tandem.Episode) (bool, error) {
	n, err := s.Feedback.CountFeedback(ctx, tandem.FeedbackFilter{OrgID: ep.OrgID, EpisodeID: &ep.ID})
	return n > 0, err
}

// parseFeedback reads the posted form into a feedback for the episode. Input
// that does not parse is kept in a form Validate rejects, never dropped.
func parseFeedback(r *http.Request, ec *episodeContext, lang string) *tandem.Feedback {
	ep := ec.ep
	f := &tandem.Feedback{
		OrgID:          ep.OrgID,
		ServiceID:      ep.ServiceID,
		BlueprintID:    ep.BlueprintID,
		TouchpointID:   ep.TouchpointID,
		SiteID:         ep.SiteID,
		EpisodeID:      ep.ID,
		Comment:        r.PostFormValue("comment"),
		Praise:         r.PostFormValue("praise"),
		Lang:           lang,
		IdempotencyKey: IdempotencyKey(ep.ID),
		FirstTime:      firstTimer(r, ep),
	}
	f.Overall, _ = strconv.Atoi(strings.TrimSpace(r.PostFormValue("overall")))
	for _, a := range ec.bp.Aspects {
		v := r.PostFormValue("aspect-" + strconv.FormatInt(a.ID, 10))
		if v != "" {
			f.Aspects = append(f.Aspects, tandem.AspectRating{AspectID: a.ID, Rating: tandem.Rating(v)})
		}
	}
	for _, d := range ec.bp.Readiness {
		v := strings.TrimSpace(r.PostFormValue("readiness-" + string(d)))
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			n = 0 // out of range: Validate names the question
		}
		if f.Readiness == nil {
			f.Readiness = map[tandem.Dimension]int{}
		}
		f.Readiness[d] = n
	}
	if v := strings.TrimSpace(r.PostFormValue("hardest_step")); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id < 0 {
			id = -1 // not a step: Validate names the field
		}
		f.HardestStepID = id
	}
	if v := strings.TrimSpace(r.PostFormValue("praise_staff_id")); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id < 0 {
			id = -1 // not anyone's id: Validate names the field
		}
		f.PraiseStaffID = id
	}
	return f
}

// formPart maps a validation error's field to the part of the form where its
// message is shown.
func formPart(field string) string {
	switch {
	case field == "overall", field == "comment", field == "praise", field == "praise_staff_id", field == "hardest_step":
		return field
	case strings.HasPrefix(field, "aspects"):
		return "aspects"
	case strings.HasPrefix(field, "readiness."):
		return "readiness-" + strings.TrimPrefix(field, "readiness.")
	}
	return "form"
}

// submitFeedback serves POST /e/{token}/feedback. The idempotency key is the
// episode's, so a double tap or a refresh never stores a second record. The
// customer's overall judgement is stored as given; causes of negative
// aspects are defaulted by validation from who controls the aspect.
func (s *Server) submitFeedback(w http.ResponseWriter, r *http.Request) {
	lang := s.lang(w, r)
	ec, err := s.loadEpisode(r.Context(), r.PathValue("token"))
	if err != nil {
		s.fail(w, r, lang, err)
		return
	}
	f := parseFeedback(r, ec, lang)
	f.CreatedAt = s.Now()
	if at := ec.ep.ScheduledAt; !at.IsZero() && f.CreatedAt.Before(at.Add(-feedbackFrom)) {
		s.formError(w, r, ec, lang, f, http.StatusUnprocessableEntity, "form", s.Catalog.Printer(lang).T("customer.error.feedback_early"))
		return
	}
	err = f.Validate(ec.bp, ec.staff)
	if err == nil {
		_, err = s.Feedback.CreateFeedback(r.Context(), f)
	}
	if tandem.ErrorCode(err) == tandem.EINVALID {
		s.formError(w, r, ec, lang, f, httpx.Status(err), formPart(tandem.ErrorField(err)), message(s.Catalog.Printer(lang), err))
		return
	}
	if err != nil {
		s.fail(w, r, lang, err)
		return
	}
	rememberFirstTime(w, ec.ep.OrgID, false) // no longer new here
	seeOther(w, r, episodeURL(ec.ep.Token)+"/thanks?f="+strconv.FormatInt(f.ID, 10))
}

// feedbackFrom is how long before an appointment its feedback opens: a
// visit not yet begun cannot be judged.
const feedbackFrom = time.Hour

// formError shows the episode page again with the feedback as entered and
// msg beside the part of the form at fault.
func (s *Server) formError(w http.ResponseWriter, r *http.Request, ec *episodeContext, lang string, f *tandem.Feedback, status int, part, msg string) {
	form := s.newFeedbackForm(ec, lang, f)
	form.Errors = map[string]string{part: msg}
	for i := range form.Readiness {
		if part == "readiness-"+form.Readiness[i].Dim {
			form.Readiness[i].Err = msg
		}
	}
	form.HasErrors = true
	s.tpl.Render(w, status, "episode", s.episodePage(w, r, ec, lang, form))
}

// thanksPage thanks the customer and says whom their praise reaches.
type thanksPage struct {
	page
	Token  string
	Praise string // the praised person's name, if any
}

// thanks serves GET /e/{token}/thanks. The feedback id in the query only
// counts when it is this episode's own feedback.
func (s *Server) thanks(w http.ResponseWriter, r *http.Request) {
	lang := s.lang(w, r)
	ctx := r.Context()
	ep, err := s.Episodes.FindEpisodeByToken(ctx, r.PathValue("token"))
	if err != nil {
		s.fail(w, r, lang, err)
		return
	}
	p := s.Catalog.Printer(lang)
	self := episodeURL(ep.Token) + "/thanks"
	tp := thanksPage{Token: ep.Token}
	if id, err := strconv.ParseInt(r.URL.Query().Get("f"), 10, 64); err == nil {
		self += "?f=" + strconv.FormatInt(id, 10)
		f, err := s.Feedback.FindFeedback(ctx, ep.OrgID, id)
		switch {
		case err == nil && f.EpisodeID == ep.ID && f.PraiseStaffID != 0:
			m, err := s.Sites.FindStaff(ctx, ep.OrgID, f.PraiseStaffID)
			if err == nil {
				tp.Praise = m.Name
			} else if tandem.ErrorCode(err) != tandem.ENOTFOUND {
				s.Logger.Warn("customer thanks: staff", "err", err)
			}
		case err != nil && tandem.ErrorCode(err) != tandem.ENOTFOUND:
			s.Logger.Warn("customer thanks: feedback", "err", err)
		}
	}
	tp.page = s.newPage(w, r, lang, p.T("customer.thanks.title"), self)
	s.tpl.Render(w, http.StatusOK, "thanks", tp)
}
