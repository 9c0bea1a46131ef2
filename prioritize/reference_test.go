package prioritize

// The literature cases of prioritize.md §3, as data in
// testdata/prioritize_cases.json (copied unchanged from
// ../shared/reference/prioritize_cases.json; sources per case inside).
// Each case is recomputed here into a value shaped like its "expected"
// object, compared at the case's tolerance (or tolerance_by_field), and
// every "published" value is checked at its own tolerance.

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
)

type refCase struct {
	ID               string             `json:"id"`
	Method           string             `json:"method"`
	Inputs           map[string]any     `json:"inputs"`
	Expected         map[string]any     `json:"expected"`
	Tolerance        float64            `json:"tolerance"`
	ToleranceByField map[string]float64 `json:"tolerance_by_field"`
	Published        []struct {
		What      string   `json:"what"`
		Field     string   `json:"field"`
		Values    any      `json:"values"`
		Indices   []int    `json:"indices"`
		Keys      []string `json:"keys"`
		Tolerance float64  `json:"tolerance"`
	} `json:"published"`
	Source string `json:"source"`
	Notes  string `json:"notes"`
}

func loadCases(t *testing.T, path string) []refCase {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var cs []refCase
	if err := json.Unmarshal(b, &cs); err != nil {
		t.Fatal(err)
	}
	return cs
}

func TestReferenceCases(t *testing.T) {
	runReferenceFile(t, "testdata/prioritize_cases.json")
	// A held-out file of the same shape may be dropped next to it.
	if _, err := os.Stat("testdata/prioritize_cases.heldout.json"); err == nil {
		runReferenceFile(t, "testdata/prioritize_cases.heldout.json")
	}
}

func runReferenceFile(t *testing.T, path string) {
	cs := loadCases(t, path)
	if len(cs) == 0 {
		t.Fatalf("%s: no cases", path)
	}
	for _, c := range cs {
		t.Run(c.ID, func(t *testing.T) {
			got, err := computeCase(t, c)
			if err != nil {
				t.Fatalf("%s (%s): %v", c.ID, c.Method, err)
			}
			compareTree(t, "", c.Expected, got, c.Tolerance, c.ToleranceByField)
			for _, p := range c.Published {
				v, ok := lookup(got, p.Field)
				if !ok {
					t.Errorf("published %s: field %q not produced", p.What, p.Field)
					continue
				}
				want := p.Values
				if len(p.Indices) > 0 {
					arr, _ := v.([]any)
					sub := make([]any, len(p.Indices))
					for k, ix := range p.Indices {
						if ix < len(arr) {
							sub[k] = arr[ix]
						}
					}
					v = sub
				}
				if len(p.Keys) > 0 {
					mp, _ := v.(map[string]any)
					sub := make([]any, len(p.Keys))
					for k, key := range p.Keys {
						sub[k] = mp[key]
					}
					v = sub
				}
				compareTree(t, "published "+p.What, want, v, p.Tolerance, nil)
			}
		})
	}
}

// lookup resolves a dotted path ("cr_by_ri_table.saaty2005", "local_weights.0").
func lookup(v any, path string) (any, bool) {
	for _, part := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			var ok bool
			if v, ok = x[part]; !ok {
				return nil, false
			}
		case []any:
			i, err := strconv.Atoi(part)
			if err != nil || i < 0 || i >= len(x) {
				return nil, false
			}
			v = x[i]
		default:
			return nil, false
		}
	}
	return v, true
}

// compareTree checks that got matches want: numbers within tol (absolute),
// everything else equal; every key of want must be present in got.
func compareTree(t *testing.T, path string, want, got any, tol float64, byField map[string]float64) {
	t.Helper()
	if top, _, _ := strings.Cut(path, "."); byField != nil {
		if ft, ok := byField[top]; ok {
			tol = ft
		}
	}
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			t.Errorf("%s: got %T, want object", path, got)
			return
		}
		for _, k := range sortedKeys(w) {
			gv, ok := g[k]
			if !ok {
				t.Errorf("%s: field %q not produced", path, k)
				continue
			}
			compareTree(t, join(path, k), w[k], gv, tol, byField)
		}
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			t.Errorf("%s: got %v, want %v", path, got, want)
			return
		}
		for i := range w {
			compareTree(t, join(path, strconv.Itoa(i)), w[i], g[i], tol, byField)
		}
	case float64:
		g, ok := toFloat(got)
		if !ok || math.Abs(g-w) > tol || math.IsNaN(g) {
			t.Errorf("%s: got %v, want %v (tolerance %g)", path, got, w, tol)
		}
	default:
		if fmt.Sprint(want) != fmt.Sprint(got) {
			t.Errorf("%s: got %v, want %v", path, got, want)
		}
	}
}

