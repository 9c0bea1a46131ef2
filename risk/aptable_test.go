package risk

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// band is an inclusive rating range read from a grid heading such as "7–10".
type band struct{ lo, hi int }

func parseBand(t *testing.T, s string) band {
	t.Helper()
	s = strings.TrimSpace(s)
	parts := strings.Split(s, "–") // en dash, as printed in the note
	lo, err := strconv.Atoi(parts[0])
	if err != nil {
		t.Fatalf("bad band %q: %v", s, err)
	}
	hi := lo
	if len(parts) == 2 {
		if hi, err = strconv.Atoi(parts[1]); err != nil {
			t.Fatalf("bad band %q: %v", s, err)
		}
	}
	return band{lo, hi}
}

// referenceGrid parses the printed grids of testdata/risk_md_section_4_2.md
// into a 10×10×10 array of letters indexed [s-1][o-1][d-1]. It never looks
// at the rule list.
func referenceGrid(t *testing.T) *[10][10][10]byte {
	t.Helper()
	f, err := os.Open("testdata/risk_md_section_4_2.md")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var grid [10][10][10]byte
	var sBand band
	var dBands []band
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "**S 1**"):
			// "L for every O and D."
			if !strings.Contains(line, "L for every O and D") {
				t.Fatalf("unexpected S 1 line %q", line)
			}
			for o := range 10 {
				for d := range 10 {
					grid[0][o][d] = 'L'
				}
			}
		case strings.HasPrefix(line, "**S "):
			sBand = parseBand(t, strings.TrimSuffix(strings.TrimPrefix(line, "**S "), "**"))
			dBands = nil
		case strings.HasPrefix(line, "| O \\ D"):
			cells := strings.Split(strings.Trim(line, "|"), "|")
			for _, c := range cells[1:] {
				dBands = append(dBands, parseBand(t, c))
			}
		case strings.HasPrefix(line, "|---"), !strings.HasPrefix(line, "|"):
		default:
			cells := strings.Split(strings.Trim(line, "|"), "|")
			oBand := parseBand(t, cells[0])
			if len(cells)-1 != len(dBands) {
				t.Fatalf("row %q has %d cells for %d detection bands", line, len(cells)-1, len(dBands))
			}
			for j, c := range cells[1:] {
				letter := strings.TrimSpace(c)
				for s := sBand.lo; s <= sBand.hi; s++ {
					for o := oBand.lo; o <= oBand.hi; o++ {
						for d := dBands[j].lo; d <= dBands[j].hi; d++ {
							if grid[s-1][o-1][d-1] != 0 {
								t.Fatalf("grid cell S%d O%d D%d written twice", s, o, d)
							}
							grid[s-1][o-1][d-1] = letter[0]
						}
					}
				}
			}
		}
	}
	for s := range 10 {
		for o := range 10 {
			for d := range 10 {
				if grid[s][o][d] == 0 {
					t.Fatalf("reference grid misses S%d O%d D%d", s+1, o+1, d+1)
				}
			}
		}
	}
	return &grid
}

func TestAIAGVDA2019MatchesPrintedGrids(t *testing.T) {
	ref := referenceGrid(t)
	tab := AIAGVDA2019()
	var letters []byte
	mismatches := 0
	for s := 1; s <= 10; s++ {
		for o := 1; o <= 10; o++ {
			for d := 1; d <= 10; d++ {
				got, err := tab.Lookup(s, o, d)
				if err != nil {
					t.Fatalf("Lookup(%d, %d, %d): %v", s, o, d, err)
				}
				want := string(ref[s-1][o-1][d-1])
				letters = append(letters, ref[s-1][o-1][d-1])
				if got.String() != want {
					mismatches++
					t.Errorf("Lookup(%d, %d, %d) = %v, want %s", s, o, d, got, want)
				}
			}
		}
	}
	if mismatches > 0 {
		t.Fatalf("%d of 1000 cells differ from the printed grids", mismatches)
	}
	sum := sha256.Sum256(letters)
	if got, want := tab.Checksum(), hex.EncodeToString(sum[:]); got != want || got != AIAGVDA2019Checksum {
		t.Errorf("Checksum() = %s, reference grid hashes to %s, constant %s", got, want, AIAGVDA2019Checksum)
	}
	if tab.ID() != "aiag-vda-2019" || tab.Provenance() == "" || tab.Title() == "" {
		t.Errorf("built-in table lacks id, title or provenance: %q %q %q", tab.ID(), tab.Title(), tab.Provenance())
	}
}

