package postmarket

import (
	"fmt"
	"math"
	"strconv"

	"github.com/healthpm/healthpm/internal/fielderr"
	"github.com/healthpm/healthpm/internal/stats"
)

// MaxCategories is the largest number of severity categories accepted.
const MaxCategories = 64

// TestSeverityShift names the severity-mix test.
const TestSeverityShift = "pearson-chi-square-gof + exact-binomial on severe share"

// SeverityShift is the test of an observed severity mix against the
// baseline mix (EU MDR Art. 88 covers frequency or severity).
//
// ChiSquare is Pearson's goodness-of-fit statistic Σ(Oᵢ−Eᵢ)²/Eᵢ over the
// categories with Eᵢ = N·πᵢ, on k−1 degrees of freedom (categories with
// πᵢ = 0 and Oᵢ = 0 are dropped; πᵢ = 0 with Oᵢ > 0 makes it +Inf and
// PValue 0). MinExpected is the smallest Eᵢ: below 5 the χ² approximation
// is rough and Severe is the better evidence. Severe is the exact one-sided
// binomial test of the count in categories at or above SevereFrom against
// their baseline share (Greater).
type SeverityShift struct {
	Method      string     `json:"method"`
	Observed    []int      `json:"observed"`
	Expected    []float64  `json:"expected"`
	ChiSquare   jfloat     `json:"chi_square"`
	DF          int        `json:"df"`
	PValue      float64    `json:"p_value"`
	MinExpected float64    `json:"min_expected"`
	SevereFrom  int        `json:"severe_from"`
	Severe      TestResult `json:"severe"`
}

// SeverityMixShift tests observed counts per severity category (index 0 the
// least severe) against baseline shares that sum to 1 (within 1e-9).
// severeFrom is the first category counted as severe; conf is the
// confidence level of the severe-share interval. Cost O(k), k ≤
// [MaxCategories].
//
// SeverityMixShift returns an error if the lengths differ or there are fewer
// than 2 or more than MaxCategories categories (wrap [ErrInvalidInput] or
// [ErrTooLarge]), a count is negative, a share is outside [0, 1] or the
// shares do not sum to 1, severeFrom is outside 1..k−1, the severe share is
// 0 or 1, or conf is outside (0, 1) (wrap [ErrOutOfRange]), or there are no
// events (wraps [ErrInsufficientData]).
func SeverityMixShift(observed []int, baseline []float64, severeFrom int, conf float64) (SeverityShift, error) {
	k := len(observed)
	if k > MaxCategories || len(baseline) > MaxCategories {
		return SeverityShift{}, fieldErr("observed", strconv.Itoa(k), fmt.Errorf("%w: more than %d categories", ErrTooLarge, MaxCategories))
	}
	var l fielderr.List
	if len(baseline) != k || k < 2 {
		l.Add(fieldErr("baseline", strconv.Itoa(len(baseline)), fmt.Errorf("%w: need the same number (≥ 2) of shares as categories (%d)", ErrInvalidInput, k)))
	}
	total := 0
	for i, x := range observed {
		l.Add(checkCount(fmt.Sprintf("observed[%d]", i), x))
		if x > 0 && x <= MaxCount {
			total += x
		}
	}
	sum := 0.0
	for i, p := range baseline {
		if math.IsNaN(p) || p < 0 || p > 1 {
			l.Add(fieldErr(fmt.Sprintf("baseline[%d]", i), ffmt(p), fmt.Errorf("%w: share must be in [0, 1]", ErrOutOfRange)))
		} else {
			sum += p
		}
	}
	if l.Len() == 0 && math.Abs(sum-1) > 1e-9 {
		l.Add(fieldErr("baseline", ffmt(sum), fmt.Errorf("%w: shares must sum to 1", ErrOutOfRange)))
	}
	if severeFrom < 1 || severeFrom >= k {
		l.Add(fieldErr("severe_from", strconv.Itoa(severeFrom), fmt.Errorf("%w: must be in 1..%d", ErrOutOfRange, k-1)))
	}
	l.Add(checkConf(conf))
	if err := l.Err(); err != nil {
		return SeverityShift{}, err
	}
	if total == 0 || total > MaxCount {
		return SeverityShift{}, fieldErr("observed", strconv.Itoa(total), fmt.Errorf("%w: need between 1 and %d events", ErrInsufficientData, MaxCount))
	}
	n := float64(total)
	r := SeverityShift{Method: TestSeverityShift, Observed: append([]int{}, observed...),
		Expected: make([]float64, k), SevereFrom: severeFrom, MinExpected: math.Inf(1)}
	chi, df := 0.0, -1
	severe, severeShare := 0, 0.0
	for i, x := range observed {
		e := n * baseline[i]
		r.Expected[i] = e
		if i >= severeFrom {
			severe += x
			severeShare += baseline[i]
		}
		if baseline[i] == 0 {
			if x > 0 {
				chi = math.Inf(1)
			}
			continue
		}
		df++
		r.MinExpected = math.Min(r.MinExpected, e)
		d := float64(x) - e
		chi += d * d / e
	}
	r.ChiSquare, r.DF = jfloat(chi), df
	switch {
	case math.IsInf(chi, 1):
		r.PValue = 0
	case df < 1:
		r.PValue = 1
	default:
		r.PValue = clamp01(stats.ChiSquareSF(chi, float64(df)))
	}
	if !(severeShare > 0 && severeShare < 1) {
		return SeverityShift{}, fieldErr("severe_from", strconv.Itoa(severeFrom), fmt.Errorf("%w: the baseline severe share must be strictly between 0 and 1", ErrOutOfRange))
	}
	sev, err := BinomialTest(severe, total, severeShare, Greater, conf)
	if err != nil {
		return SeverityShift{}, err
	}
	r.Severe = sev
	return r, nil
}
