package prioritize

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"

	"github.com/healthpm/healthpm/internal/sample"
)

// SMAA limits and defaults.
const (
	// DefaultSMAASamples is the sample count used when SMAAOptions.Samples is 0.
	DefaultSMAASamples = 10_000
	// MaxSMAASamples bounds SMAAOptions.Samples.
	MaxSMAASamples = 10_000_000
	// MaxSMAAItems bounds the items of one analysis (the acceptability
	// matrix is items × items).
	MaxSMAAItems = 5_000
	// SMAAChunk is the number of samples drawn from one seeded stream; it is
	// part of [MethodSMAA] because changing it changes seeded results.
	SMAAChunk = 1024
	// maxRejections bounds the simplex draws per sample under weight ranges.
	maxRejections = 100_000
)

// MethodSMAA identifies the SMAA procedure recorded in results.
const MethodSMAA = "SMAA-2: uniform weights on the simplex (rejection into tier ranges), " +
	"PCG streams per 1024-sample chunk (internal/sample)"

// WeightRange bounds a criterion's weight in SMAA, as a share of the total
// (0 ≤ Min ≤ Max ≤ 1).
type WeightRange struct {
	Min float64 `json:"min"`
	Max float64 `json:"max"`
}

// TierRanges gives a weight range per tier; a nil range leaves the tier's
// criteria free in [0, 1].
type TierRanges struct {
	Critical *WeightRange `json:"critical"`
	High     *WeightRange `json:"high"`
	Medium   *WeightRange `json:"medium"`
	Low      *WeightRange `json:"low"`
}

func (r *TierRanges) of(t Tier) *WeightRange {
	switch t {
	case TierCritical:
		return r.Critical
	case TierHigh:
		return r.High
	case TierMedium:
		return r.Medium
	case TierLow:
		return r.Low
	}
	return nil
}

// SMAAOptions configures [SMAA].
type SMAAOptions struct {
	// Samples is the number of Monte Carlo samples (0 means
	// [DefaultSMAASamples]; at most [MaxSMAASamples]).
	Samples int `json:"samples"`
	// Seed selects the random streams; the same seed gives the same result
	// for any GOMAXPROCS.
	Seed uint64 `json:"seed"`
	// Ranges, when set, restricts each criterion's weight to its tier's
	// range; weights are then uniform on the part of the simplex inside the
	// ranges. Nil means uniform on the whole simplex (no preference
	// information).
	Ranges *TierRanges `json:"ranges"`
	// PERT draws three-point scores from Beta-PERT (λ = 4) instead of the
	// triangular distribution. Interval scores are always uniform.
	PERT bool `json:"pert"`
}

// SMAAItem is one item's SMAA result.
type SMAAItem struct {
	ID string `json:"id"`
	// Acceptability[k] is the share of samples in which the item ranks
	// k+1 (rank acceptability); it sums to 1.
	Acceptability []float64 `json:"acceptability"`
	// PBest is Acceptability[0], the probability of ranking first, and
	// PBestSE its Monte Carlo standard error √(p(1−p)/samples).
	PBest   float64 `json:"p_best"`
	PBestSE float64 `json:"p_best_se"`
	// CentralWeights is the mean weight vector (criterion order) of the
	// samples in which the item ranks first; all zero when it never does.
	CentralWeights []float64 `json:"central_weights"`
	// Confidence is the share of score samples in which the item ranks first
	// under its central weights (0 when it never ranks first).
	Confidence float64 `json:"confidence"`
}

// SMAAResult is the result of [SMAA].
type SMAAResult struct {
	Method         string      `json:"method"`
	LibraryVersion string      `json:"library_version"`
	ModelHash      string      `json:"model_hash"`
	Aggregation    Aggregation `json:"aggregation"`
	Samples        int         `json:"samples"`
	Seed           uint64      `json:"seed"`
	PERT           bool        `json:"pert"`
	Ranges         *TierRanges `json:"ranges"`
	// Criteria lists the criterion IDs in the order of CentralWeights.
	Criteria []string `json:"criteria"`
	// Items is in input order.
	Items []SMAAItem `json:"items"`
	// MaxSE is the largest standard error of any acceptability entry, a
	// bound on the Monte Carlo error of the whole table.
	MaxSE float64 `json:"max_se"`
}

