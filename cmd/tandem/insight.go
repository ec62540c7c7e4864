package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"
)

// cmdInsight runs the insight maintenance commands: for now "rebuild",
// which counts stored feedback into the insight figures again. They are
// kept up to date as feedback comes in; a rebuild is for after a restore
// from an older backup, a repair by hand in the database, or a doubt.
func cmdInsight(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "rebuild" {
		return fmt.Errorf(`%w: "tandem insight" needs a subcommand: rebuild`, errUsage)
	}
	var slug string
	c, err := parseConfig("insight rebuild", args[1:], stderr, "data", func(fs *flag.FlagSet) {
		fs.StringVar(&slug, "org", "", "organization slug; default every organization")
	})
	if err != nil {
		return err
	}
	db, err := openStore(ctx, c, c.log)
	if err != nil {
		return err
	}
	defer db.Close()
	var orgID int64
	what := "every organization"
	if slug != "" {
		org, err := findOrg(ctx, db, slug)
		if err != nil {
			return err
		}
		orgID, what = org.ID, org.Slug
	}
	started := time.Now()
	last := started
	n, err := newApp(db).Insight.RebuildInsight(ctx, orgID, func(done int) {
		if now := time.Now(); now.Sub(last) >= exportProgressEvery {
			last = now
			fmt.Fprintf(stderr, "%d feedback counted (%.0f/s)\n", done, float64(done)/now.Sub(started).Seconds())
		}
	})
	if err != nil {
		return fmt.Errorf("rebuild insight: %w", err)
	}
	fmt.Fprintf(stdout, "Rebuilt the insight of %s from %d feedback in %s.\n", what, n, time.Since(started).Round(time.Millisecond))
	return nil
}
