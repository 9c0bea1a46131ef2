package risk

import (
	"github.com/healthpm/healthpm/internal/enumtext"
)

// AP is an Action Priority: how urgently an FMEA line needs action to improve
// prevention or detection. It ranks the need for action, not the risk, and is
// never a risk acceptability criterion.
//
// The values are ordered: [APLow] < [APMedium] < [APHigh], so a larger value
// is a higher priority. The zero value [APUnspecified] has no text form; it is
// what a lookup returns together with an error, and what an unscored line
// rolls up to.
type AP uint8

// Action Priority values. Their text forms are "L", "M" and "H".
const (
	APUnspecified AP = iota // no priority (unscored or error); no text form
	APLow                   // "L": the team could identify actions
	APMedium                // "M": the team should identify actions or justify
	APHigh                  // "H": the team must identify actions or document why current controls suffice
)

var apCodec = enumtext.New[AP]("risk", "AP", ErrInvalidInput, "", "L", "M", "H")

// String returns "H", "M" or "L", or "AP(n)" for a value without a name.
func (a AP) String() string { return apCodec.String(a) }

// MarshalText returns "H", "M" or "L". It returns an error wrapping
// [ErrInvalidInput] for [APUnspecified] or an unknown value.
func (a AP) MarshalText() ([]byte, error) { return apCodec.Marshal(a) }

// AppendText appends the text form of a to b. It returns an error wrapping
// [ErrInvalidInput] for a value without a name.
func (a AP) AppendText(b []byte) ([]byte, error) {
	return apCodec.Append(b, a)
}

// UnmarshalText parses "H", "M" or "L" (case-insensitive). It returns an
// error wrapping [ErrInvalidInput] that lists the valid names otherwise.
func (a *AP) UnmarshalText(b []byte) error {
	return apCodec.Unmarshal(a, b)
}

// ParseAP parses "H", "M" or "L" (case-insensitive, surrounding space ignored).
// ParseAP returns an error wrapping [ErrInvalidInput] for any other text.
func ParseAP(s string) (AP, error) { return apCodec.Parse(s) }

// ActionPriority looks up the Action Priority of one FMEA line in table and
// records which table produced it. s, o and d are severity, occurrence and
// detection ratings in 1..10; RPN = s × o × d in 1..1000.
//
// ActionPriority returns an error if:
//   - table is nil or the zero APTable (wraps [ErrInvalidInput]);
//   - any rating is [Unscored] (wraps [ErrUnscored]); an unscored line is never
//     given a default priority;
//   - any rating is outside 1..10 (wraps [ErrOutOfRange]).
func ActionPriority(table *APTable, s, o, d Rating) (APResult, error) {
	if table == nil || table.checksum == "" {
		return APResult{}, table.unbuilt()
	}
	res := APResult{S: s, O: o, D: d, Table: table.id, TableChecksum: table.checksum}
	var errs []error
	for _, f := range [...]struct {
		name string
		r    Rating
	}{{"s", s}, {"o", o}, {"d", d}} {
		switch {
		case f.r == Unscored:
			errs = append(errs, fieldErr(f.name, "", ErrUnscored))
		case !f.r.Valid():
			errs = append(errs, fieldErr(f.name, f.r.String(), ErrOutOfRange))
		}
	}
	if len(errs) > 0 {
		return res, joinErrs(errs)
	}
	ap, err := table.Lookup(int(s), int(o), int(d))
	if err != nil {
		return res, err
	}
	res.AP = ap
	res.RPN = int(s) * int(o) * int(d)
	return res, nil
}

// APResult is the Action Priority of one S, O, D triple with its provenance.
type APResult struct {
	S             Rating `json:"s"`              // severity looked up
	O             Rating `json:"o"`              // occurrence looked up
	D             Rating `json:"d"`              // detection looked up
	RPN           int    `json:"rpn"`            // S × O × D in 1..1000 (0 when not computed); never an acceptability criterion
	AP            AP     `json:"ap,omitzero"`    // the priority; absent when not computed
	Table         string `json:"table"`          // ID of the table that produced AP, e.g. "aiag-vda-2019"
	TableChecksum string `json:"table_checksum"` // SHA-256 content checksum of that table (lowercase hex)
}
