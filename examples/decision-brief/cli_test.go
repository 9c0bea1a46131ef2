package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// failingTemp is a temporary file on a full disk: it accepts limit bytes,
// then every write fails.
type failingTemp struct {
	name    string
	limit   int
	written bytes.Buffer
	closed  bool
}

var errDiskFull = errors.New("no space left on device")

func (f *failingTemp) Write(p []byte) (int, error) {
	room := f.limit - f.written.Len()
	if len(p) > room {
		f.written.Write(p[:max(room, 0)])
		return max(room, 0), errDiskFull
	}
	return f.written.Write(p)
}
func (f *failingTemp) Name() string { return f.name }
func (f *failingTemp) Sync() error  { return nil }
func (f *failingTemp) Close() error { f.closed = true; return nil }

func TestWriteFileAtomicFullDisk(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "brief.json")
	if err := os.WriteFile(target, []byte("previous brief"), 0o644); err != nil {
		t.Fatal(err)
	}
	tmp := &failingTemp{name: filepath.Join(dir, ".brief.json.tmp-1"), limit: 65536}
	var removed, renamed []string
	fsys := fileSystem{
		createTemp: func(d, pattern string) (tempFile, error) {
			if d != dir {
				t.Errorf("temporary file in %q, want the target's directory %q", d, dir)
			}
			return tmp, nil
		},
		rename: func(from, to string) error { renamed = append(renamed, from+"→"+to); return nil },
		remove: func(name string) error { removed = append(removed, name); return nil },
	}
	err := writeFileAtomic(fsys, target, bytes.Repeat([]byte("x"), 200000))
	if !errors.Is(err, errDiskFull) {
		t.Fatalf("err = %v, want the disk-full error", err)
	}
	if len(renamed) != 0 {
		t.Errorf("renamed %v after a failed write; the target must stay as it was", renamed)
	}
	if len(removed) != 1 || removed[0] != tmp.name || !tmp.closed {
		t.Errorf("removed %v (closed %v), want the temporary file closed and removed", removed, tmp.closed)
	}
	got, _ := os.ReadFile(target)
	if string(got) != "previous brief" {
		t.Errorf("target now holds %d bytes, want the previous content", len(got))
	}
}

func TestWriteFileAtomicReplaces(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "brief.txt")
	if err := os.WriteFile(target, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := writeFileAtomic(osFileSystem, target, []byte("new brief\n")); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(target)
	entries, _ := os.ReadDir(dir)
	if string(got) != "new brief\n" || len(entries) != 1 {
		t.Fatalf("content %q, %d entries in the directory; want the new content and no temporary file", got, len(entries))
	}
	if err := writeFileAtomic(osFileSystem, filepath.Join(dir, "missing", "x.txt"), []byte("x")); err == nil {
		t.Fatal("writing into a missing directory succeeded")
	}
}

// runWith runs the program with stdin and the real sameFile check.
func runWith(t *testing.T, stdin io.Reader, args ...string) runResult {
	t.Helper()
	var out, errb bytes.Buffer
	res := runResult{files: map[string][]byte{}}
	res.code = run(args, env{
		stdout: &out, stderr: &errb, stdin: stdin,
		open:     func(name string) (io.ReadCloser, error) { return os.Open(name) },
		create:   func(name string, data []byte) error { res.files[name] = data; return nil },
		sameFile: sameFile,
	})
	res.stdout, res.stderr = out.String(), errb.String()
	return res
}

func TestInputFromStdin(t *testing.T) {
	want := runWith(t, nil)
	got := runWith(t, bytes.NewReader(defaultPortfolio), "-in", "-")
	if got.code != exitOK || got.stdout != want.stdout {
		t.Fatalf("-in - on the embedded portfolio: exit %d, stderr %q; output equal to the default: %v",
			got.code, got.stderr, got.stdout == want.stdout)
	}
	bad := runWith(t, strings.NewReader(`{"organisation": 1}`), "-in", "-")
	if bad.code != exitUsage || !strings.Contains(bad.stderr, "standard input") {
		t.Fatalf("bad stdin: exit %d, stderr %q; want exit 2 naming standard input", bad.code, bad.stderr)
	}
}

