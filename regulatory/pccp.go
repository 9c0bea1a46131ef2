package regulatory

import (
	"fmt"
	"slices"
	"strconv"
)

// PCCP is a predetermined change control plan authorised by FDA as part of
// a marketing submission (FD&C Act §515C, added by FDORA 2022 §3308; FDA
// final guidance on PCCPs for AI-enabled device software functions, Dec
// 2024). It has three parts: the description of modifications (one
// [PlannedModification] each), the modification protocol and the impact
// assessment. A change described in an authorised PCCP and implemented per
// its modification protocol needs no new marketing submission; it is
// documented under the quality system.
type PCCP struct {
	// ID identifies the plan, e.g. "PCCP-1". Required.
	ID string `json:"id"`
	// Authorization is the marketing submission that authorised the plan,
	// e.g. "K241234". A plan without one is not authorised and covers
	// nothing.
	Authorization string `json:"authorization"`
	// AuthorizedOn is the date of that authorisation; optional.
	AuthorizedOn Date `json:"authorized_on,omitzero"`
	// ImpactAssessment summarises the plan's impact assessment; optional.
	ImpactAssessment string `json:"impact_assessment,omitzero"`
	// Modifications are the planned modifications, at least one, at most
	// [MaxModifications], IDs unique.
	Modifications []PlannedModification `json:"modifications"`
}

// PlannedModification is one entry of a PCCP's description of
// modifications with the part of the modification protocol that verifies it.
type PlannedModification struct {
	// ID identifies the modification within the plan, e.g. "M1". Required.
	ID string `json:"id"`
	// Description says what may change (e.g. "re-training on new sites'
	// data with the same architecture").
	Description string `json:"description"`
	// Kinds lists what the modification may touch; a change touching any
	// other kind is outside the plan. ChangeIntendedPurpose is not allowed:
	// a PCCP cannot change the intended use.
	Kinds []ChangeKind `json:"kinds"`
	// Verification is the modification protocol for it: data management,
	// re-training, performance evaluation and update procedures.
	Verification string `json:"verification"`
	// AcceptanceCriteria are the criteria the verification must meet.
	AcceptanceCriteria string `json:"acceptance_criteria"`
}

// Validate reports every problem with p in field order: missing ID, no
// modifications or more than [MaxModifications], a modification without ID
// or kinds, a repeated modification ID, a modification that would change the
// intended purpose, texts over their caps.
func (p PCCP) Validate() error {
	var errs vErrs
	p.validate(&errs, "")
	return errs.err()
}

func (p *PCCP) validate(errs *vErrs, prefix string) {
	if p.ID == "" {
		errs.field(prefix+"id", "", fmt.Errorf("missing pccp id: %w", ErrInvalidInput))
	}
	errs.text(prefix+"id", p.ID, MaxTextLen)
	errs.text(prefix+"authorization", p.Authorization, MaxTextLen)
	errs.text(prefix+"impact_assessment", p.ImpactAssessment, MaxRationaleLen)
	switch {
	case len(p.Modifications) == 0:
		errs.field(prefix+"modifications", "", fmt.Errorf("at least one planned modification is required: %w", ErrInvalidInput))
	case len(p.Modifications) > MaxModifications:
		errs.field(prefix+"modifications", "", fmt.Errorf("%d modifications, more than %d: %w", len(p.Modifications), MaxModifications, ErrInvalidInput))
	default:
		for i, m := range p.Modifications {
			mp := prefix + "modifications[" + strconv.Itoa(i) + "]."
			if m.ID == "" {
				errs.field(mp+"id", "", fmt.Errorf("missing modification id: %w", ErrInvalidInput))
			}
			errs.text(mp+"id", m.ID, MaxTextLen)
			for j := range i {
				if m.ID != "" && p.Modifications[j].ID == m.ID {
					errs.field(mp+"id", m.ID, fmt.Errorf("repeats modifications[%d].id: %w", j, ErrInvalidInput))
					break
				}
			}
			errs.text(mp+"description", m.Description, MaxRationaleLen)
			if len(m.Kinds) == 0 {
				errs.field(mp+"kinds", "", fmt.Errorf("at least one change kind is required: %w", ErrInvalidInput))
			}
			if len(m.Kinds) > len(changeKindCodec.Names()) {
				errs.field(mp+"kinds", "", fmt.Errorf("%d kinds, more than the %d that exist: %w", len(m.Kinds), len(changeKindCodec.Names()), ErrInvalidInput))
			} else {
				for k, kind := range m.Kinds {
					kp := mp + "kinds[" + strconv.Itoa(k) + "]"
					switch {
					case kind == ChangeKindUnspecified || !changeKindCodec.Valid(kind):
						errs.field(kp, kind.String(), fmt.Errorf("unknown change kind: %w", ErrInvalidInput))
					case kind == ChangeIntendedPurpose:
						errs.field(kp, kind.String(), fmt.Errorf("a pccp cannot change the intended use: %w", ErrInvalidInput))
					}
				}
			}
			errs.text(mp+"verification", m.Verification, MaxRationaleLen)
			errs.text(mp+"acceptance_criteria", m.AcceptanceCriteria, MaxRationaleLen)
		}
	}
}

