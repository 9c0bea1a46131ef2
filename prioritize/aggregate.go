package prioritize

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/healthpm/healthpm/internal/fielderr"
)

// DefaultEpsilon is the tie tolerance used when a model or options leave it
// zero: two scores within 1e-9 of the leader of their group are tied.
const DefaultEpsilon = 1e-9

// tiedWith reports whether x counts as equal to lead, the higher value of
// its group: lead − x ≤ eps. It is the one "strictly higher" rule of the
// package: a value is strictly higher than another only when it exceeds it
// by more than eps. Rank's ε-tie groups, its critical_score tie-break and
// every comparison of [AnalyzeSensitivity] use it with the model's Epsilon.
func tiedWith(lead, x, eps float64) bool { return lead-x <= eps }

// Matrix is a plain decision matrix for [EvaluateMatrix]: one row per
// alternative, one column per criterion.
type Matrix struct {
	Values     [][]float64 `json:"values"`
	Weights    []float64   `json:"weights"` // one per column, used as given
	Directions []Direction `json:"directions"`
	// Scales gives each column's absolute scale; required (only) with
	// [NormAbsolute].
	Scales []Scale `json:"scales"`
}

// MatrixOptions selects the aggregation and normalization of
// [EvaluateMatrix]. Epsilon is the tie tolerance (0 means DefaultEpsilon).
type MatrixOptions struct {
	Aggregation   Aggregation   `json:"aggregation"`
	Normalization Normalization `json:"normalization"`
	Epsilon       float64       `json:"epsilon"`
}

// MatrixResult is the outcome of [EvaluateMatrix].
type MatrixResult struct {
	Aggregation   Aggregation   `json:"aggregation"`
	Normalization Normalization `json:"normalization"`
	Epsilon       float64       `json:"epsilon"`
	// Scores per row: a weighted sum, product or ratio, or the TOPSIS
	// closeness in [0, 1]. Higher is better.
	Scores []float64 `json:"scores"`
	// Ranks are competition ranks (1 = best; "1, 2, 2, 4") with ε-ties.
	Ranks []int `json:"ranks"`
	// Ties lists the groups of tied rows (0-based, ascending), best group first.
	Ties [][]int `json:"ties"`
	// Best is the lowest-indexed row of rank 1.
	Best int `json:"best"`
	// Normalized is the normalized matrix; every column is oriented so that
	// higher is better except under [NormNone].
	Normalized [][]float64 `json:"normalized"`
	// DPlus and DMinus are the TOPSIS distances to the ideal and anti-ideal
	// solutions (nil for other aggregations).
	DPlus  []float64 `json:"d_plus"`
	DMinus []float64 `json:"d_minus"`
}

// table is a validated decision matrix in row-major order.
type table struct {
	n, m   int
	x      []float64
	w      []float64
	dir    []Direction
	scales []Scale
}

// EvaluateMatrix scores the rows of a decision matrix. Weights are used as
// given (normalize them first if they must sum to 1). Normalizations are
// described at [Normalization]; TOPSIS uses Euclidean distances to the
// column-wise best and worst weighted normalized values.
//
// EvaluateMatrix returns an error (wrapping [ErrInvalidInput] or
// [ErrWeights]) if:
//   - the matrix is empty or ragged, or Weights or Directions (or Scales under
//     NormAbsolute) do not have one entry per column;
//   - a value or weight is NaN or infinite, a weight is negative, or all
//     weights are zero;
//   - a value lies outside its scale (NormAbsolute), a value is ≤ 0 where a
//     reciprocal or a power needs it positive (NormSum cost columns,
//     WeightedProduct), or a WeightedRatio denominator is 0;
//   - an option is unknown, or WeightedRatio is used with a normalization
//     other than NormNone.
func EvaluateMatrix(mx Matrix, opts MatrixOptions) (MatrixResult, error) {
	t, err := newTable(mx, opts)
	if err != nil {
		return MatrixResult{}, err
	}
	r := make([]float64, t.n*t.m)
	if err := normalize(opts.Normalization, t, r); err != nil {
		return MatrixResult{}, err
	}
	scores := make([]float64, t.n)
	var dp, dm []float64
	if opts.Aggregation == TOPSIS {
		dp, dm = make([]float64, t.n), make([]float64, t.n)
	}
	if err := aggregate(opts.Aggregation, opts.Normalization, t, r, scores, dp, dm); err != nil {
		return MatrixResult{}, err
	}
	eps := opts.Epsilon
	if eps == 0 {
		eps = DefaultEpsilon
	}
	res := MatrixResult{Aggregation: opts.Aggregation, Normalization: opts.Normalization, Epsilon: eps,
		Scores: scores, DPlus: dp, DMinus: dm, Ties: [][]int{}}
	res.Ranks, res.Ties, res.Best = competition(scores, eps)
	res.Normalized = make([][]float64, t.n)
	for i := range t.n {
		res.Normalized[i] = r[i*t.m : (i+1)*t.m : (i+1)*t.m]
	}
	return res, nil
}

