package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/demo"
	"github.com/tandemhq/tandem/internal/metrics"
	"github.com/tandemhq/tandem/sqlstore"
)

func cmdDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var vol volumeFlags
	c, err := parseConfig("demo", args, stderr, "tandem-demo", vol.register)
	if err != nil {
		return err
	}
	if err := vol.check(); err != nil {
		return err
	}
	c.Migrate = true // the demo's own database is always brought up to date
	log := c.log
	if c.MetricsAddr != "" {
		c.metrics = metrics.New(log)
	}
	if c.DB == "" {
		release, err := lockData(c.DataDir)
		if err != nil {
			return err
		}
		defer release()
	}
	db, err := openStore(ctx, c, log)
	if err != nil {
		return err
	}
	defer db.Close()

	// Listen before seeding so a busy port fails at once, not after the seed.
	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", c.Addr, err)
	}
	links, appointments, err := seedDemo(ctx, db, stdout)
	if err == nil && vol.feedback > 0 {
		err = addVolume(ctx, db, vol, stdout)
	}
	if err != nil {
		ln.Close()
		return err
	}
	base := c.displayURL(ln.Addr())
	fmt.Fprintf(stdout, "\nTandem demo is running at %s\n", base)
	fmt.Fprintf(stdout, "  Sign in at %s/login with password %s as\n", base, demo.DefaultPassword)
	fmt.Fprintf(stdout, "    %-34s the owner: blueprints, editor, insight\n", demo.OwnerEmail)
	fmt.Fprintf(stdout, "    %-34s the bank branch's staff: live help requests at /app/live\n", demo.StaffEmail)
	fmt.Fprintf(stdout, "    %-34s the restaurant's waiter: serve the coffee at /app/live\n", demo.WaiterEmail)
	fmt.Fprintf(stdout, "    %-34s the office-cleaning crew: reported problems at /app/work\n", demo.CrewEmail)
	fmt.Fprintf(stdout, "    %-34s the same crew, in Russian\n", demo.CrewRuEmail)
	fmt.Fprintln(stdout, "  Play the customer (open on your phone or in a browser):")
	for _, l := range links {
		fmt.Fprintf(stdout, "    %-34s %s%s\n", l.name, base, l.path)
	}
	if len(appointments) > 0 {
		fmt.Fprintln(stdout, "  Booked appointments, their preparation pages:")
		for _, l := range appointments {
			fmt.Fprintf(stdout, "    %-34s %s%s\n", l.name, base, l.path)
		}
	}
	if c.PublicURL == "" {
		fmt.Fprintln(stdout, "  On a phone, use this computer's network address instead of 127.0.0.1; the app's QR codes do.")
	}
	fmt.Fprintf(stdout, "  Data is kept in %s; press Ctrl+C to stop.\n", describeStore(c))
	return serve(ctx, ln, c, db, log)
}

// demoLink is a customer page worth printing: a name and a path.
type demoLink struct{ name, path string }

// seedDemo loads the demo scenarios unless an earlier run did, and returns
// customer links and appointment preparation links to print.
func seedDemo(ctx context.Context, db *sqlstore.DB, stdout io.Writer) (links, appointments []demoLink, err error) {
	start := time.Now()
	res, err := demo.Seed(ctx, demoStores(db), demo.Options{
		Now:      start,
		History:  true,
		Progress: func(msg string) { fmt.Fprintln(stdout, "  "+msg) },
	})
	if tandem.ErrorCode(err) == tandem.ECONFLICT {
		fmt.Fprintln(stdout, "Demo data already loaded; starting with it.")
		links, err := existingDemo(ctx, db)
		return links, nil, err
	}
	if err != nil {
		return nil, nil, fmt.Errorf("load demo data: %w", err)
	}
	fmt.Fprintf(stdout, "Loaded the demo: %d episodes, %d feedback, %d reports to the cleaning crew in %.1fs.\n",
		res.Episodes, res.Feedback, res.PastReports, time.Since(start).Seconds())
	for _, tp := range res.Touchpoints {
		links = append(links, demoLink{tp.Name, "/t/" + tp.Code})
	}
	for _, a := range res.Appointments {
		when := a.ScheduledAt.In(res.Org.Location()).Format("Mon 2 Jan 15:04")
		appointments = append(appointments, demoLink{a.Name + ", " + when, a.PreparePath})
	}
	return links, appointments, nil
}

// existingDemo finds customer links in a database seeded by an earlier run.
func existingDemo(ctx context.Context, db *sqlstore.DB) ([]demoLink, error) {
	org, err := db.FindOrgBySlug(ctx, demo.OrgSlug)
	if err != nil {
		return nil, err
	}
	tps, err := db.ListTouchpoints(ctx, org.ID)
	if err != nil {
		return nil, err
	}
	seen := map[int64]bool{}
	var links []demoLink
	for _, tp := range tps {
		if !seen[tp.ServiceID] {
			seen[tp.ServiceID] = true
			links = append(links, demoLink{tp.Name.Get("en"), "/t/" + tp.Code})
		}
	}
	return links, nil
}

func demoStores(db *sqlstore.DB) demo.Stores {
	return demo.Stores{Stores: app.StoresOf(db), History: db, ReportHistory: db, Outbox: db}
}

func describeStore(c *Config) string {
	if c.DB != "" {
		return "PostgreSQL"
	}
	return c.sqlitePath()
}
