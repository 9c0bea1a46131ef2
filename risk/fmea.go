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

// FMEAKind is the kind of an FMEA worksheet. All kinds share one Action
// Priority table by default (the AIAG-VDA 2019 table is titled for DFMEA and
// PFMEA); use-FMEA and software FMEA reuse it unless the worksheet names
// another table.
type FMEAKind uint8

// FMEA kinds. Text forms: "dfmea", "pfmea", "use-fmea", "software-fmea".
const (
	FMEAKindUnspecified FMEAKind = iota // no text form; rejected by validation
	DFMEA                               // design FMEA
	PFMEA                               // process FMEA
	UseFMEA                             // use-related FMEA (use errors, IEC 62366-1 tasks)
	SoftwareFMEA                        // software FMEA (software items and SOUP as causes)
)

var fmeaKindCodec = enumtext.New[FMEAKind]("risk", "FMEAKind", ErrInvalidInput,
	"", "dfmea", "pfmea", "use-fmea", "software-fmea")

// String returns the text form of k.
func (k FMEAKind) String() string { return fmeaKindCodec.String(k) }

// MarshalText returns the text form of k; an error wrapping [ErrInvalidInput]
// for an unnamed value.
func (k FMEAKind) MarshalText() ([]byte, error) { return fmeaKindCodec.Marshal(k) }

// AppendText appends the text form of k to b.
func (k FMEAKind) AppendText(b []byte) ([]byte, error) { return appendText(b, k.MarshalText) }

// UnmarshalText parses a kind case-insensitively; unknown text is an error
// wrapping [ErrInvalidInput] that lists the valid names.
func (k *FMEAKind) UnmarshalText(b []byte) error { return parseInto(k, fmeaKindCodec, b) }

// appendText appends the output of marshal to b.
func appendText(b []byte, marshal func() ([]byte, error)) ([]byte, error) {
	t, err := marshal()
	if err != nil {
		return b, err
	}
	return append(b, t...), nil
}

// parseInto parses b with codec and stores the value in *dst.
func parseInto[E enumtext.Unsigned](dst *E, codec enumtext.Codec[E], b []byte) error {
	v, err := codec.Parse(string(b))
	if err != nil {
		return err
	}
	*dst = v
	return nil
}

// Worksheet is one FMEA worksheet (a DFMEA, PFMEA, use-FMEA or software
// FMEA of one product). APTable names the Action Priority table its rows use;
// empty means the built-in "aiag-vda-2019".
type Worksheet struct {
	ID      string   `json:"id"`
	Kind    FMEAKind `json:"kind"`
	Product string   `json:"product"`
	Title   string   `json:"title"`
	APTable string   `json:"ap_table"`
}

// Validate reports every problem with the worksheet's own fields.
//
// Validate returns an error if the ID is not a stable identifier or the kind
// is unspecified (both wrap [ErrInvalidInput]).
func (w Worksheet) Validate() error {
	var errs []error
	if err := checkID(w.ID); err != nil {
		errs = append(errs, fieldErr("worksheet.id", truncate(w.ID), err))
	}
	if !fmeaKindCodec.Valid(w.Kind) {
		errs = append(errs, fieldErr("worksheet.kind", w.Kind.String(), ErrInvalidInput))
	}
	return errors.Join(errs...)
}

// Review records a management review: who reviewed, when, and what they
// concluded. The zero Review means "not reviewed".
type Review struct {
	By   string    `json:"by"`
	At   time.Time `json:"at"`
	Note string    `json:"note"`
}

// IsZero reports whether the review is absent.
func (r Review) IsZero() bool { return r.By == "" && r.At.IsZero() && r.Note == "" }

// FMEARow is one line of an FMEA worksheet: one failure chain function →
// failure mode → effect → cause, with its prevention and detection controls
// and ratings.
//
// S, O and D are ratings in 1..10 or [Unscored]. S rates the effect, O the
// cause (with its prevention controls), D the detection controls. Rows that
// share FailureModeID form one failure mode, which [RollUp] summarises.
//
// Harm, Sequences and Situations link the row into the ISO 14971 chain (a
// failure cause is a step in a sequence of events; an end effect is a
// hazardous situation or harm). AP and APTable are the priority as stored
// (for example typed into a spreadsheet); [Register.Validate] recomputes it.
// Justification documents why current controls suffice when AP is H and no
// action is planned. ManagementReview records the review expected for S ≥ 9.
type FMEARow struct {
	ID               string   `json:"id"`
	Worksheet        string   `json:"worksheet"`
	Function         string   `json:"function"`
	FailureModeID    string   `json:"failure_mode_id"`
	FailureMode      string   `json:"failure_mode"`
	Effect           string   `json:"effect"`
	Cause            string   `json:"cause"`
	Prevention       []string `json:"prevention_controls"`
	Detection        []string `json:"detection_controls"`
	S                Rating   `json:"s"`
	O                Rating   `json:"o"`
	D                Rating   `json:"d"`
	AP               AP       `json:"ap,omitzero"`
	APTable          string   `json:"ap_table"`
	Harm             string   `json:"harm"`
	Sequences        []string `json:"sequences"`
	Situations       []string `json:"situations"`
	Justification    string   `json:"justification"`
	ManagementReview Review   `json:"management_review,omitzero"`
}

