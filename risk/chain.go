package risk

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/healthpm/healthpm/internal/enumtext"
)

// Harm is an entry of the harm catalogue: injury or damage to health with
// one severity level (on the plan's scale) that every estimate and FMEA row
// linked to it shares.
type Harm struct {
	ID          string `json:"id"`
	Description string `json:"description"`
	Severity    int    `json:"severity"`
}

// Hazard is a potential source of harm (ISO 14971 clause 5.4), for example
// "incorrect triage urgency output" or "loss of HL7 messages".
//
// MaxDowntime and MaxDataLoss, when set, are the longest outage and the
// widest data-loss window the hazard analysis tolerates; a contingency plan
// answering the hazard must promise an RTO and RPO within them. Category
// [CategoryDowntime], [CategoryInterfaceFailure] or [CategoryDataMigration]
// marks a hazard that needs a contingency plan when its risk is high.
type Hazard struct {
	ID          string    `json:"id"`
	Product     string    `json:"product"`
	Category    string    `json:"category"`
	Description string    `json:"description"`
	MaxDowntime *Duration `json:"max_downtime"`
	MaxDataLoss *Duration `json:"max_data_loss"`
}

// SequenceOfEvents links a hazard to the hazardous situation it can lead to,
// through an initiating cause and the chain of events that follows.
type SequenceOfEvents struct {
	ID          string `json:"id"`
	Hazard      string `json:"hazard"`
	Situation   string `json:"situation"`
	Cause       string `json:"cause"`
	Description string `json:"description"`
}

// HazardousSituation is a circumstance in which people are exposed to a
// hazard; Harms lists the catalogue harms it can lead to.
type HazardousSituation struct {
	ID          string   `json:"id"`
	Description string   `json:"description"`
	Harms       []string `json:"harms"`
}

// EstimateStage says when an estimate was made.
type EstimateStage uint8

// Estimate stages. Text forms: "initial", "after-controls", "post-market".
const (
	StageUnspecified   EstimateStage = iota // no text form
	StageInitial                            // before risk control (ISO 14971 clause 5.5)
	StageAfterControls                      // residual risk after the listed controls (clause 7.3)
	StagePostMarket                         // re-estimate from production and post-production information (clause 10)
)

var stageCodec = enumtext.New[EstimateStage]("risk", "EstimateStage", ErrInvalidInput,
	"", "initial", "after-controls", "post-market")

// String returns the text form of s.
func (s EstimateStage) String() string { return stageCodec.String(s) }

// MarshalText returns the text form of s.
func (s EstimateStage) MarshalText() ([]byte, error) { return stageCodec.Marshal(s) }

// AppendText appends the text form of s to b.
func (s EstimateStage) AppendText(b []byte) ([]byte, error) { return appendText(b, s.MarshalText) }

// UnmarshalText parses a stage case-insensitively.
func (s *EstimateStage) UnmarshalText(b []byte) error { return parseInto(s, stageCodec, b) }

// Estimate is one risk estimate for a (hazardous situation, harm) pair.
// Estimates are append-only: a new estimate never replaces an old one, it is
// added with a later At.
//
// P1 is the probability that the hazardous situation occurs and P2 the
// probability that it leads to the harm, as intervals in [0, 1]; P = P1 × P2
// is computed by [Plan.Evaluate]. Severity, when not 0, is the severity
// recorded with the estimate and must equal the harm catalogue's.
//
// An after-controls or post-market estimate lists the Controls it relies on.
// Final marks it as the residual risk; it is accepted as final only when
// every listed control is effectiveness-verified, so planned controls never
// lower a risk.
type Estimate struct {
	ID        string        `json:"id"`
	Situation string        `json:"situation"`
	Harm      string        `json:"harm"`
	Stage     EstimateStage `json:"stage"`
	P1        Interval      `json:"p1"`
	P2        Interval      `json:"p2"`
	Severity  int           `json:"severity"`
	Controls  []string      `json:"controls"`
	Final     bool          `json:"final"`
	Rationale string        `json:"rationale"`
	By        string        `json:"by"`
	At        time.Time     `json:"at"`
}

