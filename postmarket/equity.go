package postmarket

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strconv"
	"strings"

	"github.com/healthpm/healthpm/internal/enumtext"
	"github.com/healthpm/healthpm/internal/stats"
)

// MaxGroups caps the subgroups of one equity or representation audit: 1,000.
const MaxGroups = 1000

// maxNameLen caps a group name, in bytes.
const maxNameLen = 200

// Predictions are labelled predictions with a subgroup code each, in
// columns: prediction i belongs to group Groups[Group[i]], its actual
// outcome is Actual[i] and the model's decision Predicted[i]. Scores, when
// not empty, are the predicted probabilities in [0, 1] used for per-group
// calibration. Codes keep a million rows cheap; [LabelPredictions] builds
// them from labels.
type Predictions struct {
	Groups    []string  `json:"groups"`
	Group     []int     `json:"group"`
	Actual    []bool    `json:"actual"`
	Predicted []bool    `json:"predicted"`
	Scores    []float64 `json:"scores"`
}

// LabelPredictions builds [Predictions] from one group label per row; the
// group names are sorted, so the result does not depend on row order.
//
// LabelPredictions returns an error if the columns differ in length or a
// label is empty or longer than 200 bytes (wrap [ErrInvalidInput]), or
// there are more than [MaxGroups] labels or [MaxSampleValues] rows (wraps
// [ErrTooLarge]).
func LabelPredictions(labels []string, actual, predicted []bool) (Predictions, error) {
	if len(labels) > MaxSampleValues {
		return Predictions{}, fieldErr("group", strconv.Itoa(len(labels)), fmt.Errorf("%w: more than %d rows", ErrTooLarge, MaxSampleValues))
	}
	if len(actual) != len(labels) || len(predicted) != len(labels) {
		return Predictions{}, fieldErr("actual", strconv.Itoa(len(actual)), fmt.Errorf("%w: %d labels, %d actual, %d predicted", ErrInvalidInput, len(labels), len(actual), len(predicted)))
	}
	seen := map[string]int{}
	for i, l := range labels {
		if _, ok := seen[l]; ok {
			continue
		}
		if err := checkGroupName(fmt.Sprintf("group[%d]", i), l); err != nil {
			return Predictions{}, err
		}
		if len(seen) == MaxGroups {
			return Predictions{}, fieldErr("groups", strconv.Itoa(len(seen)+1), fmt.Errorf("%w: more than %d groups", ErrTooLarge, MaxGroups))
		}
		seen[l] = 0
	}
	names := make([]string, 0, len(seen))
	for k := range seen {
		names = append(names, k)
	}
	slices.Sort(names)
	for i, k := range names {
		seen[k] = i
	}
	p := Predictions{Groups: names, Group: make([]int, len(labels)), Actual: slices.Clone(actual), Predicted: slices.Clone(predicted)}
	for i, l := range labels {
		p.Group[i] = seen[l]
	}
	return p, nil
}

func checkGroupName(path, s string) error {
	switch {
	case strings.TrimSpace(s) == "":
		return fieldErr(path, s, fmt.Errorf("%w: empty group name", ErrInvalidInput))
	case len(s) > maxNameLen:
		return fieldErr(path, s[:40]+"…", fmt.Errorf("%w: group name longer than %d bytes", ErrInvalidInput, maxNameLen))
	}
	return nil
}

// Validate reports every problem with the predictions.
//
// Validate returns an error if there are no groups or rows (wraps
// [ErrInsufficientData]), more than [MaxGroups] groups or
// [MaxSampleValues] rows (wraps [ErrTooLarge]), a group name is empty,
// too long or repeated, the columns differ in length or a code is not a
// group index (wrap [ErrInvalidInput]), or a score is outside [0, 1] (wraps
// [ErrOutOfRange]).
func (p Predictions) Validate() error {
	var errs []error
	switch {
	case len(p.Groups) == 0:
		errs = append(errs, fieldErr("groups", "", fmt.Errorf("%w: no groups", ErrInsufficientData)))
	case len(p.Groups) > MaxGroups:
		errs = append(errs, fieldErr("groups", strconv.Itoa(len(p.Groups)), fmt.Errorf("%w: more than %d groups", ErrTooLarge, MaxGroups)))
	default:
		errs = append(errs, checkGroupNames("groups", p.Groups))
	}
	n := len(p.Group)
	switch {
	case n == 0:
		errs = append(errs, fieldErr("group", "", fmt.Errorf("%w: no predictions", ErrInsufficientData)))
	case n > MaxSampleValues:
		errs = append(errs, fieldErr("group", strconv.Itoa(n), fmt.Errorf("%w: more than %d predictions", ErrTooLarge, MaxSampleValues)))
	}
	if len(p.Actual) != n {
		errs = append(errs, fieldErr("actual", strconv.Itoa(len(p.Actual)), fmt.Errorf("%w: %d actual outcomes for %d rows", ErrInvalidInput, len(p.Actual), n)))
	}
	if len(p.Predicted) != n {
		errs = append(errs, fieldErr("predicted", strconv.Itoa(len(p.Predicted)), fmt.Errorf("%w: %d predictions for %d rows", ErrInvalidInput, len(p.Predicted), n)))
	}
	if len(p.Scores) != 0 && len(p.Scores) != n {
		errs = append(errs, fieldErr("scores", strconv.Itoa(len(p.Scores)), fmt.Errorf("%w: %d scores for %d rows (give none or one per row)", ErrInvalidInput, len(p.Scores), n)))
	}
	if n <= MaxSampleValues {
		for i, g := range p.Group {
			if g < 0 || g >= len(p.Groups) {
				errs = append(errs, fieldErr(fmt.Sprintf("group[%d]", i), strconv.Itoa(g), fmt.Errorf("%w: not a group index (0..%d)", ErrInvalidInput, len(p.Groups)-1)))
				break
			}
		}
		for i, s := range p.Scores {
			if !(s >= 0 && s <= 1) {
				errs = append(errs, fieldErr(fmt.Sprintf("scores[%d]", i), gfmt(s), fmt.Errorf("%w: a predicted probability is in [0, 1]", ErrOutOfRange)))
				break
			}
		}
	}
	return errors.Join(errs...)
}

