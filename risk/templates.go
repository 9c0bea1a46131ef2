package risk

import (
	"fmt"

	"github.com/shopspring/decimal"
)

// Template identifiers recorded in [ContingencyPlan.Template].
const (
	TemplateEHRDowntimeID   = "onc-safer-contingency-planning"
	TemplateHIPAAID         = "hipaa-164.308(a)(7)"
	TemplateDataMigrationID = "data-migration-silent-loss"
)

// TemplateEHRDowntime returns a draft contingency plan for downtime of the
// EHR (or an interface to it) named system, answering the given risks,
// structured after the ONC SAFER Guide "Contingency Planning": activation
// criteria, paper-based substitute workflows with preprinted forms, a
// read-only copy of the key clinical data, communication that does not run
// through the failed system, and recovery with back-entry and
// reconciliation of what was documented on paper. Active allergies and
// medications are safety-critical domains with 100 % acceptance.
//
// The caller fills Owner, Deputy, RTO, RPO and the exercise dates; until
// then [Register.Validate] reports what is missing.
func TemplateEHRDowntime(id, system string, risks ...string) ContingencyPlan {
	return ContingencyPlan{
		ID:       id,
		Title:    fmt.Sprintf("%s downtime", system),
		Template: TemplateEHRDowntimeID,
		Category: CategoryDowntime,
		Systems:  []string{system},
		Risks:    append([]string(nil), risks...),
		Trigger:  fmt.Sprintf("%s unavailable or unreliable for clinical use (planned or unplanned)", system),
		Activation: []string{
			fmt.Sprintf("%s unavailable for more than 15 minutes, or expected to be", system),
			"results, orders or medication records known to be incomplete or wrong",
			"planned maintenance window opens",
		},
		Fallback: []string{
			"declare downtime and start the downtime log (time, who declared, scope)",
			"switch to preprinted paper forms (orders, medication administration, notes) stocked for at least 8 hours",
			"use the read-only downtime viewer or printed census for active medications, allergies and problem lists",
			"phone or runner for critical results; read back every result",
			"keep patient identification with two identifiers on every paper form",
		},
		Communication: Communication{Channel: "overhead paging and the downtime phone tree",
			DependsOn: []string{"paging-system", "phone-system"}},
		Recovery: []RecoveryStep{
			{ID: "REC-1", Description: "back-enter paper orders and administrations", Domain: "orders", Acceptance: hundred},
			{ID: "REC-2", Description: "reconcile active allergies against paper records", Domain: "active allergies",
				SafetyCritical: true, Acceptance: hundred},
			{ID: "REC-3", Description: "reconcile active medications and administrations", Domain: "active medications",
				SafetyCritical: true, Acceptance: hundred},
			{ID: "REC-4", Description: "confirm results received during downtime were filed and acknowledged",
				Domain: "results", SafetyCritical: true, Acceptance: hundred},
		},
		Status: PlanDraft,
	}
}

// TemplateHIPAA returns a draft contingency plan covering the HIPAA
// Security Rule contingency plan standard, 45 CFR §164.308(a)(7), for the
// systems that hold electronic protected health information: the data
// backup plan, disaster recovery plan and emergency mode operation plan are
// required specifications; testing and revision procedures and the
// applications and data criticality analysis are addressable. None is
// marked addressed: the caller records each one, or documents why an
// addressable one is not reasonable and appropriate.
func TemplateHIPAA(id string, systems []string, risks ...string) ContingencyPlan {
	return ContingencyPlan{
		ID:       id,
		Title:    "HIPAA contingency plan (45 CFR 164.308(a)(7))",
		Template: TemplateHIPAAID,
		Category: CategoryDowntime,
		Systems:  append([]string(nil), systems...),
		Risks:    append([]string(nil), risks...),
		Trigger:  "an emergency or other occurrence (fire, vandalism, system failure, natural disaster) damages systems holding ePHI",
		Activation: []string{
			"systems holding ePHI unavailable beyond the downtime tolerance",
			"backup or replica integrity check fails",
		},
		Fallback: []string{
			"run critical business processes in emergency mode while protecting ePHI",
			"restore from the most recent verified backup in the order of the criticality analysis",
		},
		Specifications: []Specification{
			{ID: "164.308(a)(7)(ii)(A)", Name: "data backup plan", Kind: SpecRequired},
			{ID: "164.308(a)(7)(ii)(B)", Name: "disaster recovery plan", Kind: SpecRequired},
			{ID: "164.308(a)(7)(ii)(C)", Name: "emergency mode operation plan", Kind: SpecRequired},
			{ID: "164.308(a)(7)(ii)(D)", Name: "testing and revision procedures", Kind: SpecAddressable},
			{ID: "164.308(a)(7)(ii)(E)", Name: "applications and data criticality analysis", Kind: SpecAddressable},
		},
		Status: PlanDraft,
	}
}

