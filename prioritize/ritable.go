package prioritize

import (
	"fmt"
	"math"
)

// riValues holds, per table, the random index for n = 1…15 (index n−1). The
// entries for n = 1 and 2 are 0 and mean "CR := 0".
var riValues = [...][15]float64{
	RISaaty1980:       {0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59},
	RIJMcDM:           {0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.53, 1.56, 1.57, 1.59},
	RISaaty2005:       {0, 0, 0.52, 0.89, 1.11, 1.25, 1.35, 1.40, 1.45, 1.49, 1.52, 1.54, 1.56, 1.58, 1.59},
	RIScikitAHPExt:    {0, 0, 0.52, 0.89, 1.12, 1.26, 1.36, 1.41, 1.46, 1.49, 1.52, 1.54, 1.56, 1.58, 1.59},
	RITummalaLing1998: {0, 0, 0.5799, 0.8921, 1.1159, 1.2358, 1.3322, 1.3952, 1.4537, 1.4882, 1.5117, 1.5356, 1.5571, 1.5714, 1.5831},
	RIDoneganDodd1991: {0, 0, 0.4914, 0.8286, 1.0591, 1.1797, 1.2519, 1.3171, 1.3733, 1.4055, 1.4213, 1.4497, 1.4643, 1.4822, 1.4969},
}

// doneganExtended lists Donegan & Dodd's random index beyond n = 15, as
// (n, RI) pairs in ascending n. Values are verbatim, including the
// non-monotone entry at n = 90.
var doneganExtended = [...]struct {
	n  int
	ri float64
}{
	{15, 1.4969}, {16, 1.5078}, {17, 1.5153}, {18, 1.5262}, {19, 1.5313}, {20, 1.5371},
	{25, 1.5619}, {30, 1.5772}, {40, 1.5976}, {50, 1.6102}, {60, 1.6178},
	{70, 1.6237}, {80, 1.6277}, {90, 1.6213}, {100, 1.6339},
}

// MaxPairwiseSize is the largest pairwise matrix any function of this package
// accepts (the end of the longest random-index table).
const MaxPairwiseSize = 100

// RI returns the random consistency index of table t for an n × n matrix.
// For n = 1 and n = 2 it returns 0, which this package reads as "CR := 0".
// Beyond n = 15 the behaviour is the table's own: [RIJMcDM] keeps 1.59,
// [RIDoneganDodd1991] interpolates linearly between its listed sizes up to
// n = 100, and every other table returns an error.
//
// RI returns an error if:
//   - t is not a known table (wraps [ErrInvalidInput]);
//   - n < 1 (wraps [ErrInvalidInput]);
//   - n lies beyond the table (wraps [ErrOutOfTable]).
func (t RITable) RI(n int) (float64, error) {
	if !t.valid() {
		return 0, &FieldError{Pkg: "prioritize", Path: "ri_table", Value: t.String(), Err: ErrInvalidInput}
	}
	if n < 1 {
		return 0, &FieldError{Pkg: "prioritize", Path: "n", Value: fmt.Sprint(n), Err: fmt.Errorf("matrix size must be at least 1: %w", ErrInvalidInput)}
	}
	if n <= 15 {
		return riValues[t][n-1], nil
	}
	switch t {
	case RIJMcDM:
		return riValues[t][14], nil
	case RIDoneganDodd1991:
		for k := 1; k < len(doneganExtended); k++ {
			hi := doneganExtended[k]
			if n > hi.n {
				continue
			}
			lo := doneganExtended[k-1]
			if n == hi.n {
				return hi.ri, nil
			}
			f := float64(n-lo.n) / float64(hi.n-lo.n)
			return lo.ri + f*(hi.ri-lo.ri), nil
		}
	}
	return 0, &FieldError{Pkg: "prioritize", Path: "n", Value: fmt.Sprint(n),
		Err: fmt.Errorf("random-index table %s ends at n = %d: %w", t, t.maxN(), ErrOutOfTable)}
}

// maxN returns the largest size for which t defines a random index
// (math.MaxInt when it extends without end).
func (t RITable) maxN() int {
	switch t {
	case RIJMcDM:
		return math.MaxInt
	case RIDoneganDodd1991:
		return MaxPairwiseSize
	}
	return 15
}

// RITables returns every supported random-index table, in declaration order.
func RITables() []RITable {
	return []RITable{RISaaty1980, RIJMcDM, RISaaty2005, RIScikitAHPExt, RITummalaLing1998, RIDoneganDodd1991}
}

// Source returns the bibliographic source of table t.
func (t RITable) Source() string {
	switch t {
	case RISaaty1980:
		return "Saaty (1980) The Analytic Hierarchy Process, McGraw-Hill"
	case RIJMcDM:
		return "JMcDM src/ahp.jl (Saaty 1980 with RI(12) = 1.53, 1.59 beyond 15)"
	case RISaaty2005:
		return "Saaty (2005) Theory and Applications of the Analytic Network Process, p. 31"
	case RIScikitAHPExt:
		return "scikit-criteria ahp_ext SAATY_RI (decimal values)"
	case RITummalaLing1998:
		return "Tummala & Ling (1998) Theory and Decision 44(3):221-230"
	case RIDoneganDodd1991:
		return "Donegan & Dodd (1991) Mathematical and Computer Modelling 15(10):135-137"
	}
	return ""
}