func checkGroupNames(path string, names []string) error {
	var errs []error
	seen := make(map[string]bool, len(names))
	for i, g := range names {
		p := fmt.Sprintf("%s[%d]", path, i)
		if err := checkGroupName(p, g); err != nil {
			errs = append(errs, err)
			continue
		}
		if seen[g] {
			errs = append(errs, fieldErr(p, g, fmt.Errorf("%w: duplicate group name", ErrInvalidInput)))
		}
		seen[g] = true
	}
	return errors.Join(errs...)
}

// GroupCounts is the confusion matrix of one subgroup; Expected is the sum
// of its predicted probabilities (for calibration) and HasScores says
// whether it was given.
type GroupCounts struct {
	Group     string    `json:"group"`
	Counts    Confusion `json:"counts"`
	Expected  float64   `json:"expected"`
	HasScores bool      `json:"has_scores"`
}

// Tally counts predictions per group, in the order of p.Groups. Cost O(N).
//
// Tally returns an error if p fails [Predictions.Validate].
func Tally(p Predictions) ([]GroupCounts, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return tallyGroups(p), nil
}

func tallyGroups(p Predictions) []GroupCounts {
	// cells[g*4 + 2*actual + predicted]
	cells := make([]int, 4*len(p.Groups))
	act, pred := p.Actual, p.Predicted
	for i, g := range p.Group {
		k := g << 2
		if act[i] {
			k += 2
		}
		if pred[i] {
			k++
		}
		cells[k]++
	}
	out := make([]GroupCounts, len(p.Groups))
	for g, name := range p.Groups {
		c := cells[4*g:]
		out[g] = GroupCounts{Group: name, Counts: Confusion{TN: c[0], FP: c[1], FN: c[2], TP: c[3]}}
	}
	if len(p.Scores) > 0 {
		for i, g := range p.Group {
			out[g].Expected += p.Scores[i]
		}
		for g := range out {
			out[g].HasScores = true
		}
	}
	return out
}

// Precision is the precision a subgroup estimate must reach to count as
// evidence: at least MinCount cases in the metric's denominator and an
// interval half-width of at most HalfWidth.
type Precision struct {
	HalfWidth float64 `json:"half_width"` // in (0, 0.5]
	MinCount  int     `json:"min_count"`  // ≥ 1
}

// Validate reports every problem with the precision.
//
// Validate returns an error if HalfWidth is outside (0, 0.5] or MinCount is
// below 1 or above [MaxTally] (wrap [ErrOutOfRange]).
func (p Precision) Validate(prefix string) error {
	var errs []error
	if !(p.HalfWidth > 0 && p.HalfWidth <= 0.5) {
		errs = append(errs, fieldErr(prefix+"half_width", gfmt(p.HalfWidth), fmt.Errorf("%w: want a half-width in (0, 0.5]", ErrOutOfRange)))
	}
	if p.MinCount < 1 || p.MinCount > MaxTally {
		errs = append(errs, fieldErr(prefix+"min_count", strconv.Itoa(p.MinCount), fmt.Errorf("%w: want a minimum count ≥ 1", ErrOutOfRange)))
	}
	return errors.Join(errs...)
}

// Sufficiency says whether an estimate reached the declared [Precision].
type Sufficiency uint8

