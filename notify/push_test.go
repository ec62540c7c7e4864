package notify

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/storetest"
)

// pushRequest is what the stand-in push service received.
type pushRequest struct {
	Path    string
	Header  http.Header
	Body    []byte
	Payload Payload // decrypted with the browser's keys
}

// phone is a browser's side of a subscription: the keys it made, which
// decrypt what the push service hands it.
type phone struct {
	priv *ecdh.PrivateKey
	auth []byte
}

func newPhone(t *testing.T) *phone {
	priv, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	auth := make([]byte, 16)
	rand.Read(auth)
	return &phone{priv, auth}
}

func (p *phone) subscribe(u *tandem.User, endpoint string) *tandem.PushSubscription {
	b64 := base64.RawURLEncoding
	return &tandem.PushSubscription{OrgID: u.OrgID, UserID: u.ID, Endpoint: endpoint,
		P256dh: b64.EncodeToString(p.priv.PublicKey().Bytes()), Auth: b64.EncodeToString(p.auth), Label: "Test phone"}
}

// decrypt opens an aes128gcm body (RFC 8188) encrypted for the phone (RFC 8291).
func (p *phone) decrypt(body []byte) ([]byte, error) {
	if len(body) < 21 || int(body[20]) != 65 || len(body) < 21+65 {
		return nil, errors.New("short header")
	}
	salt, keyID, ct := body[:16], body[21:21+65], body[21+65:]
	asPub, err := ecdh.P256().NewPublicKey(keyID)
	if err != nil {
		return nil, err
	}
	secret, err := p.priv.ECDH(asPub)
	if err != nil {
		return nil, err
	}
	info := append(append([]byte("WebPush: info\x00"), p.priv.PublicKey().Bytes()...), keyID...)
	ikm, err := hkdf.Key(sha256.New, secret, p.auth, string(info), 32)
	if err != nil {
		return nil, err
	}
	cek, _ := hkdf.Key(sha256.New, ikm, salt, "Content-Encoding: aes128gcm\x00", 16)
	nonce, _ := hkdf.Key(sha256.New, ikm, salt, "Content-Encoding: nonce\x00", 12)
	block, _ := aes.NewCipher(cek)
	gcm, _ := cipher.NewGCM(block)
	plain, err := gcm.Open(nil, nonce, ct, nil)
	if err != nil {
		return nil, err
	}
	plain = bytes.TrimRight(plain, "\x00")
	if len(plain) == 0 || plain[len(plain)-1] != 2 {
		return nil, errors.New("no last-record delimiter")
	}
	return plain[:len(plain)-1], nil
}

type pushService struct {
	*httptest.Server
	mu     sync.Mutex
	got    []pushRequest
	status map[string]int // by path; 201 when absent
	phones map[string]*phone
}

func startPushService(t *testing.T) *pushService {
	ps := &pushService{status: map[string]int{}, phones: map[string]*phone{}}
	ps.Server = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		req := pushRequest{Path: r.URL.Path, Header: r.Header.Clone(), Body: body}
		ps.mu.Lock()
		defer ps.mu.Unlock()
		if ph := ps.phones[r.URL.Path]; ph != nil {
			if plain, err := ph.decrypt(body); err != nil {
				t.Errorf("decrypting the push: %v", err)
			} else if err := json.Unmarshal(plain, &req.Payload); err != nil {
				t.Errorf("payload %q: %v", plain, err)
			}
		}
		ps.got = append(ps.got, req)
		status := ps.status[r.URL.Path]
		if status == 0 {
			status = http.StatusCreated
		}
		w.WriteHeader(status)
	}))
	t.Cleanup(ps.Close)
	return ps
}