// ParsePCCP decodes and validates a PCCP; errors as for
// [ParseChangeRecord] plus [PCCP.Validate].
func ParsePCCP(b []byte) (PCCP, error) {
	var p PCCP
	if err := decodeStrict(b, &p, MaxChangeBytes); err != nil {
		return PCCP{}, err
	}
	if err := p.Validate(); err != nil {
		return PCCP{}, err
	}
	return p, nil
}

// PCCPCoverage says whether one change is inside an authorised PCCP.
type PCCPCoverage struct {
	// Change is the change ID.
	Change string `json:"change"`
	// Modification is the planned modification the change claims.
	Modification string `json:"modification,omitzero"`
	// Status is applies (covered: implement and document, no new
	// submission), not_applicable (outside the plan: the flow runs) or
	// needs_input (whether it was implemented per the protocol is unknown).
	Status Status `json:"status"`
	// Reason says why.
	Reason string `json:"reason"`
	// Verification and AcceptanceCriteria repeat the modification
	// protocol the change must follow, when the modification was found.
	Verification       string `json:"verification,omitzero"`
	AcceptanceCriteria string `json:"acceptance_criteria,omitzero"`
}

// WithinPCCP reports whether change r is inside plan p. p may be nil (no
// plan). It returns an error if r fails [ChangeRecord.Validate] or p fails
// [PCCP.Validate]. Cost O(m) for m planned modifications.
func WithinPCCP(r ChangeRecord, p *PCCP) (PCCPCoverage, error) {
	var errs vErrs
	r.validate(&errs, "change.")
	if p != nil {
		p.validate(&errs, "pccp.")
	}
	if err := errs.err(); err != nil {
		return PCCPCoverage{}, err
	}
	return pccpCoverage(&r, p), nil
}

func pccpCoverage(r *ChangeRecord, p *PCCP) PCCPCoverage {
	c := PCCPCoverage{Change: r.ID, Modification: r.PCCPModification, Status: StatusNotApplicable}
	if r.PCCPModification == "" {
		c.Reason = "the change names no planned modification of a PCCP"
		return c
	}
	if p == nil {
		c.Reason = "no PCCP was supplied"
		return c
	}
	if p.Authorization == "" {
		c.Reason = fmt.Sprintf("PCCP %q has no authorising submission: an unauthorised plan covers nothing", p.ID)
		return c
	}
	i := slices.IndexFunc(p.Modifications, func(m PlannedModification) bool { return m.ID == r.PCCPModification })
	if i < 0 {
		c.Reason = fmt.Sprintf("PCCP %q (%s) describes no modification %q", p.ID, p.Authorization, r.PCCPModification)
		return c
	}
	m := &p.Modifications[i]
	c.Verification, c.AcceptanceCriteria = m.Verification, m.AcceptanceCriteria
	for _, k := range r.Kinds {
		if !slices.Contains(m.Kinds, k) {
			c.Reason = fmt.Sprintf("the change touches %s, which modification %q of PCCP %q does not cover", k, m.ID, p.ID)
			return c
		}
	}
	a := r.Answers.PCCPImplementedPerProtocol
	switch tb(a.Value) {
	case yes:
		c.Status = StatusApplies
		c.Reason = fmt.Sprintf("described as modification %q of PCCP %q authorised in %s and implemented per its modification protocol: %s", m.ID, p.ID, p.Authorization, a.Rationale)
	case no:
		c.Reason = fmt.Sprintf("modification %q of PCCP %q was not implemented per its modification protocol or missed its acceptance criteria: %s", m.ID, p.ID, a.Rationale)
	default:
		c.Status = StatusNeedsInput
		c.Reason = fmt.Sprintf("whether the change was implemented per the modification protocol of %q is not stated (pccp_implemented_per_protocol)", m.ID)
	}
	return c
}
