// Package envflag sets command-line flags from environment variables, with
// the flags' own parsers, so a PLP_* variable is held to the same rules as
// the flag it stands for.
//
// A flag reads the variable its usage names: "... (env PLP_MAX_DEPTH)". The
// help text an operator reads is the mapping, so the two cannot drift.
package envflag

import (
	"flag"
	"fmt"
	"os"
	"regexp"
)

// envName finds "env NAME" in a flag's usage.
var envName = regexp.MustCompile(`\benv ([A-Z][A-Z0-9_]*)`)

// Var is the environment variable the flag's usage names, or "".
func Var(f *flag.Flag) string {
	if m := envName.FindStringSubmatch(f.Usage); m != nil {
		return m[1]
	}
	return ""
}

// Parse parses args into fs, then sets every flag that args left alone from
// its environment variable, when that is set and not empty: the command line
// wins over the environment, the environment over the default. A value the
// flag refuses is an error that names the variable, the value and the flag,
// and no later flag is set.
func Parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		name := Var(f)
		if err != nil || given[f.Name] || name == "" {
			return
		}
		v, ok := os.LookupEnv(name)
		if !ok || v == "" {
			return
		}
		if serr := fs.Set(f.Name, v); serr != nil {
			err = fmt.Errorf("invalid value %q for %s (flag --%s): %w", v, name, f.Name, serr)
		}
	})
	return err
}
