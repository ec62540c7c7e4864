package main

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/mail"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/tandemhq/tandem/internal/httpx"
	"github.com/tandemhq/tandem/internal/limit"
	"github.com/tandemhq/tandem/internal/metrics"
	"github.com/tandemhq/tandem/notify"
	"github.com/tandemhq/tandem/web/live"
	"github.com/tandemhq/tandem/web/manage"
)

// Config is everything a command needs to open storage and serve. Each field
// comes from a flag, else from its TANDEM_* environment variable, else from
// its default.
type Config struct {
	Addr          string
	DataDir       string
	DB            string // postgres:// URL; empty means SQLite in DataDir
	PublicURL     string // empty: QR codes use the address each request came to
	SecureCookies bool   // default: true when PublicURL is https://
	Migrate       bool
	LogLevel      slog.Level
	LogFormat     string // "text" or "json"
	// AllowPrivateWebhooks lets webhook deliveries go to loopback, private
	// and link-local addresses (serve and demo only): for receivers on the
	// installation's own network.
	AllowPrivateWebhooks bool

	// Email (serve and demo only): the SMTP server's URL, empty for no
	// email, and the From address, which also tells push services whom
	// to contact.
	SMTPURL  string
	MailFrom string

	// Single sign-on with an OpenID Connect provider (serve and demo
	// only): all three of issuer, client id and secret, or none.
	OIDCIssuer, OIDCClientID, OIDCClientSecret, OIDCName string

	// MetricsAddr (serve and demo only) is where Prometheus scrapes
	// /metrics: an address of its own, never the public one; empty for
	// none.
	MetricsAddr string

	// LivePoll (serve and demo only) is how often live pages read the
	// store again; 0 for the default: SafetyPoll on PostgreSQL, whose
	// notifications carry changes at once, each page's own on SQLite.
	LivePoll time.Duration
	// ShutdownDelay (serve and demo only) is how long the server goes on
	// serving, /readyz answering 503, once asked to stop, before it
	// drains: time for a load balancer to send requests elsewhere.
	ShutdownDelay time.Duration
	// MaxStreams and MaxStreamsPerAddr (serve and demo only) cap the live
	// update streams open at once, in all and from one client address;
	// over a cap the oldest stream is dropped (see web/live.Limits). 0 is
	// no cap.
	MaxStreams        int
	MaxStreamsPerAddr int
	// TrustedProxies (serve and demo only) lists the reverse proxies, as
	// addresses and CIDR ranges, whose X-Forwarded-For names the client;
	// empty trusts none.
	TrustedProxies string
	// RateLimit (serve and demo only) sets the limits of public writes
	// (see limit.ParseRates); "0" switches them off.
	RateLimit string

	secureCookiesSet bool // --secure-cookies or TANDEM_SECURE_COOKIES was given

	log *slog.Logger // made by parseConfig from LogLevel and LogFormat

	mailer *notify.Mailer // made from SMTPURL and MailFrom by validate; nil for no email
	pusher *notify.Pusher // made by serve once the store is open
	// metrics collects figures when MetricsAddr is set; nil otherwise.
	metrics *metrics.Metrics
	// signals wakes live pages on the store's notifications (PostgreSQL);
	// nil on SQLite, whose live pages poll.
	signals live.Changes[string]
	// readiness is what /readyz checks; made by serve.
	readiness *readiness
	proxies   *httpx.Proxies // made from TrustedProxies by validate
	rates     limit.Rates    // made from RateLimit by validate
	limits    *limit.Limiter // made from rates by limiter, once
}

// limiter returns the rate limiter of public writes, nil when every rule
// is off. All of the server's faces share it.
func (c *Config) limiter() *limit.Limiter {
	if c.limits == nil && (c.rates.Address.On() || c.rates.Touchpoint.On() || c.rates.Episode.On()) {
		var o limit.Observer
		if c.metrics != nil {
			o = c.metrics
		}
		c.limits = limit.New(c.rates, nil, o)
	}
	return c.limits
}

