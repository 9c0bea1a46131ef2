package main

import (
	"cmp"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/healthpm/healthpm/risk"
)

func init() { register(section{order: 30, title: "Risk register", write: writeRisks}) }

// riskAsOf is the date the portfolio's risk register is reviewed.
var riskAsOf = time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)

// riskProducts is the order products are listed in.
var riskProducts = []string{"AI-TRIAGE", "EHR-INT", "RPM", "PORTAL", "INV-REORDER"}

func rday(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 9, 0, 0, 0, time.UTC) }

// steps returns the first n verification steps of a control.
func steps(n int, evidence ...string) []risk.Transition {
	all := []risk.Transition{
		{To: risk.StateImplemented, Actor: "eng.lead", At: rday(2026, 5, 4)},
		{To: risk.StateImplementationVerified, Actor: "qa.lead", At: rday(2026, 6, 15)},
		{To: risk.StateEffectivenessVerified, Actor: "clinical.safety", At: rday(2026, 8, 31)},
	}
	out := all[:n]
	for i := range out {
		out[i].Evidence = evidence[i]
	}
	return out
}

// portfolioRegister is the organisation's risk register: one FMEA worksheet
// per product and the ISO 14971 chain for the risks that can harm patients.
func portfolioRegister() *risk.Register {
	initial := func(id, hs, harm string, p1, p2 risk.Interval) risk.Estimate {
		return risk.Estimate{ID: id, Situation: hs, Harm: harm, Stage: risk.StageInitial, P1: p1, P2: p2,
			By: "clinical.safety", At: rday(2026, 3, 2)}
	}
	residual := func(id, hs, harm string, p1, p2 risk.Interval, final bool, controls ...string) risk.Estimate {
		return risk.Estimate{ID: id, Situation: hs, Harm: harm, Stage: risk.StageAfterControls, P1: p1, P2: p2,
			Controls: controls, Final: final, By: "clinical.safety", At: rday(2026, 9, 14)}
	}
	iv := func(lo, hi float64) risk.Interval { return risk.Interval{Lo: lo, Hi: hi} }
	assessed := risk.NewRiskCheck{Assessed: true, Rationale: "reviewed in hazard workshop HW-4; no new hazard"}
	row := func(id, ws, fm, mode, effect, cause string, s, o, d risk.Rating, hs string) risk.FMEARow {
		r := risk.FMEARow{ID: id, Worksheet: ws, FailureModeID: fm, FailureMode: mode, Effect: effect, Cause: cause,
			S: s, O: o, D: d}
		if hs != "" {
			r.Situations = []string{hs}
		}
		if s >= 9 && id != "R-RPM-1" {
			r.ManagementReview = risk.Review{By: "cmo", At: rday(2026, 4, 20), Note: "actions endorsed"}
		}
		return r
	}
	reg := &risk.Register{
		SchemaVersion: risk.SchemaVersion, ID: "PORTFOLIO-RMF", Plan: risk.PlanMedtech5x5(),
		Harms: []risk.Harm{
			{ID: "HARM-DELAYED-TX", Description: "delayed treatment of a time-critical condition", Severity: 4},
			{ID: "HARM-WRONG-TX", Description: "treatment decided on another patient's data", Severity: 4},
			{ID: "HARM-DETERIORATION", Description: "unrecognised deterioration at home", Severity: 5},
			{ID: "HARM-DISCLOSURE", Description: "distress from seeing another patient's record", Severity: 2},
			{ID: "HARM-PROCEDURE-DELAY", Description: "procedure postponed for missing supplies", Severity: 3},
		},
		Hazards: []risk.Hazard{
			{ID: "HZ-AT-UNDER", Product: "AI-TRIAGE", Category: "information", Description: "urgency suggested too low"},
			{ID: "HZ-EI-LOSS", Product: "EHR-INT", Category: "information", Description: "HL7/FHIR message lost"},
			{ID: "HZ-EI-MISMATCH", Product: "EHR-INT", Category: "information", Description: "message filed to wrong patient"},
			{ID: "HZ-RPM-ALARM", Product: "RPM", Category: "information", Description: "vital-sign alarm not delivered"},
			{ID: "HZ-PO-WRONG", Product: "PORTAL", Category: "information", Description: "wrong-patient data displayed"},
			{ID: "HZ-IR-STOCKOUT", Product: "INV-REORDER", Category: "operational", Description: "critical supply not reordered"},
			{ID: "HZ-EI-DOWN", Product: "EHR-INT", Category: risk.CategoryDowntime, Description: "EHR interface down",
				MaxDowntime: risk.Dur(8 * time.Hour), MaxDataLoss: risk.Dur(time.Hour)},
		},
		Sequences: []risk.SequenceOfEvents{
			{ID: "SQ-AT-1", Hazard: "HZ-AT-UNDER", Situation: "HS-AT-UNDER", Cause: "model drift after case-mix change"},
			{ID: "SQ-EI-1", Hazard: "HZ-EI-LOSS", Situation: "HS-EI-LOSS", Cause: "interface engine restart drops queue"},
			{ID: "SQ-EI-2", Hazard: "HZ-EI-MISMATCH", Situation: "HS-EI-MISMATCH", Cause: "MRN mapping error after merge"},
			{ID: "SQ-RPM-1", Hazard: "HZ-RPM-ALARM", Situation: "HS-RPM-ALARM", Cause: "Bluetooth dropout at home"},
			{ID: "SQ-PO-1", Hazard: "HZ-PO-WRONG", Situation: "HS-PO-WRONG", Cause: "proxy account linked to wrong record"},
			{ID: "SQ-IR-1", Hazard: "HZ-IR-STOCKOUT", Situation: "HS-IR-STOCKOUT", Cause: "usage feed stale for a week"},
			{ID: "SQ-EI-3", Hazard: "HZ-EI-DOWN", Situation: "HS-EI-LOSS", Cause: "data-centre outage stops the interface"},
		},
		Situations: []risk.HazardousSituation{
			{ID: "HS-AT-UNDER", Description: "time-critical ED patient queued as routine", Harms: []string{"HARM-DELAYED-TX"}},
			{ID: "HS-EI-LOSS", Description: "critical lab result never reaches the clinician", Harms: []string{"HARM-DELAYED-TX"}},
			{ID: "HS-EI-MISMATCH", Description: "result filed in another patient's chart", Harms: []string{"HARM-WRONG-TX"}},
			{ID: "HS-RPM-ALARM", Description: "deteriorating patient's alarm not delivered", Harms: []string{"HARM-DETERIORATION"}},
			{ID: "HS-PO-WRONG", Description: "patient sees another patient's results", Harms: []string{"HARM-DISCLOSURE"}},
			{ID: "HS-IR-STOCKOUT", Description: "theatre list starts without critical supplies", Harms: []string{"HARM-PROCEDURE-DELAY"}},
			{ID: "HS-MIG-MEDLIST", Description: "clinician relies on a wrong migrated allergy or medication list",
				Harms: []string{"HARM-WRONG-TX"}},
		},
		Estimates: []risk.Estimate{
			initial("E-AT-0", "HS-AT-UNDER", "HARM-DELAYED-TX", iv(1e-3, 1e-2), iv(0.1, 0.3)),
			residual("E-AT-1", "HS-AT-UNDER", "HARM-DELAYED-TX", iv(1e-3, 1e-2), iv(1e-5, 1e-4), true, "C-AT-VITALS"),
			initial("E-EI-0", "HS-EI-LOSS", "HARM-DELAYED-TX", iv(1e-3, 1e-2), iv(0.05, 0.2)),
			residual("E-EI-1", "HS-EI-LOSS", "HARM-DELAYED-TX", iv(1e-6, 1e-5), iv(0.05, 0.2), false, "C-EI-ACK"),
			initial("E-EM-0", "HS-EI-MISMATCH", "HARM-WRONG-TX", iv(1e-5, 1e-4), iv(0.1, 0.5)),
			residual("E-EM-1", "HS-EI-MISMATCH", "HARM-WRONG-TX", iv(1e-7, 1e-6), iv(0.1, 0.5), true, "C-EI-MATCH"),
			initial("E-RPM-0", "HS-RPM-ALARM", "HARM-DETERIORATION", iv(1e-4, 1e-3), iv(0.1, 0.5)),
			residual("E-RPM-1", "HS-RPM-ALARM", "HARM-DETERIORATION", iv(1e-6, 1e-5), iv(0.1, 0.5), false,
				"C-RPM-HEARTBEAT", "C-RPM-IFU"),
			initial("E-PO-0", "HS-PO-WRONG", "HARM-DISCLOSURE", iv(1e-4, 1e-3), iv(0.5, 1)),
			residual("E-PO-1", "HS-PO-WRONG", "HARM-DISCLOSURE", iv(1e-6, 1e-5), iv(0.5, 1), true, "C-PO-PROXY"),
			initial("E-IR-0", "HS-IR-STOCKOUT", "HARM-PROCEDURE-DELAY", iv(1e-4, 1e-3), iv(0.01, 0.1)),
			initial("E-MIG-0", "HS-MIG-MEDLIST", "HARM-WRONG-TX", iv(1e-4, 1e-3), iv(0.1, 0.5)),
		},
		Controls: []risk.Control{
			{ID: "C-AT-VITALS", Description: "abnormal vital signs force an urgent category", Option: risk.ProtectiveMeasure,
				Situations: []string{"HS-AT-UNDER"}, NewRisk: assessed,
				History: steps(3, "PR-812", "TC-431 passed", "retrospective study RS-7 (n=4,210)")},
			{ID: "C-EI-ACK", Description: "application-level ACK with resend and reconciliation queue",
				Option: risk.ProtectiveMeasure, Situations: []string{"HS-EI-LOSS"}, NewRisk: assessed,
				History: steps(2, "CR-77", "interface test IT-19 passed")},
			{ID: "C-EI-MATCH", Description: "two-identifier patient match before filing", Option: risk.InherentSafety,
				Situations: []string{"HS-EI-MISMATCH"}, NewRisk: assessed,
				History: steps(3, "CR-80", "IT-22 passed", "30-day mismatch audit: 0 of 61,000")},
			{ID: "C-RPM-HEARTBEAT", Description: "connection heartbeat with nurse call-back after 15 min",
				Option: risk.ProtectiveMeasure, Situations: []string{"HS-RPM-ALARM"}, NewRisk: assessed,
				History: steps(1, "PR-1204")},
			{ID: "C-RPM-IFU", Description: "in-app warning when readings stop", Option: risk.InformationForSafety,
				OptionRationale: "heartbeat (protective) is primary; the warning covers phones without background mode",
				Situations:      []string{"HS-RPM-ALARM"}},
			{ID: "C-PO-PROXY", Description: "identity proofing before a proxy link is created", Option: risk.InherentSafety,
				Situations: []string{"HS-PO-WRONG"}, NewRisk: assessed,
				History: steps(3, "PR-655", "TC-90 passed", "proxy audit: 0 wrong links in 2,300")},
			{ID: "C-IR-SAFETY-STOCK", Description: "par-level floor for critical theatre supplies",
				Option: risk.ProtectiveMeasure, Situations: []string{"HS-IR-STOCKOUT"}},
			{ID: "C-MIG-RECON", Description: "per-patient reconciliation of allergies and medications",
				Option: risk.ProtectiveMeasure, Situations: []string{"HS-MIG-MEDLIST"}, NewRisk: assessed,
				History: steps(1, "migration runbook MR-3")},
		},
		Worksheets: []risk.Worksheet{
			{ID: "WS-AT", Kind: risk.SoftwareFMEA, Product: "AI-TRIAGE"},
			{ID: "WS-EI", Kind: risk.DFMEA, Product: "EHR-INT"},
			{ID: "WS-RPM", Kind: risk.DFMEA, Product: "RPM"},
			{ID: "WS-PO", Kind: risk.SoftwareFMEA, Product: "PORTAL"},
			{ID: "WS-IR", Kind: risk.PFMEA, Product: "INV-REORDER"},
		},
		Rows: []risk.FMEARow{
			row("R-AT-1", "WS-AT", "FM-AT-UNDER", "under-triage", "time-critical patient waits",
				"model drift after case-mix change", 9, 4, 6, "HS-AT-UNDER"),
			row("R-AT-2", "WS-AT", "FM-AT-UNDER", "under-triage", "time-critical patient waits",
				"vital signs missing from input", 9, 3, 4, "HS-AT-UNDER"),
			row("R-AT-3", "WS-AT", "FM-AT-OVER", "over-triage", "ED resources diverted", "threshold too cautious",
				5, 6, 5, "HS-AT-UNDER"),
			row("R-EI-1", "WS-EI", "FM-EI-LOSS", "message loss", "lab result not filed",
				"ORU dropped on interface restart", 8, 5, 7, "HS-EI-LOSS"),
			row("R-EI-2", "WS-EI", "FM-EI-MISMATCH", "patient mismatch", "result in wrong chart",
				"MRN mapping error after merge", 9, 2, 5, "HS-EI-MISMATCH"),
			row("R-EI-3", "WS-EI", "FM-EI-DUP", "duplicate orders", "test done twice", "resend without idempotency key",
				5, 4, 3, "HS-EI-LOSS"),
			row("R-RPM-1", "WS-RPM", "FM-RPM-ALARM", "missed alarm", "deterioration unnoticed",
				"Bluetooth dropout hides SpO2 alarm", 9, 5, 6, "HS-RPM-ALARM"),
			row("R-RPM-2", "WS-RPM", "FM-RPM-FALSE", "false alarms", "alarm fatigue", "motion artefact", 4, 7, 2,
				"HS-RPM-ALARM"),
			row("R-RPM-3", "WS-RPM", "FM-RPM-LATE", "delayed upload", "trend reviewed late", "phone battery saver",
				6, risk.Unscored, risk.Unscored, "HS-RPM-ALARM"),
			row("R-PO-1", "WS-PO", "FM-PO-WRONG", "wrong-patient data", "another patient's results shown",
				"proxy account linked to wrong record", 8, 3, 6, "HS-PO-WRONG"),
			row("R-PO-2", "WS-PO", "FM-PO-EARLY", "early release", "result seen before clinician call",
				"release rule misconfigured", 6, 5, 7, "HS-PO-WRONG"),
			row("R-IR-1", "WS-IR", "FM-IR-STOCKOUT", "stock-out", "critical supply missing", "usage feed stale", 7, 4, 4,
				"HS-IR-STOCKOUT"),
			row("R-IR-2", "WS-IR", "FM-IR-OVER", "over-ordering", "excess stock expires", "seasonal factor doubled",
				2, 6, 3, ""),
		},
		Actions: []risk.Action{
			{ID: "A-AT-1", Row: "R-AT-1", Description: "weekly drift monitor with retraining gate", Owner: "ml.lead",
				Due: rday(2027, 1, 15), Status: risk.ActionOpen},
			{ID: "A-EI-1", Row: "R-EI-1", Description: "persistent queue on interface engine", Owner: "integration.lead",
				Due: rday(2026, 12, 18), Status: risk.ActionOpen},
		},
	}
	reg.Hazards, reg.Sequences, reg.ContingencyPlans = withContingency(reg.Hazards, reg.Sequences)
	return reg
}

