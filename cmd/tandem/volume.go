package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/tandemhq/tandem/app"
	"github.com/tandemhq/tandem/demo"
	"github.com/tandemhq/tandem/sqlstore"
)

// volumeFlags are the demo's flags for growing it to a chain's volume.
type volumeFlags struct {
	feedback count
	days     int
	sites    int
	seed     int64
}

func (v *volumeFlags) register(fs *flag.FlagSet) {
	fs.Var(&v.feedback, "feedback", "add this many feedback of generated history to the demo organization, "+
		"e.g. 1000000, 1m or 10m (a new or an already seeded demo database); 0 adds none")
	fs.IntVar(&v.days, "feedback-days", 365, "spread --feedback over this many past days (1 to 3650)")
	fs.IntVar(&v.sites, "sites", -1, "chain cafés to open for --feedback; -1 opens one per 50,000 feedback a year, at most 200")
	fs.Int64Var(&v.seed, "seed", 1, "seed of the generated --feedback: the same seed gives the same feedback")
}

func (v *volumeFlags) check() error {
	if v.days < 1 || v.days > 3650 {
		return fmt.Errorf("%w: --feedback-days must be between 1 and 3650, not %d", errUsage, v.days)
	}
	if v.sites < -1 || v.sites > 10_000 {
		return fmt.Errorf("%w: --sites must be -1 (automatic) or between 0 and 10000, not %d", errUsage, v.sites)
	}
	return nil
}

// count is a flag holding a number of rows, written plainly (2500000) or
// with a k or m suffix (2.5m), with _ or , between digits if wished.
type count int

func (c *count) String() string { return strconv.Itoa(int(*c)) }

func (c *count) Set(s string) error {
	t := strings.ToLower(strings.NewReplacer("_", "", ",", "").Replace(strings.TrimSpace(s)))
	mult := 1.0
	switch {
	case strings.HasSuffix(t, "k"):
		mult, t = 1e3, strings.TrimSuffix(t, "k")
	case strings.HasSuffix(t, "m"):
		mult, t = 1e6, strings.TrimSuffix(t, "m")
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || t == "" || strings.ContainsAny(t, "einfINF+") {
		return fmt.Errorf("%q is not a number of feedback (e.g. 1000000 or 1m)", s)
	}
	n := f * mult
	if n < 0 || n > 1e9 || n != float64(int(n)) {
		return fmt.Errorf("%q: give a whole number of feedback from 0 to 1000m", s)
	}
	*c = count(n)
	return nil
}

// addVolume adds the flags' feedback to the demo organization, with
// progress on stdout.
func addVolume(ctx context.Context, db *sqlstore.DB, v volumeFlags, stdout io.Writer) error {
	var last time.Time
	cpu0 := cpuTime()
	res, err := demo.AddVolume(ctx, app.StoresOf(db), db, demo.VolumeOptions{
		Feedback: int(v.feedback), Days: v.days, Sites: v.sites, Seed: v.seed,
		Log: func(msg string) { fmt.Fprintln(stdout, "  "+msg) },
		Progress: func(done, total int, elapsed time.Duration) {
			if done < total && time.Since(last) < time.Second {
				return
			}
			last = time.Now()
			rate := float64(done) / elapsed.Seconds()
			eta := time.Duration(float64(total-done) / rate * float64(time.Second)).Round(time.Second)
			fmt.Fprintf(stdout, "  feedback %d/%d  %.0f rows/s  ETA %s\n", done, total, rate, eta)
		},
	})
	if err != nil {
		return fmt.Errorf("add feedback: %w", err)
	}
	cpu := cpuTime() - cpu0
	fmt.Fprintf(stdout, "Added %d feedback in %.1fs (%.0f rows/s; %.1f s of this process's CPU, %.0f rows per CPU-second) over %d touchpoints, %d chain cafés.\n",
		res.Feedback, res.Elapsed.Seconds(), float64(res.Feedback)/res.Elapsed.Seconds(), cpu.Seconds(),
		float64(res.Feedback)/max(cpu.Seconds(), 1e-9), res.Touchpoints, res.ChainSites)
	return nil
}

// cpuTime is the CPU time this process has used, user and system: a
// rate per CPU-second says more than one per wall-clock second on a
// machine busy with other work.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
