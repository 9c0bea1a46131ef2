package prioritize

import (
	"hash/maphash"
	"math"
	"slices"
)

// radixThreshold is the size below which sortKeys uses a comparison sort.
const radixThreshold = 256

// sortKeys sorts idx by keys[idx] ascending, stably, in place. keys is
// indexed by the values in idx.
func sortKeys(keys []uint64, idx []int32) {
	n := len(idx)
	if n < radixThreshold {
		slices.SortStableFunc(idx, func(a, b int32) int {
			switch {
			case keys[a] < keys[b]:
				return -1
			case keys[a] > keys[b]:
				return 1
			}
			return 0
		})
		return
	}
	// LSD radix sort over all 64 bits.
	radixPasses(keys, idx, make([]int32, n), 0)
}

// radixPasses sorts idx (len n ≥ 1) stably by the bits of keys[idx] from
// bit fromShift upward with 11-bit LSD digits, skipping digits that are
// constant; tmp is scratch with len(tmp) ≥ len(idx).
func radixPasses(keys []uint64, idx, tmp []int32, fromShift uint) {
	n := len(idx)
	var count [1 << 11]int
	src, dst := idx, tmp[:n]
	for shift := fromShift; shift < 64; shift += 11 {
		clear(count[:])
		for _, i := range src {
			count[(keys[i]>>shift)&0x7ff]++
		}
		if count[(keys[src[0]]>>shift)&0x7ff] == n {
			continue
		}
		sum := 0
		for d := range count {
			c := count[d]
			count[d] = sum
			sum += c
		}
		for _, i := range src {
			d := (keys[i] >> shift) & 0x7ff
			dst[count[d]] = i
			count[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &idx[0] {
		copy(idx, src)
	}
}

// descKey maps a finite float64 to a uint64 whose ascending order is the
// float's descending order.
func descKey(f float64) uint64 {
	b := math.Float64bits(f)
	if b>>63 == 1 {
		b = ^b
	} else {
		b |= 1 << 63
	}
	return ^b
}

// duplicates returns, for each item, whether an earlier item has the same
// non-empty ID (nil when there is none). It uses an open-addressing hash set
// of item indices; the hash only finds candidates, equality of the IDs
// decides, so the result does not depend on the (random) hash seed.
func duplicates(items []Item) []bool {
	n := len(items)
	if n < 2 {
		return nil
	}
	size := 1
	for size < 2*n {
		size <<= 1
	}
	mask := uint64(size - 1)
	table := make([]int32, size) // index+1 of an item, 0 = empty
	seed := maphash.MakeSeed()
	var dup []bool
	for i := range items {
		id := items[i].ID
		if id == "" {
			continue
		}
		for pos := maphash.String(seed, id) & mask; ; pos = (pos + 1) & mask {
			e := table[pos]
			if e == 0 {
				table[pos] = int32(i + 1)
				break
			}
			if items[e-1].ID == id {
				if dup == nil {
					dup = make([]bool, n)
				}
				dup[i] = true
				break
			}
		}
	}
	return dup
}
