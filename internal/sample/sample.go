// Package sample provides the seeded, deterministic random machinery shared by
// healthpm's Monte Carlo methods (roi business cases, prioritize SMAA):
// independent PCG streams derived from a seed and a chunk index, inverse-CDF
// triangular and Beta-PERT sampling, deterministic parallel chunking, and a
// named quantile rule.
//
// Determinism: a computation is split into chunks of a fixed size that never
// depends on the number of workers; chunk i draws only from Stream(seed, i),
// and results are written by draw index. The output is therefore identical for
// any GOMAXPROCS and any worker count.
package sample

import (
	"math"
	"math/rand/v2"
	"runtime"
	"sync"
)

// ChunkSize is the number of draws per chunk used by callers that have no
// reason to choose another; changing it changes every seeded result, so it is
// part of the method identifier callers record.
const ChunkSize = 4096

// splitmix64 is the SplitMix64 finalizer (Steele, Lea, Flood 2014).
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// Seeds returns the two PCG seed words for chunk i of a computation seeded
// with seed: SplitMix64 of seed mixed with i, so nearby seeds and chunk indices
// give unrelated states.
func Seeds(seed, i uint64) (uint64, uint64) {
	a := splitmix64(seed ^ splitmix64(i))
	b := splitmix64(a ^ 0xd1b54a32d192ed03 ^ i)
	return a, b
}

// Stream returns a PCG generator for chunk i of a computation seeded with seed.
// The same (seed, i) always yields the same sequence.
func Stream(seed, i uint64) *rand.Rand {
	a, b := Seeds(seed, i)
	return rand.New(rand.NewPCG(a, b))
}

// Triangular returns the quantile u ∈ [0, 1] of the triangular distribution
// with minimum low, mode mode and maximum high (low ≤ mode ≤ high; low = high
// gives low). Inverse CDF: low + √(u·(high−low)·(mode−low)) below
// F(mode) = (mode−low)/(high−low), high − √((1−u)·(high−low)·(high−mode)) above.
func Triangular(u, low, mode, high float64) float64 {
	w := high - low
	if w <= 0 {
		return low
	}
	fc := (mode - low) / w
	if u < fc {
		return low + math.Sqrt(u*w*(mode-low))
	}
	return high - math.Sqrt((1-u)*w*(high-mode))
}

// PERTLambda is the shape weight of the standard Beta-PERT distribution.
const PERTLambda = 4

// PERT draws from the Beta-PERT distribution on [low, high] with mode mode and
// shape λ = 4: low + (high−low)·B with B ~ Beta(α, β), α = 1 + 4(mode−low)/(high−low),
// β = 1 + 4(high−mode)/(high−low). Its mean is (low + 4·mode + high)/6.
func PERT(r *rand.Rand, low, mode, high float64) float64 {
	w := high - low
	if w <= 0 {
		return low
	}
	a := 1 + PERTLambda*(mode-low)/w
	b := 1 + PERTLambda*(high-mode)/w
	x := Gamma(r, a)
	y := Gamma(r, b)
	return low + w*x/(x+y)
}

// Gamma draws from the Gamma(shape, 1) distribution for shape ≥ 1 by
// Marsaglia and Tsang's method (2000); shape < 1 uses the boost
// Gamma(shape+1)·U^(1/shape).
func Gamma(r *rand.Rand, shape float64) float64 {
	if shape < 1 {
		return Gamma(r, shape+1) * math.Pow(1-Uniform(r), 1/shape)
	}
	d := shape - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := Normal(r)
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := Uniform(r)
		if u < 1-0.0331*x*x*x*x || math.Log(u) < 0.5*x*x+d*(1-v+math.Log(v)) {
			return d * v
		}
	}
}

// Uniform returns a uniform value in [0, 1) from the top 53 bits of one
// r.Uint64(). It is defined here, not taken from math/rand/v2's Float64, so
// seeded results depend only on the PCG output, which Go specifies.
func Uniform(r *rand.Rand) float64 {
	return float64(r.Uint64()>>11) * 0x1p-53
}

// Normal returns a standard normal value by Marsaglia's polar method on
// [Uniform] draws (the second value of each pair is discarded, so every call
// is independent of call history beyond the stream position).
func Normal(r *rand.Rand) float64 {
	for {
		x := 2*Uniform(r) - 1
		y := 2*Uniform(r) - 1
		s := x*x + y*y
		if s > 0 && s < 1 {
			return x * math.Sqrt(-2*math.Log(s)/s)
		}
	}
}

// Chunks calls fn(chunk, lo, hi) for every chunk [lo, hi) of [0, n) of size
// chunkSize (the last may be shorter), on up to workers goroutines (workers
// ≤ 0 means GOMAXPROCS). Chunk boundaries do not depend on workers, so a
// caller that draws chunk c from Stream(seed, c) and writes results by index
// gets the same output for any worker count. fn must be safe to call
// concurrently for different chunks. Chunks returns when every call has.
func Chunks(n, chunkSize, workers int, fn func(chunk, lo, hi int)) {
	if n <= 0 {
		return
	}
	if chunkSize <= 0 {
		chunkSize = ChunkSize
	}
	count := (n + chunkSize - 1) / chunkSize
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, count)
	run := func(c int) {
		lo := c * chunkSize
		fn(c, lo, min(lo+chunkSize, n))
	}
	if workers <= 1 {
		for c := range count {
			run(c)
		}
		return
	}
	var next sync.Mutex
	nextChunk := 0
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				next.Lock()
				c := nextChunk
				nextChunk++
				next.Unlock()
				if c >= count {
					return
				}
				run(c)
			}
		})
	}
	wg.Wait()
}

// Quantile returns the p-quantile (0 ≤ p ≤ 1) of ascending sorted data by
// linear interpolation between order statistics (Hyndman and Fan type 7, the
// default of R and NumPy): h = (n−1)·p, x[⌊h⌋] + (h−⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]).
// It returns NaN for empty data.
func Quantile(sorted []float64, p float64) float64 {
	n := len(sorted)
	if n == 0 || math.IsNaN(p) {
		return math.NaN()
	}
	p = math.Min(1, math.Max(0, p))
	h := float64(n-1) * p
	i := int(math.Floor(h))
	if i >= n-1 {
		return sorted[n-1]
	}
	return sorted[i] + (h-float64(i))*(sorted[i+1]-sorted[i])
}
