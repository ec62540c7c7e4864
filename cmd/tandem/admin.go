package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/i18n"
	"github.com/tandemhq/tandem/sqlstore"
)

func cmdUserAdd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	var slug, orgName, email, name, role, lang, tz string
	c, err := parseConfig("user add", args, stderr, "data", func(fs *flag.FlagSet) {
		fs.StringVar(&slug, "org", "", "organization slug, e.g. bistro (required)")
		fs.StringVar(&orgName, "org-name", "", "create the organization with this name if it does not exist")
		fs.StringVar(&tz, "time-zone", "UTC", "time zone of a new organization, e.g. Europe/Helsinki")
		fs.StringVar(&email, "email", "", "the user's email, used to sign in (required)")
		fs.StringVar(&name, "name", "", "the user's name (required)")
		fs.StringVar(&role, "role", "owner", "owner, manager, staff or crew")
		fs.StringVar(&lang, "lang", "en", "the user's language: en, ru or fi")
	})
	if err != nil {
		return err
	}
	if slug == "" || email == "" || name == "" {
		return fmt.Errorf("%w: --org, --email and --name are required", errUsage)
	}
	password, err := readPassword(stdin, stderr)
	if err != nil {
		return err
	}
	if err := tandem.CheckNewPassword(password, email, name); err != nil {
		return describe(err)
	}
	hash, err := tandem.HashPassword(password)
	if err != nil {
		return describe(err)
	}
	db, err := openStore(ctx, c, c.log)
	if err != nil {
		return err
	}
	defer db.Close()

	org, err := db.FindOrgBySlug(ctx, slug)
	switch {
	case tandem.ErrorCode(err) == tandem.ENOTFOUND && orgName != "":
		org = &tandem.Organization{Name: orgName, Slug: slug, Lang: lang, TimeZone: tz}
		if err := db.CreateOrg(ctx, org); err != nil {
			return fmt.Errorf("create organization: %w", describe(err))
		}
		fmt.Fprintf(stdout, "Created organization %q (%s).\n", org.Name, org.Slug)
	case tandem.ErrorCode(err) == tandem.ENOTFOUND:
		return fmt.Errorf("no organization %q; give --org-name to create it", slug)
	case err != nil:
		return err
	}
	u := &tandem.User{OrgID: org.ID, Email: email, Name: name, Role: tandem.Role(role), Lang: lang, PasswordHash: hash}
	if err := db.CreateUser(ctx, u); err != nil {
		return fmt.Errorf("create user: %w", describe(err))
	}
	fmt.Fprintf(stdout, "Created %s %s <%s> in %s.\n", u.Role, u.Name, u.Email, org.Slug)
	return nil
}

// readPassword takes the password from TANDEM_PASSWORD or the first line of
// standard input, never from a flag, where other users could read it in ps.
func readPassword(stdin io.Reader, stderr io.Writer) (string, error) {
	if p := os.Getenv("TANDEM_PASSWORD"); p != "" {
		return p, nil
	}
	fmt.Fprint(stderr, "Password (at least 10 characters): ")
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	p := strings.TrimRight(line, "\r\n")
	if p == "" {
		return "", fmt.Errorf("%w: no password given: set TANDEM_PASSWORD or type it on standard input", errUsage)
	}
	return p, nil
}

// cmdToken runs "tandem token add|list|revoke": an organization's API
// tokens, through the same use cases as the tokens page and the API.
func cmdToken(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf(`%w: "tandem token" needs a subcommand: add, list or revoke`, errUsage)
	}
	switch args[0] {
	case "add":
		return cmdTokenAdd(ctx, args[1:], stdout, stderr)
	case "list":
		return cmdTokenList(ctx, args[1:], stdout, stderr)
	case "revoke":
		return cmdTokenRevoke(ctx, args[1:], stdout, stderr)
	}
	return fmt.Errorf(`%w: unknown subcommand "tandem token %s": add, list or revoke`, errUsage, args[0])
}

// tokenOwner is who acts on the command line: an owner of the
// organization without an account, as with an API token.
func tokenOwner(org *tandem.Organization) *tandem.User {
	return &tandem.User{OrgID: org.ID, Role: tandem.RoleOwner}
}

// withOrg opens the store and finds the organization of slug.
func withOrg(ctx context.Context, c *Config, slug string, stderr io.Writer, f func(*sqlstore.DB, *tandem.Organization) error) error {
	db, err := openStore(ctx, c, c.log)
	if err != nil {
		return err
	}
	defer db.Close()
	org, err := findOrg(ctx, db, slug)
	if err != nil {
		return err
	}
	return f(db, org)
}

