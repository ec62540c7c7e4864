package manage

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/notify"
)

// The signed-in user's own page (app/profile.go): their name and language,
// notifications on their phones (Web Push: profile.js subscribes the
// browser, sw.js shows what arrives) and the emails they want. Everyone
// who signs in has one, whatever their role; it only ever shows and
// changes the viewer themselves.

type profileData struct {
	setupForm
	Name, Lang, Email string
	Langs             []langOption
	Saved             string // "profile" or "mail" after a save
	Subscribed        bool
	Removed           bool
	TestSent          int
	TestFailed        bool

	PushOn    bool   // the server can push
	PublicKey string // its VAPID public key
	Devices   []*tandem.PushSubscription

	MailOn bool // the server can email
	Mail   []mailChoice

	TwoFactor *twoFactorCard // twofactor.go
	Password  passwordForm   // credentials.go
}

type mailChoice struct {
	Kind  tandem.MailKind
	Label string
	On    bool
}

var profileURL = &url.URL{Path: "/app/profile"}

func (s *Server) profile(w http.ResponseWriter, r *http.Request) error {
	u := viewerFrom(r.Context()).User
	q := r.URL.Query()
	n, _ := strconv.Atoi(q.Get("tested"))
	d := profileData{Name: u.Name, Lang: u.Lang, Saved: q.Get("saved"), Subscribed: q.Has("subscribed"),
		Removed: q.Has("removed"), TestSent: max(n, 0), TestFailed: q.Has("test_failed")}
	if d.Saved == "password" {
		d.Saved, d.Password.Saved = "", true
	}
	return s.renderProfile(w, r, http.StatusOK, d, nil)
}

// renderProfile shows the profile page with d in its form; err is the
// refusal of the name and language form.
func (s *Server) renderProfile(w http.ResponseWriter, r *http.Request, status int, d profileData, err error) error {
	ctx := r.Context()
	u := viewerFrom(ctx).User
	p := s.newPageAt(w, r, profileURL, "manage.profile.title", "profile")
	d.fail(p, err)
	d.Action, d.Email = "/app/profile", u.Email
	for _, l := range p.Langs {
		d.Langs = append(d.Langs, langOption{l.Code, l.Name})
	}
	if s.Pusher != nil {
		d.PushOn, d.PublicKey = true, s.Pusher.PublicKey()
	}
	devices, err := s.App.Notify.ListPushSubscriptions(ctx, u.OrgID, u.ID)
	if err != nil {
		return err
	}
	d.Devices = devices
	d.MailOn = s.Mailer != nil
	on, err := s.App.MailChoices(ctx, u)
	if err != nil {
		return err
	}
	for _, k := range tandem.MailKinds {
		d.Mail = append(d.Mail, mailChoice{Kind: k, Label: p.P.T("manage.profile.mail_" + string(k)), On: on[k]})
	}
	if d.TwoFactor, err = s.twoFactorCardOf(ctx, p, viewerFrom(ctx)); err != nil {
		return err
	}
	p.Data = d
	s.render(w, status, "profile", p)
	return nil
}

func (s *Server) saveProfile(w http.ResponseWriter, r *http.Request) error {
	v := viewerFrom(r.Context())
	name, lang := r.PostFormValue("name"), r.PostFormValue("lang")
	u, err := s.App.UpdateProfile(r.Context(), v.User, name, lang)
	if err != nil {
		if !refused(err) {
			return err
		}
		return s.renderProfile(w, r, http.StatusUnprocessableEntity, profileData{Name: name, Lang: lang}, err)
	}
	// The page after the save speaks the language just chosen.
	return s.seeOther(w, r, "/app/profile?saved=profile&lang="+url.QueryEscape(u.Lang))
}

func (s *Server) saveMailChoices(w http.ResponseWriter, r *http.Request) error {
	v := viewerFrom(r.Context())
	r.ParseForm()
	var on []tandem.MailKind
	for _, k := range r.PostForm["mail"] {
		on = append(on, tandem.MailKind(k))
	}
	if err := s.App.SetMailChoices(r.Context(), v.User, on); err != nil {
		return err
	}
	return s.seeOther(w, r, "/app/profile?saved=mail")
}

// subscriptionJSON is what profile.js posts: PushSubscription.toJSON().
type subscriptionJSON struct {
	Endpoint string `json:"endpoint"`
	Keys     struct {
		P256dh string `json:"p256dh"`
		Auth   string `json:"auth"`
	} `json:"keys"`
}

