package postmarket

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/healthpm/healthpm/internal/fielderr"
)

// Caps on field data.
const (
	// MaxPeriods is the largest number of periods in one series.
	MaxPeriods = 100_000
	// MaxSeries is the largest number of series passed to [Evaluate].
	MaxSeries = 1_000
	// MaxSeverityCodes is the largest number of severity codes in a period.
	MaxSeverityCodes = MaxCategories
	// MaxIDLen is the longest ID, unit, region or code, in bytes.
	MaxIDLen = 128
)

// Period is one observation period [Start, End) of a series: Count events
// over Exposure units of the series' exposure unit, in Region ("" for all
// regions). Severity optionally splits Count by severity code (IMDRF
// adverse-event terms or the plan's own scale); when given, its counts sum
// to Count.
type Period struct {
	Start    time.Time       `json:"start"`
	End      time.Time       `json:"end"`
	Count    int             `json:"count"`
	Exposure float64         `json:"exposure"`
	Region   string          `json:"region"`
	Severity []SeverityCount `json:"severity"`
}

// SeverityCount is the number of events with one severity code.
type SeverityCount struct {
	Code  string `json:"code"`
	Count int    `json:"count"`
}

// Series is the field data behind one metric: ID, the exposure unit every
// period is counted in (for example "units-in-use", "device-days",
// "encounters"; one unit per series) and the periods, ordered by start and
// non-overlapping within each region (MDCG 2022-21 asks for data split by
// region: EEA, TR, XI, worldwide).
type Series struct {
	ID      string   `json:"id"`
	Unit    string   `json:"unit"`
	Periods []Period `json:"periods"`
}

func checkText(l *fielderr.List, path, v string, required bool) {
	switch {
	case v == "" && required:
		l.Add(fieldErr(path, "", fmt.Errorf("%w: empty", ErrInvalidInput)))
	case len(v) > MaxIDLen:
		l.Add(fieldErr(path, v[:MaxIDLen], fmt.Errorf("%w: longer than %d bytes", ErrTooLarge, MaxIDLen)))
	}
}

// Validate reports every problem with the series, in field order, with
// paths from the series root (`periods[3].count`).
//
// Validate returns an error if the ID or unit is empty or too long, there
// are more than [MaxPeriods] periods or [MaxSeverityCodes] codes in a period
// (wrap [ErrTooLarge]); a period has a zero time, ends at or before its
// start, starts before the previous period of its region ends (wrap
// [ErrInvalidInput]); a count is negative or above [MaxCount], an exposure
// is negative, NaN or infinite, or severity counts do not sum to the count
// (wrap [ErrOutOfRange]); or a severity code is empty or repeated (wraps
// [ErrInvalidInput]).
func (s Series) Validate() error { return s.validate("") }

func (s Series) validate(root string) error {
	var l fielderr.List
	p := func(f string) string {
		if root == "" {
			return f
		}
		return root + "." + f
	}
	checkText(&l, p("id"), s.ID, true)
	checkText(&l, p("unit"), s.Unit, true)
	if len(s.Periods) > MaxPeriods {
		l.Add(fieldErr(p("periods"), strconv.Itoa(len(s.Periods)), fmt.Errorf("%w: more than %d periods", ErrTooLarge, MaxPeriods)))
		return l.Err()
	}
	lastEnd := map[string]time.Time{}
	for i, pd := range s.Periods {
		pp := func(f string) string { return p(fmt.Sprintf("periods[%d].%s", i, f)) }
		if pd.Start.IsZero() {
			l.Add(fieldErr(pp("start"), "", fmt.Errorf("%w: missing start", ErrInvalidInput)))
		}
		if pd.End.IsZero() {
			l.Add(fieldErr(pp("end"), "", fmt.Errorf("%w: missing end", ErrInvalidInput)))
		} else if !pd.End.After(pd.Start) {
			l.Add(fieldErr(pp("end"), pd.End.Format(time.RFC3339), fmt.Errorf("%w: period must end after it starts", ErrInvalidInput)))
		}
		if e, ok := lastEnd[pd.Region]; ok && pd.Start.Before(e) {
			l.Add(fieldErr(pp("start"), pd.Start.Format(time.RFC3339), fmt.Errorf("%w: starts before the previous period of region %q ends (%s); periods must be ordered and non-overlapping", ErrInvalidInput, pd.Region, e.Format(time.RFC3339))))
		}
		if pd.End.After(lastEnd[pd.Region]) {
			lastEnd[pd.Region] = pd.End
		}
		if pd.Count < 0 || pd.Count > MaxCount {
			l.Add(fieldErr(pp("count"), strconv.Itoa(pd.Count), fmt.Errorf("%w: count must be in [0, %d]", ErrOutOfRange, MaxCount)))
		}
		if math.IsNaN(pd.Exposure) || math.IsInf(pd.Exposure, 0) || pd.Exposure < 0 {
			l.Add(fieldErr(pp("exposure"), ffmt(pd.Exposure), fmt.Errorf("%w: exposure must be finite and not negative", ErrOutOfRange)))
		}
		checkText(&l, pp("region"), pd.Region, false)
		if len(pd.Severity) > MaxSeverityCodes {
			l.Add(fieldErr(pp("severity"), strconv.Itoa(len(pd.Severity)), fmt.Errorf("%w: more than %d codes", ErrTooLarge, MaxSeverityCodes)))
			continue
		}
		if len(pd.Severity) == 0 {
			continue
		}
		sum := 0
		seen := map[string]bool{}
		for j, sc := range pd.Severity {
			sp := pp(fmt.Sprintf("severity[%d]", j))
			checkText(&l, sp+".code", sc.Code, true)
			if seen[sc.Code] {
				l.Add(fieldErr(sp+".code", sc.Code, fmt.Errorf("%w: repeated severity code", ErrInvalidInput)))
			}
			seen[sc.Code] = true
			if sc.Count < 0 || sc.Count > MaxCount {
				l.Add(fieldErr(sp+".count", strconv.Itoa(sc.Count), fmt.Errorf("%w: count must be in [0, %d]", ErrOutOfRange, MaxCount)))
			} else {
				sum += sc.Count
			}
		}
		if sum != pd.Count {
			l.Add(fieldErr(pp("severity"), strconv.Itoa(sum), fmt.Errorf("%w: severity counts sum to %d, not the period count %d", ErrOutOfRange, sum, pd.Count)))
		}
	}
	return l.Err()
}

// digest returns "sha256:" and the hex SHA-256 of v's JSON encoding
// (encoding/json writes struct fields in declaration order, so the encoding
// is canonical for these types).
func digest(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:])
}
