package postmarket

import (
	"fmt"
	"math"
	"strconv"

	"github.com/healthpm/healthpm/internal/enumtext"
	"github.com/healthpm/healthpm/internal/fielderr"
	"github.com/healthpm/healthpm/internal/stats"
)

// MaxPoints is the largest number of points a chart, run chart, CUSUM or
// EWMA accepts.
const MaxPoints = 100_000

// ChartKind is the type of a Shewhart attribute chart (Montgomery,
// Introduction to Statistical Quality Control, ch. 7; qcc R/qcc.R).
type ChartKind uint8

// Chart kinds. Text forms: "c", "u", "p", "np".
const (
	ChartUnspecified ChartKind = iota // no text form
	ChartC                            // counts per equal unit: c̄ ± k√c̄
	ChartU                            // counts per unit exposure: ū ± k√(ū/nᵢ)
	ChartP                            // proportion defective: p̄ ± k√(p̄(1−p̄)/nᵢ), in [0, 1]
	ChartNP                           // number defective: nᵢp̄ ± k√(nᵢp̄(1−p̄)), in [0, nᵢ]
)

var chartCodec = enumtext.New[ChartKind]("postmarket", "ChartKind", ErrInvalidInput, "", "c", "u", "p", "np")

// String returns the text form of k.
func (k ChartKind) String() string { return chartCodec.String(k) }

// MarshalText returns the text form of k.
func (k ChartKind) MarshalText() ([]byte, error) { return chartCodec.Marshal(k) }

// UnmarshalText parses a chart kind case-insensitively.
func (k *ChartKind) UnmarshalText(b []byte) error {
	v, err := chartCodec.Parse(string(b))
	if err == nil {
		*k = v
	}
	return err
}

// LimitMethod says how control limits are set.
type LimitMethod uint8

// Limit methods. Text forms: "sigma", "probability".
const (
	LimitUnspecified LimitMethod = iota // no text form
	// LimitSigma puts the limits k standard deviations either side of the
	// centre (k = ChartSpec.Sigmas, 3 for Shewhart); the lower limit is
	// clipped at 0 and a p-chart's upper limit at 1.
	LimitSigma
	// LimitProbability puts the limits at the α/2 and 1 − α/2 quantiles of
	// the Poisson (c, u) or binomial (p, np) distribution with the centre
	// as parameter, α = 1 − ChartSpec.Conf (qcc's conf= option). They are
	// the honest choice when the expected count is small (below about 10),
	// where the normal approximation misplaces both limits.
	LimitProbability
)

var limitCodec = enumtext.New[LimitMethod]("postmarket", "LimitMethod", ErrInvalidInput, "", "sigma", "probability")

// String returns the text form of m.
func (m LimitMethod) String() string { return limitCodec.String(m) }

// MarshalText returns the text form of m.
func (m LimitMethod) MarshalText() ([]byte, error) { return limitCodec.Marshal(m) }

// UnmarshalText parses a limit method case-insensitively.
func (m *LimitMethod) UnmarshalText(b []byte) error {
	v, err := limitCodec.Parse(string(b))
	if err == nil {
		*m = v
	}
	return err
}

// ChartSpec declares a control chart.
//
// Center, when set, is the known standard: c̄ for a c chart, the rate ū per
// exposure unit for a u chart, the proportion p̄ for p and np charts. When
// nil the centre is estimated from the points not listed in Exclude (the
// "revised limits" step after removing assignable causes); excluded points
// are still plotted and judged.
type ChartSpec struct {
	Kind    ChartKind   `json:"kind"`
	Limits  LimitMethod `json:"limits"`
	Sigmas  float64     `json:"sigmas"`
	Conf    float64     `json:"conf"`
	Center  *float64    `json:"center"`
	Exclude []int       `json:"exclude"`
}

// ChartPoint is one plotted point: its value (count, rate or proportion in
// the chart's unit), the centre line and limits at that point, and Sigma,
// the point's standard deviation under the centre (used by the run rules).
type ChartPoint struct {
	Value  float64 `json:"value"`
	Center float64 `json:"center"`
	LCL    float64 `json:"lcl"`
	UCL    float64 `json:"ucl"`
	Sigma  float64 `json:"sigma"`
}

// ChartResult is a control chart. Center is the estimated or given
// parameter (c̄, ū or p̄); Beyond lists the 0-based indices of points above
// the UCL or below the LCL, in order (strictly outside: a point on a limit
// is in control).
type ChartResult struct {
	Spec   ChartSpec    `json:"spec"`
	Center float64      `json:"center"`
	Points []ChartPoint `json:"points"`
	Beyond []int        `json:"beyond"`
}

