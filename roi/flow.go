package roi

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/shopspring/decimal"
)

// Flow is a dated cash flow for [XNPV] and [XIRR]. Only the civil date of Date
// (year, month, day in Date's own location) is used: the time of day and the
// zone are ignored, so a flow at 23:30 local time and one at 00:30 the next
// day are one day apart however the zone shifts. Amount is positive for money
// received and negative for money paid.
//
// JSON: {"date": "2024-01-31", "amount": "-1000.00"}.
type Flow struct {
	Date   time.Time
	Amount decimal.Decimal
}

// flowJSON is the wire form of Flow.
type flowJSON struct {
	Date   string          `json:"date"`
	Amount decimal.Decimal `json:"amount"`
}

// MarshalJSON writes the date as YYYY-MM-DD and the amount as a string.
func (f Flow) MarshalJSON() ([]byte, error) {
	return json.Marshal(flowJSON{Date: f.Date.Format(time.DateOnly), Amount: f.Amount})
}

// UnmarshalJSON reads {"date": "YYYY-MM-DD", "amount": "…"} strictly; the
// date is set at midnight UTC. The amount must be a decimal string (a JSON
// number is an error); duplicate, case-variant and unknown keys are errors.
func (f *Flow) UnmarshalJSON(b []byte) error {
	var w flowJSONIn
	if err := decodeStrict(b, &w); err != nil {
		return err
	}
	var l errList
	v := w.convert("", &l)
	if err := l.err(); err != nil {
		return err
	}
	*f = v
	return nil
}

// Validate reports a zero date or an amount outside the supported range.
func (f Flow) Validate() error {
	return f.validate("flow")
}

func (f Flow) validate(path string) error {
	if !f.Date.IsZero() && inRange(f.Amount) {
		return nil
	}
	var errs []error
	if f.Date.IsZero() {
		errs = append(errs, fieldErr(path+".date", "", ErrInvalidInput, "date is missing"))
	}
	if err := checkDecimal(path+".amount", f.Amount); err != nil {
		errs = append(errs, err)
	}
	return joinErrs(errs)
}

// civilDay returns the number of days from 1970-01-01 to the civil date of t
// (in t's location), by Howard Hinnant's days_from_civil algorithm.
func civilDay(t time.Time) int64 {
	y, m, d := t.Date()
	yy := int64(y)
	if m <= 2 {
		yy--
	}
	era := yy / 400
	if yy < 0 && yy%400 != 0 {
		era = (yy - 399) / 400
	}
	yoe := yy - era*400
	mm := int64(m)
	if mm > 2 {
		mm -= 3
	} else {
		mm += 9
	}
	doy := (153*mm+2)/5 + int64(d) - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// dayOffsets validates flows and returns each flow's day count from the first
// listed flow's date. A flow dated before the first listed date is an error
// (Excel's documented rule), as is a series shorter than min.
func dayOffsets(flows []Flow, min int) ([]int64, error) {
	if len(flows) < min {
		return nil, fieldErr("flows", "", ErrInvalidInput, fmt.Sprintf("%d flows given, at least %d needed", len(flows), min))
	}
	if err := checkCount("flows", len(flows), MaxFlows); err != nil {
		return nil, err
	}
	var errs errList
	days := make([]int64, len(flows))
	var base int64
	for i, f := range flows {
		if f.Date.IsZero() || !inRange(f.Amount) {
			if errs.full() {
				errs.extra++
			} else {
				errs.add(f.validate(fmtIndex("flows", i)))
			}
			continue
		}
		d := civilDay(f.Date)
		if i == 0 {
			base = d
		}
		days[i] = d - base
		if flows[0].Date.IsZero() {
			continue
		}
		if days[i] < 0 {
			errs.add(fieldErr(fmtIndex("flows", i)+".date", f.Date.Format(time.DateOnly), ErrInvalidInput, "date before the first listed date "+flows[0].Date.Format(time.DateOnly)))
		}
	}
	if err := errs.err(); err != nil {
		return nil, err
	}
	return days, nil
}