// withContingency adds the data-migration hazards (from the package's
// template, each leading to HS-MIG-MEDLIST) and the two contingency plans:
// EHR interface downtime, last exercised more than a year before the brief,
// and the legacy EHR data migration, whose mock cut-over passed with
// findings that have no follow-up yet.
func withContingency(hz []risk.Hazard, sq []risk.SequenceOfEvents) ([]risk.Hazard, []risk.SequenceOfEvents,
	[]risk.ContingencyPlan) {
	down := risk.TemplateEHRDowntime("CP-EI-DOWN", "EHR", "HZ-EI-DOWN")
	down.Owner, down.Deputy = "integration.lead", "nursing.informatics"
	down.RTO, down.RPO = risk.Dur(4*time.Hour), risk.Dur(15*time.Minute)
	down.LastExercise = risk.Exercise{At: rday(2025, 10, 8), Result: risk.ExercisePassed, Notes: "tabletop TT-2025-2"}
	down.NextExerciseDue = rday(2026, 10, 8)
	down.Status = risk.PlanApproved

	kit := risk.TemplateDataMigration("CP-EI-MIG", "HZ-MIG", "legacy-EHR", "EHR")
	mig := kit.Plan
	mig.Owner, mig.Deputy = "data.migration.lead", "integration.lead"
	mig.RTO, mig.RPO = risk.Dur(48*time.Hour), risk.Dur(0)
	mig.LastExercise = risk.Exercise{At: rday(2026, 9, 15), Result: risk.ExercisePassedWithFindings,
		Notes: "mock cut-over MC-1: 41 allergy statuses flattened"}
	mig.NextExerciseDue = rday(2027, 1, 15)
	mig.Status = risk.PlanApproved
	for i, h := range kit.Hazards {
		h.Product = "EHR-INT"
		hz = append(hz, h)
		sq = append(sq, risk.SequenceOfEvents{ID: fmt.Sprintf("SQ-MIG-%d", i+1), Hazard: h.ID,
			Situation: "HS-MIG-MEDLIST", Cause: "silent loss during legacy EHR migration"})
	}
	return hz, sq, []risk.ContingencyPlan{down, mig}
}

