// Command quickstart is the README's quick start: it ranks two backlog items on
// the healthcare preset, looks up an FMEA Action Priority and computes an IRR.
//
//	go run ./examples/quickstart
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/healthpm/healthpm/prioritize"
	"github.com/healthpm/healthpm/risk"
	"github.com/healthpm/healthpm/roi"
	"github.com/shopspring/decimal"
)

func run(w io.Writer) error {
	model := prioritize.HealthcareDefault() // Patient Safety and Regulatory Viability are gated
	item := func(id string, scores ...float64) prioritize.Item {
		it := prioritize.Item{ID: id}
		for i, c := range model.Criteria {
			it.Scores = append(it.Scores, prioritize.Score{Criterion: c.ID, Value: scores[i]})
		}
		return it
	}
	ranking, err := prioritize.Rank(model, []prioritize.Item{
		item("EHR-INT", 4, 3, 5, 4, 3, 2), item("AI-TRIAGE", 2, 4, 3, 2, 3, 4)})
	if err != nil {
		return err
	}
	why, err := prioritize.Explain(ranking, "EHR-INT", "AI-TRIAGE")
	if err != nil {
		return err
	}
	fmt.Fprintln(w, why.Summary)

	ap, err := risk.AIAGVDA2019().Lookup(8, 5, 7) // severity, occurrence, detection
	if err != nil {
		return err
	}
	flows := []decimal.Decimal{decimal.NewFromInt(-1000), decimal.NewFromInt(600), decimal.NewFromInt(600)}
	irr, err := roi.IRR(flows, roi.IRROptions{}) // Excel-compatible root, never <= -100 %
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(w, "AP", ap, "IRR", irr.StringFixed(4))
	return err
}

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
