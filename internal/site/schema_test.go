package site

import (
	"bytes"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/httpstatus/site/internal/render"
)

// apiSchema compiles the definition def of the JSON Schema that the
// built site publishes, with formats such as "uri" asserted.
func apiSchema(t *testing.T, s builtSite, def string) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(s.files[render.SchemaPath]))
	if err != nil {
		t.Fatalf("%s: %v", render.SchemaPath, err)
	}
	id := s.cfg.BaseURL + "/" + render.SchemaPath
	if got, _ := doc.(map[string]any)["$id"]; got != id {
		t.Errorf("%s: $id %v, want %s", render.SchemaPath, got, id)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(id, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(id + def)
	if err != nil {
		t.Fatalf("compile %s%s: %v", render.SchemaPath, def, err)
	}
	return sch
}

// validate returns the schema's error for the JSON data, or nil.
func validate(t *testing.T, sch *jsonschema.Schema, data []byte) error {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return sch.Validate(v)
}

// TestAPISchema validates every JSON file of the site with the schema it
// publishes: by the definition of its kind, and by the schema as a whole.
func TestAPISchema(t *testing.T) {
	t.Parallel()
	s := buildRepository(t)
	whole := apiSchema(t, s, "")
	defs := map[string]*jsonschema.Schema{}
	for _, d := range []string{"list", "code", "notFound"} {
		defs[d] = apiSchema(t, s, "#/$defs/"+d)
	}
	n := 0
	for name, data := range s.files {
		var def string
		switch {
		case name == "codes.json":
			def = "list"
		case name == render.APINotFoundPath:
			def = "notFound"
		case strings.HasPrefix(name, "codes/") && strings.HasSuffix(name, ".json"):
			def = "code"
		default:
			continue
		}
		n++
		if err := validate(t, defs[def], data); err != nil {
			t.Errorf("%s is no %s: %v", name, def, err)
		}
		if err := validate(t, whole, data); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if want := len(s.a.Entries) + len(s.unofficial) + 2; n != want {
		t.Errorf("validated %d files, want %d", n, want)
	}
}

// TestAPISchemaStrict checks that the schema rejects what the API must
// not send, so that a field added, dropped or retyped in one is noticed
// in the other.
func TestAPISchemaStrict(t *testing.T) {
	t.Parallel()
	s := buildRepository(t)
	code := apiSchema(t, s, "#/$defs/code")
	good := string(s.files[render.APIPath(404)])
	tests := []struct{ name, old, new string }{
		{"field added", `"code":404,`, `"code":404,"extra":1,`},
		{"field dropped", `"go":"StatusNotFound",`, ``},
		{"wrong type", `"code":404,`, `"code":"404",`},
		{"code out of range", `"code":404,`, `"code":604,`},
		{"class", `"class":"4xx"`, `"class":"4XX"`},
		{"note kind", `"note":null`, `"note":{"kind":"rfc","label":"x","url":"https://example.com/"}`},
		{"caching rule", `"rule":"`, `"rule":"sometimes`},
		{"status", `"status":""`, `"status":"retired"`},
		{"url", `"url":"https://http-status-codes.netlify.app/codes/404"`, `"url":"not a url"`},
	}
	if err := validate(t, code, []byte(good)); err != nil {
		t.Fatalf("codes/404.json: %v", err)
	}
	for _, tt := range tests {
		if !strings.Contains(good, tt.old) {
			t.Fatalf("%s: codes/404.json lacks %s", tt.name, tt.old)
		}
		bad := strings.Replace(good, tt.old, tt.new, 1)
		if err := validate(t, code, []byte(bad)); err == nil {
			t.Errorf("%s: the schema accepts %s", tt.name, bad)
		}
	}
}
