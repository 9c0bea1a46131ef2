package prioritize

import (
	"errors"

	"github.com/healthpm/healthpm/internal/fielderr"
)

// Sentinel errors. Every error returned by this package wraps one of them, so
// callers test with [errors.Is] and never with string matching.
var (
	// ErrInvalidInput marks input that breaks a documented rule: NaN or
	// infinite numbers, out-of-scale scores, unknown or missing criteria,
	// duplicate IDs, malformed pairwise matrices, unknown enum text.
	ErrInvalidInput = fielderr.ErrInvalidInput
	// ErrWeights marks a weight vector that cannot be used: a negative or
	// non-finite weight, all weights zero, or a sum other than 1 under
	// [SumReject].
	ErrWeights = errors.New("invalid weights")
	// ErrInconsistent marks a pairwise matrix whose consistency ratio is above
	// the configured threshold. The accompanying [*InconsistencyError] names
	// the judgment most worth revisiting.
	ErrInconsistent = errors.New("pairwise judgments inconsistent")
	// ErrOutOfTable marks a matrix size for which the chosen random-index table
	// defines no value.
	ErrOutOfTable = errors.New("matrix size outside the random-index table")
	// ErrNotFound marks an item ID that is not part of a ranking.
	ErrNotFound = errors.New("not found")
	// ErrNoConvergence marks an iterative computation (eigenvector, optimal
	// completion) that did not reach its tolerance within its iteration cap.
	ErrNoConvergence = errors.New("no convergence")
)

// FieldError describes one problem with one input field. Path locates the
// field (for example `item "AI-TRIAGE" score "patient_safety"`), Value is the
// offending value as text (empty when there is none) and Err is the reason,
// which wraps one of the package sentinels.
type FieldError = fielderr.Error

// InconsistencyError reports a pairwise matrix that failed the consistency
// gate. It wraps [ErrInconsistent].
type InconsistencyError struct {
	CR        float64  // consistency ratio found
	Threshold float64  // the gate that was exceeded
	RITable   RITable  // the random-index table used
	Worst     Judgment // the judgment most worth revisiting
}

// Error describes the failed gate and the judgment to revisit.
func (e *InconsistencyError) Error() string {
	return fielderr.Format("prioritize", "pairwise "+e.Worst.cell(), "",
		errors.New(formatInconsistency(e)))
}

// Unwrap returns [ErrInconsistent].
func (e *InconsistencyError) Unwrap() error { return ErrInconsistent }
