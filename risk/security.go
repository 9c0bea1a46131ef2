package risk

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/healthpm/healthpm/internal/enumtext"
)

// HIPAA Security Rule risk analysis (45 CFR §164.308(a)(1)(ii)(A)) as
// register records: the assets that create, receive, maintain or transmit
// ePHI, their vulnerabilities, the threat events that could exploit them
// with their source, likelihoods and impact, and the analysis that scopes
// them with its review dates. Likelihood and risk use the NIST SP 800-30
// Rev. 1 tables (see [AssessThreat]).

// Asset is an information system, device, medium or service in the scope
// of a security risk analysis. EPHI marks an asset that creates, receives,
// maintains or transmits electronic protected health information. A
// contingency plan covers an asset when its Systems list names the asset's
// ID or Name (compared case-insensitively).
type Asset struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Kind        string `json:"kind"`
	Description string `json:"description"`
	EPHI        bool   `json:"holds_ephi"`
	Owner       string `json:"owner"`
}

// Vulnerability is a weakness of one or more assets that a threat source
// could exploit (NIST SP 800-30 Appendix F). Severity, when assessed, is on
// the Table F-2 scale.
type Vulnerability struct {
	ID          string    `json:"id"`
	Description string    `json:"description"`
	Assets      []string  `json:"assets"`
	Severity    NISTLevel `json:"severity,omitzero"`
}

// ThreatSource is the type of a threat source (NIST SP 800-30 Table D-2).
type ThreatSource uint8

// Threat source types. Text forms: "adversarial", "accidental",
// "structural", "environmental".
const (
	SourceUnspecified   ThreatSource = iota // no text form
	SourceAdversarial                       // individuals, groups, organisations or nation states with intent
	SourceAccidental                        // erroneous actions of users or administrators
	SourceStructural                        // failures of equipment, environmental controls or software
	SourceEnvironmental                     // natural or man-made disasters, infrastructure outages
)

var threatSourceCodec = enumtext.New[ThreatSource]("risk", "ThreatSource", ErrInvalidInput,
	"", "adversarial", "accidental", "structural", "environmental")

// String returns the text form of s.
func (s ThreatSource) String() string { return threatSourceCodec.String(s) }

// MarshalText returns the text form of s; it returns an error wrapping
// [ErrInvalidInput] for [SourceUnspecified].
func (s ThreatSource) MarshalText() ([]byte, error) { return threatSourceCodec.Marshal(s) }

// AppendText appends the text form of s to b.
func (s ThreatSource) AppendText(b []byte) ([]byte, error) { return threatSourceCodec.Append(b, s) }

// UnmarshalText parses a source type case-insensitively; unknown text is an
// error wrapping [ErrInvalidInput] that lists the valid names.
func (s *ThreatSource) UnmarshalText(b []byte) error { return threatSourceCodec.Unmarshal(s, b) }

// ThreatEvent is one threat event of a security risk analysis: what could
// happen, from which source, to which assets through which vulnerabilities,
// and which of confidentiality, integrity and availability of ePHI it
// affects; the measures in place; and the NIST SP 800-30 levels assessed
// with them. LikelihoodInitiation is the likelihood of initiation for an
// adversarial source and of occurrence otherwise.
//
// OverallLikelihood and Risk, when set, are stored results; [Register.Validate]
// recomputes them with [AssessThreat] and reports a difference
// ([CodeSecurityRiskMismatch]). A level left [NISTUnassessed] is never
// defaulted ([CodeSecurityRiskUnassessed]).
type ThreatEvent struct {
	ID                   string       `json:"id"`
	Analysis             string       `json:"analysis"`
	Description          string       `json:"description"`
	Source               ThreatSource `json:"source"`
	SourceDescription    string       `json:"source_description"`
	Assets               []string     `json:"assets"`
	Vulnerabilities      []string     `json:"vulnerabilities"`
	Confidentiality      bool         `json:"confidentiality"`
	Integrity            bool         `json:"integrity"`
	Availability         bool         `json:"availability"`
	CurrentMeasures      []string     `json:"current_measures"`
	LikelihoodInitiation NISTLevel    `json:"likelihood_initiation,omitzero"`
	LikelihoodImpact     NISTLevel    `json:"likelihood_adverse_impact,omitzero"`
	Impact               NISTLevel    `json:"impact,omitzero"`
	OverallLikelihood    NISTLevel    `json:"overall_likelihood,omitzero"`
	Risk                 NISTLevel    `json:"risk,omitzero"`
	Treatment            string       `json:"treatment"`
	Owner                string       `json:"owner"`
	By                   string       `json:"by"`
	At                   time.Time    `json:"at"`
}

