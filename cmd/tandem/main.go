// Command tandem runs Tandem: the service co-production platform.
//
//	tandem serve     run the server
//	tandem demo      run the server preloaded with the demo scenarios
//	tandem migrate   apply database migrations
//	tandem user add  create a user (and their organization)
//	tandem token add, token list, token revoke
//	                 an organization's API tokens
//	tandem site add, staff add, touchpoint add
//	                 set a business up: its sites, staff and touchpoints
//	tandem blueprint export, blueprint import
//	                 copy a service's blueprint as a file
//	tandem export    write an organization's feedback as CSV or XLSX
//	tandem insight rebuild
//	                 count stored feedback into the insight figures again
//	tandem report weekly
//	                 print a manager's weekly email report without sending it
//	tandem jobs      list failed background jobs; jobs retry ID runs one again
//	tandem backup, restore
//	                 back up an SQLite installation while it runs, restore it
//	tandem version   print the version
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/tandemhq/tandem/internal/tune"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// errUsage marks errors whose message is usage help: exit code 2.
var errUsage = errors.New("usage")

const usage = `Tandem — design services with your customers' own steps in them, and hear
from them on every performance.

Usage:
  tandem serve     [flags]   run the server
  tandem demo      [flags]   run the server preloaded with demo data
                             (--feedback 10m grows it to a chain of cafés
                             with ten million feedback: the scale test)
  tandem migrate   [flags]   apply pending database migrations
  tandem user add  [flags]   create a user, and their organization if new
  tandem token add [flags]   create an API token for an organization
                             (--expires 90d or 2027-01-31 to make it expire)
  tandem token list --org SLUG
                             list its API tokens: ID, prefix, name, state,
                             created, expires, last used
  tandem token revoke --org SLUG ID
                             stop an API token from working
  tandem site add  [flags]   create a site (a place where you serve customers)
  tandem staff add [flags]   add a staff member customers can praise
  tandem touchpoint add [flags]
                             create a touchpoint; prints its code and QR URL
  tandem blueprint export --org SLUG --service ID [-o FILE]
                             write a service's current blueprint as a file
  tandem blueprint import --org SLUG [--service ID] FILE
                             create a service from a blueprint file, or
                             publish it as the service's next version
  tandem export --org SLUG [--service ID] [--from DAY --to DAY]
                [--format csv|xlsx] [--lang en|ru|fi] -o FILE
                             write its feedback with aspects, causes and
                             readiness as CSV or XLSX, streamed, progress
                             on stderr
  tandem insight rebuild [--org SLUG]
                             count stored feedback into the insight figures
                             again (they are kept up to date as feedback
                             comes in; this is for after repairs)
  tandem report weekly --org SLUG --user EMAIL [--week DAY] [--text]
                             print the weekly report that manager gets by
                             email on Mondays (HTML, or its text part),
                             without sending it
  tandem jobs      [flags]   list background jobs that failed (deliveries,
                             notifications) with their last error
  tandem jobs retry [flags] ID
                             run a failed job again
  tandem backup    [flags] FILE
                             copy the database and photos into FILE while
                             the server runs (SQLite; PostgreSQL: pg_dump)
  tandem restore   [flags] FILE
                             restore a backup into --data (the server must
                             be stopped)
  tandem version             print the version

Run "tandem COMMAND -h" for a command's flags. Every flag can also be set
with the TANDEM_* environment variable named in its help.
`

func main() {
	tune.GC()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	switch {
	case err == nil:
	case errors.Is(err, flag.ErrHelp):
	case errors.Is(err, errUsage):
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "tandem:", err)
		os.Exit(1)
	}
}

// run executes one command; main only maps its error to an exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("%w: no command given", errUsage)
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return cmdServe(ctx, rest, stdout, stderr)
	case "demo":
		return cmdDemo(ctx, rest, stdout, stderr)
	case "migrate":
		return cmdMigrate(ctx, rest, stdout, stderr)
	case "user":
		if len(rest) == 0 || rest[0] != "add" {
			return fmt.Errorf(`%w: "tandem user" needs a subcommand: add`, errUsage)
		}
		return cmdUserAdd(ctx, rest[1:], stdin, stdout, stderr)
	case "token":
		return cmdToken(ctx, rest, stdout, stderr)
	case "site", "staff", "touchpoint":
		if len(rest) == 0 || rest[0] != "add" {
			return fmt.Errorf(`%w: "tandem %s" needs a subcommand: add`, errUsage, cmd)
		}
		switch cmd {
		case "site":
			return cmdSiteAdd(ctx, rest[1:], stdout, stderr)
		case "staff":
			return cmdStaffAdd(ctx, rest[1:], stdout, stderr)
		}
		return cmdTouchpointAdd(ctx, rest[1:], stdout, stderr)
	case "blueprint":
		return cmdBlueprint(ctx, rest, stdout, stderr)
	case "export":
		return cmdExport(ctx, rest, stdout, stderr)
	case "insight":
		return cmdInsight(ctx, rest, stdout, stderr)
	case "report":
		return cmdReport(ctx, rest, stdout, stderr)
	case "jobs":
		return cmdJobs(ctx, rest, stdout, stderr)
	case "backup":
		return cmdBackup(ctx, rest, stdout, stderr)
	case "restore":
		return cmdRestore(ctx, rest, stdout, stderr)
	case "version", "--version", "-version":
		fmt.Fprintln(stdout, "tandem", version)
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("%w: unknown command %q", errUsage, cmd)
}

// parseConfig parses a command's flags into a validated Config.
func parseConfig(name string, args []string, stderr io.Writer, dataDefault string, extra func(*flag.FlagSet)) (*Config, error) {
	fs := flag.NewFlagSet("tandem "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c Config
	var envErrs []error
	level := configFlags(fs, &c, dataDefault, &envErrs)
	if name == "serve" || name == "demo" {
		mailFlags(fs, &c)
		oidcFlags(fs, &c)
		webhookFlags(fs, &c, &envErrs)
		metricsFlags(fs, &c)
		instanceFlags(fs, &c, &envErrs)
		streamFlags(fs, &c, &envErrs)
		limitFlags(fs, &c)
	}
	if extra != nil {
		extra(fs)
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, err
		}
		return nil, fmt.Errorf("%w: %v", errUsage, err)
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("%w: unexpected argument %q", errUsage, fs.Arg(0))
	}
	if err := c.validate(*level, envErrs); err != nil {
		return nil, fmt.Errorf("%w: invalid configuration:\n%v", errUsage, err)
	}
	c.log = newLogger(stderr, c.LogLevel, c.LogFormat)
	return &c, nil
}
