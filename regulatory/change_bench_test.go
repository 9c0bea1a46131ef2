package regulatory

import (
	"strconv"
	"testing"
	"time"
)

// BenchmarkAssessChangeSet measures the FDA and MDCG assessments of change
// sets of 1, 100 and MaxChanges changes.
func BenchmarkAssessChangeSet(b *testing.B) {
	for _, n := range []int{1, 100, MaxChanges} {
		set := ChangeSet{Baseline: Baseline{Version: "1.0"}}
		for i := range n {
			set.Changes = append(set.Changes, softwareChange("C"+strconv.Itoa(i), allNoFDA()))
		}
		for _, s := range []ChangeScheme{FDASoftwareChange, MDCGSignificantChange} {
			b.Run(s.String()+"/"+strconv.Itoa(n), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := AssessChangeSet(s, set, nil); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkReportingDuties measures one incident with every section.
func BenchmarkReportingDuties(b *testing.B) {
	br := unsecuredBreach(MustDate(2025, time.December, 1), 900)
	br.ResidentsByState = []StateCount{{State: "IL", Residents: 600}, {State: "WI", Residents: 300}}
	inc := Incident{ID: "I", AwareOn: MustDate(2026, time.July, 1),
		EU:       &EUVigilance{SeriousIncident: bp(true), DeathOrUnanticipatedSeriousDeterioration: bp(true)},
		FDA:      &FDAReporting{Reporter: ReporterManufacturer, Death: bp(true), RemedialActionNeeded: bp(true)},
		AI:       &AIActIncident{HighRisk: bp(true), SeriousIncident: bp(true), Kind: AIIncidentDeath, DeviceUnderMDR: bp(false)},
		Periodic: &PeriodicReporting{Class: ClassIII, LastReportOn: MustDate(2025, 9, 1)},
		Breach:   &br,
		Calendar: WorkCalendar{Name: "US", Holidays: []Date{MustDate(2026, 7, 3), MustDate(2026, 9, 7)}}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ReportingDuties(inc); err != nil {
			b.Fatal(err)
		}
	}
}
