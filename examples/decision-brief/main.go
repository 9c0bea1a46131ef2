// Command decision-brief prints a decision brief for a healthcare product
// portfolio: the ranked backlog, the risk register summary, the device classes
// and the business cases, each computed by the healthpm packages from one
// portfolio file.
//
// Usage:
//
//	go run ./examples/decision-brief [-in FILE|-] [-format text|markdown|json|html] [-o FILE]
//
// With no -in the brief runs on the embedded portfolio of a fictional
// hospital group (portfolio.json; the format is described in FORMAT.md);
// "-in -" reads the portfolio from standard input.
// -format selects plain text fitting 100 columns (default), Markdown, JSON
// (every computed result, machine-readable) or one self-contained HTML page
// with inline SVG charts. -o writes to FILE instead of standard output,
// through a temporary file in FILE's directory that replaces FILE only once
// the whole brief is written, so a failed write (a full disk) never leaves a
// truncated FILE; -o naming the -in file is refused. Text and Markdown
// output carry no terminal control or ANSI escape sequences from the input.
//
// Exit status: 0 on success; 2 for bad flags or a bad portfolio file (every
// problem is listed on standard error and nothing is written); 1 for any
// other failure.
//
// Each part of the brief is a section in its own file of this directory; a
// section registers itself with an order key, and the brief writes the
// sections in that order.
package main

import (
	"bytes"
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// section is one part of the brief.
type section struct {
	order int    // position in the brief, ascending
	title string // heading printed above the section
	// render writes the section for portfolio p.
	render func(w io.Writer, p *Portfolio) error
}

// sections is filled by the init functions of the section files. It is read
// only after init, so it is never mutated concurrently.
var sections []section

func register(s section) { sections = append(sections, s) }

func orderedSections() []section {
	ordered := slices.Clone(sections)
	slices.SortStableFunc(ordered, func(a, b section) int {
		return cmp.Or(cmp.Compare(a.order, b.order), cmp.Compare(a.title, b.title))
	})
	return ordered
}

// formats maps each -format value to its writer.
var formats = map[string]func(w io.Writer, p *Portfolio, prog progress) error{
	"text":     writeText,
	"markdown": writeMarkdown,
	"json":     writeJSON,
	"html":     writeHTML,
}

// progress reports a long step on a terminal; it is a no-op otherwise.
type progress func(step string)

// env is what run needs from the outside world, so tests can run it without
// a process.
type env struct {
	stdout, stderr io.Writer
	stdin          io.Reader // read by "-in -"
	stderrTTY      bool      // stderr is a terminal: show progress
	open           func(string) (io.ReadCloser, error)
	create         func(name string, data []byte) error
	// sameFile reports whether two paths name one file; nil means
	// "compare the cleaned paths".
	sameFile func(a, b string) bool
}

// Exit statuses.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

// run parses args (without the program name), builds the brief and writes
// it; it returns the exit status. Nothing is written to stdout or the -o file
// unless the whole brief was built.
func run(args []string, e env) int {
	fs := flag.NewFlagSet("decision-brief", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	in := fs.String("in", "", "portfolio `FILE` (JSON, see FORMAT.md), - for standard input; default: the embedded portfolio")
	format := fs.String("format", "text", "output format: text, markdown, json or html")
	out := fs.String("o", "", "write the brief to `FILE` instead of standard output")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			usage(e.stderr, fs)
			return exitOK
		}
		fmt.Fprintf(e.stderr, "decision-brief: %v\n", err)
		usage(e.stderr, fs)
		return exitUsage
	}
	var problems []string
	if fs.NArg() > 0 {
		problems = append(problems, fmt.Sprintf("unexpected argument %q", fs.Arg(0)))
	}
	write, ok := formats[*format]
	if !ok {
		problems = append(problems, fmt.Sprintf("-format %q: want text, markdown, json or html", *format))
	}
	if *out != "" && *out != "-" && *in != "" && *in != "-" && e.same(*in, *out) {
		problems = append(problems, errSameFile.Error())
	}
	open := e.open
	if *in == "-" {
		open = func(string) (io.ReadCloser, error) {
			if e.stdin == nil {
				return nil, errors.New("no standard input")
			}
			return io.NopCloser(e.stdin), nil
		}
	}
	p, err := loadPortfolio(*in, open)
	if err != nil {
		if !errors.Is(err, errBadInput) {
			fmt.Fprintf(e.stderr, "decision-brief: %v\n", err)
			return exitError
		}
		for _, x := range flatten(err) {
			problems = append(problems, x.Error())
		}
	}
	if len(problems) > 0 {
		name := *in
		switch name {
		case "":
			name = "embedded portfolio"
		case "-":
			name = "standard input"
		}
		fmt.Fprintf(e.stderr, "decision-brief: %d problem(s), nothing written (input: %s):\n", len(problems), name)
		for _, s := range problems {
			fmt.Fprintf(e.stderr, "  %s\n", strings.ReplaceAll(s, "\n", "\n    "))
		}
		return exitUsage
	}
	prog := progress(func(string) {})
	if e.stderrTTY {
		prog = func(step string) { fmt.Fprintf(e.stderr, "decision-brief: %s...\n", step) }
	}
	var buf bytes.Buffer
	if err := write(&buf, p, prog); err != nil {
		fmt.Fprintf(e.stderr, "decision-brief: %v\n", err)
		return exitError
	}
	data := buf.Bytes()
	if *format == "text" || *format == "markdown" {
		data = []byte(stripControls(buf.String()))
	}
	if *out == "" || *out == "-" {
		_, err = e.stdout.Write(data)
	} else {
		err = e.create(*out, data)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "decision-brief: %v\n", err)
		return exitError
	}
	return exitOK
}

func (e env) same(a, b string) bool {
	if e.sameFile != nil {
		return e.sameFile(a, b)
	}
	return filepath.Clean(a) == filepath.Clean(b)
}

func usage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintln(w, "usage: decision-brief [-in FILE|-] [-format text|markdown|json|html] [-o FILE]")
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
}

// writeText writes the plain-text brief (at most 100 columns).
func writeText(w io.Writer, p *Portfolio, prog progress) error {
	fmt.Fprintln(w, "HEALTHPM DECISION BRIEF")
	fmt.Fprintln(w, "=======================")
	writeWrapped(w, "", fmt.Sprintf("%s, as of %s; amounts in %s.", p.Organisation, p.AsOf.Format("2006-01-02"),
		p.Currency))
	for _, s := range orderedSections() {
		prog(s.title)
		fmt.Fprintf(w, "\n%s\n%s\n", s.title, underline(s.title))
		if err := s.emit(w, p); err != nil {
			return err
		}
	}
	return nil
}

func (s section) emit(w io.Writer, p *Portfolio) error {
	if err := s.render(w, p); err != nil {
		return fmt.Errorf("%s: %w", s.title, err)
	}
	return nil
}

func underline(s string) string { return strings.Repeat("-", len([]rune(s))) }

func main() {
	stderrTTY := false
	if fi, err := os.Stderr.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
		stderrTTY = true
	}
	os.Exit(run(os.Args[1:], env{
		stdout: os.Stdout, stderr: os.Stderr, stdin: os.Stdin, stderrTTY: stderrTTY,
		open:     func(name string) (io.ReadCloser, error) { return os.Open(name) },
		create:   func(name string, data []byte) error { return writeFileAtomic(osFileSystem, name, data) },
		sameFile: sameFile,
	}))
}
