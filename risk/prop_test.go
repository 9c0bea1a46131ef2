package risk

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// propAPMonotone: raising any one rating never lowers the built-in priority.
func propAPMonotone(t *rapid.T) {
	tab := AIAGVDA2019()
	s := rapid.IntRange(1, 10).Draw(t, "s")
	o := rapid.IntRange(1, 10).Draw(t, "o")
	d := rapid.IntRange(1, 10).Draw(t, "d")
	ds := rapid.IntRange(0, 10-s).Draw(t, "ds")
	do := rapid.IntRange(0, 10-o).Draw(t, "do")
	dd := rapid.IntRange(0, 10-d).Draw(t, "dd")
	lo, err1 := tab.Lookup(s, o, d)
	hi, err2 := tab.Lookup(s+ds, o+do, d+dd)
	if err1 != nil || err2 != nil {
		t.Fatalf("lookup errors: %v %v", err1, err2)
	}
	if hi < lo {
		t.Fatalf("AP(%d,%d,%d) = %v > AP(%d,%d,%d) = %v", s, o, d, lo, s+ds, o+do, d+dd, hi)
	}
}

func TestPropAPMonotone(t *testing.T) { rapid.Check(t, propAPMonotone) }

// cuts draws a partition of 1..10 into consecutive bands.
func cuts(t *rapid.T, label string) [][2]int {
	var bands [][2]int
	lo := 1
	for lo <= 10 {
		hi := rapid.IntRange(lo, 10).Draw(t, label)
		bands = append(bands, [2]int{lo, hi})
		lo = hi + 1
	}
	return bands
}

// genTotalTable draws a random total table: a product of random band
// partitions with a random priority per box.
func genTotalTable(t *rapid.T) APTableSpec {
	spec := APTableSpec{ID: "gen"}
	for _, s := range cuts(t, "s") {
		for _, o := range cuts(t, "o") {
			for _, d := range cuts(t, "d") {
				ap := AP(rapid.IntRange(1, 3).Draw(t, "ap"))
				spec.Rules = append(spec.Rules, APRule{s[0], s[1], o[0], o[1], d[0], d[1], ap})
			}
		}
	}
	return spec
}

// propCustomTable: a total table loads and answers every cell with its
// box's priority; removing a rule leaves a gap; stretching a rule into its
// neighbour makes an overlap. Both are rejected with the right sentinel.
func propCustomTable(t *rapid.T) {
	spec := genTotalTable(t)
	tab, err := NewAPTable(spec)
	if err != nil {
		t.Fatalf("total table rejected: %v", err)
	}
	r := spec.Rules[rapid.IntRange(0, len(spec.Rules)-1).Draw(t, "probe")]
	if got, _ := tab.Lookup(r.SMax, r.OMin, r.DMax); got != r.AP {
		t.Fatalf("cell of rule %+v = %v", r, got)
	}
	i := rapid.IntRange(0, len(spec.Rules)-1).Draw(t, "rule")
	gap := spec
	gap.Rules = slices.Delete(slices.Clone(spec.Rules), i, i+1)
	if len(gap.Rules) > 0 {
		if _, err := NewAPTable(gap); !errors.Is(err, ErrTableGap) || errors.Is(err, ErrTableOverlap) {
			t.Fatalf("table with rule %d removed: error %v, want only ErrTableGap", i, err)
		}
	}
	over := spec
	over.Rules = slices.Clone(spec.Rules)
	rr := &over.Rules[i]
	switch {
	case rr.SMax < 10:
		rr.SMax++
	case rr.OMax < 10:
		rr.OMax++
	case rr.DMax < 10:
		rr.DMax++
	case rr.SMin > 1:
		rr.SMin--
	case rr.OMin > 1:
		rr.OMin--
	case rr.DMin > 1:
		rr.DMin--
	default:
		return // a single rule covering everything cannot be stretched
	}
	if _, err := NewAPTable(over); !errors.Is(err, ErrTableOverlap) || errors.Is(err, ErrTableGap) {
		t.Fatalf("stretched rule %d: error %v, want only ErrTableOverlap", i, err)
	}
}

