package prioritize

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
)

// Sensitivity method identifiers recorded in [SensitivityReport.Method].
const (
	// MethodAnalyticWS is the closed-form threshold of the weighted sum after
	// Triantaphyllou and Sánchez (1997), with the other weights rescaled
	// proportionally.
	MethodAnalyticWS = "analytic weighted sum (Triantaphyllou & Sanchez 1997), proportional renormalization"
	// MethodSweep is the numeric search used for the other aggregations: a
	// grid of SweepSteps points in each direction, then 60 bisection steps.
	MethodSweep = "numeric sweep with bisection, proportional renormalization"
)

// Defaults of [SensitivityOptions].
const (
	DefaultFragileRelative = 0.10
	DefaultFragileLevels   = 1
	DefaultSweepSteps      = 200
)

// SensitivityOptions tunes [AnalyzeSensitivity]. Zero values select the
// defaults.
type SensitivityOptions struct {
	// FragileRelative flags the winner as fragile when some criterion's
	// weight needs a relative change of at most this much (0.10 = 10 %) to
	// change the winner. Default [DefaultFragileRelative].
	FragileRelative float64 `json:"fragile_relative"`
	// FragileLevels flags the winner as fragile when a single score moved by
	// at most this many scale levels changes the winner. Default
	// [DefaultFragileLevels].
	FragileLevels int `json:"fragile_levels"`
	// SweepSteps is the grid size per direction of the numeric search used
	// for aggregations other than the weighted sum. Default
	// [DefaultSweepSteps]; at most 100,000.
	SweepSteps int `json:"sweep_steps"`
}

// WeightChange is the smallest change of one criterion's weight, in one
// direction, that changes an order (the winner or one adjacent pair) as
// [Rank] produces it: ε-ties and the tie-break cascade included. The other
// weights are rescaled proportionally so the total stays the same and none
// becomes negative.
//
// Weight is the boundary: any smaller change keeps the order, and just
// beyond it By is ahead. For the weighted sum the boundary is exact (up to
// rounding of the weight); for the sweep it is within 1e-12 of the weight
// total, and a change confined between two grid points is missed.
type WeightChange struct {
	// Possible is false when no weight in this direction changes the order;
	// Note then says "no change possible" and the numbers are zero.
	Possible bool    `json:"possible"`
	Weight   float64 `json:"weight"`   // the criterion's weight at the boundary
	Delta    float64 `json:"delta"`    // Weight − current weight (absolute change)
	Relative float64 `json:"relative"` // Delta / current weight (0 when the current weight is 0)
	// By is the item that moves above (for the winner: the new winner).
	By string `json:"by"`
	// Crossing says how By gets ahead just beyond the boundary:
	// [CrossingLead] when its score exceeds the other's by more than the
	// model's Epsilon, [CrossingTieBreak] when the two are tied within
	// Epsilon and By wins the tie-break cascade at step TieBreak ("" for a
	// lead). When the cascade favours the incumbent, the boundary is where
	// By's lead exceeds Epsilon, not where the scores are equal.
	Crossing string `json:"crossing"`
	TieBreak string `json:"tie_break"`
	Note     string `json:"note"`
}

// Crossing kinds of a [WeightChange].
const (
	// CrossingLead: the new item's score exceeds the other's by more than
	// Epsilon.
	CrossingLead = "lead"
	// CrossingTieBreak: the scores are tied within Epsilon and the new item
	// wins the tie-break cascade.
	CrossingTieBreak = "tie_break"
)

// NoChangePossible is the Note of a [WeightChange] or [ScoreChange] that
// cannot happen.
const NoChangePossible = "no change possible"

// PairSensitivity gives the weight changes that swap two adjacent items of
// the ranking (Upper is currently directly above Lower).
type PairSensitivity struct {
	Upper string       `json:"upper"`
	Lower string       `json:"lower"`
	Down  WeightChange `json:"down"`
	Up    WeightChange `json:"up"`
}