// Assessed reports whether the three input levels are all assessed.
func (e ThreatEvent) Assessed() bool {
	return e.LikelihoodInitiation != NISTUnassessed && e.LikelihoodImpact != NISTUnassessed && e.Impact != NISTUnassessed
}

// Assess returns the NIST SP 800-30 assessment of the event's levels (see
// [AssessThreat]), with its errors.
func (e ThreatEvent) Assess() (ThreatAssessment, error) {
	return AssessThreat(e.LikelihoodInitiation, e.LikelihoodImpact, e.Impact)
}

// Validate reports every problem with the event's own fields, in field
// order. Links to other records and stored results are checked by
// [Register.Validate].
//
// Validate returns an error if the ID is not a stable identifier, Analysis
// or Description is empty, the source is unspecified, no asset is named, no
// security property (confidentiality, integrity, availability) is marked,
// or By or At is missing (wrap [ErrInvalidInput]); or a level is out of
// range (wraps [ErrOutOfRange]).
func (e ThreatEvent) Validate() error {
	var errs []error
	p := func(f string) string { return fmt.Sprintf("threat_events[%q].%s", e.ID, f) }
	bad := func(f, v, msg string) {
		errs = append(errs, fieldErr(p(f), v, fmt.Errorf("%w: %s", ErrInvalidInput, msg)))
	}
	if err := checkID(e.ID); err != nil {
		errs = append(errs, fieldErr("threat_events.id", truncate(e.ID), err))
	}
	if strings.TrimSpace(e.Analysis) == "" {
		bad("analysis", "", "empty")
	}
	if strings.TrimSpace(e.Description) == "" {
		bad("description", "", "empty")
	}
	if !threatSourceCodec.Valid(e.Source) {
		bad("source", e.Source.String(), "unspecified threat source")
	}
	if len(e.Assets) == 0 {
		bad("assets", "", "the event threatens no asset")
	}
	if !e.Confidentiality && !e.Integrity && !e.Availability {
		bad("confidentiality", "", "mark the confidentiality, integrity or availability of ePHI it threatens")
	}
	for _, l := range [...]struct {
		name string
		v    NISTLevel
	}{{"likelihood_initiation", e.LikelihoodInitiation}, {"likelihood_adverse_impact", e.LikelihoodImpact},
		{"impact", e.Impact}, {"overall_likelihood", e.OverallLikelihood}, {"risk", e.Risk}} {
		if l.v != NISTUnassessed && !l.v.valid() {
			errs = append(errs, fieldErr(p(l.name), l.v.String(), fmt.Errorf("%w: want very-low … very-high", ErrOutOfRange)))
		}
	}
	if strings.TrimSpace(e.By) == "" {
		bad("by", "", "empty")
	}
	if e.At.IsZero() {
		bad("at", "", "no date")
	}
	return errors.Join(errs...)
}

// SecurityAnalysis is one HIPAA Security Rule risk analysis (45 CFR
// §164.308(a)(1)(ii)(A)): its scope (the assets it covers), who performed
// it and when, when it is next reviewed, and the restore objective the
// organisation states for systems holding ePHI (for example 72 hours, the
// restoration time of the 2025 Security Rule proposal; nil when none is
// stated). Threat events name the analysis they belong to.
//
// [Register.Validate] judges the latest analysis (by At, then ID): earlier
// ones are kept as the documentation the rule requires (six years,
// §164.316(b)(2)) and are not re-judged.
type SecurityAnalysis struct {
	ID               string    `json:"id"`
	Title            string    `json:"title"`
	Scope            string    `json:"scope"`
	Assets           []string  `json:"assets"`
	Method           string    `json:"method"`
	By               string    `json:"by"`
	At               time.Time `json:"at"`
	NextReview       time.Time `json:"next_review"`
	RestoreObjective *Duration `json:"restore_objective"`
}

