package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/i18n"
	"github.com/tandemhq/tandem/insight"
	"github.com/tandemhq/tandem/jobs"
)

// cmdReport prints the weekly report a manager would get by email, as HTML
// (or its text part), without sending or recording it: to look at it, or
// to test a change.
func cmdReport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "weekly" {
		return fmt.Errorf("%w: tandem report weekly --org SLUG --user EMAIL [--week DAY] [--text]", errUsage)
	}
	var email, week string
	var text bool
	return setupCommand(ctx, "report weekly", args[1:], stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&email, "user", "", "the manager's or owner's email (required)")
		fs.StringVar(&week, "week", "", "a day of the week to report, YYYY-MM-DD; default last week")
		fs.BoolVar(&text, "text", false, "print the text part instead of the HTML")
	}, func() error {
		if email == "" {
			return fmt.Errorf("%w: --user EMAIL is required", errUsage)
		}
		if week != "" {
			if _, err := time.Parse(insight.DateLayout, week); err != nil {
				return fmt.Errorf("%w: --week must be a date, YYYY-MM-DD", errUsage)
			}
		}
		return nil
	}, func(a *app.App, org *tandem.Organization, c *Config) error {
		u, err := a.Users.FindUserByEmail(ctx, strings.TrimSpace(email))
		if err != nil || u.OrgID != org.ID {
			return errors.New("no user with that email in this organization")
		}
		day := time.Now().In(org.Location()).AddDate(0, 0, -7)
		if week != "" {
			day, _ = time.Parse(insight.DateLayout, week)
		}
		first := time.Date(day.Year(), day.Month(), day.Day()-(int(day.Weekday())+6)%7, 0, 0, 0, 0, time.UTC)
		cat, err := i18n.Load()
		if err != nil {
			return err
		}
		k := &jobs.Notifications{App: a, Catalog: cat, PublicURL: c.PublicURL}
		m, err := k.PreviewWeekly(ctx, org, u, first)
		if err != nil {
			return err
		}
		if text {
			_, err = fmt.Fprintf(stdout, "To: %s\nSubject: %s\n\n%s", m.To, m.Subject, m.Text)
			return err
		}
		_, err = fmt.Fprintln(stdout, m.HTML)
		return err
	})
}