// Sufficiency values. Text forms: "sufficient", "insufficient".
const (
	SufficiencyUnspecified Sufficiency = iota // no text form
	Sufficient                                // denominator ≥ MinCount and half-width ≤ HalfWidth
	Insufficient                              // too few cases for the requested precision
)

var sufficiencyCodec = enumtext.New[Sufficiency]("postmarket", "Sufficiency", ErrInvalidInput, "", "sufficient", "insufficient")

// String returns the text form of s.
func (s Sufficiency) String() string { return sufficiencyCodec.String(s) }

// MarshalText returns the text form of s; the unspecified value is an error.
func (s Sufficiency) MarshalText() ([]byte, error) { return sufficiencyCodec.Marshal(s) }

// AppendText appends the text form of s to b.
func (s Sufficiency) AppendText(b []byte) ([]byte, error) { return sufficiencyCodec.Append(b, s) }

// UnmarshalText parses a sufficiency; unknown text is an error listing the
// valid names.
func (s *Sufficiency) UnmarshalText(b []byte) error { return sufficiencyCodec.Unmarshal(s, b) }

func (p Precision) judge(r RateEstimate) Sufficiency {
	if r.Defined && r.Denominator >= p.MinCount && r.HalfWidth() <= p.HalfWidth {
		return Sufficient
	}
	return Insufficient
}

// EquityStatus is the verdict of an equity audit or of one metric in it.
type EquityStatus uint8

// Equity statuses. Text forms: "disparity", "no-disparity",
// "insufficient".
const (
	EquityUnspecified EquityStatus = iota // no text form
	// Disparity: at least one group differs from the rest after the
	// multiple-comparison correction.
	Disparity
	// NoDisparity: no group differs and every compared group is
	// sufficient. Never given when a group is insufficient.
	NoDisparity
	// EquityInsufficient: no group differs, but at least one compared
	// group (or the number of groups) is too small to say so.
	EquityInsufficient
)

var equityStatusCodec = enumtext.New[EquityStatus]("postmarket", "EquityStatus", ErrInvalidInput, "", "disparity", "no-disparity", "insufficient")

// String returns the text form of s.
func (s EquityStatus) String() string { return equityStatusCodec.String(s) }

// MarshalText returns the text form of s; the unspecified value is an error.
func (s EquityStatus) MarshalText() ([]byte, error) { return equityStatusCodec.Marshal(s) }

// AppendText appends the text form of s to b.
func (s EquityStatus) AppendText(b []byte) ([]byte, error) { return equityStatusCodec.Append(b, s) }

// UnmarshalText parses a status; unknown text is an error listing the valid
// names.
func (s *EquityStatus) UnmarshalText(b []byte) error { return equityStatusCodec.Unmarshal(s, b) }

// EquitySpec declares an equity audit.
type EquitySpec struct {
	// Metrics are the rates compared across groups, without repeats, for
	// example tpr, fpr, selection-rate and ppv.
	Metrics []RateMetric `json:"metrics"`
	// Interval and Confidence name the per-group intervals.
	Interval   CIMethod `json:"interval"`
	Confidence float64  `json:"confidence"`
	// Precision decides each group's sufficiency per metric.
	Precision Precision `json:"precision"`
	// Alpha and Correction control the family of group-vs-rest tests
	// (groups × metrics).
	Alpha      float64    `json:"alpha"`
	Correction Correction `json:"correction"`
}

// Validate reports every problem with the spec.
//
// Validate returns an error if there are no metrics, a metric is repeated
// or unspecified, or the interval method or correction is unspecified (wrap
// [ErrInvalidInput]); or the confidence or alpha is outside (0, 1) (wrap
// [ErrOutOfRange]); plus the problems of [Precision.Validate].
func (s EquitySpec) Validate(prefix string) error {
	var errs []error
	if len(s.Metrics) == 0 {
		errs = append(errs, fieldErr(prefix+"metrics", "", fmt.Errorf("%w: no metrics to compare", ErrInvalidInput)))
	}
	seen := map[RateMetric]bool{}
	for i, m := range s.Metrics {
		p := fmt.Sprintf("%smetrics[%d]", prefix, i)
		switch {
		case m == MetricUnspecified || m > MetricSelection:
			errs = append(errs, fieldErr(p, m.String(), fmt.Errorf("%w: unspecified metric (valid: %s)", ErrInvalidInput, strings.Join(rateMetricCodec.Names(), ", "))))
		case seen[m]:
			errs = append(errs, fieldErr(p, m.String(), fmt.Errorf("%w: repeated metric", ErrInvalidInput)))
		}
		seen[m] = true
	}
	errs = append(errs, checkMethodConf(prefix, s.Interval, s.Confidence), s.Precision.Validate(prefix+"precision."), checkLevel(prefix+"alpha", s.Alpha))
	if s.Correction < Bonferroni || s.Correction > BenjaminiHochberg {
		errs = append(errs, fieldErr(prefix+"correction", s.Correction.String(), fmt.Errorf("%w: unspecified correction (valid: bonferroni, holm, benjamini-hochberg)", ErrInvalidInput)))
	}
	return errors.Join(errs...)
}

