package postmarket

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/healthpm/healthpm/internal/enumtext"
	"github.com/healthpm/healthpm/internal/fielderr"
)

// MaxSignals is the largest number of signals in a plan.
const MaxSignals = 1_000

// Method is the statistical method of one plan signal.
type Method uint8

// Methods. Text forms: "poisson-exact", "u-chart", "poisson-cusum",
// "severity-shift".
const (
	MethodUnspecified Method = iota // no text form
	// MethodPoissonExact pools the last Window complete periods and tests
	// the count against baseline rate × exposure with the one-sided exact
	// Poisson test ([PoissonTest], Greater); signal when p < Alpha.
	MethodPoissonExact
	// MethodUChart puts each period of the window on a u chart with the
	// baseline rate as the known centre and probability limits at 1 − Alpha
	// (two-sided), plus the declared run rules; signal when the latest
	// period is above its UCL or a rule fires in the window.
	MethodUChart
	// MethodPoissonCUSUM runs an upper Poisson CUSUM over every complete
	// period from the baseline rate to CUSUMRatio × baseline with decision
	// interval CUSUMH and the declared reset policy; signal when an alarm
	// falls in the window.
	MethodPoissonCUSUM
	// MethodSeverityShift tests the severity mix of the window against the
	// baseline mix ([SeverityMixShift]); signal when the exact test of the
	// severe share gives p < Alpha.
	MethodSeverityShift
)

var methodCodec = enumtext.New[Method]("postmarket", "Method", ErrInvalidInput,
	"", "poisson-exact", "u-chart", "poisson-cusum", "severity-shift")

// String returns the text form of m.
func (m Method) String() string { return methodCodec.String(m) }

// MarshalText returns the text form of m.
func (m Method) MarshalText() ([]byte, error) { return methodCodec.Marshal(m) }

// UnmarshalText parses a method case-insensitively.
func (m *Method) UnmarshalText(b []byte) error {
	v, err := methodCodec.Parse(string(b))
	if err == nil {
		*m = v
	}
	return err
}

// Baseline is the foreseeable frequency (EU MDR Art. 88): Rate events per
// exposure Unit, established over [Start, End) from Source (for example
// "PMS report 2025, worldwide"). SeverityMix is the baseline share of each
// severity code, in order from least to most severe, for
// [MethodSeverityShift].
type Baseline struct {
	Rate        float64         `json:"rate"`
	Unit        string          `json:"unit"`
	Start       time.Time       `json:"start"`
	End         time.Time       `json:"end"`
	Source      string          `json:"source"`
	SeverityMix []SeverityShare `json:"severity_mix"`
}

// SeverityShare is the baseline share of one severity code.
type SeverityShare struct {
	Code  string  `json:"code"`
	Share float64 `json:"share"`
}

// SignalSpec is one signal of a surveillance plan. Every method parameter
// is declared: nothing falls back to a hidden default.
//
//   - Series names the [Series] it reads and Region filters its periods
//     ("" reads the periods whose region is "").
//   - Window is the observation period, in complete periods up to asOf.
//   - Alpha is the signal threshold (p-value or, for u charts, the
//     probability-limit tail); WatchAlpha (0 for none, else ≥ Alpha) the
//     watch threshold.
//   - MinCount is the smallest observed count that may raise a signal (a
//     signal-level result below it is a watch; Evans a ≥ 3, surveillance's
//     limit54); MinExpected the smallest expected count that can be judged
//     at all (below it the status is insufficient data).
//   - Conf is the level of the reported rate interval (and so of the
//     re-estimate proposed from it).
//   - Rules (u chart) is the run-rule set, or unspecified for none.
//   - CUSUMRatio, CUSUMH and Reset parameterize [MethodPoissonCUSUM];
//     Reset must be declared for it.
//   - SevereFrom is the first severity code (index into the baseline mix)
//     counted as severe for [MethodSeverityShift].
//   - Hazards lists the risk register hazards the signal informs.
type SignalSpec struct {
	ID          string      `json:"id"`
	Metric      string      `json:"metric"`
	Series      string      `json:"series"`
	Region      string      `json:"region"`
	Baseline    Baseline    `json:"baseline"`
	Method      Method      `json:"method"`
	Window      int         `json:"window"`
	Alpha       float64     `json:"alpha"`
	WatchAlpha  float64     `json:"watch_alpha"`
	MinCount    int         `json:"min_count"`
	MinExpected float64     `json:"min_expected"`
	Conf        float64     `json:"conf"`
	Rules       RuleSet     `json:"rules"`
	CUSUMRatio  float64     `json:"cusum_ratio"`
	CUSUMH      float64     `json:"cusum_h"`
	Reset       ResetPolicy `json:"reset"`
	SevereFrom  int         `json:"severe_from"`
	Hazards     []string    `json:"hazards"`
}

