package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/healthpm/healthpm/regulatory"
)

func init() {
	register(section{order: 40, title: "Device classification", render: writeDevices})
}

// deviceRow is the classification of one product in the four frameworks.
type deviceRow struct {
	id, name            string
	eu, imdrf, fda, iec regulatory.Result
}

func classifyPortfolio(p *Portfolio) ([]deviceRow, error) {
	rows := make([]deviceRow, 0, len(p.Devices))
	for _, d := range p.Devices {
		f := d.Facts
		row := deviceRow{id: d.ID, name: d.Name}
		for _, x := range []struct {
			fw  regulatory.Framework
			dst *regulatory.Result
		}{{regulatory.EUMDR, &row.eu}, {regulatory.IMDRF, &row.imdrf}, {regulatory.FDA, &row.fda}, {regulatory.IEC62304, &row.iec}} {
			r, err := regulatory.Evaluate(x.fw, f)
			if err != nil {
				return nil, fmt.Errorf("%s %v: %w", d.ID, x.fw, err)
			}
			*x.dst = r
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// euLine summarizes the EU MDR result: the class and deciding rules, or the
// qualification step that excluded the product.
func euLine(r regulatory.Result) string {
	if r.MedicalDevice != nil && !*r.MedicalDevice {
		deciding := ""
		for _, q := range r.Qualification {
			if q.Status == regulatory.StatusNotApplicable && q.DecidingFact != "" {
				deciding = q.DecidingFact
			}
		}
		return fmt.Sprintf("not a medical device (MDCG 2019-11 step %d: %s)", r.DecisionStep, deciding)
	}
	if r.Class == regulatory.ClassNone {
		return "class not determined; see open questions"
	}
	rules := strings.Join(r.Rules, ", ")
	if r.Subrule != "" {
		rules += " " + r.Subrule
	}
	return fmt.Sprintf("class %s by %s; open questions could reach %s", r.Class, rules, r.HighestReachableClass)
}

func imdrfLine(r regulatory.Result) string {
	if r.Category == "" {
		return "no category (situation and significance not stated)"
	}
	line := fmt.Sprintf("category %s (criterion %s)", r.Category, r.Criterion)
	for _, m := range r.Mappings {
		if m.Jurisdiction == "UK" {
			line += fmt.Sprintf("; UK %s mapping: %s", m.Status, m.Class)
		}
	}
	return line
}

func fdaLine(r regulatory.Result) string {
	line := strings.ReplaceAll(r.DeviceStatus, "_", " ")
	if r.FailedCriteria2022 != nil {
		line += fmt.Sprintf(" (CDS criteria failed: 2022 %v, 2026 %v)", r.FailedCriteria2022, r.FailedCriteria2026)
	} else if r.Basis != "" {
		line += ": " + r.Basis
	}
	return line
}

func writeDevices(w io.Writer, p *Portfolio) error {
	rows, err := classifyPortfolio(p)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "Each product is classified per framework from recorded facts; absent facts stay open.")
	writeWrapped(w, "Rule sets: ", strings.Join([]string{regulatory.RuleSetEUMDR.ID, regulatory.RuleSetIMDRF.ID,
		regulatory.RuleSetFDA.ID, regulatory.RuleSetIEC62304.ID}, ", ")+".")
	for _, r := range rows {
		fmt.Fprintf(w, "\n%s  %s\n", r.id, r.name)
		for _, l := range []struct{ k, v string }{
			{"EU MDR", euLine(r.eu)},
			{"IMDRF N12", imdrfLine(r.imdrf)},
			{"FDA", fdaLine(r.fda)},
			{"IEC 62304", "software safety class " + r.iec.SafetyClass.String() + " (" + r.iec.Basis + ")"},
		} {
			writeWrapped(w, fmt.Sprintf("  %-10s ", l.k), l.v)
		}
		if r.eu.MedicalDevice == nil || *r.eu.MedicalDevice {
			var next []string
			for i, q := range r.eu.Questions {
				if i == 3 {
					break
				}
				next = append(next, q.Fact)
			}
			if len(next) > 0 {
				writeWrapped(w, "  Next facts to state (EU): ", strings.Join(next, ", "))
			}
		}
	}
	return nil
}

// writeWrapped writes prefix+text, wrapping at 100 columns with a hanging indent.
func writeWrapped(w io.Writer, prefix, text string) {
	const width = 100
	indent := strings.Repeat(" ", len(prefix))
	line := prefix
	for _, word := range strings.Fields(text) {
		if len(line)+len(word)+1 > width && strings.TrimSpace(line) != strings.TrimSpace(prefix) {
			fmt.Fprintln(w, strings.TrimRight(line, " "))
			line = indent
		}
		if line != prefix && line != indent {
			line += " "
		}
		line += word
	}
	fmt.Fprintln(w, strings.TrimRight(line, " "))
}