// GroupMetric is one metric of one group.
type GroupMetric struct {
	Group  string       `json:"group"`
	Metric RateMetric   `json:"metric"`
	Rate   RateEstimate `json:"rate"`
	// Sufficiency is the group's status against the spec's precision.
	Sufficiency Sufficiency `json:"sufficiency"`
	// VsRest is the Newcombe interval for this group's rate minus the rate
	// of all other groups pooled; null when either is undefined.
	VsRest *DiffCI `json:"vs_rest"`
	// PValue is the two-sided pooled two-proportion z-test of the group
	// against the rest (1 when not testable), AdjustedP its adjusted value
	// in the family and Rejected the correction's decision.
	PValue    float64 `json:"p_value"`
	AdjustedP float64 `json:"adjusted_p"`
	Rejected  bool    `json:"rejected"`
	Tested    bool    `json:"tested"`
}

// MetricDisparity summarises one metric across groups, Fairlearn-style.
// Between groups: difference max − min and ratio min/max; to overall: the
// worst (largest) |g − o| and the worst (smallest) min(g/o, o/g), and their
// means over groups. A ratio of two equal values (including 0 and 0) is 1.
// Only groups with a defined rate take part in the values; every group
// takes part in the status.
type MetricDisparity struct {
	Metric  RateMetric   `json:"metric"`
	Overall RateEstimate `json:"overall"`
	// MaxGroup and MinGroup hold the extreme rates (ties by name).
	MaxGroup            string  `json:"max_group"`
	MinGroup            string  `json:"min_group"`
	DifferenceBetween   float64 `json:"difference_between_groups"`
	RatioBetween        float64 `json:"ratio_between_groups"`
	DifferenceToOverall float64 `json:"difference_to_overall"`
	RatioToOverall      float64 `json:"ratio_to_overall"`
	MeanDifference      float64 `json:"mean_difference_to_overall"`
	MeanRatio           float64 `json:"mean_ratio_to_overall"`
	// BetweenCI is the Newcombe interval for the max − min difference.
	BetweenCI *DiffCI `json:"between_ci"`
	// Insufficient lists the groups below the precision, by name.
	Insufficient []string     `json:"insufficient"`
	Differing    []string     `json:"differing"`
	Status       EquityStatus `json:"status"`
}

// FairnessSummary holds the named fairness criteria (between groups,
// Fairlearn's defaults): demographic parity on the selection rate, equal
// opportunity on the TPR, equalized odds as the worst (largest difference,
// smallest ratio) and the mean of the TPR and FPR criteria. A criterion
// whose metrics were not requested is null.
type FairnessSummary struct {
	DemographicParityDifference *float64 `json:"demographic_parity_difference"`
	DemographicParityRatio      *float64 `json:"demographic_parity_ratio"`
	EqualOpportunityDifference  *float64 `json:"equal_opportunity_difference"`
	EqualOpportunityRatio       *float64 `json:"equal_opportunity_ratio"`
	EqualizedOddsDifference     *float64 `json:"equalized_odds_difference"`
	EqualizedOddsRatio          *float64 `json:"equalized_odds_ratio"`
	EqualizedOddsMeanDifference *float64 `json:"equalized_odds_mean_difference"`
	EqualizedOddsMeanRatio      *float64 `json:"equalized_odds_mean_ratio"`
}

// GroupCalibration is calibration in the large of one group: observed
// positives against the sum of predicted probabilities, with the exact
// Poisson (Garwood) interval of the ratio.
type GroupCalibration struct {
	Group    string  `json:"group"`
	Observed int     `json:"observed"`
	Expected float64 `json:"expected"`
	Defined  bool    `json:"defined"` // false when Expected is 0
	OE       float64 `json:"oe"`
	Lo       float64 `json:"lo"`
	Hi       float64 `json:"hi"`
}

// EquityResult is an equity audit.
type EquityResult struct {
	// Method names the test, interval and correction used.
	Method string     `json:"method"`
	Spec   EquitySpec `json:"spec"`
	// Groups are the per-group counts in input order; Overall their sum.
	Groups  []GroupCounts `json:"groups"`
	Overall Confusion     `json:"overall"`
	// Metrics are ordered by metric (spec order), then group (input
	// order).
	Metrics     []GroupMetric      `json:"metrics"`
	Disparities []MetricDisparity  `json:"disparities"`
	Fairness    FairnessSummary    `json:"fairness"`
	Calibration []GroupCalibration `json:"calibration"`
	// FourFifths is the four-fifths rule on selection rates.
	FourFifths FourFifthsResult `json:"four_fifths"`
	// Tests is the multiple-comparison decision over every tested
	// (group, metric), in Metrics order of the tested entries.
	Tests  MultipleResult `json:"tests"`
	Status EquityStatus   `json:"status"`
	// Sentence says the verdict in one line.
	Sentence string `json:"sentence"`
}

