package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// base is a small valid configuration; cases below spoil it.
const base = `year: 2020
document:
  name: bao-cao
  issuer: [ISSUER]
  place: X
  date: 2021-01-15
  kind: BÁO CÁO
  subject: S
  template: tmpl.tmpl
params:
  - {key: rate, value: 350000}
registers:
  - key: loans
    title: Loans
    files: [loans*]
    fields:
      - {key: id, header: ID, type: text, required: true, unique: true}
      - {key: amount, header: Amount, type: money}
      - {key: kind, header: Kind, type: enum, values: [A, B]}
      - {key: day, header: Day, type: date}
figures:
  - {key: total, label: Total, register: loans, sum: amount, filter: 'kind == "A"'}
  - {key: n, label: N, register: loans, count: true}
  - {key: avg, label: Avg, expr: total / n}
tables:
  - key: by_kind
    register: loans
    rows:
      - {label: A loans, let: {k: A}}
      - {label: B loans, let: {k: B}}
    columns:
      - {key: n, header: N, count: true, filter: kind == row.k}
`

func parse(t *testing.T, src string) (*Config, error) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "tmpl.tmpl"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "config.yaml")
	return Parse(path, []byte(src))
}

func TestParseValid(t *testing.T) {
	c, err := parse(t, base)
	if err != nil {
		t.Fatal(err)
	}
	if c.Register("loans").FieldIndex("kind") != 2 || c.Figure("total").FilterProgram == nil {
		t.Error("fields or programs not set up")
	}
	if got := c.Figure("avg").Deps; len(got) != 2 {
		t.Errorf("avg deps = %v", got)
	}
	if c.Params.Map()["rate"] != 350000 {
		t.Errorf("params = %v", c.Params.Map())
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, old, new string
		want           []string // substrings of the error, with positions
	}{
		{"unknown key", "  - {key: id, header: ID,", "  - {key: id, heading: ID, header: ID,", []string{"config.yaml:17:19: unknown key \"heading\""}},
		{"wrong type", "year: 2020", "year: twenty", []string{"config.yaml:1:7:", "twenty"}},
		{"missing field", "sum: amount", "sum: amount_x", []string{"config.yaml:22:54:", `no field "amount_x" in register loans`}},
		{"bad filter", `filter: 'kind == "A"'`, `filter: 'kindx == "A"'`, []string{"config.yaml:22:", "unknown name kindx"}},
		{"figure expr", "expr: total / n", "expr: total / m", []string{"config.yaml:24:", "unknown name m"}},
		{"two aggregates", "count: true}", "count: true, sum: amount}", []string{"config.yaml:23:5:", "exactly one of"}},
		{"bad type", "type: money", "type: cash", []string{"config.yaml:18:", `type "cash"`}},
		{"enum without values", "type: enum, values: [A, B]", "type: enum", []string{"config.yaml:19:", "lists no values"}},
		{"missing register", "register: loans, count", "register: books, count", []string{"config.yaml:23:34:", `no register "books"`}},
		{"bad date", "date: 2021-01-15", "date: 15/01/2021", []string{"config.yaml:6:", "YYYY-MM-DD"}},
		{"cycle", "expr: total / n", "expr: avg + 1", []string{"in a circle: avg → avg"}},
		{"reserved field", "{key: day, header", "{key: report, header", []string{"config.yaml:20:", "report"}},
		{"syntax", "year: 2020", "year: [2020", []string{"config.yaml:"}},
		{"empty figure", "figures:\n", "figures:\n  -\n", []string{"config.yaml:22:4:", "empty entry in figures"}},
		{"row without let", "{label: B loans, let: {k: B}}", "{label: B loans}", []string{"config.yaml:30:9:", `row "B loans" does not set k`}},
		{"name with a folder", "name: bao-cao", "name: ../../etc/bao-cao", []string{"config.yaml:3:9:", "document.name"}},
		{"name with a backslash", "name: bao-cao", `name: 'a\b'`, []string{"config.yaml:3:9:", "document.name"}},
		{"name dot-dot", "name: bao-cao", "name: ..", []string{"config.yaml:3:9:", "document.name"}},
		{"findings with a folder", "name: bao-cao", "name: bao-cao\n  findings: x/../../y", []string{"config.yaml:4:13:", "document.findings"}},
		{"findings absolute", "name: bao-cao", "name: bao-cao\n  findings: /tmp/y", []string{"config.yaml:4:13:", "document.findings"}},
		// the layouts of real lists
		{"bad section pattern", "values: [A, B]}", "values: [A, B], sections: [{pattern: '(', value: A}]}", []string{"config.yaml:19:84:", "pattern: error parsing regexp"}},
		{"section value not allowed", "values: [A, B]}", "values: [A, B], sections: [{pattern: 'x', value: C}]}", []string{"config.yaml:19:96:", `"C" is not one of the values of kind`}},
		{"split by a non-enum", "type: date}", "type: date, split_by: amount}", []string{"config.yaml:20:55:", "split_by needs another enum field"}},
		{"split by nothing", "type: date}", "type: date, split_by: sex}", []string{"config.yaml:20:55:", `no field "sex"`}},
		{"marks on money", "type: money}", "type: money, marks: true}", []string{"config.yaml:18:59:", "only an enum field may be written as mark columns"}},
		{"age of money", "type: money}", "type: money, age: [Tuổi]}", []string{"config.yaml:18:57:", "an age column stands only for a date"}},
		{"members key", "files: [loans*]\n", "files: [loans*]\n    members: {key: nope, count: amount}\n", []string{"config.yaml:16:20:", `no field "nope"`, "config.yaml:16:33:", "members.count needs an integer field"}},
		{"ended", "files: [loans*]\n", "files: [loans*]\n    ended: {field: amount, patterns: [chết]}\n", []string{"config.yaml:16:20:", "ended.field needs a date field", "config.yaml:16:12:", "ended.patterns need the headers"}},
		{"ended with nothing", "files: [loans*]\n", "files: [loans*]\n    ended: {field: day}\n", []string{"config.yaml:16:12:", "ended needs patterns"}},
		{"end pattern", "year: 2020\n", "year: 2020\nreader: {end_patterns: ['ngày (']}\n", []string{"config.yaml:2:25:", "pattern: error parsing regexp"}},
		{"row name typo", "filter: kind == row.k}", "filter: kind == row.kk}", []string{`row "A loans" does not set kk`, `row "B loans" does not set kk`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(base, tt.old) {
				t.Fatalf("base has no %q", tt.old)
			}
			_, err := parse(t, strings.Replace(base, tt.old, tt.new, 1))
			var es Errors
			if !errors.As(err, &es) {
				t.Fatalf("err = %v, want Errors", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestParseCollectsEveryError(t *testing.T) {
	src := strings.Replace(strings.Replace(base, "sum: amount", "sum: nope", 1), "type: money", "type: cash", 1)
	_, err := parse(t, src)
	var es Errors
	if !errors.As(err, &es) || len(es) < 2 {
		t.Fatalf("want at least two errors, got %v", err)
	}
}

func TestSampleConfig(t *testing.T) {
	c, err := Load("../../data/config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if c.Year != 2020 || len(c.Registers) != 7 {
		t.Errorf("year %d, %d registers", c.Year, len(c.Registers))
	}
}

func FuzzParse(f *testing.F) {
	f.Add(base)
	f.Add("year: 2020\nregisters: [{key: a}]\n")
	// the layout keys of real lists
	f.Add(strings.Replace(strings.Replace(base, "files: [loans*]\n", "files: [loans*]\n    members: {key: id}\n    ended: {field: day, notes: [Note], patterns: [chết], struck: true}\n", 1),
		"values: [A, B]}", "values: [A, B], marks: true, sections: [{pattern: '^(a|b)$', value: '$1'}], from_title: [{pattern: 'x'}]}", 1))
	f.Fuzz(func(t *testing.T, src string) {
		dir := t.TempDir()
		Parse(filepath.Join(dir, "c.yaml"), []byte(src))
	})
}

// A configuration names its registers' columns and the figures over
// them; every mistake comes back at once, each at its line and column.
func ExampleParse() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	os.WriteFile(filepath.Join(dir, "body.tmpl"), []byte(`Có {{fig "n"}} lượt mượn.`), 0o644)
	src := `year: 2024
document: {name: bao-cao, issuer: [TRƯỜNG THCS LIÊN HÀ], place: Liên Hà, date: 2025-01-06, kind: BÁO CÁO, subject: Thư viện, template: body.tmpl}
registers:
  - key: muon
    title: Sổ mượn sách
    files: [muon*]
    fields:
      - {key: so_phieu, header: Số phiếu, type: text, required: true, unique: true}
      - {key: lop, header: Lớp, type: text}
figures:
  - {key: n, label: Lượt mượn, register: muon, count: true, filter: lop != ""}
  - {key: m, label: Lượt mượn lớp 6, register: muon, count: true, filter: lopp == "6A"}
  - {key: k, label: Tiền phạt, register: muon, sum: tien_phat}
`
	_, err := Parse(filepath.Join(dir, "config.yaml"), []byte(src))
	for _, e := range err.(Errors) {
		fmt.Println(filepath.Base(e.File), e.Line, e.Column, e.Msg)
	}
	// Output:
	// config.yaml 12 75 expression: unknown name lopp
	// config.yaml 13 53 no field "tien_phat" in register muon
}
