package prioritize

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// DominanceLimit is the largest number of items for which [Rank] computes
// dominance flags (the check is quadratic); above it
// [Ranking.DominanceChecked] is false.
const DominanceLimit = 2000

// Tie-break steps, applied in this order inside an ε-tie group. Each entry
// records the step that placed it below the entry before it.
const (
	// TieBreakCritical puts first the items with the higher critical score:
	// Σ weight × normalized value over the Critical-tier criteria, under
	// every aggregation (under the weighted product this is not the
	// product's factor normalized^weight but the same weighted sum of
	// normalized values; under NormNone a cost's value enters as it is,
	// with no sign change). Critical scores within the model's Epsilon of
	// the highest one still in play count as equal (see [Model].Epsilon):
	// the group's items are taken by critical score, highest first, and
	// those within Epsilon of the first go to the next step together.
	TieBreakCritical = "critical_score"
	// TieBreakGateMargin puts first the item whose tightest gate has more room,
	// measured as (score − threshold)/(scale span), negated for a cost.
	TieBreakGateMargin = "gate_margin"
	// TieBreakCost puts first the cheaper item.
	TieBreakCost = "cost"
	// TieBreakID puts first the item with the lexicographically smaller ID.
	TieBreakID = "id"
)

// TieBreakCascade lists the tie-break steps in the order they are applied.
func TieBreakCascade() []string {
	return []string{TieBreakCritical, TieBreakGateMargin, TieBreakCost, TieBreakID}
}

// GateResult is the outcome of one gate for one item.
type GateResult struct {
	Criterion string  `json:"criterion"`
	Threshold float64 `json:"threshold"`
	// Score is the raw value the gate judged (the pessimistic end of an
	// interval or three-point score).
	Score  float64 `json:"score"`
	Passed bool    `json:"passed"`
	// Margin is Score − Threshold for a benefit and Threshold − Score for a
	// cost, in scale units: negative means the gate failed by that much.
	Margin float64 `json:"margin"`
}

// Contribution traces one criterion's part in an item's score. An entry's
// contributions follow the model's criterion order, the order of
// [Ranking.Weights], which names the criterion and holds its weight; the
// contribution itself carries only numbers, so a ranking of many items stays
// compact.
type Contribution struct {
	// Raw is the point score on the criterion's scale.
	Raw float64 `json:"raw"`
	// Normalized is the value after normalization (oriented so that higher is
	// better, except under NormNone).
	Normalized float64 `json:"normalized"`
	// Weighted is the term this criterion adds: ±weight × normalized under the
	// weighted sum (the terms sum to the score), TOPSIS and weighted ratio,
	// and the factor normalized^weight under the weighted product (the
	// factors multiply to the score).
	Weighted float64 `json:"weighted"`
	// Share is the term's fraction of the total: Weighted/Score under the
	// weighted sum; of Σ Weighted under TOPSIS; of the numerator or the
	// denominator under the weighted ratio; the fraction of ln(score) under
	// the weighted product (0 when a factor is 0).
	Share float64 `json:"share"`
}

// Entry is one ranked item.
type Entry struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Position is the place in the total order, 1…n.
	Position int `json:"position"`
	// Rank is the competition rank ("1, 2, 2, 4"): items in one ε-tie group
	// share the rank of its first position. Blocked items rank after every
	// item that passes its gates.
	Rank    int     `json:"rank"`
	Score   float64 `json:"score"`
	Blocked bool    `json:"blocked"`
	// Gates lists every gated criterion in model order.
	Gates []GateResult `json:"gates"`
	// TieGroup numbers the ε-tie group (1-based, in ranking order); 0 when
	// the item is tied with no other.
	TieGroup int `json:"tie_group"`
	// TieBreak is the cascade step that placed the item below the previous
	// entry of its tie group ("" for the first of a group or an untied item).
	TieBreak string `json:"tie_break"`
	// Dominated is true when another item is at least as good on every
	// normalized criterion and better on one; DominatedBy is the best placed
	// such item. Dominated items are flagged, never dropped.
	Dominated     bool            `json:"dominated"`
	DominatedBy   string          `json:"dominated_by"`
	Contributions []Contribution  `json:"contributions"`
	Cost          decimal.Decimal `json:"cost"`
}

// CriterionWeight records a criterion's weight in a ranking.
type CriterionWeight struct {
	Criterion string  `json:"criterion"`
	Tier      Tier    `json:"tier"`
	Weight    float64 `json:"weight"`
}

