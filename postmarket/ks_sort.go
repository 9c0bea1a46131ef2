package postmarket

import (
	"math"
	"slices"
)

// sortKey maps a finite float64 to a uint64 whose unsigned order is the
// numeric order of the floats; −0 and +0 map to the same key.
func sortKey(f float64) uint64 {
	if f == 0 {
		f = 0 // −0 → +0
	}
	b := math.Float64bits(f)
	if b>>63 != 0 {
		return ^b
	}
	return b | 1<<63
}

// keyValue inverts sortKey.
func keyValue(k uint64) float64 {
	if k>>63 != 0 {
		return math.Float64frombits(k &^ (1 << 63))
	}
	return math.Float64frombits(^k)
}

const (
	radixBits    = 11
	radixBuckets = 1 << radixBits
	radixPasses  = (64 + radixBits - 1) / radixBits
	radixMinLen  = 256 // below this a comparison sort is faster
)

// sortedKeys returns the sort keys of x in ascending order, in a new slice.
// It is an LSD radix sort with 11-bit digits (six passes at most, a pass is
// skipped when every key has the same digit): O(n) time, 2n words of memory.
func sortedKeys(x []float64) []uint64 {
	keys := make([]uint64, len(x))
	for i, v := range x {
		keys[i] = sortKey(v)
	}
	if len(keys) < radixMinLen {
		slices.Sort(keys)
		return keys
	}
	var counts [radixPasses][radixBuckets]int
	for _, k := range keys {
		for p := range radixPasses {
			counts[p][(k>>(p*radixBits))&(radixBuckets-1)]++
		}
	}
	src, dst := keys, make([]uint64, len(keys))
	for p := range radixPasses {
		c := &counts[p]
		if c[(src[0]>>(p*radixBits))&(radixBuckets-1)] == len(src) {
			continue // every key has this digit
		}
		sum := 0
		for b := range c {
			c[b], sum = sum, sum+c[b]
		}
		shift := uint(p * radixBits)
		for _, k := range src {
			d := (k >> shift) & (radixBuckets - 1)
			dst[c[d]] = k
			c[d]++
		}
		src, dst = dst, src
	}
	return src
}

// sortedValues returns x sorted ascending in a new slice (−0 becomes +0).
func sortedValues(x []float64) []float64 {
	keys := sortedKeys(x)
	out := make([]float64, len(keys))
	for i, k := range keys {
		out[i] = keyValue(k)
	}
	return out
}
