package prioritize

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/healthpm/healthpm/internal/fielderr"
)

// TierRatios gives each tier its number under [SchemeFixedRatio]. Only the
// ratios matter: weights are the numbers divided by their sum over criteria.
type TierRatios struct {
	Critical float64 `json:"critical"`
	High     float64 `json:"high"`
	Medium   float64 `json:"medium"`
	Low      float64 `json:"low"`
}

// DefaultTierRatios are the fixed ratios used when [Weighting.Ratios] is nil:
// Critical 4, High 3, Medium 2, Low 1 (scheme "fixed-ratio-4-3-2-1/v1").
var DefaultTierRatios = TierRatios{Critical: 4, High: 3, Medium: 2, Low: 1}

func (r TierRatios) of(t Tier) float64 {
	switch t {
	case TierCritical:
		return r.Critical
	case TierHigh:
		return r.High
	case TierMedium:
		return r.Medium
	case TierLow:
		return r.Low
	}
	return 0
}

// Weighting says how a [Model] gets its criterion weights. The zero value is
// the rank-order centroid over tiers with tied tiers averaged.
type Weighting struct {
	Scheme Scheme `json:"scheme"`
	// Ratios overrides DefaultTierRatios under SchemeFixedRatio.
	Ratios *TierRatios `json:"ratios"`
	// Values holds, by criterion ID, the swing points (SchemeSwing, each in
	// [0, 100]) or the weights (SchemeExplicit, each ≥ 0).
	Values map[string]float64 `json:"values"`
	// Policy applies to SchemeExplicit weights whose sum is not 1.
	Policy SumPolicy `json:"policy"`
	// Pairwise is the AHP matrix over the criteria, in model order
	// (SchemeAHP only); AHP holds its options (labels default to the
	// criterion IDs). The consistency gate is enforced.
	Pairwise [][]float64 `json:"pairwise"`
	AHP      AHPOptions  `json:"ahp"`
}

// OrdinalWeights returns weights from ordinal importance levels (1 = most
// important; equal levels are tied; gaps are allowed) by the rank-order
// centroid ([SchemeROC]), rank sum ([SchemeRankSum]) or reciprocal rank
// ([SchemeReciprocal]). Criteria with the same level occupy consecutive
// positions and share the mean of those positions' weights, so the result
// does not depend on the order of tied criteria and always sums to 1. With
// two Critical, two High and two Medium criteria, ROC gives 0.3250, 0.1306
// and 0.0444 each.
//
// OrdinalWeights returns an error (wrapping [ErrInvalidInput]) if levels is
// empty or the scheme is not one of the three above.
func OrdinalWeights(s Scheme, levels []int) ([]float64, error) {
	n := len(levels)
	if n == 0 {
		return nil, &FieldError{Pkg: "prioritize", Path: "levels", Err: fmt.Errorf("no criteria: %w", ErrInvalidInput)}
	}
	if s != SchemeROC && s != SchemeRankSum && s != SchemeReciprocal {
		return nil, &FieldError{Pkg: "prioritize", Path: "scheme", Value: s.String(), Err: fmt.Errorf("not an ordinal scheme: %w", ErrInvalidInput)}
	}
	pos := make([]float64, n) // weight of position k+1
	switch s {
	case SchemeROC:
		var tail float64
		for k := n - 1; k >= 0; k-- {
			tail += 1 / float64(k+1)
			pos[k] = tail / float64(n)
		}
	case SchemeRankSum:
		for k := range n {
			pos[k] = 2 * float64(n-k) / float64(n*(n+1))
		}
	case SchemeReciprocal:
		var h float64
		for k := range n {
			h += 1 / float64(k+1)
		}
		for k := range n {
			pos[k] = 1 / float64(k+1) / h
		}
	}
	distinct := slices.Clone(levels)
	slices.Sort(distinct)
	distinct = slices.Compact(distinct)
	share := make(map[int]float64, len(distinct))
	start := 0
	for _, lv := range distinct {
		cnt := 0
		for _, x := range levels {
			if x == lv {
				cnt++
			}
		}
		var s float64
		for k := start; k < start+cnt; k++ {
			s += pos[k]
		}
		share[lv] = s / float64(cnt)
		start += cnt
	}
	w := make([]float64, n)
	for i, lv := range levels {
		w[i] = share[lv]
	}
	return w, nil
}