// Scored reports whether S, O and D are all rated.
func (r FMEARow) Scored() bool { return r.S != Unscored && r.O != Unscored && r.D != Unscored }

// RPN returns S × O × D in 1..1000 and true, or 0 and false when a factor is
// unscored or out of range. RPN ranks lines for discussion only; it is never a
// risk acceptability criterion.
func (r FMEARow) RPN() (int, bool) {
	if !r.S.Valid() || !r.O.Valid() || !r.D.Valid() {
		return 0, false
	}
	return int(r.S) * int(r.O) * int(r.D), true
}

// Validate reports every problem with the row's own fields.
//
// Validate returns an error if:
//   - the ID is not a stable identifier, or Worksheet or FailureModeID is
//     empty (wrap [ErrInvalidInput]);
//   - S, O or D is above 10 (wraps [ErrOutOfRange]);
//   - the stored AP is not H, M, L or empty (wraps [ErrInvalidInput]).
func (r FMEARow) Validate() error {
	var errs []error
	p := func(f string) string { return fmt.Sprintf("rows[%q].%s", r.ID, f) }
	if err := checkID(r.ID); err != nil {
		errs = append(errs, fieldErr("rows.id", truncate(r.ID), err))
	}
	if r.Worksheet == "" {
		errs = append(errs, fieldErr(p("worksheet"), "", fmt.Errorf("%w: empty", ErrInvalidInput)))
	}
	if r.FailureModeID == "" {
		errs = append(errs, fieldErr(p("failure_mode_id"), "", fmt.Errorf("%w: empty", ErrInvalidInput)))
	}
	for _, f := range [...]struct {
		name string
		v    Rating
	}{{"s", r.S}, {"o", r.O}, {"d", r.D}} {
		if f.v != Unscored && !f.v.Valid() {
			errs = append(errs, fieldErr(p(f.name), f.v.String(), fmt.Errorf("%w [1, 10]", ErrOutOfRange)))
		}
	}
	if r.AP > APHigh {
		errs = append(errs, fieldErr(p("ap"), r.AP.String(), ErrInvalidInput))
	}
	return errors.Join(errs...)
}

// ActionStatus is the state of a recommended action.
type ActionStatus uint8

// Action statuses. Text forms: "open", "done", "cancelled".
const (
	ActionStatusUnspecified ActionStatus = iota // no text form
	ActionOpen                                  // planned or in progress
	ActionDone                                  // implemented (a planned action never lowers AP; re-rate the row)
	ActionCancelled                             // dropped; does not count as the action for an AP = H line
)

var actionStatusCodec = enumtext.New[ActionStatus]("risk", "ActionStatus", ErrInvalidInput,
	"", "open", "done", "cancelled")

// String returns the text form of s.
func (s ActionStatus) String() string { return actionStatusCodec.String(s) }

// MarshalText returns the text form of s.
func (s ActionStatus) MarshalText() ([]byte, error) { return actionStatusCodec.Marshal(s) }

// AppendText appends the text form of s to b.
func (s ActionStatus) AppendText(b []byte) ([]byte, error) { return appendText(b, s.MarshalText) }

// UnmarshalText parses a status case-insensitively.
func (s *ActionStatus) UnmarshalText(b []byte) error { return parseInto(s, actionStatusCodec, b) }

// Action is a recommended action on an FMEA row (improve prevention or
// detection). An action counts for an AP = H row only with an owner and a
// due date and when it is not cancelled.
type Action struct {
	ID          string       `json:"id"`
	Row         string       `json:"row"`
	Description string       `json:"description"`
	Owner       string       `json:"owner"`
	Due         time.Time    `json:"due"`
	Status      ActionStatus `json:"status"`
}