func TestPropCustomTable(t *testing.T) { rapid.Check(t, propCustomTable) }

func genInterval(t *rapid.T, label string) Interval {
	exp := rapid.Float64Range(-12, 0)
	a := math.Pow(10, exp.Draw(t, label+"a"))
	b := math.Pow(10, exp.Draw(t, label+"b"))
	if rapid.Bool().Draw(t, label+"zero") {
		a = 0
	}
	return Interval{min(a, b), max(a, b)}
}

// propProbability: P = P1 × P2 stays in [0, 1], is a valid interval, never
// exceeds either factor, and always classifies on every preset plan.
func propProbability(t *rapid.T) {
	p1, p2 := genInterval(t, "p1"), genInterval(t, "p2")
	p := p1.Mul(p2)
	if err := p.Validate(); err != nil {
		t.Fatalf("product %v invalid: %v", p, err)
	}
	if p.Hi > min(p1.Hi, p2.Hi) || p.Lo > min(p1.Lo, p2.Lo) {
		t.Fatalf("P %v exceeds min(P1 %v, P2 %v)", p, p1, p2)
	}
	for _, plan := range []Plan{PlanMedtech5x5(), PlanOpenRegulatory5x4(), PlanDCB0129()} {
		sev := rapid.IntRange(1, len(plan.Severity)).Draw(t, "sev")
		ev, err := plan.Evaluate(sev, p1, p2)
		if err != nil {
			t.Fatalf("%s: %v", plan.ID, err)
		}
		lvl := plan.Probability[ev.ProbabilityLevel-1]
		if p.Hi < lvl.Min || p.Hi > lvl.Max {
			t.Fatalf("%s: P.hi %g classified into level %d [%g, %g)", plan.ID, p.Hi, lvl.Level, lvl.Min, lvl.Max)
		}
	}
}

func TestPropProbability(t *testing.T) { rapid.Check(t, propProbability) }

// genRegister draws a register of complete or deliberately broken chains
// with unique IDs (prefix keeps two generated registers disjoint).
func genRegister(t *rapid.T, prefix string) *Register {
	r := &Register{SchemaVersion: SchemaVersion, ID: prefix + "REG", Plan: PlanMedtech5x5()}
	n := rapid.IntRange(1, 6).Draw(t, prefix+"n")
	ws := prefix + "WS"
	r.Worksheets = []Worksheet{{ID: ws, Kind: DFMEA}}
	rating := rapid.IntRange(0, 10)
	for i := range n {
		id := func(k string) string { return fmt.Sprintf("%s%s-%d", prefix, k, i) }
		r.Harms = append(r.Harms, Harm{ID: id("H"), Severity: rapid.IntRange(1, 5).Draw(t, "sev")})
		r.Hazards = append(r.Hazards, Hazard{ID: id("HZ")})
		if rapid.IntRange(0, 5).Draw(t, "seq") > 0 {
			r.Sequences = append(r.Sequences, SequenceOfEvents{ID: id("SQ"), Hazard: id("HZ"), Situation: id("HS")})
		}
		r.Situations = append(r.Situations, HazardousSituation{ID: id("HS"), Harms: []string{id("H")}})
		at := t0.AddDate(0, 0, rapid.IntRange(0, 100).Draw(t, "at"))
		if rapid.IntRange(0, 5).Draw(t, "est") > 0 {
			r.Estimates = append(r.Estimates, Estimate{ID: id("E0"), Situation: id("HS"), Harm: id("H"), Stage: StageInitial,
				P1: genInterval(t, "p1"), P2: genInterval(t, "p2"), By: "x", At: at})
		}
		steps := rapid.IntRange(0, 3).Draw(t, "steps")
		if rapid.Bool().Draw(t, "ctl") {
			hist := verifiedHistory()[:steps]
			r.Controls = append(r.Controls, Control{ID: id("C"), Option: ControlOption(rapid.IntRange(1, 3).Draw(t, "opt")),
				Situations: []string{id("HS")}, History: hist, NewRisk: NewRiskCheck{Assessed: rapid.Bool().Draw(t, "nr")}})
			r.Estimates = append(r.Estimates, Estimate{ID: id("E1"), Situation: id("HS"), Harm: id("H"),
				Stage: StageAfterControls, P1: genInterval(t, "q1"), P2: genInterval(t, "q2"), Controls: []string{id("C")},
				Final: rapid.Bool().Draw(t, "final"), By: "x", At: at.AddDate(0, 0, rapid.IntRange(-5, 50).Draw(t, "dt"))})
		}
		for j := range rapid.IntRange(0, 3).Draw(t, "rows") {
			row := FMEARow{ID: fmt.Sprintf("%sR-%d-%d", prefix, i, j), Worksheet: ws, FailureModeID: id("FM"),
				Effect: fmt.Sprintf("effect %d", rapid.IntRange(0, 2).Draw(t, "eff")),
				S:      Rating(rating.Draw(t, "s")), O: Rating(rating.Draw(t, "o")), D: Rating(rating.Draw(t, "d")),
				AP: AP(rapid.IntRange(0, 3).Draw(t, "ap"))}
			if rapid.Bool().Draw(t, "harm") {
				row.Harm = id("H")
			}
			r.Rows = append(r.Rows, row)
			if rapid.Bool().Draw(t, "act") {
				r.Actions = append(r.Actions, Action{ID: row.ID + "-A", Row: row.ID, Owner: rapid.SampledFrom([]string{"", "qa"}).Draw(t, "owner"),
					Due: t0.AddDate(0, 0, rapid.IntRange(0, 300).Draw(t, "due")), Status: ActionStatus(rapid.IntRange(1, 3).Draw(t, "st"))})
			}
		}
	}
	if rapid.Bool().Draw(t, prefix+"overall") {
		r.OverallResiduals = []OverallResidual{{ID: prefix + "OR", By: "x", At: t0}}
	}
	return r
}

