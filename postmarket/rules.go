package postmarket

import (
	"fmt"
	"math"
	"strconv"

	"github.com/healthpm/healthpm/internal/enumtext"
)

// RuleSet is a declared set of run rules for a control chart.
type RuleSet uint8

// Rule sets. Text forms: "western-electric", "nelson", "aiag-7".
const (
	RuleSetUnspecified RuleSet = iota // no text form
	// WesternElectric (Western Electric Statistical Quality Control
	// Handbook, 1956): we1 one point beyond 3σ; we2 2 of 3 consecutive
	// beyond 2σ on the same side; we3 4 of 5 beyond 1σ on the same side;
	// we4 8 in a row on one side of the centre.
	WesternElectric
	// Nelson (Nelson 1984, J Qual Technol 16:237): nelson1 beyond 3σ;
	// nelson2 9 in a row on one side; nelson3 6 in a row steadily
	// increasing or decreasing; nelson4 14 in a row alternating up and
	// down; nelson5 2 of 3 beyond 2σ same side; nelson6 4 of 5 beyond 1σ
	// same side; nelson7 15 in a row within 1σ; nelson8 8 in a row beyond
	// 1σ with points on both sides.
	Nelson
	// AIAG7 is the AIAG/ASQ variant: aiag1 beyond 3σ and aiag2 7 in a row
	// on one side.
	AIAG7
)

var ruleSetCodec = enumtext.New[RuleSet]("postmarket", "RuleSet", ErrInvalidInput,
	"", "western-electric", "nelson", "aiag-7")

// String returns the text form of s.
func (s RuleSet) String() string { return ruleSetCodec.String(s) }

// MarshalText returns the text form of s.
func (s RuleSet) MarshalText() ([]byte, error) { return ruleSetCodec.Marshal(s) }

// UnmarshalText parses a rule set case-insensitively.
func (s *RuleSet) UnmarshalText(b []byte) error {
	v, err := ruleSetCodec.Parse(string(b))
	if err == nil {
		*s = v
	}
	return err
}

// Violation is one firing of a run rule: Rule names it ("we2", "nelson3",
// "anhoej-shift" …), Point is the 0-based index of the point at which it
// fired (the newest point of the window) and Indices lists, in order, the
// points of the window that meet the rule's condition.
type Violation struct {
	Rule    string `json:"rule"`
	Point   int    `json:"point"`
	Indices []int  `json:"indices"`
}

// CheckRules applies a rule set to standardized values zᵢ = (xᵢ − centreᵢ)/σᵢ
// (see [ChartResult.Standardized]); a point exactly on the centre is on
// neither side and breaks a run.
//
// Window semantics: a "k of m" rule fires at point i when the window of the
// m points ending at i has at least k beyond the line on one side AND point
// i itself is one of them (qcc's choice, R/rules.R: the newest point must be
// beyond). "n in a row" rules fire at every point that ends such a run, so a
// run of 10 on one side gives we4 violations at its 8th, 9th and 10th
// points. Trends count strict rises or falls (a tie breaks them).
// Violations are ordered by point, then by rule number. Cost O(m·w) for
// window w ≤ 15; m ≤ [MaxPoints].
//
// CheckRules returns an error if the rule set is unspecified (wraps
// [ErrInvalidInput]), a value is NaN (wraps [ErrInvalidInput]) or there are
// more than MaxPoints values (wraps [ErrTooLarge]).
func CheckRules(set RuleSet, z []float64) ([]Violation, error) {
	if len(z) > MaxPoints {
		return nil, fieldErr("z", strconv.Itoa(len(z)), fmt.Errorf("%w: more than %d points", ErrTooLarge, MaxPoints))
	}
	if !ruleSetCodec.Valid(set) {
		return nil, fieldErr("rule_set", strconv.Itoa(int(set)), fmt.Errorf("%w: unspecified rule set", ErrInvalidInput))
	}
	for i, v := range z {
		if math.IsNaN(v) {
			return nil, fieldErr(fmt.Sprintf("z[%d]", i), "NaN", fmt.Errorf("%w: not a number", ErrInvalidInput))
		}
	}
	type rule struct {
		name  string
		check func(i int) []int
	}
	var rules []rule
	beyond3 := func(i int) []int {
		if math.Abs(z[i]) > 3 {
			return []int{i}
		}
		return nil
	}
	switch set {
	case WesternElectric:
		rules = []rule{
			{"we1", beyond3},
			{"we2", func(i int) []int { return kOfM(z, i, 2, 3, 2) }},
			{"we3", func(i int) []int { return kOfM(z, i, 4, 5, 1) }},
			{"we4", func(i int) []int { return sameSide(z, i, 8) }},
		}
	case Nelson:
		rules = []rule{
			{"nelson1", beyond3},
			{"nelson2", func(i int) []int { return sameSide(z, i, 9) }},
			{"nelson3", func(i int) []int { return trend(z, i, 6) }},
			{"nelson4", func(i int) []int { return alternating(z, i, 14) }},
			{"nelson5", func(i int) []int { return kOfM(z, i, 2, 3, 2) }},
			{"nelson6", func(i int) []int { return kOfM(z, i, 4, 5, 1) }},
			{"nelson7", func(i int) []int { return within(z, i, 15) }},
			{"nelson8", func(i int) []int { return outsideBoth(z, i, 8) }},
		}
	case AIAG7:
		rules = []rule{
			{"aiag1", beyond3},
			{"aiag2", func(i int) []int { return sameSide(z, i, 7) }},
		}
	}
	out := []Violation{}
	for i := range z {
		for _, r := range rules {
			if idx := r.check(i); idx != nil {
				out = append(out, Violation{Rule: r.name, Point: i, Indices: idx})
			}
		}
	}
	return out, nil
}

