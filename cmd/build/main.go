// Command build builds the HTTP status code reference from
// content/http-status-codes.md into public/.
//
// Usage:
//
//	go run ./cmd/build [flags]
//
// With -serve it builds once, then serves the site on -addr the way
// Netlify does and rebuilds it on every change until interrupted.
//
// It exits 0 on success, 1 when the build (or the server) fails and 2 on
// bad flags or an output directory it must not write.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/httpstatus/site/internal/diag"
	"github.com/httpstatus/site/internal/netlify"
	"github.com/httpstatus/site/internal/serve"
	"github.com/httpstatus/site/internal/site"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stderr, os.Getenv))
}

// options are the command line's settings.
type options struct {
	site.Config
	baseURL string
	quiet   bool
	serve   bool
	addr    string
}

// parseFlags fills options from args.
func parseFlags(args []string, stderr io.Writer) (*options, error) {
	var o options
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.Content, "content", "content", "`dir`ectory holding "+site.ArticleFile)
	fs.StringVar(&o.Templates, "templates", "templates", "`dir`ectory of the page templates")
	fs.StringVar(&o.Assets, "assets", "assets", "`dir`ectory of CSS, JS and images, copied with hashed names")
	fs.StringVar(&o.Out, "out", "public", "output `dir`ectory, replaced whole by each successful build")
	fs.StringVar(&o.baseURL, "base-url", "", "absolute `URL` of the site for canonical links (default: $URL on Netlify, else "+site.DefaultBaseURL+")")
	fs.StringVar(&o.Origin, "origin", "", "absolute `URL` of the site the article was first published on; its root-relative links to pages this site lacks point there")
	fs.BoolVar(&o.Strict, "strict", false, "treat warnings as errors")
	fs.BoolVar(&o.Record, "record", false, "append every URL and anchor the site publishes that the content directory's published.txt lacks to it")
	fs.StringVar(&o.Cache, "cache", site.DefaultCacheDir(), "`dir`ectory that keeps drawn preview images, highlighted code and minified files between builds; empty for none")
	fs.BoolVar(&o.quiet, "q", false, "print nothing after a successful build")
	fs.BoolVar(&o.serve, "serve", false, "serve the site as Netlify would, rebuilding and reloading pages on every change")
	fs.StringVar(&o.addr, "addr", serve.DefaultAddr, "`address` the -serve server listens on; loopback unless another host is given")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: go run ./cmd/build [flags]\n\nBuilds the HTTP status code reference from the article into the output directory.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "build: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return nil, errors.New("unexpected arguments")
	}
	return &o, nil
}

// run builds the site and returns the exit code.
func run(args []string, stderr io.Writer, getenv func(string) string) int {
	o, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		return 2
	}
	o.BaseURL = site.BaseURL(o.baseURL, getenv)
	if o.serve {
		return runServer(o, stderr)
	}
	r, err := site.Build(o.Config)
	if err != nil {
		for _, e := range diag.All(err) {
			fmt.Fprintln(stderr, e)
		}
		var cfgErr *site.ConfigError
		if errors.As(err, &cfgErr) {
			return 2
		}
		return 1
	}
	for _, w := range r.Warnings {
		fmt.Fprintf(stderr, "warning: %v\n", w)
	}
	if !o.quiet {
		fmt.Fprintln(stderr, r)
	}
	return 0
}

// runServer runs the dev server until SIGINT or SIGTERM and returns the
// exit code.
func runServer(o *options, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cfg := serve.Config{Site: o.Config, Netlify: netlify.ConfigFile, Addr: o.addr, Log: stderr}
	if err := serve.Run(ctx, cfg); err != nil {
		fmt.Fprintln(stderr, err)
		var cfgErr *site.ConfigError
		if errors.As(err, &cfgErr) {
			return 2
		}
		return 1
	}
	return 0
}