func newTable(mx Matrix, opts MatrixOptions) (*table, error) {
	var l fielderr.List
	if !opts.Aggregation.valid() {
		l.Add(&FieldError{Pkg: "prioritize", Path: "aggregation", Value: opts.Aggregation.String(), Err: ErrInvalidInput})
	}
	if !opts.Normalization.valid() {
		l.Add(&FieldError{Pkg: "prioritize", Path: "normalization", Value: opts.Normalization.String(), Err: ErrInvalidInput})
	}
	if opts.Aggregation == WeightedRatio && opts.Normalization != NormNone {
		l.Add(&FieldError{Pkg: "prioritize", Path: "normalization", Value: opts.Normalization.String(),
			Err: fmt.Errorf("weighted_ratio needs normalization none: %w", ErrInvalidInput)})
	}
	if math.IsNaN(opts.Epsilon) || opts.Epsilon < 0 || math.IsInf(opts.Epsilon, 0) {
		l.Add(&FieldError{Pkg: "prioritize", Path: "epsilon", Value: fmtFloat(opts.Epsilon), Err: fmt.Errorf("must be finite and ≥ 0: %w", ErrInvalidInput)})
	}
	n := len(mx.Values)
	if n == 0 {
		l.Add(&FieldError{Pkg: "prioritize", Path: "values", Err: fmt.Errorf("no rows: %w", ErrInvalidInput)})
		return nil, l.Err()
	}
	m := len(mx.Values[0])
	if m == 0 {
		l.Add(&FieldError{Pkg: "prioritize", Path: "values[0]", Err: fmt.Errorf("no columns: %w", ErrInvalidInput)})
		return nil, l.Err()
	}
	t := &table{n: n, m: m, x: make([]float64, n*m)}
	for i, row := range mx.Values {
		if len(row) != m {
			l.Add(&FieldError{Pkg: "prioritize", Path: "values[" + strconv.Itoa(i) + "]", Value: strconv.Itoa(len(row)),
				Err: fmt.Errorf("row has %d values, want %d: %w", len(row), m, ErrInvalidInput)})
			continue
		}
		for j, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				l.Add(&FieldError{Pkg: "prioritize", Path: cellPath("values", i, j), Value: fmtFloat(v), Err: fmt.Errorf("not a finite number: %w", ErrInvalidInput)})
			}
			t.x[i*m+j] = v
		}
	}
	if len(mx.Weights) != m {
		l.Add(&FieldError{Pkg: "prioritize", Path: "weights", Value: strconv.Itoa(len(mx.Weights)), Err: fmt.Errorf("want %d weights: %w", m, ErrInvalidInput)})
	} else {
		l.Add(checkWeights("weights", mx.Weights, nil))
		t.w = mx.Weights
	}
	if len(mx.Directions) != m {
		l.Add(&FieldError{Pkg: "prioritize", Path: "directions", Value: strconv.Itoa(len(mx.Directions)), Err: fmt.Errorf("want %d directions: %w", m, ErrInvalidInput)})
	} else {
		for j, d := range mx.Directions {
			if !d.valid() {
				l.Add(&FieldError{Pkg: "prioritize", Path: "directions[" + strconv.Itoa(j) + "]", Value: d.String(), Err: fmt.Errorf("want benefit or cost: %w", ErrInvalidInput)})
			}
		}
		t.dir = mx.Directions
	}
	if opts.Normalization == NormAbsolute {
		if len(mx.Scales) != m {
			l.Add(&FieldError{Pkg: "prioritize", Path: "scales", Value: strconv.Itoa(len(mx.Scales)), Err: fmt.Errorf("absolute normalization needs %d scales: %w", m, ErrInvalidInput)})
		} else {
			for j, s := range mx.Scales {
				l.Add(s.validate("scales[" + strconv.Itoa(j) + "]"))
			}
			t.scales = mx.Scales
		}
	}
	if err := l.Err(); err != nil {
		return nil, err
	}
	if opts.Normalization == NormAbsolute {
		for i := range n {
			for j := range m {
				if v, s := t.x[i*m+j], t.scales[j]; v < s.Min || v > s.Max {
					l.Add(&FieldError{Pkg: "prioritize", Path: cellPath("values", i, j), Value: fmtFloat(v),
						Err: fmt.Errorf("outside scale [%s, %s]: %w", fmtFloat(s.Min), fmtFloat(s.Max), ErrInvalidInput)})
				}
			}
		}
	}
	return t, l.Err()
}

