package render

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/httpstatus/site/internal/clients"
)

// clientTable is a table of what the measured clients did.
type clientTable struct {
	Caption string
	Note    string   // how the probe asked, below the table
	Columns []string // the headers of the cells after the client and its version
	Rows    []clientRow
}

// clientRow is one client's row of a clientTable.
type clientRow struct {
	Client, Version string
	Cells           []string
}

// ClientTables returns the tables of what the clients of r did with
// code, built from the measured results alone: none when r has none
// for code. A redirect's page also gets the comparison of every
// redirect code after a POST.
func ClientTables(r *clients.Results, code int) []clientTable {
	if r == nil || !slices.Contains(r.Codes(), code) {
		return nil
	}
	t := clientTable{Caption: fmt.Sprintf("What each client did with %d", code), Note: clients.How(code)}
	var rowCells func(c *clients.Client) []string
	switch {
	case slices.Contains(clients.RedirectCodes(), code):
		t.Columns = []string{"After a POST", "After a GET", "Relative Location", "Redirects followed"}
		remembers := code == 301 || code == 308
		if remembers {
			t.Columns = append(t.Columns, "Asked again")
		}
		rowCells = func(c *clients.Client) []string {
			post, get := redirectOf(c, code, "POST"), redirectOf(c, code, "GET")
			chain := get
			if chain.NotMeasured != "" {
				chain = post
			}
			cells := []string{followed(post), followed(get), resolved(chain), hops(chain)}
			if remembers {
				cells = append(cells, remembered(c, code))
			}
			return cells
		}
	case code == 100:
		t.Columns = []string{"Expect: 100-continue", "The content", "The 100"}
		rowCells = func(c *clients.Client) []string {
			r := interimOf(c, code)
			if r.NotMeasured != "" {
				return repeat(notMeasured(r.NotMeasured), 3)
			}
			return []string{choose(r.Expect, "sent", "not sent"), choose(r.BodySent, "sent", "not sent"), interim(r)}
		}
	case code == 103:
		t.Columns = []string{"The 103"}
		rowCells = func(c *clients.Client) []string {
			r := interimOf(c, code)
			if r.NotMeasured != "" {
				return []string{notMeasured(r.NotMeasured)}
			}
			return []string{interim(r)}
		}
	case code == 204 || code == 205 || code == 206 || code == 304:
		t.Columns = []string{"What the caller got"}
		rowCells = func(c *clients.Client) []string { return []string{finalOf(c, code)} }
	case code == 401 || code == 407:
		t.Columns = []string{"Credentials given with", "What it did"}
		rowCells = func(c *clients.Client) []string {
			r := authOf(c, code)
			if r.NotMeasured != "" {
				return repeat(notMeasured(r.NotMeasured), 2)
			}
			return []string{r.Given, auth(r)}
		}
	case code == 429 || code == 503:
		t.Columns = []string{fmt.Sprintf("Requests in %d s", clients.RetryWindow)}
		rowCells = func(c *clients.Client) []string { return []string{retries(c, code)} }
	default:
		return nil
	}
	for _, c := range r.Clients {
		t.Rows = append(t.Rows, clientRow{Client: c.Name, Version: c.Version, Cells: rowCells(c)})
	}
	tables := []clientTable{t}
	if slices.Contains(clients.RedirectCodes(), code) {
		tables = append(tables, redirectComparison(r))
	}
	return tables
}