// Validate reports every problem with the estimate's own fields.
//
// Validate returns an error if the ID is not a stable identifier, Situation
// or Harm is empty, the stage is unspecified, an initial estimate lists
// controls or is marked final, an after-controls estimate lists no controls,
// or By or At is missing (wrap [ErrInvalidInput]); or P1 or P2 fails
// [Interval.Validate]; or Severity is negative (wraps [ErrOutOfRange]).
func (e Estimate) Validate() error {
	var errs []error
	p := func(f string) string { return fmt.Sprintf("estimates[%q].%s", e.ID, f) }
	bad := func(f, v, msg string) {
		errs = append(errs, fieldErr(p(f), v, fmt.Errorf("%w: %s", ErrInvalidInput, msg)))
	}
	if err := checkID(e.ID); err != nil {
		errs = append(errs, fieldErr("estimates.id", truncate(e.ID), err))
	}
	if e.Situation == "" {
		bad("situation", "", "empty")
	}
	if e.Harm == "" {
		bad("harm", "", "empty")
	}
	switch e.Stage {
	case StageInitial:
		if len(e.Controls) > 0 {
			bad("controls", strconv.Itoa(len(e.Controls)), "an initial estimate is made before risk control")
		}
		if e.Final {
			bad("final", "true", "an initial estimate cannot be the final residual risk")
		}
	case StageAfterControls:
		if len(e.Controls) == 0 {
			bad("controls", "", "an after-controls estimate must list its controls")
		}
	case StagePostMarket:
	default:
		bad("stage", e.Stage.String(), "unspecified stage")
	}
	if err := e.P1.Validate(); err != nil {
		errs = append(errs, fieldErr(p("p1"), "", err))
	}
	if err := e.P2.Validate(); err != nil {
		errs = append(errs, fieldErr(p("p2"), "", err))
	}
	if e.Severity < 0 {
		errs = append(errs, fieldErr(p("severity"), strconv.Itoa(e.Severity), ErrOutOfRange))
	}
	if strings.TrimSpace(e.By) == "" {
		bad("by", "", "who estimated is missing")
	}
	if e.At.IsZero() {
		bad("at", "", "when it was estimated is missing")
	}
	return errors.Join(errs...)
}

// ControlOption is the ISO 14971 clause 7.1 risk control option, in the
// order the standard requires them to be considered.
type ControlOption uint8

// Control options. Text forms: "inherent-safety-by-design",
// "protective-measure", "information-for-safety".
const (
	OptionUnspecified    ControlOption = iota // no text form
	InherentSafety                            // inherent safety by design and manufacture
	ProtectiveMeasure                         // protective measure in the device or process (alarm, interlock, check)
	InformationForSafety                      // information for safety and, where appropriate, training
)

var optionCodec = enumtext.New[ControlOption]("risk", "ControlOption", ErrInvalidInput,
	"", "inherent-safety-by-design", "protective-measure", "information-for-safety")

// String returns the text form of o.
func (o ControlOption) String() string { return optionCodec.String(o) }

// MarshalText returns the text form of o.
func (o ControlOption) MarshalText() ([]byte, error) { return optionCodec.Marshal(o) }

// AppendText appends the text form of o to b.
func (o ControlOption) AppendText(b []byte) ([]byte, error) { return appendText(b, o.MarshalText) }

// UnmarshalText parses an option case-insensitively.
func (o *ControlOption) UnmarshalText(b []byte) error { return parseInto(o, optionCodec, b) }

// ControlState is the verification state of a risk control.
type ControlState uint8

// Control states, in the only order a control may pass through them. Text
// forms: "proposed", "implemented", "implementation-verified",
// "effectiveness-verified".
const (
	StateUnspecified            ControlState = iota // no text form
	StateProposed                                   // planned; lowers no risk
	StateImplemented                                // built into the design, process or labelling
	StateImplementationVerified                     // implementation verified (for example by a software test)
	StateEffectivenessVerified                      // effectiveness verified (for example by a usability test)
)

