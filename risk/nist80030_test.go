package risk

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The grids below are a second transcription of NIST SP 800-30 Rev. 1,
// laid out as the publication prints them: rows from Very High down,
// columns from Very Low up. The built-in tables store rows the other way
// (tables/*.csv), so a transcription slip in one is caught by the other.
var (
	printedG5 = [5][5]string{ // likelihood of initiation/occurrence × likelihood of adverse impact
		{"Low", "Moderate", "High", "Very High", "Very High"}, // Very High
		{"Low", "Moderate", "Moderate", "High", "Very High"},  // High
		{"Low", "Low", "Moderate", "Moderate", "High"},        // Moderate
		{"Very Low", "Low", "Low", "Moderate", "Moderate"},    // Low
		{"Very Low", "Very Low", "Low", "Low", "Low"},         // Very Low
	}
	printedI2 = [5][5]string{ // likelihood × impact
		{"Very Low", "Low", "Moderate", "High", "Very High"}, // Very High
		{"Very Low", "Low", "Moderate", "High", "Very High"}, // High
		{"Very Low", "Low", "Moderate", "Moderate", "High"},  // Moderate
		{"Very Low", "Low", "Low", "Low", "Moderate"},        // Low
		{"Very Low", "Very Low", "Very Low", "Low", "Low"},   // Very Low
	}
)

func TestNISTTablesAll25Cells(t *testing.T) {
	for _, tt := range []struct {
		name    string
		table   *LevelTable
		printed [5][5]string
		sum     string
	}{
		{"g5", NIST80030TableG5(), printedG5, NIST80030TableG5Checksum},
		{"i2", NIST80030TableI2(), printedI2, NIST80030TableI2Checksum},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for r := NISTVeryLow; r <= NISTVeryHigh; r++ {
				for c := NISTVeryLow; c <= NISTVeryHigh; c++ {
					got, err := tt.table.Lookup(r, c)
					if err != nil {
						t.Fatal(err)
					}
					want := tt.printed[5-r][c-1]
					if got.Label() != want {
						t.Errorf("%s(%s, %s) = %s, printed %s", tt.table.ID(), r.Label(), c.Label(), got.Label(), want)
					}
					// Monotone: raising either input never lowers the result.
					if r > NISTVeryLow {
						if lo, _ := tt.table.Lookup(r-1, c); lo > got {
							t.Errorf("%s not monotone in rows at %s, %s", tt.table.ID(), r, c)
						}
					}
					if c > NISTVeryLow {
						if lo, _ := tt.table.Lookup(r, c-1); lo > got {
							t.Errorf("%s not monotone in columns at %s, %s", tt.table.ID(), r, c)
						}
					}
				}
			}
			if tt.table.Checksum() != tt.sum {
				t.Errorf("checksum %s, constant %s", tt.table.Checksum(), tt.sum)
			}
		})
	}
}

// vector is one entry of testdata/postmarket_vectors.dev.json.
type vector struct {
	ID       string          `json:"id"`
	Inputs   json.RawMessage `json:"inputs"`
	Expected json.RawMessage `json:"expected"`
}

// TestNISTVectors runs the nist-800-30-* reference vectors (copied
// unchanged into testdata/ from shared/reference/postmarket_vectors.dev.json).
func TestNISTVectors(t *testing.T) {
	data, err := os.ReadFile("testdata/postmarket_vectors.dev.json")
	if err != nil {
		t.Fatal(err)
	}
	var vs []vector
	if err := json.Unmarshal(data, &vs); err != nil {
		t.Fatal(err)
	}
	ran := 0
	for _, v := range vs {
		if !strings.HasPrefix(v.ID, "nist-800-30-") {
			continue
		}
		ran++
		t.Run(v.ID, func(t *testing.T) {
			switch {
			case strings.Contains(v.ID, "table-i2"):
				var in struct{ Cells [][2]string }
				var want struct{ Risk []string }
				if err := json.Unmarshal(v.Inputs, &in); err != nil {
					t.Fatal(err)
				}
				if err := json.Unmarshal(v.Expected, &want); err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, c := range in.Cells {
					l, err1 := ParseNISTLevel(c[0])
					i, err2 := ParseNISTLevel(c[1])
					r, err3 := NIST80030TableI2().Lookup(l, i)
					if err := errors.Join(err1, err2, err3); err != nil {
						t.Fatal(err)
					}
					got = append(got, r.Label())
				}
				if diff := cmp.Diff(want.Risk, got); diff != "" {
					t.Errorf("risk (-want +got):\n%s", diff)
				}
			case strings.Contains(v.ID, "semiquant"):
				var in struct{ Values []float64 }
				var want struct{ Levels []string }
				if err := json.Unmarshal(v.Inputs, &in); err != nil {
					t.Skipf("unknown input form: %v", err)
				}
				_ = json.Unmarshal(v.Expected, &want)
				var got []string
				for _, x := range in.Values {
					l, err := NIST80030SemiQuant().Level(x)
					if err != nil {
						t.Fatal(err)
					}
					got = append(got, l.Label())
				}
				if diff := cmp.Diff(want.Levels, got); diff != "" {
					t.Errorf("levels (-want +got):\n%s", diff)
				}
			default:
				t.Errorf("no runner for vector %s", v.ID)
			}
		})
	}
	if ran == 0 {
		t.Fatal("no nist-800-30 vector in testdata")
	}
}

