package risk

import (
	"encoding/json"
	"maps"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// keysOf returns the sorted keys of a JSON object.
func keysOf(t *testing.T, v any) []string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return slices.Sorted(maps.Keys(m))
}

// TestSchemaV2Keys pins the JSON names of schema v2: renaming or removing
// one is a schema change and needs a new SchemaVersion.
func TestSchemaV2Keys(t *testing.T) {
	r := fullRegister(t)
	tests := []struct {
		name, reason string
		v            any
		want         []string
	}{
		{"register", "v1 lists plus contingency_plans, history and baselines", r, []string{
			"actions", "ap_tables", "baselines", "benefit_risks", "contingency_plans", "controls", "estimates", "harms",
			"hazards", "history", "id", "overall_residuals", "plan", "rows", "schema_version", "sequences", "situations",
			"worksheets"}},
		{"hazard", "v2 adds the tolerances", r.Hazards[0], []string{
			"category", "description", "id", "max_data_loss", "max_downtime", "product"}},
		{"contingency-plan", "every field the plan records", readyPlan(), []string{
			"activation_criteria", "category", "communication", "deputy", "fallback_workflow", "id", "last_exercise",
			"next_exercise_due", "owner", "recovery", "risks", "rpo", "rto", "specifications", "status", "systems",
			"template", "title", "trigger"}},
		{"recovery-step", "acceptance per data domain", readyPlan().Recovery[0], []string{
			"acceptance_percent", "description", "domain", "hazards", "id", "safety_critical"}},
		{"event", "hash-chained audit event", r.History[0], []string{
			"action", "actor", "at", "field", "from", "hash", "prev", "reason", "record", "seq", "to"}},
		{"baseline", "frozen digests and history anchor", r.Baselines[0], []string{
			"at", "by", "history", "id", "label", "plan_sha256", "records", "rule"}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, keysOf(t, tt.v)); diff != "" {
			t.Errorf("%s (%s): keys (-want +got):\n%s", tt.name, tt.reason, diff)
		}
	}
	if SchemaVersion != "healthpm.risk.register/v2" {
		t.Errorf("SchemaVersion = %q", SchemaVersion)
	}
}
