package postmarket

import (
	"fmt"
	"math"
	"strconv"

	"github.com/healthpm/healthpm/internal/enumtext"
	"github.com/healthpm/healthpm/internal/fielderr"
)

// ResetPolicy says what a CUSUM or EWMA does after an alarm. It is always a
// declared parameter: R surveillance's CUSUM never resets, so deviations
// accumulate and, after a first alarm, even a period with 0 cases raises
// another (United4Surveillance signal-detection-tool PR #215).
type ResetPolicy uint8

// Reset policies. Text forms: "none", "zero", "head-start".
const (
	ResetUnspecified ResetPolicy = iota // no text form
	// ResetNone keeps accumulating after an alarm (surveillance's
	// behaviour, offered only when declared).
	ResetNone
	// ResetZero restarts the statistic at 0 (CUSUM) or the target (EWMA)
	// after each alarm.
	ResetZero
	// ResetHeadStart restarts a CUSUM at its HeadStart value (the fast
	// initial response of Lucas & Crosier 1982, typically h/2); for an EWMA
	// it is the same as ResetZero.
	ResetHeadStart
)

var resetCodec = enumtext.New[ResetPolicy]("postmarket", "ResetPolicy", ErrInvalidInput,
	"", "none", "zero", "head-start")

// String returns the text form of r.
func (r ResetPolicy) String() string { return resetCodec.String(r) }

// MarshalText returns the text form of r.
func (r ResetPolicy) MarshalText() ([]byte, error) { return resetCodec.Marshal(r) }

// UnmarshalText parses a reset policy case-insensitively.
func (r *ResetPolicy) UnmarshalText(b []byte) error {
	v, err := resetCodec.Parse(string(b))
	if err == nil {
		*r = v
	}
	return err
}

// CUSUMSpec declares a tabular CUSUM on standardized values (Page 1954;
// Montgomery §9.1): C⁺ₜ = max(0, C⁺ₜ₋₁ + zₜ − K), C⁻ₜ = max(0, C⁻ₜ₋₁ − zₜ − K),
// alarm when a sum exceeds H. K is usually half the shift to detect in σ
// units (0.5) and H is 4 or 5 (two-sided ARL₀ 168 and 465). HeadStart is
// the start value of both sums and, with [ResetHeadStart], their value
// after an alarm; it must lie in [0, H).
type CUSUMSpec struct {
	K         float64     `json:"k"`
	H         float64     `json:"h"`
	Reset     ResetPolicy `json:"reset"`
	HeadStart float64     `json:"head_start"`
}

// Alarm is one CUSUM or EWMA alarm: the 0-based point and the side
// ("upper" or "lower").
type Alarm struct {
	Point int    `json:"point"`
	Side  string `json:"side"`
}

// CUSUMResult holds the sums after each point (before any reset: the value
// that was compared with H) and the alarms in point order (upper before
// lower at the same point).
type CUSUMResult struct {
	Spec   CUSUMSpec `json:"spec"`
	Upper  []float64 `json:"upper"`
	Lower  []float64 `json:"lower"`
	Alarms []Alarm   `json:"alarms"`
}

func checkReset(path string, r ResetPolicy, headStart, h float64) error {
	var l fielderr.List
	if !resetCodec.Valid(r) {
		l.Add(fieldErr(path+".reset", strconv.Itoa(int(r)), fmt.Errorf("%w: unspecified reset policy (declare none, zero or head-start)", ErrInvalidInput)))
	}
	if math.IsNaN(headStart) || headStart < 0 || headStart >= h {
		l.Add(fieldErr(path+".head_start", ffmt(headStart), fmt.Errorf("%w: head start must be in [0, h)", ErrOutOfRange)))
	}
	return l.Err()
}

func checkFinitePositive(l *fielderr.List, path string, v float64) {
	if math.IsNaN(v) || math.IsInf(v, 0) || v <= 0 {
		l.Add(fieldErr(path, ffmt(v), fmt.Errorf("%w: must be positive and finite", ErrOutOfRange)))
	}
}

