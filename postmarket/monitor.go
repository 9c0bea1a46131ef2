package postmarket

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/healthpm/healthpm/internal/enumtext"
	"github.com/healthpm/healthpm/risk"
)

// ModelSchemaVersion identifies the JSON form of a [MonitoringReport].
const ModelSchemaVersion = "healthpm.postmarket.model-monitoring/v1"

// ModelMethodVersion versions the methods behind every number of a
// [MonitoringReport] (binning, critical values, intervals, tests); it
// changes whenever a method changes a number.
const ModelMethodVersion = "postmarket-model-methods/1"

// MaxLinks caps the hazard links and the acceptance floors of a
// [MonitorSpec], and the drift results of [MonitorData]: 1,000 each.
const MaxLinks = 1000

// ModelRef identifies the monitored model and the version in use.
type ModelRef struct {
	ID      string `json:"id"`
	Version string `json:"version"`
}

// HazardLink ties a model metric to a risk estimate: the field rate of
// Metric, times Scale, bounds the probability P1 that the hazardous
// situation occurs (for example a missed finding: Metric fnr, Scale the
// share of misses that reach the patient unchecked).
type HazardLink struct {
	Hazard    string     `json:"hazard"`
	Situation string     `json:"situation"`
	Harm      string     `json:"harm"`
	Metric    RateMetric `json:"metric"`
	// Scale is in (0, 1].
	Scale float64 `json:"scale"`
}

// MetricFloor is an acceptance criterion: the lower confidence limit of
// Metric must be at least Min (for example a PCCP's "sensitivity ≥ 0.90").
// For the error rates fpr and fnr it is a ceiling on the upper limit
// instead (Min is then the largest acceptable value).
type MetricFloor struct {
	Metric RateMetric `json:"metric"`
	Min    float64    `json:"min"`
}

// MonitorSpec declares how a model is monitored: its identity, how
// performance is reported, the acceptance floors and the hazard links.
type MonitorSpec struct {
	Model       ModelRef        `json:"model"`
	Performance PerformanceSpec `json:"performance"`
	Floors      []MetricFloor   `json:"floors"`
	Links       []HazardLink    `json:"links"`
}

// Validate reports every problem with the spec.
//
// Validate returns an error if the model ID or version is empty or longer
// than 200 bytes, a floor or link metric is unspecified, a link names no
// hazard, situation or harm (wrap [ErrInvalidInput]); a floor is outside
// [0, 1] or a scale outside (0, 1] (wrap [ErrOutOfRange]); there are more
// than [MaxLinks] floors or links (wraps [ErrTooLarge]); plus the problems
// of [PerformanceSpec.Validate].
func (s MonitorSpec) Validate() error {
	var errs []error
	text := func(path, v string) {
		if strings.TrimSpace(v) == "" || len(v) > maxNameLen {
			errs = append(errs, fieldErr(path, truncName(v), fmt.Errorf("%w: want 1..%d bytes", ErrInvalidInput, maxNameLen)))
		}
	}
	text("model.id", s.Model.ID)
	text("model.version", s.Model.Version)
	errs = append(errs, s.Performance.Validate("performance."))
	metric := func(path string, m RateMetric) {
		if m == MetricUnspecified || m > MetricSelection {
			errs = append(errs, fieldErr(path, m.String(), fmt.Errorf("%w: unspecified metric", ErrInvalidInput)))
		}
	}
	if len(s.Floors) > MaxLinks {
		errs = append(errs, fieldErr("floors", strconv.Itoa(len(s.Floors)), fmt.Errorf("%w: more than %d floors", ErrTooLarge, MaxLinks)))
	} else {
		for i, f := range s.Floors {
			p := fmt.Sprintf("floors[%d].", i)
			metric(p+"metric", f.Metric)
			if !(f.Min >= 0 && f.Min <= 1) {
				errs = append(errs, fieldErr(p+"min", gfmt(f.Min), fmt.Errorf("%w: want a rate in [0, 1]", ErrOutOfRange)))
			}
		}
	}
	if len(s.Links) > MaxLinks {
		errs = append(errs, fieldErr("links", strconv.Itoa(len(s.Links)), fmt.Errorf("%w: more than %d links", ErrTooLarge, MaxLinks)))
	} else {
		for i, l := range s.Links {
			p := fmt.Sprintf("links[%d].", i)
			text(p+"hazard", l.Hazard)
			text(p+"situation", l.Situation)
			text(p+"harm", l.Harm)
			metric(p+"metric", l.Metric)
			if !(l.Scale > 0 && l.Scale <= 1) {
				errs = append(errs, fieldErr(p+"scale", gfmt(l.Scale), fmt.Errorf("%w: want a scale in (0, 1]", ErrOutOfRange)))
			}
		}
	}
	return errors.Join(errs...)
}

