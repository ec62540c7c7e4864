package customer_test

import (
	"net/url"
	"testing"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/storetest"
)

// TestEdgeInput: the customer forms refuse a NUL byte, another control
// character or invalid UTF-8 with the form again and a message in the
// visitor's language, storing nothing; a code or token holding such bytes
// is simply not found. Both engines.
func TestEdgeInput(t *testing.T) {
	for _, eng := range storetest.Engines() {
		t.Run(eng.Name, func(t *testing.T) {
			f := newFixture(t, eng.Open(t))
			rest := f.restroom(t)
			c := f.client("ru")
			ru := catalog.Printer("ru")
			msg := esc(ru.T(tandem.ErrTextInvalid))
			tok := token(t, f.start(c, false))

			// The feedback form.
			for _, comment := range []string{"вкусно\x00", "плохо \xff\xfe", "звонок\x07"} {
				p := c.post("/e/"+tok+"/feedback", url.Values{"overall": {"4"}, "comment": {comment}})
				wantStatus(t, p, 422)
				wantContains(t, p, msg)
			}
			p := c.post("/e/"+tok+"/feedback", url.Values{"overall": {"4"}, "praise_staff_id": {id(f.anna.ID)}, "praise": {"Анна\x00"}})
			wantStatus(t, p, 422)
			wantContains(t, p, msg)
			for _, bad := range []string{tok + "%00", "%00", tok + "%FF", "%C3%28"} {
				p := c.post("/e/"+bad+"/feedback", url.Values{"overall": {"4"}, "comment": {"ok"}})
				wantStatus(t, p, 404)
				for _, path := range []string{"/e/" + bad, "/e/" + bad + "/live", "/e/" + bad + "/thanks"} {
					if p := c.get(path); p.Status != 404 {
						t.Errorf("GET %s: status %d, want 404", path, p.Status)
					}
				}
			}
			if n := len(f.feedback(t)); n != 0 {
				t.Fatalf("stored %d feedbacks, want none", n)
			}

			// The touchpoint pages and the report form.
			for _, bad := range []string{f.tp.Code + "%00", "%00", rest.Code + "%FF"} {
				if p := c.get("/t/" + bad); p.Status != 404 {
					t.Errorf("GET /t/%s: status %d, want 404", bad, p.Status)
				}
				if p := c.post("/t/"+bad+"/start", url.Values{}); p.Status != 404 {
					t.Errorf("start at %s: status %d, want 404", bad, p.Status)
				}
				p := c.post("/t/"+bad+"/report", url.Values{"lang": {"ru"}, "key": {"k1"}, "problem": {"no-soap"}})
				if p.Status != 404 {
					t.Errorf("report at %s: status %d, want 404", bad, p.Status)
				}
			}
			key := regexpValue(c.get("/t/"+rest.Code).Body, "key")
			for _, form := range []url.Values{
				{"lang": {"ru"}, "key": {key}, "problem": {"no-soap"}, "comment": {"левая\x00раковина"}},
				{"lang": {"ru"}, "key": {key}, "problem": {"no-soap"}, "comment": {"\xc3\x28"}},
				{"lang": {"ru"}, "key": {key}, "problem": {"no-soap"}, "email": {"ella@example.com\x00"}, "consent": {"1"}},
				{"lang": {"ru"}, "key": {key + "\x00"}, "problem": {"no-soap"}},
				{"lang": {"ru"}, "key": {"\xff"}, "problem": {"praise"}},
			} {
				p := c.post("/t/"+rest.Code+"/report", form)
				wantStatus(t, p, 422)
				wantContains(t, p, msg)
			}
			for _, bad := range []string{"%00", "abc%FF"} {
				for _, path := range []string{"/r/" + bad, "/r/" + bad + "/live"} {
					if p := c.get(path); p.Status != 404 {
						t.Errorf("GET %s: status %d, want 404", path, p.Status)
					}
				}
			}
			if items, _ := f.db.ListWorkItems(f.ctx, tandem.WorkFilter{OrgID: f.org.ID}); len(items) != 0 {
				t.Fatalf("refused reports stored %d items", len(items))
			}

			// Clean input still goes through.
			p = c.post("/e/"+tok+"/feedback", url.Values{"overall": {"4"}, "comment": {"две\r\nстроки\tи табуляция"}})
			wantStatus(t, p, 200)
			if n := len(f.feedback(t)); n != 1 {
				t.Fatalf("stored %d feedbacks, want 1", n)
			}
		})
	}
}
