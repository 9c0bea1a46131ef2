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
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/healthpm/healthpm/internal/enumtext"
)

// NISTLevel is one of the five qualitative values of NIST SP 800-30 Rev. 1
// (Appendices G, H and I) used for likelihood, impact and risk. The zero
// value [NISTUnassessed] means "not assessed yet": it is never defaulted and
// no table gives a result for it.
type NISTLevel uint8

// NIST SP 800-30 qualitative values, lowest first. Text forms: "very-low",
// "low", "moderate", "high", "very-high"; parsing also accepts the
// publication's spelling ("Very High"), underscores and the abbreviations
// VL, L, M, H and VH, in any letter case.
const (
	NISTUnassessed NISTLevel = iota // not assessed; no text form
	NISTVeryLow                     // Very Low (semi-quantitative 0–4, representative 0)
	NISTLow                         // Low (5–20, representative 2)
	NISTModerate                    // Moderate (21–79, representative 5)
	NISTHigh                        // High (80–95, representative 8)
	NISTVeryHigh                    // Very High (96–100, representative 10)
)

var nistLevelCodec = enumtext.New[NISTLevel]("risk", "NISTLevel", ErrInvalidInput,
	"", "very-low", "low", "moderate", "high", "very-high")

var nistLabels = [...]string{"", "Very Low", "Low", "Moderate", "High", "Very High"}

// String returns the text form of l ("very-high").
func (l NISTLevel) String() string { return nistLevelCodec.String(l) }

// Label returns the qualitative value as NIST SP 800-30 prints it ("Very
// High"), or "" for [NISTUnassessed] and values out of range.
func (l NISTLevel) Label() string {
	if int(l) < len(nistLabels) {
		return nistLabels[l]
	}
	return ""
}

// MarshalText returns the text form of l; it returns an error wrapping
// [ErrInvalidInput] for [NISTUnassessed] and values out of range.
func (l NISTLevel) MarshalText() ([]byte, error) { return nistLevelCodec.Marshal(l) }

// AppendText appends the text form of l to b.
func (l NISTLevel) AppendText(b []byte) ([]byte, error) { return nistLevelCodec.Append(b, l) }

// UnmarshalText parses a level (see the constants for the accepted forms).
// Unknown text is an error wrapping [ErrInvalidInput] that lists the valid
// names.
func (l *NISTLevel) UnmarshalText(b []byte) error {
	s := strings.ToLower(strings.TrimSpace(string(b)))
	switch s {
	case "vl":
		s = "very-low"
	case "l":
		s = "low"
	case "m":
		s = "moderate"
	case "h":
		s = "high"
	case "vh":
		s = "very-high"
	default:
		s = strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '_' || r == '-' }), "-")
	}
	return nistLevelCodec.Unmarshal(l, []byte(s))
}

// ParseNISTLevel parses a level like [NISTLevel.UnmarshalText].
func ParseNISTLevel(s string) (NISTLevel, error) {
	var l NISTLevel
	err := l.UnmarshalText([]byte(s))
	return l, err
}

func (l NISTLevel) valid() bool { return l >= NISTVeryLow && l <= NISTVeryHigh }

// LevelTableSpec is the data form of a 5 × 5 NIST SP 800-30 assessment
// table: what [LoadLevelTable] reads and [LevelTable.Spec] returns.
// Cells[i][j] is the result for row value i+1 and column value j+1, both
// counted from Very Low (index 0) to Very High (index 4) — note that the
// publication prints its rows from Very High down. Rows, Columns and Result
// name the axes ("likelihood of threat event initiation or occurrence").
//
// ID names the table and its edition in every result (for example
// "nist-sp800-30r1-table-g5"): 1..128 characters from A-Z a-z 0-9 . _ : -.
// Checksum, when not empty, must equal the content checksum of the cells
// (see [LevelTable.Checksum]).
type LevelTableSpec struct {
	ID         string        `json:"id"`
	Title      string        `json:"title"`
	Provenance string        `json:"provenance"`
	Rows       string        `json:"rows"`
	Columns    string        `json:"columns"`
	Result     string        `json:"result"`
	Checksum   string        `json:"checksum"`
	Cells      [][]NISTLevel `json:"cells"`
}