// TabularCUSUM runs a two-sided tabular CUSUM over standardized values z
// (for example (xₜ − μ₀)/σ). Cost O(m), m ≤ [MaxPoints].
//
// TabularCUSUM returns an error if K is negative or not finite, H is not
// positive and finite, HeadStart is outside [0, H) (wrap [ErrOutOfRange]),
// the reset policy is unspecified or a value is not finite (wrap
// [ErrInvalidInput]), or there are more than MaxPoints values (wraps
// [ErrTooLarge]).
func TabularCUSUM(z []float64, spec CUSUMSpec) (CUSUMResult, error) {
	if len(z) > MaxPoints {
		return CUSUMResult{}, fieldErr("z", strconv.Itoa(len(z)), fmt.Errorf("%w: more than %d points", ErrTooLarge, MaxPoints))
	}
	var l fielderr.List
	if math.IsNaN(spec.K) || math.IsInf(spec.K, 0) || spec.K < 0 {
		l.Add(fieldErr("spec.k", ffmt(spec.K), fmt.Errorf("%w: k must be non-negative and finite", ErrOutOfRange)))
	}
	checkFinitePositive(&l, "spec.h", spec.H)
	l.Add(checkReset("spec", spec.Reset, spec.HeadStart, spec.H))
	for i, v := range z {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			l.Add(fieldErr(fmt.Sprintf("z[%d]", i), ffmt(v), fmt.Errorf("%w: not a finite number", ErrInvalidInput)))
		}
	}
	if err := l.Err(); err != nil {
		return CUSUMResult{}, err
	}
	res := CUSUMResult{Spec: spec, Upper: make([]float64, len(z)), Lower: make([]float64, len(z)), Alarms: []Alarm{}}
	up, lo := spec.HeadStart, spec.HeadStart
	for i, v := range z {
		up = math.Max(0, up+v-spec.K)
		lo = math.Max(0, lo-v-spec.K)
		res.Upper[i], res.Lower[i] = up, lo
		if up > spec.H {
			res.Alarms = append(res.Alarms, Alarm{i, "upper"})
			up = resetValue(spec.Reset, up, spec.HeadStart)
		}
		if lo > spec.H {
			res.Alarms = append(res.Alarms, Alarm{i, "lower"})
			lo = resetValue(spec.Reset, lo, spec.HeadStart)
		}
	}
	return res, nil
}

func resetValue(r ResetPolicy, cur, headStart float64) float64 {
	switch r {
	case ResetZero:
		return 0
	case ResetHeadStart:
		return headStart
	}
	return cur
}

// PoissonCUSUMK returns the reference value k = (λ₁ − λ₀)/ln(λ₁/λ₀) of a
// Poisson CUSUM that detects a change of mean count from λ₀ to λ₁ (Lucas
// 1985, Technometrics 27:129): λ₀ = 4, λ₁ = 8 give 5.7708. It is the count
// above which an observation is evidence for λ₁.
//
// PoissonCUSUMK returns an error if a rate is not positive and finite or
// the two are equal (wrap [ErrOutOfRange]).
func PoissonCUSUMK(lambda0, lambda1 float64) (float64, error) {
	var l fielderr.List
	checkFinitePositive(&l, "lambda0", lambda0)
	checkFinitePositive(&l, "lambda1", lambda1)
	if err := l.Err(); err != nil {
		return 0, err
	}
	if lambda0 == lambda1 {
		return 0, fieldErr("lambda1", ffmt(lambda1), fmt.Errorf("%w: must differ from lambda0", ErrOutOfRange))
	}
	return (lambda1 - lambda0) / math.Log(lambda1/lambda0), nil
}

// PoissonCUSUMSpec declares a Poisson CUSUM on raw counts with exposure:
// Lambda0 is the in-control rate and Lambda1 the rate to detect, both per
// exposure unit. With Lambda1 > Lambda0 it is the upper CUSUM
// Sₜ = max(0, Sₜ₋₁ + xₜ − kₜ); with Lambda1 < Lambda0 the lower CUSUM
// Sₜ = max(0, Sₜ₋₁ + kₜ − xₜ); kₜ = Eₜ(λ₁ − λ₀)/ln(λ₁/λ₀) for exposure Eₜ
// (Lucas 1985). Alarm when Sₜ exceeds H (counts). H is chosen from an ARL
// table or by simulation for the declared in-control ARL.
type PoissonCUSUMSpec struct {
	Lambda0   float64     `json:"lambda0"`
	Lambda1   float64     `json:"lambda1"`
	H         float64     `json:"h"`
	Reset     ResetPolicy `json:"reset"`
	HeadStart float64     `json:"head_start"`
}

