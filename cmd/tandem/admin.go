package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/tandemhq/tandem"
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

func cmdTokenAdd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var slug, name string
	c, err := parseConfig("token add", args, stderr, "data", func(fs *flag.FlagSet) {
		fs.StringVar(&slug, "org", "", "organization slug (required)")
		fs.StringVar(&name, "name", "", "what the token is for, e.g. kiosk-lobby (required)")
	})
	if err != nil {
		return err
	}
	if slug == "" || name == "" {
		return fmt.Errorf("%w: --org and --name are required", errUsage)
	}
	db, err := openStore(ctx, c, c.log)
	if err != nil {
		return err
	}
	defer db.Close()
	org, err := findOrg(ctx, db, slug)
	if err != nil {
		return err
	}
	t := &tandem.APIToken{OrgID: org.ID, Name: name}
	if err := db.CreateAPIToken(ctx, t); err != nil {
		return fmt.Errorf("create token: %w", describe(err))
	}
	fmt.Fprintf(stdout, "API token %q for %s (shown once, keep it safe):\n%s\n", name, org.Slug, t.Token)
	return nil
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