// MonitorData is one monitoring period's evidence: the baseline and current
// confusion matrices and the drift, equity and representation results the
// caller computed with this package.
type MonitorData struct {
	// Period labels the monitoring period (for example "2026-11").
	Period string `json:"period"`
	// Baseline is the reference performance (validation set or the
	// previous period); Current the period's labelled predictions.
	Baseline Confusion `json:"baseline"`
	Current  Confusion `json:"current"`
	// Drift, Equity and Representation are optional results.
	Drift          []DriftResult         `json:"drift"`
	Equity         *EquityResult         `json:"equity"`
	Representation *RepresentationResult `json:"representation"`
}

// Validate reports every problem with the data.
//
// Validate returns an error if the period label is empty or longer than 200
// bytes (wraps [ErrInvalidInput]), a confusion matrix fails
// [Confusion.Validate], or there are more than [MaxLinks] drift results
// (wraps [ErrTooLarge]).
func (d MonitorData) Validate() error {
	var errs []error
	if strings.TrimSpace(d.Period) == "" || len(d.Period) > maxNameLen {
		errs = append(errs, fieldErr("period", truncName(d.Period), fmt.Errorf("%w: want 1..%d bytes", ErrInvalidInput, maxNameLen)))
	}
	errs = append(errs, d.Baseline.Validate("baseline."), d.Current.Validate("current."))
	if len(d.Drift) > MaxLinks {
		errs = append(errs, fieldErr("drift", strconv.Itoa(len(d.Drift)), fmt.Errorf("%w: more than %d drift results", ErrTooLarge, MaxLinks)))
	}
	return errors.Join(errs...)
}

// MonitorStatus is the overall verdict of a monitoring period.
type MonitorStatus uint8

// Monitor statuses. Text forms: "action", "insufficient", "ok".
const (
	MonitorUnspecified MonitorStatus = iota // no text form
	// MonitorAction: at least one trigger fired (drift, performance below
	// a floor or worse than baseline, disparity, under-representation, or a
	// field rate that contradicts a risk estimate).
	MonitorAction
	// MonitorInsufficient: nothing fired, but some evidence is too thin to
	// say all is well.
	MonitorInsufficient
	// MonitorOK: nothing fired and all evidence was sufficient.
	MonitorOK
)

var monitorStatusCodec = enumtext.New[MonitorStatus]("postmarket", "MonitorStatus", ErrInvalidInput, "", "action", "insufficient", "ok")

// String returns the text form of s.
func (s MonitorStatus) String() string { return monitorStatusCodec.String(s) }

// MarshalText returns the text form of s; the unspecified value is an error.
func (s MonitorStatus) MarshalText() ([]byte, error) { return monitorStatusCodec.Marshal(s) }

// AppendText appends the text form of s to b.
func (s MonitorStatus) AppendText(b []byte) ([]byte, error) { return monitorStatusCodec.Append(b, s) }

// UnmarshalText parses a status; unknown text is an error listing the valid
// names.
func (s *MonitorStatus) UnmarshalText(b []byte) error { return monitorStatusCodec.Unmarshal(s, b) }

