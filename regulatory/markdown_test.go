package regulatory

import (
	"strconv"
	"strings"
	"testing"
)

func TestMarkdown(t *testing.T) {
	tests := []struct {
		name, reason string
		fw           Framework
		facts        string
		want         []string
	}{
		{"wheelchair", "every rule is listed with its applicability and rationale", EUMDR,
			`{"invasiveness":"non_invasive","active":false,"contact":"intact_skin"}`,
			[]string{"| Class | I |", "| Rule 1 | Yes | I |", "| Rule 4 | No |", "deciding: contact=intact_skin", "| Rule 14 | Needs input |",
				"| Implementing rule 3.3 |", "| Article 52(7) |", "## Open questions", "`ancillary_medicinal_substance`: could lead to class III under Rule 14"}},
		{"his", "a non-device states the deciding qualification step", EUMDR,
			`{"software":true,"medical_purpose":false}`,
			[]string{"| Medical device | false |", "| Decided at MDCG 2019-11 step | 5 |", "deciding: medical_purpose=false"}},
		{"cds", "FDA documents list both CDS editions", FDA,
			`{"intended_user":"hcp","input":"medical_information","output":"alarm","time_critical":true}`,
			[]string{"| Device status | device |", "| Failed CDS criteria, 2022 edition | 3 |", "| Failed CDS criteria, 2026 edition | 3, 4 |", "CDS criterion 4 (fda-cds-2026-01)"}},
		{"imdrf lay user", "judgements are listed, not applied", IMDRF,
			`{"healthcare_situation":"serious","significance":"inform_clinical_management","intended_user":"patient"}`,
			[]string{"| IMDRF category | I (criterion I.ii) |", "| UK class (proposed) | I,", "## Judgement calls not made by the engine", "lay-user escalation"}},
		{"iec", "safety class row", IEC62304, `{"classified":false}`, []string{"| Software safety class | C |", "deciding: classified=false"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Evaluate(tt.fw, mustFacts(t, tt.facts))
			if err != nil {
				t.Fatal(err)
			}
			md := r.Markdown()
			for _, w := range tt.want {
				if !strings.Contains(md, w) {
					t.Errorf("Markdown lacks %q (%s):\n%s", w, tt.reason, md)
				}
			}
			if tt.fw == EUMDR {
				for n := 1; n <= 22; n++ {
					if c := strings.Count(md, "\n| Rule "+strconv.Itoa(n)+" |"); c != 1 {
						t.Errorf("Rule %d appears %d times in the document", n, c)
					}
				}
			}
		})
	}
}

func TestMarkdownEscapesPipes(t *testing.T) {
	if got := cell("a|b\nc"); got != `a\|b c` {
		t.Errorf("cell = %q", got)
	}
}
