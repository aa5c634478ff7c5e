package main

import (
	"archive/zip"
	"context"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"plp/internal/platform/auth"
	"plp/internal/platform/envflag"
	"plp/internal/school/oneroster"
	"plp/server"
)

const importUsage = `Usage:
  plp import oneroster PATH [--skip-bad-rows] [--invite [--public-url URL]] [db flags]
      load schools, students, staff, families and guardianships from a
      OneRoster 1.2 CSV export (a folder, or a .zip of one), bulk or delta
      (manifest.csv); people a bulk export no longer has, and users or roles
      marked tobedeleted, leave their schools; --invite then mails an
      invitation to everyone of those schools who cannot sign in yet
`

// importCmd runs the importers: plp import oneroster.
func importCmd(ctx context.Context, args []string) error {
	if wantsHelp(args) {
		fmt.Print(importUsage)
		return nil
	}
	if len(args) == 0 || args[0] != "oneroster" {
		fmt.Print(importUsage)
		return fmt.Errorf("missing or unknown import command")
	}
	cfg := server.DefaultConfig()
	fs := flag.NewFlagSet("import oneroster", flag.ExitOnError)
	dbFlags(fs, &cfg)
	invite := fs.Bool("invite", false, "then invite, by mail, everyone of the rostered schools who cannot sign in yet (no password, never invited)")
	fs.StringVar(&cfg.PublicURL, "public-url", cfg.PublicURL, "where people reach PLP, for the invitations' links (env PLP_PUBLIC_URL)")
	skip := fs.Bool("skip-bad-rows", false, "import a file's good rows even when some rows are refused (by default a file with a refused row changes nothing)")
	// The path may come before or after the flags.
	var path string
	rest := args[1:]
	if len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
		path, rest = rest[0], rest[1:]
	}
	if err := envflag.Parse(fs, rest); err != nil {
		return err
	}
	if path == "" && fs.NArg() == 1 {
		path = fs.Arg(0)
	}
	if path == "" {
		fmt.Print(importUsage)
		return fmt.Errorf("import oneroster needs the export's folder or zip")
	}
	src, closeSrc, err := openExport(path)
	if err != nil {
		return err
	}
	defer closeSrc()
	db, err := openAndMigrate(ctx, cfg, startLogging(os.Stderr, false))
	if err != nil {
		return err
	}
	defer db.Close()

	opts := oneroster.Options{SkipBadRows: *skip}
	if info, err := os.Stderr.Stat(); err == nil && info.Mode()&os.ModeCharDevice != 0 {
		opts.Progress = func(file string, done, total int) {
			fmt.Fprintf(os.Stderr, "\r%s: %d/%d rows", file, done, total)
			if done == total {
				fmt.Fprintln(os.Stderr)
			}
		}
	}
	report, err := oneroster.Import(ctx, db.Client, src, opts)
	if report != nil {
		for _, f := range report.Files {
			fmt.Println(f)
		}
		for _, r := range report.Refused() {
			fmt.Println("  refused", r)
		}
	}
	if err != nil {
		return err
	}
	if *invite {
		authn := auth.NewService(db.Client, 0)
		authn.LinkBaseURL = cfg.BaseURL()
		invited, err := oneroster.InviteNew(ctx, db.Client, authn)
		for _, i := range invited {
			fmt.Printf("%s: %d invited\n", i.School, i.Count)
		}
		if err != nil {
			return err
		}
	}
	if n := len(report.Refused()); n > 0 {
		return fmt.Errorf("%d rows or files refused (listed above)", n)
	}
	return nil
}

// openExport opens a folder, or a zip file, as a file system.
func openExport(path string) (fs.FS, func(), error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, nil, err
	}
	if info.IsDir() {
		return os.DirFS(path), func() {}, nil
	}
	z, err := zip.OpenReader(path)
	if err != nil {
		return nil, nil, fmt.Errorf("%s is neither a folder nor a zip: %w", path, err)
	}
	root, err := oneroster.Root(z)
	if err != nil {
		z.Close()
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	return root, func() { z.Close() }, nil
}