// SMAA runs stochastic multicriteria acceptability analysis (Lahdelma and
// Salminen's SMAA-2): weights drawn uniformly from the simplex (or from its
// part inside per-tier ranges), uncertain scores drawn from their intervals
// (uniform) or three-point estimates (triangular or PERT), items ranked in
// each sample as [Rank] would (items passing every gate first, then by
// score; exact ties by input order). Gates use the pessimistic end of a
// range, so they do not vary between samples.
//
// The computation is split into [SMAAChunk]-sample chunks, chunk c drawing
// from sample.Stream(Seed, c), and spread over GOMAXPROCS goroutines; the
// result is identical for any GOMAXPROCS.
//
// SMAA returns an error if the model or items are invalid (see [Rank]),
// there are no items or more than [MaxSMAAItems], Samples is negative or
// above [MaxSMAASamples], a range is not within [0, 1] with Min ≤ Max or the
// ranges of all criteria admit no weight vector summing to 1 (wraps
// [ErrInvalidInput]), a sample cannot be scored (see [EvaluateMatrix]), or
// the ranges are so narrow that 100,000 simplex draws in a row fall outside
// them (wraps [ErrNoConvergence]).
func SMAA(m Model, items []Item, opts SMAAOptions) (SMAAResult, error) {
	c, err := m.compile()
	if err != nil {
		return SMAAResult{}, err
	}
	s, err := c.score(items)
	if err != nil {
		return SMAAResult{}, err
	}
	n, nc := len(items), len(c.m.Criteria)
	if n == 0 || n > MaxSMAAItems {
		return SMAAResult{}, &FieldError{Pkg: "prioritize", Path: "items", Value: strconv.Itoa(n),
			Err: fmt.Errorf("SMAA needs 1 to %d items: %w", MaxSMAAItems, ErrInvalidInput)}
	}
	if opts.Samples < 0 || opts.Samples > MaxSMAASamples {
		return SMAAResult{}, &FieldError{Pkg: "prioritize", Path: "samples", Value: strconv.Itoa(opts.Samples),
			Err: fmt.Errorf("want 0 to %d: %w", MaxSMAASamples, ErrInvalidInput)}
	}
	if opts.Samples == 0 {
		opts.Samples = DefaultSMAASamples
	}
	lo, hi := make([]float64, nc), make([]float64, nc)
	if err := smaaRanges(c, opts.Ranges, lo, hi); err != nil {
		return SMAAResult{}, err
	}
	sm := &smaa{c: c, s: s, items: items, opts: opts, lo: lo, hi: hi}
	sm.prepare()
	N := opts.Samples
	nw := sample.Workers(N, SMAAChunk, 0)
	nChunks := (N + SMAAChunk - 1) / SMAAChunk
	counts := make([][]uint32, nw)
	chunkW := make([][]float64, nChunks) // per chunk: Σ weights of samples won, n × nc
	errs := make([]error, nChunks)
	sample.ChunksByWorker(N, SMAAChunk, nw, func(w, ch, a, b int) {
		if counts[w] == nil {
			counts[w] = make([]uint32, n*n)
		}
		chunkW[ch] = make([]float64, n*nc)
		errs[ch] = sm.run(sample.Stream(opts.Seed, uint64(ch)), b-a, counts[w], chunkW[ch])
	})
	for _, e := range errs {
		if e != nil {
			return SMAAResult{}, e
		}
	}
	total := make([]uint64, n*n)
	for _, cw := range counts {
		for i, v := range cw {
			total[i] += uint64(v)
		}
	}
	central := make([]float64, n*nc)
	for _, cw := range chunkW {
		for i, v := range cw {
			central[i] += v
		}
	}
	res := SMAAResult{Method: MethodSMAA, LibraryVersion: LibraryVersion, ModelHash: c.m.Hash(),
		Aggregation: c.m.Aggregation, Samples: N, Seed: opts.Seed, PERT: opts.PERT, Ranges: opts.Ranges,
		Criteria: make([]string, nc), Items: make([]SMAAItem, n)}
	for j, cr := range c.m.Criteria {
		res.Criteria[j] = cr.ID
	}
	fN := float64(N)
	for i := range n {
		it := SMAAItem{ID: items[i].ID, Acceptability: make([]float64, n), CentralWeights: make([]float64, nc)}
		for k := range n {
			p := float64(total[i*n+k]) / fN
			it.Acceptability[k] = p
			res.MaxSE = math.Max(res.MaxSE, math.Sqrt(p*(1-p)/fN))
		}
		it.PBest = it.Acceptability[0]
		it.PBestSE = math.Sqrt(it.PBest * (1 - it.PBest) / fN)
		if wins := total[i*n]; wins > 0 {
			for j := range nc {
				it.CentralWeights[j] = central[i*nc+j] / float64(wins)
			}
		}
		res.Items[i] = it
	}
	if err := sm.confidence(res.Items); err != nil {
		return SMAAResult{}, err
	}
	return res, nil
}