// LevelTable is a validated, immutable 5 × 5 assessment table: a total
// function from (row, column) qualitative values to a qualitative value.
// Build one with [NewLevelTable] or [LoadLevelTable], or use the built-in
// [NIST80030TableG5] and [NIST80030TableI2]. A LevelTable is safe for
// concurrent use.
type LevelTable struct {
	spec  LevelTableSpec
	cells [5][5]NISTLevel
	err   error // set only if a built-in table failed to build
}

// MaxLevelTableBytes bounds the JSON accepted by [LoadLevelTable] and
// [LoadSemiQuantScale].
const MaxLevelTableBytes = 64 << 10

// NewLevelTable validates spec and builds the table. The spec is copied.
//
// NewLevelTable returns an error (errors.Join of every problem, as
// [*FieldError] values) if the ID is not a stable identifier, Rows, Columns
// or Result is empty, Cells is not 5 rows of 5 cells or a cell is
// [NISTUnassessed] or out of range (wrap [ErrInvalidInput]), or the declared
// checksum differs from the content (wraps [ErrChecksum]). It runs in
// constant time.
func NewLevelTable(spec LevelTableSpec) (*LevelTable, error) {
	var errs []error
	if err := checkID(spec.ID); err != nil {
		errs = append(errs, fieldErr("id", truncate(spec.ID), err))
	}
	for _, f := range [...]struct{ name, v string }{{"rows", spec.Rows}, {"columns", spec.Columns}, {"result", spec.Result}} {
		if strings.TrimSpace(f.v) == "" {
			errs = append(errs, fieldErr(f.name, "", fmt.Errorf("%w: empty axis name", ErrInvalidInput)))
		}
	}
	t := &LevelTable{}
	shapeOK := len(spec.Cells) == 5
	if !shapeOK {
		errs = append(errs, fieldErr("cells", strconv.Itoa(len(spec.Cells)), fmt.Errorf("%w: want 5 rows", ErrInvalidInput)))
	}
	for i, row := range spec.Cells {
		if len(row) != 5 {
			errs = append(errs, fieldErr(fmt.Sprintf("cells[%d]", i), strconv.Itoa(len(row)), fmt.Errorf("%w: want 5 cells", ErrInvalidInput)))
			shapeOK = false
			continue
		}
		for j, c := range row {
			if !c.valid() {
				errs = append(errs, fieldErr(fmt.Sprintf("cells[%d][%d]", i, j), c.String(),
					fmt.Errorf("%w: want very-low … very-high", ErrInvalidInput)))
				shapeOK = false
			} else if i < 5 {
				t.cells[i][j] = c
			}
		}
	}
	if shapeOK {
		sum := levelCellsChecksum(&t.cells)
		if spec.Checksum != "" && spec.Checksum != sum {
			errs = append(errs, fieldErr("checksum", truncate(spec.Checksum), fmt.Errorf("%w: content checksum is %s", ErrChecksum, sum)))
		}
		spec.Checksum = sum
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	spec.Cells = t.rowsCopy()
	t.spec = spec
	return t, nil
}

// levelCellsChecksum is the lowercase hex SHA-256 of the 25 cells' text
// forms in row-major order (row Very Low first, within a row column Very
// Low first), each followed by a newline.
func levelCellsChecksum(cells *[5][5]NISTLevel) string {
	h := sha256.New()
	for _, row := range cells {
		for _, c := range row {
			io.WriteString(h, c.String()+"\n")
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

func (t *LevelTable) rowsCopy() [][]NISTLevel {
	out := make([][]NISTLevel, 5)
	for i := range out {
		out[i] = append([]NISTLevel(nil), t.cells[i][:]...)
	}
	return out
}

// Lookup returns the table's value for row value row and column value col.
// It does not allocate on success.
//
// Lookup returns an error if t is nil or the zero LevelTable (wraps
// [ErrInvalidInput]), row or col is [NISTUnassessed] (wraps [ErrUnscored]),
// or out of range (wraps [ErrOutOfRange]).
func (t *LevelTable) Lookup(row, col NISTLevel) (NISTLevel, error) {
	if t == nil || t.spec.Checksum == "" {
		if t != nil && t.err != nil {
			return NISTUnassessed, t.err
		}
		return NISTUnassessed, fieldErr("table", "", fmt.Errorf("%w: nil or zero LevelTable; use NewLevelTable, LoadLevelTable or a built-in", ErrInvalidInput))
	}
	var errs []error
	for _, a := range [...]struct {
		name string
		v    NISTLevel
	}{{"row", row}, {"column", col}} {
		switch {
		case a.v == NISTUnassessed:
			errs = append(errs, fieldErr(a.name, "", fmt.Errorf("%w: %s not assessed", ErrUnscored, a.name)))
		case !a.v.valid():
			errs = append(errs, fieldErr(a.name, a.v.String(), fmt.Errorf("%w: want very-low … very-high", ErrOutOfRange)))
		}
	}
	if len(errs) > 0 {
		return NISTUnassessed, joinErrs(errs)
	}
	return t.cells[row-1][col-1], nil
}

// ID returns the table identifier recorded on every result.
func (t *LevelTable) ID() string { return t.spec.ID }

// Title returns the human-readable title.
func (t *LevelTable) Title() string { return t.spec.Title }

// Provenance returns the source text of the table.
func (t *LevelTable) Provenance() string { return t.spec.Provenance }

// Checksum returns the content checksum: the lowercase hex SHA-256 of the
// 25 cells' text forms ("very-low" … "very-high") in row-major order, row
// Very Low first and, within a row, column Very Low first, each followed by
// a newline. Two tables with the same cells have the same checksum.
func (t *LevelTable) Checksum() string { return t.spec.Checksum }

// Spec returns the data form of the table (a copy), with the checksum
// filled in.
func (t *LevelTable) Spec() LevelTableSpec {
	s := t.spec
	s.Cells = t.rowsCopy()
	return s
}

// MarshalJSON encodes the table as its [LevelTableSpec].
func (t *LevelTable) MarshalJSON() ([]byte, error) { return json.Marshal(t.Spec()) }

// UnmarshalJSON decodes a [LevelTableSpec] strictly and builds the table
// with [NewLevelTable]; it returns the errors of [LoadLevelTable].
func (t *LevelTable) UnmarshalJSON(b []byte) error {
	tab, err := LoadLevelTable(bytes.NewReader(b))
	if err != nil {
		return err
	}
	*t = *tab
	return nil
}

// LoadLevelTable reads a table in the JSON form of [LevelTableSpec] from r
// and builds it with [NewLevelTable]. Decoding is strict.
//
// LoadLevelTable returns an error if the input is larger than
// [MaxLevelTableBytes] (wraps [ErrTooLarge]), is not one JSON object of the
// spec's shape, has unknown fields or trailing data (wraps
// [ErrInvalidInput]), or [NewLevelTable] rejects it.
func LoadLevelTable(r io.Reader) (*LevelTable, error) {
	var spec LevelTableSpec
	if err := decodeStrict(r, MaxLevelTableBytes, &spec); err != nil {
		return nil, err
	}
	return NewLevelTable(spec)
}

// Built-in tables, transcribed from NIST SP 800-30 Rev. 1 (September 2012).
//
//go:embed tables/nist-sp800-30r1-g5.csv
var nistG5CSV string

//go:embed tables/nist-sp800-30r1-i2.csv
var nistI2CSV string

// Content checksums (see [LevelTable.Checksum]) of the built-in tables; each
// built-in table is checked against its constant when it is built.
const (
	NIST80030TableG5Checksum = "8763c695c6a39b2914ed283385c25ac265300316399e82f2cbca53eed70ae35d"
	NIST80030TableI2Checksum = "59e02050eac5c38e18eb509537cd881fea5f85caf36c1eaba175514fc4440e7b"
)

const nistProvenance = "NIST Special Publication 800-30 Revision 1, Guide for Conducting Risk Assessments " +
	"(Joint Task Force Transformation Initiative, September 2012), Appendix "

var nistTableG5 = sync.OnceValue(func() *LevelTable {
	return builtinLevelTable(LevelTableSpec{
		ID:    "nist-sp800-30r1-table-g5",
		Title: "Assessment scale: overall likelihood (NIST SP 800-30 Rev. 1 Table G-5)",
		Provenance: nistProvenance + "G, Table G-5, transcribed from the publication; rows printed there from " +
			"Very High down are stored from Very Low up. No independent public encoding was found to " +
			"cross-check; the package tests pin all 25 cells and the table's monotonicity.",
		Rows:     "likelihood of threat event initiation (adversarial) or occurrence (non-adversarial)",
		Columns:  "likelihood that the threat event results in adverse impacts",
		Result:   "overall likelihood",
		Checksum: NIST80030TableG5Checksum,
	}, nistG5CSV)
})

var nistTableI2 = sync.OnceValue(func() *LevelTable {
	return builtinLevelTable(LevelTableSpec{
		ID:    "nist-sp800-30r1-table-i2",
		Title: "Assessment scale: level of risk (NIST SP 800-30 Rev. 1 Table I-2)",
		Provenance: nistProvenance + "I, Table I-2 (combination of likelihood and impact), as encoded in a " +
			"public implementation and checked against the healthpm research note postmarket.md section 4.1 " +
			"and the reference vector nist-800-30-table-i2; rows printed from Very High down are stored " +
			"from Very Low up.",
		Rows:     "overall likelihood",
		Columns:  "level of impact",
		Result:   "level of risk",
		Checksum: NIST80030TableI2Checksum,
	}, nistI2CSV)
})

// NIST80030TableG5 returns the built-in overall-likelihood table of NIST SP
// 800-30 Rev. 1 (ID "nist-sp800-30r1-table-g5"): rows are the likelihood of
// threat event initiation or occurrence, columns the likelihood that the
// event results in adverse impact. The same immutable table is returned on
// every call.
func NIST80030TableG5() *LevelTable { return nistTableG5() }

// NIST80030TableI2 returns the built-in level-of-risk table of NIST SP
// 800-30 Rev. 1 (ID "nist-sp800-30r1-table-i2"): rows are the overall
// likelihood, columns the level of impact. The same immutable table is
// returned on every call.
func NIST80030TableI2() *LevelTable { return nistTableI2() }

// builtinLevelTable reads the CSV form of a built-in table (a header, then
// one row per row value from very-low up, each with its five cells).
func builtinLevelTable(spec LevelTableSpec, text string) *LevelTable {
	fail := func(err error) *LevelTable {
		return &LevelTable{spec: LevelTableSpec{ID: spec.ID}, err: fmt.Errorf("risk: built-in table %s: %w", spec.ID, err)}
	}
	recs, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		return fail(err)
	}
	if len(recs) != 6 {
		return fail(fmt.Errorf("%w: %d lines", ErrInvalidInput, len(recs)))
	}
	for i, rec := range recs[1:] {
		if len(rec) != 6 {
			return fail(fmt.Errorf("%w: line %d", ErrInvalidInput, i+2))
		}
		row := make([]NISTLevel, 5)
		for j, c := range rec[1:] {
			if row[j], err = ParseNISTLevel(c); err != nil {
				return fail(err)
			}
		}
		spec.Cells = append(spec.Cells, row)
	}
	t, err := NewLevelTable(spec)
	if err != nil {
		return fail(err)
	}
	return t
}

// SemiQuantBin is one bin of a semi-quantitative scale: scores Min..Max
// (inclusive, 0..100) have qualitative value Level, whose representative
// value on the 0..10 scale is Value.
type SemiQuantBin struct {
	Level NISTLevel `json:"level"`
	Min   int       `json:"min"`
	Max   int       `json:"max"`
	Value int       `json:"value"`
}

// SemiQuantSpec is the data form of a semi-quantitative scale: what
// [LoadSemiQuantScale] reads and [SemiQuantScale.Spec] returns. Bins run
// from Very Low to Very High. Checksum, when not empty, must equal the
// content checksum (see [SemiQuantScale.Checksum]).
type SemiQuantSpec struct {
	ID         string         `json:"id"`
	Title      string         `json:"title"`
	Provenance string         `json:"provenance"`
	Checksum   string         `json:"checksum"`
	Bins       []SemiQuantBin `json:"bins"`
}

// SemiQuantScale is a validated, immutable semi-quantitative scale (NIST SP
// 800-30 Rev. 1 Tables G-2 … G-4, H-3 and I-3 share one). Build one with
// [NewSemiQuantScale] or [LoadSemiQuantScale], or use the built-in
// [NIST80030SemiQuant]. It is safe for concurrent use.
type SemiQuantScale struct {
	spec SemiQuantSpec
	err  error
}

// NewSemiQuantScale validates spec and builds the scale. The spec is copied.
//
// NewSemiQuantScale returns an error (errors.Join of every problem) if the
// ID is not a stable identifier, there are not exactly 5 bins with levels
// very-low … very-high in order, the first bin does not start at 0, the
// last does not end at 100, a bin is empty or does not start right after
// the previous one ends, or the representative values are not strictly
// increasing within 0..10 (wrap [ErrInvalidInput]); or the declared
// checksum differs from the content (wraps [ErrChecksum]).
func NewSemiQuantScale(spec SemiQuantSpec) (*SemiQuantScale, error) {
	var errs []error
	bad := func(path, v, msg string) {
		errs = append(errs, fieldErr(path, v, fmt.Errorf("%w: %s", ErrInvalidInput, msg)))
	}
	if err := checkID(spec.ID); err != nil {
		errs = append(errs, fieldErr("id", truncate(spec.ID), err))
	}
	if len(spec.Bins) != 5 {
		bad("bins", strconv.Itoa(len(spec.Bins)), "want 5 bins, very-low … very-high")
	}
	for i, b := range spec.Bins {
		p := fmt.Sprintf("bins[%d]", i)
		if b.Level != NISTLevel(i+1) {
			bad(p+".level", b.Level.String(), fmt.Sprintf("want %s", NISTLevel(i+1)))
		}
		if b.Min > b.Max {
			bad(p, fmt.Sprintf("%d..%d", b.Min, b.Max), "empty bin")
		}
		if i == 0 && b.Min != 0 {
			bad(p+".min", strconv.Itoa(b.Min), "the first bin must start at 0")
		}
		if i == len(spec.Bins)-1 && b.Max != 100 {
			bad(p+".max", strconv.Itoa(b.Max), "the last bin must end at 100")
		}
		if i > 0 && b.Min != spec.Bins[i-1].Max+1 {
			bad(p+".min", strconv.Itoa(b.Min), fmt.Sprintf("want %d, right after the previous bin", spec.Bins[i-1].Max+1))
		}
		if b.Value < 0 || b.Value > 10 || (i > 0 && b.Value <= spec.Bins[i-1].Value) {
			bad(p+".value", strconv.Itoa(b.Value), "representative values rise strictly within 0..10")
		}
	}
	spec.Bins = append([]SemiQuantBin(nil), spec.Bins...)
	if len(errs) == 0 {
		sum := semiQuantChecksum(spec.Bins)
		if spec.Checksum != "" && spec.Checksum != sum {
			errs = append(errs, fieldErr("checksum", truncate(spec.Checksum), fmt.Errorf("%w: content checksum is %s", ErrChecksum, sum)))
		}
		spec.Checksum = sum
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return &SemiQuantScale{spec: spec}, nil
}

// semiQuantChecksum hashes "level min max value\n" per bin.
func semiQuantChecksum(bins []SemiQuantBin) string {
	h := sha256.New()
	for _, b := range bins {
		fmt.Fprintf(h, "%s %d %d %d\n", b.Level, b.Min, b.Max, b.Value)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// ID returns the scale identifier.
func (s *SemiQuantScale) ID() string { return s.spec.ID }

// Checksum returns the content checksum: the lowercase hex SHA-256 of one
// line "level min max value" per bin (level as its text form, numbers in
// decimal, single spaces, each line ending in a newline), Very Low first.
func (s *SemiQuantScale) Checksum() string { return s.spec.Checksum }

// Spec returns the data form of the scale (a copy).
func (s *SemiQuantScale) Spec() SemiQuantSpec {
	c := s.spec
	c.Bins = append([]SemiQuantBin(nil), c.Bins...)
	return c
}

// MarshalJSON encodes the scale as its [SemiQuantSpec].
func (s *SemiQuantScale) MarshalJSON() ([]byte, error) { return json.Marshal(s.Spec()) }

// UnmarshalJSON decodes a [SemiQuantSpec] strictly and builds the scale;
// it returns the errors of [LoadSemiQuantScale].
func (s *SemiQuantScale) UnmarshalJSON(b []byte) error {
	v, err := LoadSemiQuantScale(bytes.NewReader(b))
	if err != nil {
		return err
	}
	*s = *v
	return nil
}

// LoadSemiQuantScale reads a scale in the JSON form of [SemiQuantSpec] and
// builds it with [NewSemiQuantScale]. Decoding is strict.
//
// LoadSemiQuantScale returns an error if the input is larger than
// [MaxLevelTableBytes] (wraps [ErrTooLarge]), is not one JSON object of the
// spec's shape (wraps [ErrInvalidInput]), or [NewSemiQuantScale] rejects it.
func LoadSemiQuantScale(r io.Reader) (*SemiQuantScale, error) {
	var spec SemiQuantSpec
	if err := decodeStrict(r, MaxLevelTableBytes, &spec); err != nil {
		return nil, err
	}
	return NewSemiQuantScale(spec)
}

// Level returns the qualitative value of a semi-quantitative score in
// [0, 100]. The bins are integer ranges; a score between two bins (4.5
// between Very Low 0–4 and Low 5–20) takes the higher bin, so the level is
// that of the first bin whose Max is at least the score. It does not
// allocate on success.
//
// Level returns an error if s is unbuilt (wraps [ErrInvalidInput]) or score
// is NaN or outside [0, 100] (wraps [ErrOutOfRange]).
func (s *SemiQuantScale) Level(score float64) (NISTLevel, error) {
	if s == nil || s.spec.Checksum == "" {
		return NISTUnassessed, s.unbuilt()
	}
	if math.IsNaN(score) || score < 0 || score > 100 {
		return NISTUnassessed, fieldErr("score", fmtFloat(score), fmt.Errorf("%w [0, 100]", ErrOutOfRange))
	}
	for _, b := range s.spec.Bins {
		if score <= float64(b.Max) {
			return b.Level, nil
		}
	}
	return s.spec.Bins[len(s.spec.Bins)-1].Level, nil
}

// Value returns the representative value (0..10) of level l.
//
// Value returns an error if s is unbuilt (wraps [ErrInvalidInput]), l is
// [NISTUnassessed] (wraps [ErrUnscored]) or out of range (wraps
// [ErrOutOfRange]).
func (s *SemiQuantScale) Value(l NISTLevel) (int, error) {
	if s == nil || s.spec.Checksum == "" {
		return 0, s.unbuilt()
	}
	switch {
	case l == NISTUnassessed:
		return 0, fieldErr("level", "", fmt.Errorf("%w: not assessed", ErrUnscored))
	case !l.valid():
		return 0, fieldErr("level", l.String(), fmt.Errorf("%w: want very-low … very-high", ErrOutOfRange))
	}
	return s.spec.Bins[l-1].Value, nil
}

func (s *SemiQuantScale) unbuilt() error {
	if s != nil && s.err != nil {
		return s.err
	}
	return fieldErr("scale", "", fmt.Errorf("%w: nil or zero SemiQuantScale; use NewSemiQuantScale or NIST80030SemiQuant", ErrInvalidInput))
}

// NIST80030SemiQuantChecksum is the content checksum of the built-in
// semi-quantitative scale (see [SemiQuantScale.Checksum]).
const NIST80030SemiQuantChecksum = "b123d9ea69f1aeaaa11f4edb11662068f3e5ccb7110c37dd63a24214fa990f9f"

var nistSemiQuant = sync.OnceValue(func() *SemiQuantScale {
	s, err := NewSemiQuantScale(SemiQuantSpec{
		ID:    "nist-sp800-30r1-semiquant",
		Title: "Semi-quantitative values 0–100 and 0–10 (NIST SP 800-30 Rev. 1 Tables G-2…G-4, H-3, I-3)",
		Provenance: nistProvenance + "G, H and I: Very High 96–100 (10), High 80–95 (8), Moderate 21–79 (5), " +
			"Low 5–20 (2), Very Low 0–4 (0); the same bins in every assessment scale of the publication.",
		Checksum: NIST80030SemiQuantChecksum,
		Bins: []SemiQuantBin{
			{NISTVeryLow, 0, 4, 0}, {NISTLow, 5, 20, 2}, {NISTModerate, 21, 79, 5},
			{NISTHigh, 80, 95, 8}, {NISTVeryHigh, 96, 100, 10},
		},
	})
	if err != nil {
		return &SemiQuantScale{spec: SemiQuantSpec{ID: "nist-sp800-30r1-semiquant"}, err: fmt.Errorf("risk: built-in scale: %w", err)}
	}
	return s
})

// NIST80030SemiQuant returns the built-in semi-quantitative scale of NIST SP
// 800-30 Rev. 1 (ID "nist-sp800-30r1-semiquant"): 0–4 Very Low (0), 5–20
// Low (2), 21–79 Moderate (5), 80–95 High (8), 96–100 Very High (10). The
// same immutable scale is returned on every call.
func NIST80030SemiQuant() *SemiQuantScale { return nistSemiQuant() }

// ThreatAssessmentRule names how [AssessThreat] combines the levels.
const ThreatAssessmentRule = "nist-sp800-30r1-v1: overall likelihood = Table G-5(likelihood of initiation or " +
	"occurrence, likelihood of adverse impact); risk = Table I-2(overall likelihood, impact)"

// ThreatAssessment is the NIST SP 800-30 assessment of one threat event:
// the three assessed levels, the overall likelihood (Table G-5), the level
// of risk (Table I-2) and its representative semi-quantitative value
// (0..10), with the IDs and checksums of the tables used and the rule.
type ThreatAssessment struct {
	LikelihoodInitiation NISTLevel `json:"likelihood_initiation"`
	LikelihoodImpact     NISTLevel `json:"likelihood_adverse_impact"`
	Impact               NISTLevel `json:"impact"`
	OverallLikelihood    NISTLevel `json:"overall_likelihood"`
	Risk                 NISTLevel `json:"risk"`
	RiskValue            int       `json:"risk_value"`
	LikelihoodTable      string    `json:"likelihood_table"`
	LikelihoodChecksum   string    `json:"likelihood_table_checksum"`
	RiskTable            string    `json:"risk_table"`
	RiskChecksum         string    `json:"risk_table_checksum"`
	Scale                string    `json:"scale"`
	Rule                 string    `json:"rule"`
}

// AssessThreat combines the likelihood of initiation (adversarial) or
// occurrence (non-adversarial), the likelihood that the event results in
// adverse impact, and the impact, with the built-in tables: overall
// likelihood from [NIST80030TableG5], risk from [NIST80030TableI2], and the
// risk's representative value from [NIST80030SemiQuant]. It runs in
// constant time.
//
// AssessThreat returns an error if a level is [NISTUnassessed] (wraps
// [ErrUnscored]) or out of range (wraps [ErrOutOfRange]), naming each.
func AssessThreat(initiation, adverse, impact NISTLevel) (ThreatAssessment, error) {
	var errs []error
	for _, a := range [...]struct {
		name string
		v    NISTLevel
	}{{"likelihood_initiation", initiation}, {"likelihood_adverse_impact", adverse}, {"impact", impact}} {
		switch {
		case a.v == NISTUnassessed:
			errs = append(errs, fieldErr(a.name, "", fmt.Errorf("%w: not assessed", ErrUnscored)))
		case !a.v.valid():
			errs = append(errs, fieldErr(a.name, a.v.String(), fmt.Errorf("%w: want very-low … very-high", ErrOutOfRange)))
		}
	}
	if len(errs) > 0 {
		return ThreatAssessment{}, joinErrs(errs)
	}
	g5, i2, sq := NIST80030TableG5(), NIST80030TableI2(), NIST80030SemiQuant()
	overall, err := g5.Lookup(initiation, adverse)
	if err != nil {
		return ThreatAssessment{}, err
	}
	level, err := i2.Lookup(overall, impact)
	if err != nil {
		return ThreatAssessment{}, err
	}
	value, err := sq.Value(level)
	if err != nil {
		return ThreatAssessment{}, err
	}
	return ThreatAssessment{
		LikelihoodInitiation: initiation, LikelihoodImpact: adverse, Impact: impact,
		OverallLikelihood: overall, Risk: level, RiskValue: value,
		LikelihoodTable: g5.ID(), LikelihoodChecksum: g5.Checksum(),
		RiskTable: i2.ID(), RiskChecksum: i2.Checksum(), Scale: sq.ID(), Rule: ThreatAssessmentRule,
	}, nil
}
