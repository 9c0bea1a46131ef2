package postmarket

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/healthpm/healthpm/internal/fielderr"
)

// Signal is the verdict on one plan entry as of AsOf.
//
// Observed and Expected are the events in the window and baseline rate ×
// exposure; Exposure is the window's exposure in the series' unit; Rate is
// Observed/Exposure with RateCI its two-sided Garwood interval at the plan's
// Conf (per exposure unit). Statistic is the method's statistic (the count
// for exact tests, the latest standardized point for u charts, the CUSUM
// value, the χ² for a severity shift); PValue is NaN (null in JSON) when
// the method has none; Limits are the latest period's control limits (u
// chart) or [0, CUSUMH] (CUSUM). Rule names the rule or test that decided;
// Violations lists rule firings with their points (indices into the
// window). Sentence says it in words. PlanHash and DataDigest pin the
// decision to the plan content and the periods read.
type Signal struct {
	ID          string      `json:"id"`
	Metric      string      `json:"metric"`
	Series      string      `json:"series"`
	Region      string      `json:"region"`
	Method      Method      `json:"method"`
	Status      Status      `json:"status"`
	WindowStart time.Time   `json:"window_start"`
	WindowEnd   time.Time   `json:"window_end"`
	Periods     int         `json:"periods"`
	Observed    float64     `json:"observed"`
	Expected    float64     `json:"expected"`
	Exposure    float64     `json:"exposure"`
	Unit        string      `json:"unit"`
	Rate        float64     `json:"rate"`
	RateCI      Interval    `json:"rate_ci"`
	Conf        float64     `json:"conf"`
	Statistic   jfloat      `json:"statistic"`
	PValue      jfloat      `json:"p_value"`
	Limits      Interval    `json:"limits"`
	Rule        string      `json:"rule"`
	Violations  []Violation `json:"violations"`
	Hazards     []string    `json:"hazards"`
	Sentence    string      `json:"sentence"`
	PlanID      string      `json:"plan_id"`
	PlanVersion string      `json:"plan_version"`
	PlanHash    string      `json:"plan_hash"`
	DataDigest  string      `json:"data_digest"`
	AsOf        time.Time   `json:"as_of"`
}

// Evaluate judges every signal of the plan against the data as of asOf
// (see [EvaluateContext]).
func Evaluate(plan Plan, data []Series, asOf time.Time) ([]Signal, error) {
	return EvaluateContext(context.Background(), plan, data, asOf)
}

// EvaluateContext returns one [Signal] per plan entry, in plan order. Only
// complete periods (End ≤ asOf) of the signal's series and region are read;
// the window is the last Window of them. Too little data (no complete
// period, zero exposure, expected count below MinExpected, no severity
// breakdown for a severity shift) gives [StatusInsufficientData], never
// [StatusNone]. Cost O(S·P) for S signals over P periods (O(S·P log P) for
// u-chart probability limits); S ≤ [MaxSignals], P ≤ [MaxPeriods], series ≤
// [MaxSeries]. It checks ctx between signals and returns ctx.Err().
//
// EvaluateContext returns an error if the plan fails [Plan.Validate] or a
// series fails [Series.Validate] (paths `plan.…` and `data[i].…`), series
// IDs repeat (wraps [ErrInvalidInput]), there are more than MaxSeries series
// (wraps [ErrTooLarge]), asOf is zero (wraps [ErrInvalidInput]), or a signal
// names a series that is missing or counted in another unit than its
// baseline (wrap [ErrMismatch]).
func EvaluateContext(ctx context.Context, plan Plan, data []Series, asOf time.Time) ([]Signal, error) {
	if len(data) > MaxSeries {
		return nil, fieldErr("data", strconv.Itoa(len(data)), fmt.Errorf("%w: more than %d series", ErrTooLarge, MaxSeries))
	}
	var l fielderr.List
	l.Add(prefixErr("plan", plan.Validate()))
	byID := map[string]int{}
	for i, s := range data {
		l.Add(s.validate(fmt.Sprintf("data[%d]", i)))
		if _, dup := byID[s.ID]; dup {
			l.Add(fieldErr(fmt.Sprintf("data[%d].id", i), s.ID, fmt.Errorf("%w: repeated series id", ErrInvalidInput)))
		}
		byID[s.ID] = i
	}
	if asOf.IsZero() {
		l.Add(fieldErr("as_of", "", fmt.Errorf("%w: missing asOf", ErrInvalidInput)))
	}
	for i, sp := range plan.Signals {
		j, ok := byID[sp.Series]
		if !ok {
			l.Add(fieldErr(fmt.Sprintf("plan.signals[%d].series", i), sp.Series, fmt.Errorf("%w: no series with this id", ErrMismatch)))
			continue
		}
		if data[j].Unit != sp.Baseline.Unit {
			l.Add(fieldErr(fmt.Sprintf("plan.signals[%d].baseline.unit", i), sp.Baseline.Unit,
				fmt.Errorf("%w: series %q is counted per %q", ErrMismatch, data[j].ID, data[j].Unit)))
		}
	}
	if err := l.Err(); err != nil {
		return nil, err
	}
	hash := plan.Hash()
	out := make([]Signal, 0, len(plan.Signals))
	for _, sp := range plan.Signals {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		s := data[byID[sp.Series]]
		out = append(out, evaluateOne(plan, hash, sp, s, asOf))
	}
	return out, nil
}

