package facts

import (
	"errors"
	"os"
	"testing"

	"github.com/httpstatus/site/internal/article"
	"github.com/httpstatus/site/internal/diag"
	"github.com/httpstatus/site/internal/timebound"
)

// FuzzParse feeds arbitrary bytes to the parser of codes.yaml: it must
// never panic, nor take longer than timebound.PerInput; every error must
// name the file; and every file it accepts must hold each code of
// 100-599 once, in order, with a spec and related codes that are other
// codes.
func FuzzParse(f *testing.F) {
	for _, path := range []string{"../../content/codes.yaml", "testdata/mismatch/codes.yaml"} {
		src, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	for _, s := range []string{
		"404:\n  name: Not Found\n  spec: RFC 9110 §15.5.5\n  headers: [\"A: b\"]\n  related: [410]\n",
		"404:\n  name: a\n404:\n  name: b\n",
		"a: &a [1, 2]\nb: [*a, *a]\n",
		"100:\n  name: x\n  name: y\n  spec: RFC 1 §1\n",
		"99999999999999999999:\n  name: x\n",
		"- a\n- b\n",
		"{404: {name: x, spec: RFC 1 §1, related: [404]}}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		var facts *Facts
		var err error
		if err := timebound.Run(timebound.PerInput, func() { facts, err = Parse("codes.yaml", src) }); err != nil {
			t.Fatalf("parse: %v", err)
		}
		if err != nil {
			var list diag.List
			if !errors.As(err, &list) || len(list) == 0 || len(list) > article.MaxErrors {
				t.Fatalf("error is not a diag.List of 1 to %d problems: %v", article.MaxErrors, err)
			}
			for _, e := range list {
				if e.Path != "codes.yaml" || e.Line < 0 || e.Msg == "" {
					t.Errorf("error without its file or message: %q", e.Error())
				}
			}
			return
		}
		if len(src) > MaxSize {
			t.Fatalf("accepted %d bytes", len(src))
		}
		for i, c := range facts.Codes {
			if c.Code < 100 || c.Code > 599 || i > 0 && facts.Codes[i-1].Code >= c.Code {
				t.Errorf("code %d out of range or order", c.Code)
			}
			if c.Name == "" || c.Spec.RFC < 1 && c.Spec.Draft == "" {
				t.Errorf("code %d accepted without a name or spec: %+v", c.Code, c)
			}
			for _, r := range c.Related {
				if r == c.Code || r < 100 || r > 599 {
					t.Errorf("code %d accepted with related code %d", c.Code, r)
				}
			}
		}
	})
}
