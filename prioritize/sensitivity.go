package prioritize

import (
	"fmt"
	"math"
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
// direction, that changes an order (the winner or one adjacent pair). The
// other weights are rescaled proportionally so the total stays the same and
// none becomes negative.
//
// Weight is the boundary: at it the two items tie (exactly for the analytic
// method, within 1e-12 of the weight total on the far side for the sweep);
// any change beyond it reverses their order and any smaller change does not.
type WeightChange struct {
	// Possible is false when no weight in this direction changes the order;
	// Note then says "no change possible" and the numbers are zero.
	Possible bool    `json:"possible"`
	Weight   float64 `json:"weight"`   // the criterion's weight at the boundary
	Delta    float64 `json:"delta"`    // Weight − current weight (absolute change)
	Relative float64 `json:"relative"` // Delta / current weight (0 when the current weight is 0)
	// By is the item that moves above (for the winner: the new winner).
	By   string `json:"by"`
	Note string `json:"note"`
}

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

// ScoreChange is the smallest single-score change that changes the winner:
// Item's score on Criterion moved from From to To. Levels counts the scale
// levels passed (0 when the scale has none); Change is To − From in scale
// units.
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
	Note      string `json:"note"`
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
// "Changes the winner" means another item that is blocked by gates no more
// than the winner scores strictly higher than it (gates do not depend on
// weights). A weight change rescales the other weights proportionally, so
// the total is kept and none turns negative; when the criterion holds the
// whole weight no change is possible. Score changes replace one score by a
// point score on its scale, stepping through the scale's levels (or, without
// levels, bisecting the continuous range, which assumes the score moves the
// item monotonically).
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
		return SensitivityReport{}, &FieldError{Path: "items", Value: strconv.Itoa(len(items)),
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
	a := newAnalyzer(s, opts)
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
		cs.Down, cs.Up = a.winnerChange(k, win, items)
		cs.Smallest = cs.Down
		if !cs.Down.Possible || (cs.Up.Possible && math.Abs(cs.Up.Delta) < math.Abs(cs.Down.Delta)) {
			cs.Smallest = cs.Up
		}
		for q := 0; q+1 < len(order); q++ {
			u, l := order[q], order[q+1]
			ps := PairSensitivity{Upper: items[u].ID, Lower: items[l].ID}
			ps.Down, ps.Up = a.pairChange(k, u, []int{l}, items)
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
	rep.Score = a.scoreChange(m, items, win)
	e0, e1 := rk.Entries[0], rk.Entries[1]
	if e0.Blocked == e1.Blocked && e0.Score-e1.Score <= c.eps {
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
		return &FieldError{Path: path, Value: v, Err: fmt.Errorf("out of range: %w", ErrInvalidInput)}
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

// analyzer evaluates scores under modified weights.
type analyzer struct {
	s     *scored
	opts  SensitivityOptions
	total float64
	v     []float64 // weighted-sum signed normalized values (n × m)
	w     []float64 // scratch weights
	out   []float64 // scratch scores
}

func newAnalyzer(s *scored, opts SensitivityOptions) *analyzer {
	a := &analyzer{s: s, opts: opts, w: make([]float64, s.t.m), out: make([]float64, s.t.n)}
	for _, w := range s.c.w {
		a.total += w
	}
	if s.c.m.Aggregation == WeightedSum {
		n, m := s.t.n, s.t.m
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

// scoresAt returns the scores with criterion k's weight at t.
func (a *analyzer) scoresAt(k int, t float64) []float64 {
	tb := *a.s.t
	tb.w = a.weightsAt(k, t)
	if err := aggregate(a.s.c.m.Aggregation, a.s.c.m.Normalization, &tb, a.s.r, a.out, nil, nil); err != nil {
		for i := range a.out {
			a.out[i] = math.NaN()
		}
	}
	return a.out
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

func (a *analyzer) winnerChange(k, win int, items []Item) (down, up WeightChange) {
	return a.pairChange(k, win, a.rivals(win), items)
}

// pairChange returns the smallest decrease and increase of criterion k's
// weight after which some item of others scores strictly above top.
func (a *analyzer) pairChange(k, top int, others []int, items []Item) (down, up WeightChange) {
	down, up = noChange(), noChange()
	if len(others) == 0 {
		return down, up
	}
	w0 := a.s.c.w[k]
	if a.total-w0 <= 0 { // the criterion holds all the weight
		return down, up
	}
	var bDown, bUp float64 = -1, math.Inf(1)
	byDown, byUp := -1, -1
	if a.v != nil {
		m := a.s.t.m
		T := a.total
		for _, b := range others {
			if a.s.blocked[b] != a.s.blocked[top] {
				continue
			}
			// D(t) = t·dv + (T−t)/(T−w0)·dr is linear in t.
			dv := a.v[top*m+k] - a.v[b*m+k]
			var dr float64
			for j := range m {
				if j != k {
					dr += a.s.c.w[j] * (a.v[top*m+j] - a.v[b*m+j])
				}
			}
			d0 := T / (T - w0) * dr // D(0)
			dT := T * dv            // D(T)
			slope := (dT - d0) / T
			d := w0*dv + dr // D(w0)
			// The order can change downwards only if b leads at weight 0,
			// upwards only if b leads when the criterion holds all weight
			// (leads below sensitivityTol are rounding noise of a tie).
			if d0 < -sensitivityTol && slope > 0 {
				if t := min(max(w0-d/slope, 0), w0); t > bDown {
					bDown, byDown = t, b
				}
			}
			if dT < -sensitivityTol && slope < 0 {
				if t := max(min(w0-d/slope, T), w0); t < bUp {
					bUp, byUp = t, b
				}
			}
		}
	} else {
		bDown, byDown = a.sweep(k, top, others, -1)
		bUp, byUp = a.sweep(k, top, others, +1)
	}
	if byDown >= 0 {
		down = a.change(k, bDown, items[byDown].ID)
	}
	if byUp >= 0 {
		up = a.change(k, bUp, items[byUp].ID)
	}
	return down, up
}

// sensitivityTol is the smallest score lead the analytic method counts as
// real; smaller differences are floating-point noise of an exact tie.
const sensitivityTol = 1e-12

func noChange() WeightChange { return WeightChange{Note: NoChangePossible} }

func (a *analyzer) change(k int, t float64, by string) WeightChange {
	w0 := a.s.c.w[k]
	wc := WeightChange{Possible: true, Weight: t, Delta: t - w0, By: by}
	if w0 > 0 {
		wc.Relative = wc.Delta / w0
	}
	return wc
}

// overtaker returns the first item of others scoring strictly above top
// under criterion k's weight t, or −1.
func (a *analyzer) overtaker(k int, t float64, top int, others []int) int {
	sc := a.scoresAt(k, t)
	best := -1
	for _, b := range others {
		if a.s.blocked[b] == a.s.blocked[top] && sc[b] > sc[top] && (best < 0 || sc[b] > sc[best]) {
			best = b
		}
	}
	return best
}

// sweep searches direction dir (−1 down, +1 up) for the first weight at
// which an item of others overtakes top.
func (a *analyzer) sweep(k, top int, others []int, dir int) (float64, int) {
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
		if a.overtaker(k, t, top, others) < 0 {
			prev = t
			continue
		}
		lo, hi := prev, t // lo keeps the order, hi changes it
		for range 60 {
			mid := lo/2 + hi/2
			if mid == lo || mid == hi {
				break
			}
			if a.overtaker(k, mid, top, others) < 0 {
				lo = mid
			} else {
				hi = mid
			}
		}
		return hi, a.overtaker(k, hi, top, others)
	}
	return 0, -1
}

// scoreChange finds the smallest single-score change that changes the
// winner.
func (a *analyzer) scoreChange(m Model, items []Item, win int) ScoreChange {
	best := ScoreChange{Note: NoChangePossible}
	bestShare := math.Inf(1)
	c := a.s.c
	mod := make([]Item, len(items))
	copy(mod, items)
	for _, i := range append([]int{win}, a.rivals(win)...) {
		for j, cr := range c.m.Criteria {
			from := a.s.x[i*a.s.t.m+j]
			// The winner is hurt by moving towards its worse end, rivals
			// helped by moving towards their better end.
			better := cr.Direction == Benefit
			up := better != (i == win)
			sc, ok := a.tryScore(mod, items, i, j, from, up, win)
			if !ok {
				continue
			}
			share := math.Abs(sc.Change) / (cr.Scale.Max - cr.Scale.Min)
			if !best.Possible || sc.Levels < best.Levels || (sc.Levels == best.Levels && share < bestShare) {
				best, bestShare = sc, share
			}
		}
	}
	return best
}

// tryScore moves item i's score on criterion j from its point value in the
// given direction until the winner changes.
func (a *analyzer) tryScore(mod, items []Item, i, j int, from float64, up bool, win int) (ScoreChange, bool) {
	cr := a.s.c.m.Criteria[j]
	set := func(v float64) (string, bool) {
		it := items[i]
		it.Scores = append([]Score(nil), items[i].Scores...)
		for q := range it.Scores {
			if it.Scores[q].Criterion == cr.ID {
				it.Scores[q] = Score{Criterion: cr.ID, Value: v}
			}
		}
		mod[i] = it
		defer func() { mod[i] = items[i] }()
		s, err := a.s.c.score(mod)
		if err != nil {
			return "", false
		}
		w := win
		for b := range s.scores {
			if b == win {
				continue
			}
			if (!s.blocked[b] && s.blocked[w]) || (s.blocked[b] == s.blocked[w] && s.scores[b] > s.scores[w]) {
				w = b
			}
		}
		return items[w].ID, w != win
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
