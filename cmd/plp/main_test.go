package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// asPLP makes this test binary the plp command when it is started by
// plpCommand: the tests run the real main, exit code and all.
const asPLP = "PLP_CMD_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(asPLP) == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// plpCommand is `plp args...` run by this test binary, in a temporary
// directory, with no PLP_* variable of the caller's.
func plpCommand(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(self, args...)
	cmd.Dir = t.TempDir()
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PLP_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, asPLP+"=1")
	return cmd
}

// TestHelpSucceedsForEveryCommand: `plp CMD --help` exits 0 for every
// command, moved ones included; tools that probe commands rely on it.
func TestHelpSucceedsForEveryCommand(t *testing.T) {
	t.Parallel()
	for _, c := range [][]string{
		{"--help"}, {"help"}, {"serve"}, {"migrate"}, {"seed"}, {"retention"},
		{"jobs"}, {"jobs", "run"}, {"jobs", "run", "send-mail"},
		{"skills"}, {"skills", "import"}, {"import"}, {"import", "oneroster"},
		{"keys"}, {"keys", "rotate"}, {"implementation"}, {"implementation", "install"},
		{"backup"}, {"restore"}, {"bench"}, {"migrate", "new"}, {"migrate", "hash"},
	} {
		args := append(slices.Clone(c), "--help")
		if c[0] == "--help" || c[0] == "help" {
			args = c
		}
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			t.Parallel()
			out, err := plpCommand(t, args...).CombinedOutput()
			if err != nil {
				t.Fatalf("plp %s: %v\n%s", strings.Join(args, " "), err, out)
			}
			if len(out) == 0 {
				t.Errorf("plp %s printed no help", strings.Join(args, " "))
			}
		})
	}
}

// TestMovedCommandsNameTheirNewPlace: the developer commands that left the
// server binary fail with one line that says how to run them now.
func TestMovedCommandsNameTheirNewPlace(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ args, want string }{
		{"bench --students 10 --workloads plan", "plp: moved: go run ./cmd/plpdev bench --students 10 --workloads plan\n"},
		{"migrate new add_pathway", "plp: moved: go run ./cmd/plpdev migrate new add_pathway\n"},
		{"migrate hash", "plp: moved: go run ./cmd/plpdev migrate hash\n"},
		{"seed --students 500 --school-size 100", "plp: moved: go run ./cmd/plpdev seed --students 500 --school-size 100\n"},
	} {
		t.Run(c.args, func(t *testing.T) {
			t.Parallel()
			cmd := plpCommand(t, strings.Fields(c.args)...)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() == 0 {
				t.Fatalf("plp %s: err %v, want a non-zero exit", c.args, err)
			}
			if stderr.String() != c.want || stdout.Len() != 0 {
				t.Errorf("plp %s printed %q and %q, want only %q", c.args, stdout.String(), stderr.String(), c.want)
			}
		})
	}
}

// TestBadEnvironmentStopsStartUp: a PLP_* value its flag refuses stops the
// command before it opens anything, with a message naming the variable.
// (Until now a bad number or duration silently became the default.)
func TestBadEnvironmentStopsStartUp(t *testing.T) {
	for _, c := range []struct {
		args       []string
		env, value string
	}{
		{[]string{"serve"}, "PLP_MAX_DEPTH", "twelve"},
		{[]string{"serve"}, "PLP_MAX_BODY_BYTES", "1MB"},
		{[]string{"serve"}, "PLP_SESSION_TTL", "3 days"},
		{[]string{"serve"}, "PLP_PRODUCTION", "maybe"},
		{[]string{"serve"}, "PLP_SIGN_IN_RATE_PER_EMAIL", "lots"},
		{[]string{"serve"}, "PLP_CONFERENCE_REMINDERS", "24h,soon"},
		{[]string{"jobs", "run", "send-mail"}, "PLP_MAIL_INTERVAL", "often"},
		{[]string{"jobs", "run", "conference-agendas", "--dry-run"}, "PLP_AGENDA_DAYS", "7.5"},
	} {
		t.Run(c.env, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "data")
			t.Setenv(c.env, c.value)
			err := run(context.Background(), append(slices.Clone(c.args), "--data-dir", dir))
			want := `invalid value "` + c.value + `" for ` + c.env
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Fatalf("plp %s with %s=%s: err %v, want one containing %s", c.args[0], c.env, c.value, err, want)
			}
			if _, err := os.Stat(dir); !os.IsNotExist(err) {
				t.Errorf("the data directory was made (%v): start-up went on", err)
			}
		})
	}
}

