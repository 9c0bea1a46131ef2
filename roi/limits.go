package roi

import (
	"errors"
	"strconv"

	"github.com/shopspring/decimal"
)

// Resource limits. Every entry point checks its input against these caps
// before it allocates anything in proportion to the input, and reports a cap
// it exceeds as a [*FieldError] wrapping [ErrInvalidInput] that names the
// argument and the cap. The caps are chosen so that the worst case at the cap
// stays under about 1 s and 256 MB on one core (see the package doc's
// "Resource contract").
const (
	// MaxFlows is the longest cash-flow series accepted by every function
	// that takes one ([NPV], [XNPV], [IRR], [IRRRoots], [XIRR], [MIRR],
	// [Payback], [DiscountedPayback], [BenefitCostRatio] …).
	MaxFlows = 100_000

	// MaxRootWork bounds n·s² for a series of n values (for XIRR, dates
	// after netting) with s > 1 sign changes, whose rates IRR, IRRRoots and
	// XIRR isolate one by one: isolation makes O(s²) bracketed solves of
	// O(n) work each and holds O(n·s) floats. 10,000 values with 20 sign
	// changes, or 1,000 with 63, are within the cap. A series with one sign
	// change has exactly one rate and is solved directly at any length up to
	// MaxFlows.
	MaxRootWork = 4_000_000

	// MaxDecimalDigits is the largest number of significant digits of any
	// decimal argument (amounts, rates, guesses, estimates), and
	// MaxDecimalExponent bounds its magnitude: a non-zero decimal must lie in
	// [1e−1000, 1e1000) in absolute value.
	MaxDecimalDigits   = maxDigits
	MaxDecimalExponent = maxMagnitude

	// MaxJoinedErrors is the largest number of problems an error lists; the
	// rest are counted in a final "and N more problems".
	MaxJoinedErrors = 100
)

// errList collects validation problems in order, keeping the first
// MaxJoinedErrors and counting the rest, so that a series of 10^5 bad values
// builds 100 errors, not 10^5.
type errList struct {
	errs  []error
	extra int
}

// add appends err if it is non-nil.
func (l *errList) add(err error) {
	if err == nil {
		return
	}
	if len(l.errs) >= MaxJoinedErrors {
		l.extra++
		return
	}
	l.errs = append(l.errs, err)
}

// full reports whether further problems would only be counted; callers that
// build an error message per element can then count without building it.
func (l *errList) full() bool { return len(l.errs) >= MaxJoinedErrors }

// addAll adds every error of errs.
func (l *errList) addAll(errs []error) {
	for _, e := range errs {
		l.add(e)
	}
}

// list returns the kept problems followed, when some were only counted, by
// one "and N more problems" error.
func (l *errList) list() []error {
	if l.extra == 0 {
		return l.errs
	}
	more := opError("validation", ErrInvalidInput, "and "+strconv.Itoa(l.extra)+" more problems")
	return append(l.errs[:len(l.errs):len(l.errs)], more)
}

// err returns nil, or errors.Join of list().
func (l *errList) err() error {
	if len(l.errs) == 0 && l.extra == 0 {
		return nil
	}
	return errors.Join(l.list()...)
}

// checkCount rejects a series longer than max before anything is allocated
// for it.
func checkCount(path string, n, max int) error {
	if n > max {
		return fieldErr(path, strconv.Itoa(n)+" elements", ErrInvalidInput, "more than "+strconv.Itoa(max)+" elements (the cap)")
	}
	return nil
}

// checkRootWork rejects a series whose rates would be isolated one by one
// (more than one sign change) when n·s² exceeds MaxRootWork.
func checkRootWork(path string, n, signChanges int) error {
	if signChanges <= 1 {
		return nil
	}
	if s := int64(signChanges); int64(n)*s*s > MaxRootWork {
		return fieldErr(path, strconv.Itoa(n)+" elements, "+strconv.Itoa(signChanges)+" sign changes", ErrInvalidInput,
			"elements × sign changes² exceeds "+strconv.Itoa(MaxRootWork)+" (the cap for isolating several rates of return)")
	}
	return nil
}

// decSignChanges counts the sign changes of values, skipping zeros.
func decSignChanges(values []decimal.Decimal) int {
	n, prev := 0, 0
	for _, v := range values {
		s := v.Sign()
		if s == 0 {
			continue
		}
		if prev != 0 && s != prev {
			n++
		}
		prev = s
	}
	return n
}