// CriterionSensitivity is the weight sensitivity of one criterion.
type CriterionSensitivity struct {
	Criterion string  `json:"criterion"`
	Weight    float64 `json:"weight"`
	// Down and Up are the smallest decrease and increase that change the
	// winner.
	Down WeightChange `json:"down"`
	Up   WeightChange `json:"up"`
	// Smallest is whichever of Down and Up needs the smaller absolute change
	// (Down on a tie); its Possible is false when neither is possible.
	Smallest WeightChange `json:"smallest"`
	// Pairs lists every adjacent pair of the ranking, top first.
	Pairs []PairSensitivity `json:"pairs"`
}

// ScoreChange is the smallest single-score change that changes the winner
// of [Rank] (ε-ties, gates and the tie-break cascade included): Item's score
// on Criterion moved from From to To. Levels counts the scale levels passed
// (0 when the scale has none); Change is To − From in scale units.
type ScoreChange struct {
	Possible  bool    `json:"possible"`
	Item      string  `json:"item"`
	Criterion string  `json:"criterion"`
	From      float64 `json:"from"`
	To        float64 `json:"to"`
	Change    float64 `json:"change"`
	Levels    int     `json:"levels"`
	// NewWinner is the winner after the change.
	NewWinner string `json:"new_winner"`
	// Exact is true when the search covered every single-score change: each
	// criterion has levels (every level of every item is tried, nearest
	// first), or scores are independent of the other items (absolute or no
	// normalization, not TOPSIS), so a continuous score moves its item
	// monotonically and bisection finds the boundary. Otherwise a continuous
	// scale is bisected towards its ends only, which can miss a change in
	// the middle.
	Exact bool   `json:"exact"`
	Note  string `json:"note"`
}

// SensitivityReport is the result of [AnalyzeSensitivity].
type SensitivityReport struct {
	ModelHash      string      `json:"model_hash"`
	Aggregation    Aggregation `json:"aggregation"`
	Method         string      `json:"method"`
	LibraryVersion string      `json:"library_version"`
	Winner         string      `json:"winner"`
	RunnerUp       string      `json:"runner_up"`
	// Criteria holds one entry per criterion, in model order.
	Criteria []CriterionSensitivity `json:"criteria"`
	// MostCritical is the criterion whose weight needs the smallest absolute
	// change to change the winner, MostCriticalRelative the smallest relative
	// change; "" when no weight change can.
	MostCritical         string `json:"most_critical"`
	MostCriticalRelative string `json:"most_critical_relative"`
	// Score is the smallest single-score change (fewest levels, then the
	// smallest change as a share of the scale) that changes the winner.
	Score ScoreChange `json:"score"`
	// Fragile is true when the winner is tied, or a small weight or score
	// change (see [SensitivityOptions]) changes it; Reasons says why.
	Fragile bool     `json:"fragile"`
	Reasons []string `json:"reasons"`
}

