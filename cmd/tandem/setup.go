package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/sqlstore"
)

// site add, staff add and touchpoint add set a business up from the
// command line through the same use cases as the manager pages and the
// API. Names given here are in every language; the manager pages add
// translations later.

// setupCommand parses a setup command's flags, opens the store and runs
// f with the organization --org names.
func setupCommand(ctx context.Context, name string, args []string, stderr io.Writer, flags func(*flag.FlagSet), check func() error,
	f func(a *app.App, org *tandem.Organization, c *Config) error) error {
	var slug string
	c, err := parseConfig(name, args, stderr, "data", func(fs *flag.FlagSet) {
		fs.StringVar(&slug, "org", "", "organization slug (required)")
		flags(fs)
	})
	if err != nil {
		return err
	}
	if slug == "" {
		return fmt.Errorf("%w: --org is required", errUsage)
	}
	if err := check(); err != nil {
		return err
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
	return f(newApp(db), org, c)
}

func newApp(db *sqlstore.DB) *app.App { return app.New(app.StoresOf(db), app.Options{}) }

// everyLanguage is a name as given, in each language Tandem speaks.
func everyLanguage(s string) *tandem.Text {
	t := tandem.Text{}
	for _, l := range tandem.Languages {
		t[l] = s
	}
	return app.TextOf(t)
}

func cmdSiteAdd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var name, tz, address string
	return setupCommand(ctx, "site add", args, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&name, "name", "", "the site's name, e.g. \"Main hall\" (required)")
		fs.StringVar(&tz, "time-zone", "", "the site's time zone, e.g. Europe/Helsinki; default the organization's")
		fs.StringVar(&address, "address", "", "the site's street address")
	}, func() error {
		if name == "" {
			return fmt.Errorf("%w: --name is required", errUsage)
		}
		return nil
	}, func(a *app.App, org *tandem.Organization, _ *Config) error {
		s, err := a.CreateSite(ctx, org.ID, app.SiteInput{Name: everyLanguage(name), Address: app.StringOf(address), TimeZone: app.StringOf(tz)})
		if err != nil {
			return fmt.Errorf("create site: %w", describe(err))
		}
		fmt.Fprintf(stdout, "Created site %d %q in %s.\n", s.ID, s.Name.Get(org.Lang), org.Slug)
		return nil
	})
}

func cmdStaffAdd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var name, title string
	var siteID int64
	return setupCommand(ctx, "staff add", args, stderr, func(fs *flag.FlagSet) {
		fs.Int64Var(&siteID, "site", 0, "id of the site they work at, as site add printed it (required)")
		fs.StringVar(&name, "name", "", "their name as customers know them, e.g. Anna (required)")
		fs.StringVar(&title, "title", "", "their job title, e.g. Waiter")
	}, func() error {
		if name == "" || siteID == 0 {
			return fmt.Errorf("%w: --site and --name are required", errUsage)
		}
		return nil
	}, func(a *app.App, org *tandem.Organization, _ *Config) error {
		in := app.StaffInput{SiteID: &siteID, Name: app.StringOf(name), Title: &tandem.Text{}}
		if title != "" {
			in.Title = everyLanguage(title)
		}
		m, err := a.CreateStaff(ctx, org.ID, in)
		if err != nil {
			return fmt.Errorf("create staff member: %w", describe(err))
		}
		fmt.Fprintf(stdout, "Created staff member %d %q at site %d.\n", m.ID, m.Name, m.SiteID)
		return nil
	})
}

func cmdTouchpointAdd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var name, typ string
	var serviceID, siteID, staffID int64
	return setupCommand(ctx, "touchpoint add", args, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&typ, "type", string(tandem.TypeOther), "what kind of place: restroom, meeting_room, kitchen, table, entrance or other")
		fs.Int64Var(&serviceID, "service", 0, "id of the service customers meet here (required)")
		fs.Int64Var(&siteID, "site", 0, "id of the site it is at (required)")
		fs.Int64Var(&staffID, "staff", 0, "id of the staff member usually serving here; default no one in particular")
		fs.StringVar(&name, "name", "", "its name, e.g. \"Table 12\" (required)")
	}, func() error {
		if name == "" || serviceID == 0 || siteID == 0 {
			return fmt.Errorf("%w: --service, --site and --name are required", errUsage)
		}
		return nil
	}, func(a *app.App, org *tandem.Organization, c *Config) error {
		kind := tandem.TouchpointType(typ)
		t, err := a.CreateTouchpoint(ctx, org.ID, app.TouchpointInput{ServiceID: &serviceID, SiteID: &siteID, StaffID: &staffID,
			Name: everyLanguage(name), Type: &kind})
		if err != nil {
			return fmt.Errorf("create touchpoint: %w", describe(err))
		}
		fmt.Fprintf(stdout, "Created touchpoint %d %q (%s).\nCode: %s\nCustomer URL: %s/t/%s\nPoster: %s/app/touchpoints/%d/poster\n",
			t.ID, t.Name.Get(org.Lang), t.Type, t.Code, c.displayURL(nil), t.Code, c.displayURL(nil), t.ID)
		return nil
	})
}
