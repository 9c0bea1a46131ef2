package roi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// joinErrs returns nil for no errors and errors.Join otherwise.
func joinErrs(errs []error) error {
	if len(errs) == 0 {
		return nil
	}
	return errors.Join(errs...)
}

// decodeStrict decodes one JSON value from b into v, rejecting unknown fields
// and trailing data.
func decodeStrict(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("roi: decoding JSON: %v: %w", err, ErrInvalidInput)
	}
	if dec.More() {
		return fmt.Errorf("roi: decoding JSON: trailing data: %w", ErrInvalidInput)
	}
	return nil
}
