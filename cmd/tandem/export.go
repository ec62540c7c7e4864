package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
)

// exportProgressEvery is how often, at most, tandem export reports its
// progress on standard error (besides every exportProgressRows rows).
const (
	exportProgressEvery = 2 * time.Second
	exportProgressRows  = 100_000
)

// cmdExport writes an organization's feedback to a CSV or XLSX file with
// app.ExportFeedback, as its owner would download it, reporting progress
// on stderr. The file appears only when the export is complete: it is
// written beside the target under a temporary name and renamed at the end.
func cmdExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var service int64
	var from, to, format, out, lang string
	return setupCommand(ctx, "export", args, stderr, func(fs *flag.FlagSet) {
		fs.Int64Var(&service, "service", 0, "only this service's feedback; default every service")
		fs.StringVar(&from, "from", "", "first day, YYYY-MM-DD in the organization's time zone; default the beginning")
		fs.StringVar(&to, "to", "", "last day (included), YYYY-MM-DD; default today")
		fs.StringVar(&format, "format", "", "csv or xlsx; default from the file name's extension, else csv")
		fs.StringVar(&out, "o", "", "the file to write (required; - for standard output)")
		fs.StringVar(&lang, "lang", "", "language of the headers: en, ru or fi; default the organization's")
	}, func() error {
		if out == "" {
			return fmt.Errorf("%w: -o FILE is required", errUsage)
		}
		if format == "" && filepath.Ext(out) == ".xlsx" {
			format = "xlsx"
		}
		if _, err := app.ParseExportFormat(format); err != nil {
			return fmt.Errorf("%w: --format must be csv or xlsx, not %q", errUsage, format)
		}
		if lang != "" && !tandem.SupportedLanguage(lang) {
			return fmt.Errorf("%w: --lang must be one of %v", errUsage, tandem.Languages)
		}
		if service < 0 {
			return fmt.Errorf("%w: --service must be a service id", errUsage)
		}
		return nil
	}, func(a *app.App, org *tandem.Organization, _ *Config) error {
		f, _ := app.ParseExportFormat(format)
		loc := org.Location()
		q := app.ExportQuery{ServiceID: service}
		for _, p := range []struct {
			name, value string
			days        int
			t           *time.Time
		}{{"from", from, 0, &q.From}, {"to", to, 1, &q.To}} {
			if p.value == "" {
				continue
			}
			d, err := time.ParseInLocation("2006-01-02", p.value, loc)
			if err != nil {
				return fmt.Errorf("%w: --%s must be a day as YYYY-MM-DD, not %q", errUsage, p.name, p.value)
			}
			*p.t = d.AddDate(0, 0, p.days)
		}
		if !q.From.IsZero() && !q.To.IsZero() && !q.From.Before(q.To) {
			return fmt.Errorf("%w: --to must not come before --from", errUsage)
		}
		actor := &tandem.User{OrgID: org.ID, Role: tandem.RoleOwner, Lang: lang}
		started := time.Now()
		last := started
		progress := func(n int) {
			if now := time.Now(); now.Sub(last) >= exportProgressEvery || n%exportProgressRows == 0 {
				last = now
				fmt.Fprintf(stderr, "%d rows…\n", n)
			}
		}
		var w io.Writer = stdout
		var tmp *os.File
		if out != "-" {
			var err error
			if tmp, err = os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".*"); err != nil {
				return err
			}
			defer os.Remove(tmp.Name()) // gone once renamed; removed if the export fails
			defer tmp.Close()
			w = tmp
		}
		n, err := a.ExportFeedback(ctx, actor, q, f, w, progress)
		if err != nil {
			return fmt.Errorf("export: %w", describe(err))
		}
		if tmp != nil {
			if err := tmp.Sync(); err != nil {
				return err
			}
			if err := tmp.Close(); err != nil {
				return err
			}
			if err := os.Rename(tmp.Name(), out); err != nil {
				return err
			}
		}
		fmt.Fprintf(stderr, "Exported %d feedback of %s as %s in %s%s.\n", n, org.Slug, f, time.Since(started).Round(time.Millisecond),
			map[bool]string{true: " to " + out, false: ""}[out != "-"])
		return nil
	})
}
