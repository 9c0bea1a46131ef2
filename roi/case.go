package roi

import (
	"fmt"
	"io"
	"strings"

	"github.com/shopspring/decimal"
)

// BusinessCase is a yearly cash-flow model with uncertain inputs. Cash flows
// fall at t = 0..Years (t = 0 is the upfront year). Each [Line] contributes in
// year t (Start ≤ t ≤ End)
//
//	Amount × Π value(driver) × (1 + Growth)^(t − Start)
//
// to benefits or costs; the net flow is benefits − costs. Drivers are the
// uncertain quantities, each a three-point [Estimate]; the base case uses
// every driver's Mode. [Evaluate], [TornadoNPV] and [MonteCarloNPV] all read
// the same model, so their figures agree.
//
// JSON: snake_case field names, amounts as strings, enums as text.
type BusinessCase struct {
	ID           string          `json:"id"`
	Name         string          `json:"name"`
	Years        int             `json:"years"`         // horizon, 1..100
	DiscountRate decimal.Decimal `json:"discount_rate"` // per year, > −1
	Drivers      []Driver        `json:"drivers"`
	Lines        []Line          `json:"lines"`
}

// Driver is an uncertain input of a business case, referenced by Lines by ID.
type Driver struct {
	ID    string   `json:"id"`
	Name  string   `json:"name"`
	Unit  string   `json:"unit"` // free text for reports, e.g. "fraction", "minutes/case"
	Value Estimate `json:"value"`
}

// Line is a benefit or cost line of a business case (see [BusinessCase]).
type Line struct {
	ID      string          `json:"id"`
	Name    string          `json:"name"`
	Kind    LineKind        `json:"kind"`
	Amount  decimal.Decimal `json:"amount"`  // base amount per year, ≥ 0, multiplied by the drivers
	Drivers []string        `json:"drivers"` // IDs of the drivers multiplying Amount (may be empty)
	Start   int             `json:"start"`   // first year, 0..Years
	End     int             `json:"end"`     // last year, Start..Years
	Growth  decimal.Decimal `json:"growth"`  // yearly escalation, > −1
}

// maxCaseItems bounds drivers and lines of one case (and drivers per line),
// which bounds the work of TornadoNPV.
const maxCaseItems = 256

// Validate reports every problem in field order: an empty or duplicate ID,
// Years outside 1..100, DiscountRate or a Growth ≤ −1, an invalid estimate, a
// line with an unknown driver, a negative amount, years out of the horizon,
// an unspecified kind, more than 256 drivers, lines or drivers per line.
func (bc BusinessCase) Validate() error {
	var errs []error
	if bc.Years < 1 || bc.Years > maxYears {
		errs = append(errs, fieldErr("years", itoa(bc.Years), ErrInvalidInput, "years must be in 1..100"))
	}
	if err := checkRate("discount_rate", bc.DiscountRate); err != nil {
		errs = append(errs, err)
	}
	if len(bc.Drivers) > maxCaseItems {
		errs = append(errs, checkCount("drivers", len(bc.Drivers), maxCaseItems))
	}
	if len(bc.Lines) > maxCaseItems {
		errs = append(errs, checkCount("lines", len(bc.Lines), maxCaseItems))
	}
	if len(bc.Drivers) > maxCaseItems || len(bc.Lines) > maxCaseItems {
		return joinErrs(errs)
	}
	ids := map[string]bool{}
	for i, d := range bc.Drivers {
		p := fmt.Sprintf("drivers[%d]", i)
		switch {
		case strings.TrimSpace(d.ID) == "":
			errs = append(errs, fieldErr(p+".id", "", ErrInvalidInput, "id is empty"))
		case ids[d.ID]:
			errs = append(errs, fieldErr(p+".id", abbrev(d.ID), ErrInvalidInput, "duplicate driver id"))
		}
		ids[d.ID] = true
		if err := d.Value.validate(p + ".value"); err != nil {
			errs = append(errs, err)
		}
	}
	lineIDs := map[string]bool{}
	for i, l := range bc.Lines {
		p := fmt.Sprintf("lines[%d]", i)
		switch {
		case strings.TrimSpace(l.ID) == "":
			errs = append(errs, fieldErr(p+".id", "", ErrInvalidInput, "id is empty"))
		case lineIDs[l.ID]:
			errs = append(errs, fieldErr(p+".id", abbrev(l.ID), ErrInvalidInput, "duplicate line id"))
		}
		lineIDs[l.ID] = true
		if l.Kind != Benefit && l.Kind != Cost {
			errs = append(errs, fieldErr(p+".kind", l.Kind.String(), ErrInvalidInput, "kind must be benefit or cost"))
		}
		if err := checkDecimal(p+".amount", l.Amount); err != nil {
			errs = append(errs, err)
		} else if l.Amount.Sign() < 0 {
			errs = append(errs, fieldErr(p+".amount", l.Amount.String(), ErrInvalidInput, "amount must be ≥ 0 (the kind gives the sign)"))
		}
		if len(l.Drivers) > maxCaseItems {
			errs = append(errs, fieldErr(p+".drivers", "", ErrInvalidInput, "at most 256 drivers per line"))
		}
		for j, id := range l.Drivers {
			if !ids[id] {
				errs = append(errs, fieldErr(fmt.Sprintf("%s.drivers[%d]", p, j), abbrev(id), ErrInvalidInput, "unknown driver"))
			}
		}
		if l.Start < 0 || l.End < l.Start || l.End > bc.Years {
			errs = append(errs, fieldErr(p+".start", fmt.Sprintf("%d..%d", l.Start, l.End), ErrInvalidInput, "years must satisfy 0 ≤ start ≤ end ≤ years"))
		}
		if err := checkRate(p+".growth", l.Growth); err != nil {
			errs = append(errs, err)
		}
	}
	return joinErrs(errs)
}

