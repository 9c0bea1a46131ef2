package roi

import (
	"github.com/shopspring/decimal"
)

// Standalone business metrics. Every definition is stated in full because
// none has a spreadsheet function to copy; results are rounded half to even to
// [ResultDigits] significant digits.

var hundred = decimal.NewFromInt(100)

// ROIPercent returns the return on investment in percent:
//
//	ROI % = (benefit − cost) / cost × 100
//
// benefit and cost are totals in the same money and on the same basis; pass
// present values (for example [Evaluation.PVBenefits] and [Evaluation.PVCosts])
// for a discounted ROI. ROIPercent(150, 100) = 50.
//
// ROIPercent returns an error wrapping [ErrInvalidInput] if cost ≤ 0 or a
// number is out of range.
func ROIPercent(benefit, cost decimal.Decimal) (decimal.Decimal, error) {
	var errs []error
	if err := checkDecimal("benefit", benefit); err != nil {
		errs = append(errs, err)
	}
	if err := checkDecimal("cost", cost); err != nil {
		errs = append(errs, err)
	} else if cost.Sign() <= 0 {
		errs = append(errs, fieldErr("cost", cost.String(), ErrInvalidInput, "cost must be positive"))
	}
	if err := joinErrs(errs); err != nil {
		return decimal.Decimal{}, err
	}
	return result(divW(benefit.Sub(cost).Mul(hundred), cost)), nil
}

// BenefitCostRatio returns PV(benefits) / PV(costs), both discounted at rate
// per period with [ConventionT0] (benefits[i] and costs[i] at t = i). Costs
// are given as positive amounts. A ratio above 1 means the benefits outweigh
// the costs in present value.
//
// BenefitCostRatio returns an error wrapping [ErrInvalidInput] if either series
// is empty, a cost is negative, PV(costs) is zero, rate ≤ −1 or a number is
// out of range.
func BenefitCostRatio(rate decimal.Decimal, benefits, costs []decimal.Decimal) (decimal.Decimal, error) {
	var errs []error
	if err := checkRate("rate", rate); err != nil {
		errs = append(errs, err)
	}
	if len(benefits) == 0 {
		errs = append(errs, fieldErr("benefits", "", ErrInvalidInput, "at least one value needed"))
	}
	if err := checkCount("benefits", len(benefits), MaxFlows); err != nil {
		return decimal.Decimal{}, err
	}
	if err := checkCount("costs", len(costs), MaxFlows); err != nil {
		return decimal.Decimal{}, err
	}
	for i, v := range benefits {
		if err := checkDecimal(fmtIndex("benefits", i), v); err != nil {
			errs = append(errs, err)
		}
	}
	if len(costs) == 0 {
		errs = append(errs, fieldErr("costs", "", ErrInvalidInput, "at least one value needed"))
	}
	for i, v := range costs {
		if err := checkDecimal(fmtIndex("costs", i), v); err != nil {
			errs = append(errs, err)
		} else if v.Sign() < 0 {
			errs = append(errs, fieldErr(fmtIndex("costs", i), v.String(), ErrInvalidInput, "costs are positive amounts"))
		}
	}
	if err := joinErrs(errs); err != nil {
		return decimal.Decimal{}, err
	}
	onePlus := decOne.Add(rate)
	n := int64(max(len(benefits), len(costs)))
	if err := checkGrowth("rate", onePlus, n); err != nil {
		return decimal.Decimal{}, err
	}
	pvB := npvW(onePlus, benefits, ConventionT0)
	pvC := npvW(onePlus, costs, ConventionT0)
	if pvC.IsZero() {
		return decimal.Decimal{}, fieldErr("costs", "", ErrInvalidInput, "present value of costs is zero")
	}
	return result(divW(pvB, pvC)), nil
}

