package main

import (
	"bytes"
	"testing"

	"github.com/shopspring/decimal"
)

// defaultP decodes the embedded default portfolio.
func defaultP(t testing.TB) *Portfolio {
	t.Helper()
	p, err := DecodePortfolio(bytes.NewReader(defaultPortfolio))
	if err != nil {
		t.Fatalf("embedded portfolio: %v", err)
	}
	return p
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }
