package main

import (
	"strings"
	"testing"
)

// TestRun pins the quick start's output. The IRR of -1000, 600, 600 solves
// 600/(1+r) + 600/(1+r)^2 = 1000, whose positive root is
// r = (3 + sqrt(69))/10 - 1 = 0.130662…; AP H for S8 O5 D7 is the AIAG-VDA
// 2019 table's rule for severity 7-8 with occurrence 4-5 and detection 7-10.
func TestRun(t *testing.T) {
	var b strings.Builder
	if err := run(&b); err != nil {
		t.Fatal(err)
	}
	want := `"EHR-INT" is above "AI-TRIAGE" because "AI-TRIAGE" fails its gate (patient_safety 2 vs threshold 3)
AP H IRR 0.1307
`
	if got := b.String(); got != want {
		t.Errorf("run() output:\n%s\nwant:\n%s", got, want)
	}
}
