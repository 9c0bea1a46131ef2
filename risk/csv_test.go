package risk

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// fullRegister is the logged downtime register with a baseline, a HIPAA
// plan and cells that look like formulas.
func fullRegister(t *testing.T) *Register {
	t.Helper()
	r := loggedRegister(t)
	b, err := r.TakeBaseline("BL-1", "release 1", "cso", day(120))
	if err != nil {
		t.Fatal(err)
	}
	r.Baselines = append(r.Baselines, b)
	h := TemplateHIPAA("CP-2", []string{"EHR", "PACS"}, "HS-1")
	h.Status = PlanApproved
	r.ContingencyPlans = append(r.ContingencyPlans, h)
	r.Hazards[0].Description = "=HYPERLINK(\"http://evil\",\"x\")"
	r.Harms[0].Description = "-2 points, 'quoted', \ttabbed\r\nand a new line"
	r.Rows[1].Cause = "@SUM(A1)"
	r.Rows[0].Effect = "+1"
	r.Controls[0].Description = "'already quoted"
	return r
}

func TestCSVRoundTrip(t *testing.T) {
	r := fullRegister(t)
	var buf bytes.Buffer
	if err := r.WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := ReadCSV(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(r, back); diff != "" {
		t.Errorf("CSV round trip (-want +got):\n%s", diff)
	}
	// Re-import into the original updates in place: same register, no duplicates.
	again, err := MergeCSV(r, bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(r, again); diff != "" {
		t.Errorf("re-import duplicated or changed records (-want +got):\n%s", diff)
	}
}

func TestCSVFormulaNeutralized(t *testing.T) {
	r := fullRegister(t)
	var buf bytes.Buffer
	if err := r.WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for i, rec := range recs {
		for j, cell := range rec {
			if cell == "" {
				continue
			}
			if strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("row %d column %d starts with %q: %q", i+1, j+1, cell[0], cell)
			}
		}
	}
	for _, want := range []string{`'=HYPERLINK`, `'@SUM(A1)`, `'+1`, `''already quoted`, `'"-2 points, 'quoted', \ttabbed\r\nand a new line"`} {
		if !strings.Contains(strings.Join(flatten(recs), "\x00"), want) {
			t.Errorf("no neutralized cell %q", want)
		}
	}
}

func flatten(recs [][]string) []string {
	var out []string
	for _, r := range recs {
		out = append(out, r...)
	}
	return out
}

func TestCSVMergeUpdates(t *testing.T) {
	r := fullRegister(t)
	in := "record_type,id,severity,description\n" +
		"harms,H-1,5,catalogue severity raised\n" +
		"harms,H-9,1,new harm\n"
	got, err := MergeCSV(r, strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := append([]Harm{{ID: "H-1", Description: "catalogue severity raised", Severity: 5}}, Harm{ID: "H-9", Description: "new harm", Severity: 1})
	if diff := cmp.Diff(want, got.Harms); diff != "" {
		t.Errorf("harms (-want +got):\n%s", diff)
	}
	if r.Harms[0].Severity != 4 || len(r.Harms) != 1 {
		t.Errorf("MergeCSV modified its base: %+v", r.Harms)
	}
}

func TestCSVBadRows(t *testing.T) {
	in := "record_type,id,severity,s,status,rto,description\n" +
		"harms,H-1,4,,,,ok\n" + // row 2: fine
		"harms,H-2,four,,,,bad severity\n" + // row 3: severity
		"rows,R-1,,12,,,\n" + // row 4: s out of range
		"gremlins,G-1,,,,,\n" + // row 5: unknown kind
		"actions,A-1,,,maybe,,\n" + // row 6: bad enum
		"harms,H-1,2,,,,again\n" + // row 7: duplicate key
		"contingency_plans,CP-1,,,draft,soon,\n" + // row 8: bad duration
		"harms,,3,,,,no id\n" + // row 9: missing id
		"hazards,HZ-1,3,,,,hazards have no severity\n" // row 10: column not of this kind
	got, err := ReadCSV(strings.NewReader(in))
	if err == nil {
		t.Fatal("no error")
	}
	type at struct {
		Row    int
		Column string
		Is     error
	}
	var problems []at
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var ce *CSVError
		if !errors.As(e, &ce) {
			t.Fatalf("not a CSVError: %v", e)
		}
		is := ErrInvalidInput
		if errors.Is(e, ErrOutOfRange) {
			is = ErrOutOfRange
		}
		problems = append(problems, at{ce.Row, ce.ColumnName, is})
	}
	want := []at{{3, "severity", ErrInvalidInput}, {4, "s", ErrOutOfRange}, {5, "record_type", ErrInvalidInput},
		{6, "status", ErrInvalidInput}, {7, "id", ErrInvalidInput}, {8, "rto", ErrInvalidInput},
		{9, "id", ErrInvalidInput}, {10, "severity", ErrInvalidInput}}
	if diff := cmp.Diff(want, problems, cmp.Comparer(func(a, b error) bool { return a == b })); diff != "" {
		t.Errorf("problems (-want +got):\n%s\n%v", diff, err)
	}
	if diff := cmp.Diff([]Harm{{ID: "H-1", Severity: 4, Description: "ok"}}, got.Harms); diff != "" {
		t.Errorf("good rows (-want +got):\n%s", diff)
	}
}

func TestCSVHeaderErrors(t *testing.T) {
	for _, in := range []string{"", "id,severity\n", "record_type,colour\n", "record_type,id,id\n"} {
		if _, err := ReadCSV(strings.NewReader(in)); !errors.Is(err, ErrInvalidInput) {
			t.Errorf("header %q: %v", in, err)
		}
	}
}

func TestJSONRoundTripV2(t *testing.T) {
	r := fullRegister(t)
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	back, err := DecodeRegister(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(r, back); diff != "" {
		t.Errorf("JSON round trip (-want +got):\n%s", diff)
	}
	if err := VerifyHistory(back.History, r.Anchor()); err != nil {
		t.Errorf("decoded history: %v", err)
	}
	v1 := `{"schema_version":"` + SchemaVersionV1 + `","id":"OLD","hazards":[{"id":"HZ-1"}]}`
	old, err := DecodeRegister(strings.NewReader(v1))
	if err != nil || old.SchemaVersion != SchemaVersionV1 || len(old.Hazards) != 1 {
		t.Errorf("v1 document: %v", err)
	}
	v1plus := `{"schema_version":"` + SchemaVersionV1 + `","contingency_plans":[{"id":"CP"}]}`
	if _, err := DecodeRegister(strings.NewReader(v1plus)); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("v1 with v2 fields: %v", err)
	}
	_ = time.Second
}

func TestCSVQuotingErrorDoesNotStopImport(t *testing.T) {
	in := "record_type,id,description\n" +
		"harms,H-1,fine\n" +
		"harms,H-2,bad \"quote\n" + // row 3: bare quote
		"harms,H-3,also fine\n"
	got, err := ReadCSV(strings.NewReader(in))
	var ce *CSVError
	if !errors.As(err, &ce) || ce.Row != 3 {
		t.Fatalf("error = %v", err)
	}
	var ids []string
	for _, h := range got.Harms {
		ids = append(ids, h.ID)
	}
	if diff := cmp.Diff([]string{"H-1", "H-3"}, ids); diff != "" {
		t.Errorf("imported (-want +got):\n%s", diff)
	}
}
