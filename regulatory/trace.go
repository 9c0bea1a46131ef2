package regulatory

import (
	"strconv"
	"strings"
)

// TraceEntry is the outcome of one rule (or implementing rule, qualification
// step, criterion) for the stated facts.
type TraceEntry struct {
	// Rule identifies the rule: "Rule 1" … "Rule 22", "Implementing rule 3.3",
	// "Article 52(7)", "MDCG 2019-11 step 3", "CDS criterion 1 (2026)" …
	Rule string `json:"rule"`
	// Status is applies, not_applicable or needs_input.
	Status Status `json:"status"`
	// Class is the class the rule gives when it applies (EU MDR), or ClassNone.
	Class Class `json:"class,omitzero"`
	// Subrule names the sub-rule that gave Class, e.g. "11(a)".
	Subrule string `json:"subrule,omitzero"`
	// FactsUsed lists the stated facts the outcome rests on, as key=value.
	FactsUsed []string `json:"facts_used,omitzero"`
	// DecidingFact is the stated fact that excluded the rule (not_applicable).
	DecidingFact string `json:"deciding_fact,omitzero"`
	// Open lists unstated facts that could change the outcome, each with the
	// class it could lead to.
	Open []OpenFact `json:"open,omitzero"`
	// Rationale explains the outcome in one or two sentences.
	Rationale string `json:"rationale"`
}

// OpenFact is an unstated fact and what stating it could do.
type OpenFact struct {
	// Fact is the fact key.
	Fact string `json:"fact"`
	// Class is the class the rule could lead to once the fact is stated
	// (ClassNone when the fact decides something other than a class).
	Class Class `json:"class,omitzero"`
	// Effect says how: "decides whether the rule applies", "could raise the
	// class", "could lower the class" or "decides the outcome".
	Effect string `json:"effect"`
}

// Effects of an open fact.
const (
	effectGate   = "decides whether the rule applies"
	effectRaise  = "could raise the class"
	effectLower  = "could lower the class"
	effectDecide = "decides the outcome"
)

// tri is a three-valued fact: unknown (not stated), no or yes.
type tri uint8

const (
	unknown tri = iota
	no
	yes
)

func tb(p *bool) tri {
	switch {
	case p == nil:
		return unknown
	case *p:
		return yes
	}
	return no
}

// teq reports whether a stated string equals one of vs.
func teq(p *string, vs ...string) tri {
	if p == nil {
		return unknown
	}
	for _, v := range vs {
		if *p == v {
			return yes
		}
	}
	return no
}