func shuffled(t *rapid.T, r *Register) *Register {
	c := *r
	c.Harms = rapid.Permutation(r.Harms).Draw(t, "harms")
	c.Hazards = rapid.Permutation(r.Hazards).Draw(t, "hazards")
	c.Sequences = rapid.Permutation(r.Sequences).Draw(t, "seqs")
	c.Situations = rapid.Permutation(r.Situations).Draw(t, "sits")
	c.Estimates = rapid.Permutation(r.Estimates).Draw(t, "ests")
	c.Controls = rapid.Permutation(r.Controls).Draw(t, "ctls")
	c.Rows = rapid.Permutation(r.Rows).Draw(t, "rows")
	c.Actions = rapid.Permutation(r.Actions).Draw(t, "acts")
	return &c
}

// propValidateOrderIndependent: Validate is deterministic, does not depend
// on record order, and does not modify the register.
func propValidateOrderIndependent(t *rapid.T) {
	r := genRegister(t, "")
	before, err := jsonMarshal(r)
	if err != nil {
		t.Fatal(err)
	}
	a := r.Validate(asOf)
	if after, _ := jsonMarshal(r); string(after) != string(before) {
		t.Fatalf("Validate modified the register")
	}
	if diff := cmp.Diff(a, r.Validate(asOf)); diff != "" {
		t.Fatalf("Validate not deterministic:\n%s", diff)
	}
	if diff := cmp.Diff(a, shuffled(t, r).Validate(asOf)); diff != "" {
		t.Fatalf("Validate depends on record order (-orig +shuffled):\n%s", diff)
	}
}

func TestPropValidateOrderIndependent(t *testing.T) { rapid.Check(t, propValidateOrderIndependent) }

