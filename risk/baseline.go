package risk

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// RecordDigest is the SHA-256 (hex) of one record's JSON encoding, with the
// record's kind (the JSON name of its list, such as "hazards") and ID.
type RecordDigest struct {
	Kind   string `json:"kind"`
	ID     string `json:"id"`
	SHA256 string `json:"sha256"`
}

// Baseline freezes the state of a register at a point in time, for a risk
// management file release: a digest of every record (sorted by kind, then
// ID), a digest of the plan, and the history anchor at that time, so that a
// later history can be checked against it with [VerifyHistory].
type Baseline struct {
	ID      string         `json:"id"`
	Label   string         `json:"label"`
	By      string         `json:"by"`
	At      time.Time      `json:"at"`
	Plan    string         `json:"plan_sha256"`
	History HistoryAnchor  `json:"history"`
	Rule    string         `json:"rule"`
	Records []RecordDigest `json:"records"`
}

// TakeBaseline returns a baseline of the register; it does not modify the
// register (append it to Baselines and [Register.Log] an [EventBaseline]
// event to keep it).
//
// TakeBaseline returns an error if id is not a stable identifier, by is
// empty or at is zero (wrap [ErrInvalidInput]), or a record cannot be
// encoded (for example an enum with no text form; wraps [ErrInvalidInput]).
func (r *Register) TakeBaseline(id, label, by string, at time.Time) (Baseline, error) {
	if err := checkID(id); err != nil {
		return Baseline{}, fieldErr("baselines.id", truncate(id), err)
	}
	if strings.TrimSpace(by) == "" || at.IsZero() {
		return Baseline{}, fieldErr(fmt.Sprintf("baselines[%q]", id), "", fmt.Errorf("%w: by and at are required", ErrInvalidInput))
	}
	b := Baseline{ID: id, Label: label, By: by, At: at, History: r.Anchor(), Rule: HistoryRule}
	digest := func(v any) (string, error) {
		data, err := json.Marshal(v)
		if err != nil {
			return "", err
		}
		s := sha256.Sum256(data)
		return hex.EncodeToString(s[:]), nil
	}
	var err error
	if b.Plan, err = digest(r.Plan); err != nil {
		return Baseline{}, fieldErr("plan", "", fmt.Errorf("%w: %v", ErrInvalidInput, err))
	}
	r.eachRecord(func(kind, rid string, rec any) bool {
		var d string
		if d, err = digest(rec); err != nil {
			err = fieldErr(kind, truncate(rid), fmt.Errorf("%w: %v", ErrInvalidInput, err))
			return false
		}
		b.Records = append(b.Records, RecordDigest{Kind: kind, ID: rid, SHA256: d})
		return true
	})
	if err != nil {
		return Baseline{}, err
	}
	slices.SortFunc(b.Records, func(x, y RecordDigest) int {
		return cmp.Or(strings.Compare(x.Kind, y.Kind), strings.Compare(x.ID, y.ID), strings.Compare(x.SHA256, y.SHA256))
	})
	return b, nil
}

// AddBaseline takes a baseline (see [Register.TakeBaseline]), appends it to
// Baselines and records an [EventBaseline] event naming it. The baseline's
// history anchor is the history before that event.
//
// AddBaseline returns an error if [Register.TakeBaseline] fails, a baseline
// with the ID exists (wraps [ErrInvalidInput]) or the event is rejected by
// [Register.Log]. The register is unchanged on error.
func (r *Register) AddBaseline(id, label, by string, at time.Time) (Baseline, error) {
	for _, b := range r.Baselines {
		if b.ID == id {
			return Baseline{}, fieldErr("baselines.id", truncate(id), fmt.Errorf("%w: duplicate baseline id", ErrInvalidInput))
		}
	}
	b, err := r.TakeBaseline(id, label, by, at)
	if err != nil {
		return Baseline{}, err
	}
	if _, err := r.Log(Event{At: at, Actor: by, Action: EventBaseline, Record: id, To: label}); err != nil {
		return Baseline{}, err
	}
	r.Baselines = append(r.Baselines, b)
	return b, nil
}

// RecordRef names one record by kind and ID.
type RecordRef struct {
	Kind string `json:"kind"`
	ID   string `json:"id"`
}

// BaselineDiff lists what changed from one baseline to another: records
// added, removed (which a register that keeps its rules never shows:
// records are closed, not deleted) and changed, each sorted by kind then
// ID; whether the plan changed; and the events recorded in between.
type BaselineDiff struct {
	From        string      `json:"from"`
	To          string      `json:"to"`
	Added       []RecordRef `json:"added"`
	Removed     []RecordRef `json:"removed"`
	Changed     []RecordRef `json:"changed"`
	PlanChanged bool        `json:"plan_changed"`
	Events      int         `json:"events"`
}

// Empty reports whether nothing changed between the baselines.
func (d BaselineDiff) Empty() bool {
	return len(d.Added) == 0 && len(d.Removed) == 0 && len(d.Changed) == 0 && !d.PlanChanged && d.Events == 0
}

// DiffBaselines compares two baselines. Records are matched by kind and
// ID; a record present twice under the same kind and ID is compared by its
// first digest. Events is to's event count minus from's (negative when the
// history shrank, which [VerifyHistory] reports as tampering).
func DiffBaselines(from, to Baseline) BaselineDiff {
	d := BaselineDiff{From: from.ID, To: to.ID, PlanChanged: from.Plan != to.Plan,
		Events: to.History.Events - from.History.Events}
	key := func(x RecordDigest) RecordRef { return RecordRef{x.Kind, x.ID} }
	old := make(map[RecordRef]string, len(from.Records))
	for _, x := range from.Records {
		if _, ok := old[key(x)]; !ok {
			old[key(x)] = x.SHA256
		}
	}
	now := make(map[RecordRef]string, len(to.Records))
	for _, x := range to.Records {
		k := key(x)
		if _, ok := now[k]; ok {
			continue
		}
		now[k] = x.SHA256
		switch h, ok := old[k]; {
		case !ok:
			d.Added = append(d.Added, k)
		case h != x.SHA256:
			d.Changed = append(d.Changed, k)
		}
	}
	for k := range old {
		if _, ok := now[k]; !ok {
			d.Removed = append(d.Removed, k)
		}
	}
	for _, s := range [][]RecordRef{d.Added, d.Removed, d.Changed} {
		slices.SortFunc(s, func(a, b RecordRef) int { return cmp.Or(strings.Compare(a.Kind, b.Kind), strings.Compare(a.ID, b.ID)) })
	}
	return d
}
