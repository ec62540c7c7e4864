package manage

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/internal/httpx"
)

// editBlueprint shows the editor on a draft of the current version.
func (s *Server) editBlueprint(w http.ResponseWriter, r *http.Request) error {
	svc, cur, err := s.editorLoad(r)
	if err != nil {
		return err
	}
	st := &editorState{svc: svc, cur: cur, d: newDraft(cur)}
	assignKeys(st.d.BP, cur)
	s.renderEditor(w, r, http.StatusOK, st)
	return nil
}

// editorLoad finds the service in the viewer's organization and its
// current version (nil when none is published).
func (s *Server) editorLoad(r *http.Request) (*tandem.Service, *tandem.Blueprint, error) {
	v := viewerFrom(r.Context())
	id, err := pathID(r, "id")
	if err != nil {
		return nil, nil, err
	}
	svc, err := s.App.Services.FindService(r.Context(), v.Org.ID, id)
	if err != nil {
		return nil, nil, err
	}
	cur, err := s.App.Services.CurrentBlueprint(r.Context(), v.Org.ID, svc.ID)
	switch {
	case tandem.ErrorCode(err) == tandem.ENOTFOUND:
		return svc, nil, nil
	case err != nil:
		return nil, nil, err
	}
	return svc, cur, nil
}

// editBlueprintPost applies one press of the editor form to the posted
// draft: op names the button ("add-step", "up:3", "publish"...). Changes to
// the draft answer with the page itself, since the draft lives in the form
// and a redirect would drop it; only Publish stores anything, and then
// redirects to the blueprint. Register bounds the body by maxEditorForm.
func (s *Server) editBlueprintPost(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		s.refuse(w, r, http.StatusRequestEntityTooLarge, "manage.editor.too_large")
		return nil
	}
	// The organization is checked before the form is read: another
	// organization's service is not found, whatever was posted.
	svc, cur, err := s.editorLoad(r)
	if err != nil {
		return err
	}
	st := &editorState{svc: svc, cur: cur, d: parseDraft(r.PostForm), confirmed: map[string]bool{}}
	for _, m := range r.PostForm["stale_ok"] {
		st.confirmed[m] = true
	}
	b := st.d.BP
	assignKeys(b, cur)

	op, arg, _ := strings.Cut(r.PostFormValue("op"), ":")
	i, err := strconv.Atoi(arg)
	if err != nil {
		i = -1
	}
	status := http.StatusOK
	refuse := func(kind string, index int, key string, args ...any) {
		st.kind, st.index, st.errKey, st.errArg = kind, index, key, args
		status = http.StatusUnprocessableEntity
	}
	switch op {
	case "add-step":
		if len(b.Steps) >= tandem.MaxSteps {
			refuse("steps", 0, "error.steps_count")
			break
		}
		lane := tandem.Lane(r.PostFormValue("new_lane"))
		if !lane.Valid() {
			lane = tandem.LaneCustomer
		}
		at, err := strconv.Atoi(r.PostFormValue("new_pos"))
		if err != nil || at < 0 || at > len(b.Steps) {
			at = len(b.Steps)
		}
		b.Steps = slices.Insert(b.Steps, at, emptyStep(lane))
		st.focus, st.index, st.ctrl = "step", at, "title"
	case "up", "down":
		if i < 0 || i >= len(b.Steps) {
			break
		}
		j := i - 1
		if op == "down" {
			j = i + 1
		}
		if j < 0 || j >= len(b.Steps) {
			st.focus, st.index, st.ctrl = "step", i, op
			break
		}
		b.Steps[i], b.Steps[j] = b.Steps[j], b.Steps[i]
		st.focus, st.index, st.ctrl = "step", j, op
	case "remove-step":
		if i < 0 || i >= len(b.Steps) {
			break
		}
		// A step that aspects belong to is not removed: moving them to
		// the whole service silently would change what customers judge.
		// The manager moves or removes them first, on the same page.
		var names []tandem.Text
		for _, a := range b.Aspects {
			if a.StepKey == b.Steps[i].Key {
				names = append(names, a.Name)
			}
		}
		if len(names) > 0 {
			refuse("step", i, "manage.editor.step_has_aspects", names)
			st.field, st.focus = "key", "step"
			break
		}
		b.Steps = slices.Delete(b.Steps, i, i+1)
		st.focus = "steps"
		if i > 0 {
			st.focus, st.index = "step", i-1
		}
	case "add-aspect":
		if len(b.Aspects) >= tandem.MaxAspects {
			refuse("aspects", 0, "error.aspects_count")
			break
		}
		b.Aspects = append(b.Aspects, tandem.Aspect{Name: tandem.Text{}, ControlledBy: tandem.PartyProvider})
		st.focus, st.index, st.ctrl = "aspect", len(b.Aspects)-1, "title"
	case "aspect-up", "aspect-down":
		if i < 0 || i >= len(b.Aspects) {
			break
		}
		j := i - 1
		if op == "aspect-down" {
			j = i + 1
		}
		if j < 0 || j >= len(b.Aspects) {
			st.focus, st.index, st.ctrl = "aspect", i, op
			break
		}
		b.Aspects[i], b.Aspects[j] = b.Aspects[j], b.Aspects[i]
		st.focus, st.index, st.ctrl = "aspect", j, op
	case "remove-aspect":
		if i < 0 || i >= len(b.Aspects) {
			break
		}
		b.Aspects = slices.Delete(b.Aspects, i, i+1)
		st.focus = "aspects"
	case "add-request":
		if i < 0 || i >= len(b.Steps) {
			break
		}
		if len(b.Steps[i].Requests) >= tandem.MaxRequestOptions {
			refuse("step", i, "error.requests_count")
			st.field, st.focus = "requests", "step"
			break
		}
		b.Steps[i].Requests = append(b.Steps[i].Requests, tandem.RequestOption{Label: tandem.Text{}})
		st.focus, st.index, st.ctrl = "step", i, "request"
	case "remove-request":
		// arg is "step.option"; Atoi above could not read it.
		si, oi, _ := strings.Cut(arg, ".")
		i, err1 := strconv.Atoi(si)
		j, err2 := strconv.Atoi(oi)
		if err1 != nil || err2 != nil || i < 0 || i >= len(b.Steps) || j < 0 || j >= len(b.Steps[i].Requests) {
			break
		}
		b.Steps[i].Requests = slices.Delete(b.Steps[i].Requests, j, j+1)
		st.focus, st.index, st.ctrl = "step", i, "requests"
	case "publish":
		return s.publish(w, r, st)
	}
	assignKeys(b, cur)
	s.renderEditor(w, r, status, st)
	return nil
}