// smaaRanges fills per-criterion weight bounds and checks them.
func smaaRanges(c *compiled, r *TierRanges, lo, hi []float64) error {
	var sumLo, sumHi float64
	for j, cr := range c.m.Criteria {
		lo[j], hi[j] = 0, 1
		if r != nil {
			if wr := r.of(cr.Tier); wr != nil {
				if !finite(wr.Min) || !finite(wr.Max) || wr.Min < 0 || wr.Max > 1 || wr.Min > wr.Max {
					return &FieldError{Pkg: "prioritize", Path: "ranges." + cr.Tier.String(), Value: "[" + fmtFloat(wr.Min) + ", " + fmtFloat(wr.Max) + "]",
						Err: fmt.Errorf("want 0 ≤ min ≤ max ≤ 1: %w", ErrInvalidInput)}
				}
				lo[j], hi[j] = wr.Min, wr.Max
			}
		}
		sumLo += lo[j]
		sumHi += hi[j]
	}
	if sumLo > 1 || sumHi < 1 {
		return &FieldError{Pkg: "prioritize", Path: "ranges", Value: "[" + fmtFloat(sumLo) + ", " + fmtFloat(sumHi) + "]",
			Err: fmt.Errorf("no weight vector inside the ranges sums to 1: %w", ErrInvalidInput)}
	}
	return nil
}

// smaa holds the fixed inputs of one analysis.
type smaa struct {
	c         *compiled
	s         *scored
	items     []Item
	opts      SMAAOptions
	lo, hi    []float64
	uncertain bool
	free      []int32 // items passing every gate, input order
	gated     []int32 // blocked items, input order
}

func (sm *smaa) prepare() {
	for i := range sm.items {
		for _, sc := range sm.items[i].Scores {
			if sc.Kind != ScorePoint && sc.Min != sc.Max {
				sm.uncertain = true
			}
		}
		if sm.s.blocked[i] {
			sm.gated = append(sm.gated, int32(i))
		} else {
			sm.free = append(sm.free, int32(i))
		}
	}
}

// worker is the scratch state of one chunk.
type worker struct {
	sm     *smaa
	r      *rand.Rand
	w      []float64
	x, rr  []float64
	scores []float64
	keys   []uint64
	order  []int32
	tmp    []int32 // radix scratch
	tb     table
}

func (sm *smaa) newWorker(r *rand.Rand) *worker {
	n, nc := sm.s.t.n, sm.s.t.m
	wk := &worker{sm: sm, r: r, w: make([]float64, nc), scores: make([]float64, n),
		keys: make([]uint64, n), order: make([]int32, 0, n), tmp: make([]int32, n)}
	wk.tb = *sm.s.t
	wk.rr = sm.s.r
	if sm.uncertain {
		wk.x = make([]float64, n*nc)
		wk.rr = make([]float64, n*nc)
		wk.tb.x = wk.x
	}
	return wk
}

// drawWeights draws a uniform point of the simplex (normalized exponential
// spacings) inside the ranges, by rejection.
func (wk *worker) drawWeights() error {
	sm := wk.sm
	for range maxRejections {
		var sum float64
		for j := range wk.w {
			e := -math.Log(1 - sample.Uniform(wk.r))
			wk.w[j] = e
			sum += e
		}
		ok := sum > 0
		for j := range wk.w {
			wk.w[j] /= sum
			if wk.w[j] < sm.lo[j] || wk.w[j] > sm.hi[j] {
				ok = false
			}
		}
		if ok {
			return nil
		}
	}
	return fmt.Errorf("prioritize: SMAA weight ranges accept almost no weight vector: %w", ErrNoConvergence)
}