func cmdTokenAdd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var slug, name, expires string
	c, err := parseConfig("token add", args, stderr, "data", func(fs *flag.FlagSet) {
		fs.StringVar(&slug, "org", "", "organization slug (required)")
		fs.StringVar(&name, "name", "", "what the token is for, e.g. kiosk-lobby (required)")
		fs.StringVar(&expires, "expires", "", "when it expires: a number of days (90d) or a date (2027-01-31, it works through that day, UTC); empty for never")
	})
	if err != nil {
		return err
	}
	if slug == "" || name == "" {
		return fmt.Errorf("%w: --org and --name are required", errUsage)
	}
	return withOrg(ctx, c, slug, stderr, func(db *sqlstore.DB, org *tandem.Organization) error {
		t, err := newApp(db).CreateAPIToken(ctx, tokenOwner(org), app.TokenInput{Name: name, Expires: expires})
		if err != nil {
			return fmt.Errorf("create token: %w", describe(err))
		}
		until := "never expires"
		if !t.ExpiresAt.IsZero() {
			until = "expires " + t.ExpiresAt.UTC().Format("2006-01-02 15:04 UTC")
		}
		fmt.Fprintf(stdout, "API token %d %q for %s, %s (shown once, keep it safe):\n%s\n", t.ID, t.Name, org.Slug, until, t.Token)
		return nil
	})
}

func cmdTokenList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var slug string
	c, err := parseConfig("token list", args, stderr, "data", func(fs *flag.FlagSet) {
		fs.StringVar(&slug, "org", "", "organization slug (required)")
	})
	if err != nil {
		return err
	}
	if slug == "" {
		return fmt.Errorf("%w: --org is required", errUsage)
	}
	return withOrg(ctx, c, slug, stderr, func(db *sqlstore.DB, org *tandem.Organization) error {
		a := newApp(db)
		toks, err := a.ListAPITokens(ctx, tokenOwner(org))
		if err != nil {
			return describe(err)
		}
		if len(toks) == 0 {
			fmt.Fprintf(stdout, "No API tokens in %s.\n", org.Slug)
			return nil
		}
		now := a.Now()
		when := func(t time.Time, none string) string {
			if t.IsZero() {
				return none
			}
			return t.UTC().Format("2006-01-02 15:04")
		}
		tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tPREFIX\tNAME\tSTATE\tCREATED\tEXPIRES\tLAST USED")
		for _, t := range toks {
			prefix := t.Prefix
			if prefix == "" {
				prefix = "-"
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, prefix, t.Name, t.State(now),
				when(t.CreatedAt, "-"), when(t.ExpiresAt, "never"), when(t.LastUsedAt, "never"))
		}
		fmt.Fprintln(tw, "(times in UTC)")
		return tw.Flush()
	})
}

func cmdTokenRevoke(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var slug string
	arg, args := lastArg(args)
	c, err := parseConfig("token revoke", args, stderr, "data", func(fs *flag.FlagSet) {
		fs.StringVar(&slug, "org", "", "organization slug (required)")
	})
	if err != nil {
		return err
	}
	if slug == "" || arg == "" {
		return fmt.Errorf("%w: usage: tandem token revoke --org SLUG ID (the ID from tandem token list)", errUsage)
	}
	id, err := strconv.ParseInt(arg, 10, 64)
	if err != nil || id <= 0 {
		return fmt.Errorf("%w: %q is not a token ID (a number from tandem token list)", errUsage, arg)
	}
	return withOrg(ctx, c, slug, stderr, func(db *sqlstore.DB, org *tandem.Organization) error {
		t, err := newApp(db).RevokeAPIToken(ctx, tokenOwner(org), id)
		if tandem.ErrorCode(err) == tandem.ENOTFOUND {
			return fmt.Errorf("no API token %d in %s", id, org.Slug)
		}
		if err != nil {
			return describe(err)
		}
		fmt.Fprintf(stdout, "Revoked API token %d %q of %s; it no longer works.\n", t.ID, t.Name, org.Slug)
		return nil
	})
}

func findOrg(ctx context.Context, db *sqlstore.DB, slug string) (*tandem.Organization, error) {
	org, err := db.FindOrgBySlug(ctx, slug)
	if tandem.ErrorCode(err) == tandem.ENOTFOUND {
		return nil, fmt.Errorf("no organization %q", slug)
	}
	return org, err
}

// describe turns a domain error into an English sentence for the terminal.
func describe(err error) error {
	if tandem.ErrorCode(err) == tandem.EINTERNAL {
		return err
	}
	msg := i18n.MustLoad().Printer("en").T(tandem.ErrorKey(err))
	if f := tandem.ErrorField(err); f != "" {
		return fmt.Errorf("%s: %s", f, msg)
	}
	return errors.New(msg)
}
