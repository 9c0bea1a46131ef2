// Package postmarket judges field data after launch: complaint and incident
// trends against a baseline, control charts and run charts, disproportionality
// screens, uptime error budgets, and AI model monitoring. A
// signal on a metric linked to hazards becomes a proposed re-estimate that the
// caller records in the risk register, so the field closes the loop into
// [github.com/healthpm/healthpm/risk].
//
// No regulator fixes what "statistically significant" means for trend
// reporting: EU MDR Art. 88 leaves the baseline, the method, the threshold
// and the observation period to the manufacturer's post-market surveillance
// plan. So every method, α, threshold, minimum count and reset policy here is
// a declared parameter of a versioned [Plan], never a hidden default, and
// every decision records the plan's content hash and a digest of the data it
// read. Statistics are exact where exact methods exist: tail probabilities
// come from the regularized incomplete gamma and beta functions, intervals
// are Clopper–Pearson, Garwood or Wilson, and the published tables (R, qcc,
// Montgomery, Lucas & Saccucci, Evans 2001, Anhøj & Olesen 2014) are the
// package's test vectors.
//
// # Inputs
//
//   - Field data: a [Series] of [Period] values (start, end, count, exposure
//     in the series' one exposure unit such as "device-days", region,
//     severity code), validated as a whole.
//   - The plan: [Plan] (ID, version, signals); each [SignalSpec] names its
//     series, metric, [Baseline] (rate per exposure unit, period, source),
//     [Method], α or threshold, minimum counts, [ResetPolicy] and the risk
//     hazards it informs.
//   - KPI reviews (a Metric with baseline, target and cadence) are not built
//     yet; their before/after tests ([FisherExact], [NewcombeDiff],
//     [RateRatioTest]) are.
//
// # Outputs
//
//   - [Evaluate] gives one [Signal] per plan entry with its [Status] (none,
//     watch, signal, insufficient data), statistic, p-value or limits,
//     expected and observed counts, a sentence a quality manager can read,
//     the plan hash and the data digest.
//   - Exact tests and intervals, control charts with rule violations
//     (indices and rule), CUSUM and EWMA runs with their alarms and ARLs,
//     disproportionality measures, uptime budgets and before/after tests are
//     public functions, each documented with its formula and source.
//   - [ProposeReestimates] turns a signal into proposed risk estimates that
//     the caller applies with [github.com/healthpm/healthpm/risk.Register.RecordEstimate],
//     so they enter the register's hash-chained history.
//
// # Errors
//
// Every error wraps one of the sentinels [ErrInvalidInput], [ErrOutOfRange],
// [ErrTooLarge], [ErrInsufficientData] or [ErrMismatch]; field problems are
// [*FieldError] values whose path runs from the document root
// (`periods[3].count`, `signals[1].baseline.rate`), and validation reports
// every problem at once with [errors.Join], in field order. No function
// panics on any input. Too little data for a plan entry is not an error of
// [Evaluate]: it is the status [StatusInsufficientData], never "no signal".
//
// # Invariants
//
//   - Deterministic: the same plan, data and asOf give byte-identical
//     results; no wall clock, no global random state, no map-order leaks.
//   - Inputs are never modified and results never alias them; every
//     exported function is safe for concurrent use.
//   - p-values lie in [0, 1]; one-sided upper p-values never increase when
//     the observed count rises; intervals nest as the confidence rises;
//     control limits always contain the centre line.
//   - Every result records the method, its parameters, the plan hash and
//     the data digest it used.
//
// # AI model monitoring
//
// [Drift] compares a reference and a current sample with PSI (binning by
// reference quantiles or fixed edges, the epsilon for empty bins and the log
// base stated in the result), the two-sample Kolmogorov–Smirnov test (exact
// p-value conditional on ties for small samples), the Jensen–Shannon
// distance (base stated) or Wasserstein-1. Each reports a critical value
// that depends on the sample sizes (for PSI (1/n + 1/m)·χ²(B−1, 1−α)) beside
// any fixed threshold, and names which one decided; a sample too small to
// ever reject is insufficient, never "no drift".
//
// [EvaluatePerformance] gives sensitivity, specificity, PPV and NPV (also at
// a stated prevalence), accuracy and prevalence with Wilson or
// Clopper–Pearson intervals; [CompareMetric] uses the Newcombe hybrid score
// interval between periods; [RequiredN] sizes a sample for a half-width;
// [Calibration] groups by risk decile; [PerformanceCUSUM] watches batch error
// rates with an explicit restart rule.
//
// [AssessEquity] reports per subgroup TPR, FPR, PPV, selection rate and
// calibration with intervals, each group sufficient or insufficient against a
// declared precision; disparities as differences and ratios between groups
// and to overall; demographic parity, equal opportunity and equalized odds;
// Holm or Benjamini–Hochberg over the comparisons ([AdjustPValues]). The
// result is "no disparity" only when every compared group is sufficient.
// [FourFifths] applies the four-fifths rule in exact integer arithmetic.
// [AuditRepresentation] compares subgroup shares in training or validation
// data with the intended population the caller gives.
//
// [Monitor] runs a monitoring spec against data and the risk register and
// returns a report (Markdown and JSON) with the data digest and method of
// every number, what triggered, proposed re-estimates for linked hazards and
// the answers a regulatory change assessment needs (unknown, never "no", on
// thin data).
package postmarket
