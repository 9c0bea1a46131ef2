package roi

import (
	"cmp"
	"context"
	"math"
	"slices"
	"sort"
	"sync"

	"github.com/healthpm/healthpm/internal/sample"
	"github.com/shopspring/decimal"
)

// TornadoBar is the effect on NPV of moving one driver to its low and high
// values while every other driver stays at its mode.
type TornadoBar struct {
	DriverID  string          `json:"driver_id"`
	Name      string          `json:"name"`
	Low       decimal.Decimal `json:"low"`         // the driver's Low
	High      decimal.Decimal `json:"high"`        // the driver's High
	NPVAtLow  decimal.Decimal `json:"npv_at_low"`  // NPV with the driver at Low
	NPVAtHigh decimal.Decimal `json:"npv_at_high"` // NPV with the driver at High
	Swing     decimal.Decimal `json:"swing"`       // |NPVAtHigh − NPVAtLow|
}

// Tornado is a one-at-a-time sensitivity analysis of NPV.
type Tornado struct {
	// Method is "tornado-oat-npv-v1": one driver at a time at Low and High,
	// others at Mode; bars sorted by Swing descending, then DriverID ascending.
	Method  string          `json:"method"`
	CaseID  string          `json:"case_id"`
	BaseNPV decimal.Decimal `json:"base_npv"`
	Bars    []TornadoBar    `json:"bars"`
}

// TornadoNPV returns the tornado of bc's NPV (at bc.DiscountRate, ConventionT0),
// one bar per driver, the widest swing first; equal swings are ordered by
// driver ID. Money is rounded half to even to [ResultDigits] digits.
//
// TornadoNPV returns an error wrapping [ErrInvalidInput] if bc.Validate fails.
func TornadoNPV(bc BusinessCase) (Tornado, error) {
	if err := bc.Validate(); err != nil {
		return Tornado{}, err
	}
	onePlus := decOne.Add(bc.DiscountRate)
	npvWith := func(vals map[string]decimal.Decimal) decimal.Decimal {
		ben, cost := bc.yearly(vals)
		return npvW(onePlus, ben, ConventionT0).Sub(npvW(onePlus, cost, ConventionT0))
	}
	vals := bc.modes()
	out := Tornado{Method: "tornado-oat-npv-v1", CaseID: bc.ID, BaseNPV: result(npvWith(vals)), Bars: make([]TornadoBar, 0, len(bc.Drivers))}
	for _, d := range bc.Drivers {
		vals[d.ID] = d.Value.Low
		lo := npvWith(vals)
		vals[d.ID] = d.Value.High
		hi := npvWith(vals)
		vals[d.ID] = d.Value.Mode
		out.Bars = append(out.Bars, TornadoBar{DriverID: d.ID, Name: d.Name, Low: d.Value.Low, High: d.Value.High, NPVAtLow: result(lo), NPVAtHigh: result(hi), Swing: result(hi.Sub(lo).Abs())})
	}
	slices.SortStableFunc(out.Bars, func(a, b TornadoBar) int {
		return cmp.Or(b.Swing.Cmp(a.Swing), cmp.Compare(a.DriverID, b.DriverID))
	})
	return out, nil
}

// MonteCarloOptions tune [MonteCarloNPV]. The zero value means 10,000 draws,
// seed 0, triangular sampling, GOMAXPROCS workers.
type MonteCarloOptions struct {
	Draws        int          `json:"draws"` // 0 means 10,000; at most 10,000,000
	Seed         uint64       `json:"seed"`
	Distribution Distribution `json:"distribution"`
	// Workers bounds the goroutines used (0 = GOMAXPROCS). It never changes
	// the result.
	Workers int `json:"workers"`
	// Progress, if not nil, is called after each chunk of draws with the
	// number of draws done so far and the total, from one goroutine at a
	// time; the counts increase. It is not serialized to JSON.
	Progress func(done, total int) `json:"-"`
}

const (
	defaultDraws = 10000
	maxDraws     = 10_000_000
)

