package main

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/healthpm/healthpm/prioritize"
	"github.com/healthpm/healthpm/regulatory"
	"github.com/healthpm/healthpm/risk"
	"github.com/healthpm/healthpm/roi"
)

// SchemaVersion is the only portfolio file version this program reads.
const SchemaVersion = "healthpm-portfolio/v1"

// Size bounds of a portfolio file; a larger input is rejected before it is
// decoded.
const (
	maxPortfolioBytes = 16 << 20 // whole file
	maxItems          = 500      // backlog items
	maxDevices        = 200      // devices
	maxCases          = 50       // business cases
	maxDraws          = 200_000  // Monte Carlo draws per case
)

// defaultPortfolio is the embedded portfolio of a fictional hospital group;
// see FORMAT.md.
//
//go:embed portfolio.json
var defaultPortfolio []byte

// errBadInput marks every problem found in a portfolio file or in the
// command line: the program exits with status 2.
var errBadInput = errors.New("bad input")

// inputError is one problem in a portfolio file: Path is the JSON path of
// the offending value (e.g. "business_cases[0].case.drivers[2].value").
type inputError struct {
	Path string
	Err  error
}

func (e *inputError) Error() string   { return e.Path + ": " + e.Err.Error() }
func (e *inputError) Unwrap() []error { return []error{errBadInput, e.Err} }

// fileDoc is the JSON shape of a portfolio file; the parts owned by a
// package are kept raw and decoded by that package's strict decoder.
type fileDoc struct {
	SchemaVersion string            `json:"schema_version"`
	Organisation  string            `json:"organisation"`
	AsOf          string            `json:"as_of"`
	Currency      string            `json:"currency"`
	Backlog       json.RawMessage   `json:"backlog"`
	RiskRegister  json.RawMessage   `json:"risk_register"`
	Devices       []json.RawMessage `json:"devices"`
	BusinessCases []json.RawMessage `json:"business_cases"`
	Robustness    json.RawMessage   `json:"robustness"`
}

type backlogDoc struct {
	Model string          `json:"model"`
	Items json.RawMessage `json:"items"`
}

type deviceDoc struct {
	ID    string          `json:"id"`
	Name  string          `json:"name"`
	Facts json.RawMessage `json:"facts"`
}

type caseDoc struct {
	Case       json.RawMessage `json:"case"`
	MonteCarlo json.RawMessage `json:"monte_carlo"`
}

// strictInto decodes one JSON value into v, rejecting unknown fields and
// trailing data.
func strictInto(raw json.RawMessage, v any) error {
	if len(raw) == 0 || string(raw) == "null" {
		return errors.New("missing")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errors.New("trailing data after the JSON value")
	}
	return nil
}

// Portfolio is a decoded, validated portfolio: everything the brief reads.
type Portfolio struct {
	Organisation string
	AsOf         time.Time // date of the review, 00:00 UTC
	Currency     string
	Model        prioritize.Model
	Items        []prioritize.Item
	Register     *risk.Register
	Devices      []Device
	Cases        []Case
	Robustness   RobustnessSettings
}

// Device is one product described with the regulatory fact vocabulary.
type Device struct {
	ID, Name string
	Facts    regulatory.Facts
}

// Case is one business case with its Monte Carlo settings.
type Case struct {
	Case       roi.BusinessCase
	MonteCarlo roi.MonteCarloOptions
}

// models are the prioritization models a portfolio may name.
var models = map[string]func() prioritize.Model{"healthcare-default": prioritize.HealthcareDefault}

// DecodePortfolio reads a portfolio file from r. Decoding is strict: unknown
// fields and trailing data are rejected, the file is bounded to 16 MiB, and
// each part is decoded and validated by its package (prioritize items,
// risk register JSON schema, regulatory facts, roi business cases).
//
// DecodePortfolio returns an error if any part is missing or invalid; the
// error joins every problem found, each an *inputError naming the JSON path
// and wrapping errBadInput and the package's own error.
func DecodePortfolio(r io.Reader) (*Portfolio, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxPortfolioBytes+1))
	if err != nil {
		return nil, fmt.Errorf("reading portfolio: %w", err)
	}
	if len(b) > maxPortfolioBytes {
		return nil, &inputError{Path: "(file)", Err: fmt.Errorf("larger than %d bytes", maxPortfolioBytes)}
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var doc fileDoc
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			err = errors.New("empty input: want one JSON object")
		}
		return nil, &inputError{Path: jsonPath(err), Err: err}
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, &inputError{Path: "(file)", Err: errors.New("trailing data after the JSON object")}
	}
	var errs []error
	bad := func(path string, err error) {
		for _, e := range flatten(err) {
			errs = append(errs, &inputError{Path: path, Err: e})
		}
	}
	p := &Portfolio{Organisation: doc.Organisation, Currency: doc.Currency}
	if doc.SchemaVersion != SchemaVersion {
		bad("schema_version", fmt.Errorf("%q is not supported; want %q", doc.SchemaVersion, SchemaVersion))
	}
	if strings.TrimSpace(doc.Organisation) == "" {
		bad("organisation", errors.New("missing"))
	}
	if len(doc.Currency) != 3 || strings.ToUpper(doc.Currency) != doc.Currency {
		bad("currency", fmt.Errorf("%q is not a three-letter ISO 4217 code", doc.Currency))
	}
	if t, err := time.Parse(time.DateOnly, doc.AsOf); err != nil {
		bad("as_of", fmt.Errorf("%q is not a YYYY-MM-DD date", doc.AsOf))
	} else {
		p.AsOf = t
	}
	p.Model, p.Items = decodeBacklog(doc.Backlog, bad)
	if len(doc.RiskRegister) == 0 || string(doc.RiskRegister) == "null" {
		bad("risk_register", errors.New("missing"))
	} else if reg, err := risk.DecodeRegister(bytes.NewReader(doc.RiskRegister)); err != nil {
		bad("risk_register", err)
	} else {
		for _, f := range reg.Validate(p.AsOf) {
			switch f.Code {
			case risk.CodeDuplicateID, risk.CodeDanglingReference, risk.CodeInvalidRecord, risk.CodePlanInvalid:
				// Structural: the brief cannot be built. Other findings are
				// what the brief reports.
				bad("risk_register", fmt.Errorf("%s: %s", f.Code, strings.Join(f.IDs, ", ")))
			}
		}
		p.Register = reg
	}
	p.Devices = decodeDevices(doc.Devices, bad)
	p.Cases = decodeCases(doc.BusinessCases, bad)
	p.Robustness = decodeRobustness(doc.Robustness, p.Items, bad)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return p, nil
}

