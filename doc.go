// Package healthpm is an embeddable, pure-Go library for the decisions a
// healthcare product team makes every week: which features and investments to
// fund, what can harm a patient and how that is controlled, which regulatory
// class a product falls in, whether the investment pays off, and, after
// launch, what the field data says.
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
//   - [github.com/healthpm/healthpm/postmarket]: the loop after launch: exact
//     binomial and Poisson tests, control charts with run rules, CUSUM and
//     EWMA with an explicit reset policy, disproportionality, uptime budgets,
//     judged by a versioned surveillance plan; AI model monitoring (drift with
//     sample-size-aware critical values, performance with exact intervals,
//     subgroup equity that reports insufficient data instead of "fair"); and
//     proposed risk re-estimates that the caller records in the risk register.
//     Change assessment (FDA 510(k) software changes, MDCG 2020-3, PCCP) and
//     reporting duties (MDR vigilance, 21 CFR 803, AI Act, HIPAA breaches) are
//     law and live in regulatory.
//
// Imports flow one way: postmarket may import risk; risk and regulatory never
// import postmarket.
//
// # Errors
//
// One error model serves the whole module. A problem with one field is a
// *FieldError; every package's FieldError is an alias of the same type, so
// one [errors.As] finds it whichever package returned it. Its Pkg names the
// package, Path is a JSON path from the document or argument root in one
// syntax everywhere (`backlog.items[1].scores[2].value`, `rows["HZ 7"]`),
// Value is the offending text and Err the reason. The sentinels ErrInvalidInput,
// ErrOutOfRange and ErrTooLarge are one value re-exported by every package
// (prioritize.ErrInvalidInput == risk.ErrInvalidInput); sentinels whose meaning
// is package-specific (risk.ErrTampered, roi.ErrNoRealRoot …) stay in their
// package. Validation joins at most 100 problems and counts the rest in a
// closing "and N more problems".
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