// Plan is a versioned post-market surveillance plan (EU MDR Art. 84 and
// Annex III): it fixes, before the data is seen, the baseline, method,
// threshold and observation period of every signal. [Plan.Hash] identifies
// its content; every [Signal] records it.
type Plan struct {
	ID      string       `json:"id"`
	Version string       `json:"version"`
	Signals []SignalSpec `json:"signals"`
}

// Hash returns "sha256:" and the SHA-256 of the plan's JSON encoding: any
// change to any field, including the order of signals, changes it.
func (p Plan) Hash() string { return digest(p) }

// Validate reports every problem with the plan, in field order, with paths
// from the plan root (`signals[1].baseline.rate`).
//
// Validate returns an error if the ID or version is empty, there are more
// than [MaxSignals] signals (wraps [ErrTooLarge]), signal IDs repeat, or a
// signal has an empty ID, series, metric or baseline unit, an unspecified
// method, a missing reset policy for a CUSUM (wrap [ErrInvalidInput]); or
// its baseline rate is not positive and finite, Window is below 1 or above
// [MaxPeriods], Alpha is outside (0, 0.5], WatchAlpha is neither 0 nor in
// [Alpha, 0.5], MinCount or MinExpected is negative, Conf is outside (0, 1),
// CUSUMRatio is not above 1 or CUSUMH not positive for a CUSUM, the
// severity mix has fewer than 2 shares, shares outside [0, 1] or not summing
// to 1, or SevereFrom is outside it for a severity shift (wrap
// [ErrOutOfRange]).
func (p Plan) Validate() error {
	var l fielderr.List
	checkText(&l, "id", p.ID, true)
	checkText(&l, "version", p.Version, true)
	if len(p.Signals) > MaxSignals {
		l.Add(fieldErr("signals", strconv.Itoa(len(p.Signals)), fmt.Errorf("%w: more than %d signals", ErrTooLarge, MaxSignals)))
		return l.Err()
	}
	seen := map[string]bool{}
	for i, s := range p.Signals {
		sp := func(f string) string { return fmt.Sprintf("signals[%d].%s", i, f) }
		checkText(&l, sp("id"), s.ID, true)
		if s.ID != "" && seen[s.ID] {
			l.Add(fieldErr(sp("id"), s.ID, fmt.Errorf("%w: repeated signal id", ErrInvalidInput)))
		}
		seen[s.ID] = true
		checkText(&l, sp("metric"), s.Metric, true)
		checkText(&l, sp("series"), s.Series, true)
		checkText(&l, sp("region"), s.Region, false)
		if math.IsNaN(s.Baseline.Rate) || math.IsInf(s.Baseline.Rate, 0) || s.Baseline.Rate <= 0 {
			l.Add(fieldErr(sp("baseline.rate"), ffmt(s.Baseline.Rate), fmt.Errorf("%w: baseline rate must be positive and finite", ErrOutOfRange)))
		}
		checkText(&l, sp("baseline.unit"), s.Baseline.Unit, true)
		if !s.Baseline.End.IsZero() && s.Baseline.End.Before(s.Baseline.Start) {
			l.Add(fieldErr(sp("baseline.end"), s.Baseline.End.Format(time.RFC3339), fmt.Errorf("%w: baseline period ends before it starts", ErrInvalidInput)))
		}
		if !methodCodec.Valid(s.Method) {
			l.Add(fieldErr(sp("method"), strconv.Itoa(int(s.Method)), fmt.Errorf("%w: unspecified method", ErrInvalidInput)))
		}
		if s.Window < 1 || s.Window > MaxPeriods {
			l.Add(fieldErr(sp("window"), strconv.Itoa(s.Window), fmt.Errorf("%w: window must be 1..%d periods", ErrOutOfRange, MaxPeriods)))
		}
		if math.IsNaN(s.Alpha) || s.Alpha <= 0 || s.Alpha > 0.5 {
			l.Add(fieldErr(sp("alpha"), ffmt(s.Alpha), fmt.Errorf("%w: alpha must be in (0, 0.5]", ErrOutOfRange)))
		}
		if s.WatchAlpha != 0 && !(s.WatchAlpha >= s.Alpha && s.WatchAlpha <= 0.5) {
			l.Add(fieldErr(sp("watch_alpha"), ffmt(s.WatchAlpha), fmt.Errorf("%w: watch alpha must be 0 or in [alpha, 0.5]", ErrOutOfRange)))
		}
		if s.MinCount < 0 {
			l.Add(fieldErr(sp("min_count"), strconv.Itoa(s.MinCount), fmt.Errorf("%w: negative", ErrOutOfRange)))
		}
		if math.IsNaN(s.MinExpected) || math.IsInf(s.MinExpected, 0) || s.MinExpected < 0 {
			l.Add(fieldErr(sp("min_expected"), ffmt(s.MinExpected), fmt.Errorf("%w: must be finite and not negative", ErrOutOfRange)))
		}
		if math.IsNaN(s.Conf) || s.Conf <= 0 || s.Conf >= 1 {
			l.Add(fieldErr(sp("conf"), ffmt(s.Conf), fmt.Errorf("%w: confidence level must be in (0, 1)", ErrOutOfRange)))
		}
		if s.Rules != RuleSetUnspecified && !ruleSetCodec.Valid(s.Rules) {
			l.Add(fieldErr(sp("rules"), strconv.Itoa(int(s.Rules)), fmt.Errorf("%w: unknown rule set", ErrInvalidInput)))
		}
		switch s.Method {
		case MethodPoissonCUSUM:
			if math.IsNaN(s.CUSUMRatio) || math.IsInf(s.CUSUMRatio, 0) || s.CUSUMRatio <= 1 {
				l.Add(fieldErr(sp("cusum_ratio"), ffmt(s.CUSUMRatio), fmt.Errorf("%w: the rate ratio to detect must be above 1", ErrOutOfRange)))
			}
			if math.IsNaN(s.CUSUMH) || math.IsInf(s.CUSUMH, 0) || s.CUSUMH <= 0 {
				l.Add(fieldErr(sp("cusum_h"), ffmt(s.CUSUMH), fmt.Errorf("%w: decision interval must be positive", ErrOutOfRange)))
			}
			if !resetCodec.Valid(s.Reset) {
				l.Add(fieldErr(sp("reset"), strconv.Itoa(int(s.Reset)), fmt.Errorf("%w: a cusum must declare its reset policy", ErrInvalidInput)))
			}
		case MethodSeverityShift:
			mix := s.Baseline.SeverityMix
			if len(mix) < 2 || len(mix) > MaxCategories {
				l.Add(fieldErr(sp("baseline.severity_mix"), strconv.Itoa(len(mix)), fmt.Errorf("%w: need 2..%d severity shares", ErrOutOfRange, MaxCategories)))
				break
			}
			sum := 0.0
			for j, sh := range mix {
				checkText(&l, sp(fmt.Sprintf("baseline.severity_mix[%d].code", j)), sh.Code, true)
				if math.IsNaN(sh.Share) || sh.Share < 0 || sh.Share > 1 {
					l.Add(fieldErr(sp(fmt.Sprintf("baseline.severity_mix[%d].share", j)), ffmt(sh.Share), fmt.Errorf("%w: share must be in [0, 1]", ErrOutOfRange)))
				} else {
					sum += sh.Share
				}
			}
			if math.Abs(sum-1) > 1e-9 {
				l.Add(fieldErr(sp("baseline.severity_mix"), ffmt(sum), fmt.Errorf("%w: shares must sum to 1", ErrOutOfRange)))
			}
			if s.SevereFrom < 1 || s.SevereFrom >= len(mix) {
				l.Add(fieldErr(sp("severe_from"), strconv.Itoa(s.SevereFrom), fmt.Errorf("%w: must be in 1..%d", ErrOutOfRange, len(mix)-1)))
			}
		}
		for j, h := range s.Hazards {
			checkText(&l, sp(fmt.Sprintf("hazards[%d]", j)), h, true)
		}
	}
	return l.Err()
}
