package roi

import (
	"errors"

	"github.com/healthpm/healthpm/internal/fielderr"
)

// Sentinel errors. Every error returned by this package wraps exactly one of
// them, so callers branch with [errors.Is]; field problems are additionally
// reported as a [*FieldError] (use [errors.As]).
var (
	// ErrInvalidInput reports an argument the function cannot accept: an empty
	// or too short series, a length mismatch between values and dates, a rate
	// at or below −100 % where it is meaningless, nper ≤ 0, a zero enum, a date
	// before the first listed date, a number outside the supported range.
	ErrInvalidInput = fielderr.ErrInvalidInput

	// ErrNoSignChange reports cash flows that are all positive, all negative or
	// all zero: no rate can make their present value zero.
	ErrNoSignChange = errors.New("no sign change in the cash flows")

	// ErrNoRealRoot reports cash flows whose signs change but whose present
	// value is never zero for a rate in (−100 %, ∞), such as −1, 3, −3.
	ErrNoRealRoot = errors.New("cash flows change sign but have no real rate of return")

	// ErrSolverFailed reports that a root exists (it was bracketed) but could not
	// be polished to the required residual. It should not happen; it is kept
	// distinct so that callers never mistake it for "no solution".
	ErrSolverFailed = errors.New("rate solver failed")

	// ErrNeverPaysBack reports cash flows whose cumulative (discounted) value
	// never reaches zero within the horizon.
	ErrNeverPaysBack = errors.New("investment never pays back")
)

// FieldError locates a problem in an argument. Path names the argument and,
// for series, the index ("values[3]", "flows[2].date"); Value is the offending
// text (empty when it does not help); Err wraps one of the sentinels above.
type FieldError = fielderr.Error

// fieldErr builds a *FieldError whose Err carries a reason and wraps sentinel.
func fieldErr(path, value string, sentinel error, reason string) error {
	return &FieldError{Pkg: "roi", Path: path, Value: value, Err: &reasonError{reason: reason, sentinel: sentinel}}
}

// reasonError is a sentinel with a specific explanation in front of it.
type reasonError struct {
	reason   string
	sentinel error
}

func (e *reasonError) Error() string { return e.reason + ": " + e.sentinel.Error() }
func (e *reasonError) Unwrap() error { return e.sentinel }

// opError wraps a sentinel with the name of the function that failed and a
// short reason: "roi: IRR: cash flows change sign but …".
func opError(op string, sentinel error, reason string) error {
	if reason == "" {
		return &reasonError{reason: "roi: " + op, sentinel: sentinel}
	}
	return &reasonError{reason: "roi: " + op + ": " + reason, sentinel: sentinel}
}