// ModelTrigger is one reason for action (or for insufficiency) in a report.
type ModelTrigger struct {
	// Kind is "drift", "performance-floor", "performance-change",
	// "equity", "representation", "risk-estimate" or "insufficient".
	Kind string `json:"kind"`
	// Subject names what fired: a feature, a metric, a group, a dataset or
	// an estimate.
	Subject string `json:"subject"`
	Detail  string `json:"detail"`
}

// FloorCheck is one acceptance floor checked against the current period.
type FloorCheck struct {
	Floor MetricFloor  `json:"floor"`
	Rate  RateEstimate `json:"rate"`
	// Met reports whether the confidence limit clears the floor; Bound is
	// the limit used (lower for good rates, upper for fpr and fnr).
	Met   bool    `json:"met"`
	Bound float64 `json:"bound"`
}

// MetricChange is a metric's change from baseline to current.
type MetricChange struct {
	Metric RateMetric `json:"metric"`
	// Change is current − baseline with its Newcombe interval, or null when
	// a period has no denominator.
	Change *DiffCI `json:"change"`
	// Direction is "worse", "better" or "no-change" (the interval contains
	// 0), or "undefined".
	Direction string `json:"direction"`
}

// ModelReestimate is a proposed risk re-estimate: the field rate of a linked
// metric cannot confirm the register's current P1 (its upper confidence
// limit, times the link's scale, is above the estimate's upper P1). The
// caller reviews it and records Estimate with
// [risk.Register.RecordEstimate](Estimate, Reason), so it enters the
// hash-chained history.
type ModelReestimate struct {
	Link HazardLink `json:"link"`
	// Contradicted is the ID of the current estimate and CurrentP1 its P1.
	Contradicted string        `json:"contradicted"`
	CurrentP1    risk.Interval `json:"current_p1"`
	// FieldP1 is the field interval: the metric's interval times Scale.
	FieldP1 risk.Interval `json:"field_p1"`
	// Estimate is the proposed post-market estimate: P1 = FieldP1, P2,
	// severity and controls carried over, not final.
	Estimate risk.Estimate `json:"estimate"`
	Reason   string        `json:"reason"`
}

// ChangeAnswer is a tri-state answer with its rationale; its JSON form is
// that of the regulatory package's change answers ({"value": true, false or
// null, "rationale": "…"}), so the caller can pass it on unchanged. A null
// Value means unknown, never no.
type ChangeAnswer struct {
	Value     *bool  `json:"value"`
	Rationale string `json:"rationale"`
}

// ChangeLink is a register link for the change assessment, in the
// regulatory package's JSON form (target "hazard", effect "modified").
type ChangeLink struct {
	ID     string `json:"id"`
	Target string `json:"target"`
	Effect string `json:"effect"`
	Source string `json:"source"`
}

// ChangeInput is the part of a regulatory change assessment (FDA 2017
// software-change flow with the PCCP check) that monitoring data can
// answer, for a retrained or otherwise changed model. Its answers use the
// regulatory package's JSON names; the caller copies them into its change
// record. postmarket never imports regulatory.
type ChangeInput struct {
	Model       string `json:"model"`
	FromVersion string `json:"from_version"`
	ToVersion   string `json:"to_version"`
	// PCCPImplementedPerProtocol: do the monitoring results meet the
	// acceptance floors (every floor met on its confidence limit, equity
	// not in disparity and sufficient, no drift)? Unknown when the
	// evidence is insufficient.
	PCCPImplementedPerProtocol ChangeAnswer `json:"pccp_implemented_per_protocol"`
	// Q3aNewOrModifiedRisk is yes when a re-estimate was proposed (the
	// field contradicts a risk estimate), else unknown: the absence of a
	// contradiction in monitoring data does not show that a change adds no
	// risk.
	Q3aNewOrModifiedRisk ChangeAnswer `json:"fda_q3a_new_or_modified_risk"`
	// Q4ClinicalPerformance is yes when a metric changed significantly
	// (its Newcombe interval excludes 0) or a floor is missed, else
	// unknown.
	Q4ClinicalPerformance ChangeAnswer `json:"fda_q4_clinical_performance"`
	// Links are the hazards whose estimates the field contradicts.
	Links []ChangeLink `json:"links"`
}