// configFlags registers the shared flags on fs, with env-var defaults.
func configFlags(fs *flag.FlagSet, c *Config, dataDefault string, errs *[]error) *string {
	fs.StringVar(&c.Addr, "addr", env("TANDEM_ADDR", "127.0.0.1:8080"), "address to listen on (TANDEM_ADDR)")
	fs.StringVar(&c.DataDir, "data", env("TANDEM_DATA", dataDefault), "directory for the SQLite database (TANDEM_DATA)")
	fs.StringVar(&c.DB, "db", env("TANDEM_DB", ""), "PostgreSQL URL (postgres://...); empty uses SQLite in --data (TANDEM_DB)")
	fs.StringVar(&c.PublicURL, "public-url", env("TANDEM_PUBLIC_URL", ""), "URL customers reach Tandem at, used in QR codes; default http://ADDR, or the address each request came to when ADDR is 0.0.0.0 or :: (TANDEM_PUBLIC_URL)")
	if v, ok := os.LookupEnv("TANDEM_SECURE_COOKIES"); ok && v != "" {
		c.SecureCookies, c.secureCookiesSet = envBool("TANDEM_SECURE_COOKIES", errs), true
	}
	fs.Var(&optionalBool{&c.SecureCookies, &c.secureCookiesSet}, "secure-cookies",
		"mark cookies Secure; default true when --public-url is https:// (TANDEM_SECURE_COOKIES)")
	fs.BoolVar(&c.Migrate, "migrate", envBool("TANDEM_MIGRATE", errs), "apply pending database migrations at start (TANDEM_MIGRATE)")
	level := fs.String("log-level", env("TANDEM_LOG_LEVEL", "info"), "debug, info, warn or error (TANDEM_LOG_LEVEL)")
	fs.StringVar(&c.LogFormat, "log-format", env("TANDEM_LOG_FORMAT", "text"),
		"text, or json for one JSON object per line (TANDEM_LOG_FORMAT)")
	return level
}

// mailFlags registers the email flags of the commands that serve.
func mailFlags(fs *flag.FlagSet, c *Config) {
	fs.StringVar(&c.SMTPURL, "smtp-url", env("TANDEM_SMTP_URL", ""),
		"SMTP server for email: smtp://user:pass@host:587?starttls=1 or smtps://user:pass@host:465; empty sends no email (TANDEM_SMTP_URL)")
	fs.StringVar(&c.MailFrom, "mail-from", env("TANDEM_MAIL_FROM", ""),
		"From address of Tandem's email, e.g. \"Tandem <tandem@example.com>\"; required with --smtp-url (TANDEM_MAIL_FROM)")
}

// oidcFlags registers the single sign-on flags of the commands that serve.
func oidcFlags(fs *flag.FlagSet, c *Config) {
	fs.StringVar(&c.OIDCIssuer, "oidc-issuer", env("TANDEM_OIDC_ISSUER", ""),
		"OpenID Connect issuer URL for single sign-on, e.g. https://accounts.google.com; empty for none (TANDEM_OIDC_ISSUER)")
	fs.StringVar(&c.OIDCClientID, "oidc-client-id", env("TANDEM_OIDC_CLIENT_ID", ""), "OpenID Connect client id (TANDEM_OIDC_CLIENT_ID)")
	fs.StringVar(&c.OIDCClientSecret, "oidc-client-secret", env("TANDEM_OIDC_CLIENT_SECRET", ""),
		"OpenID Connect client secret; prefer the environment variable (TANDEM_OIDC_CLIENT_SECRET)")
	fs.StringVar(&c.OIDCName, "oidc-name", env("TANDEM_OIDC_NAME", ""),
		"the provider's name on the sign-in button, \"Sign in with NAME\"; default \"single sign-on\" in the visitor's language (TANDEM_OIDC_NAME)")
}