// Validate reports every problem with the analysis's own fields.
//
// Validate returns an error if the ID is not a stable identifier, Title is
// empty, no asset is in scope, or By or At is missing (wrap
// [ErrInvalidInput]); or NextReview is before At, or RestoreObjective is
// negative (wrap [ErrOutOfRange]).
func (a SecurityAnalysis) Validate() error {
	var errs []error
	p := func(f string) string { return fmt.Sprintf("security_analyses[%q].%s", a.ID, f) }
	bad := func(f, v string, err error, msg string) {
		errs = append(errs, fieldErr(p(f), v, fmt.Errorf("%w: %s", err, msg)))
	}
	if err := checkID(a.ID); err != nil {
		errs = append(errs, fieldErr("security_analyses.id", truncate(a.ID), err))
	}
	if strings.TrimSpace(a.Title) == "" {
		bad("title", "", ErrInvalidInput, "empty")
	}
	if len(a.Assets) == 0 {
		bad("assets", "", ErrInvalidInput, "no asset in scope")
	}
	if strings.TrimSpace(a.By) == "" {
		bad("by", "", ErrInvalidInput, "empty")
	}
	if a.At.IsZero() {
		bad("at", "", ErrInvalidInput, "no date")
	}
	if !a.NextReview.IsZero() && !a.At.IsZero() && a.NextReview.Before(a.At) {
		bad("next_review", a.NextReview.UTC().Format(time.RFC3339), ErrOutOfRange, "before the analysis date")
	}
	if a.RestoreObjective != nil && *a.RestoreObjective < 0 {
		bad("restore_objective", a.RestoreObjective.String(), ErrOutOfRange, "negative")
	}
	return errors.Join(errs...)
}

// Finding codes of the security risk analysis (schema v3). Stable like the
// others.
const (
	CodeSecurityAnalysisMissing      = "security-analysis-missing"                // warning: assets hold ePHI and no risk analysis exists
	CodeSecurityReviewUnscheduled    = "security-analysis-review-unscheduled"     // warning: the latest analysis has no next review date
	CodeSecurityReviewOverdue        = "security-analysis-review-overdue"         // error: the latest analysis's next review is before asOf
	CodeSecurityAnalysisStale        = "security-analysis-stale"                  // warning: the latest analysis is more than 12 months before asOf
	CodeSecurityAssetUnanalysed      = "security-ephi-asset-unanalysed"           // error: an ePHI asset in scope has no threat event
	CodeSecurityRiskUnassessed       = "security-risk-unassessed"                 // warning: a threat event level is not assessed
	CodeSecurityRiskMismatch         = "security-risk-mismatch"                   // error: stored overall likelihood or risk differs from the tables
	CodeSecurityHighRiskUntreated    = "security-high-risk-untreated"             // error: risk High or Very High without treatment and owner
	CodeEPHISystemWithoutPlan        = "ephi-system-without-contingency-plan"     // error: an ePHI asset no contingency plan in force covers
	CodeEPHIRestoreObjectiveNotMet   = "ephi-restore-objective-not-met"           // error: a covering plan's RTO is unstated or above the objective
	CodeSecurityEventOutsideAnalysis = "security-threat-event-asset-out-of-scope" // warning: an event names an asset outside its analysis's scope
)

// RestoreObjectiveRule describes the contingency-plan restore lint.
const RestoreObjectiveRule = "restore-objective-v1: every asset holding ePHI must be covered by a contingency plan " +
	"in force (draft or approved) whose Systems names the asset's ID or name, and the largest RTO among its " +
	"covering plans must be stated and at most the objective"

// CheckRestoreObjective lints the contingency plans against a restore
// objective the caller states, for example 72 hours: every asset holding
// ePHI must be covered by a contingency plan in force that names it in
// Systems (by ID or name, case-insensitively), and each covering plan must
// state an RTO of at most objective (see [RestoreObjectiveRule]). It
// returns the findings ([CodeEPHISystemWithoutPlan],
// [CodeEPHIRestoreObjectiveNotMet]) sorted like [Register.Validate], and
// none when objective is negative. It runs in O(assets × plans × systems).
//
// [Register.Validate] applies the same lint with the objective stated in
// the latest [SecurityAnalysis], to the assets in its scope.
func (r *Register) CheckRestoreObjective(objective time.Duration) []Finding {
	v := &validator{r: r}
	ids := make([]string, 0, len(r.Assets))
	for _, a := range r.Assets {
		ids = append(ids, a.ID)
	}
	v.restore(ids, objective, "")
	sortFindings(v.out)
	return v.out
}

