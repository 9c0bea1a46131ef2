package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// chromiumPath is the browser: chromium on PATH, else where Debian's
// chromium package installs it.
var chromiumPath = func() string {
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	return "/usr/bin/chromium"
}()

// probeScript is inserted into the head of a copy of the brief (never to the brief
// itself, which has no script): it records every error the page reports and
// the rendered size of every chart, and writes them as JSON into the DOM
// that --dump-dom prints.
const probeScript = `<script>
(function () {
  var errs = [];
  window.addEventListener('error', function (e) {
    errs.push('error: ' + (e.message || (e.target && (e.target.src || e.target.href)) || 'resource'));
  }, true);
  ['error', 'warn'].forEach(function (k) {
    var orig = console[k];
    console[k] = function () { errs.push(k + ': ' + Array.prototype.join.call(arguments, ' ')); orig.apply(console, arguments); };
  });
  window.addEventListener('load', function () {
    var charts = [];
    document.querySelectorAll('figure.chart').forEach(function (f) {
      var svg = f.querySelector('svg');
      var r = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
      charts.push({id: f.id, width: r.width, height: r.height, marks: svg ? svg.querySelectorAll('rect,path,line').length : 0});
    });
    var out = document.createElement('pre');
    out.id = 'probe';
    out.textContent = JSON.stringify({errors: errs, charts: charts});
    document.body.appendChild(out);
  });
})();
</script>`

type probe struct {
	Errors []string `json:"errors"`
	Charts []struct {
		ID     string  `json:"id"`
		Width  float64 `json:"width"`
		Height float64 `json:"height"`
		Marks  int     `json:"marks"`
	} `json:"charts"`
}

func TestHTMLInChromium(t *testing.T) {
	t.Parallel()
	r := runArgs(t, false, "-format", "html")
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	page := r.stdout
	// Self-contained: no script, no external resource.
	if strings.Contains(page, "<script") {
		t.Errorf("the brief contains a script")
	}
	if m := regexp.MustCompile(`(?i)(src|href)\s*=\s*"(https?:)?//`).FindString(page); m != "" {
		t.Errorf("the brief loads an external resource: %s", m)
	}
	got := renderInChromium(t, page)
	if len(got.Errors) > 0 {
		t.Errorf("the page logged errors: %q", got.Errors)
	}
	sized := map[string]bool{}
	for _, c := range got.Charts {
		if c.Width < 200 || c.Height < 100 || c.Marks < 3 {
			t.Errorf("chart %s rendered %.0f x %.0f px with %d marks; want at least 200 x 100 and 3 marks",
				c.ID, c.Width, c.Height, c.Marks)
			continue
		}
		sized[c.ID] = true
	}
	for _, id := range wantCharts(t) {
		if !sized[id] {
			t.Errorf("chart %s missing or not sized; rendered: %+v", id, got.Charts)
		}
	}
}

// wantCharts lists the charts the embedded portfolio's brief must show.
func wantCharts(t *testing.T) []string {
	ids := []string{"chart-scores", "chart-acceptability", "chart-risk-matrix"}
	for i := range defaultP(t).Cases {
		ids = append(ids, "chart-tornado-"+itoa(i), "chart-histogram-"+itoa(i))
	}
	return ids
}

func itoa(i int) string { return strconv.Itoa(i) }

// renderInChromium loads page (with the probe script added) in headless
// Chromium and returns what the probe saw. It skips the test when Chromium
// is not installed.
func renderInChromium(t *testing.T, page string) probe {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skipf("SKIPPED: no Chromium at %s (install the Debian package: apt-get install -y chromium); "+
			"the HTML brief was not rendered in a browser", chromiumPath)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "brief.html")
	// The probe goes right after the title, before any content, so it sees
	// every error the page raises.
	probed := strings.Replace(page, "</title>", "</title>\n"+probeScript, 1)
	if err := os.WriteFile(file, []byte(probed), 0o644); err != nil {
		t.Fatal(err)
	}
	// A browser that crashes or is starved on a loaded machine is retried;
	// a page that renders is never retried, so its errors always count.
	var raw string
	var failures []string
	for attempt := 0; attempt < 3 && raw == ""; attempt++ {
		dom, msg := dumpDOM(file, filepath.Join(dir, "profile"+strconv.Itoa(attempt)))
		if msg != "" {
			failures = append(failures, msg)
			continue
		}
		m := regexp.MustCompile(`(?s)<pre id="probe">(.*?)</pre>`).FindSubmatch(dom)
		if m == nil {
			failures = append(failures, "the probe did not run")
			continue
		}
		raw = strings.NewReplacer("&quot;", `"`, "&amp;", "&", "&lt;", "<", "&gt;", ">").Replace(string(m[1]))
	}
	if raw == "" {
		t.Fatalf("chromium failed 3 times:\n%s", strings.Join(failures, "\n---\n"))
	}
	var got probe
	if err := json.Unmarshal([]byte(raw), &got); err != nil {
		t.Fatalf("probe output %q: %v", raw, err)
	}
	return got
}

// dumpDOM renders file in headless Chromium and returns the DOM after
// load, or a failure message.
func dumpDOM(file, profile string) ([]byte, string) {
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, chromiumPath, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
		"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+profile, "--window-size=1280,2000", "--virtual-time-budget=5000",
		"--dump-dom", "file://"+file)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	dom, err := cmd.Output()
	if err != nil {
		return nil, fmt.Sprintf("chromium: %v\n%s", err, stderr.String())
	}
	if !bytes.Contains(dom, []byte(`<pre id="probe">`)) {
		return nil, "the probe did not run; chromium stderr:\n" + stderr.String()
	}
	return dom, ""
}

// TestChromiumProbeSeesErrors checks the probe itself: a page with a
// missing image, a script error and a console error reports all three, and
// an empty chart is measured as such.
func TestChromiumProbeSeesErrors(t *testing.T) {
	t.Parallel()
	page := `<!DOCTYPE html><html><head><title>x</title></head><body>
<figure id="chart-empty" class="chart"><svg width="0" height="0"></svg></figure>
<img src="missing.png" alt="">
<script>console.error("boom"); undefinedFunction();</script>
</body></html>`
	got := renderInChromium(t, page)
	if len(got.Errors) < 3 {
		t.Errorf("probe saw %d errors, want 3 (image, script, console): %q", len(got.Errors), got.Errors)
	}
	if len(got.Charts) != 1 || got.Charts[0].Width != 0 {
		t.Errorf("probe charts = %+v, want one of width 0", got.Charts)
	}
}