// metricsFlags registers the metrics flag of the commands that serve.
func metricsFlags(fs *flag.FlagSet, c *Config) {
	fs.StringVar(&c.MetricsAddr, "metrics-addr", env("TANDEM_METRICS_ADDR", ""),
		"serve Prometheus metrics at http://ADDR/metrics, e.g. 127.0.0.1:9090; empty for none (TANDEM_METRICS_ADDR)")
}

// SafetyPoll is how often live pages read the store again on PostgreSQL
// unless --live-poll says otherwise: notifications carry the changes, the
// poll only catches what time alone changes (a request falling due) and
// what a lost connection missed.
const SafetyPoll = 30 * time.Second

// instanceFlags registers the serving commands' flags for live pages and
// for shutting down behind a load balancer.
func instanceFlags(fs *flag.FlagSet, c *Config, errs *[]error) {
	def := time.Duration(0)
	if v := os.Getenv("TANDEM_LIVE_POLL"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			*errs = append(*errs, fmt.Errorf("TANDEM_LIVE_POLL=%q: want a duration such as 2s", v))
		}
		def = d
	}
	fs.DurationVar(&c.LivePoll, "live-poll", def,
		"how often live pages read the store again, e.g. 2s; default 2s (1s for staff) on SQLite, 30s on PostgreSQL, whose notifications bring changes at once (TANDEM_LIVE_POLL)")
	delay := time.Duration(0)
	if v := os.Getenv("TANDEM_SHUTDOWN_DELAY"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			*errs = append(*errs, fmt.Errorf("TANDEM_SHUTDOWN_DELAY=%q: want a duration such as 5s", v))
		}
		delay = d
	}
	fs.DurationVar(&c.ShutdownDelay, "shutdown-delay", delay,
		"once asked to stop, go on serving this long with /readyz answering 503 before draining, so a load balancer moves traffic away first, e.g. 5s (TANDEM_SHUTDOWN_DELAY)")
}

// streamFlags registers the caps of live update streams, of the commands
// that serve.
func streamFlags(fs *flag.FlagSet, c *Config, errs *[]error) {
	fs.IntVar(&c.MaxStreams, "max-streams", envInt("TANDEM_MAX_STREAMS", live.DefaultMax(live.FDLimit()), errs),
		"live update streams open at once, in all; over it the oldest is dropped; default half the open-file limit, at most 10000; 0 for no cap (TANDEM_MAX_STREAMS)")
	fs.IntVar(&c.MaxStreamsPerAddr, "max-streams-per-address", envInt("TANDEM_MAX_STREAMS_PER_ADDRESS", live.DefaultPerAddr, errs),
		"live update streams open at once from one client address (an IPv6 /64); over it the address's oldest is dropped; 0 for no cap (TANDEM_MAX_STREAMS_PER_ADDRESS)")
}

// limitFlags registers the flags of abuse limits, for the commands that
// serve.
func limitFlags(fs *flag.FlagSet, c *Config) {
	fs.StringVar(&c.TrustedProxies, "trusted-proxies", env("TANDEM_TRUSTED_PROXIES", ""),
		"reverse proxies whose X-Forwarded-For names the client, as comma-separated addresses or CIDR ranges, e.g. 127.0.0.1,10.0.0.0/8; empty trusts none (TANDEM_TRUSTED_PROXIES)")
	fs.StringVar(&c.RateLimit, "rate-limit", env("TANDEM_RATE_LIMIT", ""),
		"limits of public writes, RULE=PER_MINUTE[/BURST] for address, touchpoint and episode, e.g. address=120/60; 0 switches them off; default "+limit.Defaults.String()+" (TANDEM_RATE_LIMIT)")
}

// webhookFlags registers the flags of the commands that deliver webhooks.
func webhookFlags(fs *flag.FlagSet, c *Config, errs *[]error) {
	fs.BoolVar(&c.AllowPrivateWebhooks, "allow-private-webhooks", envBool("TANDEM_ALLOW_PRIVATE_WEBHOOKS", errs),
		"let webhooks call loopback, private and link-local addresses, for receivers on your own network (TANDEM_ALLOW_PRIVATE_WEBHOOKS)")
}

