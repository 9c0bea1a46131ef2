package main

import (
	"regexp"
	"strings"
	"testing"
)

func TestHeatmapSVG(t *testing.T) {
	tests := []struct {
		name, reason string
		ids          []string
		acc          [][]float64
		cells, texts int
	}{
		{"two items", "a 2x2 grid; cells under 5 % carry no label", []string{"A", "B"},
			[][]float64{{0.97, 0.03}, {0.03, 0.97}}, 4, 2},
		{"clamped", "out-of-range and NaN probabilities are drawn as 0 or 1, never break the SVG", []string{"A"},
			[][]float64{{1.7}}, 1, 1},
		{"short rows", "missing cells are drawn empty", []string{"A", "B", "C"}, [][]float64{{1}}, 9, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svg := heatmapSVG(tt.ids, tt.acc)
			if got := strings.Count(svg, `class="cell"`); got != tt.cells {
				t.Errorf("%d cells, want %d (%s)", got, tt.cells, tt.reason)
			}
			labels := regexp.MustCompile(`style="fill:[^"]+">\d+</text>`).FindAllString(svg, -1)
			if len(labels) != tt.texts {
				t.Errorf("%d labels, want %d (%s)", len(labels), tt.texts, tt.reason)
			}
		})
	}
}