// drawScores draws the raw matrix and normalizes it.
func (wk *worker) drawScores() error {
	sm := wk.sm
	nc := sm.s.t.m
	copy(wk.x, sm.s.x)
	for i := range sm.items {
		for _, sc := range sm.items[i].Scores {
			if sc.Kind == ScorePoint {
				continue
			}
			j := sm.c.index[sc.Criterion]
			var v float64
			switch {
			case sc.Kind == ScoreInterval:
				v = sc.Min + (sc.Max-sc.Min)*sample.Uniform(wk.r)
			case sm.opts.PERT:
				v = sample.PERT(wk.r, sc.Min, sc.Value, sc.Max)
			default:
				v = sample.Triangular(sample.Uniform(wk.r), sc.Min, sc.Value, sc.Max)
			}
			wk.x[i*nc+j] = min(max(v, sc.Min), sc.Max)
		}
	}
	if err := normalize(sm.c.m.Normalization, &wk.tb, wk.rr); err != nil {
		return relabel(err, sm.items, sm.c.m.Criteria)
	}
	return nil
}

// evaluate scores the current sample with weights w and ranks the items
// into wk.order.
func (wk *worker) evaluate(w []float64) error {
	sm := wk.sm
	wk.tb.w = w
	if err := aggregate(sm.c.m.Aggregation, sm.c.m.Normalization, &wk.tb, wk.rr, wk.scores, nil, nil); err != nil {
		return relabel(err, sm.items, sm.c.m.Criteria)
	}
	wk.order = wk.order[:0]
	for _, set := range [2][]int32{sm.free, sm.gated} {
		for _, i := range set {
			wk.keys[i] = descKey(wk.scores[i])
		}
		start := len(wk.order)
		wk.order = append(wk.order, set...)
		radixByKey(wk.keys, wk.order[start:], wk.tmp)
	}
	return nil
}

// run draws count samples and accumulates rank counts and the weights of
// the samples each item wins.
func (sm *smaa) run(r *rand.Rand, count int, counts []uint32, wsum []float64) error {
	n, nc := sm.s.t.n, sm.s.t.m
	wk := sm.newWorker(r)
	for range count {
		if err := wk.drawWeights(); err != nil {
			return err
		}
		if sm.uncertain {
			if err := wk.drawScores(); err != nil {
				return err
			}
		}
		if err := wk.evaluate(wk.w); err != nil {
			return err
		}
		for k, i := range wk.order {
			counts[int(i)*n+k]++
		}
		best := int(wk.order[0])
		for j, v := range wk.w {
			wsum[best*nc+j] += v
		}
	}
	return nil
}

// confidence fills each item's confidence factor: the share of score
// samples in which it ranks first under its central weights (one
// evaluation when no score is uncertain).
func (sm *smaa) confidence(items []SMAAItem) error {
	var cand []int
	for i, it := range items {
		if it.PBest > 0 {
			cand = append(cand, i)
		}
	}
	if len(cand) == 0 {
		return nil
	}
	N := 1
	if sm.uncertain {
		N = sm.opts.Samples
	}
	nChunks := (N + SMAAChunk - 1) / SMAAChunk
	wins := make([][]uint32, nChunks)
	errs := make([]error, nChunks)
	// Confidence streams are offset from the acceptability streams.
	const offset = 1 << 40
	sample.ChunksByWorker(N, SMAAChunk, 0, func(_, ch, a, b int) {
		wk := sm.newWorker(sample.Stream(sm.opts.Seed, offset+uint64(ch)))
		wins[ch] = make([]uint32, len(cand))
		for range b - a {
			if sm.uncertain {
				if errs[ch] = wk.drawScores(); errs[ch] != nil {
					return
				}
			}
			for q, i := range cand {
				if errs[ch] = wk.evaluate(items[i].CentralWeights); errs[ch] != nil {
					return
				}
				if int(wk.order[0]) == i {
					wins[ch][q]++
				}
			}
		}
	})
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	for q, i := range cand {
		var t uint64
		for _, w := range wins {
			t += uint64(w[q])
		}
		items[i].Confidence = float64(t) / float64(N)
	}
	return nil
}

// radixByKey sorts idx by keys[idx] ascending, stably, like sortKeys but
// with caller-provided scratch (len(tmp) ≥ len(idx)), so the SMAA loop does
// not allocate per sample.
func radixByKey(keys []uint64, idx, tmp []int32) {
	n := len(idx)
	if n < radixThreshold {
		sortKeys(keys, idx)
		return
	}
	// Three 11-bit passes order by the top 33 bits; an insertion pass then
	// orders runs that agree on them by the full key. Both are stable, so
	// the result equals a stable sort by the full key.
	radixPasses(keys, idx, tmp, 31)
	for i := 1; i < n; i++ {
		v := idx[i]
		k := keys[v]
		j := i
		for j > 0 && keys[idx[j-1]] > k {
			idx[j] = idx[j-1]
			j--
		}
		idx[j] = v
	}
}