func side(v float64) int {
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}

func span(from, to int) []int {
	out := make([]int, 0, to-from+1)
	for j := from; j <= to; j++ {
		out = append(out, j)
	}
	return out
}

// kOfM: at least k of the m points ending at i beyond ±line on the side of
// point i, with point i beyond.
func kOfM(z []float64, i, k, m int, line float64) []int {
	if i < m-1 {
		return nil
	}
	s := side(z[i])
	if s == 0 || math.Abs(z[i]) <= line {
		return nil
	}
	var idx []int
	for j := i - m + 1; j <= i; j++ {
		if side(z[j]) == s && math.Abs(z[j]) > line {
			idx = append(idx, j)
		}
	}
	if len(idx) >= k {
		return idx
	}
	return nil
}

func sameSide(z []float64, i, n int) []int {
	if i < n-1 {
		return nil
	}
	s := side(z[i])
	if s == 0 {
		return nil
	}
	for j := i - n + 1; j < i; j++ {
		if side(z[j]) != s {
			return nil
		}
	}
	return span(i-n+1, i)
}

func trend(z []float64, i, n int) []int {
	if i < n-1 {
		return nil
	}
	up, down := true, true
	for j := i - n + 2; j <= i; j++ {
		up = up && z[j] > z[j-1]
		down = down && z[j] < z[j-1]
	}
	if up || down {
		return span(i-n+1, i)
	}
	return nil
}

func alternating(z []float64, i, n int) []int {
	if i < n-1 {
		return nil
	}
	prev := 0
	for j := i - n + 2; j <= i; j++ {
		d := side(z[j] - z[j-1])
		if d == 0 || d == prev {
			return nil
		}
		prev = d
	}
	return span(i-n+1, i)
}

func within(z []float64, i, n int) []int {
	if i < n-1 {
		return nil
	}
	for j := i - n + 1; j <= i; j++ {
		if math.Abs(z[j]) >= 1 {
			return nil
		}
	}
	return span(i-n+1, i)
}

func outsideBoth(z []float64, i, n int) []int {
	if i < n-1 {
		return nil
	}
	pos, neg := false, false
	for j := i - n + 1; j <= i; j++ {
		if math.Abs(z[j]) <= 1 {
			return nil
		}
		pos = pos || z[j] > 0
		neg = neg || z[j] < 0
	}
	if pos && neg {
		return span(i-n+1, i)
	}
	return nil
}

// Standardized returns zᵢ = (valueᵢ − centreᵢ)/σᵢ for every point, the input
// of [CheckRules]; a point with σᵢ = 0 gives 0 on the centre and ±Inf off it.
func (c ChartResult) Standardized() []float64 {
	z := make([]float64, len(c.Points))
	for i, p := range c.Points {
		d := p.Value - p.Center
		switch {
		case d == 0:
			z[i] = 0
		case p.Sigma == 0:
			z[i] = math.Inf(side(d))
		default:
			z[i] = d / p.Sigma
		}
	}
	return z
}
