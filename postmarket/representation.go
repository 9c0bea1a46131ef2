package postmarket

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/healthpm/healthpm/internal/enumtext"
)

// MaxDatasets caps the datasets of one representation audit: 100.
const MaxDatasets = 100

// PopulationShare is the share of one subgroup in the intended population,
// as stated by the caller (for example from census or registry data).
type PopulationShare struct {
	Group string  `json:"group"`
	Share float64 `json:"share"` // in (0, 1]
}

// GroupCount is the number of records of one subgroup in a dataset.
type GroupCount struct {
	Group string `json:"group"`
	Count int    `json:"count"`
}

// Dataset is one dataset (training, validation, a monitoring period) with
// its records counted by subgroup. Groups of the population that it does
// not list count 0.
type Dataset struct {
	Name   string       `json:"name"`
	Counts []GroupCount `json:"counts"`
}

// RepresentationSpec declares a representation audit.
type RepresentationSpec struct {
	// Population lists every subgroup of the intended population with its
	// share; the shares sum to 1 within 1e-6.
	Population []PopulationShare `json:"population"`
	// Interval and Confidence name the interval of each dataset share.
	Interval   CIMethod `json:"interval"`
	Confidence float64  `json:"confidence"`
	// MinRatio in (0, 1] is the tolerance: a group is under-represented when
	// its share is below MinRatio × its intended share (and
	// over-represented above intended / MinRatio).
	MinRatio float64 `json:"min_ratio"`
}

// Validate reports every problem with the spec.
//
// Validate returns an error if the population is empty (wraps
// [ErrInsufficientData]) or longer than [MaxGroups] (wraps [ErrTooLarge]),
// a group name is empty, too long or repeated, or the interval method is
// unspecified (wrap [ErrInvalidInput]), a share is outside (0, 1], the
// shares do not sum to 1 within 1e-6, or the confidence or MinRatio is out
// of range (wrap [ErrOutOfRange]).
func (s RepresentationSpec) Validate(prefix string) error {
	var errs []error
	switch {
	case len(s.Population) == 0:
		errs = append(errs, fieldErr(prefix+"population", "", fmt.Errorf("%w: no population groups", ErrInsufficientData)))
	case len(s.Population) > MaxGroups:
		errs = append(errs, fieldErr(prefix+"population", strconv.Itoa(len(s.Population)), fmt.Errorf("%w: more than %d groups", ErrTooLarge, MaxGroups)))
	default:
		names := make([]string, len(s.Population))
		sum := 0.0
		ok := true
		for i, p := range s.Population {
			names[i] = p.Group
			if !(p.Share > 0 && p.Share <= 1) {
				errs = append(errs, fieldErr(fmt.Sprintf("%spopulation[%d].share", prefix, i), gfmt(p.Share), fmt.Errorf("%w: a population share is in (0, 1]", ErrOutOfRange)))
				ok = false
				continue
			}
			sum += p.Share
		}
		errs = append(errs, checkGroupNames(prefix+"population", names))
		if ok && math.Abs(sum-1) > 1e-6 {
			errs = append(errs, fieldErr(prefix+"population", gfmt(sum), fmt.Errorf("%w: population shares must sum to 1 (within 1e-6)", ErrOutOfRange)))
		}
	}
	errs = append(errs, checkMethodConf(prefix, s.Interval, s.Confidence))
	if !(s.MinRatio > 0 && s.MinRatio <= 1) {
		errs = append(errs, fieldErr(prefix+"min_ratio", gfmt(s.MinRatio), fmt.Errorf("%w: want a ratio in (0, 1]", ErrOutOfRange)))
	}
	return errors.Join(errs...)
}

// RepresentationStatus is the verdict on one group's share, or on a dataset.
type RepresentationStatus uint8

