package risk

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
)

// APRule is one band rule of an Action Priority table: every triple with
// SMin ≤ S ≤ SMax, OMin ≤ O ≤ OMax and DMin ≤ D ≤ DMax gets priority AP.
// Bounds are inclusive ratings in 1..10.
type APRule struct {
	SMin int `json:"s_min"`
	SMax int `json:"s_max"`
	OMin int `json:"o_min"`
	OMax int `json:"o_max"`
	DMin int `json:"d_min"`
	DMax int `json:"d_max"`
	AP   AP  `json:"ap"`
}

// APTableSpec is the data form of an Action Priority table: what
// [LoadAPTable] reads and [APTable.Spec] returns.
//
// ID names the table in every result (for example "aiag-vda-2019" or
// "acme-oem-2024"): 1..128 characters from A-Z a-z 0-9 . _ : -. Checksum,
// when not empty, must equal the SHA-256 content checksum of the cells the
// rules produce (see [APTable.Checksum]); a table whose rules were edited by
// accident is then rejected.
type APTableSpec struct {
	ID         string   `json:"id"`
	Title      string   `json:"title"`
	Provenance string   `json:"provenance"`
	Checksum   string   `json:"checksum"`
	Rules      []APRule `json:"rules"`
}

// APTable is a validated, immutable Action Priority table: a total function
// from the 1,000 (S, O, D) triples in 1..10³ to H, M or L. Build one with
// [NewAPTable] or [LoadAPTable], or use the built-in [AIAGVDA2019]. An
// APTable is safe for concurrent use.
type APTable struct {
	id, title, provenance, checksum string
	rules                           []APRule
	cells                           [1000]AP
	err                             error // set only if a built-in table failed to build
}

// Limits on loaded tables.
const (
	// MaxAPTableBytes bounds the JSON accepted by LoadAPTable.
	MaxAPTableBytes = 1 << 20
	// MaxAPTableRules bounds the number of rules in a table: a total table
	// never needs more rules than cells.
	MaxAPTableRules = 1000
	// maxNamedCells bounds how many gap or overlap cells are named one by one.
	maxNamedCells = 20
)

// cellIndex maps a triple in 1..10 to its index in 0..999 (S-major, then O,
// then D).
func cellIndex(s, o, d int) int { return (s-1)*100 + (o-1)*10 + (d - 1) }

// Lookup returns the Action Priority of severity s, occurrence o and
// detection d, each in 1..10. It does not allocate on success.
//
// Lookup returns an error if:
//   - t is nil or the zero APTable (wraps [ErrInvalidInput]);
//   - s, o or d is outside 1..10 (wraps [ErrOutOfRange]; 0 is "unscored" and
//     is out of range here too).
func (t *APTable) Lookup(s, o, d int) (AP, error) {
	if t == nil || t.checksum == "" {
		return APUnspecified, t.unbuilt()
	}
	if uint(s-1) < 10 && uint(o-1) < 10 && uint(d-1) < 10 {
		return t.cells[cellIndex(s, o, d)], nil
	}
	return APUnspecified, lookupRangeErr(s, o, d)
}

// unbuilt explains why t cannot answer: nil, the zero APTable, or a
// built-in table that failed to build.
func (t *APTable) unbuilt() error {
	if t != nil && t.err != nil {
		return t.err
	}
	return fieldErr("table", "", fmt.Errorf("%w: nil or zero APTable; use NewAPTable, LoadAPTable or AIAGVDA2019", ErrInvalidInput))
}

func lookupRangeErr(s, o, d int) error {
	var errs []error
	for _, f := range [...]struct {
		name string
		v    int
	}{{"s", s}, {"o", o}, {"d", d}} {
		if f.v < 1 || f.v > 10 {
			errs = append(errs, fieldErr(f.name, strconv.Itoa(f.v), fmt.Errorf("%w [1, 10]", ErrOutOfRange)))
		}
	}
	return joinErrs(errs)
}

// joinErrs returns the single error itself or errors.Join of several.
func joinErrs(errs []error) error {
	if len(errs) == 1 {
		return errs[0]
	}
	return errors.Join(errs...)
}

// ID returns the table identifier recorded on every result, e.g. "aiag-vda-2019".
func (t *APTable) ID() string { return t.id }

// Title returns the human-readable table title.
func (t *APTable) Title() string { return t.title }

// Provenance returns the source text of the table (document, edition, pages,
// how it was transcribed and checked).
func (t *APTable) Provenance() string { return t.provenance }

