package risk

import (
	"strconv"
)

// Rating is an FMEA severity, occurrence or detection rating: 1..10, or
// [Unscored]. Unscored is a real state (the team has not rated the factor
// yet); it is never replaced by a default number, so RPN and AP of a line
// with an unscored factor are not computed.
//
// In JSON a Rating is an integer 1..10, or null when unscored.
type Rating uint8

// Unscored is the zero Rating: the factor has not been rated.
const Unscored Rating = 0

// Valid reports whether r is a rating in 1..10 (Unscored is not valid).
func (r Rating) Valid() bool { return r >= 1 && r <= 10 }

// String returns the number, or "unscored".
func (r Rating) String() string {
	if r == Unscored {
		return "unscored"
	}
	return strconv.Itoa(int(r))
}

// MarshalJSON encodes a rating as its number, or null when unscored. It
// returns an error wrapping [ErrOutOfRange] for a value above 10.
func (r Rating) MarshalJSON() ([]byte, error) {
	if r == Unscored {
		return []byte("null"), nil
	}
	if !r.Valid() {
		return nil, fieldErr("rating", r.String(), ErrOutOfRange)
	}
	return strconv.AppendInt(nil, int64(r), 10), nil
}

// UnmarshalJSON decodes an integer 1..10, or null (unscored). It returns an
// error wrapping [ErrOutOfRange] for another number and [ErrInvalidInput] for
// a non-number.
func (r *Rating) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*r = Unscored
		return nil
	}
	v, err := strconv.Atoi(string(b))
	if err != nil {
		return fieldErr("rating", truncate(string(b)), ErrInvalidInput)
	}
	if v < 1 || v > 10 {
		return fieldErr("rating", string(b), ErrOutOfRange)
	}
	*r = Rating(v)
	return nil
}

// truncate shortens s for an error message.
func truncate(s string) string {
	const max = 40
	if len(s) <= max {
		return s
	}
	return s[:max] + "…"
}
