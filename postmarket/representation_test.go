package postmarket

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestAuditRepresentation(t *testing.T) {
	spec := RepresentationSpec{
		Population: []PopulationShare{{"female", 0.5}, {"male", 0.5}},
		Interval:   CIWilson, Confidence: 0.95, MinRatio: 0.8,
	}
	tests := []struct {
		name, reason string
		counts       []GroupCount
		want         []RepresentationStatus
	}{
		{"clear shortfall", "30 % female against a floor of 40 %, n = 1000", []GroupCount{{"female", 300}, {"male", 700}}, []RepresentationStatus{UnderRepresented, OverRepresented}},
		{"small sample", "3 of 10 and 7 of 10: both intervals straddle the floor of 0.4", []GroupCount{{"female", 3}, {"male", 7}}, []RepresentationStatus{RepresentationUncertain, RepresentationUncertain}},
		{"balanced", "an even split, n = 2000", []GroupCount{{"female", 1000}, {"male", 1000}}, []RepresentationStatus{Adequate, Adequate}},
		{"missing group", "a group the data never lists has share 0", []GroupCount{{"male", 500}}, []RepresentationStatus{UnderRepresented, OverRepresented}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := AuditRepresentation([]Dataset{{Name: "training", Counts: tt.counts}}, spec)
			if err != nil {
				t.Fatal(err)
			}
			var got []RepresentationStatus
			for _, g := range r.Datasets[0].Groups {
				got = append(got, g.Status)
				if !(g.Share.Lo <= g.Share.Value && g.Share.Value <= g.Share.Hi) {
					t.Errorf("interval excludes the share: %+v", g.Share)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("statuses (-want +got) (%s):\n%s", tt.reason, diff)
			}
		})
	}
	_, err := AuditRepresentation([]Dataset{{Name: "v", Counts: []GroupCount{{"other", 5}}}}, spec)
	if !errors.Is(err, ErrMismatch) {
		t.Errorf("unknown group: %v", err)
	}
	bad := RepresentationSpec{Population: []PopulationShare{{"a", 0.7}, {"a", 0.7}}, MinRatio: 2}
	if err := bad.Validate(""); len(unjoin(err)) != 5 {
		t.Errorf("all problems: %v", err)
	}
}
