package sample

import (
	"runtime"
	"sync/atomic"
)

// Workers returns the number of goroutines [ChunksByWorker] will use for n
// draws in chunks of chunkSize with the requested workers (≤ 0 means
// GOMAXPROCS): at least 1 and at most the number of chunks.
func Workers(n, chunkSize, workers int) int {
	if chunkSize <= 0 {
		chunkSize = ChunkSize
	}
	count := max(1, (n+chunkSize-1)/chunkSize)
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	return max(1, min(workers, count))
}

// ChunksByWorker is [Chunks] that also passes the worker number w ∈ [0,
// Workers(n, chunkSize, workers)) to fn, so callers can keep one
// accumulator per worker. Which worker runs which chunk varies from run to
// run: per-worker accumulators must only hold results whose merge does not
// depend on the grouping (integer counts, for example); anything else must
// be kept per chunk.
func ChunksByWorker(n, chunkSize, workers int, fn func(w, chunk, lo, hi int)) {
	if n <= 0 {
		return
	}
	if chunkSize <= 0 {
		chunkSize = ChunkSize
	}
	count := (n + chunkSize - 1) / chunkSize
	nw := Workers(n, chunkSize, workers)
	var next atomic.Int64
	run := func(w int) {
		for {
			c := int(next.Add(1) - 1)
			if c >= count {
				return
			}
			lo := c * chunkSize
			fn(w, c, lo, min(lo+chunkSize, n))
		}
	}
	if nw == 1 {
		run(0)
		return
	}
	done := make(chan struct{}, nw)
	for w := range nw {
		go func() {
			run(w)
			done <- struct{}{}
		}()
	}
	for range nw {
		<-done
	}
}
