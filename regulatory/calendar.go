package regulatory

import (
	"fmt"
	"slices"
	"time"
)

// Date is a civil date (year, month, day) without a time of day or a time
// zone: the unit of every legal deadline in this package. The zero value is
// "no date"; it marshals to an empty string and is omitted from results.
// Dates run from 1900-01-01 to 9999-12-31. Arithmetic is on civil days, so
// it is exact across month ends, leap years and year ends.
type Date struct {
	t time.Time // midnight UTC; zero time means no date
}

// dateLayout is the ISO 8601 calendar date format used in JSON.
const dateLayout = "2006-01-02"

// NewDate returns the date y-m-d. It returns an error wrapping
// [ErrInvalidInput] if the year is outside [1900, 9999] or the day does not
// exist in that month (2025-02-29).
func NewDate(y int, m time.Month, d int) (Date, error) {
	if y < 1900 || y > 9999 || m < time.January || m > time.December || d < 1 || d > 31 {
		return Date{}, fmt.Errorf("regulatory: date %04d-%02d-%02d out of range: %w", y, int(m), d, ErrInvalidInput)
	}
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return Date{}, fmt.Errorf("regulatory: date %04d-%02d-%02d does not exist: %w", y, int(m), d, ErrInvalidInput)
	}
	return Date{t: t}, nil
}

// ParseDate parses an ISO 8601 calendar date "YYYY-MM-DD". It returns an
// error wrapping [ErrInvalidInput] for any other text or a date that does
// not exist.
func ParseDate(s string) (Date, error) {
	if len(s) != len(dateLayout) {
		return Date{}, fmt.Errorf("regulatory: date %q: want YYYY-MM-DD: %w", shortText(s), ErrInvalidInput)
	}
	t, err := time.Parse(dateLayout, s)
	if err != nil || t.Year() < 1900 {
		return Date{}, fmt.Errorf("regulatory: date %q: want YYYY-MM-DD: %w", s, ErrInvalidInput)
	}
	return Date{t: t}, nil
}

// MustDate is [NewDate] for constant dates in tests and examples; it returns
// the zero Date (not a panic) for a date that does not exist.
func MustDate(y int, m time.Month, d int) Date {
	v, _ := NewDate(y, m, d)
	return v
}

// IsZero reports whether d is the zero Date ("no date").
func (d Date) IsZero() bool { return d.t.IsZero() }

// Year, Month and Day return the civil fields of d (0, 0, 0 for the zero Date).
func (d Date) Year() int {
	if d.IsZero() {
		return 0
	}
	return d.t.Year()
}

// Month returns the month of d, or 0 for the zero Date.
func (d Date) Month() time.Month {
	if d.IsZero() {
		return 0
	}
	return d.t.Month()
}

// Day returns the day of the month of d, or 0 for the zero Date.
func (d Date) Day() int {
	if d.IsZero() {
		return 0
	}
	return d.t.Day()
}

// Weekday returns the day of the week of d (Sunday for the zero Date).
func (d Date) Weekday() time.Weekday {
	if d.IsZero() {
		return time.Sunday
	}
	return d.t.Weekday()
}

// String returns "YYYY-MM-DD", or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format(dateLayout)
}

// MarshalText returns "YYYY-MM-DD", or empty text for the zero Date.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText parses "YYYY-MM-DD"; empty text gives the zero Date. It
// returns an error wrapping [ErrInvalidInput] for other text.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.t.Before(e.t) }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.t.After(e.t) }

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int { return d.t.Compare(e.t) }

// AddDays returns the date n calendar days after d (before it for n < 0).
// The zero Date stays zero; results are clamped to 1900-01-01 and
// 9999-12-31.
func (d Date) AddDays(n int) Date {
	if d.IsZero() {
		return d
	}
	const maxSpan = 4_000_000 // more days than the supported range holds
	n = max(-maxSpan, min(maxSpan, n))
	return clampDate(d.t.AddDate(0, 0, n))
}

