package finding

import (
	"flag"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the README's list of codes from the catalogue")

const (
	readmeStart = "<!-- codes: written by `go test ./pipeline/finding -update` from pipeline/finding/catalog.go -->\n"
	readmeEnd   = "<!-- /codes -->"
)

// TestREADME: the README's list of codes is the catalogue's; a code, a
// title or an explanation changed in one and not the other fails here.
func TestREADME(t *testing.T) {
	path := filepath.Join("..", "..", "README.md")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	i, j := strings.Index(s, readmeStart), strings.Index(s, readmeEnd)
	if i < 0 || j < i {
		t.Fatalf("README.md has no %q … %q section", readmeStart, readmeEnd)
	}
	want := s[:i+len(readmeStart)] + Markdown() + s[j:]
	if want == s {
		return
	}
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("README.md's list of codes differs from the catalogue; run go test ./pipeline/finding -update\nwant:\n%s", Markdown())
}

// TestEveryCodeCatalogued: each code constant of finding.go has an entry
// with a title, an explanation and at least one form; titles are unique.
func TestEveryCodeCatalogued(t *testing.T) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "finding.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	ast.Inspect(file, func(n ast.Node) bool {
		if gd, ok := n.(*ast.GenDecl); ok && gd.Tok == token.CONST {
			for _, sp := range gd.Specs {
				for _, v := range sp.(*ast.ValueSpec).Values {
					if lit, ok := v.(*ast.BasicLit); ok && lit.Kind == token.STRING {
						s, _ := strconv.Unquote(lit.Value)
						codes = append(codes, s)
					}
				}
			}
		}
		return true
	})
	if len(codes) < 20 {
		t.Fatalf("found %d codes in finding.go", len(codes))
	}
	titles := map[string]string{}
	for _, c := range codes {
		e, ok := Lookup(c)
		if !ok {
			t.Errorf("code %q has no catalogue entry", c)
			continue
		}
		if e.Title == "" || e.Explain == "" || len(e.Forms) == 0 {
			t.Errorf("code %q: title %q, explanation %q, %d forms", c, e.Title, e.Explain, len(e.Forms))
		}
		if other, dup := titles[e.Title]; dup {
			t.Errorf("codes %q and %q share the title %q", c, other, e.Title)
		}
		titles[e.Title] = c
		for name, f := range e.Forms {
			if f.Message == "" {
				t.Errorf("%s/%s: no message", c, name)
			}
		}
	}
	if len(catalog) != len(codes) {
		t.Errorf("%d entries for %d codes", len(catalog), len(codes))
	}
}

func TestSay(t *testing.T) {
	f := Finding{Code: TypeError, Level: Error}.Say("", Args{"cot": "Số nhân khẩu", "gia_tri": "ba", "kieu": "số nguyên", "cach_sua": "gõ một số nguyên, ví dụ 3"})
	if f.Message != `cột "Số nhân khẩu": "ba" không phải là số nguyên` || f.Hint != "gõ một số nguyên, ví dụ 3" {
		t.Errorf("Say = %q — %q", f.Message, f.Hint)
	}
	if f.Args["gia_tri"] != "ba" || f.Form != "" {
		t.Errorf("the fields are not kept: %v", f.Args)
	}
	if got := (Finding{Code: TypeError}).Say("", Args{"cot": "x"}).Message; !strings.Contains(got, "‹gia_tri›") {
		t.Errorf("a missing field is not shown: %q", got)
	}
	if got := (Finding{Code: TypeError}).Say("no-such-form", nil).Message; got != "‹type-error/no-such-form›" {
		t.Errorf("a missing form: %q", got)
	}
	if got := Rule("integer", nil); got != "phải là số nguyên" {
		t.Errorf("Rule(integer) = %q", got)
	}
	if got := Title(Unique); got != "Trùng mã" {
		t.Errorf("Title(unique-error) = %q", got)
	}
}
