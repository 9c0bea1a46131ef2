// Command decision-brief prints a decision brief for a healthcare product
// portfolio: the ranked backlog, the risk register summary, the device classes
// and the business cases, each computed by the healthpm packages.
//
// Usage:
//
//	go run ./examples/decision-brief
//
// Each part of the brief is a section in its own file of this directory; a
// section registers itself with an order key, and run writes the sections in
// that order, separated by a blank line.
package main

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"os"
	"slices"
)

// section is one part of the brief.
type section struct {
	order int    // position in the brief, ascending
	title string // heading printed above the section
	write func(w io.Writer) error
}

// sections is filled by the init functions of the section files. It is read
// only after init, so it is never mutated concurrently.
var sections []section

func register(s section) { sections = append(sections, s) }

// run writes the whole brief to w.
func run(w io.Writer) error {
	ordered := slices.Clone(sections)
	slices.SortStableFunc(ordered, func(a, b section) int {
		return cmp.Or(cmp.Compare(a.order, b.order), cmp.Compare(a.title, b.title))
	})
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "HEALTHPM DECISION BRIEF")
	fmt.Fprintln(bw, "=======================")
	for _, s := range ordered {
		fmt.Fprintf(bw, "\n%s\n%s\n", s.title, underline(s.title))
		if err := s.write(bw); err != nil {
			return fmt.Errorf("decision-brief: %s: %w", s.title, err)
		}
	}
	return bw.Flush()
}

func underline(s string) string {
	b := make([]byte, 0, len(s))
	for range []rune(s) {
		b = append(b, '-')
	}
	return string(b)
}

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