func sv(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func kv(key string, p *bool) string {
	if p == nil {
		return key + "=?"
	}
	return key + "=" + strconv.FormatBool(*p)
}

func ks(key string, p *string) string { return key + "=" + sv(p) }

// rb builds one rule's trace entry. Gates must all hold for the rule to apply;
// sub-rules raise the class above the base.
type rb struct {
	e         TraceEntry
	blocked   bool
	pending   []string
	hit       Class
	base      Class
	hasBase   bool
	opens     []OpenFact
	potential Class
	firstNo   string
}

func newRB(rule string) *rb {
	return &rb{e: TraceEntry{Rule: rule, FactsUsed: make([]string, 0, 4)}, opens: make([]OpenFact, 0, 6)}
}

// gate records a condition of the rule. A "no" excludes the rule (the first
// one found is the deciding fact), an unknown leaves it pending.
func (b *rb) gate(t tri, fact, why string) {
	switch t {
	case no:
		if !b.blocked {
			b.blocked = true
			b.e.DecidingFact = fact
			b.e.Rationale = why
		}
	case unknown:
		b.pending = append(b.pending, fact)
	default:
		b.e.FactsUsed = append(b.e.FactsUsed, fact)
	}
}

// exclude marks the rule not applicable because of fact.
func (b *rb) exclude(fact, why string) { b.gate(no, fact, why) }

// setBase sets the class the rule gives when its gates hold and no sub-rule
// raises it.
func (b *rb) setBase(c Class, label string, facts ...string) {
	b.base, b.hasBase = c, true
	b.potential = maxClass(b.potential, c)
	if label != "" && b.e.Subrule == "" {
		b.e.Subrule = label
	}
	b.e.FactsUsed = append(b.e.FactsUsed, facts...)
}

// sub records a sub-rule triggered by a fact: yes gives class c, unknown is an
// open question that could lead to c.
func (b *rb) sub(t tri, key, fact string, c Class, label string) {
	switch t {
	case yes:
		b.e.FactsUsed = append(b.e.FactsUsed, fact)
		if c.Rank() > b.hit.Rank() {
			b.hit = c
			if c.Rank() >= b.base.Rank() || !b.hasBase {
				b.e.Subrule = label
			}
		}
		b.potential = maxClass(b.potential, c)
	case unknown:
		b.openFact(key, c, effectRaise)
		b.potential = maxClass(b.potential, c)
	default:
		if b.firstNo == "" {
			b.firstNo = fact
		}
	}
}

// cond is one condition of a sub-rule with several conditions: its truth
// value, the fact key it reads and the key=value text for the trace.
type cond struct {
	t         tri
	key, fact string
}

// subAll records a sub-rule whose conditions must all hold. All yes gives
// class c; any no rules the sub-rule out; otherwise every unstated condition
// is an open fact of its own (never a stated one), so stating it settles
// that part of the question.
func (b *rb) subAll(c Class, label string, conds ...cond) {
	ts := make([]tri, len(conds))
	facts := make([]string, 0, len(conds))
	for i, x := range conds {
		ts[i] = x.t
		facts = append(facts, x.fact)
	}
	switch and(ts...) {
	case yes:
		b.sub(yes, conds[0].key, strings.Join(facts, ","), c, label)
	case no:
		b.sub(no, conds[0].key, strings.Join(facts, ","), c, label)
	default:
		for _, x := range conds {
			if x.t == unknown {
				b.sub(unknown, x.key, x.fact, c, label)
			}
		}
	}
}

func (b *rb) openFact(key string, c Class, effect string) {
	for _, o := range b.opens {
		if o.Fact == key && o.Effect == effect && o.Class.Rank() >= c.Rank() {
			return
		}
	}
	b.opens = append(b.opens, OpenFact{Fact: key, Class: c, Effect: effect})
}

// finish settles the status.
func (b *rb) finish(rationale string) TraceEntry {
	e := b.settle(rationale)
	if len(e.FactsUsed) == 0 {
		e.FactsUsed = nil
	}
	if len(e.Open) == 0 {
		e.Open = nil
	}
	return e
}

func (b *rb) settle(rationale string) TraceEntry {
	e := b.e
	switch {
	case b.blocked:
		e.Status = StatusNotApplicable
		e.Class, e.Subrule, e.Open = ClassNone, "", nil
		e.FactsUsed = nil
		return e
	case len(b.pending) > 0:
		e.Status = StatusNeedsInput
		pot := b.potential
		for _, p := range b.pending {
			e.Open = append(e.Open, OpenFact{Fact: factKey(p), Class: pot, Effect: effectGate})
		}
		for _, o := range b.opens {
			if !hasOpen(e.Open, o.Fact) {
				e.Open = append(e.Open, o)
			}
		}
		e.Class, e.Subrule = ClassNone, ""
		e.Rationale = rationale
		return e
	}
	c := maxClass(b.hit, b.base)
	if !b.hasBase && b.hit == ClassNone {
		if len(b.opens) > 0 {
			e.Status = StatusNeedsInput
			e.Open = b.opens
			e.Subrule = ""
			e.Rationale = rationale
			return e
		}
		e.Status = StatusNotApplicable
		e.FactsUsed = nil
		e.Subrule = ""
		e.DecidingFact = b.firstNo
		e.Rationale = rationale
		return e
	}
	e.Status = StatusApplies
	e.Class = c
	for _, o := range b.opens {
		if o.Effect != effectRaise || o.Class.Rank() > c.Rank() {
			e.Open = append(e.Open, o)
		}
	}
	e.Rationale = rationale
	return e
}

func hasOpen(os []OpenFact, key string) bool {
	for _, o := range os {
		if o.Fact == key {
			return true
		}
	}
	return false
}

// factKey strips "=value" from a fact description.
func factKey(s string) string {
	for i := range len(s) {
		if s[i] == '=' {
			return s[:i]
		}
	}
	return s
}
