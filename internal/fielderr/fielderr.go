// Package fielderr holds the error model shared by every healthpm package:
// one field-error type ([Error], exported by each package as its
// FieldError alias, so one errors.As works for all of them), the sentinels
// whose meaning is the same everywhere, and a list that collects every
// problem found in one pass and joins them in the order they were found,
// capped so hostile input cannot produce an unbounded error text.
//
// Paths use one syntax across the module: JSON paths from the document
// root, `backlog.items[1].scores[2].value`, with `rows["HZ 7"]` for keys
// that are not identifiers.
package fielderr

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Sentinels shared by every package. Each package re-exports them under its
// own name (prioritize.ErrInvalidInput == risk.ErrInvalidInput), so a
// service that uses several packages tests one value.
var (
	// ErrInvalidInput marks input that is malformed or inconsistent.
	ErrInvalidInput = errors.New("invalid input")
	// ErrOutOfRange marks a number outside its documented range.
	ErrOutOfRange = errors.New("value out of range")
	// ErrTooLarge marks input over a documented resource cap.
	ErrTooLarge = errors.New("input too large")
)

// Error is one problem with one field. Pkg names the reporting package
// ("risk"); Path locates the field from the document or argument root; Value
// is the offending value as text (may be empty); Err is the reason and wraps
// a sentinel.
type Error struct {
	Pkg   string
	Path  string
	Value string
	Err   error
}

// Error formats the problem as "pkg: path: value "v": reason". A reason that
// is itself an [*Error] is flattened into one path, so no prefix is printed
// twice.
func (e *Error) Error() string {
	flat := e.flatten()
	return Format(flat.Pkg, flat.Path, flat.Value, flat.Err)
}

// Unwrap returns the reason.
func (e *Error) Unwrap() error { return e.Err }

// flatten merges directly nested field errors: outer path + inner path, the
// innermost value and reason, the outer package.
func (e *Error) flatten() Error {
	out := *e
	for {
		inner, ok := out.Err.(*Error)
		if !ok {
			return out
		}
		out.Path = JoinPath(out.Path, inner.Path)
		if inner.Value != "" || out.Value == "" {
			out.Value = inner.Value
		}
		if out.Pkg == "" {
			out.Pkg = inner.Pkg
		}
		out.Err = inner.Err
	}
}

// JoinPath appends the relative path child to parent: "items[1]" and
// "cost" give "items[1].cost"; "items" and "[2]" give "items[2]".
func JoinPath(parent, child string) string {
	switch {
	case parent == "":
		return child
	case child == "":
		return parent
	case strings.HasPrefix(child, "["):
		return parent + child
	default:
		return parent + "." + child
	}
}

// Key appends an object key to path: an identifier as ".key", anything
// else as `["key"]`.
func Key(path, key string) string {
	if isIdent(key) {
		return JoinPath(path, key)
	}
	return path + "[" + strconv.Quote(key) + "]"
}

// Index appends an array index to path.
func Index(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_', r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
		case r >= '0' && r <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

// Nest prefixes parent to the path of every field error in err, including
// each member of a joined error, so errors from a nested validation keep
// their full path from the document root. Other errors become an [*Error]
// at parent. Nest returns nil for a nil err.
func Nest(pkg, parent string, err error) error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		if _, isField := err.(*Error); !isField {
			members := j.Unwrap()
			out := make([]error, 0, len(members))
			for _, m := range members {
				out = append(out, Nest(pkg, parent, m))
			}
			return errors.Join(out...)
		}
	}
	if fe, ok := err.(*Error); ok {
		c := *fe
		c.Path = JoinPath(parent, c.Path)
		if c.Pkg == "" {
			c.Pkg = pkg
		}
		return &c
	}
	return &Error{Pkg: pkg, Path: parent, Err: err}
}

// Format renders a field error as "pkg: path: value %q: err". The package
// part is omitted when pkg is empty, the path and value parts when they are
// empty.
func Format(pkg, path, value string, err error) string {
	msg := "<nil>"
	if err != nil {
		msg = err.Error()
	}
	var b strings.Builder
	if pkg != "" {
		b.WriteString(pkg)
		b.WriteString(": ")
	}
	if path != "" {
		b.WriteString(path)
		b.WriteString(": ")
	}
	if value != "" {
		fmt.Fprintf(&b, "value %q: ", value)
	}
	b.WriteString(msg)
	return b.String()
}

// MaxJoined is how many problems [List.Err] joins; the rest are counted in
// one closing "and N more problems" error.
const MaxJoined = 100

// List collects errors in the order they are added. The zero value is ready to
// use. List is not safe for concurrent use; each validation pass owns its own.
// It keeps at most [MaxJoined] errors and counts the rest, so its memory is
// bounded whatever the input.
type List struct {
	errs    []error
	dropped int
}

// Add appends err unless it is nil.
func (l *List) Add(err error) {
	if err == nil {
		return
	}
	if len(l.errs) >= MaxJoined {
		l.dropped++
		return
	}
	l.errs = append(l.errs, err)
}

// Len reports how many errors were added, counting those beyond MaxJoined.
func (l *List) Len() int { return len(l.errs) + l.dropped }

// Full reports whether the list holds MaxJoined errors, so a caller can stop
// validating input that is already known to be bad.
func (l *List) Full() bool { return len(l.errs) >= MaxJoined }

// Err returns nil when nothing was added, and otherwise errors.Join of the
// first MaxJoined errors in insertion order, followed by "and N more
// problems" (wrapping the sentinels of the first error) when more were
// added.
func (l *List) Err() error {
	if len(l.errs) == 0 {
		return nil
	}
	if l.dropped == 0 {
		return errors.Join(l.errs...)
	}
	all := append(l.errs[:len(l.errs):len(l.errs)], &moreError{n: l.dropped, like: l.errs[0]})
	return errors.Join(all...)
}

// moreError stands for the problems a List did not keep.
type moreError struct {
	n    int
	like error
}

func (e *moreError) Error() string {
	if e.n == 1 {
		return "and 1 more problem"
	}
	return "and " + strconv.Itoa(e.n) + " more problems"
}

// Unwrap lets errors.Is match the sentinel of the first kept problem.
func (e *moreError) Unwrap() error { return e.like }
