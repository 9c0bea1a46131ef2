package regulatory

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// fuzzRoundTrip checks the decoder contract: no panic, every error wraps
// ErrInvalidInput, and an accepted document re-encodes to an equal value
// that the entry point accepts.
func fuzzRoundTrip[T any](t *testing.T, data []byte, parse func([]byte) (T, error), run func(T) error) {
	v, err := parse(data)
	if err != nil {
		if !errors.Is(err, ErrInvalidInput) {
			t.Fatalf("error without ErrInvalidInput: %v", err)
		}
		return
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("Marshal: %v", err)
	}
	back, err := parse(b)
	if err != nil {
		t.Fatalf("re-parse %s: %v", b, err)
	}
	if d := cmp.Diff(v, back, cmp.AllowUnexported(Date{})); d != "" {
		t.Fatalf("round trip (-want +got):\n%s", d)
	}
	if err := run(v); err != nil {
		t.Fatalf("entry point rejected a parsed value: %v", err)
	}
}

func seedJSON(f *testing.F, vs ...any) {
	for _, v := range vs {
		b, err := json.Marshal(v)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"id":"A","id":"A"}`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`nul`))
}

func FuzzParseChangeRecord(f *testing.F) {
	r := softwareChange("CR-1", allNoFDA())
	r.Links = []RiskLink{{ID: "HZ-1", Target: LinkHazard, Effect: LinkAdded}}
	seedJSON(f, r, softwareChange("CR-2", ChangeAnswers{Q1SolelyCybersecurity: Yes("patch")}))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRoundTrip(t, data, ParseChangeRecord, func(r ChangeRecord) error {
			_, err := AssessChange(FDASoftwareChange, r, nil)
			if err == nil {
				_, err = AssessChange(MDCGSignificantChange, r, nil)
			}
			return err
		})
	})
}

func FuzzParseChangeSet(f *testing.F) {
	a := softwareChange("A", allNoFDA())
	b := softwareChange("B", ChangeAnswers{PCCPImplementedPerProtocol: Yes("ok")})
	b.PCCPModification = "M1"
	seedJSON(f, ChangeSet{Baseline: Baseline{Version: "1.0"}, Changes: []ChangeRecord{a, b}, Cumulative: ChangeAnswers{Q4ClinicalPerformance: No("fine")}})
	p := testPCCP()
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRoundTrip(t, data, ParseChangeSet, func(s ChangeSet) error {
			_, err := AssessChangeSet(FDASoftwareChange, s, &p)
			return err
		})
	})
}

func FuzzParsePCCP(f *testing.F) {
	seedJSON(f, testPCCP())
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRoundTrip(t, data, ParsePCCP, func(p PCCP) error {
			r := softwareChange("A", ChangeAnswers{PCCPImplementedPerProtocol: Yes("ok")})
			r.PCCPModification = "M1"
			_, err := WithinPCCP(r, &p)
			return err
		})
	})
}

func FuzzParseIncident(f *testing.F) {
	b := unsecuredBreach(MustDate(2025, 12, 30), 600)
	seedJSON(f, Incident{ID: "I", AwareOn: MustDate(2026, 1, 5),
		EU:       &EUVigilance{SeriousIncident: bp(true)},
		FDA:      &FDAReporting{Reporter: ReporterManufacturer, Death: bp(true)},
		AI:       &AIActIncident{HighRisk: bp(true), Kind: AIIncidentDeath},
		Periodic: &PeriodicReporting{Class: ClassIIa, LastReportOn: MustDate(2024, 2, 29)},
		Breach:   &b,
		Calendar: WorkCalendar{Name: "c", Holidays: []Date{MustDate(2026, 1, 19)}}})
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRoundTrip(t, data, ParseIncident, func(inc Incident) error {
			_, err := ReportingDuties(inc)
			return err
		})
	})
}

func FuzzParseBreach(f *testing.F) {
	b := unsecuredBreach(MustDate(2013, 10, 22), 863)
	b.ResidentsByState = []StateCount{{State: "IL", Residents: 863}}
	b.LawEnforcementDelay = &LawEnforcementDelay{Form: DelayOral, StatedOn: MustDate(2013, 10, 30)}
	seedJSON(f, b)
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRoundTrip(t, data, ParseBreach, func(b Breach) error {
			_, err := AssessBreach(b)
			return err
		})
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2024-02-29", "2025-02-29", "9999-12-31", "0001-01-01", "", "2025-1-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidInput) {
				t.Fatalf("error without ErrInvalidInput: %v", err)
			}
			return
		}
		if d.String() != s {
			t.Fatalf("ParseDate(%q).String() = %q", s, d.String())
		}
		if d.Year() < 9999 && d.AddDays(1).AddDays(-1) != d {
			t.Fatalf("AddDays is not invertible at %s", d)
		}
	})
}