// TCOInputs describe a total-cost-of-ownership schedule. Amounts are positive
// costs. The one-off items fall at t = 0; AnnualMaintenance falls at t = 1..Years
// and grows by Escalation per year from year 1 (year t pays
// AnnualMaintenance·(1+Escalation)^(t−1)).
//
// JSON: snake_case field names, amounts as strings.
type TCOInputs struct {
	Acquisition       decimal.Decimal `json:"acquisition"`
	Implementation    decimal.Decimal `json:"implementation"`
	Integration       decimal.Decimal `json:"integration"`
	Training          decimal.Decimal `json:"training"`
	AnnualMaintenance decimal.Decimal `json:"annual_maintenance"`
	Escalation        decimal.Decimal `json:"escalation"`
	Years             int             `json:"years"`         // 1..100
	DiscountRate      decimal.Decimal `json:"discount_rate"` // per year, > −1; 0 for an undiscounted TCO
}

// Validate reports every problem: a negative amount, Years outside 1..100,
// Escalation or DiscountRate ≤ −1, numbers out of range.
func (in TCOInputs) Validate() error {
	var errs []error
	for _, f := range []struct {
		path string
		v    decimal.Decimal
	}{{"acquisition", in.Acquisition}, {"implementation", in.Implementation}, {"integration", in.Integration}, {"training", in.Training}, {"annual_maintenance", in.AnnualMaintenance}} {
		if err := checkDecimal(f.path, f.v); err != nil {
			errs = append(errs, err)
		} else if f.v.Sign() < 0 {
			errs = append(errs, fieldErr(f.path, f.v.String(), ErrInvalidInput, "costs are positive amounts"))
		}
	}
	if err := checkRate("escalation", in.Escalation); err != nil {
		errs = append(errs, err)
	}
	if in.Years < 1 || in.Years > maxYears {
		errs = append(errs, fieldErr("years", itoa(in.Years), ErrInvalidInput, "years must be in 1..100"))
	}
	if err := checkRate("discount_rate", in.DiscountRate); err != nil {
		errs = append(errs, err)
	}
	return joinErrs(errs)
}

// TCOResult is a TCO schedule and its totals.
type TCOResult struct {
	// Method names the definition: "tco-v1" (one-offs at t = 0, maintenance
	// at t = 1..N escalated from year 1, discounted with ConventionT0).
	Method string `json:"method"`
	// Schedule is the cost in year t = 0..Years.
	Schedule []decimal.Decimal `json:"schedule"`
	// Nominal is the undiscounted sum of Schedule.
	Nominal decimal.Decimal `json:"nominal"`
	// Discounted is Σ Schedule[t]/(1+DiscountRate)^t.
	Discounted decimal.Decimal `json:"discounted"`
}

const maxYears = 100

// TCO returns the total cost of ownership over in.Years years (see
// [TCOInputs] for the schedule).
//
// TCO returns an error wrapping [ErrInvalidInput] if in.Validate fails.
func TCO(in TCOInputs) (TCOResult, error) {
	if err := in.Validate(); err != nil {
		return TCOResult{}, err
	}
	sched := make([]decimal.Decimal, in.Years+1)
	sched[0] = in.Acquisition.Add(in.Implementation).Add(in.Integration).Add(in.Training)
	g := decOne.Add(in.Escalation)
	m := in.AnnualMaintenance
	for t := 1; t <= in.Years; t++ {
		sched[t] = m
		m = mulW(m, g)
	}
	nominal := decimal.Zero
	for i, v := range sched {
		sched[i] = result(v)
		nominal = nominal.Add(v)
	}
	disc := npvW(decOne.Add(in.DiscountRate), sched, ConventionT0)
	return TCOResult{Method: "tco-v1", Schedule: sched, Nominal: result(nominal), Discounted: result(disc)}, nil
}

