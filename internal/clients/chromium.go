package clients

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/httpstatus/site/internal/chromium"
)

// startChromium starts headless Chromium at path with a fresh profile
// in dir and returns a context for its tabs, its version and a function
// that stops it.
func startChromium(ctx context.Context, path, dir string) (context.Context, string, func(), error) {
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, chromium.Options(path, dir)...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	stop := func() { cancelBrowser(); cancelAlloc() }
	v, err := chromedp.CallBrowser(bctx, browser.GetVersion, cdp.Empty{})
	if err != nil {
		stop()
		return nil, "", nil, fmt.Errorf("start %s: %w: install Chromium (apt-get install chromium)", path, err)
	}
	_, version, _ := strings.Cut(v.Product, "/") // "HeadlessChrome/156.0.8078.114"
	return bctx, version, stop, nil
}

// chromiumDrivers returns the drivers of Chromium's fetch(), of a form
// POST and of a top-level navigation, each call in a tab of its own of
// the browser of bctx.
func chromiumDrivers(bctx context.Context, version string) []*driver {
	tab := func(ctx context.Context, c call, run func(ctx context.Context, start string) (answer, error)) (answer, error) {
		tctx, cancel := chromedp.NewContext(bctx)
		defer cancel()
		stop := context.AfterFunc(ctx, cancel)
		defer stop()
		u, err := url.Parse(c.URL)
		if err != nil {
			return answer{}, err
		}
		start := (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/start", RawQuery: url.Values{"to": {u.Path}}.Encode()}).String()
		if err := chromedp.Do(tctx, chromedp.Navigate(start)); err != nil {
			return answer{}, err
		}
		return run(tctx, start)
	}
	fetchDriver := &driver{id: "chromium-fetch", name: "Chromium fetch()", version: version,
		cannot: func(c call) string {
			switch {
			case c.User != "":
				return noAuthFetch
			case c.Proxy != "":
				return noProxyChrome
			}
			return ""
		},
		do: func(ctx context.Context, c call) (answer, error) {
			return tab(ctx, c, func(tctx context.Context, _ string) (answer, error) { return doFetch(tctx, c) })
		}}
	formDriver := &driver{id: "chromium-form", name: "Chromium form POST", version: version,
		cannot: func(c call) string {
			switch {
			case c.Method != "POST" || c.Body != "probe=1" || c.Times != 1:
				return "a form sends its POST once, with its fields as content"
			case c.Proxy != "":
				return noProxyChrome
			}
			return ""
		},
		do: func(ctx context.Context, c call) (answer, error) {
			return tab(ctx, c, func(tctx context.Context, start string) (answer, error) {
				return navigation(tctx, start, c, chromedp.Evaluate[chromedp.Void](`document.forms[0].submit()`))
			})
		}}
	navDriver := &driver{id: "chromium-navigation", name: "Chromium navigation", version: version,
		given: map[int]string{401: "the browser's credentials prompt, answered with Fetch.continueWithAuth"},
		cannot: func(c call) string {
			switch {
			case c.Method != "GET":
				return "a navigation sends GET"
			case len(c.Headers) > 0:
				return noHeaders
			case c.Proxy != "":
				return noProxyChrome
			}
			return ""
		},
		do: func(ctx context.Context, c call) (answer, error) {
			return tab(ctx, c, func(tctx context.Context, start string) (answer, error) {
				if c.User != "" {
					if err := answerChallenges(tctx, c.User, c.Password); err != nil {
						return answer{}, err
					}
				}
				var a answer
				for range c.Times {
					var err error
					if a, err = navigation(tctx, start, c, navigate(c.URL)); err != nil {
						return a, err
					}
				}
				return a, nil
			})
		}}
	return []*driver{fetchDriver, formDriver, navDriver}
}

// navigate starts a navigation of the tab to u, without waiting for it.
func navigate(u string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, page.Navigate, page.NavigateParams{URL: u})
		return err
	})
}

// navigation runs action, which starts a navigation, and waits for the
// document the tab then holds to load, or for a second to pass for a
// navigation that loads none (a 204). The answer says whether the tab
// kept the start page.
func navigation(ctx context.Context, start string, c call, action chromedp.Action[chromedp.Void]) (answer, error) {
	a := answer{Headers: map[string]string{}}
	wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	loaded := make(chan struct{}, 1)
	lctx, stopListening := context.WithCancel(ctx)
	defer stopListening()
	if err := chromedp.Listen(lctx, func(ev any) {
		if _, ok := ev.(*page.EventLoadEventFired); ok {
			select {
			case loaded <- struct{}{}:
			default:
			}
		}
	}); err != nil {
		return a, err
	}
	if err := chromedp.Do(wctx, action); err != nil {
		a.Error = err.Error()
	}
	select {
	case <-loaded:
	case <-time.After(time.Second):
	case <-wctx.Done():
		return a, fmt.Errorf("%s: no document loaded in 10 s", c.URL)
	}
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		return a, err
	}
	a.Stayed = loc == start
	return a, nil
}

// answerChallenges makes the tab answer every challenge, as a user
// would in the browser's prompt, with user and password.
func answerChallenges(ctx context.Context, user, password string) error {
	events := make(chan any, 256) // the listener must not block; a navigation pauses a few requests
	if err := chromedp.Listen(ctx, func(ev any) {
		switch ev.(type) {
		case *fetch.EventAuthRequired, *fetch.EventRequestPaused:
			events <- ev
		}
	}); err != nil {
		return err
	}
	go func() {
		for {
			var ev any
			select {
			case ev = <-events:
			case <-ctx.Done():
				return
			}
			switch ev := ev.(type) {
			case *fetch.EventAuthRequired:
				chromedp.Call(ctx, fetch.ContinueWithAuth, fetch.ContinueWithAuthParams{RequestID: ev.RequestID,
					AuthChallengeResponse: &fetch.AuthChallengeResponse{Response: fetch.AuthChallengeResponseResponseProvideCredentials, Username: user, Password: password}})
			case *fetch.EventRequestPaused:
				chromedp.Call(ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
			}
		}
	}()
	yes := true
	_, err := chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{HandleAuthRequests: &yes})
	return err
}

// doFetch makes the call with fetch() from the page the tab holds.
func doFetch(ctx context.Context, c call) (answer, error) {
	b, err := json.Marshal(c)
	if err != nil {
		return answer{}, err
	}
	expr := `(async (c) => {
  const body = c.bodySize ? "x".repeat(c.bodySize) : c.body;
  let a = {};
  for (let i = 0; i < c.times; i++) {
    try {
      const r = await fetch(c.url, { method: c.method, body, headers: c.headers || {} });
      const b = await r.arrayBuffer();
      a = { status: r.status, bodyLength: b.byteLength, headers: Object.fromEntries(r.headers), interim: [] };
    } catch (e) {
      a = { error: String(e) };
    }
  }
  return a;
})(` + string(b) + `)`
	wctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	return chromedp.Run(wctx, chromedp.Evaluate[answer](expr, chromedp.EvalAwaitPromise))
}
