package manage

import "time"

// Route is one entry of the route table, as the tests see it.
type Route struct {
	Method, Pattern string
	Public          bool
}

// Routes returns the table Register serves from.
func (s *Server) Routes() []Route {
	var out []Route
	for _, rt := range s.routes() {
		out = append(out, Route{rt.Method, rt.Pattern, rt.Public})
	}
	return out
}

// SetPasswordCheck replaces the password comparison and how long a sign-in
// waits for a free check slot.
func (s *Server) SetPasswordCheck(f func(hash, password string) bool, wait time.Duration) {
	s.passwordMatches, s.checkWait = f, wait
}

// DummyHash is the hash unknown emails are checked against.
func (s *Server) DummyHash() string { return s.dummyHash }

// MaxPasswordChecks is how many password checks may run at once.
const MaxPasswordChecks = maxPasswordChecks

// LocalPath exposes localPath to the table test.
var LocalPath = localPath

// MaxEditorForm bounds a posted editor draft.
const MaxEditorForm = maxEditorForm
