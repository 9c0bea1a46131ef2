// Package strictjson checks untrusted JSON before it is decoded into Go
// values. encoding/json accepts duplicate object keys (the last one wins),
// matches keys case-insensitively ("ID" fills a field tagged "id") and
// allocates for arrays of any length. Check streams the document once with
// [json.Decoder.Token], keeping only the current path and one key set per
// open object, and rejects all three before any value is built.
//
// Paths are JSON paths from the document root in the module's one syntax:
// `items[3].scores[1]`, and `rows["a b"]` for keys that are not identifiers.
package strictjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/healthpm/healthpm/internal/fielderr"
)

// Sentinels wrapped by [*Error].
var (
	// ErrDuplicateKey marks an object that names the same key twice.
	ErrDuplicateKey = errors.New("duplicate key")
	// ErrCaseVariantKey marks an object with two keys that differ only in
	// letter case, which encoding/json would map to the same field.
	ErrCaseVariantKey = errors.New("keys differ only in letter case")
	// ErrLimit marks input over one of the [Limits].
	ErrLimit = errors.New("input over limit")
	// ErrSyntax marks input that is not one well-formed JSON value.
	ErrSyntax = errors.New("malformed json")
)

// Limits bounds a document. A zero field means "no limit" for that field.
type Limits struct {
	// MaxBytes is the largest document accepted, in bytes.
	MaxBytes int
	// MaxDepth is the deepest nesting of arrays and objects.
	MaxDepth int
	// MaxElements is the largest number of elements in any one array.
	MaxElements int
	// MaxKeys is the largest number of keys in any one object.
	MaxKeys int
	// MaxNumberLen is the longest number literal, in bytes.
	MaxNumberLen int
	// MaxStringLen is the longest string, in bytes after unescaping.
	MaxStringLen int
}

// Error is one problem found by [Check]. Path locates it; Err wraps one of
// the package sentinels.
type Error struct {
	Path   string
	Detail string
	Err    error
}

// Error formats the problem as "path: detail".
func (e *Error) Error() string {
	msg := e.Err.Error()
	if e.Detail != "" {
		msg = e.Detail
	}
	if e.Path == "" {
		return msg
	}
	return e.Path + ": " + msg
}

// Unwrap returns the wrapped sentinel.
func (e *Error) Unwrap() error { return e.Err }

// Key appends an object key to path in the module's path syntax
// ([fielderr.Key]).
func Key(path, key string) string { return fielderr.Key(path, key) }

// Index appends an array index to path ([fielderr.Index]).
func Index(path string, i int) string { return fielderr.Index(path, i) }

// Check scans data and returns the first problem as an [*Error]: malformed
// JSON, more than one top-level value, a duplicate or case-variant key, or a
// value over lim. It never allocates in proportion to an array's length or a
// number's digit count beyond the token itself.
func Check(data []byte, lim Limits) error {
	if lim.MaxBytes > 0 && len(data) > lim.MaxBytes {
		return &Error{Err: ErrLimit, Detail: fmt.Sprintf("document of %d bytes exceeds the limit of %d bytes", len(data), lim.MaxBytes)}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	s := scanner{dec: dec, lim: lim}
	if err := s.value("", 0); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return &Error{Err: ErrSyntax, Detail: "data after the top-level value"}
	}
	return nil
}

type scanner struct {
	dec *json.Decoder
	lim Limits
}

func (s *scanner) token(path string) (json.Token, error) {
	t, err := s.dec.Token()
	if err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, &Error{Path: path, Err: ErrSyntax, Detail: "malformed json: " + err.Error()}
	}
	return t, nil
}

func (s *scanner) value(path string, depth int) error {
	t, err := s.token(path)
	if err != nil {
		return err
	}
	return s.rest(t, path, depth)
}

func (s *scanner) rest(t json.Token, path string, depth int) error {
	switch v := t.(type) {
	case json.Delim:
		if s.lim.MaxDepth > 0 && depth+1 > s.lim.MaxDepth {
			return &Error{Path: path, Err: ErrLimit, Detail: fmt.Sprintf("nesting deeper than %d levels", s.lim.MaxDepth)}
		}
		if v == '[' {
			return s.array(path, depth+1)
		}
		return s.object(path, depth+1)
	case json.Number:
		if s.lim.MaxNumberLen > 0 && len(v) > s.lim.MaxNumberLen {
			return &Error{Path: path, Err: ErrLimit, Detail: fmt.Sprintf("number of %d characters exceeds the limit of %d", len(v), s.lim.MaxNumberLen)}
		}
	case string:
		if s.lim.MaxStringLen > 0 && len(v) > s.lim.MaxStringLen {
			return &Error{Path: path, Err: ErrLimit, Detail: fmt.Sprintf("string of %d bytes exceeds the limit of %d", len(v), s.lim.MaxStringLen)}
		}
	}
	return nil
}

func (s *scanner) array(path string, depth int) error {
	for i := 0; ; i++ {
		t, err := s.token(path)
		if err != nil {
			return err
		}
		if d, ok := t.(json.Delim); ok && d == ']' {
			return nil
		}
		if s.lim.MaxElements > 0 && i >= s.lim.MaxElements {
			return &Error{Path: path, Err: ErrLimit, Detail: fmt.Sprintf("more than %d elements", s.lim.MaxElements)}
		}
		if err := s.rest(t, Index(path, i), depth); err != nil {
			return err
		}
	}
}

func (s *scanner) object(path string, depth int) error {
	seen := map[string]string{} // folded key → key as written
	for {
		t, err := s.token(path)
		if err != nil {
			return err
		}
		if d, ok := t.(json.Delim); ok && d == '}' {
			return nil
		}
		key, _ := t.(string) // the decoder guarantees a string key here
		if s.lim.MaxKeys > 0 && len(seen) >= s.lim.MaxKeys {
			return &Error{Path: path, Err: ErrLimit, Detail: fmt.Sprintf("more than %d keys", s.lim.MaxKeys)}
		}
		folded := strings.ToLower(key)
		if prev, dup := seen[folded]; dup {
			if prev == key {
				return &Error{Path: Key(path, key), Err: ErrDuplicateKey, Detail: fmt.Sprintf("duplicate key %q", key)}
			}
			return &Error{Path: Key(path, key), Err: ErrCaseVariantKey, Detail: fmt.Sprintf("key %q differs from key %q only in letter case", key, prev)}
		}
		seen[folded] = key
		if err := s.value(Key(path, key), depth); err != nil {
			return err
		}
	}
}

// Decode checks data with [Check] and then decodes it into v, rejecting
// fields that v does not have. Numbers decode as encoding/json decodes them.
func Decode(data []byte, v any, lim Limits) error {
	if err := Check(data, lim); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}
