package strictjson

import (
	"errors"
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	tests := []struct {
		name, in string
		lim      Limits
		want     error
		path     string
		reason   string
	}{
		{name: "plain", in: `{"a":[1,2,{"b":"x"}],"c":null}`},
		{name: "duplicate key", in: `{"reason":"FORGED","reason":"reason 7"}`, want: ErrDuplicateKey, path: "reason",
			reason: "the last value would win silently"},
		{name: "case variant", in: `{"id":"A","ID":"B"}`, want: ErrCaseVariantKey, path: "ID",
			reason: "encoding/json fills the same field from both"},
		{name: "nested duplicate", in: `{"items":[{"id":1},{"id":2,"id":3}]}`, want: ErrDuplicateKey, path: "items[1].id"},
		{name: "same key in sibling objects", in: `[{"id":1},{"id":2}]`},
		{name: "quoted path", in: `{"rows":{"a b":{"x":1,"x":2}}}`, want: ErrDuplicateKey, path: `rows["a b"].x`},
		{name: "too many elements", in: `[null,null,null]`, lim: Limits{MaxElements: 2}, want: ErrLimit},
		{name: "elements at the cap", in: `[null,null]`, lim: Limits{MaxElements: 2}},
		{name: "too deep", in: `[[[]]]`, lim: Limits{MaxDepth: 2}, want: ErrLimit},
		{name: "long number", in: `{"cost":123456}`, lim: Limits{MaxNumberLen: 5}, want: ErrLimit, path: "cost"},
		{name: "long string", in: `["abcdef"]`, lim: Limits{MaxStringLen: 5}, want: ErrLimit, path: "[0]"},
		{name: "too many keys", in: `{"a":1,"b":2}`, lim: Limits{MaxKeys: 1}, want: ErrLimit},
		{name: "too many bytes", in: `[1]`, lim: Limits{MaxBytes: 2}, want: ErrLimit},
		{name: "trailing value", in: `{} {}`, want: ErrSyntax},
		{name: "truncated", in: `{"a":[1,`, want: ErrSyntax},
		{name: "empty", in: ``, want: ErrSyntax},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := Check([]byte(tc.in), tc.lim)
			if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
				t.Fatalf("Check(%s) = %v, want %v (%s)", tc.in, err, tc.want, tc.reason)
			}
			var e *Error
			if tc.path != "" && (!errors.As(err, &e) || e.Path != tc.path) {
				t.Fatalf("path of %v, want %q", err, tc.path)
			}
		})
	}
}

func TestDecodeRejectsUnknownFields(t *testing.T) {
	var v struct {
		ID string `json:"id"`
	}
	if err := Decode([]byte(`{"id":"a","idd":"b"}`), &v, Limits{}); err == nil || !strings.Contains(err.Error(), "idd") {
		t.Fatalf("Decode with an unknown field = %v, want an error naming it", err)
	}
	if err := Decode([]byte(`{"id":"a"}`), &v, Limits{}); err != nil || v.ID != "a" {
		t.Fatalf("Decode = %v, %+v", err, v)
	}
}

func TestKeyAndIndex(t *testing.T) {
	if got := Index(Key(Key("", "backlog"), "items"), 1); got != "backlog.items[1]" {
		t.Fatalf("got %q", got)
	}
	if got := Key("rows", "HZ 1"); got != `rows["HZ 1"]` {
		t.Fatalf("got %q", got)
	}
}

func FuzzCheck(f *testing.F) {
	for _, s := range []string{`{"a":1,"a":2}`, `{"id":1,"ID":2}`, `[` + strings.Repeat("null,", 50) + `null]`, `[[[[{}]]]]`, `"x"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		lim := Limits{MaxBytes: 1 << 16, MaxDepth: 32, MaxElements: 100, MaxKeys: 100, MaxNumberLen: 40, MaxStringLen: 1 << 12}
		err := Check(data, lim)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v is not *Error", err)
			}
		}
	})
}
