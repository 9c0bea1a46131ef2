package fielderr

import (
	"errors"
	"testing"
)

var errBad = errors.New("bad")

func TestFormat(t *testing.T) {
	tests := []struct {
		name, reason     string
		pkg, path, value string
		err              error
		want             string
	}{
		{"all parts", "path and value both shown", "risk", "hazards[0].severity", "6", errBad, `risk: hazards[0].severity: value "6": bad`},
		{"no value", "empty value is omitted", "roi", "values", "", errBad, "roi: values: bad"},
		{"no path", "empty path is omitted", "roi", "", "x", errBad, `roi: value "x": bad`},
		{"bare", "only the package prefix", "roi", "", "", errBad, "roi: bad"},
		{"nil err", "never panics on a nil cause", "roi", "p", "", nil, "roi: p: <nil>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Format(tt.pkg, tt.path, tt.value, tt.err); got != tt.want {
				t.Errorf("Format() = %q, want %q (%s)", got, tt.want, tt.reason)
			}
		})
	}
}

func TestList(t *testing.T) {
	var l List
	if l.Err() != nil || l.Len() != 0 {
		t.Fatal("zero List must report no error")
	}
	e1, e2 := errors.New("one"), errors.New("two")
	l.Add(e1)
	l.Add(nil)
	l.Add(e2)
	if l.Len() != 2 {
		t.Fatalf("Len() = %d, want 2", l.Len())
	}
	err := l.Err()
	if !errors.Is(err, e1) || !errors.Is(err, e2) {
		t.Fatalf("Err() = %v, want both errors joined", err)
	}
	if err.Error() != "one\ntwo" {
		t.Fatalf("Err() order = %q, want insertion order", err.Error())
	}
}
