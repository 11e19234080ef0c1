package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/httpstatus/site/internal/chromium"
)

func nodePath(t *testing.T) string { return tool(t, "NODE", "node") }

func lighthouseCLI(t *testing.T) string {
	return tool(t, "LIGHTHOUSE", filepath.Join(toolsDir(), "lighthouse", "node_modules", "lighthouse", "cli", "index.js"))
}

// lighthouseReport is the part of a Lighthouse report the test reads.
type lighthouseReport struct {
	RuntimeError *struct{ Code, Message string } `json:"runtimeError"`
	Categories   map[string]struct {
		Score     *float64 `json:"score"`
		AuditRefs []struct {
			ID string `json:"id"`
		} `json:"auditRefs"`
	} `json:"categories"`
	Audits map[string]struct {
		Score        *float64 `json:"score"`
		ScoreMode    string   `json:"scoreDisplayMode"`
		NumericValue float64  `json:"numericValue"`
		Title        string   `json:"title"`
	} `json:"audits"`
}

// lighthouse runs Lighthouse, the cli/index.js cli with node, on url,
// as a phone on a slow network (its defaults), in the Chromium at
// browser with a fresh profile in dir.
func lighthouse(ctx context.Context, url, dir, browser, node, cli string) (*lighthouseReport, error) {
	flags := chromium.Flags(dir)
	cmd := exec.CommandContext(ctx, node, cli, url,
		"--quiet", "--output=json", "--output-path=stdout", "--disable-full-page-screenshot",
		"--chrome-flags="+strings.Join(flags, " "))
	cmd.Env = append(os.Environ(), "CHROME_PATH="+browser)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("lighthouse %s: %v\n%s", url, err, stderr.Bytes())
	}
	var r lighthouseReport
	if err := json.Unmarshal(out, &r); err != nil {
		return nil, fmt.Errorf("lighthouse %s: %v", url, err)
	}
	if r.RuntimeError != nil {
		return nil, fmt.Errorf("lighthouse %s: %s: %s", url, r.RuntimeError.Code, r.RuntimeError.Message)
	}
	return &r, nil
}

// timingAudits are the performance audits whose scores come from
// measured times, which a loaded machine stretches: the metrics but for
// the layout shift, and the diagnostics that weigh the main thread's time
// or the server's. Every other audit of the category is asserted: the
// bytes sent, their compression and caching, the size of the DOM, what
// blocks rendering and the layout shift.
var timingAudits = map[string]bool{
	"first-contentful-paint": true, "largest-contentful-paint": true, "speed-index": true,
	"total-blocking-time": true, "interactive": true, "max-potential-fid": true,
	"server-response-time": true, "bootup-time": true, "mainthread-work-breakdown": true,
}

// scored are the modes of the audits that pass or fail: the others
// only inform, or do not apply to the page.
var scored = map[string]bool{"binary": true, "numeric": true, "metricSavings": true}

// TestLighthouse runs Lighthouse on the index, on code pages of each kind
// and on the not-found page, and holds each to a score of 100 in
// accessibility, best practices and SEO, to no layout shift and to a
// pass of every performance audit that measures no time. The
// not-found page asks not to be indexed, and fails that audit alone.
// The performance scores, which also weigh times, are logged.
func TestLighthouse(t *testing.T) {
	t.Parallel() // beside TestBrowser: what it asserts weighs no time
	browser, node, cli := chromiumPath(t), nodePath(t), lighthouseCLI(t)
	srv := newSiteServer(t, buildSite(t))
	// Two runs at a time: much of a run waits for the page to be quiet.
	reports := make([]*lighthouseReport, len(shiftPages))
	errs := make([]error, len(shiftPages))
	sem := make(chan struct{}, 2)
	var wg sync.WaitGroup
	for i, p := range shiftPages {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			reports[i], errs[i] = lighthouse(t.Context(), srv.URL+p, t.TempDir(), browser, node, cli)
		})
	}
	wg.Wait()
	for i, p := range shiftPages {
		if errs[i] != nil {
			t.Error(errs[i])
			continue
		}
		r := reports[i]
		var scores []string
		for _, c := range []string{"performance", "accessibility", "best-practices", "seo"} {
			cat, ok := r.Categories[c]
			if !ok || cat.Score == nil {
				t.Errorf("%s: no %s score", p, c)
				continue
			}
			scores = append(scores, c+" "+strings.TrimSuffix(strings.TrimSuffix(formatScore(*cat.Score), ".0"), ".00"))
			for _, ref := range cat.AuditRefs {
				a := r.Audits[ref.ID]
				if a.Score == nil || *a.Score == 1 || !scored[a.ScoreMode] || timingAudits[ref.ID] {
					continue
				}
				if p == "/404.html" && ref.ID == "is-crawlable" {
					continue
				}
				t.Errorf("%s: %s audit %s (%s) scores %v", p, c, ref.ID, a.Title, *a.Score)
			}
		}
		if p == "/404.html" {
			if a := r.Audits["is-crawlable"]; a.Score == nil || *a.Score != 0 {
				t.Errorf("%s: Lighthouse finds the not-found page indexable", p)
			}
		}
		if cls := r.Audits["cumulative-layout-shift"]; cls.NumericValue != 0 {
			t.Errorf("%s: cumulative layout shift %v, want 0", p, cls.NumericValue)
		}
		var times []string
		for _, id := range []string{"first-contentful-paint", "largest-contentful-paint", "speed-index", "total-blocking-time"} {
			times = append(times, fmt.Sprintf("%s %.0f ms", id, r.Audits[id].NumericValue))
		}
		t.Logf("%s: %s; %s", p, strings.Join(scores, ", "), strings.Join(times, ", "))
	}
}

// formatScore returns a score of 0 to 1 as Lighthouse shows it, 0 to 100.
func formatScore(s float64) string {
	b, _ := json.Marshal(s * 100)
	return string(b)
}