// complete returns the periods of region that end by asOf.
func complete(s Series, region string, asOf time.Time) []Period {
	var ps []Period
	for _, p := range s.Periods {
		if p.Region == region && !p.End.After(asOf) {
			ps = append(ps, p)
		}
	}
	return ps
}

func evaluateOne(plan Plan, hash string, sp SignalSpec, s Series, asOf time.Time) Signal {
	all := complete(s, sp.Region, asOf)
	win := all
	if len(win) > sp.Window {
		win = win[len(win)-sp.Window:]
	}
	sig := Signal{ID: sp.ID, Metric: sp.Metric, Series: s.ID, Region: sp.Region, Method: sp.Method,
		Unit: s.Unit, Conf: sp.Conf, Hazards: append([]string{}, sp.Hazards...), Violations: []Violation{},
		PlanID: plan.ID, PlanVersion: plan.Version, PlanHash: hash, AsOf: asOf,
		Statistic: jfloat(math.NaN()), PValue: jfloat(math.NaN()), Limits: Interval{math.NaN(), math.NaN()},
		RateCI: Interval{math.NaN(), math.NaN()}, Rate: math.NaN()}
	data := all
	if sp.Method != MethodPoissonCUSUM {
		data = win
	}
	sig.DataDigest = digest(struct {
		Series string   `json:"series"`
		Unit   string   `json:"unit"`
		Region string   `json:"region"`
		AsOf   string   `json:"as_of"`
		Data   []Period `json:"periods"`
	}{s.ID, s.Unit, sp.Region, asOf.UTC().Format(time.RFC3339Nano), data})
	sig.Periods = len(win)
	if len(win) == 0 {
		sig.Status = StatusInsufficientData
		sig.Rule = "no complete period"
		sig.Sentence = fmt.Sprintf("%s: insufficient data: no complete period of series %s%s by %s.", sp.Metric, s.ID, regionText(sp.Region), asOf.Format("2006-01-02"))
		return sig
	}
	sig.WindowStart, sig.WindowEnd = win[0].Start, win[len(win)-1].End
	count := 0
	for _, p := range win {
		count += p.Count
		sig.Exposure += p.Exposure
	}
	sig.Observed = float64(count)
	sig.Expected = sp.Baseline.Rate * sig.Exposure
	if sig.Exposure > 0 {
		sig.Rate = sig.Observed / sig.Exposure
		if ci, err := GarwoodCI(count, sig.Exposure, sp.Conf); err == nil {
			sig.RateCI = ci
		}
	}
	if sig.Exposure <= 0 || sig.Expected < sp.MinExpected || sig.Expected <= 0 {
		sig.Status = StatusInsufficientData
		sig.Rule = "min_expected"
		sig.Sentence = fmt.Sprintf("%s: insufficient data: %g events expected over %g %s (the plan needs at least %g).",
			sp.Metric, round4(sig.Expected), round4(sig.Exposure), s.Unit, sp.MinExpected)
		return sig
	}
	switch sp.Method {
	case MethodPoissonExact:
		r, err := PoissonTest(count, sig.Exposure, sp.Baseline.Rate, Greater, sp.Conf)
		if err != nil {
			return insufficient(sig, sp, err)
		}
		sig.Statistic, sig.PValue, sig.Rule = jfloat(count), jfloat(r.PValue), "exact one-sided poisson test"
		sig.Status = judge(sp, r.PValue, count)
	case MethodUChart:
		evalUChart(&sig, sp, win)
	case MethodPoissonCUSUM:
		evalCUSUM(&sig, sp, all, len(all)-len(win))
	case MethodSeverityShift:
		evalSeverity(&sig, sp, win)
	}
	sig.Sentence = sentence(sig, sp)
	return sig
}