// validate checks the configuration and fills in derived defaults.
func (c *Config) validate(level string, envErrs []error) error {
	errs := envErrs
	if c.MetricsAddr != "" {
		if _, _, err := net.SplitHostPort(c.MetricsAddr); err != nil {
			errs = append(errs, fmt.Errorf("--metrics-addr %q: want host:port, e.g. 127.0.0.1:9090", c.MetricsAddr))
		}
	}
	if c.MaxStreams < 0 {
		errs = append(errs, fmt.Errorf("--max-streams %d: want 0 or more", c.MaxStreams))
	}
	if c.MaxStreamsPerAddr < 0 {
		errs = append(errs, fmt.Errorf("--max-streams-per-address %d: want 0 or more", c.MaxStreamsPerAddr))
	}
	if p, err := httpx.ParseProxies(c.TrustedProxies); err != nil {
		errs = append(errs, fmt.Errorf("--trusted-proxies: %v", err))
	} else {
		c.proxies = p
	}
	if r, err := limit.ParseRates(c.RateLimit); err != nil {
		errs = append(errs, fmt.Errorf("--rate-limit: %v", err))
	} else {
		c.rates = r
	}
	host, port, err := net.SplitHostPort(c.Addr)
	if err != nil {
		errs = append(errs, fmt.Errorf("--addr %q: want host:port, e.g. 127.0.0.1:8080", c.Addr))
	} else if p, err := strconv.Atoi(port); err != nil || p < 0 || p > 65535 {
		errs = append(errs, fmt.Errorf("--addr %q: port must be a number from 0 to 65535", c.Addr))
	}
	if c.DB != "" && !strings.HasPrefix(c.DB, "postgres://") && !strings.HasPrefix(c.DB, "postgresql://") {
		errs = append(errs, fmt.Errorf("--db: only postgres:// URLs are supported; leave it empty for the embedded SQLite"))
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		errs = append(errs, fmt.Errorf("--log-format %q: want text or json", c.LogFormat))
	}
	if c.LivePoll < 0 {
		errs = append(errs, fmt.Errorf("--live-poll %v: must not be negative", c.LivePoll))
	}
	if c.ShutdownDelay < 0 {
		errs = append(errs, fmt.Errorf("--shutdown-delay %v: must not be negative", c.ShutdownDelay))
	}
	if c.DB == "" && c.DataDir == "" {
		errs = append(errs, errors.New("--data: a directory is required for the embedded SQLite database"))
	}
	if err := c.LogLevel.UnmarshalText([]byte(level)); err != nil {
		errs = append(errs, fmt.Errorf("--log-level %q: want debug, info, warn or error", level))
	}
	// On a wildcard address the host customers reach is unknown: QR codes
	// then use the address each request came to (see web/manage).
	if c.PublicURL == "" && err == nil && !wildcardHost(host) {
		c.PublicURL = "http://" + net.JoinHostPort(host, port)
	}
	c.PublicURL = strings.TrimSuffix(c.PublicURL, "/")
	if c.PublicURL != "" && !strings.HasPrefix(c.PublicURL, "http://") && !strings.HasPrefix(c.PublicURL, "https://") {
		errs = append(errs, fmt.Errorf("--public-url %q: must start with http:// or https://", c.PublicURL))
	}
	if c.SMTPURL != "" {
		m, err := notify.NewMailer(c.SMTPURL, c.MailFrom)
		if err != nil {
			for _, line := range strings.Split(err.Error(), "\n") {
				errs = append(errs, fmt.Errorf("--smtp-url, --mail-from: %s", line))
			}
		}
		c.mailer = m
	} else if c.MailFrom != "" {
		if _, err := mail.ParseAddress(c.MailFrom); err != nil {
			errs = append(errs, fmt.Errorf("--mail-from %q: not an email address", c.MailFrom))
		}
	}
	if set := btoi(c.OIDCIssuer != "") + btoi(c.OIDCClientID != "") + btoi(c.OIDCClientSecret != ""); set != 0 && set != 3 {
		errs = append(errs, errors.New("--oidc-issuer, --oidc-client-id, --oidc-client-secret: give all three for single sign-on, or none"))
	}
	if c.OIDCIssuer != "" && !strings.HasPrefix(c.OIDCIssuer, "https://") && !strings.HasPrefix(c.OIDCIssuer, "http://") {
		errs = append(errs, fmt.Errorf("--oidc-issuer %q: must be an https:// URL (or http:// on your own network)", c.OIDCIssuer))
	}
	// Served over HTTPS, the session cookie is Secure unless the operator
	// says otherwise (for example to also sign in over plain HTTP on a LAN).
	if !c.secureCookiesSet && strings.HasPrefix(c.PublicURL, "https://") {
		c.SecureCookies = true
	}
	return errors.Join(errs...)
}

