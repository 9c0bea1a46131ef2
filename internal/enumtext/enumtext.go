// Package enumtext is the text codec shared by the healthpm enums: String,
// MarshalText and case-insensitive UnmarshalText over a fixed list of names, with
// an error that lists the valid names when the text is unknown.
package enumtext

import (
	"fmt"
	"strconv"
	"strings"
)

// Unsigned is the set of underlying types an enum may have.
type Unsigned interface {
	~uint8 | ~uint16 | ~uint32 | ~uint
}

// Codec maps the values 0..len(names)-1 of an enum type to their names. An
// empty name marks a value that has no text form (typically the zero value
// "unspecified"), which Marshal rejects and Parse never returns.
// A Codec is immutable after New and safe for concurrent use.
type Codec[E Unsigned] struct {
	pkg, typ string
	names    []string
	invalid  error
}

// New returns a codec for the enum type named typ in package pkg. invalid is the
// sentinel wrapped by every error the codec returns (for example the package's
// ErrInvalidInput). names is copied.
func New[E Unsigned](pkg, typ string, invalid error, names ...string) Codec[E] {
	return Codec[E]{pkg: pkg, typ: typ, names: append([]string(nil), names...), invalid: invalid}
}

// Valid reports whether e has a name.
func (c Codec[E]) Valid(e E) bool {
	return uint64(e) < uint64(len(c.names)) && c.names[e] != ""
}

// String returns the name of e, or "Typ(n)" for a value without a name.
func (c Codec[E]) String(e E) string {
	if c.Valid(e) {
		return c.names[e]
	}
	return c.typ + "(" + strconv.FormatUint(uint64(e), 10) + ")"
}

// Marshal returns the name of e as bytes. It returns an error wrapping the
// invalid sentinel if e has no name.
func (c Codec[E]) Marshal(e E) ([]byte, error) {
	if !c.Valid(e) {
		return nil, fmt.Errorf("%s: %s %d has no text form: %w", c.pkg, c.typ, uint64(e), c.invalid)
	}
	return []byte(c.names[e]), nil
}

// Parse returns the value whose name equals s, ignoring case and surrounding
// space. It returns an error wrapping the invalid sentinel that lists the valid
// names if none matches.
func (c Codec[E]) Parse(s string) (E, error) {
	t := strings.TrimSpace(s)
	for i, n := range c.names {
		if n != "" && strings.EqualFold(n, t) {
			return E(i), nil
		}
	}
	return 0, fmt.Errorf("%s: unknown %s %q (valid: %s): %w", c.pkg, c.typ, s, strings.Join(c.Names(), ", "), c.invalid)
}

// Names returns the valid names in value order.
func (c Codec[E]) Names() []string {
	out := make([]string, 0, len(c.names))
	for _, n := range c.names {
		if n != "" {
			out = append(out, n)
		}
	}
	return out
}

// Append appends the name of e to b, for an enum's AppendText method. It
// returns b unchanged and an error wrapping the invalid sentinel if e has no
// name.
func (c Codec[E]) Append(b []byte, e E) ([]byte, error) {
	if !c.Valid(e) {
		_, err := c.Marshal(e)
		return b, err
	}
	return append(b, c.names[e]...), nil
}

// Unmarshal parses text into *dst, for an enum's UnmarshalText method. On
// error *dst is left unchanged.
func (c Codec[E]) Unmarshal(dst *E, text []byte) error {
	v, err := c.Parse(string(text))
	if err != nil {
		return err
	}
	*dst = v
	return nil
}
