package main

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/tandemhq/tandem/api"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/sqlstore"
)

// TestTokenCommands: tokens made with and without an expiry, listed with
// their prefix, state, expiry and last use but never their secret,
// revoked by ID; a revoked token no longer opens the API; bad input is a
// clear error that changes nothing.
func TestTokenCommands(t *testing.T) {
	data := t.TempDir()
	if _, _, err := runCLI(t, "a long enough password\n", "user", "add", "--data", data, "--org", "bistro",
		"--org-name", "Bistro", "--email", "ann@bistro.test", "--name", "Ann"); err != nil {
		t.Fatal(err)
	}
	secretOf := func(out string) string {
		lines := strings.Split(strings.TrimSpace(out), "\n")
		return lines[len(lines)-1]
	}
	out, _, err := runCLI(t, "", "token", "add", "--data", data, "--org", "bistro", "--name", "till", "--expires", "90d")
	if err != nil || !strings.Contains(out, "expires 20") {
		t.Fatalf("token add --expires 90d: %q, %v", out, err)
	}
	till := secretOf(out)
	out, _, err = runCLI(t, "", "token", "add", "--data", data, "--org", "bistro", "--name", "kiosk", "--expires", "2099-01-31")
	if err == nil {
		t.Fatalf("an expiry 73 years away was accepted: %q", out)
	}
	out, _, err = runCLI(t, "", "token", "add", "--data", data, "--org", "bistro", "--name", "kiosk")
	if err != nil || !strings.Contains(out, "never expires") {
		t.Fatalf("token add: %q, %v", out, err)
	}
	kiosk := secretOf(out)

	// Bad input: clear errors, nothing made or changed.
	for _, tc := range []struct {
		args  []string
		want  string
		usage bool
	}{
		{[]string{"token", "add", "--data", data, "--org", "bistro", "--name", "x", "--expires", "soon"}, "number of days", false},
		{[]string{"token", "add", "--data", data, "--org", "bistro", "--name", "x", "--expires", "2020-01-01"}, "in the future", false},
		{[]string{"token", "add", "--data", data, "--org", "nowhere", "--name", "x"}, `no organization "nowhere"`, false},
		{[]string{"token", "list", "--data", data}, "--org", true},
		{[]string{"token", "revoke", "--data", data, "--org", "bistro"}, "-org", true}, // the ID is missing: bistro is taken for it
		{[]string{"token", "revoke", "--data", data, "--org=bistro"}, "tandem token revoke --org SLUG ID", true},
		{[]string{"token", "revoke", "--data", data, "--org", "bistro", "abc"}, "not a token ID", true},
		{[]string{"token", "revoke", "--data", data, "--org", "bistro", "999"}, "no API token 999 in bistro", false},
		{[]string{"token", "forget", "--data", data}, "add, list or revoke", true},
		{[]string{"token"}, "add, list or revoke", true},
	} {
		_, _, err := runCLI(t, "", tc.args...)
		if err == nil || !strings.Contains(err.Error(), tc.want) || errors.Is(err, errUsage) != tc.usage {
			t.Errorf("%v: err = %v, want it to mention %q (usage error: %v)", tc.args, err, tc.want, tc.usage)
		}
	}

	// A use of the till token, through the API over the same data.
	c := &Config{DataDir: data}
	db, err := openStore(t.Context(), c, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := apiServer(t, db)
	get := func(secret string) int {
		req, _ := http.NewRequest("GET", srv.URL+"/api/v1/sites", nil)
		req.Header.Set("Authorization", "Bearer "+secret)
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := get(till); code != 200 {
		t.Fatalf("till token: %d", code)
	}
	db.Close()

	out, _, err = runCLI(t, "", "token", "list", "--data", data, "--org", "bistro")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out, till) || strings.Contains(out, kiosk) {
		t.Fatalf("list shows a secret:\n%s", out)
	}
	rows := map[string]string{}
	for _, l := range strings.Split(out, "\n") {
		f := strings.Fields(l)
		if len(f) > 2 {
			rows[f[2]] = l
		}
	}
	tillRow := regexp.MustCompile(`^(\d+)\s+` + regexp.QuoteMeta(till[:6]) + `\s+till\s+active\s+\S+ \S+\s+20\d\d-\d\d-\d\d \d\d:\d\d\s+20\d\d-\d\d-\d\d \d\d:\d\d`)
	m := tillRow.FindStringSubmatch(rows["till"])
	if m == nil {
		t.Fatalf("till row %q; list:\n%s", rows["till"], out)
	}
	if !regexp.MustCompile(`kiosk\s+active\s+\S+ \S+\s+never\s+never`).MatchString(rows["kiosk"]) {
		t.Errorf("kiosk row %q; list:\n%s", rows["kiosk"], out)
	}

	out, _, err = runCLI(t, "", "token", "revoke", "--data", data, "--org", "bistro", m[1])
	if err != nil || !strings.Contains(out, "Revoked API token "+m[1]) {
		t.Fatalf("revoke: %q, %v", out, err)
	}
	out, _, _ = runCLI(t, "", "token", "list", "--data", data, "--org", "bistro")
	if !regexp.MustCompile(`till\s+revoked`).MatchString(out) || !regexp.MustCompile(`kiosk\s+active`).MatchString(out) {
		t.Errorf("list after revoke:\n%s", out)
	}
	db, err = openStore(t.Context(), c, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	srv = apiServer(t, db)
	if code := get(till); code != 401 {
		t.Errorf("revoked till token: %d, want 401", code)
	}
	if code := get(kiosk); code != 200 {
		t.Errorf("kiosk token: %d, want 200", code)
	}
}

// apiServer serves the JSON API over db.
func apiServer(t *testing.T, db *sqlstore.DB) *httptest.Server {
	mux := http.NewServeMux()
	(&api.Server{App: app.New(app.StoresOf(db), app.Options{})}).Register(mux)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}