// ControlChart computes an attribute control chart for counts with sizes
// (nᵢ: inspected units for p and np, exposure for u; ignored and may be nil
// for c).
//
// Formulas (k = Sigmas): c: c̄ = Σx/m, c̄ ± k√c̄; u: ū = Σx/Σn,
// ū ± k√(ū/nᵢ); p: p̄ = Σd/Σn, p̄ ± k√(p̄(1−p̄)/nᵢ); np: nᵢp̄ ±
// k√(nᵢp̄(1−p̄)). Lower limits are clipped at 0 and p and np upper limits at
// 1 and nᵢ. Probability limits are Poisson or binomial quantiles (see
// [LimitProbability]), divided by nᵢ for u and p charts. Cost O(m) (with
// probability limits O(m log m) quantile searches); m ≤ [MaxPoints].
//
// ControlChart returns an error if the kind or limit method is unspecified,
// fewer than two points are given for an estimated centre (wraps
// [ErrInsufficientData]), a count is negative, a size is not positive and
// finite (or not a whole number for p and np, or below its count), Sigmas
// is not positive for sigma limits or Conf outside (0, 1) for probability
// limits, Center is negative (or above 1 for p and np), or an Exclude index
// is out of range (wrap [ErrInvalidInput] or [ErrOutOfRange]); or m exceeds
// MaxPoints (wraps [ErrTooLarge]).
func ControlChart(spec ChartSpec, counts []int, sizes []float64) (ChartResult, error) {
	if err := checkChart(spec, counts, sizes); err != nil {
		return ChartResult{}, err
	}
	m := len(counts)
	size := func(i int) float64 {
		if spec.Kind == ChartC {
			return 1
		}
		return sizes[i]
	}
	excluded := make([]bool, m)
	for _, i := range spec.Exclude {
		excluded[i] = true
	}
	var center float64
	if spec.Center != nil {
		center = *spec.Center
	} else {
		var sx, sn float64
		for i, x := range counts {
			if !excluded[i] {
				sx += float64(x)
				sn += size(i)
			}
		}
		if sn == 0 {
			return ChartResult{}, fieldErr("spec.exclude", "", fmt.Errorf("%w: every point excluded", ErrInsufficientData))
		}
		center = sx / sn
	}
	res := ChartResult{Spec: cloneSpec(spec), Center: center, Points: make([]ChartPoint, m), Beyond: []int{}}
	alpha := 1 - spec.Conf
	for i, x := range counts {
		n := size(i)
		pt := ChartPoint{}
		var scale float64 // divides counts into the plotted unit
		switch spec.Kind {
		case ChartC:
			scale = 1
			pt.Center = center
			pt.Sigma = math.Sqrt(center)
		case ChartU:
			scale = n
			pt.Center = center
			pt.Sigma = math.Sqrt(center / n)
		case ChartP:
			scale = n
			pt.Center = center
			pt.Sigma = math.Sqrt(center * (1 - center) / n)
		case ChartNP:
			scale = 1
			pt.Center = n * center
			pt.Sigma = math.Sqrt(n * center * (1 - center))
		}
		pt.Value = float64(x) / scale
		upperCap := math.Inf(1)
		switch spec.Kind {
		case ChartP:
			upperCap = 1
		case ChartNP:
			upperCap = n
		}
		if spec.Limits == LimitSigma {
			pt.LCL = math.Max(0, pt.Center-spec.Sigmas*pt.Sigma)
			pt.UCL = math.Min(upperCap, pt.Center+spec.Sigmas*pt.Sigma)
		} else {
			switch spec.Kind {
			case ChartC, ChartU:
				mu := center * n
				pt.LCL = float64(poissonQuantile(alpha/2, mu)) / scale
				pt.UCL = float64(poissonQuantile(1-alpha/2, mu)) / scale
			default:
				ni := int(n)
				pt.LCL = float64(binomialQuantile(alpha/2, ni, center)) / scale
				pt.UCL = float64(binomialQuantile(1-alpha/2, ni, center)) / scale
			}
		}
		res.Points[i] = pt
		if pt.Value > pt.UCL || pt.Value < pt.LCL {
			res.Beyond = append(res.Beyond, i)
		}
	}
	return res, nil
}

func cloneSpec(s ChartSpec) ChartSpec {
	if s.Center != nil {
		c := *s.Center
		s.Center = &c
	}
	s.Exclude = append([]int{}, s.Exclude...)
	return s
}

