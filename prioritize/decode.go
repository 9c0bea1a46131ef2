package prioritize

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// MaxDecodeBytes bounds the JSON input read by [DecodeModel] and
// [DecodeItems] (64 MiB).
const MaxDecodeBytes = 64 << 20

// decodeStrict reads one JSON value from r into v, rejecting unknown fields,
// trailing data and input larger than MaxDecodeBytes.
func decodeStrict(r io.Reader, what string, v any) error {
	b, err := io.ReadAll(io.LimitReader(r, MaxDecodeBytes+1))
	if err != nil {
		return fmt.Errorf("prioritize: reading %s: %w", what, err)
	}
	if len(b) > MaxDecodeBytes {
		return &FieldError{Pkg: "prioritize", Path: what, Err: fmt.Errorf("input larger than %d bytes: %w", MaxDecodeBytes, ErrInvalidInput)}
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return &FieldError{Pkg: "prioritize", Path: what, Err: fmt.Errorf("%w: %w", ErrInvalidInput, err)}
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return &FieldError{Pkg: "prioritize", Path: what, Err: fmt.Errorf("trailing data after the JSON value: %w", ErrInvalidInput)}
	}
	return nil
}

// DecodeModel reads a [Model] from JSON and validates it. Unknown fields,
// trailing data, unknown enum text and input over [MaxDecodeBytes] are
// rejected.
//
// DecodeModel returns an error if the JSON is malformed or breaks one of the
// rules above (wraps [ErrInvalidInput]), or if the model fails
// [Model.Validate].
func DecodeModel(r io.Reader) (Model, error) {
	var m Model
	if err := decodeStrict(r, "model", &m); err != nil {
		return Model{}, err
	}
	if err := m.Validate(); err != nil {
		return Model{}, err
	}
	return m, nil
}

// DecodeItems reads a JSON array of [Item] and validates it against m with
// [Model.ValidateItems]. Unknown fields, trailing data and input over
// [MaxDecodeBytes] are rejected.
//
// DecodeItems returns an error if the JSON is malformed or breaks one of the
// rules above (wraps [ErrInvalidInput]), or if the items fail validation.
func DecodeItems(r io.Reader, m Model) ([]Item, error) {
	var items []Item
	if err := decodeStrict(r, "items", &items); err != nil {
		return nil, err
	}
	if err := m.ValidateItems(items); err != nil {
		return nil, err
	}
	if items == nil {
		items = []Item{}
	}
	return items, nil
}
