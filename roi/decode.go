package roi

import (
	"encoding/json"
	"time"

	"github.com/healthpm/healthpm/internal/strictjson"
)

// Strict JSON decoding of the input types. Each UnmarshalJSON streams the
// document once through strictjson (duplicate and case-variant keys, token
// and array caps), decodes into a wire form whose decimals are kept as raw
// tokens, then converts every field with its JSON path, so that an error
// reads "drivers[2].value.low: …" and names the cap it exceeds.

type estimateJSON struct {
	Low  decText `json:"low"`
	Mode decText `json:"mode"`
	High decText `json:"high"`
}

func (w estimateJSON) convert(path string, l *errList) Estimate {
	var e Estimate
	var err error
	if e.Low, err = w.Low.value(strictjson.Key(path, "low"), true); err != nil {
		l.add(err)
	}
	if e.Mode, err = w.Mode.value(strictjson.Key(path, "mode"), true); err != nil {
		l.add(err)
	}
	if e.High, err = w.High.value(strictjson.Key(path, "high"), true); err != nil {
		l.add(err)
	}
	return e
}

// UnmarshalJSON reads {"low": "…", "mode": "…", "high": "…"} strictly: the
// three points are required decimal strings (a JSON number is an error),
// duplicate, case-variant and unknown keys are errors.
func (e *Estimate) UnmarshalJSON(b []byte) error {
	var w estimateJSON
	if err := decodeStrict(b, &w); err != nil {
		return err
	}
	var l errList
	v := w.convert("", &l)
	if err := l.err(); err != nil {
		return err
	}
	*e = v
	return nil
}

type irrOptionsJSON struct {
	Guess  decText    `json:"guess"`
	Policy RootPolicy `json:"policy"`
}

// UnmarshalJSON reads {"guess": "0.1" | null, "policy": "excel"} strictly
// (the guess is a decimal string or null).
func (o *IRROptions) UnmarshalJSON(b []byte) error {
	var w irrOptionsJSON
	if err := decodeStrict(b, &w); err != nil {
		return err
	}
	var out IRROptions
	if !w.Guess.null() {
		g, err := w.Guess.value("guess", true)
		if err != nil {
			return err
		}
		out.Guess.Decimal, out.Guess.Valid = g, true
	}
	out.Policy = w.Policy
	*o = out
	return nil
}

// flowJSONIn is the wire form of Flow when reading.
type flowJSONIn struct {
	Date   string  `json:"date"`
	Amount decText `json:"amount"`
}

func (w flowJSONIn) convert(path string, l *errList) Flow {
	var f Flow
	d, err := time.Parse(time.DateOnly, w.Date)
	if err != nil {
		l.add(fieldErr(strictjson.Key(path, "date"), abbrev(w.Date), ErrInvalidInput, "not a YYYY-MM-DD date"))
	} else {
		f.Date = d
	}
	if f.Amount, err = w.Amount.value(strictjson.Key(path, "amount"), true); err != nil {
		l.add(err)
	}
	return f
}

type driverJSON struct {
	ID    string          `json:"id"`
	Name  string          `json:"name"`
	Unit  string          `json:"unit"`
	Value json.RawMessage `json:"value"`
}

type lineJSON struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Kind    LineKind `json:"kind"`
	Amount  decText  `json:"amount"`
	Drivers []string `json:"drivers"`
	Start   int      `json:"start"`
	End     int      `json:"end"`
	Growth  decText  `json:"growth"`
}

type caseJSON struct {
	ID           string       `json:"id"`
	Name         string       `json:"name"`
	Years        int          `json:"years"`
	DiscountRate decText      `json:"discount_rate"`
	Drivers      []driverJSON `json:"drivers"`
	Lines        []lineJSON   `json:"lines"`
}

// UnmarshalJSON reads a business case strictly: duplicate, case-variant and
// unknown keys are errors, amounts and rates must be decimal strings, arrays
// hold at most 256 elements, and every problem is a *FieldError with its JSON
// path (drivers[2].value.low). It does not run Validate ([DecodeBusinessCase]
// does).
func (bc *BusinessCase) UnmarshalJSON(b []byte) error {
	var w caseJSON
	if err := decodeStrict(b, &w); err != nil {
		return err
	}
	var l errList
	out := BusinessCase{ID: w.ID, Name: w.Name, Years: w.Years}
	var err error
	if out.DiscountRate, err = w.DiscountRate.value("discount_rate", true); err != nil {
		l.add(err)
	}
	if w.Drivers != nil {
		out.Drivers = make([]Driver, len(w.Drivers))
	}
	for i, d := range w.Drivers {
		p := strictjson.Index("drivers", i)
		out.Drivers[i] = Driver{ID: d.ID, Name: d.Name, Unit: d.Unit}
		vp := strictjson.Key(p, "value")
		if len(d.Value) == 0 || string(d.Value) == "null" {
			l.add(fieldErr(vp, "", ErrInvalidInput, "missing three-point estimate"))
			continue
		}
		var ew estimateJSON
		if err := decodeStrict(d.Value, &ew); err != nil {
			l.add(prefixPath(vp, err))
			continue
		}
		out.Drivers[i].Value = ew.convert(vp, &l)
	}
	if w.Lines != nil {
		out.Lines = make([]Line, len(w.Lines))
	}
	for i, ln := range w.Lines {
		p := strictjson.Index("lines", i)
		o := Line{ID: ln.ID, Name: ln.Name, Kind: ln.Kind, Drivers: ln.Drivers, Start: ln.Start, End: ln.End}
		if o.Amount, err = ln.Amount.value(strictjson.Key(p, "amount"), true); err != nil {
			l.add(err)
		}
		if o.Growth, err = ln.Growth.value(strictjson.Key(p, "growth"), false); err != nil {
			l.add(err)
		}
		out.Lines[i] = o
	}
	if err := l.err(); err != nil {
		return err
	}
	*bc = out
	return nil
}

// prefixPath puts path in front of a *FieldError's path.
func prefixPath(path string, err error) error {
	if fe, ok := err.(*FieldError); ok {
		cp := *fe
		switch {
		case cp.Path == "":
			cp.Path = path
		case cp.Path[0] == '[':
			cp.Path = path + cp.Path
		default:
			cp.Path = path + "." + cp.Path
		}
		return &cp
	}
	return err
}
