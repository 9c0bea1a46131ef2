package prioritize

import (
	"fmt"
	"math"
	"strconv"

	"github.com/healthpm/healthpm/internal/fielderr"
)

// MaxHierarchyDepth bounds the depth of an AHP hierarchy (goal = depth 0).
const MaxHierarchyDepth = 8

// Node is a node of an AHP hierarchy. A node with Children compares them
// pairwise in Pairwise (in Children order); a leaf compares the hierarchy's
// alternatives (in Alternatives order).
type Node struct {
	ID       string      `json:"id"`
	Pairwise [][]float64 `json:"pairwise"`
	Children []Node      `json:"children"`
}

// Hierarchy is a goal → criteria → sub-criteria → alternatives tree. Options
// apply to every matrix (their Labels are ignored: each matrix is labelled by
// the child IDs or the alternatives).
type Hierarchy struct {
	Goal         Node       `json:"goal"`
	Alternatives []string   `json:"alternatives"`
	Options      AHPOptions `json:"options"`
}

// NodeResult gives one node's weights: Local is its priority among its
// siblings (1 for the goal), Global the product of the local priorities from
// the goal down to it; AHP holds the analysis of the node's own matrix.
type NodeResult struct {
	Path   string    `json:"path"` // IDs from the goal, joined by "/"
	ID     string    `json:"id"`
	Depth  int       `json:"depth"`
	Local  float64   `json:"local"`
	Global float64   `json:"global"`
	AHP    AHPResult `json:"ahp"`
}

// HierarchyResult is the outcome of [SolveHierarchy].
type HierarchyResult struct {
	Method       string   `json:"method"` // "ahp-hierarchy/v1"
	Alternatives []string `json:"alternatives"`
	// Scores are the alternatives' global priorities: Σ over leaves of the
	// leaf's global weight × the alternative's local priority there; they sum
	// to 1. No intermediate rounding.
	Scores []float64 `json:"scores"`
	// Ranks are competition ranks of Scores with ties within DefaultEpsilon.
	Ranks []int `json:"ranks"`
	Best  int   `json:"best"` // lowest index of rank 1
	// Nodes lists every node in depth-first pre-order.
	Nodes []NodeResult `json:"nodes"`
	// Consistent is true when every matrix passed its consistency gate.
	Consistent bool `json:"consistent"`
}

