package jobs

import (
	"github.com/riverqueue/river"
	"github.com/tandemhq/tandem"
)

// Sent is one message a job queued, as tests look at it.
type Sent struct {
	Kind   string // "push" or "mail"
	UserID int64
	About  tandem.MailKind
	To     string
	Title  string // the push's title or the mail's subject
	Body   string // the push's body or the mail's text
	HTML   string
	URL    string // the push's
}

// Messages reads the messages out of queued jobs.
func Messages(params []river.InsertManyParams) []Sent {
	var out []Sent
	for _, p := range params {
		switch a := p.Args.(type) {
		case pushArgs:
			out = append(out, Sent{Kind: "push", UserID: a.UserID, Title: a.Push.Title, Body: a.Push.Body, URL: a.Push.URL})
		case mailArgs:
			out = append(out, Sent{Kind: "mail", UserID: a.UserID, About: a.About, To: a.Mail.To, Title: a.Mail.Subject,
				Body: a.Mail.Text, HTML: a.Mail.HTML})
		}
	}
	return out
}