// MonitoringReport is one monitoring period of one model: every number with
// its method, the groups and their sufficiency, what triggered, the proposed
// re-estimates and the change-assessment input. It marshals to JSON and to
// Markdown ([MonitoringReport.Markdown]).
type MonitoringReport struct {
	Schema        string    `json:"schema"`
	MethodVersion string    `json:"method_version"`
	Model         ModelRef  `json:"model"`
	Period        string    `json:"period"`
	AsOf          time.Time `json:"as_of"`
	// SpecDigest and DataDigest are "sha256:" + the hex SHA-256 of the
	// JSON form of the spec and the data.
	SpecDigest string      `json:"spec_digest"`
	DataDigest string      `json:"data_digest"`
	Spec       MonitorSpec `json:"spec"`
	// Baseline and Current are the performance of each period.
	Baseline Performance    `json:"baseline"`
	Current  Performance    `json:"current"`
	Changes  []MetricChange `json:"changes"`
	Floors   []FloorCheck   `json:"floors"`
	// Drift, Equity and Representation repeat the data's results.
	Drift          []DriftResult         `json:"drift"`
	Equity         *EquityResult         `json:"equity"`
	Representation *RepresentationResult `json:"representation"`
	Triggers       []ModelTrigger        `json:"triggers"`
	Insufficient   []ModelTrigger        `json:"insufficient"`
	Reestimates    []ModelReestimate     `json:"reestimates"`
	Status         MonitorStatus         `json:"status"`
}

// higherIsBetter reports whether a larger value of m is better.
func higherIsBetter(m RateMetric) bool { return m != MetricFPR && m != MetricFNR }