// Checksum returns the content checksum of the table: the lowercase hex
// SHA-256 of the 1,000 letters "H", "M", "L" of the cells in S-major, then O,
// then D order (each 1..10), with no separators. Two tables with the same
// cells have the same checksum, however their rules are written.
func (t *APTable) Checksum() string { return t.checksum }

// Rules returns a copy of the table's rules in their given order.
func (t *APTable) Rules() []APRule { return append([]APRule(nil), t.rules...) }

// Spec returns the data form of the table, with the checksum filled in.
func (t *APTable) Spec() APTableSpec {
	return APTableSpec{ID: t.id, Title: t.title, Provenance: t.provenance, Checksum: t.checksum, Rules: t.Rules()}
}

// Counts returns how many of the 1,000 cells are H, M and L.
func (t *APTable) Counts() (h, m, l int) {
	for _, c := range t.cells {
		switch c {
		case APHigh:
			h++
		case APMedium:
			m++
		case APLow:
			l++
		}
	}
	return h, m, l
}

// MarshalJSON encodes the table as its [APTableSpec].
func (t *APTable) MarshalJSON() ([]byte, error) { return json.Marshal(t.Spec()) }

// UnmarshalJSON decodes an [APTableSpec] strictly (unknown fields are
// rejected) and builds the table with [NewAPTable], so a decoded table is
// always total. It returns the errors of [LoadAPTable].
func (t *APTable) UnmarshalJSON(b []byte) error {
	tab, err := LoadAPTable(bytes.NewReader(b))
	if err != nil {
		return err
	}
	*t = *tab
	return nil
}

