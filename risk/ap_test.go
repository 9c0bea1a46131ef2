package risk

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestAPText(t *testing.T) {
	for _, tt := range []struct {
		ap   AP
		text string
	}{{APHigh, "H"}, {APMedium, "M"}, {APLow, "L"}} {
		b, err := tt.ap.MarshalText()
		if err != nil || string(b) != tt.text || tt.ap.String() != tt.text {
			t.Errorf("%d: MarshalText = %q, %v; String = %q; want %q", tt.ap, b, err, tt.ap.String(), tt.text)
		}
		var back AP
		if err := back.UnmarshalText([]byte(strings.ToLower(tt.text))); err != nil || back != tt.ap {
			t.Errorf("UnmarshalText(%q) = %v, %v", strings.ToLower(tt.text), back, err)
		}
		if b, err := tt.ap.AppendText([]byte("ap=")); err != nil || string(b) != "ap="+tt.text {
			t.Errorf("AppendText = %q, %v", b, err)
		}
	}
	if _, err := APUnspecified.MarshalText(); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("MarshalText(unspecified) error = %v, want ErrInvalidInput", err)
	}
	var a AP
	if err := a.UnmarshalText([]byte("X")); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("UnmarshalText(X) error = %v, want ErrInvalidInput", err)
	}
}

func TestActionPriorityRecordsTable(t *testing.T) {
	tests := []struct {
		name, reason string
		s, o, d      Rating
		want         APResult
		wantErr      error
	}{
		{"scored", "a scored line gets AP, RPN and the table id", 8, 5, 7,
			APResult{S: 8, O: 5, D: 7, RPN: 280, AP: APHigh, Table: "aiag-vda-2019", TableChecksum: AIAGVDA2019Checksum}, nil},
		{"unscored", "an unscored factor is never defaulted", 8, Unscored, 7,
			APResult{S: 8, O: Unscored, D: 7, Table: "aiag-vda-2019", TableChecksum: AIAGVDA2019Checksum}, ErrUnscored},
		{"range", "ratings above 10 are rejected", 8, 5, 12,
			APResult{S: 8, O: 5, D: 12, Table: "aiag-vda-2019", TableChecksum: AIAGVDA2019Checksum}, ErrOutOfRange},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ActionPriority(AIAGVDA2019(), tt.s, tt.o, tt.d)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("error = %v, want %v (%s)", err, tt.wantErr, tt.reason)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ActionPriority mismatch (-want +got):\n%s", diff)
			}
		})
	}
	if _, err := ActionPriority(nil, 1, 1, 1); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("nil table error = %v", err)
	}
}