// verifyVAPID checks an Authorization header "vapid t=JWT, k=KEY" (RFC
// 8292): k is the stored public key and the JWT's ES256 signature verifies
// against it, for the push service's origin, not yet expired.
func verifyVAPID(t *testing.T, header, publicKey, origin string) {
	t.Helper()
	rest, ok := strings.CutPrefix(header, "vapid ")
	if !ok {
		t.Fatalf("Authorization %q: not vapid", header)
	}
	var jwt, k string
	for _, part := range strings.Split(rest, ",") {
		part = strings.TrimSpace(part)
		if v, ok := strings.CutPrefix(part, "t="); ok {
			jwt = v
		} else if v, ok := strings.CutPrefix(part, "k="); ok {
			k = v
		}
	}
	if k != publicKey {
		t.Errorf("k=%q, want the stored public key %q", k, publicKey)
	}
	raw, err := base64.RawURLEncoding.DecodeString(publicKey)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := ecdsa.ParseUncompressedPublicKey(elliptic.P256(), raw)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(jwt, ".")
	if len(parts) != 3 {
		t.Fatalf("JWT %q", jwt)
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || len(sig) != 64 {
		t.Fatalf("JWT signature %q", parts[2])
	}
	digest := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if !ecdsa.Verify(pub, digest[:], new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:])) {
		t.Error("the VAPID JWT does not verify against the stored public key")
	}
	var head struct{ Alg string }
	var claims struct {
		Aud, Sub string
		Exp      int64
	}
	h, _ := base64.RawURLEncoding.DecodeString(parts[0])
	c, _ := base64.RawURLEncoding.DecodeString(parts[1])
	if json.Unmarshal(h, &head) != nil || head.Alg != "ES256" {
		t.Errorf("JWT header %s", h)
	}
	if json.Unmarshal(c, &claims) != nil || claims.Aud != origin || claims.Sub != "mailto:ops@example.com" ||
		claims.Exp <= time.Now().Unix() || claims.Exp > time.Now().Add(24*time.Hour).Unix() {
		t.Errorf("JWT claims %s, want aud %s", c, origin)
	}
}

func TestPusher(t *testing.T) {
	db := storetest.NewSQLite(t)
	w := storetest.NewWorld(t, db, "bistro")
	anna := w.AddUser(&tandem.User{Name: "Anna", Role: tandem.RoleStaff, Lang: "ru"})
	ps := startPushService(t)

	p, err := NewPusher(ctx, db, PusherOptions{Contact: "mailto:ops@example.com", Client: ps.Client()})
	if err != nil {
		t.Fatal(err)
	}
	// The keys are generated once and kept.
	again, err := NewPusher(ctx, db, PusherOptions{})
	if err != nil {
		t.Fatal(err)
	}
	stored, err := db.VAPIDKeys(ctx, func() (tandem.VAPIDKeys, error) { return tandem.VAPIDKeys{}, errors.New("generated twice") })
	if err != nil || p.PublicKey() == "" || again.PublicKey() != p.PublicKey() || stored.Public != p.PublicKey() {
		t.Fatalf("public keys %q, %q, stored %+v, %v", p.PublicKey(), again.PublicKey(), stored, err)
	}

	ph := newPhone(t)
	ps.phones["/push/anna"] = ph
	sub := ph.subscribe(anna, ps.URL+"/push/anna")
	if err := db.SavePushSubscription(ctx, sub); err != nil {
		t.Fatal(err)
	}
	pl := Payload{Title: "Гость просит помощи", Body: "Стол 12: кофе сейчас", URL: "/app/live", Tag: "help-42"}
	if err := p.Send(ctx, sub, pl); err != nil {
		t.Fatal(err)
	}
	if len(ps.got) != 1 {
		t.Fatalf("push service got %d requests", len(ps.got))
	}
	r := ps.got[0]
	verifyVAPID(t, r.Header.Get("Authorization"), stored.Public, ps.URL)
	if r.Header.Get("Content-Encoding") != "aes128gcm" || r.Header.Get("TTL") != "43200" ||
		r.Header.Get("Urgency") != "high" || r.Header.Get("Topic") != "help-42" {
		t.Errorf("headers %v", r.Header)
	}
	if r.Payload != pl {
		t.Errorf("the phone decrypted %+v, want %+v", r.Payload, pl)
	}

	// A push service error: 429 and 5xx temporary, other 4xx permanent,
	// the subscription kept.
	for status, temporary := range map[int]bool{429: true, 503: true, 400: false, 413: false} {
		ps.status["/push/anna"] = status
		err := p.Send(ctx, sub, pl)
		var e *Error
		if !errors.As(err, &e) || e.Code != status || e.Temporary != temporary {
			t.Errorf("status %d: %v, want temporary=%v", status, err, temporary)
		}
	}
	if l, _ := db.ListPushSubscriptions(ctx, w.Org.ID, anna.ID); len(l) != 1 {
		t.Fatalf("subscriptions after errors: %d", len(l))
	}

	// 410: gone, and deleted.
	ps.status["/push/anna"] = http.StatusGone
	err = p.Send(ctx, sub, pl)
	if !errors.Is(err, ErrGone) || Retryable(err) {
		t.Errorf("410: %v, want ErrGone, permanent", err)
	}
	if l, _ := db.ListPushSubscriptions(ctx, w.Org.ID, anna.ID); len(l) != 0 {
		t.Errorf("subscription still stored after 410: %+v", l)
	}

	// The push service unreachable: temporary.
	ps.Close()
	if err := p.Send(ctx, sub, pl); !Retryable(err) {
		t.Errorf("push service down: %v, want temporary", err)
	}
}
