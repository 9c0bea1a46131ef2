package roi

import (
	"github.com/healthpm/healthpm/internal/enumtext"
	"github.com/shopspring/decimal"
)

// Estimate is a three-point estimate: the lowest plausible value, the most
// likely value and the highest plausible value (Low ≤ Mode ≤ High). A known
// quantity is an Estimate with three equal points ([Fixed]).
//
// JSON: {"low": "0.15", "mode": "0.20", "high": "0.25"}.
type Estimate struct {
	Low  decimal.Decimal `json:"low"`
	Mode decimal.Decimal `json:"mode"`
	High decimal.Decimal `json:"high"`
}

// Fixed returns the Estimate whose three points equal v.
func Fixed(v decimal.Decimal) Estimate { return Estimate{Low: v, Mode: v, High: v} }

// Validate reports points out of order or out of range.
func (e Estimate) Validate() error { return e.validate("estimate") }

func (e Estimate) validate(path string) error {
	var errs []error
	for _, p := range []struct {
		name string
		v    decimal.Decimal
	}{{"low", e.Low}, {"mode", e.Mode}, {"high", e.High}} {
		if err := checkDecimal(path+"."+p.name, p.v); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) == 0 && (e.Low.GreaterThan(e.Mode) || e.Mode.GreaterThan(e.High)) {
		errs = append(errs, fieldErr(path, e.Low.String()+"/"+e.Mode.String()+"/"+e.High.String(), ErrInvalidInput, "three-point estimate needs low ≤ mode ≤ high"))
	}
	return joinErrs(errs)
}

// Mean returns the mean of the distribution d on the estimate: (Low + Mode +
// High)/3 for [Triangular], (Low + 4·Mode + High)/6 for [BetaPERT].
func (e Estimate) Mean(d Distribution) decimal.Decimal {
	if d == BetaPERT {
		return result(divW(e.Low.Add(e.Mode.Mul(decimal.NewFromInt(4))).Add(e.High), decimal.NewFromInt(6)))
	}
	return result(divW(e.Low.Add(e.Mode).Add(e.High), decimal.NewFromInt(3)))
}

// scale multiplies every point by k ≥ 0.
func (e Estimate) scale(k decimal.Decimal) Estimate {
	return Estimate{Low: result(e.Low.Mul(k)), Mode: result(e.Mode.Mul(k)), High: result(e.High.Mul(k))}
}

// Distribution is the probability distribution Monte Carlo draws on a
// three-point [Estimate]. The zero value is Triangular.
type Distribution uint8

const (
	// Triangular: density rising linearly from Low to Mode and falling to
	// High; mean (Low+Mode+High)/3. Sampled by inverse CDF.
	Triangular Distribution = iota
	// BetaPERT: Beta distribution on [Low, High] with mode Mode and shape
	// λ = 4; mean (Low+4·Mode+High)/6. Puts less weight on the tails than
	// Triangular.
	BetaPERT
)

var distributionCodec = enumtext.New[Distribution]("roi", "Distribution", ErrInvalidInput, "triangular", "pert")

// String returns "triangular", "pert", or "Distribution(n)".
func (d Distribution) String() string { return distributionCodec.String(d) }

// MarshalText returns the name.
func (d Distribution) MarshalText() ([]byte, error) { return distributionCodec.Marshal(d) }

// AppendText appends the name to b.
func (d Distribution) AppendText(b []byte) ([]byte, error) {
	x, err := d.MarshalText()
	return append(b, x...), err
}

// UnmarshalText parses a name, ignoring case.
func (d *Distribution) UnmarshalText(b []byte) error {
	v, err := distributionCodec.Parse(string(b))
	if err == nil {
		*d = v
	}
	return err
}

// LineKind says whether a business-case line adds benefit or cost. The zero
// value is invalid.
type LineKind uint8

const (
	// LineKindUnspecified is the zero value; it is invalid.
	LineKindUnspecified LineKind = iota
	// Benefit lines add to the net cash flow (savings, revenue).
	Benefit
	// Cost lines are positive amounts subtracted from the net cash flow.
	Cost
)

var lineKindCodec = enumtext.New[LineKind]("roi", "LineKind", ErrInvalidInput, "", "benefit", "cost")

// String returns "benefit", "cost", or "LineKind(n)".
func (k LineKind) String() string { return lineKindCodec.String(k) }

// MarshalText returns the name; it fails for LineKindUnspecified.
func (k LineKind) MarshalText() ([]byte, error) { return lineKindCodec.Marshal(k) }

// AppendText appends the name to b.
func (k LineKind) AppendText(b []byte) ([]byte, error) {
	x, err := k.MarshalText()
	return append(b, x...), err
}

// UnmarshalText parses a name, ignoring case.
func (k *LineKind) UnmarshalText(b []byte) error {
	v, err := lineKindCodec.Parse(string(b))
	if err == nil {
		*k = v
	}
	return err
}
