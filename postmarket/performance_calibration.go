package postmarket

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/healthpm/healthpm/internal/stats"
)

// MaxCalibrationBins caps [CalibrationSpec.Bins]: 100.
const MaxCalibrationBins = 100

// CalibrationSpec states how [Calibration] groups predictions.
type CalibrationSpec struct {
	// Bins is the number of risk groups of equal size (10 for deciles), in
	// [2, MaxCalibrationBins].
	Bins int `json:"bins"`
	// Interval and Confidence name the interval of each observed rate.
	Interval   CIMethod `json:"interval"`
	Confidence float64  `json:"confidence"`
}

// Validate reports every problem with the spec.
//
// Validate returns an error if Bins is outside [2, MaxCalibrationBins] or
// the confidence is outside (0, 1) (wrap [ErrOutOfRange]), or the interval
// method is unspecified (wraps [ErrInvalidInput]).
func (s CalibrationSpec) Validate(prefix string) error {
	err := checkMethodConf(prefix, s.Interval, s.Confidence)
	if s.Bins < 2 || s.Bins > MaxCalibrationBins {
		err = errors.Join(fieldErr(prefix+"bins", strconv.Itoa(s.Bins), fmt.Errorf("%w: want 2..%d bins", ErrOutOfRange, MaxCalibrationBins)), err)
	}
	return err
}

// CalibrationBin is one risk group.
type CalibrationBin struct {
	// MinScore and MaxScore bound the predicted probabilities in the bin.
	MinScore float64 `json:"min_score"`
	MaxScore float64 `json:"max_score"`
	// N is the number of predictions; MeanPredicted their mean probability;
	// Expected = Σ p the expected events; Observed the actual events.
	N             int     `json:"n"`
	MeanPredicted float64 `json:"mean_predicted"`
	Expected      float64 `json:"expected"`
	Observed      int     `json:"observed"`
	// ObservedRate is Observed/N with its interval.
	ObservedRate RateEstimate `json:"observed_rate"`
	// Covered reports whether MeanPredicted lies inside the observed
	// rate's interval.
	Covered bool `json:"covered"`
}

// CalibrationResult is calibration by risk group.
type CalibrationResult struct {
	// Method is "equal-count risk groups by predicted probability
	// (ties kept in input order)".
	Method string           `json:"method"`
	Bins   []CalibrationBin `json:"bins"`
	// N, Observed and Expected are totals; OE = Observed/Expected is the
	// calibration-in-the-large ratio with its exact Poisson (Garwood)
	// interval OELo..OEHi at the spec's confidence (OE undefined, 0, when
	// Expected is 0).
	N        int     `json:"n"`
	Observed int     `json:"observed"`
	Expected float64 `json:"expected"`
	OE       float64 `json:"oe"`
	OELo     float64 `json:"oe_lo"`
	OEHi     float64 `json:"oe_hi"`
	// HosmerLemeshow is Σ (O−E)²/(E·(1−E/n)) over bins with E·(1−E/n) > 0,
	// on DF = bins − 2 degrees of freedom, with its p-value.
	HosmerLemeshow float64 `json:"hosmer_lemeshow"`
	DF             int     `json:"df"`
	PValue         float64 `json:"p_value"`
}

// Calibration groups predicted probabilities into spec.Bins risk groups of
// equal size (sorted by score; group k holds sorted positions
// ⌊k·N/B⌋..⌊(k+1)·N/B⌋−1) and reports per group the expected and observed
// events with an interval, plus observed/expected overall and the
// Hosmer–Lemeshow statistic. Binning by risk group, not a single ECE, is
// what §2.3 of the reference asks for. Cost O(N log N).
//
// Calibration returns an error if scores and outcomes differ in length, are
// empty (wraps [ErrInsufficientData]) or longer than [MaxSampleValues]
// (wraps [ErrTooLarge]), hold fewer values than bins (wraps
// [ErrInsufficientData]), a score is outside [0, 1] or NaN (wraps
// [ErrOutOfRange]), or spec fails [CalibrationSpec.Validate].
func Calibration(scores []float64, outcomes []bool, spec CalibrationSpec) (CalibrationResult, error) {
	if err := errors.Join(checkScores(scores, outcomes, ""), spec.Validate("")); err != nil {
		return CalibrationResult{}, err
	}
	if len(scores) < spec.Bins {
		return CalibrationResult{}, fieldErr("scores", strconv.Itoa(len(scores)), fmt.Errorf("%w: fewer predictions than bins (%d)", ErrInsufficientData, spec.Bins))
	}
	return calibration(scores, outcomes, spec), nil
}

func checkScores(scores []float64, outcomes []bool, prefix string) error {
	switch {
	case len(scores) == 0:
		return fieldErr(prefix+"scores", "", fmt.Errorf("%w: no predictions", ErrInsufficientData))
	case len(scores) > MaxSampleValues:
		return fieldErr(prefix+"scores", strconv.Itoa(len(scores)), fmt.Errorf("%w: more than %d predictions", ErrTooLarge, MaxSampleValues))
	case len(outcomes) != len(scores):
		return fieldErr(prefix+"outcomes", strconv.Itoa(len(outcomes)), fmt.Errorf("%w: %d outcomes for %d scores", ErrInvalidInput, len(outcomes), len(scores)))
	}
	for i, s := range scores {
		if !(s >= 0 && s <= 1) {
			return fieldErr(fmt.Sprintf("%sscores[%d]", prefix, i), gfmt(s), fmt.Errorf("%w: a predicted probability is in [0, 1]", ErrOutOfRange))
		}
	}
	return nil
}

func calibration(scores []float64, outcomes []bool, spec CalibrationSpec) CalibrationResult {
	n := len(scores)
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(scores[a], scores[b]) })
	res := CalibrationResult{Method: "equal-count risk groups by predicted probability (ties kept in input order)", N: n, DF: spec.Bins - 2}
	for k := range spec.Bins {
		lo, hi := k*n/spec.Bins, (k+1)*n/spec.Bins
		b := CalibrationBin{MinScore: scores[idx[lo]], MaxScore: scores[idx[hi-1]], N: hi - lo}
		for _, i := range idx[lo:hi] {
			b.Expected += scores[i]
			if outcomes[i] {
				b.Observed++
			}
		}
		b.MeanPredicted = b.Expected / float64(b.N)
		b.ObservedRate = rateEst(b.Observed, b.N, spec.Interval, spec.Confidence)
		b.Covered = b.MeanPredicted >= b.ObservedRate.Lo && b.MeanPredicted <= b.ObservedRate.Hi
		res.Observed += b.Observed
		res.Expected += b.Expected
		if v := b.Expected * (1 - b.MeanPredicted); v > 0 {
			d := float64(b.Observed) - b.Expected
			res.HosmerLemeshow += d * d / v
		}
		res.Bins = append(res.Bins, b)
	}
	if res.Expected > 0 {
		lo, hi := stats.Garwood(res.Observed, spec.Confidence)
		res.OE = float64(res.Observed) / res.Expected
		res.OELo, res.OEHi = lo/res.Expected, hi/res.Expected
	}
	res.PValue = 1
	if res.DF > 0 {
		res.PValue = stats.ChiSquareSF(res.HosmerLemeshow, float64(res.DF))
	} else if res.HosmerLemeshow > 0 {
		res.PValue = math.NaN()
	}
	if math.IsNaN(res.PValue) {
		res.PValue = 1 // two bins leave no degrees of freedom: no test
	}
	return res
}
