package postmarket

import (
	"encoding/json"
	"math"
)

// jfloat is a float64 that marshals ±Inf and NaN as JSON null (encoding/json
// rejects them) and reads null back as +Inf.
type jfloat float64

func (f jfloat) MarshalJSON() ([]byte, error) {
	v := float64(f)
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return []byte("null"), nil
	}
	return json.Marshal(v)
}

func (f *jfloat) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*f = jfloat(math.Inf(1))
		return nil
	}
	var v float64
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*f = jfloat(v)
	return nil
}

type intervalJSON struct {
	Lo jfloat `json:"lo"`
	Hi jfloat `json:"hi"`
}

// MarshalJSON writes {"lo": …, "hi": …}, with an infinite bound as null.
func (iv Interval) MarshalJSON() ([]byte, error) {
	return json.Marshal(intervalJSON{jfloat(iv.Lo), jfloat(iv.Hi)})
}

// UnmarshalJSON reads the form written by MarshalJSON; a null bound is read
// as +Inf for hi and −Inf for lo.
func (iv *Interval) UnmarshalJSON(b []byte) error {
	var j intervalJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	lo := float64(j.Lo)
	if math.IsInf(lo, 1) {
		lo = math.Inf(-1)
	}
	*iv = Interval{lo, float64(j.Hi)}
	return nil
}