// AnalyzeSensitivity ranks items under m and reports how robust the order
// is: per criterion, the smallest weight decrease and increase that change
// the winner and that swap each adjacent pair (analytic for the weighted
// sum, a numeric sweep for the other aggregations), the smallest single-score
// change that changes the winner, and a fragile-winner flag with its
// reasons.
//
// "Changes the winner" means that [Rank] on the changed input places another
// item first. Every comparison uses the rule of Rank: a score (or critical
// score) is strictly higher only when it exceeds the other by more than the
// model's Epsilon ([DefaultEpsilon] 1e-9 when unset); within it the items
// are tied and the tie-break cascade decides. A weight change rescales the
// other weights proportionally, so the total is kept and none turns
// negative; when the criterion holds the whole weight no change is possible.
// Gates do not depend on weights, so only items with the winner's gate
// status take part in the weight analysis; an adjacent pair's boundary is
// judged on the two items alone (a third item's tie group can move them
// earlier). The score analysis tries every item, blocked ones included (a
// change can unblock them), replacing one score by a point score on its
// scale: every level nearest first, or on a continuous scale bisection
// towards the end ([ScoreChange].Exact says whether the search is complete).
//
// Cost: the weighted sum needs O(m·n) evaluations of the first place (each
// O(n·m)) in the worst case, usually far fewer; the sweep O(m·(SweepSteps +
// 60)) per order; the score search O(n·m·L) rescorings with L levels per
// scale (each O(m) for independent scores, O(n·m) otherwise).
//
// AnalyzeSensitivity returns an error if the model or the items are invalid
// (see [Rank]), if fewer than two items are given, or if an option is
// negative or SweepSteps exceeds 100,000 (wraps [ErrInvalidInput]).
func AnalyzeSensitivity(m Model, items []Item, opts SensitivityOptions) (SensitivityReport, error) {
	if err := opts.fill(); err != nil {
		return SensitivityReport{}, err
	}
	c, err := m.compile()
	if err != nil {
		return SensitivityReport{}, err
	}
	s, err := c.score(items)
	if err != nil {
		return SensitivityReport{}, err
	}
	if len(items) < 2 {
		return SensitivityReport{}, &FieldError{Pkg: "prioritize", Path: "items", Value: strconv.Itoa(len(items)),
			Err: fmt.Errorf("sensitivity needs at least two items: %w", ErrInvalidInput)}
	}
	rk := s.rank(items)
	idx := make(map[string]int, len(items))
	for i := range items {
		idx[items[i].ID] = i
	}
	order := make([]int, len(rk.Entries))
	for q, e := range rk.Entries {
		order[q] = idx[e.ID]
	}
	a := newAnalyzer(s, items, opts)
	rep := SensitivityReport{ModelHash: rk.ModelHash, Aggregation: c.m.Aggregation, LibraryVersion: LibraryVersion,
		Winner: rk.Entries[0].ID, RunnerUp: rk.Entries[1].ID, Reasons: []string{}}
	rep.Method = MethodSweep
	if c.m.Aggregation == WeightedSum {
		rep.Method = MethodAnalyticWS
	}
	win := order[0]
	bestAbs, bestRel := math.Inf(1), math.Inf(1)
	for k, cr := range c.m.Criteria {
		cs := CriterionSensitivity{Criterion: cr.ID, Weight: c.w[k], Pairs: make([]PairSensitivity, 0, len(order)-1)}
		cs.Down, cs.Up = a.winnerChange(k, win)
		cs.Smallest = cs.Down
		if !cs.Down.Possible || (cs.Up.Possible && math.Abs(cs.Up.Delta) < math.Abs(cs.Down.Delta)) {
			cs.Smallest = cs.Up
		}
		for q := 0; q+1 < len(order); q++ {
			u, l := order[q], order[q+1]
			ps := PairSensitivity{Upper: items[u].ID, Lower: items[l].ID}
			ps.Down, ps.Up = a.pairChange(k, u, []int{l})
			cs.Pairs = append(cs.Pairs, ps)
		}
		if sm := cs.Smallest; sm.Possible {
			if d := math.Abs(sm.Delta); d < bestAbs {
				bestAbs, rep.MostCritical = d, cr.ID
			}
			for _, wc := range [...]WeightChange{cs.Down, cs.Up} {
				if wc.Possible && c.w[k] > 0 && math.Abs(wc.Relative) < bestRel {
					bestRel, rep.MostCriticalRelative = math.Abs(wc.Relative), cr.ID
				}
			}
		}
		rep.Criteria = append(rep.Criteria, cs)
	}
	rep.Score = a.scoreChange(win)
	e0, e1 := rk.Entries[0], rk.Entries[1]
	if e0.Blocked == e1.Blocked && tiedWith(e0.Score, e1.Score, c.eps) {
		rep.Reasons = append(rep.Reasons, fmt.Sprintf("%s and %s are tied within epsilon %g", e0.ID, e1.ID, c.eps))
	}
	for _, cs := range rep.Criteria {
		for _, wc := range [...]WeightChange{cs.Down, cs.Up} {
			if wc.Possible && c.w[indexOf(c, cs.Criterion)] > 0 && math.Abs(wc.Relative) <= opts.FragileRelative {
				rep.Reasons = append(rep.Reasons, fmt.Sprintf("a %.1f %% change of the %s weight (%.4f to %.4f) makes %s the winner",
					100*math.Abs(wc.Relative), cs.Criterion, cs.Weight, wc.Weight, wc.By))
			}
		}
	}
	if sc := rep.Score; sc.Possible && sc.Levels > 0 && sc.Levels <= opts.FragileLevels {
		rep.Reasons = append(rep.Reasons, fmt.Sprintf("moving %s's %s score by %d level(s) (%g to %g) makes %s the winner",
			sc.Item, sc.Criterion, sc.Levels, sc.From, sc.To, sc.NewWinner))
	}
	rep.Fragile = len(rep.Reasons) > 0
	return rep, nil
}

