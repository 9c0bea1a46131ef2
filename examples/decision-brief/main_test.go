package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// runResult is what one run of the program produced.
type runResult struct {
	code           int
	stdout, stderr string
	files          map[string][]byte
}

// runArgs runs the program in memory: files are read from the package
// directory and written to a map.
func runArgs(t *testing.T, tty bool, args ...string) runResult {
	t.Helper()
	var out, errb bytes.Buffer
	res := runResult{files: map[string][]byte{}}
	res.code = run(args, env{
		stdout: &out, stderr: &errb, stderrTTY: tty,
		open: func(name string) (io.ReadCloser, error) { return os.Open(name) },
		create: func(name string, data []byte) error {
			if strings.Contains(name, "unwritable") {
				return fs.ErrPermission
			}
			res.files[name] = data
			return nil
		},
	})
	res.stdout, res.stderr = out.String(), errb.String()
	return res
}

func TestGolden(t *testing.T) {
	tests := []struct {
		name, reason, format, file string
	}{
		{"text", "the default brief of the embedded portfolio is pinned", "text", "brief.golden.txt"},
		{"json", "the machine-readable results are pinned", "json", "brief.golden.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runArgs(t, false, "-format", tt.format)
			if r.code != exitOK || r.stderr != "" {
				t.Fatalf("exit %d, stderr %q (%s)", r.code, r.stderr, tt.reason)
			}
			path := filepath.Join("testdata", tt.file)
			if *update {
				if err := os.WriteFile(path, []byte(r.stdout), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./examples/decision-brief -run TestGolden -update)", err)
			}
			if diff := cmp.Diff(string(want), r.stdout); diff != "" {
				t.Errorf("%s output differs from %s (-want +got); rerun with -update if intended:\n%s", tt.name, path, diff)
			}
		})
	}
}

func TestTextFits100Columns(t *testing.T) {
	r := runArgs(t, false)
	for i, line := range strings.Split(r.stdout, "\n") {
		if n := len([]rune(line)); n > 100 || strings.HasSuffix(line, " ") {
			t.Errorf("line %d: %d columns or trailing space: %q", i+1, n, line)
		}
	}
}

func TestExitStatus(t *testing.T) {
	tests := []struct {
		name, reason string
		args         []string
		code         int
		stderrHas    []string
		wantOut      bool // stdout or a file is written
	}{
		{"default", "no flags: text brief of the embedded portfolio", nil, exitOK, nil, true},
		{"markdown", "markdown is a valid format", []string{"-format", "markdown"}, exitOK, nil, true},
		{"html to file", "-o writes the file, not stdout", []string{"-format", "html", "-o", "brief.html"}, exitOK, nil, true},
		{"own file", "-in reads a user's portfolio", []string{"-in", "portfolio.json"}, exitOK, nil, true},
		{"help", "-h prints usage and succeeds", []string{"-h"}, exitOK, []string{"usage:"}, false},
		{"bad format", "an unknown format is a usage error", []string{"-format", "pdf"}, exitUsage,
			[]string{`-format "pdf"`}, false},
		{"unknown flag", "an unknown flag is a usage error", []string{"-x"}, exitUsage, []string{"-x"}, false},
		{"extra argument", "positional arguments are not accepted", []string{"brief"}, exitUsage,
			[]string{`unexpected argument "brief"`}, false},
		{"bad format and bad file", "every problem is listed at once",
			[]string{"-format", "pdf", "-in", "testdata/bad_portfolio.json"}, exitUsage,
			[]string{`-format "pdf"`, "schema_version", "business_cases[0].monte_carlo"}, false},
		{"missing file", "an unreadable input is bad input", []string{"-in", "testdata/none.json"}, exitUsage,
			[]string{"none.json"}, false},
		{"unwritable output", "a failed write is not the user's input", []string{"-o", "unwritable/x"}, exitError,
			[]string{"permission"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runArgs(t, false, tt.args...)
			if r.code != tt.code {
				t.Fatalf("exit %d, want %d (%s); stderr:\n%s", r.code, tt.code, tt.reason, r.stderr)
			}
			for _, s := range tt.stderrHas {
				if !strings.Contains(r.stderr, s) {
					t.Errorf("stderr lacks %q (%s):\n%s", s, tt.reason, r.stderr)
				}
			}
			wrote := r.stdout != "" || len(r.files) > 0
			if wrote != tt.wantOut {
				t.Errorf("wrote output = %v, want %v (%s)", wrote, tt.wantOut, tt.reason)
			}
			if tt.code == exitOK && !tt.wantOut && r.stdout != "" {
				t.Errorf("unexpected stdout")
			}
		})
	}
}

