package prioritize

import (
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
	// LSD radix sort, 11-bit digits, skipping digits that are constant.
	tmp := make([]int32, n)
	var count [1 << 11]int
	src, dst := idx, tmp
	for shift := uint(0); shift < 64; shift += 11 {
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

// fnv64 is the FNV-1a hash of s.
func fnv64(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// duplicates returns, for each item, whether an earlier item has the same
// non-empty ID (nil when there is none).
func duplicates(items []Item) []bool {
	n := len(items)
	if n < 2 {
		return nil
	}
	keys := make([]uint64, n)
	idx := make([]int32, n)
	for i := range items {
		keys[i] = fnv64(items[i].ID)
		idx[i] = int32(i)
	}
	sortKeys(keys, idx)
	var dup []bool
	for a := 0; a < n; {
		b := a + 1
		for b < n && keys[idx[b]] == keys[idx[a]] {
			b++
		}
		// idx[a:b] share a hash and are in input order (stable sort).
		for p := a + 1; p < b; p++ {
			ip := idx[p]
			if items[ip].ID == "" {
				continue
			}
			for q := a; q < p; q++ {
				if items[idx[q]].ID == items[ip].ID {
					if dup == nil {
						dup = make([]bool, n)
					}
					dup[ip] = true
					break
				}
			}
		}
		a = b
	}
	return dup
}
