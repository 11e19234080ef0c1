package chromium

import (
	"slices"
	"testing"
)

// TestFlags checks that the command-line start asks for what the
// chromedp one does: no sandbox, the profile, and every quiet flag.
func TestFlags(t *testing.T) {
	flags := Flags("/tmp/profile")
	for _, want := range []string{"--headless", "--no-sandbox", "--no-first-run", "--user-data-dir=/tmp/profile",
		"--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync"} {
		if !slices.Contains(flags, want) {
			t.Errorf("Flags lacks %s: %q", want, flags)
		}
	}
	if n, base := len(Options("/usr/bin/chromium", "/tmp/profile")), len(quiet())+3; n < base {
		t.Errorf("Options gives %d options, fewer than the %d it adds", n, base)
	}
}