// maxSubscription bounds the posted subscription (its endpoint is at most
// tandem.MaxPushEndpoint).
const maxSubscription = 8 << 10

// subscribe stores the subscription profile.js posts, answering JSON: 201,
// or 422 with the refusal in the viewer's language for the script to show.
func (s *Server) subscribe(w http.ResponseWriter, r *http.Request) error {
	v := viewerFrom(r.Context())
	p := s.newPage(w, r, "", "")
	answer := func(status int, body any) error {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(status)
		return json.NewEncoder(w).Encode(body)
	}
	if s.Pusher == nil {
		return answer(http.StatusConflict, map[string]string{"message": p.P.T("manage.profile.push_server_off")})
	}
	var in subscriptionJSON
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxSubscription))
	if err := dec.Decode(&in); err != nil {
		return answer(http.StatusBadRequest, map[string]string{"message": p.P.T("manage.profile.push_failed")})
	}
	sub := &tandem.PushSubscription{Endpoint: in.Endpoint, P256dh: in.Keys.P256dh, Auth: in.Keys.Auth, Label: deviceLabel(r.UserAgent())}
	if err := s.App.Subscribe(r.Context(), v.User, sub); err != nil {
		if !refused(err) {
			return err
		}
		return answer(http.StatusUnprocessableEntity, map[string]string{"message": p.P.In("manage.", tandem.ErrorKey(err))})
	}
	return answer(http.StatusCreated, map[string]int64{"id": sub.ID})
}

func (s *Server) unsubscribe(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.App.Unsubscribe(r.Context(), viewerFrom(r.Context()).User, id); err != nil {
		return err
	}
	return s.seeOther(w, r, "/app/profile?removed=1")
}

// testPush sends a test notification, in the viewer's language, to each of
// their phones.
func (s *Server) testPush(w http.ResponseWriter, r *http.Request) error {
	if s.Pusher == nil {
		return tandem.Errorf(tandem.ECONFLICT, "manage.profile.push_server_off")
	}
	u := viewerFrom(r.Context()).User
	p := s.Catalog.Printer(u.Lang)
	pl := notify.Payload{Title: p.T("notify.push.test_title"), Body: p.T("notify.push.test_body"), URL: "/app/profile", Tag: "tandem-test"}
	n, err := s.App.TestPush(r.Context(), u, func(ctx context.Context, sub *tandem.PushSubscription) error {
		return s.Pusher.Send(ctx, sub, pl)
	})
	if err != nil {
		var nerr *notify.Error
		if !errors.As(err, &nerr) {
			return err
		}
		s.Logger.Warn("manage: test notification failed", "user", u.ID, "err", err)
		return s.seeOther(w, r, "/app/profile?test_failed=1")
	}
	return s.seeOther(w, r, "/app/profile?tested="+strconv.Itoa(n))
}

// serviceWorker serves sw.js at /app/sw.js, so that its scope is the
// manager pages. Browsers check it for updates themselves.
func (s *Server) serviceWorker(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(s.assets.Body("sw.js"))
	return nil
}

// deviceLabel names a browser for the user's list from its User-Agent,
// e.g. "Chrome · Android"; "" when it cannot tell.
func deviceLabel(ua string) string {
	var browser, system string
	for _, b := range []struct{ token, name string }{
		{"SamsungBrowser/", "Samsung Internet"}, {"Edg", "Edge"}, {"OPR/", "Opera"}, {"Firefox/", "Firefox"},
		{"FxiOS/", "Firefox"}, {"CriOS/", "Chrome"}, {"Chrome/", "Chrome"}, {"Safari/", "Safari"},
	} {
		if strings.Contains(ua, b.token) {
			browser = b.name
			break
		}
	}
	for _, o := range []struct{ token, name string }{
		{"Android", "Android"}, {"iPhone", "iPhone"}, {"iPad", "iPad"}, {"Windows", "Windows"},
		{"Mac OS X", "macOS"}, {"CrOS", "ChromeOS"}, {"Linux", "Linux"},
	} {
		if strings.Contains(ua, o.token) {
			system = o.name
			break
		}
	}
	switch {
	case browser != "" && system != "":
		return browser + " · " + system
	case browser != "":
		return browser
	}
	return system
}