// BreakEvenUnits returns the number of units at which contribution covers
// fixed cost: fixedCost / (unitPrice − unitVariableCost). The result is
// fractional; round it up for whole units.
//
// BreakEvenUnits returns an error wrapping [ErrInvalidInput] if unitPrice ≤
// unitVariableCost (no break-even), fixedCost < 0, or a number is out of range.
func BreakEvenUnits(fixedCost, unitPrice, unitVariableCost decimal.Decimal) (decimal.Decimal, error) {
	var errs []error
	if err := checkDecimal("fixed_cost", fixedCost); err != nil {
		errs = append(errs, err)
	} else if fixedCost.Sign() < 0 {
		errs = append(errs, fieldErr("fixed_cost", fixedCost.String(), ErrInvalidInput, "fixed cost must be ≥ 0"))
	}
	if err := checkDecimal("unit_price", unitPrice); err != nil {
		errs = append(errs, err)
	}
	if err := checkDecimal("unit_variable_cost", unitVariableCost); err != nil {
		errs = append(errs, err)
	}
	if err := joinErrs(errs); err != nil {
		return decimal.Decimal{}, err
	}
	margin := unitPrice.Sub(unitVariableCost)
	if margin.Sign() <= 0 {
		return decimal.Decimal{}, fieldErr("unit_price", unitPrice.String(), ErrInvalidInput, "unit price must exceed unit variable cost")
	}
	return result(divW(fixedCost, margin)), nil
}

// SupplyCostSavings returns the yearly savings of a supply-cost reduction:
// baselineSpend × reduction, for each point of the three-point reduction
// (for example 15 % / 20 % / 25 % as 0.15 / 0.20 / 0.25).
//
// SupplyCostSavings returns an error wrapping [ErrInvalidInput] if
// baselineSpend < 0, reduction is invalid or outside [0, 1].
func SupplyCostSavings(baselineSpend decimal.Decimal, reduction Estimate) (Estimate, error) {
	var errs []error
	if err := checkDecimal("baseline_spend", baselineSpend); err != nil {
		errs = append(errs, err)
	} else if baselineSpend.Sign() < 0 {
		errs = append(errs, fieldErr("baseline_spend", baselineSpend.String(), ErrInvalidInput, "spend must be ≥ 0"))
	}
	if err := reduction.validate("reduction"); err != nil {
		errs = append(errs, err)
	} else if reduction.Low.Sign() < 0 || reduction.High.GreaterThan(decOne) {
		errs = append(errs, fieldErr("reduction", "", ErrInvalidInput, "a reduction is a fraction in [0, 1]"))
	}
	if err := joinErrs(errs); err != nil {
		return Estimate{}, err
	}
	return reduction.scale(baselineSpend), nil
}

// ClinicianTimeSavings returns the yearly value of clinician time saved:
//
//	minutes saved per case / 60 × loaded hourly wage × cases per year
//
// evaluated at each point of the three estimates (low with low, …). "Loaded"
// means salary plus benefits and overhead per paid hour; pass the base wage to
// value time at salary only.
//
// ClinicianTimeSavings returns an error wrapping [ErrInvalidInput] if an
// estimate is invalid or negative.
func ClinicianTimeSavings(minutesPerCase, loadedHourlyWage, casesPerYear Estimate) (Estimate, error) {
	var errs []error
	for _, e := range []struct {
		path string
		est  Estimate
	}{{"minutes_per_case", minutesPerCase}, {"loaded_hourly_wage", loadedHourlyWage}, {"cases_per_year", casesPerYear}} {
		if err := e.est.validate(e.path); err != nil {
			errs = append(errs, err)
		} else if e.est.Low.Sign() < 0 {
			errs = append(errs, fieldErr(e.path, e.est.Low.String(), ErrInvalidInput, "must be ≥ 0"))
		}
	}
	if err := joinErrs(errs); err != nil {
		return Estimate{}, err
	}
	sixty := decimal.NewFromInt(60)
	f := func(m, w, c decimal.Decimal) decimal.Decimal {
		return result(divW(mulW(mulW(m, w), c), sixty))
	}
	return Estimate{
		Low:  f(minutesPerCase.Low, loadedHourlyWage.Low, casesPerYear.Low),
		Mode: f(minutesPerCase.Mode, loadedHourlyWage.Mode, casesPerYear.Mode),
		High: f(minutesPerCase.High, loadedHourlyWage.High, casesPerYear.High),
	}, nil
}
