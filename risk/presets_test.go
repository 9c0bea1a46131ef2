package risk

import (
	"strings"
	"testing"
)

func TestPresetsValidate(t *testing.T) {
	for _, p := range []Plan{PlanMedtech5x5(), PlanOpenRegulatory5x4(), PlanDCB0129()} {
		if err := p.Validate(); err != nil {
			t.Errorf("preset %s: %v", p.ID, err)
		}
	}
}

// TestDCB0129Levels checks the preset matrix against the risk-level lists of
// the DCB0129 hazard template, as written in risk.md §5.6.
func TestDCB0129Levels(t *testing.T) {
	lists := map[string]string{
		"1": "L1S1, L1S2, L2S1",
		"2": "L1S3, L1S4, L2S2, L2S3, L3S1, L3S2, L4S1",
		"3": "L1S5, L2S4, L3S3, L3S4, L4S2, L4S3, L5S1",
		"4": "L2S5, L3S5, L4S4, L5S2, L5S3",
		"5": "L4S5, L5S4, L5S5",
	}
	p := PlanDCB0129()
	n := 0
	for level, cells := range lists {
		for _, c := range strings.Split(cells, ", ") {
			l, s := int(c[1]-'0'), int(c[3]-'0')
			if got := p.Matrix[s-1][l-1]; got != level {
				t.Errorf("%s: matrix gives %s, want %s", c, got, level)
			}
			n++
		}
	}
	if n != 25 {
		t.Fatalf("transcription covers %d cells, want 25", n)
	}
}

// TestOpenRegulatoryAcceptability checks the stated rule: S1 always
// acceptable, S2 at P1–P3, S3 at P1–P2, S4 only at P1.
func TestOpenRegulatoryAcceptability(t *testing.T) {
	p := PlanOpenRegulatory5x4()
	maxP := map[int]int{1: 5, 2: 3, 3: 2, 4: 1}
	for s := 1; s <= 4; s++ {
		for l := 1; l <= 5; l++ {
			want := "unacceptable"
			if l <= maxP[s] {
				want = "acceptable"
			}
			if got := p.Matrix[s-1][l-1]; got != want {
				t.Errorf("S%d P%d = %s, want %s", s, l, got, want)
			}
		}
	}
}