// AddMonths returns the date n calendar months after d. A day that does not
// exist in the target month becomes that month's last day (2024-02-29 plus
// 12 months is 2025-02-28). The zero Date stays zero.
func (d Date) AddMonths(n int) Date {
	if d.IsZero() {
		return d
	}
	const maxSpan = 120_000
	n = max(-maxSpan, min(maxSpan, n))
	y, m := d.t.Year(), int(d.t.Month())-1+n
	y += m / 12
	m %= 12
	if m < 0 {
		m += 12
		y--
	}
	first := time.Date(y, time.Month(m+1), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return clampDate(time.Date(y, time.Month(m+1), min(d.t.Day(), last), 0, 0, 0, 0, time.UTC))
}

// DaysUntil returns the number of calendar days from d to e (negative when e
// is before d). It returns 0 when either date is zero.
func (d Date) DaysUntil(e Date) int {
	if d.IsZero() || e.IsZero() {
		return 0
	}
	return int(e.t.Sub(d.t).Hours() / 24)
}

var (
	minDate = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	maxDate = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)
)

func clampDate(t time.Time) Date {
	switch {
	case t.Before(minDate):
		return Date{t: minDate}
	case t.After(maxDate):
		return Date{t: maxDate}
	}
	return Date{t: t}
}

// MaxHolidays caps [WorkCalendar.Holidays].
const MaxHolidays = 4096

// WorkCalendar says which days are work days for deadlines counted in work
// days (21 CFR 803.3: "Monday through Friday, except Federal holidays").
// Saturdays and Sundays are never work days; Holidays lists the other days
// off, supplied by the caller (no holiday table is built in). The zero value
// has no holidays.
type WorkCalendar struct {
	// Name identifies the calendar in results, e.g. "US federal holidays 2026".
	Name string `json:"name"`
	// Holidays are the weekdays that are not work days, any order, at most
	// [MaxHolidays].
	Holidays []Date `json:"holidays"`
}

// Validate reports every problem with c: more than [MaxHolidays] holidays,
// a zero date, a name longer than [MaxTextLen].
func (c WorkCalendar) Validate() error { return c.validate("calendar") }

func (c WorkCalendar) validate(path string) error {
	var errs vErrs
	if len(c.Name) > MaxTextLen {
		errs.field(path+".name", "", fmt.Errorf("longer than %d bytes: %w", MaxTextLen, ErrInvalidInput))
	}
	if len(c.Holidays) > MaxHolidays {
		errs.field(path+".holidays", "", fmt.Errorf("%d holidays, more than %d: %w", len(c.Holidays), MaxHolidays, ErrInvalidInput))
		return errs.err()
	}
	for i, h := range c.Holidays {
		if h.IsZero() {
			errs.field(fmt.Sprintf("%s.holidays[%d]", path, i), "", fmt.Errorf("missing date: %w", ErrInvalidInput))
		}
	}
	return errs.err()
}

// workDays is a calendar prepared for lookups.
type workDays struct {
	holidays []Date // sorted
}

func newWorkDays(c WorkCalendar) workDays {
	hs := slices.Clone(c.Holidays)
	slices.SortFunc(hs, Date.Compare)
	return workDays{holidays: hs}
}

func (w workDays) isWorkDay(d Date) bool {
	switch d.Weekday() {
	case time.Saturday, time.Sunday:
		return false
	}
	_, found := slices.BinarySearchFunc(w.holidays, d, Date.Compare)
	return !found
}

// addWorkDays returns the n-th work day after d (d itself never counts). It
// looks at most len(holidays)+3n+7 days ahead, so it always ends.
func (w workDays) addWorkDays(d Date, n int) Date {
	if d.IsZero() {
		return d
	}
	for n > 0 {
		next := d.AddDays(1)
		if next == d { // clamped at the end of the supported range
			return d
		}
		d = next
		if w.isWorkDay(d) {
			n--
		}
	}
	return d
}

// AddWorkDays returns the n-th work day after d under c: Saturdays, Sundays
// and c.Holidays are skipped, and d itself never counts ("within 5 work days
// after the day on which you become aware"). n ≤ 0 returns d. Cost
// O(n + h log h) for h holidays.
func (c WorkCalendar) AddWorkDays(d Date, n int) Date {
	return newWorkDays(c).addWorkDays(d, n)
}

// IsWorkDay reports whether d is a work day under c.
func (c WorkCalendar) IsWorkDay(d Date) bool {
	return !d.IsZero() && newWorkDays(c).isWorkDay(d)
}

// shortText truncates s for an error message.
func shortText(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}
