package rules_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"gnlc/fixtures"
	"gnlc/rules"
)

// FuzzParseRules: Parse never panics; a refusal is a *ParseError pointing at a line of
// the input (or 0, the whole file); what it accepts, Format writes back to the same Rules.
func FuzzParseRules(f *testing.F) {
	f.Add(fixtures.DefaultRules())
	f.Add([]byte(minimal))
	f.Add([]byte(minimal + `cycle name="a \"b\" # c" begins=2019-04-01 due=2021-12-31 exempt_from=2020-01-01` + "\n"))
	f.Add([]byte("version 1\r\nquota limit=3 effective_from=2019\r\n"))
	paths, _ := filepath.Glob("testdata/*.conf")
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, input []byte) {
		r, err := rules.Parse(bytes.NewReader(input))
		if err != nil {
			fe, ok := errors.AsType[*rules.ParseError](err)
			if !ok {
				t.Fatalf("error %T (%v), want *rules.ParseError", err, err)
			}
			if lines := bytes.Count(input, []byte("\n")) + 1; fe.Line < 0 || fe.Line > lines {
				t.Fatalf("error at line %d of a %d-line input: %v", fe.Line, lines, err)
			}
			return
		}
		again, err := rules.Parse(bytes.NewReader(r.Format()))
		if err != nil {
			t.Fatalf("Format output refused: %v\n%s", err, r.Format())
		}
		if diff := cmp.Diff(r, again); diff != "" {
			t.Fatalf("round trip (-parsed +reparsed):\n%s", diff)
		}
	})
}