func join(p, k string) string {
	if p == "" {
		return k
	}
	return p + "." + k
}

func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case int:
		return float64(x), true
	}
	return 0, false
}

// generic converts Go values into the JSON-like tree compareTree reads.
func generic(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		panic(err)
	}
	return out
}

func inMatrix(v any) [][]float64 {
	rows, _ := v.([]any)
	out := make([][]float64, len(rows))
	for i, r := range rows {
		cells, _ := r.([]any)
		out[i] = make([]float64, len(cells))
		for j, c := range cells {
			if f, ok := c.(float64); ok {
				out[i][j] = f // null stays 0 = missing
			}
		}
	}
	return out
}

func inFloats(v any) []float64 {
	xs, _ := v.([]any)
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i], _ = x.(float64)
	}
	return out
}

func inStrings(v any) []string {
	xs, _ := v.([]any)
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i], _ = x.(string)
	}
	return out
}

func inString(m map[string]any, k string) string { s, _ := m[k].(string); return s }

func ahpOptions(in map[string]any) (AHPOptions, error) {
	var o AHPOptions
	if d := inString(in, "derivation"); d != "" {
		if d == "approx" {
			d = "column_mean"
		}
		if err := o.Derivation.UnmarshalText([]byte(d)); err != nil {
			return o, err
		}
	}
	if d := inString(in, "lambda_max_method"); d != "" {
		if err := o.Lambda.UnmarshalText([]byte(d)); err != nil {
			return o, err
		}
	}
	if d := inString(in, "ri_table"); d != "" {
		if err := o.RITable.UnmarshalText([]byte(d)); err != nil {
			return o, err
		}
	}
	if th, ok := in["cr_threshold"].(float64); ok {
		o.Threshold = th
	}
	return o, nil
}

func crByTable(matrix [][]float64, o AHPOptions) (map[string]any, error) {
	out := map[string]any{}
	for _, tb := range RITables() {
		o.RITable = tb
		r, err := AHP(matrix, o)
		if err != nil {
			return nil, err
		}
		out[tb.String()] = r.CR
	}
	return out, nil
}