// publish validates the draft and stores it as the next version. A refusal
// re-renders the draft with the message at the field; nothing is stored.
func (s *Server) publish(w http.ResponseWriter, r *http.Request, st *editorState) error {
	v := viewerFrom(r.Context())
	b := st.d.BP
	if st.d.Base != st.svc.Version {
		// Someone published while this draft was open. The draft is kept
		// and now counts as based on their version: pressing Publish again
		// replaces it knowingly.
		st.kind, st.errKey, st.errArg = "conflict", "manage.editor.conflict", []any{st.svc.Version}
		st.d.Base = st.svc.Version
		s.renderEditor(w, r, http.StatusConflict, st)
		return nil
	}
	err := b.Validate()
	if err == nil {
		b.OrgID, b.ServiceID = v.Org.ID, st.svc.ID
		b.Stale = tandem.MarkStale(st.cur, b, st.confirmed)
		err = s.App.Services.PublishBlueprint(r.Context(), b)
	}
	if err != nil {
		if tandem.ErrorCode(err) != tandem.EINVALID {
			return err
		}
		st.errKey = tandem.ErrorKey(err)
		field := tandem.ErrorField(err)
		st.kind, st.index = locate(b, err)
		switch {
		case st.kind != "":
			_, st.field, _ = strings.Cut(field, ".")
			st.focus = st.kind
		case field == "steps" || field == "aspects" || field == "readiness":
			st.kind = field
		case field == "preparation": // shown with the readiness questions, before the steps
			st.kind = "readiness"
		default:
			st.kind = "steps"
		}
		s.renderEditor(w, r, httpx.Status(err), st)
		return nil
	}
	http.Redirect(w, r, "/app/services/"+strconv.FormatInt(st.svc.ID, 10), http.StatusSeeOther)
	return nil
}

func (s *Server) renderEditor(w http.ResponseWriter, r *http.Request, status int, st *editorState) {
	p := s.newPage(w, r, "", "services")
	p.Title = p.P.T("manage.editor.title", st.svc.Name.Get(p.Lang))
	p.Data = s.editorData(p, st)
	s.render(w, status, "editor", p)
}
