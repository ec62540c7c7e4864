package notify

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	netmail "net/mail"
	"net/textproto"
	"net/url"
	"strconv"
	"strings"
	"time"

	mail "github.com/wneessen/go-mail"
)

// Mail is one email to one person.
type Mail struct {
	To      string // the address, e.g. the user's account email
	Subject string
	Text    string // the plain-text body, always sent
	HTML    string // an HTML alternative; "" for plain text only
	Lang    string // the language it is written in (Content-Language)
}

// Mailer sends email through one SMTP server. Make it with NewMailer; it is
// safe for concurrent use (each Send has its own connection).
type Mailer struct {
	from    string
	host    string
	port    int
	tls     tlsMode
	user    string
	pass    string
	timeout time.Duration
	tlsConf *tls.Config // nil: the system's roots, verifying host (tests set their own)
}

type tlsMode int

const (
	startTLSOpportunistic tlsMode = iota // STARTTLS when the server offers it
	startTLSMandatory                    // STARTTLS or fail
	startTLSOff                          // plain SMTP (a relay on the same host or network)
	implicitTLS                          // smtps://: TLS from the first byte
)

// NewMailer checks an SMTP URL and a From address and returns a Mailer.
//
// The URL is smtp://[user:pass@]host[:port][?starttls=1|0] (port 587 by
// default; STARTTLS is used when offered, required with starttls=1, never
// tried with starttls=0) or smtps://[user:pass@]host[:port] (port 465,
// TLS from the start). from is an address such as
// "Tandem <tandem@example.com>".
func NewMailer(rawURL, from string) (*Mailer, error) {
	var errs []error
	m := &Mailer{timeout: 30 * time.Second}
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" || u.Hostname() == "" {
		errs = append(errs, errors.New("SMTP URL: want smtp://[user:pass@]host[:port] or smtps://[user:pass@]host[:port]"))
	} else {
		switch u.Scheme {
		case "smtp":
			m.port = 587
			switch v := u.Query().Get("starttls"); v {
			case "":
			case "1", "true":
				m.tls = startTLSMandatory
			case "0", "false":
				m.tls = startTLSOff
			default:
				errs = append(errs, fmt.Errorf("SMTP URL: starttls=%q: want 1 or 0", v))
			}
		case "smtps":
			m.port, m.tls = 465, implicitTLS
		default:
			errs = append(errs, fmt.Errorf("SMTP URL: scheme %q: want smtp or smtps", u.Scheme))
		}
		m.host = u.Hostname()
		if p := u.Port(); p != "" {
			n, err := strconv.Atoi(p)
			if err != nil || n < 1 || n > 65535 {
				errs = append(errs, fmt.Errorf("SMTP URL: port %q: want 1 to 65535", p))
			}
			m.port = n
		}
		if u.User != nil {
			m.user = u.User.Username()
			m.pass, _ = u.User.Password()
		}
	}
	if from == "" {
		errs = append(errs, errors.New("sender address: required when SMTP is configured"))
	} else if a, err := netmail.ParseAddress(from); err != nil {
		errs = append(errs, fmt.Errorf("sender address %q: not an email address", from))
	} else {
		m.from = a.String()
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return m, nil
}

// Server is the host:port the Mailer connects to, for logs.
func (m *Mailer) Server() string { return net.JoinHostPort(m.host, strconv.Itoa(m.port)) }

// Send delivers one mail: a new connection, the message, QUIT. A failure is
// an *Error whose Temporary says whether to try again later.
func (m *Mailer) Send(ctx context.Context, msg Mail) error {
	built, err := m.build(msg)
	if err != nil {
		return &Error{Channel: "mail", Err: err}
	}
	var opts []mail.Option
	switch m.tls {
	case startTLSOpportunistic:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSOpportunistic))
	case startTLSMandatory:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	case startTLSOff:
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	case implicitTLS:
		opts = append(opts, mail.WithSSL())
	}
	if m.tlsConf != nil {
		opts = append(opts, mail.WithTLSConfig(m.tlsConf))
	}
	// The port last: go-mail's TLS options would otherwise pick their own.
	opts = append(opts, mail.WithPort(m.port), mail.WithTimeout(m.timeout))
	if m.user != "" {
		// Over TLS the strongest mechanism the server offers; without TLS
		// (starttls=0, meant for a relay on the same host) PLAIN, which
		// go-mail allows unencrypted only to localhost.
		auth := mail.SMTPAuthAutoDiscover
		if m.tls == startTLSOff {
			auth = mail.SMTPAuthPlain
		}
		opts = append(opts, mail.WithSMTPAuth(auth), mail.WithUsername(m.user), mail.WithPassword(m.pass))
	}
	c, err := mail.NewClient(m.host, opts...)
	if err != nil {
		return &Error{Channel: "mail", Err: err}
	}
	if err := c.DialAndSendWithContext(ctx, built); err != nil {
		return classifySMTP(err)
	}
	return nil
}

// build turns a Mail into a message; a bad address or an empty mail is a
// permanent failure.
func (m *Mailer) build(msg Mail) (*mail.Msg, error) {
	if strings.TrimSpace(msg.Subject) == "" || strings.TrimSpace(msg.Text) == "" {
		return nil, errors.New("a mail needs a subject and a text")
	}
	out := mail.NewMsg(mail.WithCharset(mail.CharsetUTF8), mail.WithEncoding(mail.EncodingQP))
	if err := out.From(m.from); err != nil {
		return nil, err
	}
	if err := out.To(msg.To); err != nil {
		return nil, err
	}
	out.Subject(msg.Subject)
	out.SetDate()
	out.SetMessageID()
	if msg.Lang != "" {
		out.SetGenHeader(mail.HeaderContentLang, msg.Lang)
	}
	out.SetGenHeader("Auto-Submitted", "auto-generated")
	out.SetBodyString(mail.TypeTextPlain, msg.Text)
	if msg.HTML != "" {
		out.AddAlternativeString(mail.TypeTextHTML, msg.HTML)
	}
	return out, nil
}

// classifySMTP makes a send error an *Error: a 5xx reply from the server is
// permanent, anything else (a 4xx reply, the network, a timeout) temporary.
func classifySMTP(err error) error {
	code := 0
	var tp *textproto.Error
	var se *mail.SendError
	switch {
	case errors.As(err, &tp):
		code = tp.Code
	case errors.As(err, &se):
		code = se.ErrorCode()
	}
	return &Error{Channel: "mail", Temporary: code < 500 || code > 599, Code: code, Err: err}
}
