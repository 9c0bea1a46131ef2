package postmarket

import (
	"errors"

	"github.com/healthpm/healthpm/internal/fielderr"
)

// Sentinel errors. Every error returned by this package wraps one of them, so
// callers test with [errors.Is]; field problems are [*FieldError] values.
var (
	// ErrInvalidInput marks input that is malformed: an empty ID, an unknown
	// enum name, a NaN, periods out of order, JSON with unknown fields or a
	// duplicate key.
	ErrInvalidInput = fielderr.ErrInvalidInput
	// ErrOutOfRange marks a number outside its documented range, such as a
	// negative count, a confidence level outside (0, 1) or a count above
	// its number of trials.
	ErrOutOfRange = fielderr.ErrOutOfRange
	// ErrTooLarge marks input over a documented cap (periods, signals,
	// categories, bytes); it is rejected before anything is allocated for
	// it.
	ErrTooLarge = fielderr.ErrTooLarge
	// ErrInsufficientData marks a computation that needs more data than it
	// was given: a control chart with fewer than two points, a run chart
	// with no useful observations, an ARL with no in-control baseline.
	// [Evaluate] never returns it: there, too little data is the status
	// [StatusInsufficientData] of one signal.
	ErrInsufficientData = errors.New("insufficient data")
	// ErrMismatch marks inputs that do not belong together: a signal whose
	// series is missing, a baseline exposure unit that differs from the
	// series' unit, a proposed re-estimate for a hazard the register does
	// not have.
	ErrMismatch = errors.New("inputs do not match")
)

// FieldError is one problem with one field. Path locates the field from the
// document root (for example `periods[3].count` or
// `signals[1].baseline.rate`), Value is the offending value as text (may be
// empty) and Err wraps a sentinel such as [ErrOutOfRange].
type FieldError = fielderr.Error

func fieldErr(path, value string, err error) error {
	return &FieldError{Pkg: "postmarket", Path: path, Value: value, Err: err}
}
