package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/healthpm/healthpm/regulatory"
)

// deviceSummary is what the brief states per product. The wanted values are
// worked out by hand from the rules: AI-TRIAGE informs decisions whose error
// may cause serious deterioration (MDR Rule 11(a) → IIb), critical situation ×
// drive clinical management (N12 §7.2 → III, criterion III.ii), a specific,
// time-critical output for an HCP (fails CDS criterion 3 in 2022; 3 and 4 in
// 2026), death or serious injury possible (IEC 62304 → C). RPM monitors
// non-dangerous vital parameters at home (Rule 11(b) → IIa; serious × inform
// → I.ii; vital-sign trending under enforcement discretion; non-serious
// injury → B). The other three are not devices.
type deviceSummary struct {
	EUClass, Subrule   string
	Device             bool
	Step               int
	IMDRF              string
	FDA                string
	Failed22, Failed26 []int
	IEC                string
}

func summarize(r deviceRow) deviceSummary {
	s := deviceSummary{Subrule: r.eu.Subrule, Step: r.eu.DecisionStep, IMDRF: r.imdrf.Criterion, FDA: r.fda.DeviceStatus,
		Failed22: r.fda.FailedCriteria2022, Failed26: r.fda.FailedCriteria2026, IEC: r.iec.SafetyClass.String()}
	if r.eu.Class != regulatory.ClassNone {
		s.EUClass = r.eu.Class.String()
	}
	s.Device = r.eu.MedicalDevice == nil || *r.eu.MedicalDevice
	return s
}

func TestClassifyPortfolio(t *testing.T) {
	want := map[string]deviceSummary{
		"AI-TRIAGE":   {EUClass: "IIb", Subrule: "11(a)", Device: true, Step: 5, IMDRF: "III.ii", FDA: "device", Failed22: []int{3}, Failed26: []int{3, 4}, IEC: "C"},
		"RPM":         {EUClass: "IIa", Subrule: "11(b)", Device: true, Step: 5, IMDRF: "I.ii", FDA: "enforcement_discretion", IEC: "B"},
		"EHR-INT":     {Device: false, Step: 3, FDA: "not_a_device", IEC: "A"},
		"PORTAL":      {Device: false, Step: 5, FDA: "not_a_device", IEC: "A"},
		"INV-REORDER": {Device: false, Step: 5, FDA: "not_a_device", IEC: "A"},
	}
	rows, err := classifyPortfolio(defaultP(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(want) {
		t.Fatalf("classified %d products, want %d", len(rows), len(want))
	}
	for _, r := range rows {
		if diff := cmp.Diff(want[r.id], summarize(r)); diff != "" {
			t.Errorf("%s mismatch (-want +got):\n%s", r.id, diff)
		}
	}
}

func TestWriteDevices(t *testing.T) {
	var b bytes.Buffer
	if err := writeDevices(&b, defaultP(t)); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for i, line := range strings.Split(out, "\n") {
		if n := len([]rune(line)); n > 100 {
			t.Errorf("line %d is %d columns wide (max 100): %q", i+1, n, line)
		}
	}
	wantInOrder := []string{
		"AI-TRIAGE  AI triage software",
		"EU MDR     class IIb by Rule 11 11(a)",
		"IMDRF N12  category III (criterion III.ii); UK proposed mapping: IIb",
		"FDA        device (CDS criteria failed: 2022 [3], 2026 [3 4])",
		"IEC 62304  software safety class C",
		"RPM  Remote patient monitoring",
		"EU MDR     class IIa by Rule 11 11(b)",
		"FDA        enforcement discretion",
		"EHR-INT  EHR integration",
		"not a medical device (MDCG 2019-11 step 3:",
		"PORTAL  Patient portal",
		"not a medical device (MDCG 2019-11 step 5: medical_purpose=false)",
		"INV-REORDER  Inventory reordering",
		"not a medical device (MDCG 2019-11 step 5: medical_purpose=false)",
	}
	rest := out
	for _, w := range wantInOrder {
		i := strings.Index(rest, w)
		if i < 0 {
			t.Fatalf("output lacks %q (in order); output:\n%s", w, out)
		}
		rest = rest[i+len(w):]
	}
}

func TestWriteWrapped(t *testing.T) {
	var b bytes.Buffer
	writeWrapped(&b, "  key ", strings.Repeat("word ", 40))
	lines := strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
	if len(lines) < 2 {
		t.Fatalf("expected wrapping, got %q", b.String())
	}
	for _, l := range lines {
		if len(l) > 100 {
			t.Errorf("line longer than 100: %q", l)
		}
		if !strings.HasPrefix(l, "  ") {
			t.Errorf("line lost its indent: %q", l)
		}
	}
}