// propFindingsPersist: adding a disjoint set of records (fresh IDs, linked
// only among themselves) never removes a finding.
func propFindingsPersist(t *rapid.T) {
	r := genRegister(t, "")
	extra := genRegister(t, "X")
	before := r.Validate(asOf)
	merged := *r
	merged.Harms = append(slices.Clone(r.Harms), extra.Harms...)
	merged.Hazards = append(slices.Clone(r.Hazards), extra.Hazards...)
	merged.Sequences = append(slices.Clone(r.Sequences), extra.Sequences...)
	merged.Situations = append(slices.Clone(r.Situations), extra.Situations...)
	merged.Estimates = append(slices.Clone(r.Estimates), extra.Estimates...)
	merged.Controls = append(slices.Clone(r.Controls), extra.Controls...)
	merged.Worksheets = append(slices.Clone(r.Worksheets), extra.Worksheets...)
	merged.Rows = append(slices.Clone(r.Rows), extra.Rows...)
	merged.Actions = append(slices.Clone(r.Actions), extra.Actions...)
	after := merged.Validate(asOf)
	for _, f := range before {
		if f.Code == CodeOverallResidualMissing && len(extra.OverallResiduals) > 0 {
			continue // the extra records may carry the missing overall evaluation
		}
		if !slices.ContainsFunc(after, func(g Finding) bool { return cmp.Equal(f, g) }) {
			t.Fatalf("finding disappeared after adding unrelated records: %+v", f)
		}
	}
}

func TestPropFindingsPersist(t *testing.T) { rapid.Check(t, propFindingsPersist) }

// propRegisterRoundTrip: JSON encoding and strict decoding give back an
// equal register.
func propRegisterRoundTrip(t *rapid.T) {
	r := genRegister(t, "")
	b, err := jsonMarshal(r)
	if err != nil {
		t.Fatal(err)
	}
	got, err := DecodeRegister(bytesReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(r, got, cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })); diff != "" {
		t.Fatalf("round trip mismatch:\n%s", diff)
	}
}

func TestPropRegisterRoundTrip(t *testing.T) { rapid.Check(t, propRegisterRoundTrip) }

// genPlan draws a valid plan: random scale sizes, a random partition of
// [0, 1] into probability levels and a random matrix.
func genPlan(t *rapid.T) Plan {
	ns := rapid.IntRange(2, 10).Draw(t, "ns")
	np := rapid.IntRange(2, 10).Draw(t, "np")
	bounds := []float64{0}
	for i := 1; i < np; i++ {
		lo := bounds[len(bounds)-1]
		bounds = append(bounds, lo+(1-lo)*rapid.Float64Range(0.01, 0.9).Draw(t, "cut"))
	}
	bounds = append(bounds, 1)
	p := Plan{ID: "gen", Version: "1", Criterion: CriterionSeverityProbability,
		Classes: []RiskClass{{"A", "a", Acceptable}, {"U", "u", Unacceptable}}}
	for i := range ns {
		p.Severity = append(p.Severity, SeverityLevel{Level: i + 1, Name: fmt.Sprint("S", i+1)})
		row := make([]string, np)
		for j := range row {
			row[j] = rapid.SampledFrom([]string{"A", "U"}).Draw(t, "cell")
		}
		p.Matrix = append(p.Matrix, row)
	}
	for i := range np {
		p.Probability = append(p.Probability, ProbabilityLevel{Level: i + 1, Name: fmt.Sprint("P", i+1),
			Min: bounds[i], Max: bounds[i+1]})
	}
	return p
}

// propPlanPartition: a plan whose probability levels partition [0, 1] is
// valid and classifies every probability into exactly the level whose range
// holds it; moving one inner boundary of one level opens a gap or overlap
// that is rejected.
func propPlanPartition(t *rapid.T) {
	p := genPlan(t)
	if err := p.Validate(); err != nil {
		t.Fatalf("generated plan invalid: %v", err)
	}
	x := rapid.Float64Range(0, 1).Draw(t, "x")
	lvl, err := p.ProbabilityLevel(x)
	if err != nil {
		t.Fatal(err)
	}
	l := p.Probability[lvl-1]
	if x < l.Min || x > l.Max || (x == l.Max && lvl != len(p.Probability)) {
		t.Fatalf("%g classified into [%g, %g)", x, l.Min, l.Max)
	}
	i := rapid.IntRange(0, len(p.Probability)-2).Draw(t, "level")
	broken := p
	broken.Probability = slices.Clone(p.Probability)
	broken.Probability[i].Max = (broken.Probability[i].Min + broken.Probability[i].Max) / 2
	if broken.Probability[i].Max == broken.Probability[i].Min {
		return
	}
	if err := broken.Validate(); !errors.Is(err, ErrInvalidInput) {
		t.Fatalf("gap after level %d accepted: %v", i+1, err)
	}
}

