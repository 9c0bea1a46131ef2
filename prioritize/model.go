package prioritize

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"strconv"

	"github.com/healthpm/healthpm/internal/fielderr"
	"github.com/shopspring/decimal"
)

// LibraryVersion identifies this package's scoring rules in every result.
const LibraryVersion = "healthpm/prioritize v0.1.0"

// MaxCriteria bounds the number of criteria in a model.
const MaxCriteria = MaxPairwiseSize

// Level is one labelled point of an absolute scale, for example Patient
// Safety 5 = "eliminates a known sentinel-event pathway".
type Level struct {
	Value float64 `json:"value"`
	Label string  `json:"label"`
}

// Scale is the absolute scale of a criterion: raw scores lie in [Min, Max]
// (in Unit) and Levels describe what chosen values mean. Under
// [NormAbsolute] a raw score x becomes (x − Min)/(Max − Min) for a benefit and
// (Max − x)/(Max − Min) for a cost, whatever the other items score.
type Scale struct {
	Min    float64 `json:"min"`
	Max    float64 `json:"max"`
	Unit   string  `json:"unit"`
	Levels []Level `json:"levels"`
}

func (s Scale) validate(path string) error {
	var l fielderr.List
	if !finite(s.Min) || !finite(s.Max) || s.Min >= s.Max || !finite(s.Max-s.Min) {
		l.Add(&FieldError{Pkg: "prioritize", Path: path, Value: "[" + fmtFloat(s.Min) + ", " + fmtFloat(s.Max) + "]",
			Err: fmt.Errorf("scale needs finite min < max: %w", ErrInvalidInput)})
		return l.Err()
	}
	for k, lv := range s.Levels {
		p := path + ".levels[" + strconv.Itoa(k) + "]"
		if !finite(lv.Value) || lv.Value < s.Min || lv.Value > s.Max {
			l.Add(&FieldError{Pkg: "prioritize", Path: p, Value: fmtFloat(lv.Value), Err: fmt.Errorf("level outside the scale: %w", ErrInvalidInput)})
		}
		if lv.Label == "" {
			l.Add(&FieldError{Pkg: "prioritize", Path: p, Err: fmt.Errorf("level without a label: %w", ErrInvalidInput)})
		}
		if k > 0 && finite(lv.Value) && finite(s.Levels[k-1].Value) && lv.Value <= s.Levels[k-1].Value {
			l.Add(&FieldError{Pkg: "prioritize", Path: p, Value: fmtFloat(lv.Value), Err: fmt.Errorf("levels must be strictly ascending: %w", ErrInvalidInput)})
		}
	}
	return l.Err()
}

// Label returns the label of the level whose value equals v, or "".
func (s Scale) Label(v float64) string {
	for _, lv := range s.Levels {
		if lv.Value == v {
			return lv.Label
		}
	}
	return ""
}

// Gate is a non-compensatory threshold on a criterion's raw score: for a
// benefit the score must be ≥ Threshold, for a cost ≤ Threshold. An item that
// fails any gate is blocked whatever its total. Interval and three-point
// scores are gated on their pessimistic end (Min for a benefit, Max for a
// cost).
type Gate struct {
	Threshold float64 `json:"threshold"`
	// Reason documents why the gate exists (shown in explanations).
	Reason string `json:"reason"`
}

// Criterion is one column of a scoring model.
type Criterion struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	Description string    `json:"description"`
	Tier        Tier      `json:"tier"`
	Direction   Direction `json:"direction"`
	Scale       Scale     `json:"scale"`
	Gate        *Gate     `json:"gate"`
}

// Model is a weighted scoring model: criteria, the way their weights are
// obtained, the aggregation and the normalization. The zero values of
// Weighting, Aggregation and Normalization mean rank-order-centroid weights
// over tiers, the weighted sum and absolute scales.
type Model struct {
	ID            string        `json:"id"`
	Name          string        `json:"name"`
	Version       string        `json:"version"`
	Criteria      []Criterion   `json:"criteria"`
	Weighting     Weighting     `json:"weighting"`
	Aggregation   Aggregation   `json:"aggregation"`
	Normalization Normalization `json:"normalization"`
	// Epsilon is the tie tolerance on scores (0 means DefaultEpsilon).
	Epsilon float64 `json:"epsilon"`
}

