package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"

	"github.com/tandemhq/tandem/jobs"
)

// cmdJobs lists the background jobs that failed and runs one again.
func cmdJobs(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "retry" {
		return cmdJobsRetry(ctx, args[1:], stdout, stderr)
	}
	if len(args) > 0 && (args[0] == "list" || args[0] == "failed") {
		args = args[1:]
	}
	var limit int
	c, err := parseConfig("jobs", args, stderr, "data", func(fs *flag.FlagSet) {
		fs.IntVar(&limit, "limit", 50, "show at most this many jobs")
	})
	if err != nil {
		return err
	}
	db, err := openStore(ctx, c, c.log)
	if err != nil {
		return err
	}
	defer db.Close()
	r, err := jobs.New(db, nil, jobs.Options{})
	if err != nil {
		return err
	}
	failed, err := r.Failed(ctx, limit)
	if err != nil {
		return err
	}
	if len(failed) == 0 {
		fmt.Fprintln(stdout, "No failed jobs.")
		return nil
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tKIND\tSTATE\tATTEMPTS\tNEXT OR LAST\tLAST ERROR")
	for _, j := range failed {
		when := j.ScheduledAt
		if j.FinalizedAt != nil {
			when = *j.FinalizedAt
		}
		last := ""
		if len(j.Errors) > 0 {
			last = j.Errors[len(j.Errors)-1].Error
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d/%d\t%s\t%s\n", j.ID, j.Kind, j.State, j.Attempt, j.MaxAttempts,
			when.Local().Format("2006-01-02 15:04:05"), oneLine(last, 80))
	}
	tw.Flush()
	fmt.Fprintln(stdout, `Run one again with "tandem jobs retry ID".`)
	return nil
}

func cmdJobsRetry(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	// The job id comes last, after the flags.
	arg, args := lastArg(args)
	c, err := parseConfig("jobs retry", args, stderr, "data", nil)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(arg, 10, 64)
	if err != nil || id <= 0 {
		return fmt.Errorf("%w: give the id of a job, as listed by \"tandem jobs\": tandem jobs retry ID", errUsage)
	}
	db, err := openStore(ctx, c, c.log)
	if err != nil {
		return err
	}
	defer db.Close()
	r, err := jobs.New(db, nil, jobs.Options{})
	if err != nil {
		return err
	}
	if err := r.Retry(ctx, id); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Job %d will run again shortly.\n", id)
	return nil
}

// oneLine shortens s to one line of at most n runes.
func oneLine(s string, n int) string {
	r := []rune(s)
	for i, c := range r {
		if c == '\n' || c == '\r' {
			r = r[:i]
			break
		}
	}
	if len(r) > n {
		r = append(r[:n-1], '…')
	}
	return string(r)
}