// PoissonCUSUMResult holds Sₜ after each point (before any reset), the
// reference value per point and the alarms ("upper" for an increase,
// "lower" for a decrease).
type PoissonCUSUMResult struct {
	Spec   PoissonCUSUMSpec `json:"spec"`
	S      []float64        `json:"s"`
	K      []float64        `json:"k"`
	Alarms []Alarm          `json:"alarms"`
}

// PoissonCUSUM runs a Poisson CUSUM over counts with their exposures (nil
// exposures means 1 unit each). Cost O(m), m ≤ [MaxPoints].
//
// PoissonCUSUM returns an error if a rate or H is not positive and finite,
// the rates are equal, HeadStart is outside [0, H), a count is negative or
// an exposure not positive and finite (wrap [ErrOutOfRange]), the reset
// policy is unspecified or the lengths differ (wrap [ErrInvalidInput]), or
// there are more than MaxPoints counts (wraps [ErrTooLarge]).
func PoissonCUSUM(counts []int, exposures []float64, spec PoissonCUSUMSpec) (PoissonCUSUMResult, error) {
	if len(counts) > MaxPoints {
		return PoissonCUSUMResult{}, fieldErr("counts", strconv.Itoa(len(counts)), fmt.Errorf("%w: more than %d points", ErrTooLarge, MaxPoints))
	}
	var l fielderr.List
	k, err := PoissonCUSUMK(spec.Lambda0, spec.Lambda1)
	if err != nil {
		l.Add(prefixErr("spec", err))
	}
	checkFinitePositive(&l, "spec.h", spec.H)
	l.Add(checkReset("spec", spec.Reset, spec.HeadStart, spec.H))
	if exposures != nil && len(exposures) != len(counts) {
		l.Add(fieldErr("exposures", strconv.Itoa(len(exposures)), fmt.Errorf("%w: %d exposures for %d counts", ErrInvalidInput, len(exposures), len(counts))))
		exposures = nil
	}
	for i, x := range counts {
		l.Add(checkCount(fmt.Sprintf("counts[%d]", i), x))
		if exposures != nil {
			l.Add(checkPositive(fmt.Sprintf("exposures[%d]", i), exposures[i]))
		}
	}
	if err := l.Err(); err != nil {
		return PoissonCUSUMResult{}, err
	}
	upper := spec.Lambda1 > spec.Lambda0
	side := "upper"
	if !upper {
		side = "lower"
	}
	res := PoissonCUSUMResult{Spec: spec, S: make([]float64, len(counts)), K: make([]float64, len(counts)), Alarms: []Alarm{}}
	s := spec.HeadStart
	for i, x := range counts {
		e := 1.0
		if exposures != nil {
			e = exposures[i]
		}
		kt := k * e
		res.K[i] = kt
		if upper {
			s = math.Max(0, s+float64(x)-kt)
		} else {
			s = math.Max(0, s+kt-float64(x))
		}
		res.S[i] = s
		if s > spec.H {
			res.Alarms = append(res.Alarms, Alarm{i, side})
			s = resetValue(spec.Reset, s, spec.HeadStart)
		}
	}
	return res, nil
}

// prefixErr re-roots the paths of field errors in err under prefix.
func prefixErr(prefix string, err error) error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var l fielderr.List
		for _, e := range j.Unwrap() {
			l.Add(prefixErr(prefix, e))
		}
		return l.Err()
	}
	if fe, ok := err.(*FieldError); ok {
		p := prefix
		if fe.Path != "" {
			if fe.Path[0] == '[' {
				p += fe.Path
			} else {
				p += "." + fe.Path
			}
		}
		return &FieldError{Pkg: "postmarket", Path: p, Value: fe.Value, Err: fe.Err}
	}
	return err
}

