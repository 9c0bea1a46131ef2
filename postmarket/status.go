package postmarket

import "github.com/healthpm/healthpm/internal/enumtext"

// Status is the verdict on one signal.
type Status uint8

// Statuses. Text forms: "none", "watch", "signal", "insufficient-data".
const (
	StatusUnspecified Status = iota // no text form
	// StatusNone: the data was enough to judge and shows no signal.
	StatusNone
	// StatusWatch: evidence below the plan's signal threshold but above its
	// watch threshold, or a signal-level result below the plan's minimum
	// count.
	StatusWatch
	// StatusSignal: the plan's signal criterion is met.
	StatusSignal
	// StatusInsufficientData: too little data to judge (no complete period
	// in the window, no exposure, expected count below the plan's minimum).
	// It is never reported as StatusNone.
	StatusInsufficientData
)

var statusCodec = enumtext.New[Status]("postmarket", "Status", ErrInvalidInput,
	"", "none", "watch", "signal", "insufficient-data")

// String returns the text form of s.
func (s Status) String() string { return statusCodec.String(s) }

// MarshalText returns the text form of s.
func (s Status) MarshalText() ([]byte, error) { return statusCodec.Marshal(s) }

// UnmarshalText parses a status case-insensitively.
func (s *Status) UnmarshalText(b []byte) error {
	v, err := statusCodec.Parse(string(b))
	if err == nil {
		*s = v
	}
	return err
}
