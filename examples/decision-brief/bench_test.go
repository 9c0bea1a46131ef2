package main

import (
	"bytes"
	"io"
	"testing"
)

// BenchmarkBrief measures a whole brief of the embedded portfolio per
// format, decoding included (the Monte Carlo of 20,000 draws dominates).
func BenchmarkBrief(b *testing.B) {
	for _, f := range []string{"text", "json", "html"} {
		b.Run(f, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				code := run([]string{"-format", f}, env{stdout: io.Discard, stderr: io.Discard})
				if code != exitOK {
					b.Fatalf("exit %d", code)
				}
			}
		})
	}
}

// BenchmarkDecodePortfolio measures strict decoding and validation of the
// embedded portfolio.
func BenchmarkDecodePortfolio(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodePortfolio(bytes.NewReader(defaultPortfolio)); err != nil {
			b.Fatal(err)
		}
	}
}