func directions(v any) ([]Direction, error) {
	names := inStrings(v)
	out := make([]Direction, len(names))
	for i, s := range names {
		if err := out[i].UnmarshalText([]byte(s)); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func ranksAny(r []int) []any {
	out := make([]any, len(r))
	for i, x := range r {
		out[i] = float64(x)
	}
	return out
}

func computeCase(t *testing.T, c refCase) (map[string]any, error) {
	in := c.Inputs
	switch c.Method {
	case "ri_table":
		var tb RITable
		if err := tb.UnmarshalText([]byte(inString(in, "ri_table"))); err != nil {
			return nil, err
		}
		got := map[string]any{}
		ns := inFloats(c.Expected["n"])
		ris := make([]any, len(ns))
		for k, n := range ns {
			ri, err := tb.RI(int(n))
			if err != nil {
				return nil, err
			}
			ris[k] = ri
		}
		got["n"] = generic(ns)
		got["ri"] = ris
		// The first n with a nonzero RI, and CR for n ≤ 2 (a 2 × 2 matrix).
		from := 0
		for n := 1; n <= 15; n++ {
			if ri, _ := tb.RI(n); ri > 0 {
				from = n
				break
			}
		}
		got["ri_defined_from_n"] = float64(from)
		r2, err := AHP([][]float64{{1, 5}, {0.2, 1}}, AHPOptions{RITable: tb})
		if err != nil {
			return nil, err
		}
		got["cr_for_n_le_2"] = r2.CR
		_, err16 := tb.RI(16)
		switch {
		case errors.Is(err16, ErrOutOfTable):
			got["beyond_15"] = "error"
		case err16 != nil:
			return nil, err16
		default:
			r16, _ := tb.RI(16)
			r40, _ := tb.RI(40)
			r1000, err1000 := tb.RI(1000)
			switch {
			case r16 == riValues[tb][14] && r40 == r16 && r1000 == r16 && err1000 == nil:
				got["beyond_15"] = "clamp_last"
				got["ri_beyond_15"] = r16
			default:
				got["beyond_15"] = "extended_interpolated"
				ext := map[string]any{}
				if m, ok := c.Expected["extended"].(map[string]any); ok {
					for k := range m {
						n, _ := strconv.Atoi(k)
						v, err := tb.RI(n)
						if err != nil {
							return nil, err
						}
						ext[k] = v
					}
					// Interpolation: midway between two listed sizes.
					keys := make([]int, 0, len(m))
					for k := range m {
						n, _ := strconv.Atoi(k)
						keys = append(keys, n)
					}
					slices.Sort(keys)
					for k := 1; k < len(keys); k++ {
						lo, hi := keys[k-1], keys[k]
						if hi-lo < 2 {
							continue
						}
						mid := (lo + hi) / 2
						vm, _ := tb.RI(mid)
						vl, vh := m[strconv.Itoa(lo)].(float64), m[strconv.Itoa(hi)].(float64)
						want := vl + float64(mid-lo)/float64(hi-lo)*(vh-vl)
						if math.Abs(vm-want) > 1e-12 {
							t.Errorf("RI(%d) = %v, want linear interpolation %v", mid, vm, want)
						}
					}
					last := keys[len(keys)-1]
					if _, err := tb.RI(last + 1); !errors.Is(err, ErrOutOfTable) {
						t.Errorf("RI(%d) beyond the extended table: err = %v, want ErrOutOfTable", last+1, err)
					}
				}
				got["extended"] = ext
				got["extended_interpolation"] = "linear"
			}
		}
		return got, nil

	case "ahp", "ahp_incomplete":
		o, err := ahpOptions(in)
		if err != nil {
			return nil, err
		}
		o.Labels = inStrings(in["labels"])
		mx := inMatrix(in["matrix"])
		r, err := AHP(mx, o)
		if err != nil {
			return nil, err
		}
		got := map[string]any{
			"weights": generic(r.Weights), "lambda_max": r.LambdaMax, "ci": r.CI, "cr": r.CR,
			"ri_table": r.RITable.String(), "consistent": r.Consistent,
			"completed": generic(r.Completed), "completed_matrix": generic(r.Matrix),
		}
		byTable, err := crByTable(mx, o)
		if err != nil {
			return nil, err
		}
		got["cr_by_ri_table"] = byTable
		checkGate(t, r)
		return got, nil

	case "ahp_hierarchy":
		o, err := ahpOptions(in)
		if err != nil {
			return nil, err
		}
		crit := inStrings(in["criteria_labels"])
		alts := inStrings(in["alternative_labels"])
		altMats, _ := in["alternative_matrices"].([]any)
		h := Hierarchy{Goal: Node{ID: "goal", Pairwise: inMatrix(in["criteria_matrix"])}, Alternatives: alts, Options: o}
		for k, id := range crit {
			h.Goal.Children = append(h.Goal.Children, Node{ID: id, Pairwise: inMatrix(altMats[k])})
		}
		r, err := SolveHierarchy(h)
		if err != nil {
			return nil, err
		}
		goal := r.Nodes[0].AHP
		got := map[string]any{
			"criteria_weights": generic(goal.Weights), "criteria_lambda_max": goal.LambdaMax,
			"criteria_ci": goal.CI, "criteria_cr": goal.CR, "ri_table": goal.RITable.String(),
			"consistent": goal.Consistent, "scores": generic(r.Scores), "ranks": ranksAny(r.Ranks),
			"best_index": float64(r.Best),
		}
		var lw, ll, lc []any
		for _, nd := range r.Nodes[1:] {
			lw = append(lw, generic(nd.AHP.Weights))
			ll = append(ll, nd.AHP.LambdaMax)
			lc = append(lc, nd.AHP.CR)
		}
		got["local_weights"], got["local_lambda_max"], got["local_cr"] = lw, ll, lc
		byTable, err := crByTable(h.Goal.Pairwise, o)
		if err != nil {
			return nil, err
		}
		got["criteria_cr_by_ri_table"] = byTable
		checkGate(t, goal)
		return got, nil

	case "topsis", "wsm", "wpm":
		dirs, err := directions(in["types"])
		if err != nil {
			return nil, err
		}
		w := inFloats(in["weights"])
		var wsum float64
		for _, x := range w {
			wsum += x
		}
		if nw, _ := in["normalize_weights"].(bool); nw {
			w, err = NormalizeWeights(w, SumNormalize)
			if err != nil {
				return nil, err
			}
		}
		var opts MatrixOptions
		if err := opts.Normalization.UnmarshalText([]byte(inString(in, "normalization"))); err != nil {
			return nil, err
		}
		switch c.Method {
		case "topsis":
			opts.Aggregation = TOPSIS
			if d := inString(in, "distance"); d != "" && d != "euclidean" {
				return nil, fmt.Errorf("distance %q not supported", d)
			}
		case "wsm":
			opts.Aggregation = WeightedSum
		case "wpm":
			opts.Aggregation = WeightedProduct
		}
		if ct := inString(in, "cost_transform"); ct != "" && !(ct == "reciprocal" && opts.Normalization == NormSum) {
			return nil, fmt.Errorf("cost transform %q with %s not supported", ct, opts.Normalization)
		}
		r, err := EvaluateMatrix(Matrix{Values: inMatrix(in["matrix"]), Weights: w, Directions: dirs}, opts)
		if err != nil {
			return nil, err
		}
		got := map[string]any{
			"closeness": generic(r.Scores), "scores": generic(r.Scores), "ranks": ranksAny(r.Ranks),
			"best_index": float64(r.Best), "ties": generic(r.Ties), "weights_sum": wsum,
			"d_plus": generic(r.DPlus), "d_minus": generic(r.DMinus),
		}
		return got, nil

	case "roc_weights", "rank_sum_weights", "rs_weights", "reciprocal_weights", "rr_weights", "ordinal_weights":
		scheme := map[string]Scheme{"roc_weights": SchemeROC, "rank_sum_weights": SchemeRankSum, "rs_weights": SchemeRankSum,
			"reciprocal_weights": SchemeReciprocal, "rr_weights": SchemeReciprocal, "ordinal_weights": SchemeROC}[c.Method]
		if sc := inString(in, "scheme"); sc != "" {
			if err := scheme.UnmarshalText([]byte(sc)); err != nil {
				return nil, err
			}
		}
		var levels []int
		tie := inString(in, "tie_method")
		switch {
		case in["ranks"] != nil:
			for _, x := range inFloats(in["ranks"]) {
				levels = append(levels, int(x))
			}
		case in["labels"] != nil:
			order := inStrings(in["label_order"])
			for _, lb := range inStrings(in["labels"]) {
				levels = append(levels, slices.Index(order, lb)+1)
			}
		}
		if tie != "none" && tie != "average_tied_positions" {
			return nil, fmt.Errorf("tie method %q not supported", tie)
		}
		w, err := OrdinalWeights(scheme, levels)
		if err != nil {
			return nil, err
		}
		got := map[string]any{"weights": generic(w)}
		var sum float64
		for _, x := range w {
			sum += x
		}
		got["weights_sum"] = sum
		if in["labels"] != nil {
			by := map[string]any{}
			for k, lb := range inStrings(in["labels"]) {
				by[lb] = w[k]
			}
			got["weights_by_label"] = by
		}
		return got, nil
	}
	return nil, fmt.Errorf("unknown method %q", c.Method)
}

// checkGate asserts that an inconsistent result fails its gate with an
// InconsistencyError naming a judgment, and a consistent one passes.
func checkGate(t *testing.T, r AHPResult) {
	t.Helper()
	err := r.Check()
	if r.Consistent {
		if err != nil {
			t.Errorf("Check() = %v for a consistent matrix", err)
		}
		return
	}
	var ie *InconsistencyError
	if !errors.Is(err, ErrInconsistent) || !errors.As(err, &ie) {
		t.Fatalf("Check() = %v, want an InconsistencyError", err)
	}
	if ie.Worst.Row == ie.Worst.Col || ie.Worst.Deviation <= 0 {
		t.Errorf("Check() names no judgment to revisit: %+v", ie.Worst)
	}
}
