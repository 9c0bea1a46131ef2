package rootfind

import (
	"errors"
	"math"
	"testing"
)

func TestBracketed(t *testing.T) {
	cube := func(x float64) (float64, float64) { return x*x*x - 2, 3 * x * x }
	flat := func(x float64) (float64, float64) { return math.Tanh(50 * (x - 0.3)), 0 } // zero derivative forces bisection
	tests := []struct {
		name, reason string
		f            Func
		lo, hi       float64
		opt          Options
		want         float64
		wantErr      error
	}{
		{"cube root", "Newton converges inside the bracket", cube, 0, 2, Options{}, math.Cbrt(2), nil},
		{"start point", "X0 inside the bracket is used", cube, 0, 2, Options{X0: 1.2, HasX0: true}, math.Cbrt(2), nil},
		{"bisection", "a useless derivative falls back to bisection", flat, -1, 1, Options{}, 0.3, nil},
		{"root at end", "an exact zero at an end is returned", cube, math.Cbrt(2), 3, Options{}, math.Cbrt(2), nil},
		{"no bracket", "same sign at both ends", cube, 2, 3, Options{}, 0, ErrNoBracket},
		{"reversed", "lo must be below hi", cube, 2, 0, Options{}, 0, ErrNoBracket},
		{"infinite", "ends must be finite", cube, math.Inf(-1), 2, Options{}, 0, ErrNoBracket},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Bracketed(tt.f, tt.lo, tt.hi, tt.opt)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v (%s)", err, tt.wantErr, tt.reason)
			}
			if err == nil && math.Abs(got.X-tt.want) > 1e-14 {
				t.Errorf("root = %.17g, want %.17g (%s)", got.X, tt.want, tt.reason)
			}
		})
	}
}

func TestRefineSurvivesNaN(t *testing.T) {
	// f is NaN on (0.5, 0.6); the bracket still shrinks to the root at 0.9.
	f := func(x float64) (float64, float64) {
		if x > 0.5 && x < 0.6 {
			return math.NaN(), math.NaN()
		}
		return x - 0.9, 1
	}
	got, err := Refine(f, 0, 1, false, Options{X0: 0.55, HasX0: true})
	if err != nil || math.Abs(got.X-0.9) > 1e-15 {
		t.Fatalf("Refine = %+v, %v", got, err)
	}
}

func TestMaxIter(t *testing.T) {
	f := func(x float64) (float64, float64) { return x - 1.0/3, 0 }
	_, err := Refine(f, 0, 1, false, Options{MaxIter: 3})
	if !errors.Is(err, ErrMaxIter) {
		t.Fatalf("err = %v", err)
	}
}
