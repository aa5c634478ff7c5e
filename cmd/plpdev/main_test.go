package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const asPLPDev = "PLPDEV_CMD_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(asPLPDev) == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestHelpSucceedsForEveryCommand: `plpdev CMD --help` exits 0.
func TestHelpSucceedsForEveryCommand(t *testing.T) {
	t.Parallel()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range []string{"--help", "help", "seed --help", "bench --help", "migrate --help", "migrate new --help", "migrate hash --help"} {
		t.Run(args, func(t *testing.T) {
			t.Parallel()
			cmd := exec.Command(self, strings.Fields(args)...)
			cmd.Env = append(os.Environ(), asPLPDev+"=1")
			if out, err := cmd.CombinedOutput(); err != nil || len(out) == 0 {
				t.Fatalf("plpdev %s: %v\n%s", args, err, out)
			}
		})
	}
}

// TestSeed: plpdev seed writes a district where plp serve would find it.
func TestSeed(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("PLP_DATA_DIR", dir)
	if err := run(context.Background(), []string{"seed", "--students", "12", "--school-size", "6"}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "plp.db")); err != nil {
		t.Fatalf("no database in PLP_DATA_DIR: %v", err)
	}
}
