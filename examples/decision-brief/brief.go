package main

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/healthpm/healthpm/prioritize"
	"github.com/healthpm/healthpm/regulatory"
	"github.com/healthpm/healthpm/risk"
)

// BriefSchema identifies the JSON form of the brief (writeJSON).
const BriefSchema = "healthpm-brief/v1"

// Brief is every result the brief shows, as the packages computed it. Its
// JSON form (snake_case, decimals as strings, enums as text) is the -format
// json output.
type Brief struct {
	Schema        string         `json:"schema"`
	Organisation  string         `json:"organisation"`
	AsOf          string         `json:"as_of"` // YYYY-MM-DD
	Currency      string         `json:"currency"`
	Backlog       BacklogResult  `json:"backlog"`
	Robustness    Robustness     `json:"robustness"`
	Risks         RiskResult     `json:"risks"`
	Devices       []DeviceResult `json:"devices"`
	BusinessCases []caseResult   `json:"business_cases"`
}

// BacklogResult is the ranking of the backlog and why #1 beats #2.
type BacklogResult struct {
	Ranking     prioritize.Ranking     `json:"ranking"`
	Explanation prioritize.Explanation `json:"explanation"`
}

// Robustness is how stable the ranking is: weight and score sensitivity
// with the fragile-winner flag (prioritize.AnalyzeSensitivity, default
// options).
type Robustness struct {
	Sensitivity prioritize.SensitivityReport `json:"sensitivity"`
	// SMAA is the rank acceptability of every item under the portfolio's
	// SMAA settings (prioritize.SMAA).
	SMAA prioritize.SMAAResult `json:"smaa"`
	// Portfolio is the budgeted selection (prioritize.SelectPortfolio) over
	// the items that pass every gate; null without budget settings.
	Portfolio *BudgetResult `json:"portfolio"`
}

// BudgetResult is the budgeted portfolio with the items that could not
// enter it.
type BudgetResult struct {
	Selection prioritize.PortfolioResult `json:"selection"`
	// Excluded lists items blocked by a gate or requiring a blocked item
	// (ranking order); MandatoryBlocked the mandatory ones among them.
	Excluded         []string `json:"excluded"`
	MandatoryBlocked []string `json:"mandatory_blocked"`
}

// RiskResult summarizes the risk register as of the portfolio's date.
type RiskResult struct {
	RegisterID string            `json:"register_id"`
	Plan       string            `json:"plan"` // plan ID and version
	Rows       []RowPriority     `json:"rows"`
	Risks      []risk.RiskStatus `json:"risks"`    // every (situation, harm) pair, initial and current
	Findings   []risk.Finding    `json:"findings"` // Register.Validate(as_of)
}

// RowPriority is one FMEA line with its Action Priority.
type RowPriority struct {
	ID       string        `json:"id"`
	Product  string        `json:"product"`
	Scored   bool          `json:"scored"`
	Priority risk.APResult `json:"priority"`
}

// DeviceResult is one product's classification in the four frameworks.
type DeviceResult struct {
	ID       string            `json:"id"`
	Name     string            `json:"name"`
	EUMDR    regulatory.Result `json:"eu_mdr"`
	IMDRF    regulatory.Result `json:"imdrf"`
	FDA      regulatory.Result `json:"fda"`
	IEC62304 regulatory.Result `json:"iec62304"`
}