func TestSemiQuantBins(t *testing.T) {
	s := NIST80030SemiQuant()
	tests := []struct {
		name, reason string
		score        float64
		want         NISTLevel
	}{
		{"0", "bottom of Very Low", 0, NISTVeryLow},
		{"4", "top of Very Low", 4, NISTVeryLow},
		{"4.5", "between bins takes the higher", 4.5, NISTLow},
		{"5", "bottom of Low", 5, NISTLow},
		{"20", "top of Low", 20, NISTLow},
		{"21", "bottom of Moderate", 21, NISTModerate},
		{"79", "top of Moderate", 79, NISTModerate},
		{"80", "bottom of High", 80, NISTHigh},
		{"95", "top of High", 95, NISTHigh},
		{"95.01", "between High and Very High", 95.01, NISTVeryHigh},
		{"96", "bottom of Very High", 96, NISTVeryHigh},
		{"100", "top", 100, NISTVeryHigh},
	}
	for _, tt := range tests {
		got, err := s.Level(tt.score)
		if err != nil || got != tt.want {
			t.Errorf("%s (%s): Level(%v) = %v, %v; want %v", tt.name, tt.reason, tt.score, got, err, tt.want)
		}
	}
	for _, bad := range []float64{-0.1, 100.5} {
		if _, err := s.Level(bad); !errors.Is(err, ErrOutOfRange) {
			t.Errorf("Level(%v) error %v, want ErrOutOfRange", bad, err)
		}
	}
	var values []int
	for l := NISTVeryLow; l <= NISTVeryHigh; l++ {
		v, err := s.Value(l)
		if err != nil {
			t.Fatal(err)
		}
		values = append(values, v)
	}
	if diff := cmp.Diff([]int{0, 2, 5, 8, 10}, values); diff != "" {
		t.Errorf("representative values (-want +got):\n%s", diff)
	}
	if _, err := s.Value(NISTUnassessed); !errors.Is(err, ErrUnscored) {
		t.Errorf("Value(unassessed) error %v, want ErrUnscored", err)
	}
	if s.Checksum() != NIST80030SemiQuantChecksum {
		t.Errorf("checksum %s", s.Checksum())
	}
}

func TestParseNISTLevel(t *testing.T) {
	for in, want := range map[string]NISTLevel{
		"Very High": NISTVeryHigh, "very-high": NISTVeryHigh, "VERY_HIGH": NISTVeryHigh, "vh": NISTVeryHigh,
		" moderate ": NISTModerate, "M": NISTModerate, "Very Low": NISTVeryLow, "l": NISTLow,
	} {
		if got, err := ParseNISTLevel(in); err != nil || got != want {
			t.Errorf("ParseNISTLevel(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "extreme", "very", "high-ish"} {
		if _, err := ParseNISTLevel(in); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("ParseNISTLevel(%q) error %v, want ErrInvalidInput", in, err)
		}
	}
}

func TestLevelTableSpec(t *testing.T) {
	g5 := NIST80030TableG5()
	b, err := json.Marshal(g5)
	if err != nil {
		t.Fatal(err)
	}
	back, err := LoadLevelTable(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(g5.Spec(), back.Spec()); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	spec := g5.Spec()
	spec.Cells[4][4] = NISTHigh
	if _, err := NewLevelTable(spec); !errors.Is(err, ErrChecksum) {
		t.Errorf("edited cell with the old checksum: %v, want ErrChecksum", err)
	}
	spec.Checksum = ""
	if tab, err := NewLevelTable(spec); err != nil || tab.Checksum() == g5.Checksum() {
		t.Errorf("edited table without checksum: %v (checksum must change)", err)
	}
	spec.Cells = spec.Cells[:4]
	spec.Cells[0] = spec.Cells[0][:3]
	if _, err := NewLevelTable(spec); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("bad shape: %v, want ErrInvalidInput", err)
	}
	for _, doc := range []string{
		strings.Replace(string(b), `"id"`, `"extra":1,"id"`, 1),
		string(b) + "{}",
		strings.Replace(string(b), `"very-low"`, `"none"`, 1),
	} {
		if _, err := LoadLevelTable(strings.NewReader(doc)); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("LoadLevelTable(%.40q…) error %v, want ErrInvalidInput", doc, err)
		}
	}
	if _, err := (&LevelTable{}).Lookup(NISTLow, NISTLow); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("zero table: %v", err)
	}
	if _, err := g5.Lookup(NISTUnassessed, NISTLevel(9)); !errors.Is(err, ErrUnscored) || !errors.Is(err, ErrOutOfRange) {
		t.Errorf("bad levels: %v, want ErrUnscored and ErrOutOfRange", err)
	}
}

func TestAssessThreat(t *testing.T) {
	got, err := AssessThreat(NISTHigh, NISTModerate, NISTVeryHigh)
	if err != nil {
		t.Fatal(err)
	}
	want := ThreatAssessment{
		LikelihoodInitiation: NISTHigh, LikelihoodImpact: NISTModerate, Impact: NISTVeryHigh,
		OverallLikelihood: NISTModerate, Risk: NISTHigh, RiskValue: 8,
		LikelihoodTable: "nist-sp800-30r1-table-g5", LikelihoodChecksum: NIST80030TableG5Checksum,
		RiskTable: "nist-sp800-30r1-table-i2", RiskChecksum: NIST80030TableI2Checksum,
		Scale: "nist-sp800-30r1-semiquant", Rule: ThreatAssessmentRule,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if _, err := AssessThreat(NISTUnassessed, NISTLow, NISTLevel(7)); !errors.Is(err, ErrUnscored) || !errors.Is(err, ErrOutOfRange) {
		t.Errorf("bad input: %v", err)
	}
}
