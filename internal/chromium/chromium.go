// Package chromium says how the project starts headless Chromium, for
// the browser tests, Lighthouse and the probe of clients: as root without
// its sandbox, with a profile of its own, and with none of the
// connections it would open by itself, which a closed network refuses.
package chromium

import "github.com/chromedp/chromedp"

// quiet returns the flags, beyond chromedp's defaults, that keep
// Chromium from the network and the GPU.
func quiet() []string {
	return []string{"disable-gpu", "disable-quic", "disable-background-networking", "disable-component-update", "disable-sync"}
}

// Options returns chromedp's options for starting the Chromium at path
// with the profile directory dir.
func Options(path, dir string) []chromedp.ExecAllocatorOption {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.UserDataDir(dir),
		chromedp.NoSandbox, // CI runs as root
	)
	for _, f := range quiet() {
		opts = append(opts, chromedp.Flag(f, true))
	}
	return opts
}

// Flags returns the same start as command-line flags, for a tool that
// starts Chromium itself: headless, without a first-run page, with the
// profile directory dir.
func Flags(dir string) []string {
	flags := []string{"--headless", "--no-sandbox", "--no-first-run", "--user-data-dir=" + dir}
	for _, f := range quiet() {
		flags = append(flags, "--"+f)
	}
	return flags
}
