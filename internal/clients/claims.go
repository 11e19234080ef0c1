package clients

import (
	"fmt"
	"strings"

	"github.com/httpstatus/site/internal/facts"
)

// Check returns nil when the measured results bear the claim out, or
// an error that says which clients do not. A claim of every or no
// client counts only the clients the behaviour applies to, of which
// there must be one.
func (r *Results) Check(cl facts.Claim) error {
	var applies, does []string
	for _, c := range r.Clients {
		a, d, ok := behaves(c, cl.Behaviour, cl.Code)
		if !ok || !a {
			continue
		}
		applies = append(applies, c.Name)
		if d {
			does = append(does, c.Name)
		}
	}
	fail := func(why string) error { return fmt.Errorf("%s: %s", cl, why) }
	switch {
	case len(applies) == 0:
		return fail("no client measured to which it applies")
	case cl.Clients == facts.Some && len(does) == 0:
		return fail("none does, of " + strings.Join(applies, ", "))
	case cl.Clients == facts.Every && len(does) < len(applies):
		return fail("only " + orNone(does) + " of " + strings.Join(applies, ", ") + " do")
	case cl.Clients == facts.None && len(does) > 0:
		return fail(strings.Join(does, ", ") + " do")
	}
	return nil
}

func orNone(list []string) string {
	if len(list) == 0 {
		return "none"
	}
	return strings.Join(list, ", ")
}

// behaves reports whether behaviour b after code applies to client c,
// as measured, and whether c does it; ok is false for a behaviour this
// package cannot tell.
func behaves(c *Client, b facts.Behaviour, code int) (applies, does, ok bool) {
	switch b {
	case facts.PostToGet, facts.KeepMethod:
		for _, r := range c.Redirects {
			if r.Code == code && r.Method == "POST" && r.NotMeasured == "" && r.Followed {
				if b == facts.PostToGet {
					return true, r.NextMethod == "GET", true
				}
				return true, r.NextMethod == "POST" && r.BodyResent, true
			}
		}
		return false, false, true
	case facts.SendOn:
		for _, r := range c.Interim {
			if r.Code == code && r.NotMeasured == "" && r.Expect {
				return true, r.BodySent, true
			}
		}
		return false, false, true
	}
	return false, false, false
}