// restore raises the restore-objective findings for the named assets.
func (v *validator) restore(assets []string, objective time.Duration, analysis string) {
	if objective < 0 {
		return
	}
	r := v.r
	byID := make(map[string]*Asset, len(r.Assets))
	for i := range r.Assets {
		if _, ok := byID[r.Assets[i].ID]; !ok {
			byID[r.Assets[i].ID] = &r.Assets[i]
		}
	}
	seen := map[string]bool{}
	for _, id := range assets {
		a := byID[id]
		if a == nil || !a.EPHI || seen[id] {
			continue
		}
		seen[id] = true
		var covering []*ContingencyPlan
		for i := range r.ContingencyPlans {
			p := &r.ContingencyPlans[i]
			if p.Status.inForce() && slices.ContainsFunc(p.Systems, func(s string) bool {
				s = strings.TrimSpace(s)
				return s != "" && (strings.EqualFold(s, a.ID) || strings.EqualFold(s, strings.TrimSpace(a.Name)))
			}) {
				covering = append(covering, p)
			}
		}
		where := ""
		if analysis != "" {
			where = " (objective stated in security analysis " + analysis + ")"
		}
		if len(covering) == 0 {
			v.errorf(CodeEPHISystemWithoutPlan, "asset %s holds ePHI and no contingency plan in force covers it (45 CFR 164.308(a)(7))",
				[]string{a.ID}, a.ID)
			continue
		}
		for _, p := range covering {
			switch {
			case p.RTO == nil:
				v.errorf(CodeEPHIRestoreObjectiveNotMet, "contingency plan %s covers ePHI asset %s but states no RTO; the restore objective is %s%s",
					[]string{p.ID, a.ID}, p.ID, a.ID, Duration(objective), where)
			case time.Duration(*p.RTO) > objective:
				v.errorf(CodeEPHIRestoreObjectiveNotMet, "contingency plan %s restores ePHI asset %s in %s, beyond the restore objective %s%s",
					[]string{p.ID, a.ID}, p.ID, a.ID, p.RTO, Duration(objective), where)
			}
		}
	}
}

// sortFindings sorts findings like Register.Validate and drops duplicates.
func sortFindings(out []Finding) []Finding {
	slices.SortFunc(out, func(a, b Finding) int {
		return cmp.Or(strings.Compare(a.Code, b.Code), slices.Compare(a.IDs, b.IDs),
			strings.Compare(a.Message, b.Message), cmp.Compare(a.Severity, b.Severity))
	})
	return slices.CompactFunc(out, func(a, b Finding) bool {
		return a.Code == b.Code && a.Severity == b.Severity && a.Message == b.Message && slices.Equal(a.IDs, b.IDs)
	})
}

