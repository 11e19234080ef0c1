package render

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/httpstatus/site/internal/synonyms"
)

func TestSearch(t *testing.T) {
	_, a, s := setup(t, "../../content/http-status-codes.md")
	var err error
	if s.Synonyms, err = synonyms.Parse("synonyms.yaml", []byte("auth: [401, 407]\nI'M A TEAPOT: [418]\n")); err != nil {
		t.Fatal(err)
	}
	data, err := Search(a, s)
	if err != nil {
		t.Fatal(err)
	}
	var all []searchTerms
	if err := json.Unmarshal(data, &all); err != nil {
		t.Fatal(err)
	}
	byID := map[string]searchTerms{}
	for _, st := range all {
		byID[st.ID] = st
	}
	if len(byID) != len(all) || len(all) != len(a.Entries) {
		t.Errorf("%d terms, %d ids, for the %d entries of the article", len(all), len(byID), len(a.Entries))
	}
	tests := []searchTerms{
		{ID: "401-unauthorized", Names: []string{"Unauthorized", "http.StatusUnauthorized",
			"HTTPStatus.UNAUTHORIZED", "HttpURLConnection.HTTP_UNAUTHORIZED", ":unauthorized", "Response::HTTP_UNAUTHORIZED",
			"StatusCode::UNAUTHORIZED", "HttpStatusCode.Unauthorized"}, Synonyms: []string{"auth"},
			Words: []string{"4xx", "Client Error", a.Entry(401).Summary}},
		// The registry's name follows the article's.
		{ID: "413-payload-too-large", Names: []string{"Payload Too Large", "Content Too Large",
			"http.StatusRequestEntityTooLarge", "HTTPStatus.REQUEST_ENTITY_TOO_LARGE", "HttpURLConnection.HTTP_ENTITY_TOO_LARGE",
			":payload_too_large", "Response::HTTP_REQUEST_ENTITY_TOO_LARGE", "StatusCode::PAYLOAD_TOO_LARGE",
			"HttpStatusCode.RequestEntityTooLarge"},
			Words: []string{"4xx", "Client Error", a.Entry(413).Summary}},
		// A synonym that is a name already, in any case, is given once.
		{ID: "418-im-a-teapot", Names: []string{"I'm a teapot", "http.StatusTeapot",
			"HTTPStatus.IM_A_TEAPOT", "Response::HTTP_I_AM_A_TEAPOT", "StatusCode::IM_A_TEAPOT"},
			Words: []string{"4xx", "Client Error", "RFC 2324 - April Fools' RFC", a.Entry(418).Summary}},
	}
	for _, want := range tests {
		if diff := cmp.Diff(want, byID[want.ID]); diff != "" {
			t.Errorf("terms of %s (-want +got):\n%s", want.ID, diff)
		}
	}
}
