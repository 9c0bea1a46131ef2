package postmarket

import (
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/healthpm/healthpm/internal/enumtext"
)

// MaxErrorBatches caps the batches of a [PerformanceCUSUM] run: 1,000,000.
const MaxErrorBatches = 1_000_000

// ErrorCUSUMRestart says what a performance CUSUM does after an alarm.
type ErrorCUSUMRestart uint8

// Restart policies. Text forms: "reset-to-zero", "continue".
const (
	RestartUnspecified ErrorCUSUMRestart = iota // no text form; rejected
	// RestartZero sets the statistic back to 0 after each alarm, so every
	// later alarm is fresh evidence.
	RestartZero
	// RestartContinue keeps accumulating (R surveillance's behaviour); every
	// batch above the limit alarms again.
	RestartContinue
)

var restartCodec = enumtext.New[ErrorCUSUMRestart]("postmarket", "ErrorCUSUMRestart", ErrInvalidInput, "", "reset-to-zero", "continue")

// String returns the text form of r.
func (r ErrorCUSUMRestart) String() string { return restartCodec.String(r) }

// MarshalText returns the text form of r; the unspecified value is an error.
func (r ErrorCUSUMRestart) MarshalText() ([]byte, error) { return restartCodec.Marshal(r) }

// AppendText appends the text form of r to b.
func (r ErrorCUSUMRestart) AppendText(b []byte) ([]byte, error) { return restartCodec.Append(b, r) }

// UnmarshalText parses a restart policy; unknown text is an error listing
// the valid names.
func (r *ErrorCUSUMRestart) UnmarshalText(b []byte) error { return restartCodec.Unmarshal(r, b) }

// ErrorBatch is one batch of labelled predictions: Errors wrong out of N.
type ErrorBatch struct {
	Label  string `json:"label"`
	Errors int    `json:"errors"`
	N      int    `json:"n"`
}

// ErrorCUSUMSpec declares a binomial CUSUM on batch error rates.
type ErrorCUSUMSpec struct {
	// BaselineRate p₀ is the in-control error rate and ShiftRate p₁ > p₀
	// the degraded rate to detect, both in (0, 1).
	BaselineRate float64 `json:"baseline_rate"`
	ShiftRate    float64 `json:"shift_rate"`
	// Limit h > 0 is the decision limit on the log-likelihood-ratio scale.
	Limit float64 `json:"limit"`
	// Restart is the policy after an alarm.
	Restart ErrorCUSUMRestart `json:"restart"`
}

// Validate reports every problem with the spec.
//
// Validate returns an error if a rate is outside (0, 1), the shift rate is
// not above the baseline or the limit is not a finite value > 0 (wrap
// [ErrOutOfRange]), or the restart policy is unspecified (wraps
// [ErrInvalidInput]).
func (s ErrorCUSUMSpec) Validate(prefix string) error {
	var errs []error
	if !(s.BaselineRate > 0 && s.BaselineRate < 1) {
		errs = append(errs, fieldErr(prefix+"baseline_rate", gfmt(s.BaselineRate), fmt.Errorf("%w: want a rate in (0, 1)", ErrOutOfRange)))
	}
	if !(s.ShiftRate > 0 && s.ShiftRate < 1) {
		errs = append(errs, fieldErr(prefix+"shift_rate", gfmt(s.ShiftRate), fmt.Errorf("%w: want a rate in (0, 1)", ErrOutOfRange)))
	} else if !(s.ShiftRate > s.BaselineRate) {
		errs = append(errs, fieldErr(prefix+"shift_rate", gfmt(s.ShiftRate), fmt.Errorf("%w: the shift rate must be above the baseline rate", ErrOutOfRange)))
	}
	if !(s.Limit > 0) || math.IsInf(s.Limit, 0) {
		errs = append(errs, fieldErr(prefix+"limit", gfmt(s.Limit), fmt.Errorf("%w: want a finite limit > 0", ErrOutOfRange)))
	}
	if s.Restart != RestartZero && s.Restart != RestartContinue {
		errs = append(errs, fieldErr(prefix+"restart", s.Restart.String(), fmt.Errorf("%w: unspecified restart policy (valid: reset-to-zero, continue)", ErrInvalidInput)))
	}
	return errors.Join(errs...)
}

