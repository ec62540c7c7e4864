package notify

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"math/big"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	netmail "net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// A real SMTP server over loopback: it keeps what it receives, and refuses
// recipients as told.

type received struct {
	From string
	To   []string
	Data []byte
	User string
	TLS  bool // the message came over TLS
}

type smtpServer struct {
	addr string
	mu   sync.Mutex
	got  []received
	// rcptErr, when set, is the reply to RCPT TO.
	rcptErr *smtp.SMTPError
}

// startSMTP starts a server on loopback: plain, offering STARTTLS when
// conf is set, or speaking TLS from the first byte when implicit too.
func startSMTP(t *testing.T, conf *tls.Config, implicit bool) *smtpServer {
	t.Helper()
	s := &smtpServer{}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return &session{srv: s, conn: c}, nil
	}))
	srv.Domain = "mx.test"
	srv.AllowInsecureAuth = conf == nil
	srv.TLSConfig = conf
	var ln net.Listener
	var err error
	if implicit {
		ln, err = tls.Listen("tcp", "127.0.0.1:0", conf)
	} else {
		ln, err = net.Listen("tcp", "127.0.0.1:0")
	}
	if err != nil {
		t.Fatal(err)
	}
	s.addr = ln.Addr().String()
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return s
}

func (s *smtpServer) messages() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.got...)
}

type session struct {
	srv  *smtpServer
	conn *smtp.Conn
	cur  received
}

func (s *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *session) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, user, pass string) error {
		if user != "tandem" || pass != "s3cret" {
			return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "bad credentials"}
		}
		s.cur.User = user
		return nil
	}), nil
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error { s.cur.From = from; return nil }

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if s.srv.rcptErr != nil {
		return s.srv.rcptErr
	}
	s.cur.To = append(s.cur.To, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.cur.Data = b
	_, s.cur.TLS = s.conn.TLSConnectionState()
	s.srv.mu.Lock()
	s.srv.got = append(s.srv.got, s.cur)
	s.srv.mu.Unlock()
	return nil
}

func (s *session) Reset()        { user := s.cur.User; s.cur = received{User: user} }
func (s *session) Logout() error { return nil }

var ctx = context.Background()

func TestMailerSends(t *testing.T) {
	srv := startSMTP(t, nil, false)
	for _, tc := range []struct {
		name, url, user string
	}{
		{"plain", "smtp://" + srv.addr + "?starttls=0", ""},
		{"auth", "smtp://tandem:s3cret@" + srv.addr + "?starttls=0", "tandem"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := len(srv.messages())
			m, err := NewMailer(tc.url, "Tandem <tandem@example.com>")
			if err != nil {
				t.Fatal(err)
			}
			err = m.Send(ctx, Mail{
				To:      "anna@example.com",
				Subject: "Ваш отзыв учли: кофе теперь горячий",
				Text:    "Hyvä Anna,\nkiitos palautteestasi – kahvi on nyt kuumaa.\n",
				HTML:    "<p>Hyvä Anna, kiitos palautteestasi – kahvi on nyt kuumaa.</p>",
				Lang:    "ru",
			})
			if err != nil {
				t.Fatal(err)
			}
			got := srv.messages()
			if len(got) != before+1 {
				t.Fatalf("server received %d messages, want %d", len(got), before+1)
			}
			r := got[len(got)-1]
			if r.From != "tandem@example.com" || len(r.To) != 1 || r.To[0] != "anna@example.com" || r.User != tc.user {
				t.Errorf("envelope: from %q to %v user %q", r.From, r.To, r.User)
			}
			msg, err := netmail.ReadMessage(bytes.NewReader(r.Data))
			if err != nil {
				t.Fatal(err)
			}
			h := msg.Header
			dec := new(mime.WordDecoder)
			subject, err := dec.DecodeHeader(h.Get("Subject"))
			if err != nil || subject != "Ваш отзыв учли: кофе теперь горячий" {
				t.Errorf("Subject %q (raw %q), %v", subject, h.Get("Subject"), err)
			}
			if from, err := h.AddressList("From"); err != nil || from[0].Address != "tandem@example.com" || from[0].Name != "Tandem" {
				t.Errorf("From %q", h.Get("From"))
			}
			if h.Get("To") != "<anna@example.com>" && h.Get("To") != "anna@example.com" {
				t.Errorf("To %q", h.Get("To"))
			}
			if h.Get("Content-Language") != "ru" || h.Get("Auto-Submitted") != "auto-generated" || h.Get("Message-Id") == "" || h.Get("Date") == "" {
				t.Errorf("headers %v", h)
			}
			mt, params, err := mime.ParseMediaType(h.Get("Content-Type"))
			if err != nil || mt != "multipart/alternative" {
				t.Fatalf("Content-Type %q", h.Get("Content-Type"))
			}
			parts := map[string]string{}
			mr := multipart.NewReader(msg.Body, params["boundary"])
			for {
				p, err := mr.NextPart()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				ct, cp, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
				if !strings.EqualFold(cp["charset"], "utf-8") {
					t.Errorf("%s charset %q", ct, cp["charset"])
				}
				var body io.Reader = p // multipart decodes quoted-printable itself
				if p.Header.Get("Content-Transfer-Encoding") != "" {
					body = quotedprintable.NewReader(p)
				}
				b, _ := io.ReadAll(body)
				parts[ct] = string(b)
			}
			if !strings.Contains(parts["text/plain"], "kiitos palautteestasi – kahvi on nyt kuumaa.") {
				t.Errorf("text part %q", parts["text/plain"])
			}
			if !strings.Contains(parts["text/html"], "<p>Hyvä Anna,") {
				t.Errorf("html part %q", parts["text/html"])
			}
		})
	}
}