// Warning codes.
const (
	// WarnRelativeNormalization: a relative normalization (vector, minmax,
	// sum) makes scores depend on the item set (rank reversal is possible).
	WarnRelativeNormalization = "relative_normalization"
	// WarnConstantColumn: under a relative normalization every item has the
	// same raw score on a criterion, which therefore cannot discriminate.
	WarnConstantColumn = "constant_column"
)

// Warning is a non-fatal observation about a ranking's input.
type Warning struct {
	Code      string `json:"code"`
	Criterion string `json:"criterion"`
	Message   string `json:"message"`
}

// Ranking is the result of [Rank]. It records everything needed to audit and
// reproduce it and round-trips through JSON.
type Ranking struct {
	ModelID      string `json:"model_id"`
	ModelVersion string `json:"model_version"`
	// ModelHash is [Model.Hash] of the model used.
	ModelHash      string            `json:"model_hash"`
	Scheme         string            `json:"scheme"`
	Weights        []CriterionWeight `json:"weights"`
	AHP            *AHPResult        `json:"ahp"`
	Aggregation    Aggregation       `json:"aggregation"`
	Normalization  Normalization     `json:"normalization"`
	Epsilon        float64           `json:"epsilon"`
	TieBreaks      []string          `json:"tie_breaks"`
	LibraryVersion string            `json:"library_version"`
	// DominanceChecked is false when there were more than DominanceLimit items.
	DominanceChecked bool      `json:"dominance_checked"`
	Entries          []Entry   `json:"entries"`
	Warnings         []Warning `json:"warnings"`
}

// scored holds the per-item numbers of one scoring pass.
type scored struct {
	c       *compiled
	t       *table
	x, g, r []float64
	scores  []float64
	blocked []bool
}

// score validates and scores items under the compiled model.
func (c *compiled) score(items []Item) (*scored, error) {
	buf, err := c.matrix(items)
	if err != nil {
		return nil, err
	}
	n, m := len(items), len(c.m.Criteria)
	s := &scored{c: c, x: buf[:n*m], g: buf[n*m:]}
	ng := len(c.gated)
	scales := make([]Scale, m)
	for j := range c.m.Criteria {
		scales[j] = c.m.Criteria[j].Scale
	}
	s.t = &table{n: n, m: m, x: s.x, w: c.w, dir: c.dir, scales: scales}
	s.r = make([]float64, n*m)
	if n == 0 {
		return s, nil
	}
	if err := normalize(c.m.Normalization, s.t, s.r); err != nil {
		return nil, relabel(err, items, c.m.Criteria)
	}
	s.scores = make([]float64, n)
	if err := aggregate(c.m.Aggregation, c.m.Normalization, s.t, s.r, s.scores, nil, nil); err != nil {
		return nil, relabel(err, items, c.m.Criteria)
	}
	s.blocked = make([]bool, n)
	for k, j := range c.gated {
		th := c.m.Criteria[j].Gate.Threshold
		for i := range n {
			if gateMargin(c.dir[j], s.g[i*ng+k], th) < 0 {
				s.blocked[i] = true
			}
		}
	}
	return s, nil
}

// relabel rewrites matrix paths ("values[i][j]") into item and criterion
// names.
func relabel(err error, items []Item, crit []Criterion) error {
	var errs []error
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	} else {
		errs = []error{err}
	}
	out := make([]error, 0, len(errs))
	for _, e := range errs {
		fe, ok := e.(*FieldError)
		if !ok {
			out = append(out, e)
			continue
		}
		var i, j int
		p := *fe
		if k, _ := fmt.Sscanf(fe.Path, "values[%d][%d]", &i, &j); k == 2 && i < len(items) && j < len(crit) {
			p.Path = "item " + strconv.Quote(items[i].ID) + " score " + strconv.Quote(crit[j].ID)
		} else if k == 1 && i < len(items) {
			p.Path = "item " + strconv.Quote(items[i].ID)
		}
		out = append(out, &p)
	}
	if len(out) == 1 {
		return out[0]
	}
	return errors.Join(out...)
}

func gateMargin(d Direction, score, threshold float64) float64 {
	if d == Cost {
		return threshold - score
	}
	return score - threshold
}

// Scores validates items against the model and returns one score per item,
// in input order, without ranking, gates or explanations (the scoring pass
// of [Rank]). It returns the errors of [Model.ValidateItems] and of the
// aggregation (see [EvaluateMatrix]).
func Scores(m Model, items []Item) ([]float64, error) {
	c, err := m.compile()
	if err != nil {
		return nil, err
	}
	s, err := c.score(items)
	if err != nil {
		return nil, err
	}
	if s.scores == nil {
		return []float64{}, nil
	}
	return s.scores, nil
}

