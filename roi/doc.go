// Package roi computes discounted cash flows and business cases so that the
// numbers hold where spreadsheets fail: NPV/XNPV, IRR/XIRR with every root
// found and a stated policy for choosing among several, MIRR, PMT/FV/PV,
// payback, and a business-case layer (ROI %, benefit-cost ratio, TCO,
// break-even, savings models, tornado sensitivity, seeded Monte Carlo).
//
// # Inputs
//
// Money and rates are [github.com/shopspring/decimal.Decimal] values; a rate
// is a decimal fraction per period (0.08 = 8 %). Periodic cash flows are a
// []decimal.Decimal where index i is period i; dated flows are [Flow] values
// whose civil dates count days ACT/365F from the first listed date. Choices
// that change results are explicit types: [Convention] for NPV (Excel's t =
// 1..n or t = 0..n−1; the zero value is rejected), [Timing] for annuities,
// [IRROptions] (guess and [RootPolicy]) for IRR/XIRR, [PaybackOptions] for the
// payback crossing rule, [Distribution] and a seed for Monte Carlo. A
// business case is a [BusinessCase]: drivers with three-point [Estimate]s and
// benefit or cost lines built from them ([SupplyCostLine],
// [ClinicianTimeLine]).
//
// Functions: [NPV], [XNPV], [IRR], [IRRRoots], [XIRR], [MIRR], [PMT], [FV],
// [PV], [Payback], [DiscountedPayback] (and their With variants); business
// metrics [ROIPercent], [BenefitCostRatio], [TCO], [BreakEvenUnits],
// [SupplyCostSavings], [ClinicianTimeSavings]; business cases [Evaluate],
// [TornadoNPV], [MonteCarloNPV], [DecodeBusinessCase].
//
// # Outputs
//
// Money results are decimals computed with 50 significant digits and rounded
// half to even to [ResultDigits] (34) significant digits: a 360-month schedule,
// rate 1e−12 and rate 12 over 400 periods are exact to the digits returned.
// Rates from the root solver are float64 roots (about 1e−15 relative in 1 + r)
// returned as the shortest decimal that round-trips; closed forms (two flows
// one period apart) are exact decimals. Business-case results name their
// method ("business-case-v1", "tornado-oat-npv-v1", "monte-carlo-npv-v1",
// "tco-v1"); Monte Carlo money is rounded to 2 decimal places.
//
// # Errors
//
// Every error wraps one sentinel, tested with [errors.Is]: [ErrInvalidInput]
// (empty series, length mismatch caught at conversion, rate ≤ −1 where
// meaningless, nper ≤ 0, zero enums, dates before the first, numbers out of
// range; field problems are also a [*FieldError] naming the argument),
// [ErrNoSignChange], [ErrNoRealRoot] (signs change but no rate solves the
// equation), [ErrSolverFailed] (a bracketed root failed its residual check;
// not expected to happen), [ErrNeverPaysBack]. Validation reports every
// problem at once (errors.Join). No function panics on any input.
//
// # Invariants
//
//   - Root safety: IRR, XIRR and IRRRoots never return a rate ≤ −100 %. The
//     solver works on u = ln(1+r), brackets every root (Descartes' rule for
//     one sign change; derivative-based isolation otherwise) and polishes
//     with safeguarded Newton; |NPV(r)| ≤ 1e−6 · Σ|discounted flows| is
//     checked before a rate is returned.
//   - Completeness: IRRRoots lists every real root in (−1, ∞), ascending; the
//     rate IRR returns is always one of them.
//   - Conventions: NPV(r, v, ConventionT0) = (1+r)·NPV(r, v, ConventionExcel);
//     XNPV with flows 365 days apart equals NPV with ConventionT0.
//   - TVM identity: fv + pv(1+r)^n + pmt(1+r·when)·((1+r)^n−1)/r = 0 holds for
//     the results of PMT, FV and PV.
//   - Determinism: same input, same output; Monte Carlo depends only on the
//     case, draws, seed and distribution, never on GOMAXPROCS.
//   - Inputs are never modified; results never alias inputs; every function
//     is safe for concurrent use.
//
// # Resource contract
//
// Every entry point checks its input against documented caps before it
// allocates for it; input over a cap is a [*FieldError] wrapping
// [ErrInvalidInput] that names the argument and the cap:
//
//   - series: at most [MaxFlows] (100,000) values or flows;
//   - several rates of return: a series with s > 1 sign changes and n values
//     needs n·s² ≤ [MaxRootWork] (4,000,000); isolation costs O(s²) solves
//     of O(n) each and O(n·s) memory. One sign change: O(n) per solver step,
//     O(n) memory, at any length up to MaxFlows;
//   - decimals: at most [MaxDecimalDigits] (1000) significant digits and a
//     magnitude in [1e−1000, 1e1000) ([MaxDecimalExponent]), checked from the
//     coefficient's bit length, so decimal.New(1, 1e9) or a 10^7-digit value
//     is rejected in microseconds, and in JSON from the token's text before
//     it is parsed (shopspring's MaxDecodeExponent is neither read nor set);
//   - JSON: strict (duplicate keys, keys differing only in case, unknown
//     fields and money given as JSON numbers are errors; arrays of at most
//     256 elements, 1 MiB per business case), errors with JSON paths such as
//     drivers[2].value.low;
//   - joined errors: at most [MaxJoinedErrors] (100), then "and N more".
//
// Costs: NPV, XNPV, MIRR, Payback and DiscountedPayback are O(n) decimal
// operations and O(1) extra memory (XNPV O(n log n) for the date sort);
// TornadoNPV is O(drivers × lines × (driver references + years));
// MonteCarloNPV is O(draws × driver references) and can run for minutes at
// its caps: [MonteCarloNPVContext] stops within milliseconds of ctx being
// done and reports progress.
//
// Spreadsheet parity: NPV with ConventionExcel, XNPV, MIRR, PMT, FV and PV
// follow Excel's definitions; NPV accepts rates below −1 as Excel does. The
// default IRR/XIRR policy returns the root Newton's method reaches from the
// guess, as Excel and LibreOffice do, but finds it robustly: where the
// spreadsheets report #NUM! although a rate exists, or return a rate below
// −100 %, roi returns the rate. XNPV and XIRR reject dates before the first
// listed date (Excel's documented rule; LibreOffice accepts them).
package roi
