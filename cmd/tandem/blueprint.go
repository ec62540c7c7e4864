package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/tandemhq/tandem"
	"github.com/tandemhq/tandem/app"
)

// blueprint export and blueprint import copy a service's design as a file
// (format tandem.blueprint/1, package blueprintfile) between sites,
// organizations and installations, through the same use cases as the
// manager pages and the API.

func cmdBlueprint(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "export" && args[0] != "import" {
		return fmt.Errorf(`%w: "tandem blueprint" needs a subcommand: export or import`, errUsage)
	}
	if args[0] == "export" {
		return cmdBlueprintExport(ctx, args[1:], stdout, stderr)
	}
	return cmdBlueprintImport(ctx, args[1:], stdout, stderr)
}

func cmdBlueprintExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var service int64
	var out string
	return setupCommand(ctx, "blueprint export", args, stderr, func(fs *flag.FlagSet) {
		fs.Int64Var(&service, "service", 0, "id of the service whose current blueprint to export (required)")
		fs.StringVar(&out, "o", "", "write the file here instead of to standard output")
	}, func() error {
		if service <= 0 {
			return fmt.Errorf("%w: --service is required", errUsage)
		}
		return nil
	}, func(a *app.App, org *tandem.Organization, _ *Config) error {
		data, svc, err := a.ExportBlueprint(ctx, org.ID, service)
		if err != nil {
			return fmt.Errorf("export service %d: %w", service, describe(err))
		}
		if out == "" {
			_, err = stdout.Write(data)
			return err
		}
		if err := os.WriteFile(out, data, 0o644); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Wrote version %d of %q to %s.\n", svc.Version, svc.Name.Get(org.Lang), out)
		return nil
	})
}

func cmdBlueprintImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	// The file comes last, after the flags.
	file, args := lastArg(args)
	var service int64
	return setupCommand(ctx, "blueprint import", args, stderr, func(fs *flag.FlagSet) {
		fs.Int64Var(&service, "service", 0, "publish the file as the next version of this service; default a new service")
	}, func() error {
		if file == "" {
			return fmt.Errorf("%w: give the blueprint file to import: tandem blueprint import --org SLUG [--service ID] FILE", errUsage)
		}
		return nil
	}, func(a *app.App, org *tandem.Organization, _ *Config) error {
		data, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		svc, b, err := a.ImportBlueprint(ctx, org.ID, service, data)
		if err != nil {
			return fmt.Errorf("import %s: %w", file, describe(err))
		}
		if service == 0 {
			fmt.Fprintf(stdout, "Created service %d %q in %s with version %d.\n", svc.ID, svc.Name.Get(org.Lang), org.Slug, b.Version)
		} else {
			fmt.Fprintf(stdout, "Published version %d of service %d %q in %s.\n", b.Version, svc.ID, svc.Name.Get(org.Lang), org.Slug)
		}
		return nil
	})
}
