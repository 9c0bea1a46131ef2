// Package risk keeps one risk register with two lenses: FMEA worksheets
// scored with a verified Action Priority engine, and the ISO 14971:2019 chain
// from hazard to residual risk.
package risk
