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

func TestErrorFlattensNested(t *testing.T) {
	inner := &Error{Pkg: "risk", Path: "rating", Value: "12", Err: ErrOutOfRange}
	outer := &Error{Pkg: "risk", Path: "fmea[3].severity", Err: inner}
	if got, want := outer.Error(), `risk: fmea[3].severity.rating: value "12": value out of range`; got != want {
		t.Fatalf("Error() = %q, want %q", got, want)
	}
	if !errors.Is(outer, ErrOutOfRange) {
		t.Fatal("nested sentinel lost")
	}
}

func TestNestKeepsParentOnJoinedErrors(t *testing.T) {
	joined := errors.Join(&Error{Pkg: "risk", Path: "p1.lo", Err: ErrOutOfRange}, &Error{Pkg: "risk", Path: "p1.hi", Err: ErrOutOfRange}, errBad)
	err := Nest("risk", `estimates["E"]`, joined)
	want := "risk: estimates[\"E\"].p1.lo: value out of range\nrisk: estimates[\"E\"].p1.hi: value out of range\nrisk: estimates[\"E\"]: bad"
	if err.Error() != want {
		t.Fatalf("Nest() = %q, want %q", err.Error(), want)
	}
	if Nest("x", "a", nil) != nil {
		t.Fatal("Nest(nil) must be nil")
	}
	var fe *Error
	if !errors.As(Nest("roi", "drivers[2]", errBad), &fe) || fe.Path != "drivers[2]" {
		t.Fatalf("plain error not wrapped at the parent path: %v", fe)
	}
}

func TestPaths(t *testing.T) {
	if got := Index(Key(Key("", "backlog"), "items"), 1); got != "backlog.items[1]" {
		t.Fatalf("got %q", got)
	}
	if got := Key("rows", "HZ 7"); got != `rows["HZ 7"]` {
		t.Fatalf("got %q", got)
	}
	if got := JoinPath("items", "[2].cost"); got != "items[2].cost" {
		t.Fatalf("got %q", got)
	}
}

func TestListCapsJoinedErrors(t *testing.T) {
	var l List
	for i := 0; i < MaxJoined+250; i++ {
		l.Add(&Error{Path: Index("items", i), Err: ErrInvalidInput})
	}
	err := l.Err()
	if l.Len() != MaxJoined+250 || !l.Full() {
		t.Fatalf("Len() = %d, Full() = %v", l.Len(), l.Full())
	}
	members := err.(interface{ Unwrap() []error }).Unwrap()
	if len(members) != MaxJoined+1 || members[MaxJoined].Error() != "and 250 more problems" {
		t.Fatalf("%d members, last %q; want %d kept and a count", len(members), members[len(members)-1], MaxJoined)
	}
	if !errors.Is(members[MaxJoined], ErrInvalidInput) {
		t.Fatal("the count does not carry the sentinel")
	}
}
