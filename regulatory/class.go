package regulatory

import "github.com/healthpm/healthpm/internal/enumtext"

// Class is a regulatory device class. EU MDR Article 51 uses I, IIa, IIb and
// III; the FDA (21 CFR 860.3) uses I, II and III. The zero value ClassNone
// means "no class": not a device, or not determined by the stated facts. It
// has no text form and is omitted from JSON results.
type Class uint8

// Device classes. Within one framework a larger rank (see [Class.Rank]) is
// stricter.
const (
	ClassNone Class = iota
	ClassI
	ClassIIa
	ClassIIb
	ClassII
	ClassIII
)

var classCodec = enumtext.New[Class]("regulatory", "class", ErrInvalidInput, "", "I", "IIa", "IIb", "II", "III")

// String returns the class label ("I", "IIa", "IIb", "II", "III") or
// "class(0)" for ClassNone.
func (c Class) String() string { return classCodec.String(c) }

// MarshalText returns the class label. It returns an error for ClassNone.
func (c Class) MarshalText() ([]byte, error) { return classCodec.Marshal(c) }

// AppendText appends the class label to b.
func (c Class) AppendText(b []byte) ([]byte, error) {
	t, err := classCodec.Marshal(c)
	return append(b, t...), err
}

// UnmarshalText parses a class label, ignoring case. It returns an error
// wrapping [ErrInvalidInput] that lists the valid labels for unknown text.
func (c *Class) UnmarshalText(b []byte) error {
	return classCodec.Unmarshal(c, b)
}

// Rank orders classes by strictness: None 0, I 1, IIa 2, IIb 3, II 3, III 4.
// FDA class II and EU class IIb share a rank only because they are never
// compared with each other.
func (c Class) Rank() int {
	switch c {
	case ClassI:
		return 1
	case ClassIIa:
		return 2
	case ClassIIb, ClassII:
		return 3
	case ClassIII:
		return 4
	}
	return 0
}

// maxClass returns the stricter of a and b.
func maxClass(a, b Class) Class {
	if b.Rank() > a.Rank() {
		return b
	}
	return a
}

// SafetyClass is an IEC 62304 software safety class. The zero value has no
// text form and means "not computed".
type SafetyClass uint8

// IEC 62304:2006+A1:2015 clause 4.3 software safety classes.
const (
	SafetyClassUnspecified SafetyClass = iota
	SafetyClassA
	SafetyClassB
	SafetyClassC
)

var safetyCodec = enumtext.New[SafetyClass]("regulatory", "safety class", ErrInvalidInput, "", "A", "B", "C")

// String returns "A", "B" or "C".
func (s SafetyClass) String() string { return safetyCodec.String(s) }

// MarshalText returns "A", "B" or "C"; it returns an error for the zero value.
func (s SafetyClass) MarshalText() ([]byte, error) { return safetyCodec.Marshal(s) }

// AppendText appends the text form of s to b.
func (s SafetyClass) AppendText(b []byte) ([]byte, error) {
	t, err := safetyCodec.Marshal(s)
	return append(b, t...), err
}

// UnmarshalText parses "A", "B" or "C", ignoring case.
func (s *SafetyClass) UnmarshalText(b []byte) error {
	return safetyCodec.Unmarshal(s, b)
}

// Framework selects the rule set [Evaluate] applies.
type Framework uint8

// Frameworks. The zero value FrameworkUnspecified is rejected by [Evaluate].
const (
	FrameworkUnspecified Framework = iota
	// EUMDR is Regulation (EU) 2017/745 Annex VIII with MDCG 2019-11 rev.1
	// software qualification and MDCG 2021-24 classification guidance.
	EUMDR
	// IMDRF is the IMDRF SaMD risk categorization (N12:2014), with the EU
	// (MDCG 2019-11 Annex III) and proposed UK mappings reported beside it.
	IMDRF
	// FDA is the FDA Digital Health Policy Navigator flow for a software
	// function, the CDS criteria (2022 and January 2026 editions) and the
	// embedded table of SaMD classification regulations.
	FDA
	// IEC62304 is the IEC 62304:2006+A1:2015 clause 4.3 software safety class.
	IEC62304
)

var frameworkCodec = enumtext.New[Framework]("regulatory", "framework", ErrInvalidInput, "", "eu_mdr", "imdrf", "fda", "iec62304")

// String returns "eu_mdr", "imdrf", "fda" or "iec62304".
func (f Framework) String() string { return frameworkCodec.String(f) }

// MarshalText returns the framework name; it returns an error for the zero value.
func (f Framework) MarshalText() ([]byte, error) { return frameworkCodec.Marshal(f) }

// AppendText appends the framework name to b.
func (f Framework) AppendText(b []byte) ([]byte, error) {
	t, err := frameworkCodec.Marshal(f)
	return append(b, t...), err
}

// UnmarshalText parses a framework name, ignoring case.
func (f *Framework) UnmarshalText(b []byte) error {
	return frameworkCodec.Unmarshal(f, b)
}

// Status is the outcome of one rule in a trace.
type Status uint8

// Rule outcomes.
const (
	StatusUnspecified Status = iota
	// StatusApplies: the stated facts trigger the rule; the entry names the
	// class, sub-rule and facts used.
	StatusApplies
	// StatusNotApplicable: a stated fact excludes the rule; the entry names it.
	StatusNotApplicable
	// StatusNeedsInput: an unstated fact decides whether the rule applies; the
	// entry names the fact and the class the rule could lead to.
	StatusNeedsInput
)

var statusCodec = enumtext.New[Status]("regulatory", "status", ErrInvalidInput, "", "applies", "not_applicable", "needs_input")

// String returns "applies", "not_applicable" or "needs_input".
func (s Status) String() string { return statusCodec.String(s) }

// MarshalText returns the status name; it returns an error for the zero value.
func (s Status) MarshalText() ([]byte, error) { return statusCodec.Marshal(s) }

// AppendText appends the status name to b.
func (s Status) AppendText(b []byte) ([]byte, error) {
	t, err := statusCodec.Marshal(s)
	return append(b, t...), err
}

// UnmarshalText parses a status name, ignoring case.
func (s *Status) UnmarshalText(b []byte) error {
	return statusCodec.Unmarshal(s, b)
}