func TestAIAGVDA2019Invariants(t *testing.T) {
	tab := AIAGVDA2019()
	h, m, l := tab.Counts()
	if diff := cmp.Diff([3]int{318, 214, 468}, [3]int{h, m, l}); diff != "" {
		t.Errorf("Counts() mismatch (-want +got):\n%s", diff)
	}
	get := func(s, o, d int) AP {
		ap, err := tab.Lookup(s, o, d)
		if err != nil {
			t.Fatalf("Lookup(%d, %d, %d): %v", s, o, d, err)
		}
		return ap
	}
	minHRPN, maxLRPN := 1001, 0
	for s := 1; s <= 10; s++ {
		for o := 1; o <= 10; o++ {
			for d := 1; d <= 10; d++ {
				ap := get(s, o, d)
				if (o == 1 || s == 1) && ap != APLow {
					t.Errorf("S%d O%d D%d = %v; O = 1 or S = 1 must give L", s, o, d, ap)
				}
				if s < 10 && get(s+1, o, d) < ap {
					t.Errorf("not monotone in S at S%d O%d D%d", s, o, d)
				}
				if o < 10 && get(s, o+1, d) < ap {
					t.Errorf("not monotone in O at S%d O%d D%d", s, o, d)
				}
				if d < 10 && get(s, o, d+1) < ap {
					t.Errorf("not monotone in D at S%d O%d D%d", s, o, d)
				}
				rpn := s * o * d
				if ap == APHigh {
					minHRPN = min(minHRPN, rpn)
				}
				if ap == APLow {
					maxLRPN = max(maxLRPN, rpn)
				}
			}
		}
	}
	// Figures from risk.md §4.3: RPN does not determine AP.
	if minHRPN != 54 || maxLRPN != 210 {
		t.Errorf("smallest H RPN %d (want 54), largest L RPN %d (want 210)", minHRPN, maxLRPN)
	}
}

func TestLookupSpotCells(t *testing.T) {
	tests := []struct {
		name, reason string
		s, o, d      int
		want         AP
		wantErr      error
	}{
		{"s10-o2-d2", "S ≥ 9 can still be L when occurrence is low and detection good", 10, 2, 2, APLow, nil},
		{"s10-o2-d10", "same O band with the worst detection is H", 10, 2, 10, APHigh, nil},
		{"s9-o6-d1", "smallest RPN (54) that is H", 9, 6, 1, APHigh, nil},
		{"s3-o7-d10", "largest RPN (210) that is L", 3, 7, 10, APLow, nil},
		{"s5-o8-d4", "S 4-6, O 8-10, D 2-4 is M", 5, 8, 4, APMedium, nil},
		{"s-zero", "0 means unscored and is out of range", 0, 5, 5, APUnspecified, ErrOutOfRange},
		{"o-eleven", "ratings stop at 10", 5, 11, 5, APUnspecified, ErrOutOfRange},
		{"d-negative", "negative ratings are out of range", 5, 5, -1, APUnspecified, ErrOutOfRange},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := AIAGVDA2019().Lookup(tt.s, tt.o, tt.d)
			if !errors.Is(err, tt.wantErr) || got != tt.want {
				t.Errorf("Lookup(%d, %d, %d) = %v, %v; want %v, %v (%s)", tt.s, tt.o, tt.d, got, err, tt.want, tt.wantErr, tt.reason)
			}
			var fe *FieldError
			if tt.wantErr != nil && !errors.As(err, &fe) {
				t.Errorf("error %v is not a *FieldError", err)
			}
		})
	}
	var nilTable *APTable
	if _, err := nilTable.Lookup(1, 1, 1); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("nil table Lookup error = %v, want ErrInvalidInput", err)
	}
}