// apCounts counts a worksheet's lines by AP; unscored lines are counted
// apart, never as L.
type apCounts struct{ h, m, l, unscored int }

func writeRisks(w io.Writer) error {
	reg := portfolioRegister()
	product := map[string]string{}
	for _, ws := range reg.Worksheets {
		product[ws.ID] = ws.Product
	}
	counts := map[string]*apCounts{}
	for _, p := range riskProducts {
		counts[p] = &apCounts{}
	}
	var total apCounts
	type hLine struct {
		row risk.FMEARow
		res risk.APResult
	}
	var high []hLine
	for _, row := range reg.Rows {
		table, err := reg.Table(row.APTable)
		if err != nil {
			return err
		}
		c := counts[product[row.Worksheet]]
		if c == nil {
			return fmt.Errorf("row %s: worksheet %s has no product", row.ID, row.Worksheet)
		}
		res, err := risk.ActionPriority(table, row.S, row.O, row.D)
		switch {
		case !row.Scored():
			c.unscored++
			total.unscored++
			continue
		case err != nil:
			return err
		}
		switch res.AP {
		case risk.APHigh:
			c.h++
			total.h++
			high = append(high, hLine{row, res})
		case risk.APMedium:
			c.m++
			total.m++
		default:
			c.l++
			total.l++
		}
	}
	tab := risk.AIAGVDA2019()
	fmt.Fprintf(w, "Plan %s v%s: acceptability from severity x probability of harm; RPN and AP only\n",
		reg.Plan.ID, reg.Plan.Version)
	fmt.Fprintf(w, "rank the need for action. AP table %s (sha256 %s...), as of %s.\n\n",
		tab.ID(), tab.Checksum()[:12], riskAsOf.Format(time.DateOnly))

	fmt.Fprintln(w, "FMEA lines by Action Priority")
	fmt.Fprintf(w, "  %-12s %3s %3s %3s %9s\n", "Product", "H", "M", "L", "unscored")
	for _, p := range riskProducts {
		c := counts[p]
		fmt.Fprintf(w, "  %-12s %3d %3d %3d %9d\n", p, c.h, c.m, c.l, c.unscored)
	}
	fmt.Fprintf(w, "  %-12s %3d %3d %3d %9d\n\n", "Total", total.h, total.m, total.l, total.unscored)

	fmt.Fprintln(w, "AP = H lines and their actions")
	actions := map[string]risk.Action{}
	for _, a := range reg.Actions {
		if a.Status != risk.ActionCancelled {
			actions[a.Row] = a
		}
	}
	for _, h := range high {
		fmt.Fprintf(w, "  %-8s %-10s S%d O%d D%d RPN %3d  %s: %s\n", h.row.ID, product[h.row.Worksheet],
			h.row.S, h.row.O, h.row.D, h.res.RPN, h.row.FailureMode, h.row.Cause)
		if a, ok := actions[h.row.ID]; ok {
			fmt.Fprintf(w, "           action %s: %s (%s, due %s)\n", a.ID, a.Description, a.Owner, a.Due.Format(time.DateOnly))
		} else {
			fmt.Fprintln(w, "           NO ACTION and no justification")
		}
	}

	fmt.Fprintln(w, "\nRisks unacceptable before control (ISO 14971; P = P1 x P2, class of its upper bound)")
	hazardOf := map[string]risk.Hazard{}
	for _, q := range reg.Sequences {
		for _, hz := range reg.Hazards {
			if hz.ID == q.Hazard {
				hazardOf[q.Situation] = hz
			}
		}
	}
	controls := map[string]risk.Control{}
	for _, c := range reg.Controls {
		controls[c.ID] = c
	}
	situations := slices.Clone(reg.Situations)
	slices.SortStableFunc(situations, func(a, b risk.HazardousSituation) int {
		pa := slices.Index(riskProducts, hazardOf[a.ID].Product)
		pb := slices.Index(riskProducts, hazardOf[b.ID].Product)
		return cmp.Or(cmp.Compare(pa, pb), strings.Compare(a.ID, b.ID))
	})
	pairs, unacceptable, remaining := 0, 0, 0
	for _, hs := range situations {
		for _, harm := range hs.Harms {
			st, err := reg.RiskOf(hs.ID, harm)
			if err != nil {
				return err
			}
			pairs++
			if st.Initial.Acceptability != risk.Unacceptable {
				continue
			}
			unacceptable++
			if st.Current.Acceptability == risk.Unacceptable {
				remaining++
			}
			fmt.Fprintf(w, "  %-11s %-14s %s\n", hazardOf[hs.ID].Product, hs.ID, hs.Description)
			now := "initial estimate still current"
			if st.Residual {
				now = "final residual " + st.CurrentEstimate
			}
			fmt.Fprintf(w, "      initial %s (S%d, P<=%.0e) -> now %s (%s, %s)\n", st.Initial.Class,
				st.Initial.SeverityLevel, st.Initial.P.Hi, st.Current.Class, st.Current.Acceptability, now)
			for _, id := range st.Controls {
				c := controls[id]
				fmt.Fprintf(w, "      %-17s %-25s %s\n", c.ID, c.Option, c.State())
			}
		}
	}
	fmt.Fprintf(w, "  %d of %d risks unacceptable before control; %d stay so until their controls are verified.\n",
		unacceptable, pairs, remaining)

	findings := reg.Validate(riskAsOf)
	var errs, warns int
	byCode := map[string]int{}
	for _, f := range findings {
		if f.Severity == risk.SeverityError {
			errs++
		} else {
			warns++
			byCode[f.Code]++
		}
	}
	fmt.Fprintf(w, "\nRegister check (Validate as of %s): %d errors, %d warnings\n",
		riskAsOf.Format(time.DateOnly), errs, warns)
	for _, f := range findings {
		if f.Severity == risk.SeverityError {
			fmt.Fprintf(w, "  error    %-40s %s\n", f.Code, strings.Join(f.IDs, ", "))
		}
	}
	for _, c := range slices.Sorted(maps.Keys(byCode)) {
		fmt.Fprintf(w, "  warning  %-40s x%d\n", c, byCode[c])
	}
	return writeReadiness(w, reg, findings)
}

