// Package rootfind finds a root of a real function of one variable inside a
// bracket: a safeguarded Newton iteration that falls back to bisection whenever
// a Newton step leaves the bracket or fails to shrink it fast enough. Because
// the bracket always holds a sign change, it converges for any continuous
// function, and Newton only speeds up the last steps.
//
// The function is given as f and f' together; only the sign of f is used to
// update the bracket and only the ratio f/f' for Newton steps, so callers may
// scale f by any positive factor that varies with x (for example to avoid
// overflow) without changing the result.
package rootfind

import (
	"errors"
	"math"
)

// Func returns f(x) and f'(x). It may return NaN or ±Inf for x where it cannot
// evaluate; such points are treated as failed Newton steps.
type Func func(x float64) (f, df float64)

// Errors returned by Bracketed.
var (
	// ErrNoBracket: f(lo) and f(hi) have the same sign (or one is not finite).
	ErrNoBracket = errors.New("rootfind: no sign change in the bracket")
	// ErrMaxIter: the iteration limit was reached; the returned x is the
	// midpoint of the last bracket.
	ErrMaxIter = errors.New("rootfind: iteration limit reached")
)

// Options tune Bracketed. The zero value means: start at the midpoint, stop
// when the bracket or the step is within 2 ulp-ish of x (RelTol 4e-16,
// AbsTol 1e-300), at most 400 iterations.
type Options struct {
	X0      float64 // start point; used when inside (lo, hi), else the midpoint
	HasX0   bool    // whether X0 is set
	RelTol  float64 // relative x tolerance
	AbsTol  float64 // absolute x tolerance
	MaxIter int
}

// Result is a root estimate and the work spent on it.
type Result struct {
	X    float64 // the root estimate
	F    float64 // f(X) as last evaluated (may be from a neighbour when X is a bracket end)
	Iter int     // function evaluations after the two bracket ends
}

// Bracketed finds x in [lo, hi] with f(x) = 0, given that f(lo) and f(hi)
// have opposite signs (a zero at either end is returned at once). lo must be
// < hi and both finite.
func Bracketed(f Func, lo, hi float64, opt Options) (Result, error) {
	if !(lo < hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return Result{}, ErrNoBracket
	}
	flo, _ := f(lo)
	if flo == 0 {
		return Result{X: lo}, nil
	}
	fhi, _ := f(hi)
	if fhi == 0 {
		return Result{X: hi}, nil
	}
	if math.IsNaN(flo) || math.IsNaN(fhi) || (flo > 0) == (fhi > 0) {
		return Result{}, ErrNoBracket
	}
	return Refine(f, lo, hi, flo > 0, opt)
}

// Refine is Bracketed for a caller that already knows the signs at the ends:
// loPositive says whether f(lo) > 0 (then f(hi) < 0), and neither end is a
// root. It saves the two end evaluations.
func Refine(f Func, lo, hi float64, loPositive bool, opt Options) (Result, error) {
	relTol, absTol, maxIter := opt.RelTol, opt.AbsTol, opt.MaxIter
	if relTol <= 0 {
		relTol = 4e-16
	}
	if absTol <= 0 {
		absTol = 1e-300
	}
	if maxIter <= 0 {
		maxIter = 400
	}
	x := lo + (hi-lo)/2
	if opt.HasX0 && opt.X0 > lo && opt.X0 < hi {
		x = opt.X0
	}
	dxOld := hi - lo
	dx := dxOld
	for it := 1; it <= maxIter; it++ {
		fx, dfx := f(x)
		if fx == 0 {
			return Result{X: x, F: 0, Iter: it}, nil
		}
		if math.IsNaN(fx) {
			// cannot tell the side: bisect towards the larger half
			x = lo + (hi-lo)/2
			continue
		}
		if (fx > 0) == loPositive {
			lo = x
		} else {
			hi = x
		}
		tol := relTol*math.Abs(x) + absTol
		if hi-lo <= 2*tol {
			return Result{X: lo + (hi-lo)/2, F: fx, Iter: it}, nil
		}
		step := fx / dfx
		xn := x - step
		if math.IsNaN(xn) || math.IsInf(xn, 0) || xn <= lo || xn >= hi || math.Abs(2*step) > math.Abs(dxOld) {
			dxOld = dx
			xn = lo + (hi-lo)/2
			dx = xn - x
		} else {
			dxOld = dx
			dx = step
			if math.Abs(step) <= tol {
				return Result{X: xn, F: fx, Iter: it}, nil
			}
		}
		x = xn
	}
	return Result{X: lo + (hi-lo)/2, Iter: maxIter}, ErrMaxIter
}