func indexOf(c *compiled, id string) int { return c.index[id] }

func (o *SensitivityOptions) fill() error {
	bad := func(path, v string) error {
		return &FieldError{Pkg: "prioritize", Path: path, Value: v, Err: fmt.Errorf("out of range: %w", ErrInvalidInput)}
	}
	if !finite(o.FragileRelative) || o.FragileRelative < 0 {
		return bad("fragile_relative", fmtFloat(o.FragileRelative))
	}
	if o.FragileLevels < 0 {
		return bad("fragile_levels", strconv.Itoa(o.FragileLevels))
	}
	if o.SweepSteps < 0 || o.SweepSteps > 100_000 {
		return bad("sweep_steps", strconv.Itoa(o.SweepSteps))
	}
	if o.FragileRelative == 0 {
		o.FragileRelative = DefaultFragileRelative
	}
	if o.FragileLevels == 0 {
		o.FragileLevels = DefaultFragileLevels
	}
	if o.SweepSteps == 0 {
		o.SweepSteps = DefaultSweepSteps
	}
	return nil
}

// analyzer evaluates the first place of the ranking under modified weights
// and scores.
type analyzer struct {
	s     *scored
	items []Item
	opts  SensitivityOptions
	total float64
	eps   float64
	v     []float64 // weighted-sum signed normalized values (n × m)
	base  standing  // the unmodified ranking
	w     []float64 // scratch weights
	out   []float64 // scratch scores
	crit  []float64 // scratch critical scores
}

func newAnalyzer(s *scored, items []Item, opts SensitivityOptions) *analyzer {
	n := s.t.n
	a := &analyzer{s: s, items: items, opts: opts, eps: s.c.eps, w: make([]float64, s.t.m),
		out: make([]float64, n), crit: make([]float64, n)}
	for _, w := range s.c.w {
		a.total += w
	}
	a.base = standing{sc: s.scores, crit: s.criticalScores(s.c.w), room: s.rooms(), blocked: s.blocked}
	if s.c.m.Aggregation == WeightedSum {
		m := s.t.m
		a.v = make([]float64, n*m)
		for i := range n {
			for j := range m {
				v := s.r[i*m+j]
				if s.c.m.Normalization == NormNone && s.c.dir[j] == Cost {
					v = -v
				}
				a.v[i*m+j] = v
			}
		}
	}
	return a
}

// weightsAt writes the weights with criterion k set to t and the others
// rescaled proportionally into a.w.
func (a *analyzer) weightsAt(k int, t float64) []float64 {
	w0 := a.s.c.w
	rest := a.total - w0[k]
	f := (a.total - t) / rest
	for j := range w0 {
		a.w[j] = w0[j] * f
	}
	a.w[k] = t
	return a.w
}

// at returns the standing with criterion k's weight at t (scores that
// cannot be computed are NaN and never place first).
func (a *analyzer) at(k int, t float64) *standing {
	tb := *a.s.t
	tb.w = a.weightsAt(k, t)
	if err := aggregate(a.s.c.m.Aggregation, a.s.c.m.Normalization, &tb, a.s.r, a.out, nil, nil); err != nil {
		for i := range a.out {
			a.out[i] = math.NaN()
		}
	}
	a.s.criticalInto(a.w, a.crit)
	return &standing{sc: a.out, crit: a.crit, room: a.base.room, blocked: a.s.blocked}
}

// firstAt returns the first of set with criterion k's weight at t, or −1.
func (a *analyzer) firstAt(k int, t float64, set []int) int {
	return firstOf(a.items, a.at(k, t), set, a.eps)
}

// changed reports whether the first of set at weight t is an item other
// than top (an unscorable weight changes nothing).
func (a *analyzer) changed(k int, t float64, top int, set []int) (int, bool) {
	f := a.firstAt(k, t, set)
	return f, f >= 0 && f != top
}

// rivals returns the items that can overtake item top: the others with the
// same gate status.
func (a *analyzer) rivals(top int) []int {
	var r []int
	for i := range a.s.t.n {
		if i != top && a.s.blocked[i] == a.s.blocked[top] {
			r = append(r, i)
		}
	}
	return r
}