// AssessEquity tallies p and audits it; see [AssessEquityCounts]. Cost O(N)
// for the tally plus O(G·M log(G·M)) for G groups and M metrics.
//
// AssessEquity returns an error if p fails [Predictions.Validate] or spec
// fails [EquitySpec.Validate].
func AssessEquity(p Predictions, spec EquitySpec) (EquityResult, error) {
	if err := errors.Join(p.Validate(), spec.Validate("spec.")); err != nil {
		return EquityResult{}, err
	}
	return assessEquity(tallyGroups(p), spec), nil
}

// AssessEquityCounts audits per-group confusion matrices: per group and
// metric the rate with its interval and sufficiency, a pooled z-test and a
// Newcombe interval against the rest of the groups, the family of tests
// corrected by spec.Correction; per metric the Fairlearn disparities; the
// named fairness criteria; per-group calibration when scores were given;
// and the four-fifths rule. The status is [Disparity] when any corrected
// test rejects, [NoDisparity] only when none does and every group is
// sufficient for every metric, and [EquityInsufficient] otherwise.
//
// AssessEquityCounts returns an error if there are no groups (wraps
// [ErrInsufficientData]) or more than [MaxGroups] (wraps [ErrTooLarge]), a
// group name is empty, too long or repeated (wraps [ErrInvalidInput]), a
// confusion matrix fails [Confusion.Validate], Expected is negative or not
// finite (wraps [ErrOutOfRange]), or spec fails [EquitySpec.Validate].
func AssessEquityCounts(groups []GroupCounts, spec EquitySpec) (EquityResult, error) {
	var errs []error
	switch {
	case len(groups) == 0:
		errs = append(errs, fieldErr("groups", "", fmt.Errorf("%w: no groups", ErrInsufficientData)))
	case len(groups) > MaxGroups:
		errs = append(errs, fieldErr("groups", strconv.Itoa(len(groups)), fmt.Errorf("%w: more than %d groups", ErrTooLarge, MaxGroups)))
	default:
		names := make([]string, len(groups))
		for i, g := range groups {
			names[i] = g.Group
		}
		errs = append(errs, checkGroupNames("groups", names))
		var total Confusion
		for i, g := range groups {
			p := fmt.Sprintf("groups[%d].", i)
			errs = append(errs, g.Counts.Validate(p+"counts."))
			if !(g.Expected >= 0) || math.IsInf(g.Expected, 0) {
				errs = append(errs, fieldErr(p+"expected", gfmt(g.Expected), fmt.Errorf("%w: expected events are finite and ≥ 0", ErrOutOfRange)))
			}
			total = total.Add(g.Counts)
		}
		if total.N() > MaxTally || total.N() < 0 {
			errs = append(errs, fieldErr("groups", strconv.Itoa(total.N()), fmt.Errorf("%w: total count above %d", ErrOutOfRange, MaxTally)))
		}
	}
	errs = append(errs, spec.Validate("spec."))
	if err := errors.Join(errs...); err != nil {
		return EquityResult{}, err
	}
	return assessEquity(slices.Clone(groups), spec), nil
}