func TestMailerFailures(t *testing.T) {
	srv := startSMTP(t, nil, false)
	m, err := NewMailer("smtp://"+srv.addr+"?starttls=0", "tandem@example.com")
	if err != nil {
		t.Fatal(err)
	}
	mail := Mail{To: "anna@example.com", Subject: "Hei", Text: "Hei Anna"}

	srv.rcptErr = &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}
	err = m.Send(ctx, mail)
	var e *Error
	if !errors.As(err, &e) || e.Temporary || Retryable(err) || e.Code != 550 {
		t.Errorf("550: %#v (%v), want a permanent failure", e, err)
	}
	srv.rcptErr = &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
	err = m.Send(ctx, mail)
	if !Retryable(err) || !errors.As(err, &e) || e.Code != 451 {
		t.Errorf("451: %v, want a temporary failure", err)
	}
	srv.rcptErr = nil

	// Wrong password: the server's 535 is permanent.
	bad, err := NewMailer("smtp://tandem:wrong@"+srv.addr+"?starttls=0", "tandem@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if err := bad.Send(ctx, mail); err == nil || Retryable(err) {
		t.Errorf("wrong password: %v, want a permanent failure", err)
	}

	// Nobody listening: temporary.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().String()
	ln.Close()
	down, _ := NewMailer("smtp://"+closed+"?starttls=0", "tandem@example.com")
	if err := down.Send(ctx, mail); !Retryable(err) {
		t.Errorf("server down: %v, want a temporary failure", err)
	}

	// A bad address is permanent, and nothing reaches the server.
	n := len(srv.messages())
	if err := m.Send(ctx, Mail{To: "not an address", Subject: "Hei", Text: "Hei"}); err == nil || Retryable(err) {
		t.Errorf("bad address: %v, want a permanent failure", err)
	}
	if len(srv.messages()) != n {
		t.Error("a mail to a bad address reached the server")
	}
}

func TestNewMailer(t *testing.T) {
	for _, tc := range []struct {
		url, from string
		ok        bool
		server    string
	}{
		{"smtp://user:pass@mail.example.com?starttls=1", "a@example.com", true, "mail.example.com:587"},
		{"smtps://mail.example.com", "Tandem <a@example.com>", true, "mail.example.com:465"},
		{"smtp://mail.example.com:2525", "a@example.com", true, "mail.example.com:2525"},
		{"smtp://mail.example.com?starttls=maybe", "a@example.com", false, ""},
		{"http://mail.example.com", "a@example.com", false, ""},
		{"smtp://mail.example.com:99999", "a@example.com", false, ""},
		{"smtp://mail.example.com", "", false, ""},
		{"smtp://mail.example.com", "not an address", false, ""},
		{"mail.example.com", "a@example.com", false, ""},
	} {
		m, err := NewMailer(tc.url, tc.from)
		if (err == nil) != tc.ok {
			t.Errorf("NewMailer(%q, %q): %v, want ok=%v", tc.url, tc.from, err, tc.ok)
			continue
		}
		if m != nil && m.Server() != tc.server {
			t.Errorf("NewMailer(%q).Server() = %q, want %q", tc.url, m.Server(), tc.server)
		}
	}
}

// loopbackTLS returns a server configuration with a certificate for
// 127.0.0.1 and a client configuration that trusts it.
func loopbackTLS(t *testing.T) (server, client *tls.Config) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "mx.test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}},
		&tls.Config{RootCAs: pool, ServerName: "127.0.0.1"}
}

// TestMailerTLS: credentials and mail travel encrypted, by STARTTLS or by
// TLS from the start; starttls=1 refuses a server that cannot encrypt,
// and a certificate that is not trusted stops the mail.
func TestMailerTLS(t *testing.T) {
	serverConf, clientConf := loopbackTLS(t)
	mail := Mail{To: "anna@example.com", Subject: "Hei", Text: "Hei Anna"}
	for _, tc := range []struct {
		name     string
		scheme   string
		implicit bool
	}{
		{"starttls required", "smtp://tandem:s3cret@%s?starttls=1", false},
		{"starttls when offered", "smtp://tandem:s3cret@%s", false},
		{"smtps", "smtps://tandem:s3cret@%s", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := startSMTP(t, serverConf, tc.implicit)
			m, err := NewMailer(strings.Replace(tc.scheme, "%s", srv.addr, 1), "tandem@example.com")
			if err != nil {
				t.Fatal(err)
			}
			m.tlsConf = clientConf
			if err := m.Send(ctx, mail); err != nil {
				t.Fatal(err)
			}
			got := srv.messages()
			if len(got) != 1 || !got[0].TLS || got[0].User != "tandem" {
				t.Errorf("received %+v, want one message over TLS from user tandem", got)
			}
			// A certificate the Mailer does not trust: nothing is sent.
			m.tlsConf = nil
			if err := m.Send(ctx, mail); err == nil {
				t.Error("sent to a server whose certificate is not trusted")
			}
			if n := len(srv.messages()); n != 1 {
				t.Errorf("server received %d messages, want 1", n)
			}
		})
	}
	// starttls=1 and a server without STARTTLS: refused, nothing sent.
	plain := startSMTP(t, nil, false)
	m, err := NewMailer("smtp://tandem:s3cret@"+plain.addr+"?starttls=1", "tandem@example.com")
	if err != nil {
		t.Fatal(err)
	}
	m.tlsConf = clientConf
	if err := m.Send(ctx, mail); err == nil || len(plain.messages()) != 0 {
		t.Errorf("starttls=1 to a server without it: %v, %d messages", err, len(plain.messages()))
	}
}