// Validate reports every problem with the action's own fields.
//
// Validate returns an error if the ID is not a stable identifier, Row is
// empty or the status is unspecified (all wrap [ErrInvalidInput]).
func (a Action) Validate() error {
	var errs []error
	if err := checkID(a.ID); err != nil {
		errs = append(errs, fieldErr("actions.id", truncate(a.ID), err))
	}
	if a.Row == "" {
		errs = append(errs, fieldErr(fmt.Sprintf("actions[%q].row", a.ID), "", fmt.Errorf("%w: empty", ErrInvalidInput)))
	}
	if !actionStatusCodec.Valid(a.Status) {
		errs = append(errs, fieldErr(fmt.Sprintf("actions[%q].status", a.ID), a.Status.String(), ErrInvalidInput))
	}
	return errors.Join(errs...)
}

// RollupRule is the roll-up rule recorded on every [Rollup].
const RollupRule = "worst-case-v1: S = max over effects, O = max over causes, " +
	"D = min (best) over detection, AP = max (worst) over scored lines"

// Rollup summarises one failure mode over its rows: the worst severity of
// its effects, the highest occurrence of its causes, the best (lowest)
// detection rating of its controls, and the worst Action Priority of its
// fully scored lines. A factor that no row has scored stays [Unscored]; AP is
// [APUnspecified] when no line is fully scored. Complete is false when any
// row has an unscored factor (listed in Unscored), so a partial roll-up is
// never mistaken for a final one.
type Rollup struct {
	Worksheet     string   `json:"worksheet"`
	FailureModeID string   `json:"failure_mode_id"`
	Rows          []string `json:"rows"`
	S             Rating   `json:"s"`
	O             Rating   `json:"o"`
	D             Rating   `json:"d"`
	AP            AP       `json:"ap,omitzero"`
	WorstRow      string   `json:"worst_row"`
	APTable       string   `json:"ap_table"`
	Complete      bool     `json:"complete"`
	Unscored      []string `json:"unscored"`
	Rule          string   `json:"rule"`
}

// RollUp groups rows by worksheet and failure mode and rolls each group up
// with [RollupRule], looking AP up in table. The result is ordered by
// worksheet, then failure mode ID; row IDs inside a roll-up are sorted. rows
// is not modified.
//
// RollUp returns an error if table is nil or the zero APTable (wraps
// [ErrInvalidInput]) or any
// row fails [FMEARow.Validate] (every problem is reported).
func RollUp(rows []FMEARow, table *APTable) ([]Rollup, error) {
	if table == nil || table.checksum == "" {
		return nil, table.unbuilt()
	}
	var errs []error
	for _, r := range rows {
		if err := r.Validate(); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	idx := make([]int, len(rows))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int {
		ra, rb := &rows[a], &rows[b]
		return cmp.Or(strings.Compare(ra.Worksheet, rb.Worksheet),
			strings.Compare(ra.FailureModeID, rb.FailureModeID), strings.Compare(ra.ID, rb.ID), cmp.Compare(a, b))
	})
	var out []Rollup
	for i := 0; i < len(idx); {
		j := i
		first := &rows[idx[i]]
		for j < len(idx) && rows[idx[j]].Worksheet == first.Worksheet && rows[idx[j]].FailureModeID == first.FailureModeID {
			j++
		}
		out = append(out, rollGroup(rows, idx[i:j], table))
		i = j
	}
	return out, nil
}

func rollGroup(rows []FMEARow, idx []int, table *APTable) Rollup {
	first := &rows[idx[0]]
	ru := Rollup{Worksheet: first.Worksheet, FailureModeID: first.FailureModeID, APTable: table.ID(),
		Complete: true, Rule: RollupRule, Rows: make([]string, 0, len(idx))}
	for _, k := range idx {
		r := &rows[k]
		ru.Rows = append(ru.Rows, r.ID)
		if r.S != Unscored {
			ru.S = max(ru.S, r.S)
		}
		if r.O != Unscored {
			ru.O = max(ru.O, r.O)
		}
		if r.D != Unscored && (ru.D == Unscored || r.D < ru.D) {
			ru.D = r.D
		}
		if !r.Scored() {
			ru.Complete = false
			ru.Unscored = append(ru.Unscored, r.ID)
			continue
		}
		ap, err := table.Lookup(int(r.S), int(r.O), int(r.D))
		if err == nil && ap > ru.AP {
			ru.AP, ru.WorstRow = ap, r.ID
		}
	}
	return ru
}