// Representation statuses. Text forms: "under-represented", "uncertain",
// "adequate", "over-represented".
const (
	RepresentationUnspecified RepresentationStatus = iota // no text form
	// UnderRepresented: the share's upper confidence limit is below
	// MinRatio × intended share.
	UnderRepresented
	// RepresentationUncertain: the interval straddles MinRatio × intended
	// share; the data can neither show adequacy nor a shortfall.
	RepresentationUncertain
	// Adequate: the lower confidence limit is at least MinRatio × intended
	// share, and the group is not over-represented.
	Adequate
	// OverRepresented: the lower confidence limit is above intended /
	// MinRatio.
	OverRepresented
)

var representationCodec = enumtext.New[RepresentationStatus]("postmarket", "RepresentationStatus", ErrInvalidInput,
	"", "under-represented", "uncertain", "adequate", "over-represented")

// String returns the text form of s.
func (s RepresentationStatus) String() string { return representationCodec.String(s) }

// MarshalText returns the text form of s; the unspecified value is an error.
func (s RepresentationStatus) MarshalText() ([]byte, error) { return representationCodec.Marshal(s) }

// AppendText appends the text form of s to b.
func (s RepresentationStatus) AppendText(b []byte) ([]byte, error) {
	return representationCodec.Append(b, s)
}

// UnmarshalText parses a status; unknown text is an error listing the valid
// names.
func (s *RepresentationStatus) UnmarshalText(b []byte) error {
	return representationCodec.Unmarshal(s, b)
}

// GroupRepresentation is one group in one dataset.
type GroupRepresentation struct {
	Group    string  `json:"group"`
	Intended float64 `json:"intended"`
	// Share is the group's count over the dataset total, with its interval.
	Share RateEstimate `json:"share"`
	// Ratio is Share/Intended; Floor = MinRatio·Intended is the smallest
	// adequate share.
	Ratio  float64              `json:"ratio"`
	Floor  float64              `json:"floor"`
	Status RepresentationStatus `json:"status"`
}

// DatasetRepresentation is the audit of one dataset.
type DatasetRepresentation struct {
	Name   string                `json:"name"`
	N      int                   `json:"n"`
	Groups []GroupRepresentation `json:"groups"`
	// UnderRepresented and Uncertain list groups by population order.
	UnderRepresented []string `json:"under_represented"`
	Uncertain        []string `json:"uncertain"`
	// Status is under-represented if any group is, else uncertain if any
	// group is, else adequate (over-representation of one group does not
	// fail a dataset; its mirror is someone's shortfall).
	Status RepresentationStatus `json:"status"`
}

// RepresentationResult is a representation audit over datasets.
type RepresentationResult struct {
	Method   string                  `json:"method"`
	Spec     RepresentationSpec      `json:"spec"`
	Datasets []DatasetRepresentation `json:"datasets"`
}

