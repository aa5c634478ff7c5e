package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"plp/internal/devtools/seedscale"
	"plp/internal/platform/database"
	"plp/internal/platform/envflag"
)

// seed is `plpdev seed --students N`: a district of generated plans in the
// database plp serve would open with the same --data-dir or --database-url.
func seed(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("seed", flag.ExitOnError)
	dataDir := fs.String("data-dir", "./data", "directory of the SQLite file (env PLP_DATA_DIR)")
	databaseURL := fs.String("database-url", "", "postgres:// URL to use PostgreSQL instead of SQLite (env PLP_DATABASE_URL)")
	students := fs.Int("students", 0, "generate a district of N students with families, partners and plans (benchmarks)")
	schoolSize := fs.Int("school-size", 1000, "students per generated school")
	if err := envflag.Parse(fs, args); err != nil {
		return err
	}
	if *students <= 0 {
		return fmt.Errorf("nothing to seed: plpdev seed --students N (the demo school: plp seed --demo)")
	}
	db, err := database.Open(ctx, *databaseURL, *dataDir)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return err
	}
	_, err = seedScale(ctx, db, *students, *schoolSize, os.Stderr)
	return err
}

// seedScale generates the district and reports what it wrote.
func seedScale(ctx context.Context, db *database.DB, students, schoolSize int, out io.Writer) (seedscale.Result, error) {
	started := time.Now()
	res, err := seedscale.Generate(ctx, db, seedscale.Options{
		Students:   students,
		SchoolSize: schoolSize,
		Now:        time.Now(),
		Progress:   progressPrinter(out, started),
	})
	if err != nil {
		return res, err
	}
	fmt.Fprintf(out, "seeded %d students in %d schools on %s in %s: %d accounts, %d guardianships, %d partnerships, %d goals, %d milestones, %d evidence, %d reflections, %d self-assessments, %d slots (%d rows, %.0f rows/s)\n",
		res.Students, res.Schools, db.Dialect, res.Elapsed.Round(time.Millisecond), res.Accounts, res.Guardianships, res.Partnerships,
		res.Goals, res.Milestones, res.Evidence, res.Reflections, res.SelfAssessments, res.Slots,
		res.Rows(), float64(res.Rows())/res.Elapsed.Seconds())
	fmt.Fprintf(out, "every account's password is %s; emails are ROLE+N.SCHOOLTAG@%s\n", seedscale.Password, seedscale.EmailDomain)
	return res, nil
}

// progressPrinter draws a bar that redraws itself on a terminal, and
// prints a plain line per school step otherwise (logs, CI).
func progressPrinter(out io.Writer, started time.Time) func(seedscale.Progress) {
	tty := isTerminal(out)
	last := ""
	return func(p seedscale.Progress) {
		elapsed := time.Since(started).Round(100 * time.Millisecond)
		if tty {
			const width = 30
			done := int(p.Fraction * width)
			fmt.Fprintf(out, "\r[%s%s] %3.0f%% school %d/%d %-16s %9d rows %s\x1b[K",
				strings.Repeat("#", done), strings.Repeat(".", width-done), 100*p.Fraction,
				p.School, p.Schools, p.Step, p.Rows, elapsed)
			if p.Fraction >= 1 {
				fmt.Fprintln(out)
			}
			return
		}
		key := fmt.Sprintf("%d/%s", p.School, p.Step)
		if key == last {
			return
		}
		last = key
		fmt.Fprintf(out, "seed: school %d/%d %s (%.0f%%, %d rows, %s)\n", p.School, p.Schools, p.Step, 100*p.Fraction, p.Rows, elapsed)
	}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
