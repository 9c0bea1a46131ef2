package prioritize

import (
	"fmt"
	"math"
	"strconv"

	"github.com/healthpm/healthpm/internal/fielderr"
)

// DefaultCRThreshold is the consistency-ratio gate used when
// [AHPOptions.Threshold] is zero: a matrix with CR above 0.10 is inconsistent
// (Saaty's rule of thumb).
const DefaultCRThreshold = 0.10

// Pairwise scale bounds: judgments lie on Saaty's 1/9 … 9 scale.
const (
	minJudgment = 1.0 / 9
	maxJudgment = 9.0
	// scaleSlack is the relative slack on the scale bounds, so that 1/9
	// typed as 0.111 is on the scale.
	scaleSlack = 1e-3
	// diagonalTol bounds |a_ii − 1|.
	diagonalTol = 1e-9
	// reciprocalTol bounds |a_ij · a_ji − 1| for a pair to count as
	// reciprocal (0.333 for 1/3 passes, 0.33 does not).
	reciprocalTol = 1e-3
)

// MaxIncompleteSize is the largest matrix with missing judgments that [AHP]
// completes (completion cost grows quickly with the number of gaps).
const MaxIncompleteSize = 20

// AHPOptions configures [AHP]. The zero value means: eigenvector priorities,
// λmax as the principal eigenvalue, the Saaty 1980 random-index table and a
// consistency gate at [DefaultCRThreshold].
type AHPOptions struct {
	Derivation Derivation   `json:"derivation"`
	Lambda     LambdaMethod `json:"lambda"`
	RITable    RITable      `json:"ri_table"`
	// Threshold is the largest consistency ratio accepted as consistent, in
	// (0, 1]; 0 means DefaultCRThreshold.
	Threshold float64 `json:"threshold"`
	// Labels optionally names the rows (criteria or alternatives); when set it
	// must have one non-empty label per row. Labels appear in judgments and
	// messages.
	Labels []string `json:"labels"`
}

// Judgment is one pairwise judgment a_ij ("row is Given times as important as
// column") set beside the ratio w_i / w_j implied by the derived priorities.
type Judgment struct {
	Row      int     `json:"row"` // 0-based row index
	Col      int     `json:"col"` // 0-based column index
	RowLabel string  `json:"row_label"`
	ColLabel string  `json:"col_label"`
	Given    float64 `json:"given"`   // a_ij as entered, in [1/9, 9]
	Implied  float64 `json:"implied"` // w_i / w_j
	// Deviation is |ln(Given / Implied)|: 0 for a judgment fully in line with
	// the priorities, larger when it pulls against them.
	Deviation float64 `json:"deviation"`
}

func (j Judgment) cell() string {
	if j.RowLabel != "" && j.ColLabel != "" {
		return fmt.Sprintf("[%d][%d] (%s vs %s)", j.Row, j.Col, j.RowLabel, j.ColLabel)
	}
	return fmt.Sprintf("[%d][%d]", j.Row, j.Col)
}

func formatInconsistency(e *InconsistencyError) string {
	return fmt.Sprintf("consistency ratio %.4f above %.4f (RI table %s); revisit this judgment: given %.4g, the priorities imply %.4g",
		e.CR, e.Threshold, e.RITable, e.Worst.Given, e.Worst.Implied)
}

// Completion is one judgment filled in by optimal completion of an
// incomplete matrix (upper triangle, Row < Col; a_ji is its reciprocal).
type Completion struct {
	Row   int     `json:"row"`
	Col   int     `json:"col"`
	Value float64 `json:"value"`
}