// Rank validates the model and the items, scores every item, applies the
// gates and returns the complete ordering: items that pass every gate first,
// by score (descending), then blocked items by score. Scores within Epsilon
// of the first score of their group form an ε-tie group that shares one
// competition rank; inside a group the order follows [TieBreakCascade] and
// each entry reports the step applied. Inputs are not modified and the
// result shares no memory with them. The order does not depend on the order
// of items.
//
// Rank returns an error if the model fails [Model.Validate] or the items fail
// [Model.ValidateItems], or if the aggregation cannot be computed (see
// [EvaluateMatrix]); each error is a [*FieldError] naming the item and
// criterion.
func Rank(m Model, items []Item) (Ranking, error) {
	c, err := m.compile()
	if err != nil {
		return Ranking{}, err
	}
	s, err := c.score(items)
	if err != nil {
		return Ranking{}, err
	}
	return s.rank(items), nil
}

func (s *scored) rank(items []Item) Ranking {
	c := s.c
	n, m := len(items), len(c.m.Criteria)
	rk := Ranking{
		ModelID: c.m.ID, ModelVersion: c.m.Version, ModelHash: c.m.Hash(), Scheme: c.ws.scheme,
		Aggregation: c.m.Aggregation, Normalization: c.m.Normalization, Epsilon: c.eps,
		TieBreaks: TieBreakCascade(), LibraryVersion: LibraryVersion,
		DominanceChecked: n <= DominanceLimit, Entries: make([]Entry, n), Warnings: []Warning{},
	}
	if c.ws.ahp != nil {
		a := *c.ws.ahp
		rk.AHP = &a
	}
	rk.Weights = make([]CriterionWeight, m)
	for j, cr := range c.m.Criteria {
		rk.Weights[j] = CriterionWeight{Criterion: cr.ID, Tier: cr.Tier, Weight: c.w[j]}
	}
	if c.m.Normalization != NormAbsolute && c.m.Normalization != NormNone {
		rk.Warnings = append(rk.Warnings, Warning{Code: WarnRelativeNormalization,
			Message: "normalized values depend on the other items: adding or removing an item can reorder the rest"})
	}
	if c.m.Normalization != NormAbsolute && c.m.Normalization != NormNone && n > 1 {
		for j, cr := range c.m.Criteria {
			constant := true
			for i := 1; i < n && constant; i++ {
				constant = s.x[i*m+j] == s.x[j]
			}
			if constant {
				rk.Warnings = append(rk.Warnings, Warning{Code: WarnConstantColumn, Criterion: cr.ID,
					Message: "every item has the same score; the criterion cannot discriminate"})
			}
		}
	}
	if n == 0 {
		return rk
	}
	// Total order before tie groups: passing first, then score descending
	// (a stable radix sort; equal scores always fall into one tie group,
	// whose cascade ends with the ID, so input order never shows).
	order := make([]int32, n)
	keys := make([]uint64, n)
	np := 0
	for i := range n {
		if !s.blocked[i] {
			order[np] = int32(i)
			np++
		}
		keys[i] = descKey(s.scores[i])
	}
	nb := np
	for i := range n {
		if s.blocked[i] {
			order[nb] = int32(i)
			nb++
		}
	}
	sortKeys(keys, order[:np])
	sortKeys(keys, order[np:])
	// Gated criteria in model order.
	gated := c.gated
	// Contributions and gates are computed in input order (sequential
	// memory access); each entry gets its own sub-slice.
	contrib := make([]Contribution, n*m)
	ng := len(gated)
	var gates []GateResult
	if ng > 0 {
		gates = make([]GateResult, n*ng)
	}
	for i := range n {
		s.contributions(i, s.scores[i], contrib[i*m:(i+1)*m])
		for k, j := range gated {
			th := c.m.Criteria[j].Gate.Threshold
			v := s.g[i*ng+k]
			mg := gateMargin(c.dir[j], v, th)
			gates[i*ng+k] = GateResult{Criterion: c.m.Criteria[j].ID, Threshold: th, Score: v, Passed: mg >= 0, Margin: mg}
		}
	}
	sorted := make([]float64, n) // scores in order
	for q, i := range order {
		sorted[q] = s.scores[i]
	}
	groups := 0
	var crit, room []float64
	for k := 0; k < n; {
		e := k + 1
		for e < n && (e >= np) == (k >= np) && tiedWith(sorted[k], sorted[e], c.eps) {
			e++
		}
		if e-k > 1 {
			groups++
			if crit == nil {
				crit, room = s.criticalScores(c.w), s.rooms()
			}
			g := order[k:e]
			steps := s.orderGroup(items, g, crit, room)
			for q := k; q < e; q++ {
				rk.Entries[q].TieGroup = groups
				rk.Entries[q].TieBreak = steps[q-k]
			}
		}
		for q := k; q < e; q++ {
			rk.Entries[q].Rank = k + 1
		}
		k = e
	}
	for q, idx := range order {
		i := int(idx)
		it := &items[i]
		e := &rk.Entries[q]
		e.ID, e.Name, e.Position, e.Score, e.Blocked, e.Cost = it.ID, it.Name, q+1, s.scores[i], s.blocked[i], it.Cost
		e.Contributions = contrib[i*m : (i+1)*m : (i+1)*m]
		if ng > 0 {
			e.Gates = gates[i*ng : (i+1)*ng : (i+1)*ng]
		} else {
			e.Gates = []GateResult{}
		}
	}
	if rk.DominanceChecked {
		s.dominance(order, rk.Entries)
	}
	return rk
}