func (a *analyzer) winnerChange(k, win int) (down, up WeightChange) {
	return a.pairChange(k, win, a.rivals(win))
}

// pairChange returns the smallest decrease and increase of criterion k's
// weight after which [firstOf] top and others is no longer top.
func (a *analyzer) pairChange(k, top int, others []int) (down, up WeightChange) {
	down, up = noChange(), noChange()
	if len(others) == 0 {
		return down, up
	}
	if a.total-a.s.c.w[k] <= 0 { // the criterion holds all the weight
		return down, up
	}
	set := append([]int{top}, others...)
	for _, dir := range [...]int{-1, +1} {
		var t, te float64
		var by int
		if a.v != nil {
			t, by, te = a.analytic(k, top, set, dir)
		} else {
			t, by, te = a.sweep(k, top, set, dir)
		}
		if by < 0 {
			continue
		}
		wc := a.change(k, t, a.items[by].ID)
		wc.Crossing, wc.TieBreak = a.crossing(k, te, top, by, set)
		if dir < 0 {
			down = wc
		} else {
			up = wc
		}
	}
	return down, up
}

// crossing says how by is ahead of top with criterion k's weight at t.
func (a *analyzer) crossing(k int, t float64, top, by int, set []int) (string, string) {
	st := a.at(k, t)
	_, hi, chi := st.leaders(set, a.eps)
	switch {
	case !tiedWith(hi, st.sc[top], a.eps):
		return CrossingLead, ""
	case !tiedWith(chi, st.crit[top], a.eps):
		return CrossingTieBreak, TieBreakCritical
	}
	return CrossingTieBreak, staticCmp(a.items, st.room, by, top).step
}

func noChange() WeightChange { return WeightChange{Note: NoChangePossible} }

func (a *analyzer) change(k int, t float64, by string) WeightChange {
	w0 := a.s.c.w[k]
	wc := WeightChange{Possible: true, Weight: t, Delta: t - w0, By: by}
	if w0 > 0 {
		wc.Relative = wc.Delta / w0
	}
	return wc
}

// line is the value p + q·t of a weighted-sum score (or critical score) as
// a function of one criterion's weight t, the others rescaled.
type line struct{ p, q float64 }

// lines returns the score and critical-score lines of the items of set
// under criterion k (indexed by item).
func (a *analyzer) lines(k int, set []int) (ls, lc []line) {
	s := a.s
	n, m := s.t.n, s.t.m
	w0 := s.c.w
	T := a.total
	rest := T - w0[k]
	ls, lc = make([]line, n), make([]line, n)
	for _, i := range set {
		var r, c float64
		for j := range m {
			if j == k {
				continue
			}
			r += w0[j] * a.v[i*m+j]
			if s.c.m.Criteria[j].Tier == TierCritical {
				c += w0[j] * s.r[i*m+j]
			}
		}
		ck := 0.0
		if s.c.m.Criteria[k].Tier == TierCritical {
			ck = s.r[i*m+k]
		}
		ls[i] = line{r * T / rest, a.v[i*m+k] - r/rest}
		lc[i] = line{c * T / rest, ck - c/rest}
	}
	return ls, lc
}

// roots appends the weights at which x − y equals ±eps and keep accepts.
func roots(pts []float64, x, y line, eps float64, keep func(float64) bool) []float64 {
	dq := x.q - y.q
	if dq == 0 {
		return pts
	}
	dp := x.p - y.p
	for _, c := range [...]float64{eps, -eps} {
		if t := (c - dp) / dq; keep(t) {
			pts = append(pts, t)
		}
	}
	return pts
}

