package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"plp/internal/devtools/seedscale"
	"plp/internal/platform/database"
)

// seedScale is `plp seed --students N`: a district of generated plans.
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