// maxCaseJSON bounds the size of a business case read by DecodeBusinessCase.
const maxCaseJSON = 1 << 20

// DecodeBusinessCase reads one business case as JSON from r (at most 1 MiB),
// rejecting unknown fields and trailing data, and validates it.
//
// DecodeBusinessCase returns an error wrapping [ErrInvalidInput] if the JSON is
// malformed, too large, has unknown fields, or the case is invalid.
func DecodeBusinessCase(r io.Reader) (BusinessCase, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxCaseJSON+1))
	if err != nil {
		return BusinessCase{}, fieldErr("", "", ErrInvalidInput, "reading business case: "+err.Error())
	}
	if len(b) > maxCaseJSON {
		return BusinessCase{}, fieldErr("", "", ErrInvalidInput, "business case JSON larger than 1 MiB (the cap)")
	}
	var bc BusinessCase
	if err := decodeStrict(b, &bc); err != nil {
		return BusinessCase{}, err
	}
	return bc, bc.Validate()
}

// values returns the base-case value of every driver (its Mode), by ID.
func (bc BusinessCase) modes() map[string]decimal.Decimal {
	m := make(map[string]decimal.Decimal, len(bc.Drivers))
	for _, d := range bc.Drivers {
		m[d.ID] = d.Value.Mode
	}
	return m
}

// yearly returns benefits and costs per year t = 0..Years with the given
// driver values, at working precision.
func (bc BusinessCase) yearly(vals map[string]decimal.Decimal) (ben, cost []decimal.Decimal) {
	ben = make([]decimal.Decimal, bc.Years+1)
	cost = make([]decimal.Decimal, bc.Years+1)
	for _, l := range bc.Lines {
		a := l.Amount
		for _, id := range l.Drivers {
			a = mulW(a, vals[id])
		}
		g := decOne.Add(l.Growth)
		dst := ben
		if l.Kind == Cost {
			dst = cost
		}
		for t := l.Start; t <= l.End; t++ {
			dst[t] = addW(dst[t], a)
			a = mulW(a, g)
		}
	}
	return ben, cost
}

// Evaluation is the base case of a business case (every driver at its Mode).
// Money fields are rounded half to even to [ResultDigits] significant digits;
// rates are decimal fractions per year; periods are years.
type Evaluation struct {
	// Method is "business-case-v1": lines as documented on BusinessCase,
	// present values with ConventionT0 at DiscountRate.
	Method       string            `json:"method"`
	CaseID       string            `json:"case_id"`
	Years        int               `json:"years"`
	DiscountRate decimal.Decimal   `json:"discount_rate"`
	Benefits     []decimal.Decimal `json:"benefits"` // per year t = 0..Years
	Costs        []decimal.Decimal `json:"costs"`    // per year, positive amounts
	Net          []decimal.Decimal `json:"net"`      // Benefits − Costs
	PVBenefits   decimal.Decimal   `json:"pv_benefits"`
	PVCosts      decimal.Decimal   `json:"pv_costs"` // = discounted TCO of the cost lines
	NPV          decimal.Decimal   `json:"npv"`      // PVBenefits − PVCosts = NPV(rate, Net, ConventionT0)
	// IRR of Net with the default IRROptions; null when Net has no rate of
	// return, with the reason in IRRNote.
	IRR     decimal.NullDecimal `json:"irr"`
	IRRNote string              `json:"irr_note"`
	// Payback and DiscountedPayback (first crossing) in years; null when the
	// case never pays back within the horizon.
	Payback           decimal.NullDecimal `json:"payback"`
	DiscountedPayback decimal.NullDecimal `json:"discounted_payback"`
	// ROIPercent is (ΣBenefits − ΣCosts)/ΣCosts × 100, undiscounted;
	// DiscountedROIPercent uses PVBenefits and PVCosts. Null when costs are 0.
	ROIPercent           decimal.NullDecimal `json:"roi_percent"`
	DiscountedROIPercent decimal.NullDecimal `json:"discounted_roi_percent"`
	// BenefitCostRatio is PVBenefits/PVCosts; null when PVCosts is 0.
	BenefitCostRatio decimal.NullDecimal `json:"benefit_cost_ratio"`
	// TCO is the undiscounted total of the cost lines (TCODiscounted = PVCosts).
	TCO decimal.Decimal `json:"tco"`
}