// TestBadEnvironmentExitsNonZero: the same, as an operator sees it.
func TestBadEnvironmentExitsNonZero(t *testing.T) {
	t.Parallel()
	cmd := plpCommand(t, "serve", "--addr", "127.0.0.1:0")
	cmd.Env = append(cmd.Env, "PLP_READ_TIMEOUT=60")
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() == 0 {
		t.Fatalf("err %v, want a non-zero exit\n%s", err, out)
	}
	if want := "plp: invalid value \"60\" for PLP_READ_TIMEOUT (flag --read-timeout): parse error\n"; string(out) != want {
		t.Errorf("printed %q, want %q", out, want)
	}
}

// TestEnvironmentConfiguresServe: the variables set what their flags set,
// the command line wins over them, and an empty one is the default.
func TestEnvironmentConfiguresServe(t *testing.T) {
	t.Setenv("PLP_MAX_DEPTH", "7")
	t.Setenv("PLP_SESSION_TTL", "90m")
	t.Setenv("PLP_PRODUCTION", "true")
	t.Setenv("PLP_CONFERENCE_REMINDERS", "48h,2h")
	t.Setenv("PLP_SIGN_IN_RATE_PER_EMAIL", "3/1m")
	t.Setenv("PLP_CORS_ORIGINS", "https://a.example, https://b.example")
	t.Setenv("PLP_ADDR", "")
	t.Setenv("PLP_AGENDA_DAYS", "9")
	cfg, err := serveConfig([]string{"--agenda-days", "3"})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.MaxDepth != 7 || cfg.SessionTTL != 90*time.Minute || !cfg.Production ||
		!slices.Equal(cfg.JobConfig.ConferenceReminders, []time.Duration{48 * time.Hour, 2 * time.Hour}) ||
		cfg.SignInRatePerEmail.String() != "3/1m0s" ||
		!slices.Equal(cfg.CORSOrigins, []string{"https://a.example", "https://b.example"}) ||
		cfg.Addr != "127.0.0.1:8080" || cfg.JobConfig.AgendaDays != 3 {
		t.Errorf("config = %+v", cfg)
	}
}

// TestLoggingIsTheDefault: once a command has started logging, lines
// written through slog's default logger and the log package (net/http's
// errors, libraries) are the command's own: JSON in production.
func TestLoggingIsTheDefault(t *testing.T) {
	before := slog.Default()
	t.Cleanup(func() { slog.SetDefault(before) })
	var buf bytes.Buffer
	startLogging(&buf, true)
	slog.Warn("through slog", "n", 1)
	log.Print("through the log package")
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("logged %q, want two lines", buf.String())
	}
	for i, want := range []string{"through slog", "through the log package"} {
		var rec struct{ Msg string }
		if err := json.Unmarshal([]byte(lines[i]), &rec); err != nil || rec.Msg != want {
			t.Errorf("line %d = %s (%v), want JSON with msg %q", i, lines[i], err, want)
		}
	}
}

// TestProductionLogsAreJSONWithRequestIDs: `plp serve --production` writes
// only JSON lines to stderr, from start-up to shutdown, and a request's
// line carries its request id.
func TestProductionLogsAreJSONWithRequestIDs(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := plpCommand(t, "serve", "--production", "--addr", addr, "--data-dir", t.TempDir())
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	const id = "logs-test-0001"
	deadline := time.Now().Add(time.Minute)
	for {
		req, _ := http.NewRequest(http.MethodGet, "http://"+addr+"/readyz", nil)
		req.Header.Set("X-Request-ID", id)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			t.Fatalf("plp serve was not ready within a minute: %v\n%s", err, stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("plp serve: %v\n%s", err, stderr.String())
	}
	found := false
	for _, line := range strings.Split(strings.TrimSpace(stderr.String()), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Errorf("not JSON: %s", line)
			continue
		}
		if rec["request_id"] == id {
			found = true
		}
	}
	if !found {
		t.Errorf("no line with request_id %s:\n%s", id, stderr.String())
	}
}
