package customer

import (
	"net/http"
	"strconv"
	"strings"
)

// What a device remembers without an account, in cookies: whether its owner
// is here for the first time, per organization, and how they like the
// pages shown.
const (
	FirstTimeCookie = "tandem_first_"   // + the organization's id: "yes" or "no"
	TextCookie      = "tandem_text"     // "large" for larger text
	ContrastCookie  = "tandem_contrast" // "high" for high contrast
)

const prefAge = 365 * 24 * 3600

func setPref(w http.ResponseWriter, name, value string) {
	http.SetCookie(w, &http.Cookie{
		Name: name, Value: value, Path: "/", MaxAge: prefAge,
		HttpOnly: true, SameSite: http.SameSiteLaxMode,
	})
}

// display is a visitor's display preferences.
type display struct{ large, contrast bool }

// displayPrefs reads the display preferences: a ?text= or ?contrast= from
// the switch links wins and is remembered, like ?lang=; then the cookies.
// Links rather than a script, so the switch works without JavaScript.
func displayPrefs(w http.ResponseWriter, r *http.Request) display {
	pref := func(param, cookie, on, off string) bool {
		switch r.URL.Query().Get(param) {
		case on:
			setPref(w, cookie, on)
			return true
		case off:
			setPref(w, cookie, off)
			return false
		}
		c, err := r.Cookie(cookie)
		return err == nil && c.Value == on
	}
	return display{
		large:    pref("text", TextCookie, "large", "normal"),
		contrast: pref("contrast", ContrastCookie, "high", "normal"),
	}
}

// class is the preferences as classes on the page's <html> element.
func (d display) class() string {
	var c []string
	if d.large {
		c = append(c, "large")
	}
	if d.contrast {
		c = append(c, "contrast")
	}
	return strings.Join(c, " ")
}

func firstTimeCookie(orgID int64) string { return FirstTimeCookie + strconv.FormatInt(orgID, 10) }

// deviceFirstTime reads the device's answer to "First time here?" at an
// organization: known is false when it was never asked there on this
// device. Being new to one place says nothing of another.
func deviceFirstTime(r *http.Request, orgID int64) (first, known bool) {
	c, err := r.Cookie(firstTimeCookie(orgID))
	if err != nil || (c.Value != "yes" && c.Value != "no") {
		return false, false
	}
	return c.Value == "yes", true
}

// deviceAnswer is the device's answer to "First time here?" at an
// organization, for Episode.FirstTimer; nil when it was never asked there.
func deviceAnswer(r *http.Request, orgID int64) *bool {
	if first, known := deviceFirstTime(r, orgID); known {
		return &first
	}
	return nil
}

// postedFirstTime reads a posted answer to "First time here?": the yes/no
// buttons send first_time=yes or no, the start form's checkbox sends 1 when
// ticked and nothing when not (its form says so with asked=1). answered is
// false when the form did not ask.
func postedFirstTime(r *http.Request) (first, answered bool) {
	switch r.PostFormValue("first_time") {
	case "yes", "1", "on":
		return true, true
	case "no", "0":
		return false, true
	}
	return false, r.PostFormValue("asked") != ""
}

// rememberFirstTime keeps the device's answer at an organization; after
// feedback there it turns to "no": the customer has been there now.
func rememberFirstTime(w http.ResponseWriter, orgID int64, first bool) {
	v := "no"
	if first {
		v = "yes"
	}
	setPref(w, firstTimeCookie(orgID), v)
}