// TestBadPortfolioListsEveryProblem checks that a malformed file reports
// every problem, each with its JSON path, and writes nothing.
func TestBadPortfolioListsEveryProblem(t *testing.T) {
	r := runArgs(t, false, "-in", "testdata/bad_portfolio.json", "-o", "out.txt")
	if r.code != exitUsage {
		t.Fatalf("exit %d, want %d", r.code, exitUsage)
	}
	if len(r.files) != 0 || r.stdout != "" {
		t.Errorf("output written for a bad file")
	}
	want := []string{
		"schema_version:",
		"as_of:",
		`backlog.items: prioritize: item "EHR-INT" score "patient_safety".value`,
		`backlog.items: prioritize: item "PORTAL".cost`,
		"risk_register: risk:",
		"devices[0].facts: regulatory: decision_impact",
		"devices[1].facts: regulatory: favourite_colour",
		"devices[3].id:",
		"business_cases[0].case: roi: discount_rate",
		`business_cases[0].case: roi: drivers[0].value`,
		"business_cases[0].monte_carlo: roi:",
		"robustness.smaa.samples:",
		"robustness.portfolio.mandatory[1]:",
	}
	var got []string
	for _, line := range strings.Split(r.stderr, "\n")[1:] {
		line = strings.TrimSpace(line)
		for _, w := range want {
			if strings.HasPrefix(line, w) {
				got = append(got, w)
			}
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems listed (-want +got):\n%s\nstderr:\n%s", diff, r.stderr)
	}
}

func TestDecodePortfolioErrors(t *testing.T) {
	good := string(defaultPortfolio)
	tests := []struct {
		name, reason, doc, path string
	}{
		{"unknown top field", "strict decoding", strings.Replace(good, `"currency"`, `"colour": 1, "currency"`, 1), "(file)"},
		{"trailing data", "one JSON value only", good + "{}", "(file)"},
		{"not json", "syntax errors name the byte", "{]", "(byte 2)"},
		{"empty", "an empty file is bad input", "", "(file)"},
		{"unknown backlog field", "strict decoding below the top", strings.Replace(good, `"model": "healthcare-default"`,
			`"model": "healthcare-default", "x": 1`, 1), "backlog"},
		{"unknown model", "only named models", strings.Replace(good, `"model": "healthcare-default"`, `"model": "rice"`, 1),
			"backlog.model"},
		{"bad currency", "ISO 4217 code", strings.Replace(good, `"currency": "EUR"`, `"currency": "euro"`, 1), "currency"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodePortfolio(strings.NewReader(tt.doc))
			if !errors.Is(err, errBadInput) {
				t.Fatalf("err = %v, want errBadInput (%s)", err, tt.reason)
			}
			var ie *inputError
			if !errors.As(err, &ie) || ie.Path != tt.path {
				t.Errorf("first problem %v, want path %q (%s)", err, tt.path, tt.reason)
			}
		})
	}
	big := strings.NewReader(strings.Repeat(" ", maxPortfolioBytes+1))
	if _, err := DecodePortfolio(big); !errors.Is(err, errBadInput) {
		t.Errorf("oversized file: err = %v, want errBadInput", err)
	}
}

func TestProgressOnlyOnTerminal(t *testing.T) {
	quiet := runArgs(t, false, "-format", "json")
	loud := runArgs(t, true, "-format", "json")
	if quiet.stderr != "" {
		t.Errorf("progress written to a non-terminal stderr: %q", quiet.stderr)
	}
	if !strings.Contains(loud.stderr, "Monte Carlo") {
		t.Errorf("no progress on a terminal stderr: %q", loud.stderr)
	}
	if quiet.stdout != loud.stdout {
		t.Errorf("progress changed the output")
	}
}

// TestMinimalPortfolio runs every format on a portfolio without devices,
// business cases or robustness settings: the parts are optional.
func TestMinimalPortfolio(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(defaultPortfolio, &doc); err != nil {
		t.Fatal(err)
	}
	doc["devices"], doc["business_cases"] = []any{}, []any{}
	delete(doc, "robustness")
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "minimal.json")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"text", "markdown", "json", "html"} {
		r := runArgs(t, false, "-in", path, "-format", f)
		if r.code != exitOK || r.stdout == "" {
			t.Errorf("%s: exit %d, %d bytes; stderr %s", f, r.code, len(r.stdout), r.stderr)
		}
	}
}
