package postmarket

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/healthpm/healthpm/risk"
)

func monitorFixture() (MonitorSpec, MonitorData, *risk.Register) {
	at := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	reg := &risk.Register{
		Hazards: []risk.Hazard{{ID: "HZ-1", Description: "missed finding"}},
		Estimates: []risk.Estimate{
			{ID: "E-1", Situation: "HS-1", Harm: "H-1", Stage: risk.StageInitial, P1: risk.Interval{Lo: 0.001, Hi: 0.01}, P2: risk.Interval{Lo: 0.1, Hi: 0.2}, By: "qa", At: at},
		},
	}
	spec := MonitorSpec{
		Model:       ModelRef{ID: "triage-cxr", Version: "2.3.0"},
		Performance: PerformanceSpec{Interval: CIWilson, Confidence: 0.95},
		Floors:      []MetricFloor{{Metric: MetricTPR, Min: 0.85}},
		Links:       []HazardLink{{Hazard: "HZ-1", Situation: "HS-1", Harm: "H-1", Metric: MetricFNR, Scale: 0.1}},
	}
	data := MonitorData{
		Period:   "2026-11",
		Baseline: Confusion{TP: 460, FN: 40, TN: 4300, FP: 200},
		Current:  Confusion{TP: 400, FN: 100, TN: 4300, FP: 200},
	}
	return spec, data, reg
}

func TestMonitorProposesReestimate(t *testing.T) {
	spec, data, reg := monitorFixture()
	asOf := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	r, err := Monitor(spec, data, reg, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != MonitorAction || len(r.Reestimates) != 1 {
		t.Fatalf("status %s, %d re-estimates; triggers %+v", r.Status, len(r.Reestimates), r.Triggers)
	}
	re := r.Reestimates[0]
	// FNR 100/500 = 0.2, × 0.1 = 0.02 > 0.01.
	if re.Contradicted != "E-1" || !(re.FieldP1.Lo <= 0.02 && 0.02 <= re.FieldP1.Hi) || re.Estimate.Stage != risk.StagePostMarket {
		t.Errorf("re-estimate %+v", re)
	}
	// The proposal is recordable as it stands.
	if err := reg.RecordEstimate(re.Estimate, re.Reason); err != nil {
		t.Errorf("RecordEstimate: %v", err)
	}
	in, err := r.ChangeAssessmentInput("2.3.0", "2.4.0")
	if err != nil {
		t.Fatal(err)
	}
	if v := in.Q3aNewOrModifiedRisk.Value; v == nil || !*v {
		t.Errorf("q3a %+v", in.Q3aNewOrModifiedRisk)
	}
	if v := in.PCCPImplementedPerProtocol.Value; v == nil || *v {
		t.Errorf("a missed floor is not within the pccp: %+v", in.PCCPImplementedPerProtocol)
	}
	if diff := cmp.Diff([]ChangeLink{{ID: "HZ-1", Target: "hazard", Effect: "modified", Source: "post-market re-estimate " + re.Estimate.ID}}, in.Links); diff != "" {
		t.Errorf("links (-want +got):\n%s", diff)
	}
	var md bytes.Buffer
	if err := r.Markdown(&md); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"## What triggered", "performance-floor", "risk-estimate", r.DataDigest, "## Proposed risk re-estimates"} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var back MonitoringReport
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(r, back); diff != "" {
		t.Errorf("report round trip (-want +got):\n%s", diff)
	}
	again, _ := Monitor(spec, data, reg, asOf)
	if again.DataDigest != r.DataDigest {
		t.Error("digest not deterministic")
	}
}

func TestMonitorNeverOKOnThinEvidence(t *testing.T) {
	spec, data, reg := monitorFixture()
	spec.Floors = nil
	spec.Links = nil
	data.Current = data.Baseline
	eq, err := AssessEquityCounts([]GroupCounts{{Group: "a", Counts: data.Current}, {Group: "b", Counts: Confusion{TP: 3, FN: 1, TN: 20, FP: 2}}}, equitySpec())
	if err != nil {
		t.Fatal(err)
	}
	data.Equity = &eq
	r, err := Monitor(spec, data, reg, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if r.Status == MonitorOK {
		t.Errorf("a group of 26 cannot make the period ok: %+v", r.Insufficient)
	}
	in, _ := r.ChangeAssessmentInput("1", "2")
	if in.PCCPImplementedPerProtocol.Value != nil && *in.PCCPImplementedPerProtocol.Value {
		t.Errorf("thin evidence must not answer yes: %+v", in.PCCPImplementedPerProtocol)
	}
}

func TestMonitorErrors(t *testing.T) {
	spec, data, reg := monitorFixture()
	spec.Links[0].Hazard = "HZ-404"
	_, err := Monitor(spec, data, reg, time.Time{})
	if !errors.Is(err, ErrMismatch) || !errors.Is(err, ErrInvalidInput) {
		t.Errorf("unknown hazard and zero time: %v", err)
	}
	if _, err := Monitor(MonitorSpec{}, MonitorData{}, nil, time.Now()); len(unjoin(err)) < 5 {
		t.Errorf("all problems: %v", err)
	}
}

func TestMarkdownCellEscapes(t *testing.T) {
	if got := mdCell("=SUM(A1)|x\ny"); got != `'=SUM(A1)\|x y` {
		t.Errorf("mdCell = %q", got)
	}
}