// Evaluate computes the base case of bc: yearly benefits, costs and net flow,
// NPV, IRR, payback, ROI, benefit-cost ratio and TCO, all from the same
// primitives as the rest of the package.
//
// Evaluate returns an error wrapping [ErrInvalidInput] if bc.Validate fails.
// A case without a rate of return or that never pays back is not an error:
// those fields are null.
func Evaluate(bc BusinessCase) (Evaluation, error) {
	if err := bc.Validate(); err != nil {
		return Evaluation{}, err
	}
	ben, cost := bc.yearly(bc.modes())
	ev := Evaluation{Method: "business-case-v1", CaseID: bc.ID, Years: bc.Years, DiscountRate: bc.DiscountRate}
	net := make([]decimal.Decimal, len(ben))
	sumB, sumC := decimal.Zero, decimal.Zero
	for t := range ben {
		net[t] = ben[t].Sub(cost[t])
		sumB, sumC = sumB.Add(ben[t]), sumC.Add(cost[t])
	}
	onePlus := decOne.Add(bc.DiscountRate)
	pvB := npvW(onePlus, ben, ConventionT0)
	pvC := npvW(onePlus, cost, ConventionT0)
	ev.Benefits, ev.Costs, ev.Net = roundAll(ben), roundAll(cost), roundAll(net)
	ev.PVBenefits, ev.PVCosts, ev.NPV = result(pvB), result(pvC), result(pvB.Sub(pvC))
	ev.TCO = result(sumC)
	if r, err := IRR(ev.Net, IRROptions{}); err == nil {
		ev.IRR = decimal.NewNullDecimal(r)
	} else {
		ev.IRRNote = err.Error()
	}
	if p, err := Payback(ev.Net); err == nil {
		ev.Payback = decimal.NewNullDecimal(p)
	}
	if p, err := DiscountedPayback(bc.DiscountRate, ev.Net); err == nil {
		ev.DiscountedPayback = decimal.NewNullDecimal(p)
	}
	if sumC.Sign() > 0 {
		ev.ROIPercent = decimal.NewNullDecimal(result(divW(sumB.Sub(sumC).Mul(hundred), sumC)))
	}
	if pvC.Sign() > 0 {
		ev.DiscountedROIPercent = decimal.NewNullDecimal(result(divW(pvB.Sub(pvC).Mul(hundred), pvC)))
		ev.BenefitCostRatio = decimal.NewNullDecimal(result(divW(pvB, pvC)))
	}
	return ev, nil
}

func roundAll(xs []decimal.Decimal) []decimal.Decimal {
	out := make([]decimal.Decimal, len(xs))
	for i, x := range xs {
		out[i] = result(x)
	}
	return out
}

// SupplyCostLine returns the driver and the benefit line of a supply-cost
// reduction: baselineSpend per year × a reduction fraction (for example 15 % /
// 20 % / 25 % as 0.15 / 0.20 / 0.25), from year start to end. The driver's
// ID is id + ".reduction".
func SupplyCostLine(id, name string, baselineSpend decimal.Decimal, reduction Estimate, start, end int) ([]Driver, Line) {
	d := Driver{ID: id + ".reduction", Name: name + ": supply-cost reduction", Unit: "fraction of baseline spend", Value: reduction}
	return []Driver{d}, Line{ID: id, Name: name, Kind: Benefit, Amount: baselineSpend, Drivers: []string{d.ID}, Start: start, End: end}
}

// ClinicianTimeLine returns the drivers and the benefit line of clinician time
// saved: minutes per case / 60 × loaded hourly wage × cases per year, from
// year start to end. The drivers' IDs are id + ".minutes", ".wage", ".volume".
func ClinicianTimeLine(id, name string, minutesPerCase, loadedHourlyWage, casesPerYear Estimate, start, end int) ([]Driver, Line) {
	ds := []Driver{
		{ID: id + ".minutes", Name: name + ": minutes saved per case", Unit: "minutes/case", Value: minutesPerCase},
		{ID: id + ".wage", Name: name + ": loaded hourly wage", Unit: "money/hour", Value: loadedHourlyWage},
		{ID: id + ".volume", Name: name + ": cases per year", Unit: "cases/year", Value: casesPerYear},
	}
	perHour := divW(decOne, decimal.NewFromInt(60))
	return ds, Line{ID: id, Name: name, Kind: Benefit, Amount: perHour, Drivers: []string{ds[0].ID, ds[1].ID, ds[2].ID}, Start: start, End: end}
}
