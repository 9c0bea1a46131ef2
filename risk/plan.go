package risk

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/healthpm/healthpm/internal/enumtext"
)

// Acceptability is the outcome of evaluating a risk against a plan's
// acceptability matrix (ISO 14971 clause 6).
type Acceptability uint8

// Acceptability values. Text forms: "acceptable", "acceptable-afap",
// "unacceptable".
const (
	AcceptabilityUnspecified Acceptability = iota // no text form
	Acceptable                                    // acceptable without further action
	AcceptableAFAP                                // acceptable only when reduced as far as possible, with a recorded rationale
	Unacceptable                                  // must be controlled; if it stays, needs a benefit-risk analysis
)

var acceptabilityCodec = enumtext.New[Acceptability]("risk", "Acceptability", ErrInvalidInput,
	"", "acceptable", "acceptable-afap", "unacceptable")

// String returns the text form of a.
func (a Acceptability) String() string { return acceptabilityCodec.String(a) }

// MarshalText returns the text form of a.
func (a Acceptability) MarshalText() ([]byte, error) { return acceptabilityCodec.Marshal(a) }

// AppendText appends the text form of a to b.
func (a Acceptability) AppendText(b []byte) ([]byte, error) { return appendText(b, a.MarshalText) }

// UnmarshalText parses an acceptability case-insensitively.
func (a *Acceptability) UnmarshalText(b []byte) error { return parseInto(a, acceptabilityCodec, b) }

// CriterionSeverityProbability is the only acceptability criterion a [Plan]
// accepts: the class of a risk is read from the plan's matrix by severity of
// harm and probability of harm.
const CriterionSeverityProbability = "severity-probability"

// SeverityLevel is one level of a plan's severity scale. Level numbers run
// 1..n in order of increasing severity.
type SeverityLevel struct {
	Level       int    `json:"level"`
	Name        string `json:"name"`
	Description string `json:"description"`
}

// ProbabilityLevel is one level of a plan's probability scale: the numeric
// range [Min, Max) of probability of harm (per use, per patient or per
// device-year as the plan says), with Max = 1 inclusive for the top level.
// Level numbers run 1..n in order of increasing probability.
type ProbabilityLevel struct {
	Level int     `json:"level"`
	Name  string  `json:"name"`
	Min   float64 `json:"min"`
	Max   float64 `json:"max"`
}

// RiskClass is one class of the acceptability matrix, for example "U"
// (unacceptable) or DCB0129 risk level "4".
type RiskClass struct {
	ID            string        `json:"id"`
	Name          string        `json:"name"`
	Acceptability Acceptability `json:"acceptability"`
}

// Plan holds the parts of an ISO 14971 risk management plan that the
// register computes with: a versioned severity scale, a probability scale of
// numeric ranges, and the acceptability matrix. Matrix[s-1][p-1] is the ID of
// the class of severity level s and probability level p.
//
// Criterion must be [CriterionSeverityProbability]. A plan whose criterion
// names RPN, Action Priority or detection is rejected with
// [ErrAcceptabilityCriterion]: those rank the need for action, and detection
// does not change the probability or severity of harm.
type Plan struct {
	ID                    string             `json:"id"`
	Version               string             `json:"version"`
	Title                 string             `json:"title"`
	Criterion             string             `json:"acceptability_criterion"`
	ProbabilityUnit       string             `json:"probability_unit"`
	Severity              []SeverityLevel    `json:"severity"`
	Probability           []ProbabilityLevel `json:"probability"`
	Classes               []RiskClass        `json:"classes"`
	Matrix                [][]string         `json:"matrix"`
	OverallResidualMethod string             `json:"overall_residual_method"`
	Provenance            string             `json:"provenance"`
}

// Scale limits of a plan.
const (
	maxPlanLevels = 10
	// MaxPlanBytes bounds the JSON accepted by LoadPlan.
	MaxPlanBytes = 1 << 20
)