// NewAPTable validates spec and builds the table. The spec is copied.
//
// NewAPTable returns an error (errors.Join of every problem, as
// [*FieldError] values) if:
//   - the ID is empty, longer than 128 characters or uses other characters
//     than A-Z a-z 0-9 . _ : - (wraps [ErrInvalidInput]);
//   - there are no rules or more than [MaxAPTableRules] (wraps [ErrInvalidInput]);
//   - a rule bound is outside 1..10 (wraps [ErrOutOfRange]), a minimum exceeds
//     its maximum or the priority is not H, M or L (wraps [ErrInvalidInput]);
//   - a cell is covered by no rule (wraps [ErrTableGap]) or by more than one
//     (wraps [ErrTableOverlap]); the first cells are named one by one
//     ("S=3 O=4 D=5") and the rest are counted;
//   - the declared checksum differs from the content (wraps [ErrChecksum]).
func NewAPTable(spec APTableSpec) (*APTable, error) {
	var errs []error
	if err := checkID(spec.ID); err != nil {
		errs = append(errs, fieldErr("id", truncate(spec.ID), err))
	}
	switch {
	case len(spec.Rules) == 0:
		errs = append(errs, fieldErr("rules", "", fmt.Errorf("%w: no rules", ErrInvalidInput)))
	case len(spec.Rules) > MaxAPTableRules:
		errs = append(errs, fieldErr("rules", strconv.Itoa(len(spec.Rules)),
			fmt.Errorf("%w: more than %d rules", ErrInvalidInput, MaxAPTableRules)))
	}
	ruleOK := true
	if len(spec.Rules) <= MaxAPTableRules {
		for i, r := range spec.Rules {
			if rerrs := checkRule(i, r); len(rerrs) > 0 {
				ruleOK = false
				errs = append(errs, rerrs...)
			}
		}
	}
	t := &APTable{id: spec.ID, title: spec.Title, provenance: spec.Provenance,
		rules: append([]APRule(nil), spec.Rules...)}
	if ruleOK && len(spec.Rules) > 0 && len(spec.Rules) <= MaxAPTableRules {
		errs = append(errs, t.fill()...)
	}
	if len(errs) == 0 {
		t.checksum = cellChecksum(&t.cells)
		if spec.Checksum != "" && !strings.EqualFold(spec.Checksum, t.checksum) {
			errs = append(errs, fieldErr("checksum", truncate(spec.Checksum),
				fmt.Errorf("%w: content checksum is %s", ErrChecksum, t.checksum)))
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return t, nil
}

// checkID validates a stable identifier.
func checkID(id string) error {
	if id == "" {
		return fmt.Errorf("%w: empty id", ErrInvalidInput)
	}
	if len(id) > 128 {
		return fmt.Errorf("%w: id longer than 128 characters", ErrInvalidInput)
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			c == '.' || c == '_' || c == ':' || c == '-') {
			return fmt.Errorf("%w: id character %q not in [A-Za-z0-9._:-]", ErrInvalidInput, c)
		}
	}
	return nil
}

func checkRule(i int, r APRule) []error {
	var errs []error
	for _, b := range [...]struct {
		name     string
		min, max int
	}{{"s", r.SMin, r.SMax}, {"o", r.OMin, r.OMax}, {"d", r.DMin, r.DMax}} {
		for _, v := range [...]struct {
			suffix string
			v      int
		}{{"_min", b.min}, {"_max", b.max}} {
			if v.v < 1 || v.v > 10 {
				errs = append(errs, fieldErr(fmt.Sprintf("rules[%d].%s%s", i, b.name, v.suffix),
					strconv.Itoa(v.v), fmt.Errorf("%w [1, 10]", ErrOutOfRange)))
			}
		}
		if b.min > b.max {
			errs = append(errs, fieldErr(fmt.Sprintf("rules[%d].%s_min", i, b.name), strconv.Itoa(b.min),
				fmt.Errorf("%w: minimum above maximum %d", ErrInvalidInput, b.max)))
		}
	}
	if r.AP < APLow || r.AP > APHigh {
		errs = append(errs, fieldErr(fmt.Sprintf("rules[%d].ap", i), r.AP.String(),
			fmt.Errorf("%w: priority must be H, M or L", ErrInvalidInput)))
	}
	return errs
}

// fill paints the cells from the rules and reports gaps and overlaps.
func (t *APTable) fill() []error {
	var owner [1000]int16 // rule index + 1; 0 = uncovered
	var errs []error
	overlaps, gaps := 0, 0
	for i, r := range t.rules {
		for s := r.SMin; s <= r.SMax; s++ {
			for o := r.OMin; o <= r.OMax; o++ {
				for d := r.DMin; d <= r.DMax; d++ {
					k := cellIndex(s, o, d)
					if owner[k] != 0 {
						overlaps++
						if overlaps <= maxNamedCells {
							errs = append(errs, fieldErr(fmt.Sprintf("rules[%d]", i), cellName(s, o, d),
								fmt.Errorf("%w: also covered by rules[%d]", ErrTableOverlap, owner[k]-1)))
						}
						continue
					}
					owner[k] = int16(i + 1)
					t.cells[k] = r.AP
				}
			}
		}
	}
	for k, o := range owner {
		if o != 0 {
			continue
		}
		gaps++
		if gaps <= maxNamedCells {
			errs = append(errs, fieldErr("rules", cellName(k/100+1, k/10%10+1, k%10+1), ErrTableGap))
		}
	}
	if overlaps > maxNamedCells {
		errs = append(errs, fieldErr("rules", "", fmt.Errorf("%w: %d more overlapping cells",
			ErrTableOverlap, overlaps-maxNamedCells)))
	}
	if gaps > maxNamedCells {
		errs = append(errs, fieldErr("rules", "", fmt.Errorf("%w: %d more uncovered cells",
			ErrTableGap, gaps-maxNamedCells)))
	}
	return errs
}

func cellName(s, o, d int) string { return fmt.Sprintf("S=%d O=%d D=%d", s, o, d) }

func cellChecksum(cells *[1000]AP) string {
	var buf [1000]byte
	for i, c := range cells {
		switch c {
		case APHigh:
			buf[i] = 'H'
		case APMedium:
			buf[i] = 'M'
		default:
			buf[i] = 'L'
		}
	}
	sum := sha256.Sum256(buf[:])
	return hex.EncodeToString(sum[:])
}

// LoadAPTable reads a table in the JSON form of [APTableSpec] from r and
// validates it with [NewAPTable]. Decoding is strict.
//
// LoadAPTable returns an error if:
//   - the input is larger than [MaxAPTableBytes] (wraps [ErrTooLarge]);
//   - it is not one JSON object of the spec's shape, has unknown fields or
//     trailing data (wraps [ErrInvalidInput]);
//   - [NewAPTable] rejects the spec.
func LoadAPTable(r io.Reader) (*APTable, error) {
	var spec APTableSpec
	if err := decodeStrict(r, MaxAPTableBytes, &spec); err != nil {
		return nil, err
	}
	return NewAPTable(spec)
}

// decodeStrict decodes exactly one JSON value from at most limit bytes of r
// into v, rejecting unknown fields and trailing data.
func decodeStrict(r io.Reader, limit int64, v any) error {
	if r == nil {
		return fieldErr("input", "", fmt.Errorf("%w: nil reader", ErrInvalidInput))
	}
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return fieldErr("input", "", fmt.Errorf("%w: %v", ErrInvalidInput, err))
	}
	if int64(len(data)) > limit {
		return fieldErr("input", "", fmt.Errorf("%w: more than %d bytes", ErrTooLarge, limit))
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fieldErr("input", "", fmt.Errorf("%w: %w", ErrInvalidInput, err))
	}
	if _, err := dec.Token(); err != io.EOF {
		return fieldErr("input", "", fmt.Errorf("%w: trailing data after the JSON value", ErrInvalidInput))
	}
	return nil
}