func assessEquity(groups []GroupCounts, spec EquitySpec) EquityResult {
	res := EquityResult{
		Method: fmt.Sprintf("per-group %s intervals at %s; group vs rest: pooled two-proportion z-test and newcombe hybrid score interval; %s at alpha %s over groups × metrics",
			spec.Interval, gfmt(spec.Confidence), spec.Correction, gfmt(spec.Alpha)),
		Spec:   EquitySpec{Metrics: slices.Clone(spec.Metrics), Interval: spec.Interval, Confidence: spec.Confidence, Precision: spec.Precision, Alpha: spec.Alpha, Correction: spec.Correction},
		Groups: groups,
	}
	for _, g := range groups {
		res.Overall = res.Overall.Add(g.Counts)
	}
	var pvals []float64
	var tested []int
	for _, m := range spec.Metrics {
		on, od := res.Overall.Fraction(m)
		for _, g := range groups {
			x, n := g.Counts.Fraction(m)
			gm := GroupMetric{Group: g.Group, Metric: m, Rate: rateEst(x, n, spec.Interval, spec.Confidence), PValue: 1, AdjustedP: 1}
			gm.Sufficiency = spec.Precision.judge(gm.Rate)
			rx, rn := on-x, od-n
			if n > 0 && rn > 0 {
				d := newcombeHybrid(x, n, rx, rn, spec.Confidence)
				gm.VsRest = &d
				gm.PValue = twoProportionP(x, n, rx, rn)
				gm.Tested = true
				tested = append(tested, len(res.Metrics))
				pvals = append(pvals, gm.PValue)
			}
			res.Metrics = append(res.Metrics, gm)
		}
	}
	if len(pvals) > 0 {
		res.Tests = adjustP(pvals, spec.Alpha, spec.Correction)
		for k, i := range tested {
			res.Metrics[i].AdjustedP = res.Tests.Adjusted[k]
			res.Metrics[i].Rejected = res.Tests.Rejected[k]
		}
	} else {
		res.Tests = MultipleResult{Method: spec.Correction, Alpha: spec.Alpha, Adjusted: []float64{}, Rejected: []bool{}}
	}
	G := len(groups)
	res.Status = NoDisparity
	for mi, m := range spec.Metrics {
		d := disparity(m, res.Metrics[mi*G:(mi+1)*G], res.Overall, spec)
		res.Disparities = append(res.Disparities, d)
		res.Status = worseEquity(res.Status, d.Status)
	}
	res.Fairness = fairness(res.Disparities)
	for _, g := range groups {
		if !g.HasScores {
			continue
		}
		obs := g.Counts.TP + g.Counts.FN
		c := GroupCalibration{Group: g.Group, Observed: obs, Expected: g.Expected}
		if g.Expected > 0 {
			lo, hi := stats.Garwood(obs, spec.Confidence)
			c.Defined, c.OE, c.Lo, c.Hi = true, float64(obs)/g.Expected, lo/g.Expected, hi/g.Expected
		}
		res.Calibration = append(res.Calibration, c)
	}
	if res.Calibration == nil {
		res.Calibration = []GroupCalibration{}
	}
	sel := make([]GroupSelection, G)
	for i, g := range groups {
		sel[i] = GroupSelection{Group: g.Group, Selected: g.Counts.TP + g.Counts.FP, N: g.Counts.N()}
	}
	res.FourFifths = fourFifths(sel, spec.Precision, spec.Interval, spec.Confidence)
	res.Sentence = equitySentence(res)
	return res
}

// worseEquity orders disparity > insufficient > no-disparity.
func worseEquity(a, b EquityStatus) EquityStatus {
	rank := func(s EquityStatus) int {
		switch s {
		case Disparity:
			return 2
		case EquityInsufficient:
			return 1
		}
		return 0
	}
	if rank(b) > rank(a) {
		return b
	}
	return a
}

// twoProportionP is the two-sided p-value of the pooled two-proportion
// z-test (equivalently Pearson's χ² on the 2×2 table without continuity
// correction); 1 when the pooled rate is 0 or 1.
func twoProportionP(x1, n1, x2, n2 int) float64 {
	p1, p2 := float64(x1)/float64(n1), float64(x2)/float64(n2)
	pool := float64(x1+x2) / float64(n1+n2)
	v := pool * (1 - pool) * (1/float64(n1) + 1/float64(n2))
	if !(v > 0) {
		return 1
	}
	z := math.Abs(p1-p2) / math.Sqrt(v)
	return math.Min(1, math.Erfc(z/math.Sqrt2))
}

// ratioOf is min(a, b)/max(a, b), 1 when a = b.
func ratioOf(a, b float64) float64 {
	if a == b {
		return 1
	}
	return math.Min(a, b) / math.Max(a, b)
}

func disparity(m RateMetric, gms []GroupMetric, overall Confusion, spec EquitySpec) MetricDisparity {
	ox, on := overall.Fraction(m)
	d := MetricDisparity{Metric: m, Overall: rateEst(ox, on, spec.Interval, spec.Confidence), Insufficient: []string{}, Differing: []string{}, RatioBetween: 1, RatioToOverall: 1, MeanRatio: 1}
	var maxI, minI = -1, -1
	defined := 0
	for i, g := range gms {
		if g.Sufficiency != Sufficient {
			d.Insufficient = append(d.Insufficient, g.Group)
		}
		if g.Rejected {
			d.Differing = append(d.Differing, g.Group)
		}
		if !g.Rate.Defined {
			continue
		}
		defined++
		v := g.Rate.Value
		if maxI < 0 || v > gms[maxI].Rate.Value || (v == gms[maxI].Rate.Value && g.Group < gms[maxI].Group) {
			maxI = i
		}
		if minI < 0 || v < gms[minI].Rate.Value || (v == gms[minI].Rate.Value && g.Group < gms[minI].Group) {
			minI = i
		}
		if d.Overall.Defined {
			o := d.Overall.Value
			diff := math.Abs(v - o)
			r := ratioOf(v, o)
			d.DifferenceToOverall = math.Max(d.DifferenceToOverall, diff)
			d.RatioToOverall = math.Min(d.RatioToOverall, r)
			d.MeanDifference += diff
			d.MeanRatio += r - 1 // accumulate the deviation from the initial 1
		}
	}
	if defined > 0 && d.Overall.Defined {
		d.MeanDifference /= float64(defined)
		d.MeanRatio = 1 + d.MeanRatio/float64(defined)
	}
	if maxI >= 0 {
		hi, lo := gms[maxI], gms[minI]
		d.MaxGroup, d.MinGroup = hi.Group, lo.Group
		d.DifferenceBetween = hi.Rate.Value - lo.Rate.Value
		d.RatioBetween = ratioOf(hi.Rate.Value, lo.Rate.Value)
		if maxI != minI {
			ci := newcombeHybrid(hi.Rate.Numerator, hi.Rate.Denominator, lo.Rate.Numerator, lo.Rate.Denominator, spec.Confidence)
			d.BetweenCI = &ci
		}
	}
	switch {
	case len(d.Differing) > 0:
		d.Status = Disparity
	case len(gms) < 2 || len(d.Insufficient) > 0:
		d.Status = EquityInsufficient
	default:
		d.Status = NoDisparity
	}
	return d
}

