package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// TestBriefOnTwoHundredExactCopies runs the whole brief on a backlog of 200
// exact copies of one item (every score, cost and evidence equal): the
// portfolio optimum is all ties, which made the branch-and-bound solver
// give up and the brief exit 1 with nothing written (issue 21, defect 6).
func TestBriefOnTwoHundredExactCopies(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole brief on 200 items")
	}
	var doc map[string]any
	if err := json.Unmarshal(defaultPortfolio, &doc); err != nil {
		t.Fatal(err)
	}
	backlog := doc["backlog"].(map[string]any)
	first := backlog["items"].([]any)[0].(map[string]any)
	items := make([]any, 200)
	for i := range items {
		c := make(map[string]any, len(first))
		for k, v := range first {
			c[k] = v
		}
		c["id"] = fmt.Sprintf("COPY-%03d", i)
		items[i] = c
	}
	backlog["items"] = items
	rob := doc["robustness"].(map[string]any)
	port := rob["portfolio"].(map[string]any)
	port["mandatory"] = []any{}
	port["requires"] = []any{}
	rob["smaa"].(map[string]any)["samples"] = 500
	data, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	r := runWith(t, bytes.NewReader(data), "-in", "-", "-format", "json")
	if r.code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	if !strings.Contains(r.stdout, "COPY-199") {
		t.Fatal("the brief does not list the copies")
	}
}
