package envflag_test

import (
	"flag"
	"io"
	"strings"
	"testing"
	"time"

	"plp/internal/platform/envflag"
)

type flags struct {
	depth  int
	ttl    time.Duration
	demo   bool
	addr   string
	dryRun bool
}

func newFlags() (*flag.FlagSet, *flags) {
	var f flags
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.IntVar(&f.depth, "max-depth", 12, "deepest query accepted (env PLP_MAX_DEPTH)")
	fs.DurationVar(&f.ttl, "session-ttl", time.Hour, "how long a sign-in lasts (env PLP_SESSION_TTL)")
	fs.BoolVar(&f.demo, "demo", false, "seed the demo school (env PLP_DEMO)")
	fs.StringVar(&f.addr, "addr", "127.0.0.1:8080", "listen address (default: here; env PLP_ADDR)")
	fs.BoolVar(&f.dryRun, "dry-run", false, "change nothing")
	return fs, &f
}

// TestParse: each variable is read with its flag's parser, the command line
// wins, empty is unset, and a flag whose usage names no variable reads none.
func TestParse(t *testing.T) {
	t.Setenv("PLP_MAX_DEPTH", "7")
	t.Setenv("PLP_SESSION_TTL", "90m")
	t.Setenv("PLP_DEMO", "true")
	t.Setenv("PLP_ADDR", "")
	t.Setenv("PLP_DRY_RUN", "true")
	fs, f := newFlags()
	if err := envflag.Parse(fs, []string{"--max-depth", "3"}); err != nil {
		t.Fatal(err)
	}
	want := flags{depth: 3, ttl: 90 * time.Minute, demo: true, addr: "127.0.0.1:8080"}
	if *f != want {
		t.Errorf("flags = %+v, want %+v", *f, want)
	}
}

// TestParseRefusesBadValues: a value the flag's parser refuses stops the
// parse with a message that names the variable and the value.
func TestParseRefusesBadValues(t *testing.T) {
	for _, c := range []struct{ env, value string }{
		{"PLP_MAX_DEPTH", "twelve"},
		{"PLP_MAX_DEPTH", "12.5"},
		{"PLP_SESSION_TTL", "3 days"},
		{"PLP_DEMO", "maybe"},
	} {
		t.Run(c.env+"="+c.value, func(t *testing.T) {
			t.Setenv(c.env, c.value)
			fs, _ := newFlags()
			err := envflag.Parse(fs, nil)
			want := `invalid value "` + c.value + `" for ` + c.env
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Fatalf("err = %v, want one containing %s", err, want)
			}
		})
	}
}

// TestParseCommandLineWinsOverBadEnv: a bad variable whose flag is given on
// the command line is not read.
func TestParseCommandLineWinsOverBadEnv(t *testing.T) {
	t.Setenv("PLP_MAX_DEPTH", "twelve")
	fs, f := newFlags()
	if err := envflag.Parse(fs, []string{"--max-depth=5"}); err != nil || f.depth != 5 {
		t.Fatalf("depth %d, err %v; want 5, nil", f.depth, err)
	}
}