// ErrorCUSUMPoint is the CUSUM after one batch.
type ErrorCUSUMPoint struct {
	Label string  `json:"label"`
	Rate  float64 `json:"rate"` // Errors/N, 0 for an empty batch
	// Increment is e·ln(p₁/p₀) + (n−e)·ln((1−p₁)/(1−p₀)); Statistic the
	// CUSUM after it (before a reset); Alarm reports Statistic ≥ Limit.
	Increment float64 `json:"increment"`
	Statistic float64 `json:"statistic"`
	Alarm     bool    `json:"alarm"`
}

// ErrorCUSUMResult is a performance CUSUM run.
type ErrorCUSUMResult struct {
	// Method is "binomial log-likelihood-ratio cusum (upper)".
	Method string            `json:"method"`
	Spec   ErrorCUSUMSpec    `json:"spec"`
	Points []ErrorCUSUMPoint `json:"points"`
	// Alarms lists the indices of the alarming batches, ascending.
	Alarms []int `json:"alarms"`
}

// PerformanceCUSUM runs an upper binomial CUSUM on batch error rates:
// S₀ = 0, S_t = max(0, S_{t−1} + e_t·ln(p₁/p₀) + (n_t−e_t)·ln((1−p₁)/(1−p₀))),
// alarm when S_t ≥ h; after an alarm S is reset to 0 or continues, as the
// spec says. Batches of different sizes are weighted by their size through
// the likelihood ratio. Cost O(batches).
//
// PerformanceCUSUM returns an error if spec fails [ErrorCUSUMSpec.Validate],
// there are no batches (wraps [ErrInsufficientData]) or more than
// [MaxErrorBatches] (wraps [ErrTooLarge]), or a batch has a negative count,
// errors above n or a count above [MaxTally] (wrap [ErrOutOfRange]).
func PerformanceCUSUM(batches []ErrorBatch, spec ErrorCUSUMSpec) (ErrorCUSUMResult, error) {
	errs := []error{spec.Validate("spec.")}
	switch {
	case len(batches) == 0:
		errs = append(errs, fieldErr("batches", "", fmt.Errorf("%w: no batches", ErrInsufficientData)))
	case len(batches) > MaxErrorBatches:
		errs = append(errs, fieldErr("batches", strconv.Itoa(len(batches)), fmt.Errorf("%w: more than %d batches", ErrTooLarge, MaxErrorBatches)))
	default:
		for i, b := range batches {
			p := fmt.Sprintf("batches[%d].", i)
			errs = append(errs, checkTally(p+"errors", b.Errors), checkTally(p+"n", b.N))
			if b.Errors > b.N {
				errs = append(errs, fieldErr(p+"errors", strconv.Itoa(b.Errors), fmt.Errorf("%w: errors exceed n", ErrOutOfRange)))
			}
			if len(errs) > 64 {
				break
			}
		}
	}
	if err := errors.Join(errs...); err != nil {
		return ErrorCUSUMResult{}, err
	}
	up := math.Log(spec.ShiftRate / spec.BaselineRate)
	down := math.Log((1 - spec.ShiftRate) / (1 - spec.BaselineRate))
	res := ErrorCUSUMResult{Method: "binomial log-likelihood-ratio cusum (upper)", Spec: spec, Points: make([]ErrorCUSUMPoint, len(batches)), Alarms: []int{}}
	s := 0.0
	for i, b := range batches {
		inc := float64(b.Errors)*up + float64(b.N-b.Errors)*down
		s = math.Max(0, s+inc)
		pt := ErrorCUSUMPoint{Label: b.Label, Increment: inc, Statistic: s, Alarm: s >= spec.Limit}
		if b.N > 0 {
			pt.Rate = float64(b.Errors) / float64(b.N)
		}
		if pt.Alarm {
			res.Alarms = append(res.Alarms, i)
			if spec.Restart == RestartZero {
				s = 0
			}
		}
		res.Points[i] = pt
	}
	return res, nil
}
