package roi

import "github.com/healthpm/healthpm/internal/enumtext"

// Convention says at which times [NPV] places the values it discounts. The zero
// value is ConventionUnspecified, which NPV rejects: the two conventions differ
// by a factor (1 + rate), so the caller must choose.
type Convention uint8

const (
	// ConventionUnspecified is the zero value; it is invalid.
	ConventionUnspecified Convention = iota
	// ConventionExcel places values[i] at t = i+1 (i = 0..n−1): the first value
	// is discounted one period, as Excel's and LibreOffice's NPV do.
	ConventionExcel
	// ConventionT0 places values[i] at t = i: the first value is undiscounted,
	// as numpy-financial, pyxirr and most textbooks do.
	ConventionT0
)

var conventionCodec = enumtext.New[Convention]("roi", "Convention", ErrInvalidInput, "", "excel", "t0")

// String returns "excel", "t0", or "Convention(n)" for other values.
func (c Convention) String() string { return conventionCodec.String(c) }

// MarshalText returns the name; it fails for ConventionUnspecified.
func (c Convention) MarshalText() ([]byte, error) { return conventionCodec.Marshal(c) }

// AppendText appends the name to b.
func (c Convention) AppendText(b []byte) ([]byte, error) {
	t, err := c.MarshalText()
	return append(b, t...), err
}

// UnmarshalText parses a name, ignoring case.
func (c *Convention) UnmarshalText(b []byte) error {
	v, err := conventionCodec.Parse(string(b))
	if err == nil {
		*c = v
	}
	return err
}

// Timing says whether periodic payments in [PMT], [FV] and [PV] fall at the end
// (the zero value, Excel type 0) or at the beginning (Excel type 1) of each period.
type Timing uint8

const (
	// EndOfPeriod places payments at the end of each period (ordinary annuity).
	EndOfPeriod Timing = iota
	// BeginningOfPeriod places payments at the start of each period (annuity due).
	BeginningOfPeriod
)

var timingCodec = enumtext.New[Timing]("roi", "Timing", ErrInvalidInput, "end", "begin")

// String returns "end", "begin", or "Timing(n)" for other values.
func (t Timing) String() string { return timingCodec.String(t) }

// MarshalText returns the name.
func (t Timing) MarshalText() ([]byte, error) { return timingCodec.Marshal(t) }

// AppendText appends the name to b.
func (t Timing) AppendText(b []byte) ([]byte, error) {
	x, err := t.MarshalText()
	return append(b, x...), err
}

// UnmarshalText parses a name, ignoring case.
func (t *Timing) UnmarshalText(b []byte) error {
	v, err := timingCodec.Parse(string(b))
	if err == nil {
		*t = v
	}
	return err
}

// RootPolicy chooses which rate [IRR] and [XIRR] return when the cash flows have
// several rates of return. Whatever the policy, the returned rate is one of the
// roots [IRRRoots] lists (so it is always > −100 %); with a single root every
// policy returns it.
type RootPolicy uint8

const (
	// PolicyExcel (the zero value) returns the root Newton's method reaches from
	// the guess, iterating as Excel and LibreOffice do (on the t = 0..n−1 present
	// value, up to 50 steps for IRR and 100 for XIRR). When that iteration fails
	// (it diverges, leaves (−100 %, ∞) or stalls) where a spreadsheet would report
	// #NUM!, the root nearest to the guess is returned instead.
	PolicyExcel RootPolicy = iota
	// NearestToGuess returns the root closest to the guess (ties: the smaller).
	NearestToGuess
	// SmallestNonNegative returns the smallest root ≥ 0, or, when every root is
	// negative, the one closest to zero (numpy-financial's effective rule).
	SmallestNonNegative
)

var policyCodec = enumtext.New[RootPolicy]("roi", "RootPolicy", ErrInvalidInput, "excel", "nearest_to_guess", "smallest_non_negative")

// String returns the snake_case name, or "RootPolicy(n)" for other values.
func (p RootPolicy) String() string { return policyCodec.String(p) }

// MarshalText returns the name.
func (p RootPolicy) MarshalText() ([]byte, error) { return policyCodec.Marshal(p) }

// AppendText appends the name to b.
func (p RootPolicy) AppendText(b []byte) ([]byte, error) {
	x, err := p.MarshalText()
	return append(b, x...), err
}

// UnmarshalText parses a name, ignoring case.
func (p *RootPolicy) UnmarshalText(b []byte) error {
	v, err := policyCodec.Parse(string(b))
	if err == nil {
		*p = v
	}
	return err
}

// Crossing selects the payback definition used by [PaybackWith] and
// [DiscountedPaybackWith] when the cumulative flow turns negative again after
// first reaching zero. The zero value is FirstCrossing, the rule of [Payback].
type Crossing uint8

const (
	// FirstCrossing: the first time the cumulative flow reaches zero.
	FirstCrossing Crossing = iota
	// FinalCrossing: the time after which the cumulative flow stays ≥ 0 to the
	// end of the horizon.
	FinalCrossing
)

var crossingCodec = enumtext.New[Crossing]("roi", "Crossing", ErrInvalidInput, "first", "final")

// String returns "first", "final", or "Crossing(n)" for other values.
func (c Crossing) String() string { return crossingCodec.String(c) }

// MarshalText returns the name.
func (c Crossing) MarshalText() ([]byte, error) { return crossingCodec.Marshal(c) }

// AppendText appends the name to b.
func (c Crossing) AppendText(b []byte) ([]byte, error) {
	x, err := c.MarshalText()
	return append(b, x...), err
}

// UnmarshalText parses a name, ignoring case.
func (c *Crossing) UnmarshalText(b []byte) error {
	v, err := crossingCodec.Parse(string(b))
	if err == nil {
		*c = v
	}
	return err
}
