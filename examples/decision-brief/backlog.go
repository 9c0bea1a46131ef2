package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/healthpm/healthpm/prioritize"
	"github.com/shopspring/decimal"
)

func init() {
	register(section{order: 10, title: "Ranked backlog", write: writeBacklog})
}

// backlogEntry is one product or feature of the portfolio scored on the six
// healthcare criteria (1–5): patient safety, clinical efficacy, workflow
// integration, regulatory viability, financial impact, user adoption risk.
type backlogEntry struct {
	id, name string
	scores   [6]float64
	cost     int64 // EUR
	evidence string
}

// portfolioBacklog holds the five products and three features under review.
// AI-TRIAGE's patient-safety score is a three-point estimate (see
// backlogItems): it is not yet prospectively validated.
var portfolioBacklog = []backlogEntry{
	{"EHR-INT", "EHR integration (HL7/FHIR interface to the hospital EHR)", [6]float64{4, 3, 5, 4, 3, 2}, 450_000,
		"removes manual transcription of results; standard FHIR R4 interface"},
	{"PORTAL", "Patient portal", [6]float64{3, 2, 3, 5, 3, 2}, 300_000, "no clinical function"},
	{"AI-TRIAGE", "AI triage software (suggests ED urgency; SaMD)", [6]float64{4, 4, 3, 2, 3, 4}, 750_000,
		"retrospective ED data only; EU MDR class IIb needs a clinical investigation"},
	{"INV-REORDER", "Inventory reordering for supplies", [6]float64{3, 1, 4, 5, 5, 1}, 180_000,
		"15-25 % supply-cost reduction in comparable hospitals"},
	{"RPM", "Remote patient monitoring (home vital signs)", [6]float64{4, 4, 2, 3, 3, 3}, 600_000,
		"earlier detection of deterioration in heart-failure patients"},
	{"PORTAL-SCHED", "Portal feature: self-scheduling", [6]float64{3, 2, 4, 5, 3, 2}, 120_000, ""},
	{"INV-PAR", "Inventory feature: ED par-level alerts", [6]float64{3, 4, 2, 5, 3, 2}, 90_000, ""},
	{"RPM-ALERTS", "RPM feature: out-of-range vital-sign alerts", [6]float64{4, 4, 3, 3, 2, 3}, 150_000, ""},
}

// backlogItems converts the portfolio into prioritize items.
func backlogItems(m prioritize.Model) []prioritize.Item {
	items := make([]prioritize.Item, len(portfolioBacklog))
	for i, b := range portfolioBacklog {
		it := prioritize.Item{ID: b.id, Name: b.name, Cost: decimal.NewFromInt(b.cost)}
		for j, c := range m.Criteria {
			it.Scores = append(it.Scores, prioritize.Score{Criterion: c.ID, Value: b.scores[j], Evidence: b.evidence, Rater: "portfolio board"})
		}
		if b.id == "AI-TRIAGE" {
			it.Scores[0] = prioritize.Score{Criterion: prioritize.PatientSafety, Kind: prioritize.ScoreThreePoint,
				Min: 2, Value: 4, Max: 5, Evidence: "under-triage possible until prospectively validated", Rater: "CMIO"}
		}
		items[i] = it
	}
	return items
}

func writeBacklog(w io.Writer) error {
	m := prioritize.HealthcareDefault()
	r, err := prioritize.Rank(m, backlogItems(m))
	if err != nil {
		return err
	}
	names := map[string]string{}
	for _, c := range m.Criteria {
		names[c.ID] = c.Name
	}
	fmt.Fprintf(w, "Model %s v%s (%s...), weights %s,\n", r.ModelID, r.ModelVersion, r.ModelHash[:19], r.Scheme)
	fmt.Fprintf(w, "%s on absolute 1-5 scales; critical criteria are non-compensatory gates.\n\n",
		r.Aggregation)
	for j, cw := range r.Weights {
		gate := ""
		if g := m.Criteria[j].Gate; g != nil {
			gate = fmt.Sprintf("gate: score >= %g", g.Threshold)
		}
		dir := ""
		if m.Criteria[j].Direction == prioritize.Cost {
			dir = " (cost)"
		}
		line := fmt.Sprintf("  %-27s %-8s %.4f  %s", names[cw.Criterion]+dir, cw.Tier, cw.Weight, gate)
		fmt.Fprintln(w, strings.TrimRight(line, " "))
	}
	fmt.Fprintf(w, "\n  %-4s %-13s %-7s %s\n", "Rank", "Item", "Score", "Status")
	for _, e := range r.Entries {
		status := "pass"
		if e.Blocked {
			var why []string
			for _, g := range e.Gates {
				if !g.Passed {
					why = append(why, fmt.Sprintf("%s %g < %g", names[g.Criterion], g.Score, g.Threshold))
				}
			}
			status = "BLOCKED: " + strings.Join(why, "; ")
		} else if e.TieGroup != 0 {
			status = fmt.Sprintf("pass, tie group %d", e.TieGroup)
			if e.TieBreak != "" {
				status += ", placed by " + e.TieBreak
			}
		}
		if e.Dominated {
			status += " (dominated by " + e.DominatedBy + ")"
		}
		fmt.Fprintf(w, "  %4d %-13s %.4f  %s\n", e.Rank, e.ID, e.Score, status)
	}
	fmt.Fprintf(w, "\nTies: scores within %g of their group's first share a rank;\n", r.Epsilon)
	fmt.Fprintf(w, "inside a group the order is %s.\n", strings.Join(r.TieBreaks, " > "))
	for _, e := range r.Entries {
		if e.Blocked {
			for _, g := range e.Gates {
				if !g.Passed {
					fmt.Fprintf(w, "%s is blocked whatever its total: pessimistic %s %g is %g below the gate.\n",
						e.ID, names[g.Criterion], g.Score, -g.Margin)
				}
			}
		}
	}
	ex, err := prioritize.Explain(r, r.Entries[0].ID, r.Entries[1].ID)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nWhy %s is #1 ahead of %s (%s by %.4f):\n", ex.Above, ex.Below, ex.Reason, ex.Margin)
	for _, c := range ex.Criteria {
		if c.Delta == 0 {
			continue
		}
		fmt.Fprintf(w, "  %-22s %g vs %g  %+.4f\n", names[c.Criterion], c.RawA, c.RawB, c.Delta)
	}
	return nil
}
