package bench

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"
)

// PrintTable writes the results as a table: each workload with its
// figures and, where it has one, its ratio to its baseline; throughput is
// also given as a share of the hello-world handler's.
func PrintTable(w io.Writer, results []Result) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "workload\tdatabase\tclients\trequests\terrors\treq/s\tp50\tp99\tSQL/req\tCPU/req\tpeak RSS\treq/s vs baseline\tp50 vs baseline\treq/s vs hello\t")
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
		vsBase, vsBaseP50, vsHello := "-", "-", "-"
		if b := r.Baseline; b != nil && b.RPS() > 0 && b.P50 > 0 {
			vsBase = fmt.Sprintf("%.2fx", r.RPS()/b.RPS())
			vsBaseP50 = fmt.Sprintf("%.2fx", float64(r.P50)/float64(b.P50))
		}
		if hello != nil && hello.RPS() > 0 && r.Workload != Hello {
			vsHello = fmt.Sprintf("%.2fx", r.RPS()/hello.RPS())
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%.0f\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n",
			r.Workload, r.Database, r.Clients, r.Requests, r.Errors, r.RPS(), ms(r.P50), ms(r.P99), stmts, ms(r.CPU),
			mib(r.PeakRSS), vsBase, vsBaseP50, vsHello)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	var on, off *Result
	for i := range results {
		switch results[i].Workload {
		case PlanPage:
			on = &results[i]
		case PlanNoMetrics:
			off = &results[i]
		}
	}
	if on != nil && off != nil && off.RPS() > 0 && off.P50 > 0 {
		fmt.Fprintf(w, "cost of /metrics on the plan page: req/s %+.1f%%, p50 %+.1f%%\n",
			100*(on.RPS()/off.RPS()-1), 100*(float64(on.P50)/float64(off.P50)-1))
	}
	for _, r := range results {
		if r.Errors > 0 {
			fmt.Fprintf(w, "%s: %d errors; the first: %s\n", r.Workload, r.Errors, r.FirstError)
		}
	}
	return nil
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d)/float64(time.Millisecond)) }

func mib(b int64) string {
	if b <= 0 {
		return "-"
	}
	return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20))
}
