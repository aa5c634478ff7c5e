package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"plp/ent/schema/pulid"
	"plp/ent/school"
	"plp/internal/platform/envflag"
	"plp/internal/platform/viewer"
	"plp/internal/school/implementation"
	"plp/server"
)

const implementationUsage = `Usage:
  plp implementation install --school ID [--file PATH] [db flags]
      install (or update) the Vermont PLP implementation framework in a school,
      or a framework file of the same shape (YAML or JSON)
`

// implementationCmd runs the implementation planning tools.
func implementationCmd(ctx context.Context, args []string) error {
	if wantsHelp(args) {
		fmt.Print(implementationUsage)
		return nil
	}
	if len(args) == 0 || args[0] != "install" {
		fmt.Print(implementationUsage)
		return fmt.Errorf("missing or unknown implementation command")
	}
	cfg := server.DefaultConfig()
	fs := flag.NewFlagSet("implementation "+args[0], flag.ExitOnError)
	dbFlags(fs, &cfg)
	schoolID := fs.String("school", "", "ID of the school (install)")
	file := fs.String("file", "", "framework file (install; the Vermont framework when omitted)")
	if err := envflag.Parse(fs, args[1:]); err != nil {
		return err
	}
	fw := implementation.Vermont
	if *schoolID == "" {
		fs.Usage()
		return fmt.Errorf("implementation install needs --school")
	}
	if *file != "" {
		data, err := os.ReadFile(*file)
		if err != nil {
			return err
		}
		if fw, err = implementation.ParseFramework(data); err != nil {
			return fmt.Errorf("%s: %w", *file, err)
		}
	}
	db, err := openAndMigrate(ctx, cfg, startLogging(os.Stderr, false))
	if err != nil {
		return err
	}
	defer db.Close()
	ctx = viewer.SystemContext(ctx)
	found, err := db.Client.School.Query().Where(school.ID(pulid.ID(*schoolID))).Exist(ctx)
	if err != nil {
		return fmt.Errorf("look up school %s: %w", *schoolID, err)
	}
	if !found {
		return fmt.Errorf("no school with ID %q", *schoolID)
	}
	// One transaction: a failure leaves the school as it was.
	tx, err := db.Client.Tx(ctx)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	res, err := implementation.Install(ctx, tx.Client(), pulid.ID(*schoolID), fw)
	if err != nil {
		_ = tx.Rollback()
		return fmt.Errorf("install framework: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	fmt.Printf("installed %q version %s: %d created, %d updated\n", fw.Name, fw.Version, res.Created, res.Updated)
	return nil
}
