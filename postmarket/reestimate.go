package postmarket

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/healthpm/healthpm/risk"
)

// Proposal is a proposed post-market risk re-estimate for one (hazardous
// situation, harm) pair reached from a hazard a signal informs (hazard →
// sequence of events → situation → harm). The caller reviews it and, to
// apply it, passes Estimate and Reason to [risk.Register.RecordEstimate],
// which appends it and logs it in the hash-chained history.
//
// CurrentP1 is P1 of the pair's current estimate; FieldP1 is the signal's
// rate interval per exposure unit, read as a probability per unit (clipped
// to [0, 1]). Contradicted is true when the field's upper confidence bound
// exceeds the upper bound the current estimate allows (FieldP1.Hi >
// CurrentP1.Hi). Estimate is the proposed estimate (stage post-market, P1 =
// FieldP1, P2, severity and controls carried over), set only when
// Contradicted.
type Proposal struct {
	Signal          string        `json:"signal"`
	Hazard          string        `json:"hazard"`
	Situation       string        `json:"situation"`
	Harm            string        `json:"harm"`
	CurrentEstimate string        `json:"current_estimate"`
	CurrentP1       risk.Interval `json:"current_p1"`
	FieldP1         risk.Interval `json:"field_p1"`
	Contradicted    bool          `json:"contradicted"`
	Estimate        risk.Estimate `json:"estimate"`
	Reason          string        `json:"reason"`
}

// ProposeReestimates compares a signal with the current estimates of every
// (situation, harm) pair linked to its hazards in reg and returns one
// [Proposal] per pair, ordered by hazard, situation and harm. Only a signal
// with [StatusSignal] is compared (any other status gives no proposals):
// insufficient data never re-estimates a risk. Pairs without an initial
// estimate are skipped (the register's own findings report them). reg is
// read, never modified. The proposed estimate's ID is
// "<signal>.<situation>.<harm>.<yyyymmdd of at>", by and at record who
// proposes it and when. Cost O(E·H) for E estimates and H hazards.
//
// ProposeReestimates returns an error if reg is nil, by is empty or at is
// zero (wrap [ErrInvalidInput]), the signal names a hazard the register does
// not have (wraps [ErrMismatch]), its rate interval is not finite, or
// [risk.Register.RiskOf] fails for a linked pair.
func ProposeReestimates(reg *risk.Register, sig Signal, by string, at time.Time) ([]Proposal, error) {
	if reg == nil {
		return nil, fieldErr("register", "", fmt.Errorf("%w: nil register", ErrInvalidInput))
	}
	if by == "" || at.IsZero() {
		return nil, fieldErr("by", by, fmt.Errorf("%w: a proposal needs who proposes it and when", ErrInvalidInput))
	}
	out := []Proposal{}
	if sig.Status != StatusSignal {
		return out, nil
	}
	if math.IsNaN(sig.RateCI.Lo) || math.IsNaN(sig.RateCI.Hi) || math.IsInf(sig.RateCI.Hi, 0) {
		return nil, fieldErr("signal.rate_ci", "", fmt.Errorf("%w: the signal has no finite rate interval", ErrInvalidInput))
	}
	field := risk.Interval{Lo: clamp01(sig.RateCI.Lo), Hi: clamp01(sig.RateCI.Hi)}
	hazards := slices.Clone(sig.Hazards)
	slices.Sort(hazards)
	hazards = slices.Compact(hazards)
	for _, hz := range hazards {
		if !slices.ContainsFunc(reg.Hazards, func(h risk.Hazard) bool { return h.ID == hz }) {
			return nil, fieldErr("signal.hazards", hz, fmt.Errorf("%w: hazard not in the register", ErrMismatch))
		}
		var situations []string
		for _, s := range reg.Sequences {
			if s.Hazard == hz {
				situations = append(situations, s.Situation)
			}
		}
		slices.Sort(situations)
		situations = slices.Compact(situations)
		for _, sit := range situations {
			var harms []string
			for _, hs := range reg.Situations {
				if hs.ID == sit {
					harms = append(harms, hs.Harms...)
				}
			}
			slices.Sort(harms)
			harms = slices.Compact(harms)
			for _, harm := range harms {
				if !hasInitial(reg, sit, harm) {
					continue
				}
				st, err := reg.RiskOf(sit, harm)
				if err != nil {
					return nil, err
				}
				cur := findEstimate(reg, st.CurrentEstimate)
				if cur == nil {
					continue
				}
				p := Proposal{Signal: sig.ID, Hazard: hz, Situation: sit, Harm: harm,
					CurrentEstimate: cur.ID, CurrentP1: cur.P1, FieldP1: field}
				p.Contradicted = field.Hi > cur.P1.Hi
				if p.Contradicted {
					p.Reason = fmt.Sprintf("post-market signal %s (plan %s v%s, %s; data %s): field rate %g per %s, %g%% CI %g–%g, exceeds the P1 upper bound %g of estimate %s; %s",
						sig.ID, sig.PlanID, sig.PlanVersion, sig.PlanHash, sig.DataDigest, round4(sig.Rate), sig.Unit,
						sig.Conf*100, round4(sig.RateCI.Lo), round4(sig.RateCI.Hi), cur.P1.Hi, cur.ID, sig.Rule)
					p.Estimate = risk.Estimate{
						ID:        strings.Join([]string{sig.ID, sit, harm, at.UTC().Format("20060102")}, "."),
						Situation: sit, Harm: harm, Stage: risk.StagePostMarket,
						P1: field, P2: cur.P2, Severity: cur.Severity, Controls: slices.Clone(cur.Controls),
						Rationale: fmt.Sprintf("P1 from field data: Garwood %g%% interval of %g events over %g %s (%s to %s)",
							sig.Conf*100, sig.Observed, round4(sig.Exposure), sig.Unit,
							sig.WindowStart.Format("2006-01-02"), sig.WindowEnd.Format("2006-01-02")),
						By: by, At: at,
					}
					if p.Estimate.Controls == nil {
						p.Estimate.Controls = []string{}
					}
				}
				out = append(out, p)
			}
		}
	}
	return out, nil
}

func hasInitial(reg *risk.Register, sit, harm string) bool {
	for _, e := range reg.Estimates {
		if e.Situation == sit && e.Harm == harm && e.Stage == risk.StageInitial {
			return true
		}
	}
	return false
}

func findEstimate(reg *risk.Register, id string) *risk.Estimate {
	for i := range reg.Estimates {
		if reg.Estimates[i].ID == id {
			e := reg.Estimates[i]
			return &e
		}
	}
	return nil
}