// checkWeights reports non-finite, negative and all-zero weights. names, when
// non-nil, labels each weight in the paths.
func checkWeights(prefix string, w []float64, names []string) error {
	var l fielderr.List
	var sum float64
	for j, x := range w {
		path := prefix + "[" + strconv.Itoa(j) + "]"
		if names != nil {
			path = prefix + " " + strconv.Quote(names[j])
		}
		switch {
		case math.IsNaN(x) || math.IsInf(x, 0):
			l.Add(&FieldError{Pkg: "prioritize", Path: path, Value: fmtFloat(x), Err: fmt.Errorf("weight not a finite number: %w", ErrWeights)})
		case x < 0:
			l.Add(&FieldError{Pkg: "prioritize", Path: path, Value: fmtFloat(x), Err: fmt.Errorf("negative weight: %w", ErrWeights)})
		default:
			sum += x
		}
	}
	if l.Len() == 0 && (sum == 0 || math.IsInf(sum, 0)) {
		l.Add(&FieldError{Pkg: "prioritize", Path: prefix, Err: fmt.Errorf("weights sum to %s, want a positive finite sum: %w", fmtFloat(sum), ErrWeights)})
	}
	return l.Err()
}

// normalize writes the normalized matrix of t into r.
func normalize(norm Normalization, t *table, r []float64) error {
	n, m := t.n, t.m
	var l fielderr.List
	if norm == NormAbsolute {
		// Row-major pass: r = x·a_j + b_j with a, b from the scale.
		a, b := make([]float64, m), make([]float64, m)
		for j := range m {
			lo, span := t.scales[j].Min, t.scales[j].Max-t.scales[j].Min
			a[j], b[j] = 1/span, -lo/span
			if t.dir[j] == Cost {
				a[j], b[j] = -a[j], 1-b[j]
			}
		}
		for i := range n {
			row, out := t.x[i*m:(i+1)*m], r[i*m:(i+1)*m]
			for j, v := range row {
				out[j] = max(0, min(1, v*a[j]+b[j]))
			}
		}
		return nil
	}
	for j := range m {
		cost := t.dir[j] == Cost
		switch norm {
		case NormVector:
			var ss float64
			for i := range n {
				ss += t.x[i*m+j] * t.x[i*m+j]
			}
			norm := math.Sqrt(ss)
			for i := range n {
				var v float64
				if norm > 0 {
					v = t.x[i*m+j] / norm
				}
				if cost {
					v = 1 - v
				}
				r[i*m+j] = v
			}
		case NormMinMax:
			lo, hi := math.Inf(1), math.Inf(-1)
			for i := range n {
				lo, hi = min(lo, t.x[i*m+j]), max(hi, t.x[i*m+j])
			}
			for i := range n {
				v := 1.0
				if hi > lo {
					v = (t.x[i*m+j] - lo) / (hi - lo)
					if cost {
						v = (hi - t.x[i*m+j]) / (hi - lo)
					}
				}
				r[i*m+j] = v
			}
		case NormSum:
			var s float64
			ok := true
			for i := range n {
				v := t.x[i*m+j]
				if v < 0 || (cost && v == 0) {
					l.Add(&FieldError{Pkg: "prioritize", Path: cellPath("values", i, j), Value: fmtFloat(v),
						Err: fmt.Errorf("sum normalization needs values ≥ 0 (> 0 for a cost): %w", ErrInvalidInput)})
					ok = false
					continue
				}
				if cost {
					v = 1 / v
				}
				s += v
			}
			if !ok {
				continue
			}
			for i := range n {
				v := t.x[i*m+j]
				if cost {
					v = 1 / v
				}
				if s > 0 {
					v /= s
				}
				r[i*m+j] = v
			}
		case NormNone:
			for i := range n {
				r[i*m+j] = t.x[i*m+j]
			}
		}
	}
	return l.Err()
}