var stateCodec = enumtext.New[ControlState]("risk", "ControlState", ErrInvalidInput,
	"", "proposed", "implemented", "implementation-verified", "effectiveness-verified")

// String returns the text form of s.
func (s ControlState) String() string { return stateCodec.String(s) }

// MarshalText returns the text form of s.
func (s ControlState) MarshalText() ([]byte, error) { return stateCodec.Marshal(s) }

// AppendText appends the text form of s to b.
func (s ControlState) AppendText(b []byte) ([]byte, error) { return appendText(b, s.MarshalText) }

// UnmarshalText parses a state case-insensitively.
func (s *ControlState) UnmarshalText(b []byte) error { return parseInto(s, stateCodec, b) }

// Transition is one step of a control's state machine, with the evidence
// that justifies it, who made it and when.
type Transition struct {
	To       ControlState `json:"to"`
	Evidence string       `json:"evidence"`
	Actor    string       `json:"actor"`
	At       time.Time    `json:"at"`
}

// NewRiskCheck records the ISO 14971 clause 7.5 review of whether a control
// introduces new hazards or hazardous situations. Assessed false means the
// review has not been done; when it has, Hazards and Situations link the new
// risks (empty when there are none) and Rationale says why.
type NewRiskCheck struct {
	Assessed   bool     `json:"assessed"`
	Hazards    []string `json:"hazards"`
	Situations []string `json:"situations"`
	Rationale  string   `json:"rationale"`
}

// Control is a risk control measure for one or more hazardous situations.
// Its state is derived from History: [StateProposed] with no history, else
// the target of the last transition. Information for safety needs
// OptionRationale explaining why inherent safety and protective measures were
// considered first and not (solely) used.
type Control struct {
	ID              string        `json:"id"`
	Description     string        `json:"description"`
	Option          ControlOption `json:"option"`
	OptionRationale string        `json:"option_rationale"`
	Situations      []string      `json:"situations"`
	History         []Transition  `json:"history"`
	NewRisk         NewRiskCheck  `json:"new_risk"`
}

// State returns the control's current state.
func (c Control) State() ControlState {
	if len(c.History) == 0 {
		return StateProposed
	}
	return c.History[len(c.History)-1].To
}

// Advance returns a copy of c moved to state to, with the transition
// recorded. c is not modified and the result does not share its history.
//
// Advance returns an error wrapping [ErrTransition] if to is not the state
// right after the current one, evidence or actor is empty, at is zero, or at
// is before the previous transition.
func (c Control) Advance(to ControlState, evidence, actor string, at time.Time) (Control, error) {
	if err := checkTransition(c.ID, c.State(), lastAt(c.History), Transition{to, evidence, actor, at}); err != nil {
		return c, err
	}
	out := c
	out.History = append(append(make([]Transition, 0, len(c.History)+1), c.History...), Transition{to, evidence, actor, at})
	return out, nil
}

func lastAt(h []Transition) time.Time {
	if len(h) == 0 {
		return time.Time{}
	}
	return h[len(h)-1].At
}

func checkTransition(id string, from ControlState, prevAt time.Time, t Transition) error {
	path := fmt.Sprintf("controls[%q].history", id)
	var errs []error
	if t.To != from+1 || from >= StateEffectivenessVerified {
		errs = append(errs, fieldErr(path, t.To.String(),
			fmt.Errorf("%w: %s cannot follow %s", ErrTransition, t.To, from)))
	}
	if strings.TrimSpace(t.Evidence) == "" {
		errs = append(errs, fieldErr(path, t.To.String(), fmt.Errorf("%w: no evidence", ErrTransition)))
	}
	if strings.TrimSpace(t.Actor) == "" {
		errs = append(errs, fieldErr(path, t.To.String(), fmt.Errorf("%w: no actor", ErrTransition)))
	}
	if t.At.IsZero() {
		errs = append(errs, fieldErr(path, t.To.String(), fmt.Errorf("%w: no time", ErrTransition)))
	} else if t.At.Before(prevAt) {
		errs = append(errs, fieldErr(path, t.To.String(), fmt.Errorf("%w: dated before the previous step", ErrTransition)))
	}
	return errors.Join(errs...)
}