func fairness(ds []MetricDisparity) FairnessSummary {
	var f FairnessSummary
	get := func(m RateMetric) *MetricDisparity {
		for i := range ds {
			if ds[i].Metric == m {
				return &ds[i]
			}
		}
		return nil
	}
	pf := func(v float64) *float64 { return &v }
	if s := get(MetricSelection); s != nil {
		f.DemographicParityDifference, f.DemographicParityRatio = pf(s.DifferenceBetween), pf(s.RatioBetween)
	}
	tpr, fpr := get(MetricTPR), get(MetricFPR)
	if tpr != nil {
		f.EqualOpportunityDifference, f.EqualOpportunityRatio = pf(tpr.DifferenceBetween), pf(tpr.RatioBetween)
	}
	if tpr != nil && fpr != nil {
		f.EqualizedOddsDifference = pf(math.Max(tpr.DifferenceBetween, fpr.DifferenceBetween))
		f.EqualizedOddsRatio = pf(math.Min(tpr.RatioBetween, fpr.RatioBetween))
		f.EqualizedOddsMeanDifference = pf((tpr.DifferenceBetween + fpr.DifferenceBetween) / 2)
		f.EqualizedOddsMeanRatio = pf((tpr.RatioBetween + fpr.RatioBetween) / 2)
	}
	return f
}

func equitySentence(r EquityResult) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d groups, %d predictions: %s", len(r.Groups), r.Overall.N(), r.Status)
	for _, d := range r.Disparities {
		switch d.Status {
		case Disparity:
			fmt.Fprintf(&b, "; %s differs in %s", d.Metric, strings.Join(d.Differing, ", "))
		case EquityInsufficient:
			if len(d.Insufficient) > 0 {
				fmt.Fprintf(&b, "; %s insufficient for %s", d.Metric, strings.Join(d.Insufficient, ", "))
			} else {
				fmt.Fprintf(&b, "; %s has fewer than two groups", d.Metric)
			}
		}
	}
	if len(r.FourFifths.Flagged) > 0 {
		fmt.Fprintf(&b, "; four-fifths rule flags %s", strings.Join(r.FourFifths.Flagged, ", "))
	}
	return b.String()
}

// GroupSelection is the selection count of one group: Selected of N.
type GroupSelection struct {
	Group    string `json:"group"`
	Selected int    `json:"selected"`
	N        int    `json:"n"`
}

// FourFifthsGroup is one group under the four-fifths rule.
type FourFifthsGroup struct {
	Group string       `json:"group"`
	Rate  RateEstimate `json:"rate"`
	// ImpactRatio is the group's selection rate over the highest group's
	// (1 when the highest rate is 0).
	ImpactRatio float64 `json:"impact_ratio"`
	// Flagged reports ImpactRatio < 4/5, decided in exact integer
	// arithmetic (5·s·n_max < 4·s_max·n).
	Flagged     bool        `json:"flagged"`
	Sufficiency Sufficiency `json:"sufficiency"`
}

// FourFifthsResult is the four-fifths (80 %) rule of 29 CFR 1607.4(D): a
// selection rate below four-fifths of the highest group's is evidence of
// adverse impact. The rule is a practical screen, not a test; each group's
// sufficiency is reported so a flag (or its absence) on a small group is
// read as such.
type FourFifthsResult struct {
	// Highest is the group with the highest selection rate (ties by name).
	Highest string            `json:"highest"`
	Groups  []FourFifthsGroup `json:"groups"`
	// Flagged lists the flagged groups in input order.
	Flagged []string `json:"flagged"`
	// Status is Disparity when a group is flagged, NoDisparity when none
	// is and every group is sufficient, EquityInsufficient otherwise.
	Status EquityStatus `json:"status"`
}