func TestNewAPTableTotality(t *testing.T) {
	base := AIAGVDA2019().Spec()
	base.ID = "custom-1"
	base.Checksum = ""
	withRules := func(f func([]APRule) []APRule) APTableSpec {
		s := base
		s.Rules = f(append([]APRule(nil), base.Rules...))
		return s
	}
	tests := []struct {
		name, reason string
		spec         APTableSpec
		wantErrs     []error
		wantCells    []string // cells named in FieldError values
	}{
		{"copy", "a copy of the built-in rules under another id is total", base, nil, nil},
		{"gap", "dropping the S 1 rule leaves 100 cells uncovered",
			withRules(func(r []APRule) []APRule { return r[:len(r)-1] }),
			[]error{ErrTableGap}, []string{"S=1 O=1 D=1", "S=1 O=1 D=2"}},
		{"overlap", "widening a rule by one detection step overlaps its neighbour",
			withRules(func(r []APRule) []APRule { r[3].DMax = 2; return r }),
			[]error{ErrTableOverlap}, []string{"S=9 O=4 D=2", "S=10 O=4 D=2"}},
		{"bad-bounds", "bounds outside 1..10 and inverted ranges are reported per field",
			withRules(func(r []APRule) []APRule { r[0].SMax = 11; r[1].OMin = 9; return r }),
			[]error{ErrOutOfRange, ErrInvalidInput}, nil},
		{"bad-ap", "a rule without a priority is rejected",
			withRules(func(r []APRule) []APRule { r[0].AP = APUnspecified; return r }),
			[]error{ErrInvalidInput}, nil},
		{"bad-id", "ids are stable identifiers", APTableSpec{ID: "a b", Rules: base.Rules}, []error{ErrInvalidInput}, nil},
		{"checksum", "a declared checksum must match the content",
			APTableSpec{ID: "x", Rules: base.Rules, Checksum: strings.Repeat("0", 64)}, []error{ErrChecksum}, nil},
		{"no-rules", "an empty table covers nothing", APTableSpec{ID: "x"}, []error{ErrInvalidInput}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab, err := NewAPTable(tt.spec)
			if tt.wantErrs == nil {
				if err != nil {
					t.Fatalf("NewAPTable: %v (%s)", err, tt.reason)
				}
				if tab.Checksum() != AIAGVDA2019Checksum {
					t.Errorf("same cells must give the same checksum")
				}
				return
			}
			if tab != nil || err == nil {
				t.Fatalf("NewAPTable = %v, %v; want an error (%s)", tab, err, tt.reason)
			}
			for _, w := range tt.wantErrs {
				if !errors.Is(err, w) {
					t.Errorf("error %v does not wrap %v (%s)", err, w, tt.reason)
				}
			}
			named := map[string]bool{}
			for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
				var fe *FieldError
				if !errors.As(e, &fe) {
					t.Errorf("error %v is not a *FieldError", e)
					continue
				}
				named[fe.Value] = true
			}
			for _, c := range tt.wantCells {
				if !named[c] {
					t.Errorf("cell %q not named in %v", c, err)
				}
			}
		})
	}
}

func TestLoadAPTable(t *testing.T) {
	good, err := AIAGVDA2019().MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, reason string
		in           string
		wantErr      error
	}{
		{"round-trip", "the JSON form of a table loads back", string(good), nil},
		{"unknown-field", "strict decoding rejects unknown fields", `{"id":"x","rulez":[]}`, ErrInvalidInput},
		{"trailing", "one JSON value only", string(good) + "{}", ErrInvalidInput},
		{"bad-ap", "priorities are H, M or L", `{"id":"x","rules":[{"s_min":1,"s_max":10,"o_min":1,"o_max":10,"d_min":1,"d_max":10,"ap":"X"}]}`, ErrInvalidInput},
		{"too-large", "input is bounded", `{"id":"` + strings.Repeat("a", MaxAPTableBytes) + `"}`, ErrTooLarge},
		{"all-low", "one rule may cover everything", `{"id":"flat","rules":[{"s_min":1,"s_max":10,"o_min":1,"o_max":10,"d_min":1,"d_max":10,"ap":"L"}]}`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab, err := LoadAPTable(strings.NewReader(tt.in))
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("LoadAPTable error = %v, want %v (%s)", err, tt.wantErr, tt.reason)
			}
			if err == nil && tab.ID() == "aiag-vda-2019" && tab.Checksum() != AIAGVDA2019Checksum {
				t.Errorf("round trip changed the cells")
			}
		})
	}
}

func TestZeroAndJSONTable(t *testing.T) {
	var zero APTable
	if _, err := zero.Lookup(5, 5, 5); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("zero table Lookup error = %v, want ErrInvalidInput", err)
	}
	if _, err := ActionPriority(&zero, 5, 5, 5); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("zero table ActionPriority error = %v", err)
	}
	if _, err := RollUp(nil, &zero); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("zero table RollUp error = %v", err)
	}
	b, err := json.Marshal(AIAGVDA2019())
	if err != nil {
		t.Fatal(err)
	}
	var back APTable
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(AIAGVDA2019().Spec(), back.Spec()); diff != "" {
		t.Errorf("table JSON round trip mismatch (-want +got):\n%s", diff)
	}
	if err := json.Unmarshal([]byte(`{"id":"x","rules":[]}`), &back); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("decoding an empty table: error %v", err)
	}
	if back.ID() != "aiag-vda-2019" {
		t.Errorf("a failed decode changed the table")
	}
	j, err := json.Marshal(struct{ AP AP }{APMedium})
	if err != nil || string(j) != `{"AP":"M"}` {
		t.Errorf("AP marshals as %s, %v", j, err)
	}
}

func TestLookupDoesNotAllocate(t *testing.T) {
	tab := AIAGVDA2019()
	allocs := testing.AllocsPerRun(1000, func() {
		if _, err := tab.Lookup(7, 4, 6); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("Lookup allocates %v times per call, want 0", allocs)
	}
}