// AHPResult is the outcome of [AHP] for one pairwise matrix.
type AHPResult struct {
	Method     string       `json:"method"` // "ahp/v1"
	N          int          `json:"n"`
	Labels     []string     `json:"labels"`
	Derivation Derivation   `json:"derivation"`
	Lambda     LambdaMethod `json:"lambda"`
	// Weights are the priorities in row order, each in (0, 1), summing to 1.
	Weights []float64 `json:"weights"`
	// LambdaMax is λmax per Lambda (≥ n for the eigenvalue method).
	LambdaMax float64 `json:"lambda_max"`
	// CI is (λmax − n)/(n − 1), clamped at 0; 0 for n ≤ 2.
	CI float64 `json:"ci"`
	// RI is the random index of RITable for n (0 for n ≤ 2).
	RI      float64 `json:"ri"`
	RITable RITable `json:"ri_table"`
	// CR is CI/RI; 0 for n ≤ 2.
	CR         float64 `json:"cr"`
	Threshold  float64 `json:"threshold"`
	Consistent bool    `json:"consistent"` // CR ≤ Threshold
	// Worst is the given judgment that deviates most from the priorities, the
	// one most worth revisiting (zero value for n ≤ 2).
	Worst Judgment `json:"worst"`
	// Completed lists the judgments filled in by optimal completion (empty
	// for a complete matrix).
	Completed []Completion `json:"completed"`
	// Matrix is the (completed) matrix the priorities were derived from.
	Matrix [][]float64 `json:"matrix"`
}

// Check returns nil if r passed its consistency gate, and otherwise an
// [*InconsistencyError] (wrapping [ErrInconsistent]) naming the judgment most
// worth revisiting.
func (r AHPResult) Check() error {
	if r.Consistent {
		return nil
	}
	return &InconsistencyError{CR: r.CR, Threshold: r.Threshold, RITable: r.RITable, Worst: r.Worst}
}

// pairwise is a validated square matrix in row-major order.
type pairwise struct {
	n       int
	a       []float64
	missing [][2]int // upper-triangle cells (i < j) with no judgment
}

// ValidatePairwise checks a pairwise comparison matrix and returns nil or the
// [errors.Join] of every problem, each a [*FieldError] naming the cell.
// Entries equal to 0 on both sides of the diagonal mark a missing judgment
// (allowed; [AHP] completes them). Computations use the upper triangle and
// its exact reciprocals.
//
// ValidatePairwise returns an error if:
//   - the matrix is empty, larger than [MaxPairwiseSize], or not square;
//   - an entry is NaN, infinite or negative;
//   - a diagonal entry is not 1;
//   - an entry lies outside Saaty's 1/9 … 9 scale (with a relative slack of
//     1e-3, so 0.111 counts as 1/9);
//   - a_ji is neither a_ij's reciprocal rounded to three decimals (0.111
//     for 1/9, 0.167 for 1/6) nor within 1e-3 of it in product (|a_ij ·
//     a_ji − 1| ≤ 1e-3 up to rounding: 0.333 passes for 1/3, 0.33 does
//     not), or only one of the pair is missing;
//   - the judgments given do not connect every row to every other, or a
//     matrix with missing judgments has more than [MaxIncompleteSize] rows.
func ValidatePairwise(matrix [][]float64) error {
	_, err := parsePairwise("pairwise", matrix)
	return err
}

// reciprocal reports whether y counts as the reciprocal of x: one of them
// is the other's reciprocal rounded to three decimals (0.111 for 1/9,
// 0.167 for 1/6), or |x·y − 1| ≤ reciprocalTol up to rounding (a slack of
// 1e-12, so 9 × 0.111 = 0.999 is accepted although its product differs
// from 1 by 1.0000000000000009e-3 in floating point).
func reciprocal(x, y float64) bool {
	r3 := func(v float64) float64 { return math.Round(v*1000) / 1000 }
	if y == r3(1/x) || x == r3(1/y) {
		return true
	}
	return math.Abs(x*y-1) <= reciprocalTol+1e-12
}

func cellPath(prefix string, i, j int) string {
	return prefix + "[" + strconv.Itoa(i) + "][" + strconv.Itoa(j) + "]"
}