// aggregate writes one score per row into scores; dp and dm receive the
// TOPSIS distances when non-nil.
func aggregate(agg Aggregation, norm Normalization, t *table, r, scores, dp, dm []float64) error {
	n, m := t.n, t.m
	var l fielderr.List
	switch agg {
	case WeightedSum:
		for i := range n {
			row := r[i*m : (i+1)*m]
			var s float64
			for j, v := range row {
				if norm == NormNone && t.dir[j] == Cost {
					s -= t.w[j] * v
				} else {
					s += t.w[j] * v
				}
			}
			scores[i] = s
		}
	case WeightedProduct:
		for i := range n {
			row := r[i*m : (i+1)*m]
			s := 1.0
			for j, v := range row {
				e := t.w[j]
				if norm == NormNone && t.dir[j] == Cost {
					e = -e
				}
				if v < 0 || (v == 0 && e < 0) {
					l.Add(&FieldError{Pkg: "prioritize", Path: cellPath("values", i, j), Value: fmtFloat(t.x[i*m+j]),
						Err: fmt.Errorf("weighted product needs a positive value here: %w", ErrInvalidInput)})
					continue
				}
				if e != 0 {
					s *= math.Pow(v, e)
				}
			}
			scores[i] = s
		}
	case WeightedRatio:
		for i := range n {
			row := r[i*m : (i+1)*m]
			var num, den float64
			for j, v := range row {
				if t.dir[j] == Cost {
					den += t.w[j] * v
				} else {
					num += t.w[j] * v
				}
			}
			if den <= 0 {
				l.Add(&FieldError{Pkg: "prioritize", Path: "values[" + strconv.Itoa(i) + "]", Value: fmtFloat(den),
					Err: fmt.Errorf("weighted ratio denominator must be > 0: %w", ErrInvalidInput)})
				continue
			}
			scores[i] = num / den
		}
	case TOPSIS:
		topsis(norm, t, r, scores, dp, dm)
	}
	if l.Len() == 0 {
		for i, s := range scores {
			if math.IsNaN(s) || math.IsInf(s, 0) {
				l.Add(&FieldError{Pkg: "prioritize", Path: "values[" + strconv.Itoa(i) + "]", Value: fmtFloat(s),
					Err: fmt.Errorf("score overflows float64: %w", ErrInvalidInput)})
			}
		}
	}
	return l.Err()
}

func topsis(norm Normalization, t *table, r, scores, dp, dm []float64) {
	n, m := t.n, t.m
	pis, nis := make([]float64, m), make([]float64, m)
	for j := range m {
		hi, lo := math.Inf(-1), math.Inf(1)
		for i := range n {
			v := t.w[j] * r[i*m+j]
			hi, lo = max(hi, v), min(lo, v)
		}
		if norm == NormNone && t.dir[j] == Cost {
			hi, lo = lo, hi
		}
		pis[j], nis[j] = hi, lo
	}
	for i := range n {
		var sp, sm float64
		for j := range m {
			v := t.w[j] * r[i*m+j]
			sp += (v - pis[j]) * (v - pis[j])
			sm += (v - nis[j]) * (v - nis[j])
		}
		p, q := math.Sqrt(sp), math.Sqrt(sm)
		c := 0.0
		if p+q > 0 {
			c = q / (p + q)
		}
		scores[i] = c
		if dp != nil {
			dp[i], dm[i] = p, q
		}
	}
}

// competition returns competition ranks with ε-tie groups: rows are ordered
// by score (descending) then index, and a row joins the group of the row
// before it when the group leader's score exceeds its own by at most eps.
func competition(scores []float64, eps float64) (ranks []int, ties [][]int, best int) {
	n := len(scores)
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(scores[b], scores[a]) })
	ranks = make([]int, n)
	ties = [][]int{}
	for k := 0; k < n; {
		lead := scores[order[k]]
		e := k + 1
		for e < n && tiedWith(lead, scores[order[e]], eps) {
			e++
		}
		for _, i := range order[k:e] {
			ranks[i] = k + 1
		}
		if e-k > 1 {
			g := slices.Clone(order[k:e])
			slices.Sort(g)
			ties = append(ties, g)
		}
		k = e
	}
	best = n
	for i, rk := range ranks {
		if rk == 1 && i < best {
			best = i
		}
	}
	return ranks, ties, best
}
