package main

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzDecodePortfolio feeds arbitrary bytes to the portfolio decoder: it
// must never panic, and every failure must be bad input (exit status 2).
func FuzzDecodePortfolio(f *testing.F) {
	f.Add(defaultPortfolio)
	f.Add([]byte(`{"schema_version":"healthpm-portfolio/v1"}`))
	f.Add([]byte(`{"devices":[{"id":"x","facts":{"software":true}}],"business_cases":[{}]}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := DecodePortfolio(bytes.NewReader(b))
		if err != nil {
			if !errors.Is(err, errBadInput) {
				t.Fatalf("error %v is not bad input", err)
			}
			return
		}
		if p.Register == nil || len(p.Items) < 2 {
			t.Fatalf("accepted an incomplete portfolio")
		}
	})
}
