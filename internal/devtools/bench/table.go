package bench

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"
)

// PrintTable writes the report: each workload with its figures and, where
// it has one, its ratios to its baseline (throughput, p50 and wall time);
// throughput is also given as a share of the hello-world handler's. Then
// the scaling points and every target with its verdict.
func PrintTable(w io.Writer, rep *Report) error {
	results := rep.Results
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "workload\tdatabase\tclients\trequests\terrors\ttime\treq/s\tp50\tp99\tSQL/req\tCPU/req\tpeak RSS\treq/s vs baseline\tp50 vs baseline\ttime vs baseline\treq/s vs hello\t")
	var hello *Result
	for i := range results {
		if results[i].Workload == Hello {
			hello = &results[i]
		}
	}
	for _, r := range results {
		stmts := "-"
		if r.Statements >= 0 {
			stmts = fmt.Sprintf("%.1f", r.Statements)
		}
		vsBase, vsBaseP50, vsBaseTime, vsHello := "-", "-", "-", "-"
		if b := r.Baseline; b != nil && b.RPS() > 0 {
			vsBase = fmt.Sprintf("%.2fx", r.RPS()/b.RPS())
			if b.P50 > 0 {
				vsBaseP50 = fmt.Sprintf("%.2fx", float64(r.P50)/float64(b.P50))
			}
			vsBaseTime = fmt.Sprintf("%.2fx", float64(r.Elapsed)/float64(b.Elapsed))
		}
		if hello != nil && hello.RPS() > 0 && r.Workload != Hello && r.P50 > 0 {
			vsHello = fmt.Sprintf("%.2fx", r.RPS()/hello.RPS())
		}
		p50, p99 := "-", "-"
		if r.P50 > 0 {
			p50, p99 = ms(r.P50), ms(r.P99)
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%s\t%.0f\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n",
			r.Workload, r.Database, r.Clients, r.Requests, r.Errors, secs(r.Elapsed), r.RPS(), p50, p99, stmts, ms(r.CPU),
			mib(r.PeakRSS), vsBase, vsBaseP50, vsBaseTime, vsHello)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, r := range results {
		if r.Note != "" {
			fmt.Fprintf(w, "%s (%s): %s\n", r.Workload, r.Database, r.Note)
		}
	}
	for _, r := range results {
		if r.Errors > 0 {
			fmt.Fprintf(w, "%s (%s): %d errors; the first: %s\n", r.Workload, r.Database, r.Errors, r.FirstError)
		}
	}
	if len(rep.Scaling) > 0 {
		fmt.Fprintln(w)
		tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "scaling\tdatabase\tscale\tstudents\twork\ttime\ttime per unit\tSQL\t")
		for _, p := range rep.Scaling {
			fmt.Fprintf(tw, "%s\t%s\t%dx\t%d\t%d %s\t%s\t%s\t%d\t\n", p.Workload, p.Database, p.Scale, p.Students, p.Units, p.Unit,
				ms(p.Time), us(p.Time/time.Duration(max(p.Units, 1))), p.Statements)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if len(rep.Checks) > 0 {
		fmt.Fprintln(w)
		tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "target\tworkload\tmeasured\tmet\t")
		for _, c := range rep.Checks {
			met := "no"
			if c.Met {
				met = "yes"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t\n", c.Target, c.Workload, c.Measured, met)
		}
		return tw.Flush()
	}
	return nil
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d)/float64(time.Millisecond)) }

func us(d time.Duration) string { return fmt.Sprintf("%.1fµs", float64(d)/float64(time.Microsecond)) }

func secs(d time.Duration) string { return fmt.Sprintf("%.2fs", d.Seconds()) }

func mib(b int64) string {
	if b <= 0 {
		return "-"
	}
	return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20))
}
