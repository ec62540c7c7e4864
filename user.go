package tandem

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"

	"golang.org/x/crypto/argon2"
)

// Role is what a user may do inside their organization.
type Role string

const (
	RoleOwner   Role = "owner"   // everything, including users and tokens
	RoleManager Role = "manager" // design services, read insight, set causes
	RoleStaff   Role = "staff"   // frontline: live episodes, help, own praise
	RoleCrew    Role = "crew"    // backstage crews: work items
)

// Roles lists every role, most powerful first.
var Roles = []Role{RoleOwner, RoleManager, RoleStaff, RoleCrew}

// CanManage reports whether the role may design services and read insight.
func (r Role) CanManage() bool { return r == RoleOwner || r == RoleManager }

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// User is a person who signs in to Tandem. Customers never are users.
type User struct {
	ID           int64
	OrgID        int64
	Email        string
	Name         string
	Role         Role
	Lang         string
	PasswordHash string // "" until an invited user sets their password
	CreatedAt    time.Time
	// InviteExpiresAt is when the user's one-time link stops working; zero
	// when no link is pending. The link itself is never stored.
	InviteExpiresAt time.Time
	// DeactivatedAt is when the user was deactivated; zero while active. A
	// deactivated user cannot sign in.
	DeactivatedAt time.Time
}

// Active reports whether the user may sign in (given a password).
func (u *User) Active() bool { return u.DeactivatedAt.IsZero() }

// UserStatus is what the users page says of a user.
type UserStatus string

const (
	UserActive      UserStatus = "active"      // signs in with a password
	UserInvited     UserStatus = "invited"     // has not set a password yet
	UserDeactivated UserStatus = "deactivated" // cannot sign in
)

// Status is the user's status at now: invited until they set a password.
func (u *User) Status() UserStatus {
	switch {
	case !u.Active():
		return UserDeactivated
	case u.PasswordHash == "":
		return UserInvited
	}
	return UserActive
}

// CanChange reports whether a user of role r may invite, change,
// deactivate or reset the password of a user whose role is from, giving
// them role to: owners and managers manage people, but only owners create
// or change owners.
func (r Role) CanChange(from, to Role) bool {
	if !r.CanManage() {
		return false
	}
	return r == RoleOwner || (from != RoleOwner && to != RoleOwner)
}

// CheckOwners is the rule that an organization keeps an active owner: it
// refuses a change of a user from before to after that deactivates or
// demotes the last active owner among users (the organization's users
// before the change).
func CheckOwners(users []*User, before, after *User) error {
	isOwner := func(u *User) bool { return u.Role == RoleOwner && u.Active() }
	if !isOwner(before) || isOwner(after) {
		return nil
	}
	for _, u := range users {
		if u.ID != before.ID && isOwner(u) {
			return nil
		}
	}
	return Errorf(EINVALID, "error.last_owner")
}

// InviteLifetime is how long a one-time link (an invitation or a password
// reset) works.
const InviteLifetime = 7 * 24 * time.Hour

// Invite is a one-time link that lets a user set their password. The store
// keeps only the token's hash.
type Invite struct {
	Token     string // only set when created
	UserID    int64
	ExpiresAt time.Time
}

// CheckNewPassword applies the password rule: at least MinPasswordLength
// characters, not one character or a short pattern repeated ("aaaaaaaaaa",
// "abcabcabca"), not one of the most common passwords, and not one of
// personal (the user's email, name), compared without case or spaces.
func CheckNewPassword(password string, personal ...string) error {
	r := []rune(password)
	if len(r) < MinPasswordLength {
		return Invalid("password", "error.password_short")
	}
	if repeated(r) {
		return Invalid("password", "error.password_repeated")
	}
	folded := foldPassword(password)
	if commonPasswords[folded] {
		return Invalid("password", "error.password_common")
	}
	for _, p := range personal {
		p = foldPassword(p)
		if p == "" {
			continue
		}
		local, _, _ := strings.Cut(p, "@")
		if folded == p || folded == local || folded == strings.ReplaceAll(p, " ", "") {
			return Invalid("password", "error.password_personal")
		}
	}
	return nil
}

// repeated reports whether r is a pattern of at most 4 characters repeated
// (the last repetition may be cut short): "aaaaaaaaaa", "abcabcabca",
// "1212121212".
func repeated(r []rune) bool {
	for n := 1; n <= 4 && n < len(r); n++ {
		same := true
		for i := n; i < len(r); i++ {
			if r[i] != r[i%n] {
				same = false
				break
			}
		}
		if same {
			return true
		}
	}
	return false
}