// Validate reports Draws or Workers out of range and an unknown Distribution.
func (o MonteCarloOptions) Validate() error {
	var errs []error
	if o.Draws < 0 || o.Draws > maxDraws {
		errs = append(errs, fieldErr("draws", itoa(o.Draws), ErrInvalidInput, "draws must be in 0..10000000"))
	}
	if o.Distribution != Triangular && o.Distribution != BetaPERT {
		errs = append(errs, fieldErr("distribution", o.Distribution.String(), ErrInvalidInput, "distribution must be triangular or pert"))
	}
	if o.Workers < 0 {
		errs = append(errs, fieldErr("workers", itoa(o.Workers), ErrInvalidInput, "workers must be ≥ 0"))
	}
	return joinErrs(errs)
}

// MonteCarloResult summarizes the NPV distribution of a business case.
// Percentiles and the mean are money rounded half to even to 2 decimal places
// (computed in float64: about 15 significant digits); ProbPositive is the
// share of draws with NPV > 0, in [0, 1].
type MonteCarloResult struct {
	// Method is "monte-carlo-npv-v1": drivers drawn independently per draw
	// (inverse-CDF triangular or Marsaglia–Tsang Beta-PERT λ = 4), PCG streams
	// per chunk of 4096 draws seeded by SplitMix64(seed, chunk), percentiles by
	// Hyndman–Fan type 7.
	Method       string          `json:"method"`
	CaseID       string          `json:"case_id"`
	Draws        int             `json:"draws"`
	Seed         uint64          `json:"seed"`
	Distribution Distribution    `json:"distribution"`
	P10          decimal.Decimal `json:"p10"`
	P50          decimal.Decimal `json:"p50"`
	P90          decimal.Decimal `json:"p90"`
	Mean         decimal.Decimal `json:"mean"`
	ProbPositive float64         `json:"prob_positive"`
}

// MonteCarloNPV draws every driver of bc from its three-point estimate,
// opts.Draws times, and returns the 10th, 50th and 90th percentiles and the
// mean of NPV (at bc.DiscountRate, ConventionT0) and P(NPV > 0).
//
// NPV is linear in each line's driver product, so each line's discounted,
// escalated yearly factor is computed once in decimal and a draw costs one
// multiplication per driver reference. The result depends only on bc, Draws,
// Seed and Distribution: it is identical for any GOMAXPROCS and Workers.
// Drivers are independent; a driver used by several lines takes the same
// value in all of them within a draw.
//
// Cost: O(lines × years) decimal operations to prepare, then
// O(draws × (drivers + driver references)) float64 work spread over Workers
// goroutines, O(draws) memory (8 bytes per draw: 80 MB at the cap of 10^7
// draws) and an O(draws log draws) sort. At the caps (10^7 draws, 256
// drivers) a call runs for minutes: use [MonteCarloNPVContext] to bound it.
//
// MonteCarloNPV returns an error wrapping [ErrInvalidInput] if bc.Validate or
// opts.Validate fails, or an amount does not fit float64.
func MonteCarloNPV(bc BusinessCase, opts MonteCarloOptions) (MonteCarloResult, error) {
	return MonteCarloNPVContext(context.Background(), bc, opts)
}

// mcCheckEvery is the number of draws between two checks of the context: a
// draw costs at most ~256 driver samples (≈ 25 µs), so a cancelled call
// returns within a few milliseconds.
const mcCheckEvery = 64