// MigrationKit is what [TemplateDataMigration] returns: the draft plan and
// the silent-loss hazards it answers, each detected by one reconciliation
// step of the plan.
type MigrationKit struct {
	Plan    ContingencyPlan `json:"plan"`
	Hazards []Hazard        `json:"hazards"`
}

// migrationClasses are the silent-loss classes of a clinical data
// migration (risk.md §5.7): suffix, hazard description, reconciliation
// domain, check, and whether the domain is safety-critical.
var migrationClasses = [...]struct {
	suffix, hazard, domain, check string
	critical                      bool
}{
	{"STRUCT", "coded data becomes unstructured (PDF or free text) and drops out of decision support",
		"coded problems, results and medications", "count coded entries per patient and type, source vs target", false},
	{"CODEMAP", "code-system mapping gap (SNOMED CT, ICD, RxNorm, LOINC): code unmapped or its system URI lost",
		"coded concepts", "every source code maps to a target code with its system URI; unmapped list reviewed", false},
	{"STATUS", "allergy or problem status flattened (refuted, resolved or inactive becomes active, or the reverse)",
		"active allergies", "compare allergy and problem status per patient, source vs target", true},
	{"MEDS", "active medication list altered (dose, route, status) in conversion",
		"active medications", "compare active medications field by field per patient", true},
	{"FEED", "HL7/FHIR interface feed dropped or not re-pointed at cut-over, so new data stops arriving",
		"interface feeds", "message counts per feed and sender, before and after cut-over", false},
}

// TemplateDataMigration returns a draft plan for migrating clinical data
// from source to target, with the silent-loss classes of a data migration
// pre-seeded as hazards (category [CategoryDataMigration], IDs
// prefix+"-STRUCT", "-CODEMAP", "-STATUS", "-MEDS", "-FEED") and one
// reconciliation step per class that names the hazard it detects.
// Safety-critical domains (active allergies, active medications) require
// 100 % agreement; the others start at 99.5 % and may be raised.
//
// The hazards still need sequences of events, situations and estimates in
// the register before they are assessed.
func TemplateDataMigration(id, prefix, source, target string) MigrationKit {
	kit := MigrationKit{Plan: ContingencyPlan{
		ID:       id,
		Title:    fmt.Sprintf("data migration %s to %s", source, target),
		Template: TemplateDataMigrationID,
		Category: CategoryDataMigration,
		Systems:  []string{source, target},
		Trigger:  "a reconciliation check falls below its acceptance criterion, or cut-over fails",
		Activation: []string{
			"any safety-critical domain below 100 % agreement",
			"target system unavailable after cut-over beyond the downtime tolerance",
		},
		Fallback: []string{
			fmt.Sprintf("keep %s read-only and available for lookup until reconciliation passes", source),
			"hold go-live for affected domains; clinicians verify allergies and medications at each encounter",
			"roll back to the last good load if reconciliation cannot pass before the RTO",
		},
		Communication: Communication{Channel: "migration bridge call and clinical safety officer phone list",
			DependsOn: []string{"phone-system"}},
		Status: PlanDraft,
	}}
	partial := decimal.RequireFromString("99.5")
	for i, c := range migrationClasses {
		hz := prefix + "-" + c.suffix
		kit.Hazards = append(kit.Hazards, Hazard{ID: hz, Category: CategoryDataMigration, Description: c.hazard})
		kit.Plan.Risks = append(kit.Plan.Risks, hz)
		acc := partial
		if c.critical {
			acc = hundred
		}
		kit.Plan.Recovery = append(kit.Plan.Recovery, RecoveryStep{ID: fmt.Sprintf("RECON-%d", i+1),
			Description: c.check, Domain: c.domain, SafetyCritical: c.critical, Acceptance: acc, Hazards: []string{hz}})
	}
	return kit
}
