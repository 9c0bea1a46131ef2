package regulatory

import (
	"errors"
	"testing"
)

func TestEnumText(t *testing.T) {
	for _, c := range []Class{ClassI, ClassIIa, ClassIIb, ClassII, ClassIII} {
		b, err := c.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var back Class
		if err := back.UnmarshalText(b); err != nil || back != c {
			t.Errorf("Class %v round trip = %v, %v", c, back, err)
		}
	}
	var c Class
	if err := c.UnmarshalText([]byte("IV")); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("UnmarshalText(IV) error = %v, want ErrInvalidInput", err)
	}
	if _, err := ClassNone.MarshalText(); !errors.Is(err, ErrInvalidInput) {
		t.Errorf("ClassNone.MarshalText error = %v, want ErrInvalidInput", err)
	}
	var fw Framework
	if err := fw.UnmarshalText([]byte("EU_MDR")); err != nil || fw != EUMDR {
		t.Errorf("Framework parse = %v, %v", fw, err)
	}
	var s SafetyClass
	if err := s.UnmarshalText([]byte("b")); err != nil || s != SafetyClassB {
		t.Errorf("SafetyClass parse = %v, %v", s, err)
	}
	var st Status
	if err := st.UnmarshalText([]byte("needs_input")); err != nil || st != StatusNeedsInput {
		t.Errorf("Status parse = %v, %v", st, err)
	}
}
