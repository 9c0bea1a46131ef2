package sample

import (
	"sync/atomic"
	"testing"
)

func TestChunksByWorker(t *testing.T) {
	tests := []struct {
		name, reason         string
		n, size, workers     int
		wantChunks, wantWork int
	}{
		{"empty", "no draws, no calls", 0, 10, 2, 0, 1},
		{"one chunk", "a single chunk needs one worker", 5, 10, 4, 1, 1},
		{"uneven", "25 draws in chunks of 10 give 3 chunks", 25, 10, 2, 3, 2},
		{"default size", "chunk size 0 means ChunkSize", ChunkSize + 1, 0, 8, 2, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Workers(tt.n, tt.size, tt.workers); got != tt.wantWork {
				t.Errorf("%s: Workers = %d, want %d", tt.reason, got, tt.wantWork)
			}
			var calls atomic.Int64
			seen := make([]atomic.Int64, tt.n)
			ChunksByWorker(tt.n, tt.size, tt.workers, func(w, c, lo, hi int) {
				calls.Add(1)
				if w < 0 || w >= Workers(tt.n, tt.size, tt.workers) {
					t.Errorf("worker %d out of range", w)
				}
				for i := lo; i < hi; i++ {
					seen[i].Add(1)
				}
			})
			if int(calls.Load()) != tt.wantChunks {
				t.Errorf("%s: %d chunks, want %d", tt.reason, calls.Load(), tt.wantChunks)
			}
			for i := range seen {
				if seen[i].Load() != 1 {
					t.Fatalf("draw %d covered %d times", i, seen[i].Load())
				}
			}
		})
	}
}