// Validate reports every problem with the control's own fields, including
// every out-of-order or unsupported step of its history.
//
// Validate returns an error if the ID is not a stable identifier, the option
// is unspecified, information for safety has no option rationale, or no
// situation is linked (wrap [ErrInvalidInput]); or a history step fails the
// rules of [Control.Advance] (wraps [ErrTransition]).
func (c Control) Validate() error {
	var errs []error
	p := func(f string) string { return fmt.Sprintf("controls[%q].%s", c.ID, f) }
	if err := checkID(c.ID); err != nil {
		errs = append(errs, fieldErr("controls.id", truncate(c.ID), err))
	}
	if !optionCodec.Valid(c.Option) {
		errs = append(errs, fieldErr(p("option"), c.Option.String(), ErrInvalidInput))
	}
	if c.Option == InformationForSafety && strings.TrimSpace(c.OptionRationale) == "" {
		errs = append(errs, fieldErr(p("option_rationale"), "", fmt.Errorf(
			"%w: information for safety needs a rationale that design and protective measures were considered", ErrInvalidInput)))
	}
	if len(c.Situations) == 0 {
		errs = append(errs, fieldErr(p("situations"), "", fmt.Errorf("%w: no hazardous situation", ErrInvalidInput)))
	}
	errs = append(errs, c.historyErr())
	return errors.Join(errs...)
}

func (c Control) historyErr() error {
	var errs []error
	from, prev := StateProposed, time.Time{}
	for _, t := range c.History {
		if err := checkTransition(c.ID, from, prev, t); err != nil {
			errs = append(errs, err)
		}
		from, prev = t.To, t.At
	}
	return errors.Join(errs...)
}

// BenefitRiskConclusion is the outcome of a benefit-risk analysis.
type BenefitRiskConclusion uint8

// Benefit-risk conclusions. Text forms: "benefits-outweigh",
// "risks-outweigh".
const (
	ConclusionUnspecified BenefitRiskConclusion = iota // no text form
	BenefitsOutweigh                                   // medical benefits outweigh the residual risk
	RisksOutweigh                                      // they do not; the risk cannot be accepted
)

var conclusionCodec = enumtext.New[BenefitRiskConclusion]("risk", "BenefitRiskConclusion", ErrInvalidInput,
	"", "benefits-outweigh", "risks-outweigh")

// String returns the text form of c.
func (c BenefitRiskConclusion) String() string { return conclusionCodec.String(c) }

// MarshalText returns the text form of c.
func (c BenefitRiskConclusion) MarshalText() ([]byte, error) { return conclusionCodec.Marshal(c) }

// AppendText appends the text form of c to b.
func (c BenefitRiskConclusion) AppendText(b []byte) ([]byte, error) {
	return appendText(b, c.MarshalText)
}

// UnmarshalText parses a conclusion case-insensitively.
func (c *BenefitRiskConclusion) UnmarshalText(b []byte) error {
	return parseInto(c, conclusionCodec, b)
}

// BenefitRisk is the ISO 14971 clause 7.4 benefit-risk analysis for a
// residual risk that is not acceptable and cannot be reduced further.
type BenefitRisk struct {
	ID         string                `json:"id"`
	Situation  string                `json:"situation"`
	Harm       string                `json:"harm"`
	Benefits   string                `json:"benefits"`
	Conclusion BenefitRiskConclusion `json:"conclusion"`
	By         string                `json:"by"`
	At         time.Time             `json:"at"`
}

// OverallResidual is the ISO 14971 clause 8 evaluation of the overall
// residual risk of a product release, with the method from the plan, the
// judgement, its rationale and the disclosures (IFU or label references) of
// significant residual risks.
type OverallResidual struct {
	ID          string    `json:"id"`
	Product     string    `json:"product"`
	Method      string    `json:"method"`
	Acceptable  bool      `json:"acceptable"`
	Rationale   string    `json:"rationale"`
	Disclosures []string  `json:"disclosures"`
	By          string    `json:"by"`
	At          time.Time `json:"at"`
}
