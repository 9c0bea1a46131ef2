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
		{"register", "v1 lists plus contingency_plans, history and baselines (v2) and the security lists (v3)", r, []string{
			"actions", "ap_tables", "assets", "baselines", "benefit_risks", "contingency_plans", "controls", "estimates", "harms",
			"hazards", "history", "id", "overall_residuals", "plan", "rows", "schema_version", "security_analyses", "sequences",
			"situations", "threat_events", "vulnerabilities", "worksheets"}},
		{"threat-event", "v3: NIST SP 800-30 levels with source, assets and vulnerabilities", addSecurity(downtimeRegister()).ThreatEvents[0], []string{
			"analysis", "assets", "at", "availability", "by", "confidentiality", "current_measures", "description", "id", "impact",
			"integrity", "likelihood_adverse_impact", "likelihood_initiation", "overall_likelihood", "owner", "risk", "source",
			"source_description", "treatment", "vulnerabilities"}},
		{"security-analysis", "v3: scope, review dates and the restore objective", addSecurity(downtimeRegister()).SecurityAnalyses[0], []string{
			"assets", "at", "by", "id", "method", "next_review", "restore_objective", "scope", "title"}},
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
	if SchemaVersionV2 != "healthpm.risk.register/v2" || SchemaVersion != "healthpm.risk.register/v3" {
		t.Errorf("SchemaVersion = %q, SchemaVersionV2 = %q", SchemaVersion, SchemaVersionV2)
	}
}