// writeReadiness prints the contingency readiness part: per plan its
// promises, its last and next exercise, and its readiness findings.
func writeReadiness(w io.Writer, reg *risk.Register, findings []risk.Finding) error {
	fmt.Fprintf(w, "\nContingency readiness (as of %s)\n", riskAsOf.Format(time.DateOnly))
	byPlan := map[string][]risk.Finding{}
	uncovered := 0
	for _, f := range findings {
		switch {
		case f.Code == risk.CodeHighRiskWithoutPlan:
			uncovered++
		case strings.HasPrefix(f.Code, "contingency-plan-"):
			byPlan[f.IDs[0]] = append(byPlan[f.IDs[0]], f)
		}
	}
	for _, p := range reg.ContingencyPlans {
		fmt.Fprintf(w, "  %-10s %s (template %s)\n", p.ID, p.Title, p.Template)
		fmt.Fprintf(w, "             answers %s\n", strings.Join(p.Risks, ", "))
		fmt.Fprintf(w, "             owner %s, deputy %s; RTO %s, RPO %s\n", p.Owner, p.Deputy, p.RTO, p.RPO)
		fmt.Fprintf(w, "             last exercise %s %s; next due %s\n", p.LastExercise.At.Format(time.DateOnly),
			p.LastExercise.Result, p.NextExerciseDue.Format(time.DateOnly))
		critical := 0
		for _, s := range p.Recovery {
			if s.SafetyCritical {
				critical++
			}
		}
		fmt.Fprintf(w, "             %d reconciliation steps, %d safety-critical at 100 %%\n", len(p.Recovery), critical)
		if len(byPlan[p.ID]) == 0 {
			fmt.Fprintln(w, "             ready")
		}
		for _, f := range byPlan[p.ID] {
			fmt.Fprintf(w, "             %-8s %s\n", f.Severity, f.Code)
		}
	}
	fmt.Fprintf(w, "  High downtime/interface/migration risks without a plan in force: %d\n", uncovered)
	return nil
}