func insufficient(sig Signal, sp SignalSpec, err error) Signal {
	sig.Status = StatusInsufficientData
	sig.Rule = "not computable"
	sig.Sentence = fmt.Sprintf("%s: insufficient data: %s.", sp.Metric, strings.ReplaceAll(err.Error(), "\n", "; "))
	return sig
}

// judge maps a p-value and count to a status under the plan's thresholds.
func judge(sp SignalSpec, p float64, count int) Status {
	switch {
	case p < sp.Alpha && count >= sp.MinCount:
		return StatusSignal
	case p < sp.Alpha, sp.WatchAlpha > 0 && p < sp.WatchAlpha:
		return StatusWatch
	}
	return StatusNone
}

func evalUChart(sig *Signal, sp SignalSpec, win []Period) {
	counts := make([]int, len(win))
	sizes := make([]float64, len(win))
	for i, p := range win {
		counts[i], sizes[i] = p.Count, p.Exposure
	}
	center := sp.Baseline.Rate
	// periods with zero exposure cannot be plotted; chart the rest
	var cc []int
	var cs []float64
	var idx []int
	for i := range counts {
		if sizes[i] > 0 {
			cc, cs, idx = append(cc, counts[i]), append(cs, sizes[i]), append(idx, i)
		}
	}
	ch, err := ControlChart(ChartSpec{Kind: ChartU, Limits: LimitProbability, Conf: 1 - sp.Alpha, Center: &center}, cc, cs)
	if err != nil || len(ch.Points) == 0 {
		*sig = insufficient(*sig, sp, fmt.Errorf("%w: no period with exposure", ErrInsufficientData))
		return
	}
	last := ch.Points[len(ch.Points)-1]
	z := ch.Standardized()
	sig.Statistic = jfloat(z[len(z)-1])
	sig.Limits = Interval{last.LCL, last.UCL}
	sig.Rule = "u chart probability limits"
	lastCount := cc[len(cc)-1]
	sig.Status = StatusNone
	if last.Value > last.UCL {
		sig.Status = StatusSignal
		if lastCount < sp.MinCount {
			sig.Status = StatusWatch
		}
		sig.Violations = append(sig.Violations, Violation{Rule: "beyond-ucl", Point: idx[len(idx)-1], Indices: []int{idx[len(idx)-1]}})
	}
	if sp.Rules != RuleSetUnspecified {
		vs, err := CheckRules(sp.Rules, z)
		if err == nil {
			for _, v := range vs {
				if z[v.Point] <= 0 {
					continue // only increases are signals of harm
				}
				mapped := make([]int, len(v.Indices))
				for i, j := range v.Indices {
					mapped[i] = idx[j]
				}
				sig.Violations = append(sig.Violations, Violation{Rule: v.Rule, Point: idx[v.Point], Indices: mapped})
				if sig.Status == StatusNone {
					sig.Status = StatusWatch
					if int(sig.Observed) >= sp.MinCount {
						sig.Status = StatusSignal
					}
					sig.Rule = v.Rule
				}
			}
		}
	}
}