// analytic finds, for the weighted sum, the first weight in direction dir
// at which the first of set is no longer top. Scores and critical scores
// are linear in the weight, so the first place can change only where two of
// them differ by exactly eps: every such point of top against another item,
// and inside each interval between them the points of the items that come
// within eps of top there. The first place is evaluated (as [Rank] does)
// at each point and between neighbours; it returns the boundary, the new
// first and the weight at which it was seen, or by −1.
func (a *analyzer) analytic(k, top int, set []int, dir int) (t float64, by int, seen float64) {
	w0 := a.s.c.w[k]
	end := 0.0
	if dir > 0 {
		end = a.total
	}
	if end == w0 {
		return 0, -1, 0
	}
	ls, lc := a.lines(k, set)
	dist := func(t float64) float64 { return (t - w0) * float64(dir) }
	span := dist(end)
	inRange := func(t float64) bool { d := dist(t); return d > 0 && d <= span }
	pts := []float64{end}
	for _, b := range set {
		if b != top {
			pts = roots(pts, ls[b], ls[top], a.eps, inRange)
			pts = roots(pts, lc[b], lc[top], a.eps, inRange)
		}
	}
	byDist := func(x, y float64) int { return cmp.Compare(dist(x), dist(y)) }
	slices.SortFunc(pts, byDist)
	pts = slices.Compact(pts)
	prev := w0
	var near []int
	for _, p := range pts {
		// Items within eps of top somewhere in (prev, p), whose mutual
		// crossings can open or close the tie group.
		near = near[:0]
		band := a.eps * (1 + 1e-9)
		for _, b := range set {
			if b == top {
				continue
			}
			d1 := ls[b].p - ls[top].p + (ls[b].q-ls[top].q)*prev
			d2 := ls[b].p - ls[top].p + (ls[b].q-ls[top].q)*p
			if min(d1, d2) <= band && max(d1, d2) >= -band {
				near = append(near, b)
			}
		}
		inner := []float64{}
		lo, hi := dist(prev), dist(p)
		inside := func(t float64) bool { d := dist(t); return d > lo && d < hi }
		for x := 0; x < len(near); x++ {
			for y := x + 1; y < len(near); y++ {
				inner = roots(inner, ls[near[x]], ls[near[y]], a.eps, inside)
				inner = roots(inner, lc[near[x]], lc[near[y]], a.eps, inside)
			}
		}
		slices.SortFunc(inner, byDist)
		for _, q := range append(slices.Compact(inner), p) {
			if mid := prev/2 + q/2; mid != prev && mid != q {
				if f, ok := a.changed(k, mid, top, set); ok {
					return prev, f, mid
				}
			}
			if f, ok := a.changed(k, q, top, set); ok {
				return q, f, q
			}
			prev = q
		}
	}
	return 0, -1, 0
}

// sweep searches direction dir (−1 down, +1 up) on a grid of SweepSteps
// points, then bisects, for the first weight at which the first of set is
// no longer top. A change confined between two grid points is missed.
func (a *analyzer) sweep(k, top int, set []int, dir int) (float64, int, float64) {
	w0 := a.s.c.w[k]
	end := 0.0
	if dir > 0 {
		end = a.total
	}
	steps := a.opts.SweepSteps
	prev := w0
	for i := 1; i <= steps; i++ {
		t := w0 + (end-w0)*float64(i)/float64(steps)
		if i == steps {
			t = end
		}
		if dir > 0 && t >= a.total {
			t = math.Nextafter(a.total, 0) // keep the other criteria alive
		}
		if _, ok := a.changed(k, t, top, set); !ok {
			prev = t
			continue
		}
		lo, hi := prev, t // lo keeps the first place, hi changes it
		for range 60 {
			mid := lo/2 + hi/2
			if mid == lo || mid == hi {
				break
			}
			if _, ok := a.changed(k, mid, top, set); ok {
				hi = mid
			} else {
				lo = mid
			}
		}
		f, _ := a.changed(k, hi, top, set)
		return hi, f, hi
	}
	return 0, -1, 0
}

// scoreIndependent reports whether an item's score depends on its own
// scores only (absolute or no normalization, not TOPSIS): then each score
// moves its item monotonically and the others not at all.
func (a *analyzer) scoreIndependent() bool {
	c := a.s.c.m
	return (c.Normalization == NormAbsolute || c.Normalization == NormNone) && c.Aggregation != TOPSIS
}