// weightSet is a resolved weight vector with its provenance.
type weightSet struct {
	w      []float64
	scheme string
	ahp    *AHPResult
}

// schemeName returns the versioned name recorded in results.
func (wt Weighting) schemeName() string {
	switch wt.Scheme {
	case SchemeROC:
		return "roc-tied-average/v1"
	case SchemeRankSum:
		return "rank-sum-tied-average/v1"
	case SchemeReciprocal:
		return "reciprocal-rank-tied-average/v1"
	case SchemeFixedRatio:
		r := DefaultTierRatios
		if wt.Ratios != nil {
			r = *wt.Ratios
		}
		return "fixed-ratio-" + fmtFloat(r.Critical) + "-" + fmtFloat(r.High) + "-" + fmtFloat(r.Medium) + "-" + fmtFloat(r.Low) + "/v1"
	case SchemeSwing:
		return "swing/v1"
	case SchemeExplicit:
		return "explicit-" + wt.Policy.String() + "/v1"
	case SchemeAHP:
		return "ahp-" + wt.AHP.Derivation.String() + "-" + wt.AHP.RITable.String() + "/v1"
	}
	return wt.Scheme.String()
}

// resolve computes the weights of criteria under wt. It reports every problem
// found.
func (wt Weighting) resolve(criteria []Criterion) (weightSet, error) {
	var l fielderr.List
	n := len(criteria)
	ids := make([]string, n)
	for i, c := range criteria {
		ids[i] = c.ID
	}
	ws := weightSet{scheme: wt.schemeName()}
	if !wt.Scheme.valid() {
		l.Add(&FieldError{Pkg: "prioritize", Path: "weighting.scheme", Value: wt.Scheme.String(), Err: ErrInvalidInput})
		return ws, l.Err()
	}
	if !wt.Policy.valid() {
		l.Add(&FieldError{Pkg: "prioritize", Path: "weighting.policy", Value: wt.Policy.String(), Err: ErrInvalidInput})
	}
	usesValues := wt.Scheme == SchemeSwing || wt.Scheme == SchemeExplicit
	if !usesValues && len(wt.Values) > 0 {
		l.Add(&FieldError{Pkg: "prioritize", Path: "weighting.values", Err: fmt.Errorf("values are used only by the swing and explicit schemes: %w", ErrInvalidInput)})
	}
	if wt.Scheme != SchemeAHP && len(wt.Pairwise) > 0 {
		l.Add(&FieldError{Pkg: "prioritize", Path: "weighting.pairwise", Err: fmt.Errorf("a pairwise matrix is used only by the ahp scheme: %w", ErrInvalidInput)})
	}
	if n == 0 {
		return ws, l.Err()
	}
	w := make([]float64, n)
	switch wt.Scheme {
	case SchemeROC, SchemeRankSum, SchemeReciprocal:
		levels := make([]int, n)
		for i, c := range criteria {
			levels[i] = int(c.Tier)
		}
		w, _ = OrdinalWeights(wt.Scheme, levels)
	case SchemeFixedRatio:
		r := DefaultTierRatios
		if wt.Ratios != nil {
			r = *wt.Ratios
		}
		for i, c := range criteria {
			w[i] = r.of(c.Tier)
		}
		if err := checkWeights("weighting.ratios", w, ids); err != nil {
			l.Add(err)
		} else {
			normalizeSum(w)
		}
	case SchemeSwing, SchemeExplicit:
		for _, k := range sortedKeys(wt.Values) {
			if !slices.Contains(ids, k) {
				l.Add(&FieldError{Pkg: "prioritize", Path: "weighting.values " + strconv.Quote(k), Err: fmt.Errorf("unknown criterion: %w", ErrInvalidInput)})
			}
		}
		missing := false
		for i, id := range ids {
			v, ok := wt.Values[id]
			if !ok {
				l.Add(&FieldError{Pkg: "prioritize", Path: "weighting.values " + strconv.Quote(id), Err: fmt.Errorf("missing weight: %w", ErrWeights)})
				missing = true
				continue
			}
			if wt.Scheme == SchemeSwing && v > 100 {
				l.Add(&FieldError{Pkg: "prioritize", Path: "weighting.values " + strconv.Quote(id), Value: fmtFloat(v), Err: fmt.Errorf("swing points above 100: %w", ErrWeights)})
			}
			w[i] = v
		}
		if missing {
			break
		}
		if err := checkWeights("weighting.values", w, ids); err != nil {
			l.Add(err)
			break
		}
		if wt.Scheme == SchemeSwing || wt.Policy == SumNormalize {
			normalizeSum(w)
		} else if wt.Policy == SumReject {
			var s float64
			for _, x := range w {
				s += x
			}
			if math.Abs(s-1) > 1e-9 {
				l.Add(&FieldError{Pkg: "prioritize", Path: "weighting.values", Value: fmtFloat(s), Err: fmt.Errorf("weights sum to %s, want 1 (policy reject): %w", fmtFloat(s), ErrWeights)})
			}
		}
	case SchemeAHP:
		opts := wt.AHP
		if opts.Labels == nil {
			opts.Labels = ids
		}
		if len(wt.Pairwise) != n {
			l.Add(&FieldError{Pkg: "prioritize", Path: "weighting.pairwise", Value: strconv.Itoa(len(wt.Pairwise)),
				Err: fmt.Errorf("want a %d × %d matrix over the criteria: %w", n, n, ErrInvalidInput)})
			break
		}
		if err := opts.validate("weighting.ahp", n); err != nil {
			l.Add(err)
			break
		}
		p, err := parsePairwise("weighting.pairwise", wt.Pairwise)
		if err != nil {
			l.Add(err)
			break
		}
		res, err := solveAHP(p, opts)
		if err != nil {
			l.Add(err)
			break
		}
		if err := res.Check(); err != nil {
			l.Add(err)
		}
		w = res.Weights
		ws.ahp = &res
	}
	ws.w = w
	return ws, l.Err()
}