// AuditRepresentation compares the subgroup shares of each dataset with the
// intended population: each share with its interval against the floor
// MinRatio × intended share. Cost O(datasets × groups).
//
// AuditRepresentation returns an error if spec fails
// [RepresentationSpec.Validate]; there are no datasets (wraps
// [ErrInsufficientData]) or more than [MaxDatasets] (wraps [ErrTooLarge]); a
// dataset has an empty or repeated name or group, more than [MaxGroups]
// counts, a negative or too large count, a total of 0 (wrap
// [ErrInvalidInput], [ErrTooLarge], [ErrOutOfRange] or
// [ErrInsufficientData]); or a dataset counts a group the population does
// not have (wraps [ErrMismatch]).
func AuditRepresentation(datasets []Dataset, spec RepresentationSpec) (RepresentationResult, error) {
	errs := []error{spec.Validate("spec.")}
	pop := map[string]bool{}
	for _, p := range spec.Population {
		pop[p.Group] = true
	}
	switch {
	case len(datasets) == 0:
		errs = append(errs, fieldErr("datasets", "", fmt.Errorf("%w: no datasets", ErrInsufficientData)))
	case len(datasets) > MaxDatasets:
		errs = append(errs, fieldErr("datasets", strconv.Itoa(len(datasets)), fmt.Errorf("%w: more than %d datasets", ErrTooLarge, MaxDatasets)))
	default:
		seen := map[string]bool{}
		for i, d := range datasets {
			p := fmt.Sprintf("datasets[%d].", i)
			if strings.TrimSpace(d.Name) == "" || len(d.Name) > maxNameLen {
				errs = append(errs, fieldErr(p+"name", truncName(d.Name), fmt.Errorf("%w: a dataset needs a name of 1..%d bytes", ErrInvalidInput, maxNameLen)))
			} else if seen[d.Name] {
				errs = append(errs, fieldErr(p+"name", d.Name, fmt.Errorf("%w: duplicate dataset name", ErrInvalidInput)))
			}
			seen[d.Name] = true
			if len(d.Counts) > MaxGroups {
				errs = append(errs, fieldErr(p+"counts", strconv.Itoa(len(d.Counts)), fmt.Errorf("%w: more than %d groups", ErrTooLarge, MaxGroups)))
				continue
			}
			names := make([]string, len(d.Counts))
			total := 0
			for j, c := range d.Counts {
				names[j] = c.Group
				cp := fmt.Sprintf("%scounts[%d].", p, j)
				errs = append(errs, checkTally(cp+"count", c.Count))
				if c.Group != "" && !pop[c.Group] && len(spec.Population) > 0 {
					errs = append(errs, fieldErr(cp+"group", truncName(c.Group), fmt.Errorf("%w: group not in the intended population", ErrMismatch)))
				}
				if c.Count > 0 && c.Count <= MaxTally {
					total += c.Count
				}
			}
			errs = append(errs, checkGroupNames(p+"counts", names))
			if total == 0 {
				errs = append(errs, fieldErr(p+"counts", "0", fmt.Errorf("%w: dataset has no records", ErrInsufficientData)))
			} else if total > MaxTally {
				errs = append(errs, fieldErr(p+"counts", strconv.Itoa(total), fmt.Errorf("%w: total above %d", ErrOutOfRange, MaxTally)))
			}
		}
	}
	if err := errors.Join(errs...); err != nil {
		return RepresentationResult{}, err
	}
	res := RepresentationResult{
		Method: fmt.Sprintf("share per group with %s intervals at %s against min_ratio × intended share", spec.Interval, gfmt(spec.Confidence)),
		Spec: RepresentationSpec{Population: append([]PopulationShare(nil), spec.Population...), Interval: spec.Interval,
			Confidence: spec.Confidence, MinRatio: spec.MinRatio},
	}
	for _, d := range datasets {
		res.Datasets = append(res.Datasets, auditDataset(d, spec))
	}
	return res, nil
}

func truncName(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

func auditDataset(d Dataset, spec RepresentationSpec) DatasetRepresentation {
	counts := map[string]int{}
	n := 0
	for _, c := range d.Counts {
		counts[c.Group] = c.Count
		n += c.Count
	}
	out := DatasetRepresentation{Name: d.Name, N: n, UnderRepresented: []string{}, Uncertain: []string{}, Status: Adequate}
	for _, p := range spec.Population {
		g := GroupRepresentation{Group: p.Group, Intended: p.Share, Share: rateEst(counts[p.Group], n, spec.Interval, spec.Confidence), Floor: spec.MinRatio * p.Share}
		g.Ratio = g.Share.Value / p.Share
		switch {
		case g.Share.Hi < g.Floor:
			g.Status = UnderRepresented
			out.UnderRepresented = append(out.UnderRepresented, p.Group)
		case g.Share.Lo < g.Floor:
			g.Status = RepresentationUncertain
			out.Uncertain = append(out.Uncertain, p.Group)
		case g.Share.Lo > p.Share/spec.MinRatio:
			g.Status = OverRepresented
		default:
			g.Status = Adequate
		}
		out.Groups = append(out.Groups, g)
	}
	switch {
	case len(out.UnderRepresented) > 0:
		out.Status = UnderRepresented
	case len(out.Uncertain) > 0:
		out.Status = RepresentationUncertain
	}
	return out
}
