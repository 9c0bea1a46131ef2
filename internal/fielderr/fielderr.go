// Package fielderr holds the validation plumbing shared by the healthpm
// packages: a list that collects every problem found in one pass and joins
// them in the order they were found.
package fielderr

import (
	"errors"
	"fmt"
)

// Format renders a field error as "pkg: path: value %q: err" (the value part is
// omitted when value is empty). Each package's FieldError.Error calls it so that
// all packages print field problems the same way.
func Format(pkg, path, value string, err error) string {
	msg := "<nil>"
	if err != nil {
		msg = err.Error()
	}
	switch {
	case path == "" && value == "":
		return pkg + ": " + msg
	case value == "":
		return fmt.Sprintf("%s: %s: %s", pkg, path, msg)
	case path == "":
		return fmt.Sprintf("%s: value %q: %s", pkg, value, msg)
	default:
		return fmt.Sprintf("%s: %s: value %q: %s", pkg, path, value, msg)
	}
}

// List collects errors in the order they are added. The zero value is ready to
// use. List is not safe for concurrent use; each validation pass owns its own.
type List struct {
	errs []error
}

// Add appends err unless it is nil.
func (l *List) Add(err error) {
	if err != nil {
		l.errs = append(l.errs, err)
	}
}

// Len reports how many errors were added.
func (l *List) Len() int { return len(l.errs) }

// Err returns nil when nothing was added, and otherwise errors.Join of every
// added error in insertion order.
func (l *List) Err() error {
	if len(l.errs) == 0 {
		return nil
	}
	return errors.Join(l.errs...)
}
