package regulatory

import "testing"

func TestRegulationsTable(t *testing.T) {
	regs := Regulations()
	for i, r := range regs {
		if i > 0 && regs[i-1].Regulation >= r.Regulation {
			t.Errorf("table not ordered by citation at %s", r.Regulation)
		}
		got, ok := LookupRegulation(r.Title)
		if !ok || got.Regulation != r.Regulation {
			t.Errorf("LookupRegulation(%q) = %v, %v", r.Title, got.Regulation, ok)
		}
		if r.FirstAuthorization != nil && (r.Class != ClassII || r.FirstAuthorization.Pathway != "De Novo") {
			t.Errorf("%s: De Novo types are class II, got %v %+v", r.Regulation, r.Class, r.FirstAuthorization)
		}
	}
	regs[0].Title = "changed"
	if again := Regulations(); again[0].Title == "changed" {
		t.Error("Regulations returns the shared table")
	}
	if _, ok := LookupRegulation(""); ok {
		t.Error("empty device type matched")
	}
}
