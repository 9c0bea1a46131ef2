package enumtext

import (
	"errors"
	"testing"

	"pgregory.net/rapid"
)

type color uint8

var errInvalid = errors.New("invalid input")

var colors = New[color]("paint", "Color", errInvalid, "", "red", "Green")

func TestParse(t *testing.T) {
	tests := []struct {
		name, reason string
		in           string
		want         color
		wantErr      error
	}{
		{"exact", "a name parses to its index", "red", 1, nil},
		{"case", "parsing ignores case", "GREEN", 2, nil},
		{"space", "surrounding space is ignored", " red ", 1, nil},
		{"empty", "the unnamed zero value is never parsed", "", 0, errInvalid},
		{"unknown", "unknown text is an error", "blue", 0, errInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := colors.Parse(tt.in)
			if !errors.Is(err, tt.wantErr) || got != tt.want {
				t.Errorf("Parse(%q) = %v, %v; want %v, %v (%s)", tt.in, got, err, tt.want, tt.wantErr, tt.reason)
			}
		})
	}
}

func TestMarshalRejectsUnnamed(t *testing.T) {
	for _, c := range []color{0, 3, 255} {
		if _, err := colors.Marshal(c); !errors.Is(err, errInvalid) {
			t.Errorf("Marshal(%d) error = %v, want errInvalid", c, err)
		}
		if got := colors.String(c); got == "" {
			t.Errorf("String(%d) is empty", c)
		}
	}
	if got := colors.String(0); got != "Color(0)" {
		t.Errorf("String(0) = %q, want Color(0)", got)
	}
}

func TestRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := color(rapid.Uint8Range(1, 2).Draw(t, "c"))
		b, err := colors.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		got, err := colors.Parse(string(b))
		if err != nil || got != c {
			t.Fatalf("Parse(Marshal(%d)) = %d, %v", c, got, err)
		}
	})
}

func TestNamesSkipsUnnamed(t *testing.T) {
	got := colors.Names()
	if len(got) != 2 || got[0] != "red" || got[1] != "Green" {
		t.Errorf("Names() = %v", got)
	}
}

func TestAppendAndUnmarshal(t *testing.T) {
	b, err := colors.Append([]byte("x="), 2)
	if err != nil || string(b) != "x=Green" {
		t.Errorf("Append(2) = %q, %v; want x=Green", b, err)
	}
	b, err = colors.Append([]byte("x="), 0)
	if !errors.Is(err, errInvalid) || string(b) != "x=" {
		t.Errorf("Append(0) = %q, %v; want x= unchanged and errInvalid", b, err)
	}
	c := color(1)
	if err := colors.Unmarshal(&c, []byte("blue")); !errors.Is(err, errInvalid) || c != 1 {
		t.Errorf("Unmarshal(blue) = %v, c = %d; want errInvalid and c unchanged", err, c)
	}
	if err := colors.Unmarshal(&c, []byte("green")); err != nil || c != 2 {
		t.Errorf("Unmarshal(green) = %v, c = %d; want nil, 2", err, c)
	}
}