// SolveHierarchy computes local and global weights of every node and the
// global priorities of the alternatives by hierarchic composition (the
// distributive mode). It reports inconsistent matrices in the result
// (Consistent, and per node AHP.Consistent) rather than failing; call
// [HierarchyResult.Check] to enforce the gate.
//
// SolveHierarchy returns an error if:
//   - there are no alternatives, an alternative is empty or duplicated, a
//     node ID is empty or repeated among siblings, the tree is deeper than
//     [MaxHierarchyDepth], or a matrix does not match its children or the
//     alternatives (wraps [ErrInvalidInput]);
//   - a matrix fails [ValidatePairwise] or [AHP] (the path names the node).
func SolveHierarchy(h Hierarchy) (HierarchyResult, error) {
	var l fielderr.List
	if len(h.Alternatives) == 0 {
		l.Add(&FieldError{Pkg: "prioritize", Path: "alternatives", Err: fmt.Errorf("no alternatives: %w", ErrInvalidInput)})
	}
	seen := map[string]bool{}
	for i, a := range h.Alternatives {
		if a == "" || seen[a] {
			l.Add(&FieldError{Pkg: "prioritize", Path: "alternatives[" + strconv.Itoa(i) + "]", Value: a, Err: fmt.Errorf("empty or duplicate alternative: %w", ErrInvalidInput)})
		}
		seen[a] = true
	}
	opts := h.Options
	opts.Labels = nil
	l.Add(opts.validate("options", 0))
	if err := l.Err(); err != nil {
		return HierarchyResult{}, err
	}
	res := HierarchyResult{Method: "ahp-hierarchy/v1", Alternatives: cloneStrings(h.Alternatives),
		Scores: make([]float64, len(h.Alternatives)), Consistent: true}
	var walk func(nd *Node, path string, depth int, local, global float64) error
	walk = func(nd *Node, path string, depth int, local, global float64) error {
		if depth > MaxHierarchyDepth {
			return &FieldError{Pkg: "prioritize", Path: path, Err: fmt.Errorf("hierarchy deeper than %d: %w", MaxHierarchyDepth, ErrInvalidInput)}
		}
		if nd.ID == "" {
			return &FieldError{Pkg: "prioritize", Path: path, Err: fmt.Errorf("empty node ID: %w", ErrInvalidInput)}
		}
		labels := h.Alternatives
		if len(nd.Children) > 0 {
			labels = make([]string, len(nd.Children))
			ids := map[string]bool{}
			for k, ch := range nd.Children {
				if ids[ch.ID] {
					return &FieldError{Pkg: "prioritize", Path: path + "/" + ch.ID, Err: fmt.Errorf("duplicate node ID among siblings: %w", ErrInvalidInput)}
				}
				ids[ch.ID] = true
				labels[k] = ch.ID
			}
		}
		if len(nd.Pairwise) != len(labels) {
			return &FieldError{Pkg: "prioritize", Path: path + ".pairwise", Value: strconv.Itoa(len(nd.Pairwise)),
				Err: fmt.Errorf("want a %d × %d matrix: %w", len(labels), len(labels), ErrInvalidInput)}
		}
		p, err := parsePairwise(path+".pairwise", nd.Pairwise)
		if err != nil {
			return err
		}
		o := opts
		o.Labels = labels
		ar, err := solveAHP(p, o)
		if err != nil {
			return fmt.Errorf("prioritize: node %s: %w", path, err)
		}
		ar.Labels = cloneStrings(labels)
		res.Consistent = res.Consistent && ar.Consistent
		res.Nodes = append(res.Nodes, NodeResult{Path: path, ID: nd.ID, Depth: depth, Local: local, Global: global, AHP: ar})
		if len(nd.Children) == 0 {
			for k, w := range ar.Weights {
				res.Scores[k] += global * w
			}
			return nil
		}
		for k := range nd.Children {
			ch := &nd.Children[k]
			if err := walk(ch, path+"/"+ch.ID, depth+1, ar.Weights[k], global*ar.Weights[k]); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(&h.Goal, h.Goal.ID, 0, 1, 1); err != nil {
		return HierarchyResult{}, err
	}
	res.Ranks, _, res.Best = competition(res.Scores, DefaultEpsilon)
	return res, nil
}

// Check returns nil when every matrix of the hierarchy passed its
// consistency gate, and otherwise the [*InconsistencyError] of the first
// failing node in pre-order.
func (r HierarchyResult) Check() error {
	for _, nd := range r.Nodes {
		if err := nd.AHP.Check(); err != nil {
			return fmt.Errorf("prioritize: node %s: %w", nd.Path, err)
		}
	}
	return nil
}

// RaterJudgments is one rater's pairwise matrix for [GroupAHP]. Weight is the
// rater's weight in the aggregation (0 means 1).
type RaterJudgments struct {
	Rater    string      `json:"rater"`
	Weight   float64     `json:"weight"`
	Pairwise [][]float64 `json:"pairwise"`
}

// RaterResult is one rater's own analysis within [GroupAHP].
type RaterResult struct {
	Rater  string    `json:"rater"`
	Weight float64   `json:"weight"`
	AHP    AHPResult `json:"ahp"`
}

// GroupResult is the outcome of [GroupAHP].
type GroupResult struct {
	Method string `json:"method"` // "ahp-group-aij-geometric-mean/v1"
	// Matrix is the aggregated matrix (weighted geometric mean per cell over
	// the raters who judged it; 0 where nobody did).
	Matrix    [][]float64   `json:"matrix"`
	Aggregate AHPResult     `json:"aggregate"`
	Raters    []RaterResult `json:"raters"`
}

// GroupAHP aggregates several raters' judgments by the weighted geometric
// mean of each cell (aggregation of individual judgments, which keeps the
// matrix reciprocal) and analyses the result with [AHP]. Each rater's own
// matrix is analysed too, so every rater's CR is reported. A cell no rater
// judged stays missing and is completed.
//
// GroupAHP returns an error if:
//   - there are no raters, a rater name is empty or repeated, a weight is
//     negative or not finite, or the matrices differ in size (wraps
//     [ErrInvalidInput]);
//   - a rater's matrix fails [AHP] (the path names the rater);
//   - the aggregated matrix fails [AHP].
func GroupAHP(raters []RaterJudgments, opts AHPOptions) (GroupResult, error) {
	var l fielderr.List
	if len(raters) == 0 {
		return GroupResult{}, &FieldError{Pkg: "prioritize", Path: "raters", Err: fmt.Errorf("no raters: %w", ErrInvalidInput)}
	}
	n := len(raters[0].Pairwise)
	names := map[string]bool{}
	res := GroupResult{Method: "ahp-group-aij-geometric-mean/v1"}
	for k, r := range raters {
		path := "raters[" + strconv.Itoa(k) + "]"
		if r.Rater == "" || names[r.Rater] {
			l.Add(&FieldError{Pkg: "prioritize", Path: path + ".rater", Value: r.Rater, Err: fmt.Errorf("empty or duplicate rater: %w", ErrInvalidInput)})
		}
		names[r.Rater] = true
		if !finite(r.Weight) || r.Weight < 0 {
			l.Add(&FieldError{Pkg: "prioritize", Path: path + ".weight", Value: fmtFloat(r.Weight), Err: fmt.Errorf("weight must be finite and ≥ 0: %w", ErrInvalidInput)})
		}
		if len(r.Pairwise) != n {
			l.Add(&FieldError{Pkg: "prioritize", Path: path + ".pairwise", Value: strconv.Itoa(len(r.Pairwise)), Err: fmt.Errorf("want %d rows like the first rater: %w", n, ErrInvalidInput)})
		}
	}
	if err := opts.validate("options", n); err != nil {
		l.Add(err)
	}
	if err := l.Err(); err != nil {
		return GroupResult{}, err
	}
	ps := make([]pairwise, len(raters))
	for k, r := range raters {
		p, err := parsePairwise("rater "+strconv.Quote(r.Rater)+" pairwise", r.Pairwise)
		if err != nil {
			l.Add(err)
			continue
		}
		ps[k] = p
	}
	if err := l.Err(); err != nil {
		return GroupResult{}, err
	}
	for k, r := range raters {
		w := r.Weight
		if w == 0 {
			w = 1
		}
		cp := pairwise{n: n, a: append([]float64(nil), ps[k].a...), missing: ps[k].missing}
		ar, err := solveAHP(cp, opts)
		if err != nil {
			return GroupResult{}, fmt.Errorf("prioritize: rater %q: %w", r.Rater, err)
		}
		res.Raters = append(res.Raters, RaterResult{Rater: r.Rater, Weight: w, AHP: ar})
	}
	res.Matrix = make([][]float64, n)
	for i := range n {
		res.Matrix[i] = make([]float64, n)
		for j := range n {
			var s, ws float64
			for k := range raters {
				if x := ps[k].a[i*n+j]; x > 0 {
					s += res.Raters[k].Weight * math.Log(x)
					ws += res.Raters[k].Weight
				}
			}
			if ws > 0 {
				res.Matrix[i][j] = math.Exp(s / ws)
			}
		}
	}
	p, err := parsePairwise("aggregate", res.Matrix)
	if err != nil {
		return GroupResult{}, err
	}
	agg, err := solveAHP(p, opts)
	if err != nil {
		return GroupResult{}, err
	}
	res.Aggregate = agg
	return res, nil
}