type cascadeResult struct {
	cmp  int
	step string
}

// orderGroup sorts the ε-tie group g by the tie-break cascade, given every
// item's critical score, and returns the step that placed each entry below
// the one before it ("" for the first). Critical scores are compared with
// [tiedWith]: the highest critical score left opens a block of the items
// within Epsilon of it, ordered by the remaining steps; then the next block.
func (s *scored) orderGroup(items []Item, g []int32, crit, room []float64) []string {
	slices.SortFunc(g, func(a, b int32) int {
		if r := cmp.Compare(crit[b], crit[a]); r != 0 {
			return r
		}
		return staticCmp(items, room, int(a), int(b)).cmp
	})
	steps := make([]string, len(g))
	for lo := 0; lo < len(g); {
		hi := lo + 1
		for hi < len(g) && tiedWith(crit[g[lo]], crit[g[hi]], s.c.eps) {
			hi++
		}
		blk := g[lo:hi]
		slices.SortFunc(blk, func(a, b int32) int { return staticCmp(items, room, int(a), int(b)).cmp })
		if lo > 0 {
			steps[lo] = TieBreakCritical
		}
		for q := lo + 1; q < hi; q++ {
			steps[q] = staticCmp(items, room, int(g[q-1]), int(g[q])).step
		}
		lo = hi
	}
	return steps
}

// staticCmp compares two tied items by the weight-independent steps of the
// cascade: gate margin (room[i] is item i's tightest gate room), cost, ID.
func staticCmp(items []Item, room []float64, a, b int) cascadeResult {
	if r := cmp.Compare(room[b], room[a]); r != 0 {
		return cascadeResult{r, TieBreakGateMargin}
	}
	if r := items[a].Cost.Cmp(items[b].Cost); r != 0 {
		return cascadeResult{r, TieBreakCost}
	}
	return cascadeResult{strings.Compare(items[a].ID, items[b].ID), TieBreakID}
}

// rooms returns every item's tightest gate room ([TieBreakGateMargin]).
func (s *scored) rooms() []float64 {
	out := make([]float64, s.t.n)
	for i := range out {
		out[i] = s.minGateRoom(i)
	}
	return out
}

// standing holds what decides the first place of a ranking, per item.
type standing struct {
	sc, crit, room []float64
	blocked        []bool
}

// firstOf returns the item [Rank] places first among set: of the items that
// pass their gates (all of set when none does), those whose score is tied
// with the highest ([tiedWith], eps), of them those whose critical score is
// tied with the highest, then the best by gate margin, cost and ID. It
// returns −1 when no score in set is a number.
func firstOf(items []Item, st *standing, set []int, eps float64) int {
	blocked, top, ctop := st.leaders(set, eps)
	best := -1
	for _, i := range set {
		if st.blocked[i] == blocked && tiedWith(top, st.sc[i], eps) && tiedWith(ctop, st.crit[i], eps) &&
			(best < 0 || staticCmp(items, st.room, i, best).cmp < 0) {
			best = i
		}
	}
	return best
}