// aiagVDA2019CSV holds the 31 band rules of the AIAG-VDA 2019 table for
// DFMEA and PFMEA, one rule a line: s_min,s_max,o_min,o_max,d_min,d_max,ap.
//
//go:embed tables/aiag-vda-2019.csv
var aiagVDA2019CSV string

// AIAGVDA2019Checksum is the content checksum (see [APTable.Checksum]) of the
// AIAG-VDA 2019 Action Priority table. The built-in table is checked against
// it when it is built.
const AIAGVDA2019Checksum = "d95c347d0d8ed83d126e1b6fefb285d7fc64479268c4a265ec7b64cdcef97b88"

const aiagVDA2019Provenance = "AIAG & VDA FMEA Handbook, 1st edition 2019, table \"Action Priority (AP) " +
	"for DFMEA and PFMEA\" (one table for both, printed in the DFMEA chapter pp. 70-71 and the PFMEA " +
	"chapter pp. 116-117). Encoded as 31 inclusive band rules (S 9-10/7-8/4-6/2-3/1, O 8-10/6-7/4-5/" +
	"2-3/1, D 7-10/5-6/2-4/1) from the healthpm research note risk.md section 4.3, which agree cell " +
	"for cell with three independent public encodings; the package tests check all 1,000 cells " +
	"against a separate transcription of the printed grids. Not the FMEA-MSR table. The handbook " +
	"is copyrighted by AIAG and VDA; have the rules signed off against a licensed copy."

var aiagVDA2019 = sync.OnceValue(func() *APTable {
	t, err := parseBuiltinTable("aiag-vda-2019", "Action Priority (AP) for DFMEA and PFMEA, AIAG-VDA 2019",
		aiagVDA2019Provenance, AIAGVDA2019Checksum, aiagVDA2019CSV)
	if err != nil {
		return &APTable{id: "aiag-vda-2019", err: fmt.Errorf("risk: built-in table aiag-vda-2019: %w", err)}
	}
	return t
})

// AIAGVDA2019 returns the built-in AIAG-VDA 2019 Action Priority table for
// DFMEA and PFMEA (ID "aiag-vda-2019"): 318 H, 214 M and 468 L cells; O = 1
// gives L for every S and D; S = 1 gives L; the priority never falls when S,
// O or D rises. The same table is returned on every call; it is immutable.
func AIAGVDA2019() *APTable { return aiagVDA2019() }

// parseBuiltinTable reads rules in the CSV form used by the built-in tables.
func parseBuiltinTable(id, title, provenance, checksum, text string) (*APTable, error) {
	recs, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		return nil, err
	}
	if len(recs) < 2 || strings.Join(recs[0], ",") != "s_min,s_max,o_min,o_max,d_min,d_max,ap" {
		return nil, fmt.Errorf("%w: bad header", ErrInvalidInput)
	}
	spec := APTableSpec{ID: id, Title: title, Provenance: provenance, Checksum: checksum}
	for i, rec := range recs[1:] {
		if len(rec) != 7 {
			return nil, fmt.Errorf("%w: line %d: %d fields", ErrInvalidInput, i+2, len(rec))
		}
		var n [6]int
		for j := range n {
			if n[j], err = strconv.Atoi(rec[j]); err != nil {
				return nil, fmt.Errorf("%w: line %d: %v", ErrInvalidInput, i+2, err)
			}
		}
		ap, err := ParseAP(rec[6])
		if err != nil {
			return nil, err
		}
		spec.Rules = append(spec.Rules, APRule{n[0], n[1], n[2], n[3], n[4], n[5], ap})
	}
	return NewAPTable(spec)
}
