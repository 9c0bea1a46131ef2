package postmarket

import (
	"errors"
	"fmt"
	"math"
	"strconv"
)

// MaxErrorBatches caps the batches of a [PerformanceCUSUM] run: 1,000,000.
const MaxErrorBatches = 1_000_000

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
	// Reset is the policy after an alarm, the same [ResetPolicy] the
	// signal CUSUMs use: none (keep accumulating, R surveillance's
	// behaviour), zero, or head-start (restart at HeadStart).
	Reset ResetPolicy `json:"reset"`
	// HeadStart is the start value of the statistic and, with
	// [ResetHeadStart], its value after an alarm; it must lie in
	// [0, Limit). 0 for a plain CUSUM.
	HeadStart float64 `json:"head_start"`
}

// Validate reports every problem with the spec.
//
// Validate returns an error if a rate is outside (0, 1), the shift rate is
// not above the baseline, the limit is not a finite value > 0 or the head
// start is outside [0, Limit) (wrap [ErrOutOfRange]), or the reset policy
// is unspecified (wraps [ErrInvalidInput]).
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
	} else if !(s.HeadStart >= 0 && s.HeadStart < s.Limit) {
		errs = append(errs, fieldErr(prefix+"head_start", gfmt(s.HeadStart), fmt.Errorf("%w: head start must be in [0, limit)", ErrOutOfRange)))
	}
	if !resetCodec.Valid(s.Reset) {
		errs = append(errs, fieldErr(prefix+"reset", strconv.Itoa(int(s.Reset)), fmt.Errorf("%w: unspecified reset policy (declare none, zero or head-start)", ErrInvalidInput)))
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
// alarm when S_t ≥ h (S₀ is the head start, 0 unless declared); after an
// alarm S restarts as the spec's [ResetPolicy] says (0, the head start, or
// no restart), with the same rule as [TabularCUSUM]. Batches of different sizes are weighted by their size through
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
	s := spec.HeadStart
	for i, b := range batches {
		inc := float64(b.Errors)*up + float64(b.N-b.Errors)*down
		s = math.Max(0, s+inc)
		pt := ErrorCUSUMPoint{Label: b.Label, Increment: inc, Statistic: s, Alarm: s >= spec.Limit}
		if b.N > 0 {
			pt.Rate = float64(b.Errors) / float64(b.N)
		}
		if pt.Alarm {
			res.Alarms = append(res.Alarms, i)
			s = resetValue(spec.Reset, s, spec.HeadStart)
		}
		res.Points[i] = pt
	}
	return res, nil
}
