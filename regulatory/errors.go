package regulatory

import (
	"errors"

	"github.com/healthpm/healthpm/internal/fielderr"
)

// Sentinel errors. Every error returned by this package wraps one of them, so
// callers can test with [errors.Is].
var (
	// ErrInvalidInput marks a malformed or out-of-vocabulary input: a wrong JSON
	// type, an enumeration value outside its list, an oversized document.
	ErrInvalidInput = fielderr.ErrInvalidInput
	// ErrUnknownFact marks a fact key that is not part of the vocabulary.
	ErrUnknownFact = errors.New("unknown fact")
	// ErrUnknownFramework marks a Framework value without a rule set.
	ErrUnknownFramework = errors.New("unknown framework")
)

// FieldError reports a problem with one fact. Path is the JSON key of the fact
// (for a component, "components[i].key"), Value is the offending text when
// there is one, and Err wraps one of the sentinels above.
type FieldError = fielderr.Error
