package healthpm_test

import (
	"errors"
	"testing"

	"github.com/healthpm/healthpm/prioritize"
	"github.com/healthpm/healthpm/regulatory"
	"github.com/healthpm/healthpm/risk"
	"github.com/healthpm/healthpm/roi"
	"github.com/shopspring/decimal"
)

// TestOneErrorModel checks the module's one error model: a field problem
// from any package is found by one errors.As into one type, and the shared
// sentinels are the same value in every package.
func TestOneErrorModel(t *testing.T) {
	if prioritize.ErrInvalidInput != risk.ErrInvalidInput || risk.ErrInvalidInput != regulatory.ErrInvalidInput ||
		regulatory.ErrInvalidInput != roi.ErrInvalidInput {
		t.Fatal("ErrInvalidInput differs between packages")
	}
	_, errRank := prioritize.Rank(prioritize.HealthcareDefault(), []prioritize.Item{{ID: ""}})
	_, errRisk := risk.PlanMedtech5x5().Evaluate(9, risk.Point(0.1), risk.Point(0.5))
	_, errReg := regulatory.ParseFacts([]byte(`{"no_such_fact": true}`))
	_, errROI := roi.NPV(decimal.NewFromInt(-1), []decimal.Decimal{decimal.NewFromInt(1)}, roi.ConventionExcel)
	for name, err := range map[string]error{"prioritize": errRank, "risk": errRisk, "regulatory": errReg, "roi": errROI} {
		var fe *risk.FieldError // any package's alias: they are one type
		if !errors.As(err, &fe) {
			t.Errorf("%s: %v is not a FieldError", name, err)
			continue
		}
		if fe.Pkg != name {
			t.Errorf("%s: FieldError.Pkg = %q", name, fe.Pkg)
		}
		var fe2 *prioritize.FieldError
		if !errors.As(err, &fe2) {
			t.Errorf("%s: not found as prioritize.FieldError", name)
		}
	}
}
