package risk

import (
	"errors"

	"github.com/healthpm/healthpm/internal/fielderr"
)

// Sentinel errors. Every error returned by this package wraps one of them, so
// callers test with [errors.Is]; field problems are [*FieldError] values.
var (
	// ErrInvalidInput marks input that is malformed: an empty ID, an unknown
	// enum name, a NaN, an inverted interval, JSON with unknown fields.
	ErrInvalidInput = fielderr.ErrInvalidInput
	// ErrOutOfRange marks a number outside its documented range, such as an
	// S, O or D rating outside 1..10 or a probability outside [0, 1].
	ErrOutOfRange = fielderr.ErrOutOfRange
	// ErrUnscored marks a computation that needs a rating that is unscored.
	ErrUnscored = errors.New("rating unscored")
	// ErrTableGap marks an Action Priority table cell covered by no rule.
	ErrTableGap = errors.New("ap table gap: cell covered by no rule")
	// ErrTableOverlap marks an Action Priority table cell covered by more
	// than one rule.
	ErrTableOverlap = errors.New("ap table overlap: cell covered by more than one rule")
	// ErrChecksum marks a declared content checksum that does not match the
	// content.
	ErrChecksum = errors.New("checksum mismatch")
	// ErrAcceptabilityCriterion marks a plan that tries to use RPN or Action
	// Priority as its risk acceptability criterion. ISO 14971 evaluates risk
	// from severity and probability of harm; RPN and AP rank the need for
	// action and include detection, which does not change the risk.
	ErrAcceptabilityCriterion = errors.New("rpn and action priority are prioritisation aids, " +
		"not risk acceptability criteria: iso 14971 acceptability uses severity and probability of harm")
	// ErrTransition marks a control state change that is out of order or
	// lacks its evidence, actor or time.
	ErrTransition = errors.New("invalid control state transition")
	// ErrTooLarge marks input larger than the documented decoding bound.
	ErrTooLarge = fielderr.ErrTooLarge
	// ErrTampered marks an audit history whose hash chain, sequence or
	// anchor does not verify: an event was edited, deleted, inserted or
	// moved.
	ErrTampered = errors.New("audit history does not verify")
)

// FieldError is one problem with one field. Path locates the field (for
// example `rules[3].s_max` or `estimates["E-1"].p1`), Value is the offending
// value as text (may be empty) and Err wraps a sentinel such as
// [ErrOutOfRange].
type FieldError = fielderr.Error

func fieldErr(path, value string, err error) error {
	return &FieldError{Pkg: "risk", Path: path, Value: value, Err: err}
}
