// Package postmarket judges field data after launch: complaint and incident
// trends against a baseline, control charts and run charts, disproportionality
// screens, uptime error budgets and KPI reviews, and AI model monitoring. A
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
//     in one [ExposureUnit], region, severity code), validated as a whole.
//   - The plan: [Plan] (ID, version, signals); each [SignalSpec] names its
//     series, metric, [Baseline] (rate per exposure unit, period, source),
//     [Method], α or threshold, minimum counts, [ResetPolicy] and the risk
//     hazards it informs.
//   - KPIs: [Metric] (leading or lagging, unit, direction, owner, baseline,
//     target, cadence) and a [Series] of observations.
//
// # Outputs
//
//   - [Evaluate] gives one [Signal] per plan entry with its [Status] (none,
//     watch, signal, insufficient data), statistic, p-value or limits,
//     expected and observed counts, a sentence a quality manager can read,
//     the plan hash and the data digest.
//   - Exact tests and intervals, control charts with rule violations
//     (indices and rule), CUSUM and EWMA runs with their alarms and ARLs,
//     disproportionality measures, uptime budgets, KPI reviews and
//     before/after tests are public functions, each documented with its
//     formula and source.
//   - [ProposeReestimate] turns a signal into a proposed risk estimate that
//     the caller applies with the risk package's recorded estimate change.
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
// (Maintained with the model monitoring files: drift, performance, equity,
// representation, model cards.)
package postmarket