// buildBrief computes every result of the brief for p.
func buildBrief(p *Portfolio, prog progress) (*Brief, error) {
	b := &Brief{Schema: BriefSchema, Organisation: p.Organisation, AsOf: p.AsOf.Format(time.DateOnly),
		Currency: p.Currency}
	prog("ranking the backlog")
	r, err := prioritize.Rank(p.Model, p.Items)
	if err != nil {
		return nil, fmt.Errorf("backlog: %w", err)
	}
	ex, err := prioritize.Explain(r, r.Entries[0].ID, r.Entries[1].ID)
	if err != nil {
		return nil, fmt.Errorf("backlog: %w", err)
	}
	b.Backlog = BacklogResult{Ranking: r, Explanation: ex}
	prog("weight and score sensitivity")
	if b.Robustness.Sensitivity, err = prioritize.AnalyzeSensitivity(p.Model, p.Items, prioritize.SensitivityOptions{}); err != nil {
		return nil, fmt.Errorf("robustness: %w", err)
	}
	prog("SMAA rank acceptability")
	if b.Robustness.SMAA, err = prioritize.SMAA(p.Model, p.Items, p.Robustness.SMAA); err != nil {
		return nil, fmt.Errorf("robustness: SMAA: %w", err)
	}
	if p.Robustness.HasBudget {
		prog("budgeted portfolio")
		bp := buildBudgetProblem(r, p.Robustness.Budget)
		sel, err := prioritize.SelectPortfolio(bp.problem, prioritize.PortfolioOptions{})
		if err != nil {
			return nil, fmt.Errorf("robustness: portfolio: %w", err)
		}
		b.Robustness.Portfolio = &BudgetResult{Selection: sel, Excluded: nonNil(bp.excluded),
			MandatoryBlocked: nonNil(bp.mandatoryBlocked)}
	}
	prog("evaluating the risk register")
	if b.Risks, err = summarizeRisks(p.Register, p.AsOf); err != nil {
		return nil, fmt.Errorf("risks: %w", err)
	}
	prog("classifying devices")
	rows, err := classifyPortfolio(p)
	if err != nil {
		return nil, fmt.Errorf("devices: %w", err)
	}
	for _, d := range rows {
		b.Devices = append(b.Devices, DeviceResult{ID: d.id, Name: d.name, EUMDR: d.eu, IMDRF: d.imdrf, FDA: d.fda,
			IEC62304: d.iec})
	}
	b.BusinessCases = []caseResult{}
	for _, c := range p.Cases {
		prog("business case " + c.Case.ID + " (Monte Carlo)")
		res, err := evaluateCase(c)
		if err != nil {
			return nil, fmt.Errorf("business case %s: %w", c.Case.ID, err)
		}
		b.BusinessCases = append(b.BusinessCases, res)
	}
	return b, nil
}

// summarizeRisks computes the AP of every FMEA line, the initial and current
// risk of every (situation, harm) pair, and the register's findings.
func summarizeRisks(reg *risk.Register, asOf time.Time) (RiskResult, error) {
	out := RiskResult{RegisterID: reg.ID, Plan: reg.Plan.ID + " v" + reg.Plan.Version,
		Rows: []RowPriority{}, Risks: []risk.RiskStatus{}}
	product := map[string]string{}
	for _, ws := range reg.Worksheets {
		product[ws.ID] = ws.Product
	}
	for _, row := range reg.Rows {
		rp := RowPriority{ID: row.ID, Product: product[row.Worksheet], Scored: row.Scored()}
		if rp.Scored {
			table, err := reg.Table(row.APTable)
			if err != nil {
				return RiskResult{}, err
			}
			if rp.Priority, err = risk.ActionPriority(table, row.S, row.O, row.D); err != nil {
				return RiskResult{}, err
			}
		}
		out.Rows = append(out.Rows, rp)
	}
	situations := slices.Clone(reg.Situations)
	slices.SortFunc(situations, func(a, b risk.HazardousSituation) int { return cmp.Compare(a.ID, b.ID) })
	for _, hs := range situations {
		for _, harm := range hs.Harms {
			st, err := reg.RiskOf(hs.ID, harm)
			if err != nil {
				return RiskResult{}, err
			}
			out.Risks = append(out.Risks, st)
		}
	}
	out.Findings = reg.Validate(asOf)
	if out.Findings == nil {
		out.Findings = []risk.Finding{}
	}
	return out, nil
}

// writeJSON writes the brief's results as indented JSON.
func writeJSON(w io.Writer, p *Portfolio, prog progress) error {
	b, err := buildBrief(p, prog)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(b)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
