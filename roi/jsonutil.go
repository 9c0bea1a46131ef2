package roi

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"github.com/healthpm/healthpm/internal/strictjson"
	"github.com/shopspring/decimal"
)

// joinErrs returns nil for no errors and errors.Join otherwise, keeping at
// most MaxJoinedErrors problems (the rest are counted).
func joinErrs(errs []error) error {
	if len(errs) == 0 {
		return nil
	}
	if len(errs) <= MaxJoinedErrors+1 {
		return errors.Join(errs...)
	}
	var l errList
	l.addAll(errs)
	return l.err()
}

// JSON limits of one roi input document (a flow, an estimate, options or a
// business case): nesting, elements per array, keys per object and the
// length of a number or string token, checked while streaming before any
// value is built.
var inputLimits = strictjson.Limits{
	MaxBytes:     maxCaseJSON,
	MaxDepth:     8,
	MaxElements:  maxCaseItems,
	MaxKeys:      16,
	MaxNumberLen: 24,
	MaxStringLen: 4096,
}

// decodeStrict decodes one JSON value from b into v: duplicate keys, keys
// that differ only in letter case, unknown fields, trailing data and tokens
// over inputLimits are errors. Problems are *FieldError values with the JSON
// path of the offending value, wrapping ErrInvalidInput.
func decodeStrict(b []byte, v any) error {
	if err := strictjson.Check(b, inputLimits); err != nil {
		var se *strictjson.Error
		if errors.As(err, &se) {
			return fieldErr(se.Path, "", ErrInvalidInput, "json: "+se.Error())
		}
		return fieldErr("", "", ErrInvalidInput, "json: "+err.Error())
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonErr(err)
	}
	return nil
}

// jsonErr turns an encoding/json error into a *FieldError with the best path
// encoding/json gives (dotted field names without indices).
func jsonErr(err error) error {
	var fe *FieldError
	if errors.As(err, &fe) {
		return err
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fieldErr(te.Field, "", ErrInvalidInput, "json: expected "+te.Type.String()+", got "+te.Value)
	}
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
		if q, err := strconv.Unquote(name); err == nil {
			return fieldErr(q, "", ErrInvalidInput, "unknown field")
		}
	}
	return fieldErr("", "", ErrInvalidInput, "json: "+msg)
}

// decText is the wire form of a decimal: the raw JSON token, kept unparsed
// so that the conversion can name the field's path and check the digit and
// exponent caps before shopspring parses (which is quadratic in the digits).
type decText struct {
	raw []byte
}

// UnmarshalJSON keeps a copy of the token.
func (t *decText) UnmarshalJSON(b []byte) error {
	t.raw = append(t.raw[:0], b...)
	return nil
}

// maxDecimalText is the longest accepted decimal text: MaxDecimalDigits
// digits, a sign, a point, leading zeros and an exponent.
const maxDecimalText = maxDigits + 64

// value parses the token at path. Money, rates and estimates are JSON
// strings ("1250.00"), as the package documents; a JSON number is rejected
// so that no float64 rounding can slip in. A missing field (nil raw) is zero
// when optional, else an error.
func (t decText) value(path string, required bool) (decimal.Decimal, error) {
	if t.raw == nil || string(t.raw) == "null" {
		if required {
			return decimal.Decimal{}, fieldErr(path, "", ErrInvalidInput, "missing: give the amount as a string such as \"1250.00\"")
		}
		return decimal.Decimal{}, nil
	}
	if t.raw[0] != '"' {
		return decimal.Decimal{}, fieldErr(path, abbrev(string(t.raw)), ErrInvalidInput, "amounts and rates are JSON strings such as \"1250.00\", not numbers")
	}
	var s string
	if err := json.Unmarshal(t.raw, &s); err != nil {
		return decimal.Decimal{}, fieldErr(path, "", ErrInvalidInput, "not a JSON string")
	}
	return parseDecimalText(path, s)
}

// null reports whether the token is absent or null.
func (t decText) null() bool { return t.raw == nil || string(t.raw) == "null" }

// parseDecimalText parses a plain decimal ("-12.50", "1e-12") after checking
// its syntax, its digit count and its exponent against the caps, so that
// neither a 10^7-digit string nor "1e999999999" reaches the parser.
func parseDecimalText(path, s string) (decimal.Decimal, error) {
	bad := func(reason string) (decimal.Decimal, error) {
		return decimal.Decimal{}, fieldErr(path, abbrev(s), ErrInvalidInput, reason)
	}
	if len(s) > maxDecimalText {
		return bad("decimal text longer than " + strconv.Itoa(maxDecimalText) + " characters (the cap)")
	}
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	digits, sig, point, lead := 0, 0, false, true
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
			if c != '0' || !lead {
				lead = false
				sig++
			}
		case c == '.' && !point:
			point = true
		default:
			goto exp
		}
	}
exp:
	if digits == 0 {
		return bad("not a decimal number")
	}
	if sig > maxDigits {
		return bad("more than " + strconv.Itoa(maxDigits) + " significant digits (the cap)")
	}
	if i < len(s) {
		if s[i] != 'e' && s[i] != 'E' {
			return bad("not a decimal number")
		}
		e := s[i+1:]
		if len(e) > 0 && (e[0] == '-' || e[0] == '+') {
			e = e[1:]
		}
		if e == "" || strings.TrimLeft(e, "0123456789") != "" {
			return bad("not a decimal number")
		}
		if len(strings.TrimLeft(e, "0")) > 6 {
			return bad("exponent outside ±1000000: magnitude beyond [1e-1000, 1e1000) (the cap)")
		}
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return bad("not a decimal number")
	}
	if err := checkDecimal(path, d); err != nil {
		return decimal.Decimal{}, err
	}
	return d, nil
}

// abbrev shortens text quoted in an error message.
func abbrev(s string) string {
	if len(s) <= 40 {
		return s
	}
	return s[:37] + "…"
}
