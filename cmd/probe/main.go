// Command probe measures what real HTTP clients do with status codes and
// writes the results to content/clients.json.
//
// Usage:
//
//	go run ./cmd/probe [flags]
//
// It drives Go's net/http, Python's urllib.request and requests, Node's
// fetch, curl and Chromium against a loopback server (see package
// clients). It exits 0 on success, 1 when a client cannot be driven and
// 2 on bad flags.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"github.com/httpstatus/site/internal/clients"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stderr, os.Getenv))
}

// run probes the clients and returns the exit code.
func run(args []string, stderr io.Writer, getenv func(string) string) int {
	cfg := clients.DefaultConfig(getenv)
	fs := flag.NewFlagSet("probe", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "content/"+clients.File, "`file` the results are written to")
	fs.StringVar(&cfg.Python, "python", cfg.Python, "`path` of a Python that can import requests")
	fs.StringVar(&cfg.Node, "node", cfg.Node, "`path` of Node.js")
	fs.StringVar(&cfg.Curl, "curl", cfg.Curl, "`path` of curl")
	fs.StringVar(&cfg.Chromium, "chromium", cfg.Chromium, "`path` of Chromium (default $CHROMIUM, else /usr/bin/chromium)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "probe: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	start := time.Now()
	r, err := clients.Probe(ctx, cfg)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	b, err := clients.Encode(r)
	if err == nil {
		err = os.WriteFile(*out, b, 0o644)
	}
	if err != nil {
		fmt.Fprintln(stderr, "probe:", err)
		return 1
	}
	fmt.Fprintf(stderr, "%d clients probed → %s in %s\n", len(r.Clients), *out, time.Since(start).Round(time.Millisecond))
	return 0
}
