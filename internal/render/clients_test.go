package render

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/httpstatus/site/internal/clients"
)

func TestClientTables(t *testing.T) {
	r := &clients.Results{Clients: []*clients.Client{
		{Name: "A", Version: "1", Redirects: []clients.Redirect{
			{Code: 307, Method: "POST", Followed: true, NextMethod: "POST", BodyResent: true, Resolved: true, Hops: 9},
			{Code: 307, Method: "GET", Followed: true, NextMethod: "GET", Resolved: true, Hops: 9},
		}, Retries: []clients.Retry{{Code: 503, Requests: 1}}},
		{Name: "B", Version: "2", Redirects: []clients.Redirect{
			{Code: 307, Method: "POST"},
			{Code: 307, Method: "GET", NotMeasured: "it cannot"},
		}, Retries: []clients.Retry{{Code: 503, Requests: 3}}},
	}}
	tables := ClientTables(r, 307)
	if len(tables) != 2 {
		t.Fatalf("ClientTables(307) returned %d tables, want the code's and the comparison", len(tables))
	}
	want := []clientRow{
		{Client: "A", Version: "1", Cells: []string{"followed, as POST with the content", "followed, as GET", "resolved", "9 of 25"}},
		{Client: "B", Version: "2", Cells: []string{"not followed", "not measured: it cannot", "not followed", "not followed"}},
	}
	if diff := cmp.Diff(want, tables[0].Rows); diff != "" {
		t.Errorf("307's rows (-want +got):\n%s", diff)
	}
	comparison := []clientRow{
		{Client: "A", Version: "1", Cells: []string{"not measured", "not measured", "not measured", "POST with the content", "not measured"}},
		{Client: "B", Version: "2", Cells: []string{"not measured", "not measured", "not measured", "not followed", "not measured"}},
	}
	if diff := cmp.Diff(comparison, tables[1].Rows); diff != "" {
		t.Errorf("comparison's rows (-want +got):\n%s", diff)
	}
	retries := ClientTables(r, 503)
	if diff := cmp.Diff([]clientRow{
		{Client: "A", Version: "1", Cells: []string{"1: no retry"}},
		{Client: "B", Version: "2", Cells: []string{"3: it retried by itself"}},
	}, retries[0].Rows); diff != "" {
		t.Errorf("503's rows (-want +got):\n%s", diff)
	}
	if got := ClientTables(r, 404); got != nil {
		t.Errorf("ClientTables(404) = %v, want none for a code the probe does not concern", got)
	}
}