// Monitor assembles a monitoring report: performance of both periods, the
// change of every rate with its Newcombe interval, the acceptance floors,
// the drift, equity and representation verdicts, and, for every hazard
// link, a proposed re-estimate where the field rate's upper confidence limit
// times the link's scale is above the upper P1 of the register's latest
// estimate for the link's situation and harm. reg is read, never changed.
// Cost O(links × estimates + drift results).
//
// Monitor returns an error if spec or data fails its Validate, reg is nil
// (wraps [ErrInvalidInput]), asOf is zero (wraps [ErrInvalidInput]), or a
// link names a hazard the register does not have (wraps [ErrMismatch]).
func Monitor(spec MonitorSpec, data MonitorData, reg *risk.Register, asOf time.Time) (MonitoringReport, error) {
	errs := []error{spec.Validate(), data.Validate()}
	if reg == nil {
		errs = append(errs, fieldErr("register", "", fmt.Errorf("%w: no risk register", ErrInvalidInput)))
	}
	if asOf.IsZero() {
		errs = append(errs, fieldErr("as_of", "", fmt.Errorf("%w: zero time", ErrInvalidInput)))
	}
	if reg != nil {
		for i, l := range spec.Links {
			if !slices.ContainsFunc(reg.Hazards, func(h risk.Hazard) bool { return h.ID == l.Hazard }) {
				errs = append(errs, fieldErr(fmt.Sprintf("links[%d].hazard", i), truncName(l.Hazard), fmt.Errorf("%w: hazard not in the register", ErrMismatch)))
			}
		}
	}
	if err := errors.Join(errs...); err != nil {
		return MonitoringReport{}, err
	}
	specJSON, err1 := json.Marshal(spec)
	dataJSON, err2 := json.Marshal(data)
	if err := errors.Join(err1, err2); err != nil {
		return MonitoringReport{}, fmt.Errorf("postmarket: encoding the monitoring input: %v: %w", err, ErrInvalidInput)
	}
	r := MonitoringReport{
		Schema: ModelSchemaVersion, MethodVersion: ModelMethodVersion,
		Model: spec.Model, Period: data.Period, AsOf: asOf,
		SpecDigest: modelDigest(specJSON), DataDigest: modelDigest(dataJSON),
		Triggers: []ModelTrigger{}, Insufficient: []ModelTrigger{}, Reestimates: []ModelReestimate{},
		Changes: []MetricChange{}, Floors: []FloorCheck{},
	}
	// Copies, so the report never aliases the inputs.
	_ = json.Unmarshal(specJSON, &r.Spec)
	var dcopy MonitorData
	_ = json.Unmarshal(dataJSON, &dcopy)
	r.Drift, r.Equity, r.Representation = dcopy.Drift, dcopy.Equity, dcopy.Representation
	if r.Drift == nil {
		r.Drift = []DriftResult{}
	}
	r.Baseline, _ = EvaluatePerformance(data.Baseline, spec.Performance)
	r.Current, _ = EvaluatePerformance(data.Current, spec.Performance)
	fire := func(kind, subject, detail string) {
		r.Triggers = append(r.Triggers, ModelTrigger{kind, subject, detail})
	}
	thin := func(kind, subject, detail string) {
		r.Insufficient = append(r.Insufficient, ModelTrigger{kind, subject, detail})
	}
	for _, m := range []RateMetric{MetricTPR, MetricTNR, MetricPPV, MetricNPV, MetricAccuracy} {
		mc := MetricChange{Metric: m, Direction: "undefined"}
		xa, na := data.Current.Fraction(m)
		xb, nb := data.Baseline.Fraction(m)
		if na > 0 && nb > 0 {
			d := newcombeHybrid(xa, na, xb, nb, spec.Performance.Confidence)
			mc.Change = &d
			switch {
			case d.Lo > 0 == higherIsBetter(m) && (d.Lo > 0 || d.Hi < 0):
				mc.Direction = "better"
			case d.Lo > 0 || d.Hi < 0:
				mc.Direction = "worse"
				fire("performance-change", m.String(), fmt.Sprintf("%s changed by %s (newcombe %s%% CI %s to %s) from baseline", m, sig4(d.Difference), pctText(spec.Performance.Confidence), sig4(d.Lo), sig4(d.Hi)))
			default:
				mc.Direction = "no-change"
			}
		} else {
			thin("performance-change", m.String(), fmt.Sprintf("%s has no denominator in the baseline or current period", m))
		}
		r.Changes = append(r.Changes, mc)
	}
	for _, f := range spec.Floors {
		x, n := data.Current.Fraction(f.Metric)
		fc := FloorCheck{Floor: f, Rate: rateEst(x, n, spec.Performance.Interval, spec.Performance.Confidence)}
		switch {
		case !fc.Rate.Defined:
			thin("performance-floor", f.Metric.String(), fmt.Sprintf("%s undefined: no cases in its denominator", f.Metric))
		case higherIsBetter(f.Metric):
			fc.Bound, fc.Met = fc.Rate.Lo, fc.Rate.Lo >= f.Min
		default:
			fc.Bound, fc.Met = fc.Rate.Hi, fc.Rate.Hi <= f.Min
		}
		if fc.Rate.Defined && !fc.Met {
			side := "lower"
			if !higherIsBetter(f.Metric) {
				side = "upper"
			}
			fire("performance-floor", f.Metric.String(), fmt.Sprintf("%s %s: %s confidence limit %s misses the floor %s", f.Metric, sig4(fc.Rate.Value), side, sig4(fc.Bound), gfmt(f.Min)))
		}
		r.Floors = append(r.Floors, fc)
	}
	for _, d := range r.Drift {
		switch d.Status {
		case Drifted:
			fire("drift", d.Feature, d.Sentence)
		case DriftInsufficient:
			thin("drift", d.Feature, d.Sentence)
		}
	}
	if e := r.Equity; e != nil {
		for _, d := range e.Disparities {
			switch d.Status {
			case Disparity:
				fire("equity", d.Metric.String(), fmt.Sprintf("%s differs in %s after %s", d.Metric, strings.Join(d.Differing, ", "), e.Spec.Correction))
			case EquityInsufficient:
				thin("equity", d.Metric.String(), fmt.Sprintf("%s: too few cases for the requested precision in %s", d.Metric, strings.Join(d.Insufficient, ", ")))
			}
		}
		if len(e.FourFifths.Flagged) > 0 {
			fire("equity", "four-fifths", "four-fifths rule flags "+strings.Join(e.FourFifths.Flagged, ", "))
		}
	}
	if rep := r.Representation; rep != nil {
		for _, d := range rep.Datasets {
			if len(d.UnderRepresented) > 0 {
				fire("representation", d.Name, "under-represented: "+strings.Join(d.UnderRepresented, ", "))
			}
			if len(d.Uncertain) > 0 {
				thin("representation", d.Name, "uncertain: "+strings.Join(d.Uncertain, ", "))
			}
		}
	}
	for _, l := range spec.Links {
		re, ok, note := proposeModelReestimate(l, data.Current, spec.Performance, reg, r.DataDigest, data.Period, asOf)
		switch {
		case ok:
			r.Reestimates = append(r.Reestimates, re)
			fire("risk-estimate", re.Contradicted, re.Reason)
		case note != "":
			thin("risk-estimate", l.Situation+"/"+l.Harm, note)
		}
	}
	switch {
	case len(r.Triggers) > 0:
		r.Status = MonitorAction
	case len(r.Insufficient) > 0:
		r.Status = MonitorInsufficient
	default:
		r.Status = MonitorOK
	}
	return r, nil
}

