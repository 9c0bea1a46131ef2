package regulatory

import (
	"slices"
	"strings"
)

// Regulation is one FDA classification regulation of the embedded table
// (regulatory.md §2.5.4 and the DSF/MMA and MDDS guidances).
type Regulation struct {
	// Regulation is the citation, e.g. "21 CFR 886.1100".
	Regulation string `json:"regulation"`
	// Title is the device type named by the regulation.
	Title string `json:"title"`
	// Class is the FDA class (I, II or III).
	Class Class `json:"class"`
	// ProductCode is the product code where known, else "".
	ProductCode string `json:"product_code,omitzero"`
	// FirstAuthorization is the De Novo that created the regulation, or nil.
	FirstAuthorization *Authorization `json:"first_authorization,omitzero"`
	// Exempt reports whether the type is 510(k)-exempt.
	Exempt bool `json:"exempt"`
	// Enforcement states an enforcement policy for the type, or "".
	Enforcement string `json:"enforcement,omitzero"`
	aliases     []string
}

func deNovo(n string) *Authorization { return &Authorization{Pathway: "De Novo", Number: n} }

// regulations is the embedded table. Every SaMD regulation created by De
// Novo is class II with special controls; later devices of the type use
// 510(k) with the first one as a predicate.
var regulations = []Regulation{
	{Regulation: "21 CFR 862.1345", Title: "Glucose test system", Class: ClassII, ProductCode: "NBW",
		aliases: []string{"measure_blood_glucose_with_attachment", "blood glucose meter", "over the counter blood glucose test system"}},
	{Regulation: "21 CFR 862.1355", Title: "Integrated continuous glucose monitoring system", Class: ClassII, ProductCode: "QBJ", FirstAuthorization: deNovo("DEN170088"),
		aliases: []string{"icgm", "integrated continuous glucose monitoring system"}},
	{Regulation: "21 CFR 862.1356", Title: "Interoperable automated glycemic controller", Class: ClassII, ProductCode: "QJI", FirstAuthorization: deNovo("DEN190034"),
		aliases: []string{"automated glycemic controller"}},
	{Regulation: "21 CFR 870.2345", Title: "Electrocardiograph software for over-the-counter use", Class: ClassII, ProductCode: "QDA", FirstAuthorization: deNovo("DEN180044"),
		aliases: []string{"otc ecg software", "ecg software for over the counter use"}},
	{Regulation: "21 CFR 870.2790", Title: "Photoplethysmograph analysis software for over-the-counter use", Class: ClassII, ProductCode: "QDB", FirstAuthorization: deNovo("DEN180042"),
		aliases: []string{"otc ppg software", "irregular rhythm notification software"}},
	{Regulation: "21 CFR 880.5730", Title: "Alternate controller enabled infusion pump", Class: ClassII, ProductCode: "QFG", FirstAuthorization: deNovo("DEN180058"),
		aliases: []string{"ace pump", "ace infusion pump"}},
	{Regulation: "21 CFR 880.6310", Title: "Medical device data system", Class: ClassI, ProductCode: "OUG", Exempt: true,
		Enforcement: "FDA does not intend to enforce requirements for hardware MDDS functions (MDDS guidance, Sept 2022); software-only MDDS functions are not devices under 520(o)(1)(D)",
		aliases:     []string{"medical device data system (hardware)", "mdds", "hardware mdds"}},
	{Regulation: "21 CFR 882.5801", Title: "Computerized behavioral therapy device for psychiatric disorders", Class: ClassII, ProductCode: "PWE", FirstAuthorization: deNovo("DEN160018"),
		aliases: []string{"computerized behavioral therapy device"}},
	{Regulation: "21 CFR 882.5803", Title: "Digital therapy device for attention deficit hyperactivity disorder", Class: ClassII, ProductCode: "QFT", FirstAuthorization: deNovo("DEN200026"),
		aliases: []string{"digital therapy device for adhd", "digital therapy for adhd"}},
	{Regulation: "21 CFR 884.5370", Title: "Software application for contraception", Class: ClassII, ProductCode: "PYT", FirstAuthorization: deNovo("DEN170052"),
		aliases: []string{"contraception app"}},
	{Regulation: "21 CFR 886.1100", Title: "Retinal diagnostic software device", Class: ClassII, ProductCode: "PIB", FirstAuthorization: deNovo("DEN180001"),
		aliases: []string{"autonomous diabetic retinopathy screening software"}},
	{Regulation: "21 CFR 892.2050", Title: "Medical image management and processing system", Class: ClassII, ProductCode: "LLZ",
		aliases: []string{"pacs", "medical image management system", "medical image processing system"}},
	{Regulation: "21 CFR 892.2060", Title: "Radiological computer-assisted diagnostic software for lesions suspicious of cancer", Class: ClassII, ProductCode: "POK", FirstAuthorization: deNovo("DEN170022"),
		aliases: []string{"cadx", "computer assisted diagnostic software for lesions suspicious of cancer"}},
	{Regulation: "21 CFR 892.2070", Title: "Medical image analyzer", Class: ClassII,
		aliases: []string{"cade", "computer assisted detection software"}},
	{Regulation: "21 CFR 892.2080", Title: "Radiological computer aided triage and notification software", Class: ClassII, ProductCode: "QAS", FirstAuthorization: deNovo("DEN170073"),
		aliases: []string{"cadt", "radiological computer assisted triage and notification software"}},
}

// Regulations returns a copy of the embedded table of FDA classification
// regulations, ordered by citation.
func Regulations() []Regulation {
	out := make([]Regulation, len(regulations))
	for i, r := range regulations {
		out[i] = r
		out[i].aliases = nil
		if r.FirstAuthorization != nil {
			a := *r.FirstAuthorization
			out[i].FirstAuthorization = &a
		}
	}
	return out
}

// normalize lowercases s and keeps letters and digits, with single spaces
// elsewhere; "computer-aided" and "computer aided" compare equal.
func normalize(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
			continue
		}
		space = true
	}
	return b.String()
}

// LookupRegulation finds a classification regulation by device type (its
// title or a known alias, ignoring case and punctuation), by citation
// ("21 CFR 886.1100" or "886.1100") or by product code. ok is false when the
// table has no match.
func LookupRegulation(deviceType string) (reg Regulation, ok bool) {
	q := normalize(deviceType)
	if q == "" {
		return Regulation{}, false
	}
	qn := strings.TrimPrefix(q, "21 cfr ")
	i := slices.IndexFunc(regulations, func(r Regulation) bool {
		if normalize(r.Title) == q || strings.TrimPrefix(normalize(r.Regulation), "21 cfr ") == qn ||
			(r.ProductCode != "" && strings.EqualFold(r.ProductCode, strings.TrimSpace(deviceType))) {
			return true
		}
		for _, a := range r.aliases {
			if normalize(a) == q {
				return true
			}
		}
		return false
	})
	if i < 0 {
		return Regulation{}, false
	}
	out := regulations[i]
	out.aliases = nil
	if out.FirstAuthorization != nil {
		a := *out.FirstAuthorization
		out.FirstAuthorization = &a
	}
	return out, true
}

// pathwayFor derives the premarket route for a device of a classified type.
func pathwayFor(r Regulation) string {
	switch {
	case r.Class == ClassIII:
		return "PMA"
	case r.Exempt:
		return "510(k) exempt"
	}
	return "510(k)"
}