// security raises the findings of the security risk analysis records.
func (v *validator) security() {
	r := v.r
	assets := make(map[string]int, len(r.Assets))
	for i, a := range r.Assets {
		v.invalid(a.ID, checkIDField("assets", a.ID))
		if _, ok := assets[a.ID]; !ok {
			assets[a.ID] = i
		}
	}
	vulns := make(map[string]int, len(r.Vulnerabilities))
	for i, u := range r.Vulnerabilities {
		v.invalid(u.ID, checkIDField("vulnerabilities", u.ID))
		if u.Severity != NISTUnassessed && !u.Severity.valid() {
			v.errorf(CodeInvalidRecord, "vulnerability %s severity %s is out of range", []string{u.ID}, u.ID, u.Severity)
		}
		for _, a := range u.Assets {
			v.ref("asset", assets, u.ID, "assets", a)
		}
		if _, ok := vulns[u.ID]; !ok {
			vulns[u.ID] = i
		}
	}
	analyses := make(map[string]int, len(r.SecurityAnalyses))
	var latest *SecurityAnalysis
	for i := range r.SecurityAnalyses {
		a := &r.SecurityAnalyses[i]
		v.invalid(a.ID, a.Validate())
		v.future(a.ID, "security risk analysis", a.At)
		for _, id := range a.Assets {
			v.ref("asset", assets, a.ID, "assets", id)
		}
		if _, ok := analyses[a.ID]; !ok {
			analyses[a.ID] = i
		}
		if latest == nil || cmp.Or(a.At.Compare(latest.At), strings.Compare(a.ID, latest.ID)) > 0 {
			latest = a
		}
	}
	analysed := map[string]bool{} // asset IDs with a threat event in the latest analysis
	for i := range r.ThreatEvents {
		e := &r.ThreatEvents[i]
		v.invalid(e.ID, e.Validate())
		v.future(e.ID, "threat event", e.At)
		okA := e.Analysis != "" && v.ref("security analysis", analyses, e.ID, "analysis", e.Analysis)
		for _, a := range e.Assets {
			if v.ref("asset", assets, e.ID, "assets", a) && okA &&
				!slices.Contains(r.SecurityAnalyses[analyses[e.Analysis]].Assets, a) {
				v.warnf(CodeSecurityEventOutsideAnalysis, "threat event %s names asset %s, which is not in the scope of analysis %s",
					[]string{e.ID, a, e.Analysis}, e.ID, a, e.Analysis)
			}
			if latest != nil && e.Analysis == latest.ID {
				analysed[a] = true
			}
		}
		for _, u := range e.Vulnerabilities {
			v.ref("vulnerability", vulns, e.ID, "vulnerabilities", u)
		}
		if !e.Assessed() {
			var missing []string
			for _, l := range [...]struct {
				name string
				v    NISTLevel
			}{{"likelihood of initiation", e.LikelihoodInitiation}, {"likelihood of adverse impact", e.LikelihoodImpact}, {"impact", e.Impact}} {
				if l.v == NISTUnassessed {
					missing = append(missing, l.name)
				}
			}
			v.warnf(CodeSecurityRiskUnassessed, "threat event %s: %s not assessed; no risk level", []string{e.ID},
				e.ID, strings.Join(missing, ", "))
			if e.OverallLikelihood != NISTUnassessed || e.Risk != NISTUnassessed {
				v.errorf(CodeSecurityRiskMismatch, "threat event %s stores a result but is not fully assessed", []string{e.ID}, e.ID)
			}
			continue
		}
		as, err := e.Assess()
		if err != nil {
			continue // out of range: reported by Validate as an invalid record
		}
		if e.OverallLikelihood != NISTUnassessed && e.OverallLikelihood != as.OverallLikelihood {
			v.errorf(CodeSecurityRiskMismatch, "threat event %s stores overall likelihood %s but table %s gives %s",
				[]string{e.ID}, e.ID, e.OverallLikelihood, as.LikelihoodTable, as.OverallLikelihood)
		}
		if e.Risk != NISTUnassessed && e.Risk != as.Risk {
			v.errorf(CodeSecurityRiskMismatch, "threat event %s stores risk %s but table %s gives %s",
				[]string{e.ID}, e.ID, e.Risk, as.RiskTable, as.Risk)
		}
		if as.Risk >= NISTHigh && (strings.TrimSpace(e.Treatment) == "" || strings.TrimSpace(e.Owner) == "") {
			v.errorf(CodeSecurityHighRiskUntreated, "threat event %s has risk %s (45 CFR 164.308(a)(1)(ii)(B)) and no treatment with an owner",
				[]string{e.ID}, e.ID, as.Risk.Label())
		}
	}
	if latest == nil {
		for _, a := range r.Assets {
			if a.EPHI {
				v.warnf(CodeSecurityAnalysisMissing, "register %s lists assets holding ePHI and no security risk analysis (45 CFR 164.308(a)(1)(ii)(A))",
					[]string{r.ID}, r.ID)
				break
			}
		}
		return
	}
	ids := []string{latest.ID}
	switch {
	case latest.NextReview.IsZero():
		v.warnf(CodeSecurityReviewUnscheduled, "security analysis %s has no next review date", ids, latest.ID)
	case latest.NextReview.Before(v.asOf):
		v.errorf(CodeSecurityReviewOverdue, "security analysis %s was due for review %s", ids, latest.ID,
			latest.NextReview.UTC().Format(time.DateOnly))
	}
	if !latest.At.IsZero() && latest.At.Before(v.asOf.AddDate(-1, 0, 0)) {
		v.warnf(CodeSecurityAnalysisStale, "security analysis %s is dated %s, more than 12 months before %s", ids, latest.ID,
			latest.At.UTC().Format(time.DateOnly), v.asOf.UTC().Format(time.DateOnly))
	}
	for _, id := range latest.Assets {
		if i, ok := assets[id]; ok && r.Assets[i].EPHI && !analysed[id] {
			v.errorf(CodeSecurityAssetUnanalysed, "asset %s holds ePHI and analysis %s assesses no threat event against it",
				[]string{id, latest.ID}, id, latest.ID)
		}
	}
	if latest.RestoreObjective != nil {
		v.restore(latest.Assets, time.Duration(*latest.RestoreObjective), latest.ID)
	}
}