// compiled is a validated model ready for scoring.
type compiled struct {
	m     Model
	gated []int // indices of gated criteria, in model order
	gcol  []int // per criterion: its index in gated, or −1
	w     []float64
	ws    weightSet
	dir   []Direction
	index map[string]int
	eps   float64
}

// Validate checks the model and returns nil or the [errors.Join] of every
// problem in field order, each a [*FieldError].
//
// Validate returns an error if:
//   - there are no criteria or more than [MaxCriteria] (wraps [ErrInvalidInput]);
//   - a criterion ID is empty or duplicated, a tier or direction is
//     unspecified, a scale is not finite with min < max, a level lies outside
//     its scale, is unlabelled or out of order, or a gate threshold is not
//     finite or lies outside the scale (wraps [ErrInvalidInput]);
//   - the weighting is unusable: unknown scheme, negative, non-finite or
//     all-zero weights, missing or unknown criterion IDs in Values, a sum other
//     than 1 under [SumReject] (wraps [ErrWeights]), a malformed pairwise
//     matrix (wraps [ErrInvalidInput]) or one that fails its consistency gate
//     (wraps [ErrInconsistent]);
//   - the aggregation or normalization is unknown, weighted_ratio is used
//     without normalization none or without both a benefit and a cost
//     criterion, or Epsilon is negative or not finite (wraps
//     [ErrInvalidInput]).
func (m Model) Validate() error {
	_, err := m.compile()
	return err
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

func (m Model) compile() (*compiled, error) {
	var l fielderr.List
	n := len(m.Criteria)
	if n == 0 {
		l.Add(&FieldError{Pkg: "prioritize", Path: "criteria", Err: fmt.Errorf("no criteria: %w", ErrInvalidInput)})
	}
	if n > MaxCriteria {
		l.Add(&FieldError{Pkg: "prioritize", Path: "criteria", Value: strconv.Itoa(n), Err: fmt.Errorf("more than %d criteria: %w", MaxCriteria, ErrInvalidInput)})
		return nil, l.Err()
	}
	c := &compiled{m: m, index: make(map[string]int, n), dir: make([]Direction, n)}
	var nBenefit, nCost int
	for i, cr := range m.Criteria {
		path := "criteria[" + strconv.Itoa(i) + "]"
		if cr.ID != "" {
			path = "criterion " + strconv.Quote(cr.ID)
		}
		if cr.ID == "" {
			l.Add(&FieldError{Pkg: "prioritize", Path: path + ".id", Err: fmt.Errorf("empty criterion ID: %w", ErrInvalidInput)})
		} else if _, dup := c.index[cr.ID]; dup {
			l.Add(&FieldError{Pkg: "prioritize", Path: path + ".id", Value: cr.ID, Err: fmt.Errorf("duplicate criterion ID: %w", ErrInvalidInput)})
		} else {
			c.index[cr.ID] = i
		}
		if !cr.Tier.valid() {
			l.Add(&FieldError{Pkg: "prioritize", Path: path + ".tier", Value: cr.Tier.String(), Err: fmt.Errorf("want critical, high, medium or low: %w", ErrInvalidInput)})
		}
		if !cr.Direction.valid() {
			l.Add(&FieldError{Pkg: "prioritize", Path: path + ".direction", Value: cr.Direction.String(), Err: fmt.Errorf("want benefit or cost: %w", ErrInvalidInput)})
		}
		c.dir[i] = cr.Direction
		switch cr.Direction {
		case Benefit:
			nBenefit++
		case Cost:
			nCost++
		}
		scaleErr := cr.Scale.validate(path + ".scale")
		l.Add(scaleErr)
		if g := cr.Gate; g != nil {
			if !finite(g.Threshold) || (scaleErr == nil && (g.Threshold < cr.Scale.Min || g.Threshold > cr.Scale.Max)) {
				l.Add(&FieldError{Pkg: "prioritize", Path: path + ".gate.threshold", Value: fmtFloat(g.Threshold), Err: fmt.Errorf("gate threshold outside the scale: %w", ErrInvalidInput)})
			}
		}
	}
	c.gcol = make([]int, n)
	for j := range m.Criteria {
		c.gcol[j] = -1
		if m.Criteria[j].Gate != nil {
			c.gcol[j] = len(c.gated)
			c.gated = append(c.gated, j)
		}
	}
	ws, err := m.Weighting.resolve(m.Criteria)
	l.Add(err)
	c.ws, c.w = ws, ws.w
	if !m.Aggregation.valid() {
		l.Add(&FieldError{Pkg: "prioritize", Path: "aggregation", Value: m.Aggregation.String(), Err: ErrInvalidInput})
	}
	if !m.Normalization.valid() {
		l.Add(&FieldError{Pkg: "prioritize", Path: "normalization", Value: m.Normalization.String(), Err: ErrInvalidInput})
	}
	if m.Aggregation == WeightedRatio {
		if m.Normalization != NormNone {
			l.Add(&FieldError{Pkg: "prioritize", Path: "normalization", Value: m.Normalization.String(), Err: fmt.Errorf("weighted_ratio needs normalization none: %w", ErrInvalidInput)})
		}
		if nBenefit == 0 || nCost == 0 {
			l.Add(&FieldError{Pkg: "prioritize", Path: "aggregation", Value: m.Aggregation.String(), Err: fmt.Errorf("weighted_ratio needs a benefit and a cost criterion: %w", ErrInvalidInput)})
		}
	}
	if !finite(m.Epsilon) || m.Epsilon < 0 {
		l.Add(&FieldError{Pkg: "prioritize", Path: "epsilon", Value: fmtFloat(m.Epsilon), Err: fmt.Errorf("must be finite and ≥ 0: %w", ErrInvalidInput)})
	}
	c.eps = m.Epsilon
	if c.eps == 0 {
		c.eps = DefaultEpsilon
	}
	if err := l.Err(); err != nil {
		return nil, err
	}
	return c, nil
}

// Weights returns the model's criterion weights in criterion order (each in
// [0, 1] and summing to 1, except under [SumAsGiven]) and the versioned name
// of the scheme that produced them. It returns the errors of [Model.Validate].
func (m Model) Weights() ([]float64, string, error) {
	c, err := m.compile()
	if err != nil {
		return nil, "", err
	}
	return append([]float64(nil), c.w...), c.ws.scheme, nil
}

// Hash returns "sha256:" followed by the hex SHA-256 of the model's JSON
// encoding, a stable fingerprint recorded in every result.
func (m Model) Hash() string {
	b, err := json.Marshal(m)
	if err != nil {
		// Only an enum without a text form fails to encode; hash its Go form.
		b = fmt.Appendf(nil, "%#v", m)
	}
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// Score is one item's score on one criterion, with its provenance.
type Score struct {
	Criterion string    `json:"criterion"` // criterion ID
	Kind      ScoreKind `json:"kind"`
	// Value is the point score, or the likely value of a three-point score
	// (unused for an interval).
	Value float64 `json:"value"`
	// Min and Max bound an interval or three-point score (unused for a point).
	Min float64 `json:"min"`
	Max float64 `json:"max"`
	// Evidence is the rationale or source for the score.
	Evidence string `json:"evidence"`
	Rater    string `json:"rater"`
}

// Point returns the value used for scoring: Value for a point or three-point
// score, the midpoint of [Min, Max] for an interval.
func (s Score) Point() float64 {
	if s.Kind == ScoreInterval {
		return s.Min/2 + s.Max/2
	}
	return s.Value
}

// pessimistic returns the end of the score's range used by gates.
func (s Score) pessimistic(d Direction) float64 {
	if s.Kind == ScorePoint {
		return s.Value
	}
	if d == Cost {
		return s.Max
	}
	return s.Min
}

// Item is a candidate (feature, product, investment) to rank.
type Item struct {
	ID     string  `json:"id"`
	Name   string  `json:"name"`
	Scores []Score `json:"scores"` // one per criterion, any order
	// Cost is the item's cost in the caller's currency (≥ 0); it breaks ties
	// (cheaper first) and is kept for portfolio selection.
	Cost decimal.Decimal `json:"cost"`
}

// ValidateItems checks items against the model and returns nil or the
// [errors.Join] of every problem, each a [*FieldError] wrapping
// [ErrInvalidInput]. It first validates the model and returns its errors if
// it is invalid.
//
// ValidateItems returns an error if an item ID is empty or duplicated, a
// score names an unknown criterion or repeats one, a criterion has no score,
// a score kind is unknown, a number is NaN or infinite, a value lies outside
// its criterion's scale, an interval or three-point score is not ordered
// (Min ≤ Value ≤ Max), or a cost is negative.
func (m Model) ValidateItems(items []Item) error {
	c, err := m.compile()
	if err != nil {
		return err
	}
	_, err = c.matrix(items)
	return err
}

// matrix validates items and returns their point scores (row-major n × m)
// followed by their gate values (row-major n × len(gated)) in one slice.
func (c *compiled) matrix(items []Item) ([]float64, error) {
	m, ng := len(c.m.Criteria), len(c.gated)
	n := len(items)
	buf := make([]float64, n*(m+ng))
	x, g := buf[:n*m], buf[n*m:]
	var l fielderr.List
	dup := duplicates(items)
	var have []bool
	for i := range items {
		it := &items[i]
		if it.ID == "" {
			l.Add(&FieldError{Pkg: "prioritize", Path: itemPath(i, it) + ".id", Err: fmt.Errorf("empty item ID: %w", ErrInvalidInput)})
		} else if dup != nil && dup[i] {
			l.Add(&FieldError{Pkg: "prioritize", Path: itemPath(i, it), Value: it.ID, Err: fmt.Errorf("duplicate item ID: %w", ErrInvalidInput)})
		}
		c.itemScores(&l, i, it, x[i*m:(i+1)*m], g[i*ng:(i+1)*ng], &have)
		if it.Cost.Sign() < 0 {
			l.Add(&FieldError{Pkg: "prioritize", Path: itemPath(i, it) + ".cost", Value: it.Cost.String(), Err: fmt.Errorf("negative cost: %w", ErrInvalidInput)})
		}
	}
	if err := l.Err(); err != nil {
		return nil, err
	}
	return buf, nil
}

// itemScores validates item i's scores and writes its point values into x
// (criterion order) and its gate values into g (order of c.gated).
func (c *compiled) itemScores(l *fielderr.List, i int, it *Item, x, g []float64, haveBuf *[]bool) {
	m := len(c.m.Criteria)
	ok := len(it.Scores) == m
	if ok {
		for j := range it.Scores {
			if it.Scores[j].Criterion != c.m.Criteria[j].ID {
				ok = false
				break
			}
		}
	}
	if ok { // fast path: one score per criterion, in model order
		row, grow := x, g
		for j := range it.Scores {
			s := &it.Scores[j]
			if s.Kind == ScorePoint {
				v := s.Value
				if sc := &c.m.Criteria[j].Scale; v >= sc.Min && v <= sc.Max {
					row[j] = v
					if k := c.gcol[j]; k >= 0 {
						grow[k] = v
					}
					continue
				}
			}
			if !c.checkScore(l, i, it, j, s) {
				continue
			}
			row[j] = s.Point()
			if k := c.gcol[j]; k >= 0 {
				grow[k] = s.pessimistic(c.dir[j])
			}
		}
		return
	}
	if *haveBuf == nil {
		*haveBuf = make([]bool, m)
	} else {
		clear(*haveBuf)
	}
	have := *haveBuf
	for k := range it.Scores {
		s := &it.Scores[k]
		j, known := c.index[s.Criterion]
		if !known {
			l.Add(&FieldError{Pkg: "prioritize", Path: itemPath(i, it) + " score " + strconv.Quote(s.Criterion), Err: fmt.Errorf("unknown criterion: %w", ErrInvalidInput)})
			continue
		}
		if have[j] {
			l.Add(&FieldError{Pkg: "prioritize", Path: itemPath(i, it) + " score " + strconv.Quote(s.Criterion), Err: fmt.Errorf("criterion scored twice: %w", ErrInvalidInput)})
			continue
		}
		have[j] = true
		if !c.checkScore(l, i, it, j, s) {
			continue
		}
		x[j] = s.Point()
		if k := c.gcol[j]; k >= 0 {
			g[k] = s.pessimistic(c.dir[j])
		}
	}
	for j, h := range have {
		if !h {
			l.Add(&FieldError{Pkg: "prioritize", Path: itemPath(i, it) + " score " + strconv.Quote(c.m.Criteria[j].ID), Err: fmt.Errorf("missing score: %w", ErrInvalidInput)})
		}
	}
}

// itemPath names item i in error paths: by ID, or by index when it has none.
func itemPath(i int, it *Item) string {
	if it.ID == "" {
		return "items[" + strconv.Itoa(i) + "]"
	}
	return "item " + strconv.Quote(it.ID)
}

func (c *compiled) checkScore(l *fielderr.List, i int, it *Item, j int, s *Score) bool {
	cr := &c.m.Criteria[j]
	lo, hi := cr.Scale.Min, cr.Scale.Max
	in := func(v float64) bool { return v >= lo && v <= hi } // false for NaN
	switch s.Kind {
	case ScorePoint:
		if in(s.Value) {
			return true
		}
	case ScoreInterval:
		if in(s.Min) && in(s.Max) && s.Min <= s.Max {
			return true
		}
	case ScoreThreePoint:
		if in(s.Min) && in(s.Max) && in(s.Value) && s.Min <= s.Value && s.Value <= s.Max {
			return true
		}
	}
	if !s.Kind.valid() {
		l.Add(&FieldError{Pkg: "prioritize", Path: itemPath(i, it) + " score " + strconv.Quote(cr.ID) + ".kind", Value: s.Kind.String(), Err: ErrInvalidInput})
		return false
	}
	path := itemPath(i, it) + " score " + strconv.Quote(cr.ID)
	rng := "[" + fmtFloat(lo) + ", " + fmtFloat(hi) + "]"
	for _, f := range [...]struct {
		name string
		v    float64
		use  bool
	}{{"value", s.Value, s.Kind != ScoreInterval}, {"min", s.Min, s.Kind != ScorePoint}, {"max", s.Max, s.Kind != ScorePoint}} {
		if !f.use {
			continue
		}
		switch {
		case !finite(f.v):
			l.Add(&FieldError{Pkg: "prioritize", Path: path + "." + f.name, Value: fmtFloat(f.v), Err: fmt.Errorf("not a finite number: %w", ErrInvalidInput)})
		case !in(f.v):
			l.Add(&FieldError{Pkg: "prioritize", Path: path + "." + f.name, Value: fmtFloat(f.v), Err: fmt.Errorf("outside scale %s: %w", rng, ErrInvalidInput)})
		}
	}
	if s.Kind != ScorePoint && finite(s.Min) && finite(s.Max) && finite(s.Value) {
		if s.Min > s.Max || (s.Kind == ScoreThreePoint && (s.Value < s.Min || s.Value > s.Max)) {
			l.Add(&FieldError{Pkg: "prioritize", Path: path, Value: fmtFloat(s.Min) + " / " + fmtFloat(s.Value) + " / " + fmtFloat(s.Max),
				Err: fmt.Errorf("range not ordered (want min ≤ likely ≤ max): %w", ErrInvalidInput)})
		}
	}
	return false
}