func normalizeSum(w []float64) {
	var s float64
	for _, x := range w {
		s += x
	}
	if s > 0 {
		for i := range w {
			w[i] /= s
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// NormalizeWeights applies a sum policy to a weight vector and returns a new
// slice: [SumNormalize] divides by the sum, [SumReject] requires the sum to
// be 1 within 1e-9, [SumAsGiven] copies.
//
// NormalizeWeights returns an error (wrapping [ErrWeights]) if a weight is
// negative or not finite, all are zero, or the sum is not 1 under SumReject,
// and (wrapping [ErrInvalidInput]) if the policy is unknown.
func NormalizeWeights(w []float64, p SumPolicy) ([]float64, error) {
	if !p.valid() {
		return nil, &FieldError{Pkg: "prioritize", Path: "policy", Value: p.String(), Err: ErrInvalidInput}
	}
	if err := checkWeights("weights", w, nil); err != nil {
		return nil, err
	}
	out := append([]float64(nil), w...)
	var s float64
	for _, x := range out {
		s += x
	}
	switch p {
	case SumNormalize:
		normalizeSum(out)
	case SumReject:
		if math.Abs(s-1) > 1e-9 {
			return nil, &FieldError{Pkg: "prioritize", Path: "weights", Value: fmtFloat(s), Err: fmt.Errorf("weights sum to %s, want 1: %w", fmtFloat(s), ErrWeights)}
		}
	}
	return out, nil
}