// scoreChange finds the smallest single-score change that changes the
// winner: every item (blocked ones included, since a change can unblock
// them) and every criterion. Where scores are independent only the helpful
// direction is tried (the winner towards its worse end, the others towards
// their better end); otherwise both.
func (a *analyzer) scoreChange(win int) ScoreChange {
	best := ScoreChange{Note: NoChangePossible}
	bestShare := math.Inf(1)
	c := a.s.c
	indep := a.scoreIndependent()
	exact := true
	for _, cr := range c.m.Criteria {
		exact = exact && (indep || len(cr.Scale.Levels) > 0)
	}
	mod := slices.Clone(a.items)
	for i := range a.items {
		for j, cr := range c.m.Criteria {
			from := a.s.x[i*a.s.t.m+j]
			helpUp := (cr.Direction == Benefit) != (i == win)
			dirs := []bool{helpUp}
			if !indep {
				dirs = append(dirs, !helpUp)
			}
			for _, up := range dirs {
				sc, ok := a.tryScore(mod, i, j, from, up, win, indep)
				if !ok {
					continue
				}
				share := math.Abs(sc.Change) / (cr.Scale.Max - cr.Scale.Min)
				if !best.Possible || sc.Levels < best.Levels || (sc.Levels == best.Levels && share < bestShare) ||
					(sc.Levels == best.Levels && share == bestShare && sc.Item < best.Item) {
					best, bestShare = sc, share
				}
			}
		}
	}
	best.Exact = exact
	return best
}

// tryScore moves item i's score on criterion j from its point value in the
// given direction until the winner changes: level by level, nearest first,
// or on a continuous scale by bisection towards the end of the scale.
func (a *analyzer) tryScore(mod []Item, i, j int, from float64, up bool, win int, indep bool) (ScoreChange, bool) {
	cr := a.s.c.m.Criteria[j]
	items := a.items
	st := standing{sc: slices.Clone(a.base.sc), crit: slices.Clone(a.base.crit), room: slices.Clone(a.base.room),
		blocked: slices.Clone(a.base.blocked)}
	all := make([]int, len(items))
	for q := range all {
		all[q] = q
	}
	set := func(v float64) (string, bool) {
		it := items[i]
		it.Scores = append([]Score(nil), items[i].Scores...)
		for q := range it.Scores {
			if it.Scores[q].Criterion == cr.ID {
				it.Scores[q] = Score{Criterion: cr.ID, Value: v}
			}
		}
		var cur *standing
		if indep {
			s, err := a.s.c.score([]Item{it})
			if err != nil {
				return "", false
			}
			st.sc[i], st.crit[i], st.room[i], st.blocked[i] = s.scores[0], s.criticalScores(a.s.c.w)[0], s.minGateRoom(0), s.blocked[0]
			defer func() {
				st.sc[i], st.crit[i], st.room[i], st.blocked[i] = a.base.sc[i], a.base.crit[i], a.base.room[i], a.base.blocked[i]
			}()
			cur = &st
		} else {
			mod[i] = it
			defer func() { mod[i] = items[i] }()
			s, err := a.s.c.score(mod)
			if err != nil {
				return "", false
			}
			cur = &standing{sc: s.scores, crit: s.criticalScores(a.s.c.w), room: s.rooms(), blocked: s.blocked}
		}
		f := firstOf(items, cur, all, a.eps)
		if f < 0 {
			return "", false
		}
		return items[f].ID, f != win
	}
	res := func(to float64, by string) ScoreChange {
		sc := ScoreChange{Possible: true, Item: items[i].ID, Criterion: cr.ID, From: from, To: to, Change: to - from, NewWinner: by}
		for _, lv := range cr.Scale.Levels {
			if (up && lv.Value > from && lv.Value <= to) || (!up && lv.Value < from && lv.Value >= to) {
				sc.Levels++
			}
		}
		return sc
	}
	if len(cr.Scale.Levels) > 0 {
		lv := cr.Scale.Levels
		for q := range lv {
			k := q
			if !up {
				k = len(lv) - 1 - q
			}
			v := lv[k].Value
			if (up && v <= from) || (!up && v >= from) {
				continue
			}
			if by, ok := set(v); ok {
				return res(v, by), true
			}
		}
		return ScoreChange{}, false
	}
	end := cr.Scale.Max
	if !up {
		end = cr.Scale.Min
	}
	if end == from {
		return ScoreChange{}, false
	}
	by, ok := set(end)
	if !ok {
		return ScoreChange{}, false
	}
	lo, hi := from, end
	for range 60 {
		mid := lo/2 + hi/2
		if mid == lo || mid == hi {
			break
		}
		if b, ok := set(mid); ok {
			hi, by = mid, b
		} else {
			lo = mid
		}
	}
	return res(hi, by), true
}
