package customer

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
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
	Key     string
	Name    string
	Choices []choice // positive, negative, not noticed
}

// newFeedbackForm builds the form for a visit, filled with in's values
// (nil for an empty form), so a rejected form comes back as entered.
func (s *Server) newFeedbackForm(v *app.Visit, lang string, in *app.FeedbackInput) feedbackForm {
	p := s.Catalog.Printer(lang)
	if in == nil {
		in = &app.FeedbackInput{}
	}
	bp := v.Blueprint
	form := feedbackForm{
		Comment: in.Comment, Praise: in.Praise,
		MaxComment: tandem.MaxCommentRunes, MaxPraise: tandem.MaxPraiseRunes,
	}
	for n := 1; n <= 5; n++ {
		form.Overall = append(form.Overall, choice{
			Value: strconv.Itoa(n), Label: p.T("customer.fb.overall." + strconv.Itoa(n)), Checked: in.Overall == n,
		})
	}
	ratings := map[string]tandem.Rating{}
	for _, a := range in.Aspects {
		ratings[a.Key] = a.Rating
	}
	for _, a := range bp.Aspects {
		r := ratings[a.Key]
		form.Aspects = append(form.Aspects, aspectInput{ID: a.ID, Key: a.Key, Name: a.Name.Get(lang), Choices: []choice{
			{Value: string(tandem.Positive), Label: p.T("customer.fb.positive"), Checked: r == tandem.Positive},
			{Value: string(tandem.Negative), Label: p.T("customer.fb.negative"), Checked: r == tandem.Negative},
			{Value: "", Label: p.T("customer.fb.not_noticed"), Checked: r == ""},
		}})
	}
	for _, d := range bp.Readiness {
		ri := readinessInput{
			Dim: string(d), Question: p.T("customer.fb.readiness." + string(d)),
			Low: p.T("customer.fb.scale.low"), High: p.T("customer.fb.scale.high"),
		}
		score, answered := in.Readiness[d]
		for n := tandem.MinReadiness; n <= tandem.MaxReadiness; n++ {
			label := strconv.Itoa(n)
			switch n {
			case tandem.MinReadiness:
				label += " – " + ri.Low
			case tandem.MaxReadiness:
				label += " – " + ri.High
			}
			ri.Choices = append(ri.Choices, choice{Value: strconv.Itoa(n), Label: label, Checked: answered && score == n})
		}
		ri.Choices = append(ri.Choices, choice{Value: "", Label: p.T("customer.fb.no_answer"), Checked: !answered})
		form.Readiness = append(form.Readiness, ri)
	}
	if steps := bp.CustomerSteps(); len(steps) > 1 {
		form.Hardest = append(form.Hardest, choice{Value: "", Label: p.T("customer.fb.hardest_none"), Checked: in.HardestStep == ""})
		for _, st := range steps {
			form.Hardest = append(form.Hardest, choice{Value: st.Key, Label: st.Title.Get(lang), Checked: in.HardestStep == st.Key})
		}
	}
	if len(v.Staff) > 0 {
		form.Staff = append(form.Staff, choice{Value: "0", Label: p.T("customer.fb.praise_nobody"), Checked: in.PraiseStaffID == 0})
		for _, m := range v.Staff {
			label := m.Name
			if t := m.Title.Get(lang); t != "" {
				label += ", " + t
			}
			form.Staff = append(form.Staff, choice{
				Value: strconv.FormatInt(m.ID, 10), Label: label, Checked: in.PraiseStaffID == m.ID,
			})
		}
	}
	return form
}

// parseFeedback reads the posted form of an episode's page. Aspects are
// read for the blueprint's keys; input that does not parse is kept in a
// form validation rejects, never dropped.
func parseFeedback(r *http.Request, token, lang string) *app.FeedbackInput {
	in := &app.FeedbackInput{
		Channel:     tandem.ChannelWeb,
		Episode:     token,
		Comment:     r.PostFormValue("comment"),
		Praise:      r.PostFormValue("praise"),
		HardestStep: strings.TrimSpace(r.PostFormValue("hardest_step")),
		Lang:        lang,
	}
	in.Overall, _ = strconv.Atoi(strings.TrimSpace(r.PostFormValue("overall")))
	for name, values := range r.PostForm {
		switch {
		case strings.HasPrefix(name, "aspect-") && len(values) > 0 && values[0] != "":
			in.Aspects = append(in.Aspects, app.AspectInput{Key: strings.TrimPrefix(name, "aspect-"), Rating: tandem.Rating(values[0])})
		case strings.HasPrefix(name, "readiness-") && len(values) > 0 && strings.TrimSpace(values[0]) != "":
			n, err := strconv.Atoi(strings.TrimSpace(values[0]))
			if err != nil {
				n = 0 // out of range: validation names the question
			}
			if in.Readiness == nil {
				in.Readiness = map[tandem.Dimension]int{}
			}
			in.Readiness[tandem.Dimension(strings.TrimPrefix(name, "readiness-"))] = n
		}
	}
	// Map order is random; the form's own order keeps errors stable.
	slices.SortFunc(in.Aspects, func(a, b app.AspectInput) int { return strings.Compare(a.Key, b.Key) })
	if v := strings.TrimSpace(r.PostFormValue("praise_staff_id")); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id < 0 {
			id = -1 // not anyone's id: validation names the field
		}
		in.PraiseStaffID = id
	}
	return in
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