func modelDigest(b []byte) string {
	s := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(s[:])
}

func pctText(conf float64) string { return strconv.FormatFloat(100*conf, 'g', -1, 64) }

// reestimate builds the proposal for one link, or says why there is none
// ("" when the field confirms the estimate).
func proposeModelReestimate(l HazardLink, cur Confusion, ps PerformanceSpec, reg *risk.Register, dataDigest, period string, asOf time.Time) (ModelReestimate, bool, string) {
	x, n := cur.Fraction(l.Metric)
	if n == 0 {
		return ModelReestimate{}, false, fmt.Sprintf("%s undefined in the current period: no field evidence for the estimate", l.Metric)
	}
	var latest *risk.Estimate
	for i := range reg.Estimates {
		e := &reg.Estimates[i]
		if e.Situation != l.Situation || e.Harm != l.Harm {
			continue
		}
		if latest == nil || e.At.After(latest.At) || (e.At.Equal(latest.At) && e.ID > latest.ID) {
			latest = e
		}
	}
	if latest == nil {
		return ModelReestimate{}, false, "the register has no estimate for this situation and harm"
	}
	rt := rateEst(x, n, ps.Interval, ps.Confidence)
	field := risk.Interval{Lo: rt.Lo * l.Scale, Hi: rt.Hi * l.Scale}
	if !(field.Hi > latest.P1.Hi) {
		return ModelReestimate{}, false, ""
	}
	reason := fmt.Sprintf("field %s %d/%d (%s %s%% CI %s to %s) × scale %s gives P1 %s to %s, above the estimate's upper P1 %s; model monitoring period %s, data %s, methods %s",
		l.Metric, x, n, ps.Interval, pctText(ps.Confidence), sig4(rt.Lo), sig4(rt.Hi), gfmt(l.Scale), sig4(field.Lo), sig4(field.Hi), sig4(latest.P1.Hi), period, dataDigest, ModelMethodVersion)
	id := latest.ID + ":pm:" + strings.TrimPrefix(dataDigest, "sha256:")[:12]
	if len(id) > 128 {
		id = id[len(id)-128:]
	}
	est := risk.Estimate{
		ID: id, Situation: l.Situation, Harm: l.Harm, Stage: risk.StagePostMarket,
		P1: field, P2: latest.P2, Severity: latest.Severity, Controls: slices.Clone(latest.Controls),
		Rationale: reason, By: "healthpm/postmarket model monitoring", At: asOf,
	}
	return ModelReestimate{Link: l, Contradicted: latest.ID, CurrentP1: latest.P1, FieldP1: field, Estimate: est, Reason: reason}, true, ""
}

