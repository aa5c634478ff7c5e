package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"plp/ent/schema/pulid"
	"plp/ent/school"
	"plp/ent/skill"
	"plp/internal/platform/envflag"
	"plp/internal/platform/viewer"
	"plp/internal/school/skillframework"
	"plp/server"
)

const skillsUsage = `Usage:
  plp skills import --school ID --file PATH [db flags]
      create a skill framework in the school from a 1EdTech CASE 1.0 JSON package
`

// skills runs the skill framework tools: plp skills import.
func skills(ctx context.Context, args []string) error {
	if wantsHelp(args) {
		fmt.Print(skillsUsage)
		return nil
	}
	if len(args) == 0 || args[0] != "import" {
		fmt.Print(skillsUsage)
		if len(args) == 0 {
			return fmt.Errorf("missing skills command")
		}
		return fmt.Errorf("unknown skills command %q", args[0])
	}
	cfg := server.DefaultConfig()
	fs := flag.NewFlagSet("skills import", flag.ExitOnError)
	dbFlags(fs, &cfg)
	schoolID := fs.String("school", "", "ID of the school to create the framework in (required)")
	file := fs.String("file", "", "path of the CASE JSON package (required)")
	if err := envflag.Parse(fs, args[1:]); err != nil {
		return err
	}
	if *schoolID == "" || *file == "" {
		fs.Usage()
		return fmt.Errorf("skills import needs --school and --file")
	}
	f, err := os.Open(*file)
	if err != nil {
		return err
	}
	defer f.Close()
	db, err := openAndMigrate(ctx, cfg, startLogging(os.Stderr, false))
	if err != nil {
		return err
	}
	defer db.Close()

	// As the system, in one transaction: a failure leaves nothing behind.
	ctx = viewer.SystemContext(ctx)
	found, err := db.Client.School.Query().Where(school.ID(pulid.ID(*schoolID))).Exist(ctx)
	if err != nil {
		return fmt.Errorf("look up school %s: %w", *schoolID, err)
	}
	if !found {
		return fmt.Errorf("no school with ID %q", *schoolID)
	}
	tx, err := db.Client.Tx(ctx)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	fw, err := skillframework.ImportCASE(ctx, tx.Client(), pulid.ID(*schoolID), f)
	if err != nil {
		_ = tx.Rollback()
		return fmt.Errorf("import %s: %w", *file, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	n, err := db.Client.Skill.Query().Where(skill.FrameworkID(fw.ID)).Count(ctx)
	if err != nil {
		return fmt.Errorf("count skills of framework %s: %w", fw.ID, err)
	}
	fmt.Printf("imported framework %q version %q (%s) with %d skills\n", fw.Name, fw.Version, fw.ID, n)
	return nil
}