func fmtFloat(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

func parsePairwise(prefix string, matrix [][]float64) (pairwise, error) {
	n := len(matrix)
	var l fielderr.List
	if n == 0 {
		l.Add(&FieldError{Pkg: "prioritize", Path: prefix, Err: fmt.Errorf("empty matrix: %w", ErrInvalidInput)})
		return pairwise{}, l.Err()
	}
	if n > MaxPairwiseSize {
		l.Add(&FieldError{Pkg: "prioritize", Path: prefix, Value: strconv.Itoa(n),
			Err: fmt.Errorf("matrix larger than %d × %d: %w", MaxPairwiseSize, MaxPairwiseSize, ErrInvalidInput)})
		return pairwise{}, l.Err()
	}
	for i, row := range matrix {
		if len(row) != n {
			l.Add(&FieldError{Pkg: "prioritize", Path: prefix + "[" + strconv.Itoa(i) + "]", Value: strconv.Itoa(len(row)),
				Err: fmt.Errorf("row has %d entries, want %d (matrix must be square): %w", len(row), n, ErrInvalidInput)})
		}
	}
	if l.Len() > 0 {
		return pairwise{}, l.Err()
	}
	p := pairwise{n: n, a: make([]float64, n*n)}
	for i, row := range matrix {
		copy(p.a[i*n:], row)
	}
	bad := make([]bool, n*n)
	for i := range n {
		for j := range n {
			x := p.a[i*n+j]
			if i != j && x >= minJudgment*(1-scaleSlack) && x <= maxJudgment*(1+scaleSlack) {
				continue // the common case: a judgment on the scale
			}
			path := cellPath(prefix, i, j)
			switch {
			case math.IsNaN(x) || math.IsInf(x, 0):
				l.Add(&FieldError{Pkg: "prioritize", Path: path, Value: fmtFloat(x), Err: fmt.Errorf("not a finite number: %w", ErrInvalidInput)})
				bad[i*n+j] = true
			case i == j:
				if math.Abs(x-1) > diagonalTol {
					l.Add(&FieldError{Pkg: "prioritize", Path: path, Value: fmtFloat(x), Err: fmt.Errorf("diagonal entry must be 1: %w", ErrInvalidInput)})
				}
				bad[i*n+j] = true
			case x < 0:
				l.Add(&FieldError{Pkg: "prioritize", Path: path, Value: fmtFloat(x), Err: fmt.Errorf("judgment must be positive: %w", ErrInvalidInput)})
				bad[i*n+j] = true
			case x == 0:
				// missing; checked pairwise below
			case x < minJudgment*(1-scaleSlack) || x > maxJudgment*(1+scaleSlack):
				l.Add(&FieldError{Pkg: "prioritize", Path: path, Value: fmtFloat(x), Err: fmt.Errorf("judgment outside the 1/9 … 9 scale: %w", ErrInvalidInput)})
				bad[i*n+j] = true
			}
		}
	}
	for i := range n {
		for j := i + 1; j < n; j++ {
			if bad[i*n+j] || bad[j*n+i] {
				continue
			}
			x, y := p.a[i*n+j], p.a[j*n+i]
			switch {
			case x == 0 && y == 0:
				p.missing = append(p.missing, [2]int{i, j})
			case x == 0:
				l.Add(&FieldError{Pkg: "prioritize", Path: cellPath(prefix, i, j), Value: "0",
					Err: fmt.Errorf("missing judgment whose reciprocal [%d][%d] is given: %w", j, i, ErrInvalidInput)})
			case y == 0:
				l.Add(&FieldError{Pkg: "prioritize", Path: cellPath(prefix, j, i), Value: "0",
					Err: fmt.Errorf("missing judgment whose reciprocal [%d][%d] is given: %w", i, j, ErrInvalidInput)})
			case !reciprocal(x, y):
				l.Add(&FieldError{Pkg: "prioritize", Path: cellPath(prefix, j, i), Value: fmtFloat(y),
					Err: fmt.Errorf("not the reciprocal of [%d][%d] = %s (want %s): %w", i, j, fmtFloat(x), fmtFloat(1/x), ErrInvalidInput)})
			default:
				// Work with an exactly reciprocal matrix: the upper
				// triangle is authoritative.
				p.a[j*n+i] = 1 / x
			}
		}
	}
	if l.Len() > 0 {
		return pairwise{}, l.Err()
	}
	if len(p.missing) > 0 && n > MaxIncompleteSize {
		l.Add(&FieldError{Pkg: "prioritize", Path: prefix, Value: strconv.Itoa(n),
			Err: fmt.Errorf("a matrix with missing judgments may have at most %d rows: %w", MaxIncompleteSize, ErrInvalidInput)})
		return pairwise{}, l.Err()
	}
	if len(p.missing) > 0 && !p.connected() {
		l.Add(&FieldError{Pkg: "prioritize", Path: prefix, Err: fmt.Errorf("the given judgments do not connect every row; priorities are undetermined: %w", ErrInvalidInput)})
		return pairwise{}, l.Err()
	}
	return p, nil
}

// connected reports whether the graph of given judgments spans all rows.
func (p pairwise) connected() bool {
	seen := make([]bool, p.n)
	stack := []int{0}
	seen[0] = true
	count := 1
	for len(stack) > 0 {
		i := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for j := range p.n {
			if !seen[j] && p.a[i*p.n+j] > 0 {
				seen[j] = true
				count++
				stack = append(stack, j)
			}
		}
	}
	return count == p.n
}

// AHP derives priorities from a pairwise comparison matrix and measures its
// consistency. Entry a_ij says how strongly row i is preferred to column j on
// Saaty's 1/9 … 9 scale; a_ji must be its reciprocal. A pair left as 0 on both
// sides is missing: the matrix is then completed by the values that minimize
// λmax (Bozóki, Fülöp & Rónyai 2010) before the priorities are derived, and
// the filled cells are listed in [AHPResult.Completed].
//
// CI = (λmax − n)/(n − 1) and CR = CI/RI with RI from opts.RITable; CR = 0 for
// n ≤ 2. AHP does not fail on an inconsistent matrix: it reports
// Consistent = false and the judgment most worth revisiting; call
// [AHPResult.Check] to enforce the gate.
//
// AHP returns an error if:
//   - the matrix fails [ValidatePairwise] (wraps [ErrInvalidInput]);
//   - an option is unknown, the threshold is not in [0, 1], or Labels has the
//     wrong length or an empty label (wraps [ErrInvalidInput]);
//   - n lies beyond the random-index table (wraps [ErrOutOfTable]);
//   - an iteration fails to converge (wraps [ErrNoConvergence]).
func AHP(matrix [][]float64, opts AHPOptions) (AHPResult, error) {
	if err := opts.validate("ahp", len(matrix)); err != nil {
		return AHPResult{}, err
	}
	p, err := parsePairwise("pairwise", matrix)
	if err != nil {
		return AHPResult{}, err
	}
	return solveAHP(p, opts)
}

func (o AHPOptions) validate(prefix string, n int) error {
	var l fielderr.List
	if !o.Derivation.valid() {
		l.Add(&FieldError{Pkg: "prioritize", Path: prefix + ".derivation", Value: o.Derivation.String(), Err: ErrInvalidInput})
	}
	if !o.Lambda.valid() {
		l.Add(&FieldError{Pkg: "prioritize", Path: prefix + ".lambda", Value: o.Lambda.String(), Err: ErrInvalidInput})
	}
	if !o.RITable.valid() {
		l.Add(&FieldError{Pkg: "prioritize", Path: prefix + ".ri_table", Value: o.RITable.String(), Err: ErrInvalidInput})
	}
	if math.IsNaN(o.Threshold) || o.Threshold < 0 || o.Threshold > 1 {
		l.Add(&FieldError{Pkg: "prioritize", Path: prefix + ".threshold", Value: fmtFloat(o.Threshold),
			Err: fmt.Errorf("threshold must be in [0, 1]: %w", ErrInvalidInput)})
	}
	if o.Labels != nil {
		if len(o.Labels) != n {
			l.Add(&FieldError{Pkg: "prioritize", Path: prefix + ".labels", Value: strconv.Itoa(len(o.Labels)),
				Err: fmt.Errorf("want %d labels, one per row: %w", n, ErrInvalidInput)})
		} else {
			for i, s := range o.Labels {
				if s == "" {
					l.Add(&FieldError{Pkg: "prioritize", Path: prefix + ".labels[" + strconv.Itoa(i) + "]", Err: fmt.Errorf("empty label: %w", ErrInvalidInput)})
				}
			}
		}
	}
	return l.Err()
}

func (o AHPOptions) threshold() float64 {
	if o.Threshold == 0 {
		return DefaultCRThreshold
	}
	return o.Threshold
}

func solveAHP(p pairwise, opts AHPOptions) (AHPResult, error) {
	n := p.n
	ri, err := opts.RITable.RI(n)
	if err != nil {
		return AHPResult{}, err
	}
	ws := newWorkspace(n)
	var completed []Completion
	if len(p.missing) > 0 {
		completed, err = complete(p, ws)
		if err != nil {
			return AHPResult{}, err
		}
	}
	a := p.a
	w := make([]float64, n)
	var lambda float64
	haveEigen := false
	switch opts.Derivation {
	case DerivEigen:
		lambda, err = perron(a, n, false, nil, w, ws)
		if err != nil {
			return AHPResult{}, err
		}
		haveEigen = true
	case DerivGeometricMean:
		geometricMean(a, n, w)
	case DerivColumnMean:
		columnMean(a, n, w)
	}
	switch opts.Lambda {
	case LambdaEigenvalue:
		if !haveEigen {
			lambda, err = perron(a, n, false, nil, ws.tmp, ws)
			if err != nil {
				return AHPResult{}, err
			}
		}
	case LambdaMeanRatio:
		lambda = meanRatio(a, n, w)
	}
	res := AHPResult{
		Method: "ahp/v1", N: n, Labels: cloneStrings(opts.Labels), Derivation: opts.Derivation, Lambda: opts.Lambda,
		Weights: w, LambdaMax: lambda, RI: ri, RITable: opts.RITable, Threshold: opts.threshold(),
		Completed: completed,
	}
	if n > 2 {
		res.CI = max(0, (lambda-float64(n))/float64(n-1))
		if ri > 0 {
			res.CR = res.CI / ri
		}
		res.Worst = worstJudgment(p, w, opts.Labels)
	}
	res.Consistent = res.CR <= res.Threshold
	res.Matrix = make([][]float64, n)
	for i := range n {
		res.Matrix[i] = append([]float64(nil), a[i*n:(i+1)*n]...)
	}
	return res, nil
}

func cloneStrings(s []string) []string {
	if s == nil {
		return nil
	}
	return append([]string(nil), s...)
}

// worstJudgment returns the given upper-triangle judgment with the largest
// |ln(a_ij · w_j / w_i)|; completed cells are skipped, and the first such
// cell in row-major order wins ties (within a relative 1e-9; in a 3 × 3
// matrix every judgment deviates equally).
func worstJudgment(p pairwise, w []float64, labels []string) Judgment {
	n := p.n
	var best Judgment
	bestDev := -1.0
	for i := range n {
		for j := i + 1; j < n; j++ {
			if isMissing(p.missing, i, j) {
				continue
			}
			g := p.a[i*n+j]
			imp := w[i] / w[j]
			dev := g / imp // |ln dev| is monotone in max(dev, 1/dev)
			if dev < 1 {
				dev = 1 / dev
			}
			if dev > bestDev*(1+1e-9) { // near-equal deviations: first cell wins
				bestDev = dev
				best = Judgment{Row: i, Col: j, Given: g, Implied: imp}
			}
		}
	}
	best.Deviation = math.Log(bestDev)
	if len(labels) == n {
		best.RowLabel, best.ColLabel = labels[best.Row], labels[best.Col]
	}
	return best
}

func isMissing(m [][2]int, i, j int) bool {
	for _, c := range m {
		if c[0] == i && c[1] == j {
			return true
		}
	}
	return false
}

func geometricMean(a []float64, n int, w []float64) {
	var sum float64
	for i := range n {
		var s float64
		for j := range n {
			s += math.Log(a[i*n+j])
		}
		w[i] = math.Exp(s / float64(n))
		sum += w[i]
	}
	for i := range w {
		w[i] /= sum
	}
}

func columnMean(a []float64, n int, w []float64) {
	clear(w)
	for j := range n {
		var c float64
		for i := range n {
			c += a[i*n+j]
		}
		for i := range n {
			w[i] += a[i*n+j] / c
		}
	}
	for i := range w {
		w[i] /= float64(n)
	}
}

func meanRatio(a []float64, n int, w []float64) float64 {
	var s float64
	for i := range n {
		var y float64
		for j := range n {
			y += a[i*n+j] * w[j]
		}
		s += y / w[i]
	}
	return s / float64(n)
}

// workspace holds scratch buffers for the eigen computations of one matrix.
type workspace struct {
	tmp, y, m, m2 []float64
}

func newWorkspace(n int) *workspace {
	return &workspace{tmp: make([]float64, n), y: make([]float64, n)}
}

const (
	eigenTol      = 1e-15
	eigenNoiseTol = 1e-12 // accepted after the last squaring (rounding noise)
	eigenSteps    = 64    // power steps before squaring the iteration matrix
	eigenSquaring = 12    // at most this many squarings
)

// perron computes the principal eigenvalue of the positive n × n matrix a
// (row-major; its transpose when trans) and writes the eigenvector, normalized
// to sum 1, into w. init, when non-nil, is the starting vector. Power
// iteration is accelerated by repeated squaring of the iteration matrix when
// it converges slowly.
func perron(a []float64, n int, trans bool, init []float64, w []float64, ws *workspace) (float64, error) {
	if n == 1 {
		w[0] = 1
		return a[0], nil
	}
	if init != nil {
		copy(w, init)
	} else {
		// Row (or column) sums are a close first guess for a near-consistent
		// reciprocal matrix.
		var sum float64
		for i := range n {
			var s float64
			for j := range n {
				if trans {
					s += a[j*n+i]
				} else {
					s += a[i*n+j]
				}
			}
			w[i] = s
			sum += s
		}
		for i := range w {
			w[i] /= sum
		}
	}
	m, mtrans := a, trans
	converged := false
	last := math.Inf(1)
	for sq := 0; sq <= eigenSquaring && !converged; sq++ {
		for range eigenSteps {
			if last = powerStep(m, n, mtrans, w, ws.y); last <= eigenTol {
				converged = true
				break
			}
		}
		if converged {
			break
		}
		// Square the iteration matrix (as a plain row-major matrix).
		if ws.m == nil {
			ws.m, ws.m2 = make([]float64, n*n), make([]float64, n*n)
		}
		src := ws.m
		if sq == 0 {
			for i := range n {
				for j := range n {
					if mtrans {
						src[i*n+j] = a[j*n+i]
					} else {
						src[i*n+j] = a[i*n+j]
					}
				}
			}
		}
		dst := ws.m2
		var mx float64
		for i := range n {
			for j := range n {
				var s float64
				for k := range n {
					s += src[i*n+k] * src[k*n+j]
				}
				dst[i*n+j] = s
				mx = max(mx, s)
			}
		}
		for k := range dst {
			dst[k] /= mx
		}
		ws.m, ws.m2 = dst, src
		m, mtrans = ws.m, false
	}
	if !converged && !(last <= eigenNoiseTol) {
		return 0, fmt.Errorf("prioritize: principal eigenvector did not converge: %w", ErrNoConvergence)
	}
	// λ = Σ_i (A w)_i because Σ w = 1.
	var lambda float64
	for i := range n {
		for j := range n {
			if trans {
				lambda += a[j*n+i] * w[j]
			} else {
				lambda += a[i*n+j] * w[j]
			}
		}
	}
	return lambda, nil
}

// powerStep replaces w by M·w normalized to sum 1 and returns the largest
// absolute change.
func powerStep(m []float64, n int, trans bool, w, y []float64) float64 {
	var sum float64
	for i := range n {
		var s float64
		if trans {
			for j := range n {
				s += m[j*n+i] * w[j]
			}
		} else {
			row := m[i*n : (i+1)*n]
			for j, x := range row {
				s += x * w[j]
			}
		}
		y[i] = s
		sum += s
	}
	var d float64
	for i := range n {
		v := y[i] / sum
		d = max(d, math.Abs(v-w[i]))
		w[i] = v
	}
	return d
}

// complete fills the missing judgments of p in place with the values that
// minimize λmax, by cyclic coordinate descent in t = ln a_ij (λmax is convex
// in t) with bisection on dλmax/dt computed from the left and right Perron
// vectors.
func complete(p pairwise, ws *workspace) ([]Completion, error) {
	n := p.n
	for _, c := range p.missing {
		p.a[c[0]*n+c[1]], p.a[c[1]*n+c[0]] = 1, 1
	}
	w, v := make([]float64, n), make([]float64, n)
	if out, ok, err := completeFixedPoint(p, ws, w, v); err != nil || ok {
		return out, err
	}
	for _, c := range p.missing {
		p.a[c[0]*n+c[1]], p.a[c[1]*n+c[0]] = 1, 1
	}
	haveW := false
	deriv := func(i, j int, t float64) (float64, error) {
		p.a[i*n+j], p.a[j*n+i] = math.Exp(t), math.Exp(-t)
		var init []float64
		if haveW {
			init = w
		}
		if _, err := perron(p.a, n, false, init, w, ws); err != nil {
			return 0, err
		}
		if _, err := perron(p.a, n, true, nil, v, ws); err != nil {
			return 0, err
		}
		haveW = true
		var vw float64
		for k := range n {
			vw += v[k] * w[k]
		}
		return (v[i]*p.a[i*n+j]*w[j] - v[j]*p.a[j*n+i]*w[i]) / vw, nil
	}
	const (
		maxPasses = 50
		tTol      = 1e-12
		bound     = 12.0 // completed judgments lie in [e^−12, e^12]
	)
	for range maxPasses {
		moved := 0.0
		for _, c := range p.missing {
			i, j := c[0], c[1]
			old := math.Log(p.a[i*n+j])
			lo, hi := -bound, bound
			glo, err := deriv(i, j, lo)
			if err != nil {
				return nil, err
			}
			ghi, err := deriv(i, j, hi)
			if err != nil {
				return nil, err
			}
			var t float64
			switch {
			case glo >= 0:
				t = lo
			case ghi <= 0:
				t = hi
			default:
				for range 200 {
					mid := 0.5 * (lo + hi)
					if hi-lo <= tTol*0.01 || mid == lo || mid == hi {
						break
					}
					g, err := deriv(i, j, mid)
					if err != nil {
						return nil, err
					}
					if g == 0 {
						lo, hi = mid, mid
						break
					}
					if g < 0 {
						lo = mid
					} else {
						hi = mid
					}
				}
				t = 0.5 * (lo + hi)
			}
			p.a[i*n+j], p.a[j*n+i] = math.Exp(t), math.Exp(-t)
			moved = max(moved, math.Abs(t-old))
		}
		if len(p.missing) == 1 || moved <= tTol {
			out := make([]Completion, len(p.missing))
			for k, c := range p.missing {
				out[k] = Completion{Row: c[0], Col: c[1], Value: p.a[c[0]*n+c[1]]}
			}
			return out, nil
		}
	}
	return nil, fmt.Errorf("prioritize: optimal completion did not converge: %w", ErrNoConvergence)
}

// completeFixedPoint tries the stationarity condition of λmax directly: at
// the optimum each missing a_ij satisfies a_ij² = (v_j w_i)/(v_i w_j) for the
// left and right Perron vectors v and w. Iterating that map converges fast
// in practice; ok is false when it did not within its budget (the caller
// then falls back to coordinate descent).
func completeFixedPoint(p pairwise, ws *workspace, w, v []float64) ([]Completion, bool, error) {
	n := p.n
	const (
		maxIter = 2000
		tol     = 1e-14
		bound   = 12.0
	)
	for range maxIter {
		if _, err := perron(p.a, n, false, nil, w, ws); err != nil {
			return nil, false, err
		}
		if _, err := perron(p.a, n, true, nil, v, ws); err != nil {
			return nil, false, err
		}
		moved := 0.0
		for _, c := range p.missing {
			i, j := c[0], c[1]
			old := math.Log(p.a[i*n+j])
			t := 0.5 * math.Log((v[j]*w[i])/(v[i]*w[j]))
			if math.IsNaN(t) || t > bound || t < -bound {
				return nil, false, nil
			}
			p.a[i*n+j], p.a[j*n+i] = math.Exp(t), math.Exp(-t)
			moved = max(moved, math.Abs(t-old))
		}
		if moved <= tol {
			out := make([]Completion, len(p.missing))
			for k, c := range p.missing {
				out[k] = Completion{Row: c[0], Col: c[1], Value: p.a[c[0]*n+c[1]]}
			}
			return out, true, nil
		}
	}
	return nil, false, nil
}