func TestPropPlanPartition(t *testing.T) { rapid.Check(t, propPlanPartition) }

// propRollUp: each roll-up equals the worst case of its rows, computed here
// line by line.
func propRollUp(t *rapid.T) {
	n := rapid.IntRange(1, 8).Draw(t, "n")
	rating := rapid.IntRange(0, 10)
	var rows []FMEARow
	for i := range n {
		rows = append(rows, FMEARow{ID: fmt.Sprintf("R-%d", i), Worksheet: "WS", FailureModeID: "FM",
			S: Rating(rating.Draw(t, "s")), O: Rating(rating.Draw(t, "o")), D: Rating(rating.Draw(t, "d"))})
	}
	ups, err := RollUp(rows, AIAGVDA2019())
	if err != nil || len(ups) != 1 {
		t.Fatalf("RollUp = %v, %v", ups, err)
	}
	u := ups[0]
	var s, o Rating
	d := Rating(11)
	worst, complete := APUnspecified, true
	for _, r := range rows {
		s, o = max(s, r.S), max(o, r.O)
		if r.D != Unscored {
			d = min(d, r.D)
		}
		if !r.Scored() {
			complete = false
			continue
		}
		ap, _ := AIAGVDA2019().Lookup(int(r.S), int(r.O), int(r.D))
		worst = max(worst, ap)
	}
	if d == 11 {
		d = Unscored
	}
	if u.S != s || u.O != o || u.D != d || u.AP != worst || u.Complete != complete || u.Rule != RollupRule {
		t.Fatalf("roll-up %+v, want S%v O%v D%v AP %v complete %v", u, s, o, d, worst, complete)
	}
}

func TestPropRollUp(t *testing.T) { rapid.Check(t, propRollUp) }

// propDecimalProduct: Interval.Mul rounds the exact product of the bounds'
// shortest decimals to the nearest float64 (oracle: shopspring product,
// big.Rat rounding), so it is monotone and never below a decimal edge the
// exact product reaches.
func propDecimalProduct(t *rapid.T) {
	draw := func(label string) float64 {
		switch rapid.IntRange(0, 2).Draw(t, label+"-kind") {
		case 0: // a short decimal, as people type probabilities
			m := rapid.Int64Range(1, 999999).Draw(t, label+"-m")
			e := rapid.IntRange(0, 12).Draw(t, label+"-e")
			return min(1, float64(m)/math.Pow(10, float64(e)))
		case 1:
			return rapid.Float64Range(0, 1).Draw(t, label)
		default:
			return math.Float64frombits(rapid.Uint64Range(0, math.Float64bits(1)).Draw(t, label+"-bits"))
		}
	}
	a, b := draw("a"), draw("b")
	got := Point(a).Mul(Point(b)).Hi
	want := 0.0
	if a != 0 && b != 0 {
		want = nearestFloat(decOf(a).Mul(decOf(b)))
	}
	if got != want {
		t.Fatalf("Mul(%v, %v) = %v, want %v", a, b, got, want)
	}
	if got > min(a, b) {
		t.Fatalf("Mul(%v, %v) = %v above the smaller factor", a, b, got)
	}
	plan := PlanMedtech5x5()
	lvl, err := plan.ProbabilityLevel(got)
	if err != nil {
		t.Fatal(err)
	}
	if exact := decimalLevel(plan, decOf(a).Mul(decOf(b))); lvl < exact {
		t.Fatalf("Mul(%v, %v) = %v classified %d, the exact product is level %d", a, b, got, lvl, exact)
	}
}

func TestPropDecimalProduct(t *testing.T) { rapid.Check(t, propDecimalProduct) }