func TestOutputMustNotBeInput(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "portfolio.json")
	if err := os.WriteFile(in, defaultPortfolio, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{in, filepath.Join(dir, ".", "portfolio.json")} {
		r := runWith(t, nil, "-in", in, "-o", out)
		if r.code != exitUsage || !strings.Contains(r.stderr, errSameFile.Error()) || len(r.files) != 0 {
			t.Errorf("-o %s: exit %d, stderr %q, %d files written; want exit 2 and nothing written", out, r.code, r.stderr, len(r.files))
		}
	}
}

// hostilePortfolio is the embedded portfolio with an organisation and a
// device name that try to break out of Markdown code blocks and inject
// HTML and terminal escapes.
func hostilePortfolio(t *testing.T) []byte {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(defaultPortfolio, &doc); err != nil {
		t.Fatal(err)
	}
	doc["organisation"] = "Evil \x1b[2J\x1b]0;title\x07Corp <img src=x onerror=alert(1)> ```"
	dev := doc["devices"].([]any)[0].(map[string]any)
	dev["name"] = "x\n```\n<img src=x onerror=alert(1)>\n```\u202e\x1b[31mred"
	data, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestHostileTextIsNeutralised(t *testing.T) {
	data := hostilePortfolio(t)
	for _, format := range []string{"text", "markdown"} {
		r := runWith(t, bytes.NewReader(data), "-in", "-", "-format", format)
		if r.code != exitOK {
			t.Fatalf("%s: exit %d, stderr %s", format, r.code, r.stderr)
		}
		if strings.ContainsAny(r.stdout, "\x1b\x07\u202e") {
			t.Errorf("%s output keeps an escape or bidi control", format)
		}
	}
	// Outside fenced blocks no raw tag may appear; inside, every block must
	// be closed by its own fence, so no user text can end it early.
	r := runWith(t, bytes.NewReader(data), "-in", "-", "-format", "markdown")
	fenceOpen := ""
	for i, line := range strings.Split(r.stdout, "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case fenceOpen == "" && strings.HasPrefix(trimmed, "```"):
			fenceOpen = strings.TrimSuffix(trimmed, "text")
		case fenceOpen != "" && trimmed == fenceOpen:
			fenceOpen = ""
		case fenceOpen != "" && strings.HasPrefix(trimmed, "```") && strings.Trim(trimmed, "`") == "" &&
			len(trimmed) >= len(fenceOpen):
			t.Fatalf("line %d %q would close the code block early", i+1, line)
		case fenceOpen == "" && rawTag.MatchString(line):
			t.Errorf("line %d carries a raw <img> tag outside a code block: %q", i+1, line)
		}
	}
	if fenceOpen != "" {
		t.Errorf("markdown ends inside a code block opened by %q", fenceOpen)
	}
}

// rawTag matches a "<" that starts an HTML tag: not backslash-escaped.
var rawTag = regexp.MustCompile(`(^|[^\\])<[a-zA-Z]`)

func TestStripControls(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text\n\tok", "plain text\n\tok"},
		{"a\x1b[31mred\x1b[0m", "ared"},
		{"t\x1b]0;title\x07x", "tx"},
		{"t\x1b]8;;http://x\x1b\\link", "tlink"},
		{"bell\x07 del\x7f c1\u0085", "bell del c1"},
		{"rtl\u202eevil\u2066", "rtlevil"},
		{"bad \xff utf8", "bad \uFFFD utf8"},
		{"trailing esc\x1b", "trailing esc"},
	}
	for _, tt := range tests {
		if got := stripControls(tt.in); got != tt.want {
			t.Errorf("stripControls(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFence(t *testing.T) {
	for in, want := range map[string]string{"": "```", "a ``` b": "````", "`````": "``````"} {
		if got := fence(in); got != want {
			t.Errorf("fence(%q) = %q, want %q", in, got, want)
		}
	}
}
