package main

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Config is everything a command needs to open storage and serve. Each field
// comes from a flag, else from its TANDEM_* environment variable, else from
// its default.
type Config struct {
	Addr          string
	DataDir       string
	DB            string // postgres:// URL; empty means SQLite in DataDir
	PublicURL     string
	SecureCookies bool
	Migrate       bool
	LogLevel      slog.Level
}

// configFlags registers the shared flags on fs, with env-var defaults.
func configFlags(fs *flag.FlagSet, c *Config, dataDefault string, errs *[]error) *string {
	fs.StringVar(&c.Addr, "addr", env("TANDEM_ADDR", "127.0.0.1:8080"), "address to listen on (TANDEM_ADDR)")
	fs.StringVar(&c.DataDir, "data", env("TANDEM_DATA", dataDefault), "directory for the SQLite file and uploads (TANDEM_DATA)")
	fs.StringVar(&c.DB, "db", env("TANDEM_DB", ""), "PostgreSQL URL (postgres://...); empty uses SQLite in --data (TANDEM_DB)")
	fs.StringVar(&c.PublicURL, "public-url", env("TANDEM_PUBLIC_URL", ""), "URL customers reach Tandem at, used in QR codes; default http://ADDR (TANDEM_PUBLIC_URL)")
	fs.BoolVar(&c.SecureCookies, "secure-cookies", envBool("TANDEM_SECURE_COOKIES", errs), "mark cookies Secure; set behind HTTPS (TANDEM_SECURE_COOKIES)")
	fs.BoolVar(&c.Migrate, "migrate", envBool("TANDEM_MIGRATE", errs), "apply pending database migrations at start (TANDEM_MIGRATE)")
	level := fs.String("log-level", env("TANDEM_LOG_LEVEL", "info"), "debug, info, warn or error (TANDEM_LOG_LEVEL)")
	return level
}

// validate checks the configuration and fills in derived defaults.
func (c *Config) validate(level string, envErrs []error) error {
	errs := envErrs
	host, port, err := net.SplitHostPort(c.Addr)
	if err != nil {
		errs = append(errs, fmt.Errorf("--addr %q: want host:port, e.g. 127.0.0.1:8080", c.Addr))
	} else if p, err := strconv.Atoi(port); err != nil || p < 0 || p > 65535 {
		errs = append(errs, fmt.Errorf("--addr %q: port must be a number from 0 to 65535", c.Addr))
	}
	if c.DB != "" && !strings.HasPrefix(c.DB, "postgres://") && !strings.HasPrefix(c.DB, "postgresql://") {
		errs = append(errs, fmt.Errorf("--db: only postgres:// URLs are supported; leave it empty for the embedded SQLite"))
	}
	if c.DB == "" && c.DataDir == "" {
		errs = append(errs, errors.New("--data: a directory is required for the embedded SQLite database"))
	}
	if err := c.LogLevel.UnmarshalText([]byte(level)); err != nil {
		errs = append(errs, fmt.Errorf("--log-level %q: want debug, info, warn or error", level))
	}
	if c.PublicURL == "" && err == nil {
		if host == "" || host == "0.0.0.0" || host == "::" {
			host = "127.0.0.1"
		}
		c.PublicURL = "http://" + net.JoinHostPort(host, port)
	}
	c.PublicURL = strings.TrimSuffix(c.PublicURL, "/")
	if c.PublicURL != "" && !strings.HasPrefix(c.PublicURL, "http://") && !strings.HasPrefix(c.PublicURL, "https://") {
		errs = append(errs, fmt.Errorf("--public-url %q: must start with http:// or https://", c.PublicURL))
	}
	return errors.Join(errs...)
}

// sqlitePath is where the embedded database lives.
func (c *Config) sqlitePath() string { return filepath.Join(c.DataDir, "tandem.db") }

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