// foldPassword is how passwords are compared with the common ones and with
// personal details: lower case, surrounding spaces trimmed.
func foldPassword(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// commonPasswords are the most common passwords of at least
// MinPasswordLength characters in published breach lists, lower case.
var commonPasswords = func() map[string]bool {
	m := map[string]bool{}
	for _, p := range strings.Fields(`
		1234567890 0123456789 1234567890a 12345678910 123456789a 0987654321
		1q2w3e4r5t 1q2w3e4r5t6y q1w2e3r4t5 q1w2e3r4t5y6 1qaz2wsx3edc zaq12wsxcde
		qwertyuiop qwertyuiop1 qwerty1234 qwerty12345 qwerty123456 asdfghjkl1
		asdfghjkl; zxcvbnm123 password12 password123 password1234 passw0rd12
		password01 password11 p@ssw0rd12 p@ssword123 iloveyou12 iloveyou123
		princess12 sunshine12 football12 baseball12 basketball superman12
		letmein123 welcome123 welcome1234 changeme123 administrator admin12345
		admin123456 abc1234567 abcd123456 abcde12345 abcdef1234 a123456789
		aa12345678 qazwsxedcr qazwsxedc1 michael123 trustno1234 starwars12
		1111111111 0000000000 9876543210 1029384756 1122334455 1212121212
		monkey1234 dragon1234 master1234 shadow1234 tandem2026 tandemtandem
		parolparol пароль1234 йцукенгшщз salasana12 salasana123 qwertyuiopå
	`) {
		m[p] = true
	}
	return m
}()

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 10

// Validate checks a user before it is stored. Email is normalised to lower case.
func (u *User) Validate() error {
	u.Email = strings.ToLower(strings.TrimSpace(u.Email))
	if a, err := mail.ParseAddress(u.Email); err != nil || a.Address != u.Email {
		return Invalid("email", "error.email")
	}
	if strings.TrimSpace(u.Name) == "" {
		return Invalid("name", "error.required")
	}
	if err := CheckLine("name", strings.TrimSpace(u.Name)); err != nil {
		return err
	}
	if !u.Role.Valid() {
		return Invalid("role", "error.role")
	}
	if u.Lang == "" {
		u.Lang = "en"
	}
	if !SupportedLanguage(u.Lang) {
		return Invalid("lang", "error.language")
	}
	return nil
}

// argon2id parameters (RFC 9106 second recommendation, lighter memory).
const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
	argonKeyLen  = 32
)

// HashPassword returns an argon2id hash in the PHC string format.
func HashPassword(password string) (string, error) {
	if err := CheckNewPassword(password); err != nil {
		return "", err
	}
	salt := make([]byte, 16)
	rand.Read(salt)
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, argonMemory, argonTime, argonThreads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether password matches an argon2id hash.
func CheckPassword(hash, password string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// NewSecret returns a random URL-safe string with n bytes of entropy: used for
// session tokens, API tokens, episode tokens and touchpoint codes.
func NewSecret(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// HashSecret returns the hex SHA-256 of a secret; stores keep only this.
func HashSecret(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// Session is a signed-in browser. The store keeps only the token's hash.
type Session struct {
	Token     string // only set when created
	UserID    int64
	ExpiresAt time.Time
}

// SessionLifetime is how long a sign-in lasts.
const SessionLifetime = 14 * 24 * time.Hour

// UserStore stores users, their sessions and their organization's API tokens.
type UserStore interface {
	CreateUser(ctx context.Context, u *User) error
	FindUser(ctx context.Context, orgID, id int64) (*User, error)
	// FindUserByEmail looks a user up across organizations: emails are unique.
	FindUserByEmail(ctx context.Context, email string) (*User, error)
	ListUsers(ctx context.Context, orgID int64) ([]*User, error)

	CreateSession(ctx context.Context, userID int64, now time.Time) (*Session, error)
	// FindSessionUser returns the active user of an unexpired session token.
	FindSessionUser(ctx context.Context, token string, now time.Time) (*User, error)
	DeleteSession(ctx context.Context, token string) error

	// UpdateUser stores u's name, role, language and DeactivatedAt; a
	// deactivated user's sessions end and their pending link stops working.
	UpdateUser(ctx context.Context, u *User) error
	// CreateInvite gives a user a new one-time link valid until now plus
	// InviteLifetime, replacing any earlier one.
	CreateInvite(ctx context.Context, orgID, userID int64, now time.Time) (*Invite, error)
	// FindInviteUser returns the active user of an unexpired link.
	FindInviteUser(ctx context.Context, token string, now time.Time) (*User, error)
	// AcceptInvite uses up an unexpired link of an active user: it sets
	// their password hash and ends their other sessions. A link works once;
	// after that, or expired, it is ENOTFOUND.
	AcceptInvite(ctx context.Context, token, passwordHash string, now time.Time) (*User, error)

	// API tokens, ending sessions, changing passwords (credentials.go).
	CredentialStore
}
