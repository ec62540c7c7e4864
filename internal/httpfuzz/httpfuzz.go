// Package httpfuzz serves fuzzed requests to Tandem's real handlers, for
// the fuzz targets of the public decoders (api and web/customer): it reads
// a request as net/http's server reads one off the wire, so that inputs
// the server itself refuses before any handler runs are skipped, serves
// it, and fails on any 5xx, or a 4xx without a message. A handler's panic
// is not recovered: it fails the target with the input that caused it.
package httpfuzz

import (
	"bufio"
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"
)

// Request reads method, target, headers and body as net/http's server
// reads a request off the wire. ok is false for a request the server
// refuses itself, with a 400 of its own, before any handler sees it: a
// target or header line that does not parse, or a header value holding a
// control character other than a tab.
func Request(method, target string, header map[string]string, body []byte) (r *http.Request, ok bool) {
	names := make([]string, 0, len(header))
	for name, v := range header {
		if !validValue(v) {
			return nil, false
		}
		names = append(names, name)
	}
	sort.Strings(names)
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: tandem.test\r\nContent-Length: %d\r\n", method, target, len(body))
	for _, name := range names {
		fmt.Fprintf(&b, "%s: %s\r\n", name, header[name])
	}
	b.WriteString("\r\n")
	b.Write(body)
	r, err := http.ReadRequest(bufio.NewReader(&b))
	if err != nil {
		return nil, false
	}
	r.RemoteAddr = "192.0.2.10:40000"
	return r, true
}

// validValue is net/http's rule for a header value it passes on: no
// control characters but the tab.
func validValue(v string) bool {
	for i := 0; i < len(v); i++ {
		if c := v[i]; c < ' ' && c != '\t' || c == 0x7f {
			return false
		}
	}
	return true
}

// Serve serves r with h and returns the answer, failing tb on a 5xx or a
// 4xx whose body is empty: bad input gets a clear 4xx with a message.
func Serve(tb testing.TB, h http.Handler, r *http.Request) *httptest.ResponseRecorder {
	tb.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if r.MultipartForm != nil {
		r.MultipartForm.RemoveAll()
	}
	switch {
	case w.Code >= 500:
		tb.Fatalf("%s %q: status %d\n%s", r.Method, r.RequestURI, w.Code, clip(w.Body.String()))
	case w.Code >= 400 && strings.TrimSpace(w.Body.String()) == "":
		tb.Fatalf("%s %q: status %d without a message", r.Method, r.RequestURI, w.Code)
	case w.Code < 100:
		tb.Fatalf("%s %q: status %d", r.Method, r.RequestURI, w.Code)
	}
	return w
}

func clip(s string) string {
	if len(s) > 2000 {
		return s[:2000] + "…"
	}
	return s
}

// Fill replaces each placeholder (a key of values, such as "@TP") in s with
// its value, so that a seed, and the corpus grown from it, names a
// fixture's random codes and tokens by a stable name.
func Fill(s string, values map[string]string) string {
	if !strings.Contains(s, "@") {
		return s
	}
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	// Longest first, so that "@EPX" is never read as "@EP" and an X.
	sort.Slice(keys, func(i, j int) bool {
		if len(keys[i]) != len(keys[j]) {
			return len(keys[i]) > len(keys[j])
		}
		return keys[i] < keys[j]
	})
	pairs := make([]string, 0, 2*len(keys))
	for _, k := range keys {
		pairs = append(pairs, k, values[k])
	}
	return strings.NewReplacer(pairs...).Replace(s)
}