// FourFifths applies the four-fifths rule to selection counts, judging each
// group's sufficiency against precision with the given interval. Groups
// with N = 0 have no rate, are never flagged and are insufficient. Cost
// O(groups).
//
// FourFifths returns an error if there are no groups (wraps
// [ErrInsufficientData]) or more than [MaxGroups] (wraps [ErrTooLarge]), a
// name is empty, too long or repeated (wraps [ErrInvalidInput]), a count is
// negative, above [MaxTally] or Selected exceeds N (wrap [ErrOutOfRange]),
// or precision, the interval method or conf is invalid.
func FourFifths(groups []GroupSelection, precision Precision, interval CIMethod, conf float64) (FourFifthsResult, error) {
	var errs []error
	switch {
	case len(groups) == 0:
		errs = append(errs, fieldErr("groups", "", fmt.Errorf("%w: no groups", ErrInsufficientData)))
	case len(groups) > MaxGroups:
		errs = append(errs, fieldErr("groups", strconv.Itoa(len(groups)), fmt.Errorf("%w: more than %d groups", ErrTooLarge, MaxGroups)))
	default:
		names := make([]string, len(groups))
		for i, g := range groups {
			names[i] = g.Group
			p := fmt.Sprintf("groups[%d].", i)
			errs = append(errs, checkTally(p+"selected", g.Selected), checkTally(p+"n", g.N))
			if g.Selected > g.N {
				errs = append(errs, fieldErr(p+"selected", strconv.Itoa(g.Selected), fmt.Errorf("%w: selected exceeds n", ErrOutOfRange)))
			}
		}
		errs = append(errs, checkGroupNames("groups", names))
	}
	errs = append(errs, precision.Validate("precision."), checkMethodConf("", interval, conf))
	if err := errors.Join(errs...); err != nil {
		return FourFifthsResult{}, err
	}
	return fourFifths(groups, precision, interval, conf), nil
}

func fourFifths(groups []GroupSelection, precision Precision, interval CIMethod, conf float64) FourFifthsResult {
	res := FourFifthsResult{Flagged: []string{}, Status: NoDisparity}
	hi := -1
	for i, g := range groups {
		if g.N == 0 {
			continue
		}
		if hi < 0 {
			hi = i
			continue
		}
		h := groups[hi]
		c := cmpFrac(g.Selected, g.N, h.Selected, h.N)
		if c > 0 || (c == 0 && g.Group < h.Group) {
			hi = i
		}
	}
	if hi >= 0 {
		res.Highest = groups[hi].Group
	}
	for _, g := range groups {
		fg := FourFifthsGroup{Group: g.Group, Rate: rateEst(g.Selected, g.N, interval, conf), ImpactRatio: 1}
		fg.Sufficiency = precision.judge(fg.Rate)
		if g.N > 0 && hi >= 0 && groups[hi].Selected > 0 {
			h := groups[hi]
			fg.ImpactRatio = fg.Rate.Value / (float64(h.Selected) / float64(h.N))
			// 5·s·n_max < 4·s_max·n, exactly.
			fg.Flagged = cmpProd(5, uint64(g.Selected), uint64(h.N), 4, uint64(h.Selected), uint64(g.N)) < 0
		}
		if fg.Flagged {
			res.Flagged = append(res.Flagged, g.Group)
		}
		if fg.Sufficiency != Sufficient {
			res.Status = worseEquity(res.Status, EquityInsufficient)
		}
		res.Groups = append(res.Groups, fg)
	}
	if len(res.Flagged) > 0 {
		res.Status = Disparity
	}
	return res
}

// cmpFrac compares a/b with c/d for b, d > 0 exactly.
func cmpFrac(a, b, c, d int) int {
	return cmpProd(1, uint64(a), uint64(d), 1, uint64(c), uint64(b))
}

// cmpProd compares k1·a·b with k2·c·d exactly (128-bit products; k1, k2
// small constants, a..d < 2⁶⁰).
func cmpProd(k1, a, b, k2, c, d uint64) int {
	h1, l1 := bits.Mul64(a, b)
	h2, l2 := bits.Mul64(c, d)
	// multiply the 128-bit values by the small constants
	mul := func(h, l, k uint64) (uint64, uint64, uint64) {
		lh, ll := bits.Mul64(l, k)
		hh, hl := bits.Mul64(h, k)
		mid, carry := bits.Add64(hl, lh, 0)
		return hh + carry, mid, ll
	}
	a2, a1, a0 := mul(h1, l1, k1)
	b2, b1, b0 := mul(h2, l2, k2)
	return cmp.Or(cmp.Compare(a2, b2), cmp.Compare(a1, b1), cmp.Compare(a0, b0))
}