// redirectComparison returns the table of what each client did with a
// POST redirected by each redirect code.
func redirectComparison(r *clients.Results) clientTable {
	t := clientTable{Caption: "A POST redirected by each code: what each client sent next",
		Note: "After a POST of form content, each client was sent a redirect of each code."}
	for _, code := range clients.RedirectCodes() {
		t.Columns = append(t.Columns, strconv.Itoa(code))
	}
	for _, c := range r.Clients {
		row := clientRow{Client: c.Name, Version: c.Version}
		for _, code := range clients.RedirectCodes() {
			row.Cells = append(row.Cells, nextRequest(redirectOf(c, code, "POST")))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

func notMeasured(reason string) string { return "not measured: " + reason }

func choose(b bool, yes, no string) string {
	if b {
		return yes
	}
	return no
}

func repeat(s string, n int) []string { return slices.Repeat([]string{s}, n) }

// find returns the first of list for which match is true, or a zero
// value marked not measured.
func find[T any](list []T, match func(T) bool, unmeasured func() T) T {
	for _, r := range list {
		if match(r) {
			return r
		}
	}
	return unmeasured()
}

const notProbed = "the probe has no result"

func redirectOf(c *clients.Client, code int, method string) clients.Redirect {
	return find(c.Redirects, func(r clients.Redirect) bool { return r.Code == code && r.Method == method },
		func() clients.Redirect { return clients.Redirect{NotMeasured: notProbed} })
}

func interimOf(c *clients.Client, code int) clients.Interim {
	return find(c.Interim, func(r clients.Interim) bool { return r.Code == code },
		func() clients.Interim { return clients.Interim{NotMeasured: notProbed} })
}

func authOf(c *clients.Client, code int) clients.Auth {
	return find(c.Auth, func(r clients.Auth) bool { return r.Code == code },
		func() clients.Auth { return clients.Auth{NotMeasured: notProbed} })
}

// followed says what a client did with a redirect: "followed, as GET
// without the content".
func followed(r clients.Redirect) string {
	switch {
	case r.NotMeasured != "":
		return notMeasured(r.NotMeasured)
	case !r.Followed:
		return "not followed"
	}
	return "followed, as " + nextRequest(r)
}

// nextRequest says what request followed a redirect: "GET without the
// content".
func nextRequest(r clients.Redirect) string {
	switch {
	case r.NotMeasured != "":
		return "not measured"
	case !r.Followed:
		return "not followed"
	case r.BodyResent:
		return r.NextMethod + " with the content"
	case r.Method == "POST":
		return r.NextMethod + " without the content"
	}
	return r.NextMethod
}

func resolved(r clients.Redirect) string {
	switch {
	case r.NotMeasured != "":
		return notMeasured(r.NotMeasured)
	case !r.Followed:
		return "not followed"
	}
	return choose(r.Resolved, "resolved", "not resolved")
}

func hops(r clients.Redirect) string {
	switch {
	case r.NotMeasured != "":
		return notMeasured(r.NotMeasured)
	case !r.Followed:
		return "not followed"
	case r.Hops == clients.Hops:
		return fmt.Sprintf("all %d", clients.Hops)
	}
	return fmt.Sprintf("%d of %d", r.Hops, clients.Hops)
}

func remembered(c *clients.Client, code int) string {
	r := find(c.Repeats, func(r clients.Repeat) bool { return r.Code == code },
		func() clients.Repeat { return clients.Repeat{NotMeasured: notProbed} })
	if r.NotMeasured != "" {
		return notMeasured(r.NotMeasured)
	}
	return choose(r.Remembered, "no: it remembered the redirect", "yes")
}

func interim(r clients.Interim) string {
	switch {
	case r.Failed:
		return "the call failed"
	case r.Status == r.Code:
		return "taken for the final response"
	case r.Surfaced:
		return "shown to the caller"
	}
	return "not shown to the caller"
}

func finalOf(c *clients.Client, code int) string {
	r := find(c.Finals, func(r clients.Final) bool { return r.Code == code },
		func() clients.Final { return clients.Final{NotMeasured: notProbed} })
	switch {
	case r.NotMeasured != "":
		return notMeasured(r.NotMeasured)
	case r.Stayed:
		return "the tab kept its page"
	}
	s := fmt.Sprintf("%d, %d bytes of content", r.Status, r.BodyLength)
	if r.BodyLength == 0 {
		s = fmt.Sprintf("%d, no content", r.Status)
	}
	if r.Field != "" {
		s += ", " + r.Field + choose(r.FieldSeen, " readable", " not readable")
	}
	return s
}

func auth(r clients.Auth) string {
	s := "did not send them"
	switch {
	case r.Preemptive:
		s = "sent them on the first request, before any challenge"
	case r.Retried:
		s = "sent them again after the challenge"
	}
	if r.Status != 0 {
		s += fmt.Sprintf("; the caller got %d", r.Status)
	}
	return s
}

func retries(c *clients.Client, code int) string {
	r := find(c.Retries, func(r clients.Retry) bool { return r.Code == code },
		func() clients.Retry { return clients.Retry{NotMeasured: notProbed} })
	switch {
	case r.NotMeasured != "":
		return notMeasured(r.NotMeasured)
	case r.Requests == 1:
		return "1: no retry"
	}
	return fmt.Sprintf("%d: it retried by itself", r.Requests)
}