func checkChart(spec ChartSpec, counts []int, sizes []float64) error {
	if len(counts) > MaxPoints {
		return fieldErr("counts", strconv.Itoa(len(counts)), fmt.Errorf("%w: more than %d points", ErrTooLarge, MaxPoints))
	}
	var l fielderr.List
	if !chartCodec.Valid(spec.Kind) {
		l.Add(fieldErr("spec.kind", strconv.Itoa(int(spec.Kind)), fmt.Errorf("%w: unspecified chart kind", ErrInvalidInput)))
	}
	switch spec.Limits {
	case LimitSigma:
		if math.IsNaN(spec.Sigmas) || math.IsInf(spec.Sigmas, 0) || spec.Sigmas <= 0 {
			l.Add(fieldErr("spec.sigmas", ffmt(spec.Sigmas), fmt.Errorf("%w: sigma multiple must be positive", ErrOutOfRange)))
		}
	case LimitProbability:
		if err := checkConf(spec.Conf); err != nil {
			l.Add(fieldErr("spec.conf", ffmt(spec.Conf), fmt.Errorf("%w: confidence level must be in (0, 1)", ErrOutOfRange)))
		}
	default:
		l.Add(fieldErr("spec.limits", strconv.Itoa(int(spec.Limits)), fmt.Errorf("%w: unspecified limit method", ErrInvalidInput)))
	}
	if spec.Center != nil {
		c := *spec.Center
		hi := math.Inf(1)
		if spec.Kind == ChartP || spec.Kind == ChartNP {
			hi = 1
		}
		if math.IsNaN(c) || c < 0 || c > hi || math.IsInf(c, 0) {
			l.Add(fieldErr("spec.center", ffmt(c), fmt.Errorf("%w: centre outside its range", ErrOutOfRange)))
		}
	} else if len(counts) < 2 {
		l.Add(fieldErr("counts", strconv.Itoa(len(counts)), fmt.Errorf("%w: an estimated centre needs at least 2 points", ErrInsufficientData)))
	}
	for j, i := range spec.Exclude {
		if i < 0 || i >= len(counts) {
			l.Add(fieldErr(fmt.Sprintf("spec.exclude[%d]", j), strconv.Itoa(i), fmt.Errorf("%w: no such point", ErrOutOfRange)))
		}
	}
	needSizes := spec.Kind != ChartC && spec.Kind != ChartUnspecified
	if needSizes && len(sizes) != len(counts) {
		l.Add(fieldErr("sizes", strconv.Itoa(len(sizes)), fmt.Errorf("%w: %d sizes for %d counts", ErrInvalidInput, len(sizes), len(counts))))
		needSizes = false
	}
	for i, x := range counts {
		if x < 0 || x > MaxCount {
			l.Add(fieldErr(fmt.Sprintf("counts[%d]", i), strconv.Itoa(x), fmt.Errorf("%w: count must be in [0, %d]", ErrOutOfRange, MaxCount)))
		}
		if !needSizes {
			continue
		}
		n := sizes[i]
		p := fmt.Sprintf("sizes[%d]", i)
		switch {
		case math.IsNaN(n) || math.IsInf(n, 0) || n <= 0:
			l.Add(fieldErr(p, ffmt(n), fmt.Errorf("%w: size must be positive and finite", ErrOutOfRange)))
		case (spec.Kind == ChartP || spec.Kind == ChartNP) && (n != math.Trunc(n) || n > MaxCount):
			l.Add(fieldErr(p, ffmt(n), fmt.Errorf("%w: units inspected must be a whole number up to %d", ErrInvalidInput, MaxCount)))
		case (spec.Kind == ChartP || spec.Kind == ChartNP) && float64(x) > n:
			l.Add(fieldErr(p, ffmt(n), fmt.Errorf("%w: fewer units than defectives %d", ErrOutOfRange, x)))
		}
	}
	return l.Err()
}

// poissonQuantile returns the smallest k ≥ 0 with P[X ≤ k] ≥ p for
// X ~ Poisson(mu) (R's qpois), by binary search: O(log(mu)) CDF evaluations.
func poissonQuantile(p, mu float64) int {
	if mu == 0 || p <= 0 {
		return 0
	}
	hi := int(mu + 40*math.Sqrt(mu) + 40)
	return firstAtMost(0, hi, func(k int) bool { return stats.PoissonCDF(k, mu) >= p*(1-64*eps64) })
}

// binomialQuantile returns the smallest k in 0..n with P[X ≤ k] ≥ p for
// X ~ Bin(n, prob) (R's qbinom).
func binomialQuantile(p float64, n int, prob float64) int {
	if p <= 0 || prob == 0 {
		return 0
	}
	if prob == 1 {
		return n
	}
	return firstAtMost(0, n, func(k int) bool { return stats.BinomialCDF(k, n, prob) >= p*(1-64*eps64) })
}

const eps64 = 0x1p-52