// MonteCarloNPVContext is [MonteCarloNPV] that stops when ctx is done: every
// worker checks ctx every 64 draws, and the call then returns ctx.Err() (no
// partial result) within milliseconds of the cancellation. opts.Progress, if
// set, is called after each chunk of 4096 draws.
//
// MonteCarloNPVContext returns the errors of MonteCarloNPV, or ctx.Err().
func MonteCarloNPVContext(ctx context.Context, bc BusinessCase, opts MonteCarloOptions) (MonteCarloResult, error) {
	if err := ctx.Err(); err != nil {
		return MonteCarloResult{}, err
	}
	if err := joinErrs(nonNil(bc.Validate(), opts.Validate())); err != nil {
		return MonteCarloResult{}, err
	}
	draws := opts.Draws
	if draws == 0 {
		draws = defaultDraws
	}
	index := make(map[string]int, len(bc.Drivers))
	type drv struct{ lo, mode, hi float64 }
	ds := make([]drv, len(bc.Drivers))
	for i, d := range bc.Drivers {
		index[d.ID] = i
		ds[i] = drv{toFloat(d.Value.Low), toFloat(d.Value.Mode), toFloat(d.Value.High)}
	}
	onePlus := decOne.Add(bc.DiscountRate)
	disc := divW(decOne, onePlus)
	type line struct {
		coef    float64
		drivers []int
	}
	lines := make([]line, len(bc.Lines))
	for i, l := range bc.Lines {
		// coef = ±Amount × Σ_{t=Start}^{End} (1+g)^(t−Start) / (1+r)^t
		g := decOne.Add(l.Growth)
		f := mulW(l.Amount, powInt(disc, int64(l.Start)))
		sum := decimal.Zero
		step := mulW(g, disc)
		for t := l.Start; t <= l.End; t++ {
			sum = addW(sum, f)
			f = mulW(f, step)
		}
		c := toFloat(sum)
		if l.Kind == Cost {
			c = -c
		}
		idx := make([]int, len(l.Drivers))
		for j, id := range l.Drivers {
			idx[j] = index[id]
		}
		lines[i] = line{coef: c, drivers: idx}
	}
	for _, d := range ds {
		for _, x := range []float64{d.lo, d.mode, d.hi} {
			if math.IsInf(x, 0) || math.Abs(x) > 1e150 {
				return MonteCarloResult{}, fieldErr("drivers", "", ErrInvalidInput, "a driver value does not fit float64 arithmetic")
			}
		}
	}
	for _, l := range lines {
		if math.IsInf(l.coef, 0) || math.Abs(l.coef) > 1e150 {
			return MonteCarloResult{}, fieldErr("lines", "", ErrInvalidInput, "a line amount does not fit float64 arithmetic")
		}
	}
	npv := make([]float64, draws)
	pert := opts.Distribution == BetaPERT
	var (
		progressMu sync.Mutex
		done       int
	)
	sample.Chunks(draws, sample.ChunkSize, opts.Workers, func(chunk, lo, hi int) {
		if ctx.Err() != nil {
			return
		}
		r := sample.Stream(opts.Seed, uint64(chunk))
		x := make([]float64, len(ds))
		for k := lo; k < hi; k++ {
			if (k-lo)%mcCheckEvery == mcCheckEvery-1 && ctx.Err() != nil {
				return
			}
			for i, d := range ds {
				switch {
				case d.lo == d.hi:
					x[i] = d.lo
				case pert:
					x[i] = sample.PERT(r, d.lo, d.mode, d.hi)
				default:
					x[i] = sample.Triangular(sample.Uniform(r), d.lo, d.mode, d.hi)
				}
			}
			v := 0.0
			for _, l := range lines {
				p := l.coef
				for _, j := range l.drivers {
					p *= x[j]
				}
				v += p
			}
			npv[k] = v
		}
		if opts.Progress != nil {
			progressMu.Lock()
			done += hi - lo
			opts.Progress(done, draws)
			progressMu.Unlock()
		}
	})
	if err := ctx.Err(); err != nil {
		return MonteCarloResult{}, err
	}
	pos, sum := 0, 0.0
	for _, v := range npv {
		sum += v
		if v > 0 {
			pos++
		}
	}
	sort.Float64s(npv)
	money := func(f float64) decimal.Decimal {
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return decimal.Zero
		}
		return decimal.NewFromFloat(f).RoundBank(2)
	}
	return MonteCarloResult{
		Method:       "monte-carlo-npv-v1",
		CaseID:       bc.ID,
		Draws:        draws,
		Seed:         opts.Seed,
		Distribution: opts.Distribution,
		P10:          money(sample.Quantile(npv, 0.10)),
		P50:          money(sample.Quantile(npv, 0.50)),
		P90:          money(sample.Quantile(npv, 0.90)),
		Mean:         money(sum / float64(draws)),
		ProbPositive: float64(pos) / float64(draws),
	}, nil
}

func nonNil(errs ...error) []error {
	out := errs[:0:0]
	for _, e := range errs {
		if e != nil {
			out = append(out, e)
		}
	}
	return out
}