// wildcardHost reports a listen host that means "every interface".
func wildcardHost(host string) bool {
	ip := net.ParseIP(host)
	return host == "" || ip != nil && ip.IsUnspecified()
}

// displayURL is the address the CLI prints for people at this machine: the
// public URL, or for a wildcard listener its loopback address on the port
// actually bound (ln may be nil before listening).
func (c *Config) displayURL(ln net.Addr) string {
	if c.PublicURL != "" {
		return c.PublicURL
	}
	_, port, _ := net.SplitHostPort(c.Addr)
	if ln != nil {
		if _, p, err := net.SplitHostPort(ln.String()); err == nil {
			port = p
		}
	}
	return "http://" + net.JoinHostPort("127.0.0.1", port)
}

// sqlitePath is where the embedded database lives.
func (c *Config) sqlitePath() string { return filepath.Join(c.DataDir, "tandem.db") }

// photoDir is where a SQLite installation keeps photo files: back it up
// with the database.
func (c *Config) photoDir() string { return filepath.Join(c.DataDir, "photos") }

func env(key, def string) string {
	if v, ok := os.LookupEnv(key); ok {
		return v
	}
	return def
}

// envBool reads a boolean variable; a value that is not a boolean is an
// error reported with the other configuration errors, not silently false.
func envBool(key string, errs *[]error) bool {
	v, ok := os.LookupEnv(key)
	if !ok || v == "" {
		return false
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		*errs = append(*errs, fmt.Errorf("%s=%q: want true or false", key, v))
	}
	return b
}

// envInt reads a whole-number variable; a value that is not one is an
// error reported with the other configuration errors.
func envInt(key string, def int, errs *[]error) int {
	v, ok := os.LookupEnv(key)
	if !ok || v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		*errs = append(*errs, fmt.Errorf("%s=%q: want a whole number", key, v))
		return def
	}
	return n
}

// optionalBool is a boolean flag that remembers whether it was given, so a
// default derived from other flags applies only when it was not.
type optionalBool struct {
	v   *bool
	set *bool
}

func (b *optionalBool) IsBoolFlag() bool { return true }

func (b *optionalBool) String() string {
	if b == nil || b.v == nil {
		return "false"
	}
	return strconv.FormatBool(*b.v)
}

func (b *optionalBool) Set(s string) error {
	v, err := strconv.ParseBool(s)
	if err != nil {
		return err
	}
	*b.v, *b.set = v, true
	return nil
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// oidc is the single sign-on configuration, nil when none is set.
func (c *Config) oidc() *manage.OIDC {
	if c.OIDCIssuer == "" {
		return nil
	}
	return &manage.OIDC{Issuer: c.OIDCIssuer, ClientID: c.OIDCClientID, ClientSecret: c.OIDCClientSecret, Name: c.OIDCName}
}