// ChangeAssessmentInput answers, from a monitoring report of the changed
// model (version toVersion, replacing fromVersion), the change-assessment
// questions monitoring data can answer; see [ChangeInput]. It never answers
// no where the data cannot show it: thin evidence gives unknown.
//
// ChangeAssessmentInput returns an error if a version is empty or longer
// than 200 bytes (wraps [ErrInvalidInput]).
func (r MonitoringReport) ChangeAssessmentInput(fromVersion, toVersion string) (ChangeInput, error) {
	var errs []error
	for _, v := range []struct{ path, s string }{{"from_version", fromVersion}, {"to_version", toVersion}} {
		if strings.TrimSpace(v.s) == "" || len(v.s) > maxNameLen {
			errs = append(errs, fieldErr(v.path, truncName(v.s), fmt.Errorf("%w: want 1..%d bytes", ErrInvalidInput, maxNameLen)))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return ChangeInput{}, err
	}
	yes := func(why string) ChangeAnswer { t := true; return ChangeAnswer{Value: &t, Rationale: why} }
	no := func(why string) ChangeAnswer { f := false; return ChangeAnswer{Value: &f, Rationale: why} }
	unknown := func(why string) ChangeAnswer { return ChangeAnswer{Rationale: why} }
	in := ChangeInput{Model: r.Model.ID, FromVersion: fromVersion, ToVersion: toVersion, Links: []ChangeLink{}}
	src := fmt.Sprintf("model monitoring %s period %s (%s)", r.Model.ID, r.Period, r.DataDigest)

	var missed, why []string
	for _, f := range r.Floors {
		if f.Rate.Defined && !f.Met {
			missed = append(missed, f.Floor.Metric.String())
		}
	}
	for _, t := range r.Triggers {
		if t.Kind == "drift" || t.Kind == "equity" || t.Kind == "performance-floor" {
			why = append(why, t.Kind+" "+t.Subject)
		}
	}
	switch {
	case len(why) > 0:
		in.PCCPImplementedPerProtocol = no("acceptance not met: " + strings.Join(why, "; ") + "; " + src)
	case len(r.Insufficient) > 0 || len(r.Floors) == 0:
		in.PCCPImplementedPerProtocol = unknown("evidence insufficient or no acceptance floors declared: " + strings.Join(triggerNames(r.Insufficient), "; ") + "; " + src)
	default:
		in.PCCPImplementedPerProtocol = yes("every acceptance floor met on its confidence limit, no drift, no disparity, all groups sufficient; " + src)
	}
	if len(r.Reestimates) > 0 {
		var ids []string
		for _, re := range r.Reestimates {
			ids = append(ids, re.Contradicted)
			in.Links = append(in.Links, ChangeLink{ID: re.Link.Hazard, Target: "hazard", Effect: "modified", Source: "post-market re-estimate " + re.Estimate.ID})
		}
		in.Q3aNewOrModifiedRisk = yes("field data contradicts risk estimates " + strings.Join(ids, ", ") + "; " + src)
	} else {
		in.Q3aNewOrModifiedRisk = unknown("monitoring found no contradicted risk estimate; that alone does not show the change adds no risk; " + src)
	}
	var worse []string
	for _, c := range r.Changes {
		if c.Direction == "worse" || c.Direction == "better" {
			worse = append(worse, c.Metric.String()+" "+c.Direction)
		}
	}
	switch {
	case len(worse) > 0 || len(missed) > 0:
		in.Q4ClinicalPerformance = yes("performance changed significantly (" + strings.Join(append(worse, missed...), ", ") + "); " + src)
	default:
		in.Q4ClinicalPerformance = unknown("no significant change detected at the stated confidence; not a demonstration of equivalence; " + src)
	}
	slices.SortFunc(in.Links, func(a, b ChangeLink) int { return cmp.Or(cmp.Compare(a.ID, b.ID), cmp.Compare(a.Source, b.Source)) })
	return in, nil
}

func triggerNames(ts []ModelTrigger) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Kind + " " + t.Subject
	}
	return out
}
