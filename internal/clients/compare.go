package clients

import (
	"fmt"
	"strconv"
)

// field is one measured value of a result, as messages name it.
type field struct{ label, value string }

// item is one result of a client: its scenario and its fields.
type item struct {
	key    string // "303 after POST"
	fields []field
}

func yes(b bool) string { return strconv.FormatBool(b) }

func measured(reason string) field {
	if reason == "" {
		return field{"measured", "yes"}
	}
	return field{"measured", "no: " + reason}
}

// items returns every result of c, in the file's order.
func (c *Client) items() []item {
	var out []item
	for _, r := range c.Redirects {
		out = append(out, item{fmt.Sprintf("%d after %s", r.Code, r.Method), []field{measured(r.NotMeasured),
			{"followed", yes(r.Followed)}, {"method on the next request", r.NextMethod},
			{"content sent again", yes(r.BodyResent)}, {"relative Location resolved", yes(r.Resolved)},
			{"redirects followed", strconv.Itoa(r.Hops)}}})
	}
	for _, r := range c.Repeats {
		out = append(out, item{fmt.Sprintf("%d asked twice", r.Code), []field{measured(r.NotMeasured),
			{"remembered", yes(r.Remembered)}}})
	}
	for _, r := range c.Interim {
		out = append(out, item{fmt.Sprintf("%d before 200", r.Code), []field{measured(r.NotMeasured),
			{"Expect: 100-continue sent", yes(r.Expect)}, {"content sent", yes(r.BodySent)},
			{"shown to the caller", yes(r.Surfaced)}, {"status the caller got", strconv.Itoa(r.Status)},
			{"call failed", yes(r.Failed)}}})
	}
	for _, r := range c.Finals {
		out = append(out, item{strconv.Itoa(r.Code), []field{measured(r.NotMeasured),
			{"status the caller got", strconv.Itoa(r.Status)}, {"content length", strconv.Itoa(r.BodyLength)},
			{"field looked for", r.Field}, {"field readable", yes(r.FieldSeen)}, {"page kept", yes(r.Stayed)}}})
	}
	for _, r := range c.Auth {
		out = append(out, item{fmt.Sprintf("%d with credentials", r.Code), []field{measured(r.NotMeasured),
			{"credentials given as", r.Given}, {"credentials on the first request", yes(r.Preemptive)},
			{"credentials sent after the challenge", yes(r.Retried)}, {"status the caller got", strconv.Itoa(r.Status)}}})
	}
	for _, r := range c.Retries {
		out = append(out, item{fmt.Sprintf("%d with Retry-After", r.Code), []field{measured(r.NotMeasured),
			{fmt.Sprintf("requests in %d s", RetryWindow), strconv.Itoa(r.Requests)}}})
	}
	return out
}

// Differences returns a sentence for each behaviour on which the
// results of the file and those measured now differ, naming the client,
// the scenario and the behaviour ("curl -L, 303 after POST: method on
// the next request: file says GET, now POST"), and one for each client
// whose version alone changed.
func Differences(file, now *Results) (behaviour, versions []string) {
	for _, n := range now.Clients {
		f := file.Client(n.ID)
		if f == nil {
			behaviour = append(behaviour, fmt.Sprintf("%s: not in the file", n.Name))
			continue
		}
		before := map[string]item{}
		for _, it := range f.items() {
			before[it.key] = it
		}
		changed := false
		for _, it := range n.items() {
			b, ok := before[it.key]
			if !ok {
				behaviour = append(behaviour, fmt.Sprintf("%s, %s: not in the file", n.Name, it.key))
				changed = true
				continue
			}
			delete(before, it.key)
			for i, fl := range it.fields {
				old := b.fields[i].value // items of one key have the same fields
				if old != fl.value {
					behaviour = append(behaviour, fmt.Sprintf("%s, %s: %s: file says %s, now %s", n.Name, it.key, fl.label, old, fl.value))
					changed = true
				}
			}
		}
		for _, it := range f.items() {
			if _, ok := before[it.key]; ok {
				behaviour = append(behaviour, fmt.Sprintf("%s, %s: in the file, no longer measured", n.Name, it.key))
				changed = true
			}
		}
		if f.Version != n.Version {
			s := fmt.Sprintf("%s is %s here, %s says %s", n.Name, n.Version, File, f.Version)
			if !changed {
				s += "; behaviour unchanged"
			}
			versions = append(versions, s)
		}
	}
	for _, f := range file.Clients {
		if now.Client(f.ID) == nil {
			behaviour = append(behaviour, fmt.Sprintf("%s: in the file, no longer probed", f.Name))
		}
	}
	return behaviour, versions
}