// EWMASpec declares an EWMA chart (Roberts 1959; Lucas & Saccucci 1990):
// zₜ = λxₜ + (1−λ)zₜ₋₁ with z₀ = Mu0, limits Mu0 ± Lσ√(λ/(2−λ)·[1−(1−λ)^{2t}])
// (the exact, time-varying limits). Lucas & Saccucci pairs with ARL₀ ≈ 500:
// (λ, L) = (0.05, 2.615), (0.1, 2.814), (0.2, 2.962), (0.25, 2.998),
// (0.4, 3.054). After an alarm, ResetZero and ResetHeadStart restart zₜ at
// Mu0 and the limit clock t at 0; ResetNone keeps going.
type EWMASpec struct {
	Lambda float64     `json:"lambda"`
	L      float64     `json:"l"`
	Mu0    float64     `json:"mu0"`
	Sigma  float64     `json:"sigma"`
	Reset  ResetPolicy `json:"reset"`
}

// EWMAResult holds zₜ, the limits at each point and the alarms.
type EWMAResult struct {
	Spec   EWMASpec  `json:"spec"`
	Z      []float64 `json:"z"`
	LCL    []float64 `json:"lcl"`
	UCL    []float64 `json:"ucl"`
	Alarms []Alarm   `json:"alarms"`
}

// EWMA runs an EWMA chart over x. Cost O(m), m ≤ [MaxPoints].
//
// EWMA returns an error if Lambda is outside (0, 1], L or Sigma is not
// positive and finite, Mu0 or a value is not finite (wrap [ErrOutOfRange]
// or [ErrInvalidInput]), the reset policy is unspecified (wraps
// [ErrInvalidInput]), or there are more than MaxPoints values (wraps
// [ErrTooLarge]).
func EWMA(x []float64, spec EWMASpec) (EWMAResult, error) {
	if len(x) > MaxPoints {
		return EWMAResult{}, fieldErr("x", strconv.Itoa(len(x)), fmt.Errorf("%w: more than %d points", ErrTooLarge, MaxPoints))
	}
	var l fielderr.List
	if math.IsNaN(spec.Lambda) || spec.Lambda <= 0 || spec.Lambda > 1 {
		l.Add(fieldErr("spec.lambda", ffmt(spec.Lambda), fmt.Errorf("%w: lambda must be in (0, 1]", ErrOutOfRange)))
	}
	checkFinitePositive(&l, "spec.l", spec.L)
	checkFinitePositive(&l, "spec.sigma", spec.Sigma)
	if math.IsNaN(spec.Mu0) || math.IsInf(spec.Mu0, 0) {
		l.Add(fieldErr("spec.mu0", ffmt(spec.Mu0), fmt.Errorf("%w: not a finite number", ErrInvalidInput)))
	}
	if !resetCodec.Valid(spec.Reset) {
		l.Add(fieldErr("spec.reset", strconv.Itoa(int(spec.Reset)), fmt.Errorf("%w: unspecified reset policy (declare none, zero or head-start)", ErrInvalidInput)))
	}
	for i, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			l.Add(fieldErr(fmt.Sprintf("x[%d]", i), ffmt(v), fmt.Errorf("%w: not a finite number", ErrInvalidInput)))
		}
	}
	if err := l.Err(); err != nil {
		return EWMAResult{}, err
	}
	n := len(x)
	res := EWMAResult{Spec: spec, Z: make([]float64, n), LCL: make([]float64, n), UCL: make([]float64, n), Alarms: []Alarm{}}
	lam := spec.Lambda
	z := spec.Mu0
	w := 1.0 // (1−λ)^{2t}
	for i, v := range x {
		z = lam*v + (1-lam)*z
		w *= (1 - lam) * (1 - lam)
		half := spec.L * spec.Sigma * math.Sqrt(lam/(2-lam)*(1-w))
		res.Z[i], res.LCL[i], res.UCL[i] = z, spec.Mu0-half, spec.Mu0+half
		alarm := ""
		switch {
		case z > spec.Mu0+half:
			alarm = "upper"
		case z < spec.Mu0-half:
			alarm = "lower"
		}
		if alarm != "" {
			res.Alarms = append(res.Alarms, Alarm{i, alarm})
			if spec.Reset != ResetNone {
				z, w = spec.Mu0, 1
			}
		}
	}
	return res, nil
}