// leaders returns the gate status of the first place among set, the
// highest score of that status and the highest critical score among the
// items tied with it.
func (st *standing) leaders(set []int, eps float64) (blocked bool, top, ctop float64) {
	blocked = true
	for _, i := range set {
		if !st.blocked[i] {
			blocked = false
			break
		}
	}
	top, ctop = math.Inf(-1), math.Inf(-1)
	for _, i := range set {
		if st.blocked[i] == blocked && st.sc[i] > top {
			top = st.sc[i]
		}
	}
	for _, i := range set {
		if st.blocked[i] == blocked && tiedWith(top, st.sc[i], eps) && st.crit[i] > ctop {
			ctop = st.crit[i]
		}
	}
	return blocked, top, ctop
}

// criticalScores returns every item's critical score under weights w:
// Σ w_j × normalized_j over the Critical-tier criteria.
func (s *scored) criticalScores(w []float64) []float64 {
	out := make([]float64, s.t.n)
	s.criticalInto(w, out)
	return out
}

func (s *scored) criticalInto(w, out []float64) {
	m := s.t.m
	for i := range out {
		var sum float64
		for j, cr := range s.c.m.Criteria {
			if cr.Tier == TierCritical {
				sum += w[j] * s.r[i*m+j]
			}
		}
		out[i] = sum
	}
}

func (s *scored) minGateRoom(i int) float64 {
	ng := len(s.c.gated)
	room := math.Inf(1)
	for k, j := range s.c.gated {
		cr := &s.c.m.Criteria[j]
		span := cr.Scale.Max - cr.Scale.Min
		room = min(room, gateMargin(s.c.dir[j], s.g[i*ng+k], cr.Gate.Threshold)/span)
	}
	if math.IsInf(room, 1) {
		return 0
	}
	return room
}

// contributions fills out with item i's per-criterion trace.
func (s *scored) contributions(i int, score float64, out []Contribution) {
	c, m := s.c, s.t.m
	none := c.m.Normalization == NormNone
	if c.m.Aggregation == WeightedSum && !none {
		// Fast path for the default model: terms w·r, shares term/score.
		x, r := s.x[i*m:(i+1)*m], s.r[i*m:(i+1)*m]
		inv := 0.0
		if score != 0 {
			inv = 1 / score
		}
		for j := range out {
			wt := c.w[j] * r[j]
			out[j] = Contribution{Raw: x[j], Normalized: r[j], Weighted: wt, Share: wt * inv}
		}
		return
	}
	var total, num, den, logSum float64
	allPos := true
	for j := range out {
		r := s.r[i*m+j]
		w := c.w[j]
		var wt float64
		switch c.m.Aggregation {
		case WeightedSum:
			wt = w * r
			if none && c.dir[j] == Cost {
				wt = -wt
			}
		case WeightedProduct:
			e := w
			if none && c.dir[j] == Cost {
				e = -e
			}
			wt = 1
			if e != 0 {
				wt = math.Pow(r, e)
			}
			if wt > 0 {
				logSum += math.Log(wt)
			} else {
				allPos = false
			}
		default:
			wt = w * r
			if c.dir[j] == Cost {
				den += wt
			} else {
				num += wt
			}
		}
		total += wt
		out[j] = Contribution{Raw: s.x[i*m+j], Normalized: r, Weighted: wt}
	}
	for j := range out {
		var sh float64
		switch c.m.Aggregation {
		case WeightedSum:
			if score != 0 {
				sh = out[j].Weighted / score
			}
		case WeightedProduct:
			if allPos && logSum != 0 {
				sh = math.Log(out[j].Weighted) / logSum
			}
		case TOPSIS:
			if total != 0 {
				sh = out[j].Weighted / total
			}
		case WeightedRatio:
			d := num
			if c.dir[j] == Cost {
				d = den
			}
			if d != 0 {
				sh = out[j].Weighted / d
			}
		}
		out[j].Share = sh
	}
}

// dominance flags dominated entries. Values are compared oriented so that
// higher is better.
func (s *scored) dominance(order []int32, entries []Entry) {
	m := s.t.m
	none := s.c.m.Normalization == NormNone
	val := func(i, j int) float64 {
		v := s.r[i*m+j]
		if none && s.c.dir[j] == Cost {
			return -v
		}
		return v
	}
	for q, a := range order {
		for p, b := range order {
			if p == q {
				continue
			}
			ge, gt := true, false
			for j := range m {
				vb, va := val(int(b), j), val(int(a), j)
				if vb < va {
					ge = false
					break
				}
				if vb > va {
					gt = true
				}
			}
			if ge && gt {
				entries[q].Dominated = true
				entries[q].DominatedBy = entries[p].ID
				break
			}
		}
	}
}