// submitFeedback serves POST /e/{token}/feedback. The page allows one
// feedback per episode, so a double tap or a refresh never stores a second
// record. The customer's overall judgement is stored as given; causes of
// negative aspects are defaulted from who controls the aspect.
func (s *Server) submitFeedback(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	ep, err := s.App.Episode(r.Context(), token)
	if err != nil && tandem.ErrorCode(err) != tandem.ENOTFOUND {
		return err
	}
	lang := s.lang(w, r, ep)
	in := parseFeedback(r, token, lang)
	if ep != nil {
		in.FirstTime = deviceAnswer(r, ep.OrgID)
	}
	sub, err := s.App.SubmitFeedback(r.Context(), in)
	if tandem.ErrorCode(err) == tandem.EINVALID {
		v, verr := s.App.Visit(r.Context(), token)
		if verr != nil {
			return verr
		}
		s.formError(w, r, v, lang, in, httpx.Status(err), formPart(tandem.ErrorField(err)), message(s.Catalog.Printer(lang), err))
		return nil
	}
	if errors.Is(err, tandem.ErrFeedbackGiven) {
		// The visit's feedback came another way (a kiosk, the API): it
		// stands, and the customer is thanked all the same.
		seeOther(w, r, episodeURL(token)+"/thanks")
		return nil
	}
	if err != nil {
		return err
	}
	rememberFirstTime(w, sub.Feedback.OrgID, false) // no longer new here
	seeOther(w, r, episodeURL(token)+"/thanks?f="+strconv.FormatInt(sub.Feedback.ID, 10))
	return nil
}

// formError shows the episode page again with the feedback as entered and
// msg beside the part of the form at fault.
func (s *Server) formError(w http.ResponseWriter, r *http.Request, v *app.Visit, lang string, in *app.FeedbackInput, status int, part, msg string) {
	form := s.newFeedbackForm(v, lang, in)
	form.Errors = map[string]string{part: msg}
	for i := range form.Readiness {
		if part == "readiness-"+form.Readiness[i].Dim {
			form.Readiness[i].Err = msg
		}
	}
	form.HasErrors = true
	s.tpl.Render(w, status, "episode", s.episodePage(w, r, v, lang, form))
}

// thanksPage thanks the customer and says whom their praise reaches.
type thanksPage struct {
	page
	Token  string
	Praise string // the praised person's name, if any
}

// thanks serves GET /e/{token}/thanks. The feedback id in the query only
// counts when it is this episode's own feedback.
func (s *Server) thanks(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	ep, err := s.App.Episode(ctx, r.PathValue("token"))
	if err != nil {
		return err
	}
	lang := s.lang(w, r, ep)
	p := s.Catalog.Printer(lang)
	self := episodeURL(ep.Token) + "/thanks"
	tp := thanksPage{Token: ep.Token}
	if id, err := strconv.ParseInt(r.URL.Query().Get("f"), 10, 64); err == nil {
		self += "?f=" + strconv.FormatInt(id, 10)
		f, err := s.App.Feedback.FindFeedback(ctx, ep.OrgID, id)
		switch {
		case err == nil && f.EpisodeID == ep.ID && f.PraiseStaffID != 0:
			m, err := s.App.Sites.FindStaff(ctx, ep.OrgID, f.PraiseStaffID)
			if err == nil {
				tp.Praise = m.Name
			} else if tandem.ErrorCode(err) != tandem.ENOTFOUND {
				s.Logger.Warn("customer thanks: staff", "err", err)
			}
		case err != nil && tandem.ErrorCode(err) != tandem.ENOTFOUND:
			s.Logger.Warn("customer thanks: feedback", "err", err)
		}
	}
	tp.page = s.brandedPage(w, r, ep.OrgID, lang, p.T("customer.thanks.title"), self)
	s.tpl.Render(w, http.StatusOK, "thanks", tp)
	return nil
}
