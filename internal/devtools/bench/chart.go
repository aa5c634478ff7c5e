package bench

import (
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io/fs"
	"math"
	"os"
	"slices"
	"strings"
)

// WriteChart draws the scaling points as an SVG chart at path: time
// against students, both on log scales (so growth in step with the data is
// a line of slope one, drawn dashed for reference), one line per workload
// and database. The points are also kept next to the chart (path with
// .json for .svg), and points of another database found there are drawn
// too: a SQLite run and a PostgreSQL run with the same --chart make one
// chart.
func WriteChart(path string, points []Point) error {
	side := strings.TrimSuffix(path, ".svg") + ".json"
	var kept []Point
	if b, err := os.ReadFile(side); err == nil {
		if err := json.Unmarshal(b, &kept); err != nil {
			return fmt.Errorf("read %s: %w", side, err)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	dbs := map[string]bool{}
	for _, p := range points {
		dbs[p.Database] = true
	}
	all := slices.Clone(points)
	for _, p := range kept {
		if !dbs[p.Database] {
			all = append(all, p)
		}
	}
	b, err := json.MarshalIndent(all, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(side, append(b, '\n'), 0o644); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(chartSVG(all)), 0o644)
}

// chartSVG is the chart itself, written by hand.
func chartSVG(points []Point) string {
	const (
		w, h                  = 720, 440
		left, right, top, bot = 70, 230, 40, 60
	)
	type line struct {
		name string
		pts  []Point
	}
	var lines []*line
	byName := map[string]*line{}
	minX, maxX, minY, maxY := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, p := range points {
		if p.Time <= 0 || p.Students <= 0 {
			continue
		}
		name := p.Workload + ", " + p.Database
		l := byName[name]
		if l == nil {
			l = &line{name: name}
			byName[name] = l
			lines = append(lines, l)
		}
		l.pts = append(l.pts, p)
		x, y := float64(p.Students), float64(p.Time.Microseconds())/1000
		minX, maxX, minY, maxY = math.Min(minX, x), math.Max(maxX, x), math.Min(minY, y), math.Max(maxY, y)
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">`+"\n", w, h, w, h)
	fmt.Fprintf(&sb, `<rect width="%d" height="%d" fill="white"/>`+"\n", w, h)
	fmt.Fprintf(&sb, `<text x="%d" y="22" font-size="14">plp bench: time against data size (log-log)</text>`+"\n", left)
	if len(lines) == 0 {
		sb.WriteString(`<text x="70" y="80">no scaling points</text></svg>` + "\n")
		return sb.String()
	}
	// Whole decades around the data.
	x0, x1 := math.Floor(math.Log10(minX)), math.Ceil(math.Log10(maxX))
	y0, y1 := math.Floor(math.Log10(minY)), math.Ceil(math.Log10(maxY))
	if x1 == x0 {
		x1++
	}
	if y1 == y0 {
		y1++
	}
	pw, ph := float64(w-left-right), float64(h-top-bot)
	px := func(x float64) float64 { return float64(left) + (math.Log10(x)-x0)/(x1-x0)*pw }
	py := func(y float64) float64 { return float64(top) + ph - (math.Log10(y)-y0)/(y1-y0)*ph }
	for d := x0; d <= x1; d++ {
		for _, m := range []float64{1, 2, 5} {
			v := m * math.Pow(10, d)
			if math.Log10(v) > x1+1e-9 {
				break
			}
			x := px(v)
			fmt.Fprintf(&sb, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#ddd"/>`+"\n", x, top, x, h-bot)
			fmt.Fprintf(&sb, `<text x="%.1f" y="%d" text-anchor="middle">%s</text>`+"\n", x, h-bot+16, count(v))
		}
	}
	for d := y0; d <= y1; d++ {
		for _, m := range []float64{1, 2, 5} {
			v := m * math.Pow(10, d)
			if math.Log10(v) > y1+1e-9 {
				break
			}
			y := py(v)
			fmt.Fprintf(&sb, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#ddd"/>`+"\n", left, y, w-right, y)
			fmt.Fprintf(&sb, `<text x="%d" y="%.1f" text-anchor="end">%s</text>`+"\n", left-6, y+4, msLabel(v))
		}
	}
	fmt.Fprintf(&sb, `<rect x="%d" y="%d" width="%.0f" height="%.0f" fill="none" stroke="#333"/>`+"\n", left, top, pw, ph)
	fmt.Fprintf(&sb, `<text x="%.0f" y="%d" text-anchor="middle">students in the district</text>`+"\n", float64(left)+pw/2, h-18)
	fmt.Fprintf(&sb, `<text x="16" y="%.0f" text-anchor="middle" transform="rotate(-90 16 %.0f)">time (ms)</text>`+"\n", float64(top)+ph/2, float64(top)+ph/2)
	colors := []string{"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"}
	for i, l := range lines {
		c := colors[i%len(colors)]
		dash := ""
		if strings.HasSuffix(l.name, "postgres") {
			dash = ` stroke-dasharray="6 3"`
		}
		var path []string
		for _, p := range l.pts {
			path = append(path, fmt.Sprintf("%.1f,%.1f", px(float64(p.Students)), py(float64(p.Time.Microseconds())/1000)))
		}
		fmt.Fprintf(&sb, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2"%s/>`+"\n", strings.Join(path, " "), c, dash)
		for _, p := range l.pts {
			fmt.Fprintf(&sb, `<circle cx="%.1f" cy="%.1f" r="3" fill="%s"><title>%s: %d students, %s</title></circle>`+"\n",
				px(float64(p.Students)), py(float64(p.Time.Microseconds())/1000), c, html.EscapeString(l.name), p.Students, ms(p.Time))
		}
		ly := top + 10 + 20*i
		fmt.Fprintf(&sb, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="2"%s/>`+"\n", w-right+12, ly, w-right+36, ly, c, dash)
		fmt.Fprintf(&sb, `<text x="%d" y="%d">%s</text>`+"\n", w-right+42, ly+4, html.EscapeString(l.name))
	}
	// Reference: time in step with the data, from the first point of the
	// first line.
	if first := lines[0].pts[0]; true {
		x, y := float64(first.Students), float64(first.Time.Microseconds())/1000
		xe := math.Pow(10, x1)
		ye := y * xe / x
		fmt.Fprintf(&sb, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#999" stroke-dasharray="2 4"/>`+"\n", px(x), py(y), px(xe), py(ye))
		ly := top + 10 + 20*len(lines)
		fmt.Fprintf(&sb, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#999" stroke-dasharray="2 4"/>`+"\n", w-right+12, ly, w-right+36, ly)
		fmt.Fprintf(&sb, `<text x="%d" y="%d">in step with the data</text>`+"\n", w-right+42, ly+4)
	}
	sb.WriteString("</svg>\n")
	return sb.String()
}

func count(v float64) string {
	if v >= 1000 {
		return fmt.Sprintf("%gk", v/1000)
	}
	return fmt.Sprintf("%g", v)
}

func msLabel(v float64) string {
	if v >= 1000 {
		return fmt.Sprintf("%gs", v/1000)
	}
	return fmt.Sprintf("%gms", v)
}