func evalCUSUM(sig *Signal, sp SignalSpec, all []Period, winStart int) {
	counts := make([]int, len(all))
	exps := make([]float64, len(all))
	for i, p := range all {
		counts[i], exps[i] = p.Count, p.Exposure
		if exps[i] <= 0 {
			exps[i] = math.SmallestNonzeroFloat64 // no exposure: nothing expected
		}
	}
	r, err := PoissonCUSUM(counts, exps, PoissonCUSUMSpec{Lambda0: sp.Baseline.Rate, Lambda1: sp.CUSUMRatio * sp.Baseline.Rate, H: sp.CUSUMH, Reset: sp.Reset})
	if err != nil {
		*sig = insufficient(*sig, sp, err)
		return
	}
	sig.Statistic = jfloat(r.S[len(r.S)-1])
	sig.Limits = Interval{0, sp.CUSUMH}
	sig.Rule = "poisson cusum (reset " + sp.Reset.String() + ")"
	sig.Status = StatusNone
	for _, a := range r.Alarms {
		if a.Point >= winStart {
			sig.Violations = append(sig.Violations, Violation{Rule: "cusum-alarm", Point: a.Point - winStart, Indices: []int{a.Point - winStart}})
		}
	}
	if len(sig.Violations) > 0 {
		sig.Status = StatusSignal
		if int(sig.Observed) < sp.MinCount {
			sig.Status = StatusWatch
		}
	} else if float64(sig.Statistic) > sp.CUSUMH/2 {
		sig.Status = StatusWatch
	}
}

func evalSeverity(sig *Signal, sp SignalSpec, win []Period) {
	mix := sp.Baseline.SeverityMix
	obs := make([]int, len(mix))
	base := make([]float64, len(mix))
	pos := map[string]int{}
	for i, m := range mix {
		pos[m.Code] = i
		base[i] = m.Share
	}
	total := 0
	for _, p := range win {
		for _, sc := range p.Severity {
			if i, ok := pos[sc.Code]; ok {
				obs[i] += sc.Count
				total += sc.Count
			}
		}
	}
	if total == 0 {
		*sig = insufficient(*sig, sp, fmt.Errorf("%w: no events with a severity code of the baseline mix", ErrInsufficientData))
		return
	}
	r, err := SeverityMixShift(obs, base, sp.SevereFrom, sp.Conf)
	if err != nil {
		*sig = insufficient(*sig, sp, err)
		return
	}
	sig.Statistic = r.ChiSquare
	sig.PValue = jfloat(r.Severe.PValue)
	sig.Rule = fmt.Sprintf("exact binomial test of the share at or above %s (chi-square %.3g, df %d, p %.3g)",
		mix[sp.SevereFrom].Code, float64(r.ChiSquare), r.DF, r.PValue)
	sig.Status = judge(sp, r.Severe.PValue, int(r.Severe.Observed))
}

func regionText(r string) string {
	if r == "" {
		return ""
	}
	return " in " + r
}

func round4(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) || x == 0 {
		return x
	}
	p := math.Pow(10, 3-math.Floor(math.Log10(math.Abs(x))))
	return math.Round(x*p) / p
}

func sentence(sig Signal, sp SignalSpec) string {
	var verdict string
	switch sig.Status {
	case StatusSignal:
		verdict = "SIGNAL"
	case StatusWatch:
		verdict = "watch"
	case StatusNone:
		verdict = "no signal"
	default:
		verdict = "insufficient data"
	}
	period := fmt.Sprintf("%s to %s", sig.WindowStart.Format("2006-01-02"), sig.WindowEnd.Format("2006-01-02"))
	p := ""
	if !math.IsNaN(float64(sig.PValue)) {
		p = fmt.Sprintf(", p = %.3g against α = %g", float64(sig.PValue), sp.Alpha)
	}
	return fmt.Sprintf("%s%s, %s: %s — %g observed vs %g expected at the baseline rate %g per %s over %g %s (rate %g, %g%% CI %g–%g); %s%s.",
		sp.Metric, regionText(sp.Region), period, verdict, sig.Observed, round4(sig.Expected), sp.Baseline.Rate, sig.Unit,
		round4(sig.Exposure), sig.Unit, round4(sig.Rate), sp.Conf*100, round4(sig.RateCI.Lo), round4(sig.RateCI.Hi), sig.Rule, p)
}