// Validate reports every problem with the plan.
//
// Validate returns an error if:
//   - the ID is not a stable identifier or Version is empty (wrap [ErrInvalidInput]);
//   - Criterion names RPN, AP, action priority or detection (wraps
//     [ErrAcceptabilityCriterion]) or is anything but
//     [CriterionSeverityProbability] (wraps [ErrInvalidInput]);
//   - a scale has fewer than 2 or more than 10 levels, levels are not
//     numbered 1..n in order, or a name is empty (wrap [ErrInvalidInput]);
//   - a probability bound is NaN, infinite or outside [0, 1] (wraps
//     [ErrOutOfRange]), a range is empty, the first does not start at 0, the
//     last does not end at 1, or neighbours leave a gap or overlap (wrap
//     [ErrInvalidInput]);
//   - a class ID is empty or repeated, its acceptability unspecified, or the
//     matrix is not severity × probability or names an unknown class (wrap
//     [ErrInvalidInput]).
func (p Plan) Validate() error {
	var errs []error
	add := func(path, value string, err error) { errs = append(errs, fieldErr("plan."+path, value, err)) }
	if err := checkID(p.ID); err != nil {
		add("id", truncate(p.ID), err)
	}
	if strings.TrimSpace(p.Version) == "" {
		add("version", "", fmt.Errorf("%w: empty", ErrInvalidInput))
	}
	if err := checkCriterion(p.Criterion); err != nil {
		add("acceptability_criterion", truncate(p.Criterion), err)
	}
	checkCount := func(name string, n int) bool {
		if n < 2 || n > maxPlanLevels {
			add(name, strconv.Itoa(n), fmt.Errorf("%w: need 2..%d levels", ErrInvalidInput, maxPlanLevels))
			return false
		}
		return true
	}
	sevOK := checkCount("severity", len(p.Severity))
	for i, l := range p.Severity {
		if l.Level != i+1 {
			add(fmt.Sprintf("severity[%d].level", i), strconv.Itoa(l.Level), fmt.Errorf("%w: want %d", ErrInvalidInput, i+1))
		}
		if strings.TrimSpace(l.Name) == "" {
			add(fmt.Sprintf("severity[%d].name", i), "", fmt.Errorf("%w: empty", ErrInvalidInput))
		}
	}
	probOK := checkCount("probability", len(p.Probability))
	for i, l := range p.Probability {
		path := fmt.Sprintf("probability[%d]", i)
		if l.Level != i+1 {
			add(path+".level", strconv.Itoa(l.Level), fmt.Errorf("%w: want %d", ErrInvalidInput, i+1))
		}
		if strings.TrimSpace(l.Name) == "" {
			add(path+".name", "", fmt.Errorf("%w: empty", ErrInvalidInput))
		}
		okMin, okMax := checkProb(l.Min), checkProb(l.Max)
		if !okMin {
			add(path+".min", fmtFloat(l.Min), fmt.Errorf("%w [0, 1]", ErrOutOfRange))
		}
		if !okMax {
			add(path+".max", fmtFloat(l.Max), fmt.Errorf("%w [0, 1]", ErrOutOfRange))
		}
		if okMin && okMax && l.Min >= l.Max {
			add(path, fmtFloat(l.Min)+".."+fmtFloat(l.Max), fmt.Errorf("%w: empty range", ErrInvalidInput))
		}
		if i == 0 && l.Min != 0 {
			add(path+".min", fmtFloat(l.Min), fmt.Errorf("%w: the lowest level must start at 0", ErrInvalidInput))
		}
		if i == len(p.Probability)-1 && l.Max != 1 {
			add(path+".max", fmtFloat(l.Max), fmt.Errorf("%w: the highest level must end at 1", ErrInvalidInput))
		}
		if i > 0 && l.Min != p.Probability[i-1].Max {
			add(path+".min", fmtFloat(l.Min), fmt.Errorf("%w: gap or overlap with level %d ending at %s",
				ErrInvalidInput, i, fmtFloat(p.Probability[i-1].Max)))
		}
	}
	classes := make(map[string]bool, len(p.Classes))
	if len(p.Classes) == 0 {
		add("classes", "", fmt.Errorf("%w: no classes", ErrInvalidInput))
	}
	for i, c := range p.Classes {
		path := fmt.Sprintf("classes[%d]", i)
		switch {
		case strings.TrimSpace(c.ID) == "":
			add(path+".id", "", fmt.Errorf("%w: empty", ErrInvalidInput))
		case classes[c.ID]:
			add(path+".id", truncate(c.ID), fmt.Errorf("%w: duplicate class", ErrInvalidInput))
		}
		classes[c.ID] = true
		if !acceptabilityCodec.Valid(c.Acceptability) {
			add(path+".acceptability", c.Acceptability.String(), ErrInvalidInput)
		}
	}
	if sevOK && len(p.Matrix) != len(p.Severity) {
		add("matrix", strconv.Itoa(len(p.Matrix)), fmt.Errorf("%w: want one row per severity level (%d)",
			ErrInvalidInput, len(p.Severity)))
	}
	for i, row := range p.Matrix {
		if probOK && len(row) != len(p.Probability) {
			add(fmt.Sprintf("matrix[%d]", i), strconv.Itoa(len(row)), fmt.Errorf("%w: want one cell per probability level (%d)",
				ErrInvalidInput, len(p.Probability)))
		}
		for j, c := range row {
			if !classes[c] {
				add(fmt.Sprintf("matrix[%d][%d]", i, j), truncate(c), fmt.Errorf("%w: unknown class", ErrInvalidInput))
			}
		}
	}
	return errors.Join(errs...)
}

