package manage

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/tandemhq/tandem"
)

// The quick problems a report form offers, per kind of place: the
// built-in ones until a manager edits the organization's own list here.

type problemRow struct {
	N          int
	Key        string
	Name       string // in the page's language, for the row's legend
	En, Ru, Fi string
	SLA        string // minutes
}

type problemsData struct {
	Type    string
	Types   []option
	Rows    []problemRow // the list, then one empty row to add
	Edited  bool         // the organization's own list, not the built-in one
	Error   string
	Action  string
	Reset   string
	Default bool
}

// problemsType reads ?type=, restroom when absent.
func problemsType(r *http.Request) (tandem.TouchpointType, error) {
	t := tandem.TouchpointType(r.URL.Query().Get("type"))
	if t == "" {
		return tandem.TypeRestroom, nil
	}
	if !t.Valid() {
		return "", tandem.NotFound("error.not_found")
	}
	return t, nil
}

// problems shows the quick problems of one type, to edit.
func (s *Server) problems(w http.ResponseWriter, r *http.Request) error {
	t, err := problemsType(r)
	if err != nil {
		return err
	}
	list, edited, err := s.App.Reports.ListProblems(r.Context(), viewerFrom(r.Context()).Org.ID, t)
	if err != nil {
		return err
	}
	return s.renderProblems(w, r, http.StatusOK, t, list, edited, nil)
}

func (s *Server) renderProblems(w http.ResponseWriter, r *http.Request, status int, t tandem.TouchpointType, list []tandem.Problem, edited bool, failed error) error {
	self := &url.URL{Path: "/app/problems", RawQuery: url.Values{"type": {string(t)}}.Encode()}
	p := s.newPageAt(w, r, self, "manage.problems.title", "touchpoints")
	d := problemsData{Type: string(t), Edited: edited, Action: self.String(),
		Reset: "/app/problems/reset?" + self.RawQuery}
	for _, ty := range tandem.TouchpointTypes {
		d.Types = append(d.Types, option{Value: string(ty), Label: p.P.T("manage.tp.type." + string(ty)), Selected: ty == t})
	}
	for i, pb := range list {
		d.Rows = append(d.Rows, problemRow{N: i, Key: pb.Key, Name: pb.Name.Get(p.Lang), En: pb.Name["en"], Ru: pb.Name["ru"], Fi: pb.Name["fi"],
			SLA: strconv.Itoa(pb.SLAMinutes)})
	}
	if len(d.Rows) < tandem.MaxProblems {
		d.Rows = append(d.Rows, problemRow{N: len(list)})
	}
	if failed != nil {
		d.Error = p.P.In("manage.", tandem.ErrorKey(failed))
	}
	p.Data = d
	s.render(w, status, "problems", p)
	return nil
}

// saveProblems stores the list as posted: rows without an English name
// are left out (that is how one is removed, with its box ticked too), new
// rows get a key made from their English name.
func (s *Server) saveProblems(w http.ResponseWriter, r *http.Request) error {
	t, err := problemsType(r)
	if err != nil {
		return err
	}
	n, _ := strconv.Atoi(r.PostFormValue("rows"))
	n = min(max(n, 0), tandem.MaxProblems+1)
	list := []tandem.Problem{}
	keys := map[string]bool{}
	for i := 0; i < n; i++ {
		f := func(name string) string { return strings.TrimSpace(r.PostFormValue(name + "-" + strconv.Itoa(i))) }
		if f("remove") == "1" {
			continue
		}
		pb := tandem.Problem{Key: f("key"), Name: tandem.Text{"en": f("en"), "ru": f("ru"), "fi": f("fi")}.Trimmed()}
		if pb.Name.Empty() && pb.Key == "" {
			continue // the empty row to add
		}
		sla := f("sla")
		if sla == "" {
			sla = "60"
		}
		pb.SLAMinutes, err = strconv.Atoi(sla)
		if err != nil {
			pb.SLAMinutes = -1 // refused by validation, with its message
		}
		if pb.Key == "" {
			pb.Key = problemKey(pb.Name["en"], keys)
		}
		keys[pb.Key] = true
		list = append(list, pb)
	}
	v := viewerFrom(r.Context())
	if err := s.App.SetProblems(r.Context(), v.Org.ID, t, list); err != nil {
		if refused(err) {
			return s.renderProblems(w, r, http.StatusUnprocessableEntity, t, list, true, err)
		}
		return err
	}
	return s.seeOther(w, r, "/app/problems?type="+url.QueryEscape(string(t))+"#saved")
}

// resetProblems goes back to the built-in list of a type.
func (s *Server) resetProblems(w http.ResponseWriter, r *http.Request) error {
	t, err := problemsType(r)
	if err != nil {
		return err
	}
	if err := s.App.SetProblems(r.Context(), viewerFrom(r.Context()).Org.ID, t, nil); err != nil {
		return err
	}
	return s.seeOther(w, r, "/app/problems?type="+url.QueryEscape(string(t)))
}

// problemKey makes a key from a problem's English name, unique among
// taken: "No hot water" becomes no-hot-water.
func problemKey(name string, taken map[string]bool) string {
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(name) {
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			b.WriteRune(c)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	key := b.String()
	if len(key) > 32 {
		key = key[:32]
	}
	key = strings.Trim(key, "-")
	if len(key) < 2 {
		key = "problem"
	}
	for i, k := 2, key; ; i++ {
		if !taken[k] && k != tandem.ProblemOther {
			return k
		}
		k = key + "-" + strconv.Itoa(i)
	}
}
