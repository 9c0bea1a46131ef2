// Package healthpm is an embeddable, pure-Go library for the decisions a
// healthcare product team makes every week: which features and investments to
// fund, what can harm a patient and how that is controlled, which regulatory
// class a product falls in, and whether the investment pays off.
//
// The root package holds no code; it documents what the packages below share.
//
// # Packages
//
//   - [github.com/healthpm/healthpm/prioritize]: weighted scoring with
//     non-compensatory critical gates, named and versioned weighting schemes
//     (tier ratios, rank-order centroid with tied ranks, swing, AHP with a named
//     random-index table), TOPSIS and weighted product, and explanations of why
//     one item ranks above another.
//   - [github.com/healthpm/healthpm/risk]: FMEA worksheets with an Action
//     Priority engine that matches the AIAG-VDA 2019 handbook on all 1,000
//     cells, and the ISO 14971:2019 chain (hazard, sequence of events, hazardous
//     situation, harm) with risk-control verification, in one register.
//   - [github.com/healthpm/healthpm/regulatory]: device classification with a
//     full rule trace for EU MDR 2017/745 Annex VIII, IMDRF N12, the FDA
//     digital-health policy flow and IEC 62304 software safety classes.
//   - [github.com/healthpm/healthpm/roi]: NPV, XNPV, IRR (every real root, never
//     one at or below -100 %), XIRR, MIRR, PMT/FV/PV, payback, and business-case
//     models with tornado sensitivity and seeded Monte Carlo.
//
// # Guarantees
//
// Every package keeps the same contracts:
//
//   - No panics on input. No exported function panics on any argument value;
//     bad input is an error. Validation reports every problem at once
//     ([errors.Join]) with a field path, and each error wraps an exported
//     sentinel so callers use [errors.Is] and [errors.As], never string matching.
//   - Determinism. The same input gives byte-identical output: no wall clock
//     (callers pass an as-of date), no global random source (callers pass a
//     seed; parallel work gives the same result for any GOMAXPROCS), no map
//     iteration order in results, and total orders with an ID tie-break.
//   - Decimal policy. Money is [github.com/shopspring/decimal.Decimal] at the
//     API and is encoded in JSON as a string. The library never reads or sets
//     that package's global settings; every division names its scale and every
//     rounding names its mode. Scores and probabilities are float64 and NaN or
//     infinities are rejected.
//   - Concurrency. Inputs are never mutated and results never alias them;
//     every exported function and method is safe for concurrent use.
//   - Traceability. Every result records the method, table or rule set and the
//     edition it used, so an auditor can reproduce it.
//
// Runtime dependencies are the standard library and shopspring/decimal only.
package healthpm