// checkCriterion accepts only severity × probability and explains why RPN
// and AP are refused.
func checkCriterion(c string) error {
	n := strings.ToLower(strings.TrimSpace(c))
	if n == CriterionSeverityProbability {
		return nil
	}
	words := strings.FieldsFunc(n, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') })
	for _, w := range words {
		switch w {
		case "rpn", "ap", "priority", "detection", "detectability", "sod", "fmea":
			return ErrAcceptabilityCriterion
		}
	}
	return fmt.Errorf("%w: acceptability criterion must be %q", ErrInvalidInput, CriterionSeverityProbability)
}

func checkProb(x float64) bool { return !math.IsNaN(x) && x >= 0 && x <= 1 }

func fmtFloat(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// LoadPlan reads a plan in its JSON form from r (strict: unknown fields and
// trailing data are rejected) and validates it.
//
// LoadPlan returns an error if the input is larger than [MaxPlanBytes]
// (wraps [ErrTooLarge]), is not one JSON object of the plan's shape (wraps
// [ErrInvalidInput]), or fails [Plan.Validate].
func LoadPlan(r io.Reader) (Plan, error) {
	var p Plan
	if err := decodeStrict(r, MaxPlanBytes, &p); err != nil {
		return Plan{}, err
	}
	if err := p.Validate(); err != nil {
		return Plan{}, err
	}
	return p, nil
}

// ProbabilityLevel returns the level of the plan's probability scale whose
// range holds x: Min ≤ x < Max, or x = 1 for the top level. x equal to an
// edge takes the level above it. To classify a product, compute it with
// [Interval.Mul] (see [ProductRule]), not with the float64 operator *,
// whose binary rounding can leave an exact decimal edge one unit in the
// last place too low.
//
// ProbabilityLevel returns an error if x is NaN or outside [0, 1] (wraps
// [ErrOutOfRange]) or the scale does not cover x (wraps [ErrInvalidInput]).
func (p Plan) ProbabilityLevel(x float64) (int, error) {
	if !checkProb(x) {
		return 0, fieldErr("probability", fmtFloat(x), fmt.Errorf("%w [0, 1]", ErrOutOfRange))
	}
	for i, l := range p.Probability {
		if x >= l.Min && (x < l.Max || (i == len(p.Probability)-1 && x <= l.Max)) {
			return l.Level, nil
		}
	}
	return 0, fieldErr("probability", fmtFloat(x), fmt.Errorf("%w: no level of plan %q covers it", ErrInvalidInput, p.ID))
}

// Interval is a probability range [Lo, Hi] with 0 ≤ Lo ≤ Hi ≤ 1. A point
// estimate has Lo = Hi.
type Interval struct {
	Lo float64 `json:"lo"`
	Hi float64 `json:"hi"`
}

// Point returns the interval [x, x].
func Point(x float64) Interval { return Interval{x, x} }

// Validate returns an error if a bound is NaN or outside [0, 1] (wraps
// [ErrOutOfRange]) or Lo > Hi (wraps [ErrInvalidInput]).
func (iv Interval) Validate() error {
	var errs []error
	if !checkProb(iv.Lo) {
		errs = append(errs, fieldErr("lo", fmtFloat(iv.Lo), fmt.Errorf("%w [0, 1]", ErrOutOfRange)))
	}
	if !checkProb(iv.Hi) {
		errs = append(errs, fieldErr("hi", fmtFloat(iv.Hi), fmt.Errorf("%w [0, 1]", ErrOutOfRange)))
	}
	if len(errs) == 0 && iv.Lo > iv.Hi {
		errs = append(errs, fieldErr("lo", fmtFloat(iv.Lo), fmt.Errorf("%w: above hi %s", ErrInvalidInput, fmtFloat(iv.Hi))))
	}
	return errors.Join(errs...)
}

// Mul returns the product interval [a.Lo × b.Lo, a.Hi × b.Hi], each bound
// computed by [ProductRule]: the exact product of the bounds' shortest
// decimal forms, rounded once to the nearest float64. So 0.000016 × 0.625
// is exactly 0.00001, never the binary product 9.999999999999999e-06. For
// valid intervals the result is valid and each bound is at most the smaller
// of the operands' bounds, because both factors are at most 1 and rounding
// is monotone. Mul does not allocate for typical bounds.
func (a Interval) Mul(b Interval) Interval { return Interval{mulProb(a.Lo, b.Lo), mulProb(a.Hi, b.Hi)} }

// EvaluationRule is the estimation and classification rule recorded on
// every [Evaluation]. Version 2 computes the product by [ProductRule], so a
// product whose exact decimal value is a class edge takes the higher level;
// version 1 used the binary float64 product, which could fall one unit in
// the last place below an edge and take the lower, non-conservative level.
const EvaluationRule = "iso14971-p1p2-interval-v2: P = P1 × P2 on interval bounds (" + ProductRule + "); " +
	"probability level = level of the upper bound of P (conservative: Min ≤ P < Max with decimal edges honoured)"

// Evaluation is a risk estimate classified against a plan: P = P1 × P2 on the
// interval bounds, the probability level of the upper bound of P, the
// severity of the harm, the matrix class and its acceptability, with the plan
// ID and version and the rule used.
type Evaluation struct {
	Plan             string        `json:"plan"`
	PlanVersion      string        `json:"plan_version"`
	P1               Interval      `json:"p1"`
	P2               Interval      `json:"p2"`
	P                Interval      `json:"p"`
	ProbabilityLevel int           `json:"probability_level"`
	SeverityLevel    int           `json:"severity_level"`
	Class            string        `json:"class"`
	Acceptability    Acceptability `json:"acceptability"`
	Rule             string        `json:"rule"`
}

// Evaluate multiplies p1 (probability that the hazardous situation occurs)
// by p2 (probability that it leads to the harm) on interval bounds with
// [Interval.Mul] (exact decimal product, see [ProductRule]), classifies the
// upper bound of the product on the plan's probability scale and reads the
// class for severity level severity from the matrix. A product exactly on
// a class edge takes the level above the edge, so it is never classified
// one level too low; the only tolerance is toward the higher level (an
// exact product within half a unit in the last place below an edge).
//
// Evaluate returns an error if the plan fails [Plan.Validate], severity is
// outside the plan's scale (wraps [ErrOutOfRange]) or p1 or p2 fails
// [Interval.Validate].
func (p Plan) Evaluate(severity int, p1, p2 Interval) (Evaluation, error) {
	if err := p.Validate(); err != nil {
		return Evaluation{}, err
	}
	return p.evaluate(severity, p1, p2)
}

// evaluate is Evaluate for a plan already validated.
func (p Plan) evaluate(severity int, p1, p2 Interval) (Evaluation, error) {
	var errs []error
	if severity < 1 || severity > len(p.Severity) {
		errs = append(errs, fieldErr("severity", strconv.Itoa(severity),
			fmt.Errorf("%w [1, %d]", ErrOutOfRange, len(p.Severity))))
	}
	if err := p1.Validate(); err != nil {
		errs = append(errs, fieldErr("p1", "", err))
	}
	if err := p2.Validate(); err != nil {
		errs = append(errs, fieldErr("p2", "", err))
	}
	if len(errs) > 0 {
		return Evaluation{}, errors.Join(errs...)
	}
	prod := p1.Mul(p2)
	lvl, err := p.ProbabilityLevel(prod.Hi)
	if err != nil {
		return Evaluation{}, err
	}
	class := p.Matrix[severity-1][lvl-1]
	ev := Evaluation{Plan: p.ID, PlanVersion: p.Version, P1: p1, P2: p2, P: prod, ProbabilityLevel: lvl,
		SeverityLevel: severity, Class: class, Rule: EvaluationRule}
	for _, c := range p.Classes {
		if c.ID == class {
			ev.Acceptability = c.Acceptability
			break
		}
	}
	return ev, nil
}
