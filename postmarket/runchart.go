package postmarket

import (
	"fmt"
	"math"
	"slices"
	"strconv"
)

// RuleAnhoej names the run-chart method recorded on a [RunChartResult].
const RuleAnhoej = "anhoej-olesen-2014"

// AnhoejLimits returns the Anhøj run-chart limits for n useful observations
// (points not on the centre line): a run longer than
// round(log₂ n) + 3 (round half to even, as R) or fewer crossings than
// qbinom(0.05, n−1, 0.5) signals a non-random pattern (Anhøj & Olesen 2014,
// PLoS ONE 9:e113825; qicharts2 R/helper.functions.R). n = 24 gives 8 and
// 8. Each rule keeps its false-signal rate near 5% whatever n.
//
// AnhoejLimits returns an error if n < 1 (wraps [ErrInsufficientData]) or
// n > [MaxPoints] (wraps [ErrTooLarge]).
func AnhoejLimits(n int) (longestRunMax, crossingsMin int, err error) {
	if n < 1 {
		return 0, 0, fieldErr("n", strconv.Itoa(n), fmt.Errorf("%w: no useful observations", ErrInsufficientData))
	}
	if n > MaxPoints {
		return 0, 0, fieldErr("n", strconv.Itoa(n), fmt.Errorf("%w: more than %d points", ErrTooLarge, MaxPoints))
	}
	longestRunMax = int(math.RoundToEven(math.Log2(float64(n)))) + 3
	if n > 1 {
		crossingsMin = binomialQuantile(0.05, n-1, 0.5)
	}
	return longestRunMax, crossingsMin, nil
}

// RunChartResult is the Anhøj analysis of a run chart. Center is the median
// of the values (or the given centre); Useful counts the points not on it;
// LongestRun and Crossings are measured on the useful points and compared
// with their limits. Violations holds "anhoej-shift" (indices of the longest
// run; Point its last point) and "anhoej-crossings" (indices of all useful
// points; Point the last) when they fire.
type RunChartResult struct {
	Rule          string      `json:"rule"`
	Center        float64     `json:"center"`
	Useful        int         `json:"useful"`
	LongestRun    int         `json:"longest_run"`
	LongestRunMax int         `json:"longest_run_max"`
	Crossings     int         `json:"crossings"`
	CrossingsMin  int         `json:"crossings_min"`
	Signal        bool        `json:"signal"`
	Violations    []Violation `json:"violations"`
}

// RunChart applies the Anhøj rules to values around their median, or around
// center when it is not nil (a baseline median frozen before a change).
// Points equal to the centre are not useful: they neither extend nor break
// a run and are not counted as crossings. Cost O(m log m) for the median;
// m ≤ [MaxPoints].
//
// RunChart returns an error if a value is NaN or infinite or center is
// (wraps [ErrInvalidInput]), there are more than MaxPoints values (wraps
// [ErrTooLarge]), or no value is off the centre (wraps
// [ErrInsufficientData]).
func RunChart(values []float64, center *float64) (RunChartResult, error) {
	if len(values) > MaxPoints {
		return RunChartResult{}, fieldErr("values", strconv.Itoa(len(values)), fmt.Errorf("%w: more than %d points", ErrTooLarge, MaxPoints))
	}
	for i, v := range values {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return RunChartResult{}, fieldErr(fmt.Sprintf("values[%d]", i), ffmt(v), fmt.Errorf("%w: not a finite number", ErrInvalidInput))
		}
	}
	var c float64
	switch {
	case center != nil:
		c = *center
		if math.IsNaN(c) || math.IsInf(c, 0) {
			return RunChartResult{}, fieldErr("center", ffmt(c), fmt.Errorf("%w: not a finite number", ErrInvalidInput))
		}
	case len(values) == 0:
		return RunChartResult{}, fieldErr("values", "0", fmt.Errorf("%w: no values", ErrInsufficientData))
	default:
		c = median(values)
	}
	res := RunChartResult{Rule: RuleAnhoej, Center: c, Violations: []Violation{}}
	var useful []int
	prevSide, runStart, runLen := 0, -1, 0
	bestStart, bestLen := -1, 0
	for i, v := range values {
		s := side(v - c)
		if s == 0 {
			continue
		}
		useful = append(useful, i)
		if s == prevSide {
			runLen++
		} else {
			if prevSide != 0 {
				res.Crossings++
			}
			runStart, runLen = len(useful)-1, 1
			prevSide = s
		}
		if runLen > bestLen {
			bestStart, bestLen = runStart, runLen
		}
	}
	res.Useful = len(useful)
	if res.Useful == 0 {
		return RunChartResult{}, fieldErr("values", "", fmt.Errorf("%w: every point is on the centre line", ErrInsufficientData))
	}
	res.LongestRun = bestLen
	res.LongestRunMax, res.CrossingsMin, _ = AnhoejLimits(res.Useful)
	if res.LongestRun > res.LongestRunMax {
		idx := slices.Clone(useful[bestStart : bestStart+bestLen])
		res.Violations = append(res.Violations, Violation{Rule: "anhoej-shift", Point: idx[len(idx)-1], Indices: idx})
	}
	if res.Crossings < res.CrossingsMin {
		res.Violations = append(res.Violations, Violation{Rule: "anhoej-crossings", Point: useful[len(useful)-1], Indices: slices.Clone(useful)})
	}
	res.Signal = len(res.Violations) > 0
	return res, nil
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return s[n/2-1] + (s[n/2]-s[n/2-1])/2
}
