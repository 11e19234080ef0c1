package serve

import (
	"strings"
	"testing"
)

func TestHostAllowed(t *testing.T) {
	tests := []struct {
		host, listen string
		want         bool
	}{
		{"localhost:8080", DefaultAddr, true},
		{"LocalHost:8080", DefaultAddr, true},
		{"localhost.:8080", DefaultAddr, true},
		{"localhost", DefaultAddr, true},
		{"site.localhost:8080", DefaultAddr, true},
		{"127.0.0.1:8080", DefaultAddr, true},
		{"127.1.2.3", DefaultAddr, true},
		{"[::1]:8080", DefaultAddr, true},
		{"192.168.1.20:8080", "0.0.0.0:8080", true},
		{"[fe80::1]:8080", ":8080", true},
		{"devbox.lan:8080", "devbox.lan:8080", true},
		{"DEVBOX.lan:9999", "devbox.lan:8080", true},
		{"evil.example", DefaultAddr, false},
		{"evil.example:8080", DefaultAddr, false},
		{"localhost.evil.example:8080", DefaultAddr, false},
		{"evillocalhost:8080", DefaultAddr, false},
		{"127.0.0.1.nip.io:8080", DefaultAddr, false},
		{"devbox.lan:8080", DefaultAddr, false},
		{"other.lan:8080", "devbox.lan:8080", false},
		{"", DefaultAddr, false},
		{":8080", ":8080", false},
	}
	for _, tt := range tests {
		if got := hostAllowed(tt.host, tt.listen); got != tt.want {
			t.Errorf("hostAllowed(%q, %q) = %v, want %v", tt.host, tt.listen, got, tt.want)
		}
	}
}

// TestRebinding checks that a request for another site's name gets
// neither a page nor the event stream, and that the same requests for
// localhost do.
func TestRebinding(t *testing.T) {
	t.Parallel()
	s := fixture(t)
	for _, target := range []string{"/", "/codes/404", "/nope", devPrefix + "reload.js", devPrefix + "events"} {
		res := get(s, "GET", target, map[string][]string{"Host": {"evil.example"}})
		b := body(t, res)
		if res.StatusCode != 403 || !strings.Contains(b, `"evil.example"`) {
			t.Errorf("%s for evil.example: status %d, body %.100q", target, res.StatusCode, b)
		}
		if strings.Contains(b, "<title>") || strings.Contains(b, "EventSource") {
			t.Errorf("%s for evil.example: served the content", target)
		}
		if target == devPrefix+"events" {
			continue // a stream that never ends; the live tests open it for localhost
		}
		if res := get(s, "GET", target, nil); res.StatusCode == 403 {
			t.Errorf("%s for localhost: status 403", target)
		}
	}
}