func decodeBacklog(raw json.RawMessage, bad func(string, error)) (prioritize.Model, []prioritize.Item) {
	var doc backlogDoc
	if err := strictInto(raw, &doc); err != nil {
		bad("backlog", err)
		return prioritize.Model{}, nil
	}
	mk, ok := models[doc.Model]
	if !ok {
		bad("backlog.model", fmt.Errorf("%q is not a known model; want \"healthcare-default\"", doc.Model))
		return prioritize.Model{}, nil
	}
	m := mk()
	items, err := prioritize.DecodeItems(bytes.NewReader(doc.Items), m)
	switch {
	case err != nil:
		bad("backlog.items", err)
	case len(items) < 2:
		bad("backlog.items", errors.New("need at least two items to rank"))
	case len(items) > maxItems:
		bad("backlog.items", fmt.Errorf("%d items; at most %d", len(items), maxItems))
	}
	return m, items
}

func decodeDevices(docs []json.RawMessage, bad func(string, error)) []Device {
	if len(docs) > maxDevices {
		bad("devices", fmt.Errorf("%d devices; at most %d", len(docs), maxDevices))
		return nil
	}
	out := make([]Device, 0, len(docs))
	seen := map[string]bool{}
	for i, raw := range docs {
		path := fmt.Sprintf("devices[%d]", i)
		var d deviceDoc
		if err := strictInto(raw, &d); err != nil {
			bad(path, err)
			continue
		}
		if d.ID == "" {
			bad(path+".id", errors.New("missing"))
		} else if seen[d.ID] {
			bad(path+".id", fmt.Errorf("%q is used twice", d.ID))
		}
		seen[d.ID] = true
		f, err := regulatory.ParseFacts(d.Facts)
		if err != nil {
			bad(path+".facts", err)
			continue
		}
		out = append(out, Device{ID: d.ID, Name: d.Name, Facts: f})
	}
	return out
}

func decodeCases(docs []json.RawMessage, bad func(string, error)) []Case {
	if len(docs) > maxCases {
		bad("business_cases", fmt.Errorf("%d cases; at most %d", len(docs), maxCases))
		return nil
	}
	out := make([]Case, 0, len(docs))
	for i, raw := range docs {
		path := fmt.Sprintf("business_cases[%d]", i)
		var d caseDoc
		if err := strictInto(raw, &d); err != nil {
			bad(path, err)
			continue
		}
		bc, err := roi.DecodeBusinessCase(bytes.NewReader(d.Case))
		if err != nil {
			bad(path+".case", err)
		}
		var mc roi.MonteCarloOptions
		if err := strictInto(d.MonteCarlo, &mc); err != nil {
			bad(path+".monte_carlo", err)
		} else if err := mc.Validate(); err != nil {
			bad(path+".monte_carlo", err)
		} else if mc.Draws > maxDraws {
			bad(path+".monte_carlo.draws", fmt.Errorf("%d draws; at most %d", mc.Draws, maxDraws))
		}
		out = append(out, Case{Case: bc, MonteCarlo: mc})
	}
	return out
}

// flatten returns the leaves of a tree of joined errors, in order.
func flatten(err error) []error {
	if _, ok := err.(*inputError); ok {
		return []error{err}
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, flatten(e)...)
		}
		return out
	}
	return []error{err}
}

// jsonPath names where a top-level decoding error happened.
func jsonPath(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		return te.Field
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("(byte %d)", se.Offset)
	}
	return "(file)"
}

// loadPortfolio decodes the file at path, or the embedded default when path
// is empty.
func loadPortfolio(path string, open func(string) (io.ReadCloser, error)) (*Portfolio, error) {
	if path == "" {
		return DecodePortfolio(bytes.NewReader(defaultPortfolio))
	}
	f, err := open(path)
	if err != nil {
		return nil, &inputError{Path: "(file)", Err: err}
	}
	defer f.Close()
	return DecodePortfolio(f)
}
