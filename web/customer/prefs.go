package customer

import (
	"net/http"
	"strings"
)

// What a device remembers without an account, in cookies: whether its owner
// is here for the first time, and how they like the pages shown.
const (
	FirstTimeCookie = "tandem_first"    // "yes" or "no"
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

// deviceFirstTime reads the device's answer to "First time here?": known is
// false when it was never asked on this device.
func deviceFirstTime(r *http.Request) (first, known bool) {
	c, err := r.Cookie(FirstTimeCookie)
	if err != nil || (c.Value != "yes" && c.Value != "no") {
		return false, false
	}
	return c.Value == "yes", true
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

func rememberFirstTime(w http.ResponseWriter, first bool) {
	v := "no"
	if first {
		v = "yes"
	}
	setPref(w, FirstTimeCookie, v)
}
