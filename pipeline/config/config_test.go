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
		{"unknown key", "  - {key: id, header: ID,", "  - {key: id, heading: ID, header: ID,", []string{"config.yaml:17:19: khóa \"heading\" không có"}},
		{"wrong type", "year: 2020", "year: twenty", []string{"config.yaml:1:7:", `giá trị "twenty" không đúng kiểu ở chỗ này: phải là một số nguyên`}},
		{"missing field", "sum: amount", "sum: amount_x", []string{"config.yaml:22:54:", `sổ loans không có cột "amount_x"`}},
		{"rule message names no field", "      - {key: day, header: Day, type: date}\n", "      - {key: day, header: Day, type: date}\n    rules: [{check: amount > 0, message: 'Amount ({amout}) too small'}]\n",
			[]string{"config.yaml:21:42:", "{amout} trong thông báo: sổ loans không có cột này"}},
		{"bad filter", `filter: 'kind == "A"'`, `filter: 'kindx == "A"'`, []string{"config.yaml:22:", `tên "kindx" không có`}},
		{"figure expr", "expr: total / n", "expr: total / m", []string{"config.yaml:24:", `tên "m" không có`}},
		{"two aggregates", "count: true}", "count: true, sum: amount}", []string{"config.yaml:23:5:", "phải có đúng một trong"}},
		{"bad type", "type: money", "type: cash", []string{"config.yaml:18:", `kiểu "cash" không có`}},
		{"enum without values", "type: enum, values: [A, B]", "type: enum", []string{"config.yaml:19:", "chưa liệt kê giá trị nào"}},
		{"missing register", "register: loans, count", "register: books, count", []string{"config.yaml:23:34:", `không có sổ "books"`}},
		{"bad date", "date: 2021-01-15", "date: 15/01/2021", []string{"config.yaml:6:", "NĂM-THÁNG-NGÀY"}},
		{"cycle", "expr: total / n", "expr: avg + 1", []string{"vòng tròn từ nhau: avg → avg"}},
		{"reserved field", "{key: day, header", "{key: report, header", []string{"config.yaml:20:", "report"}},
		{"syntax", "year: 2020", "year: [2020", []string{"config.yaml:", "sai cú pháp YAML"}},
		{"a tab", "year: 2020\n", "year: 2020\n\tinput: x\n", []string{"config.yaml:2:", "phím Tab"}},
		{"a list for a number", "year: 2020", "year: [2020]", []string{"config.yaml:1:", "phải là một số nguyên"}},
		{"empty figure", "figures:\n", "figures:\n  -\n", []string{"config.yaml:22:4:", "mục trống trong figures"}},
		{"row without let", "{label: B loans, let: {k: B}}", "{label: B loans}", []string{"config.yaml:30:9:", `dòng "B loans" chưa đặt k `}},
		{"name with a folder", "name: bao-cao", "name: ../../etc/bao-cao", []string{"config.yaml:3:9:", "document.name"}},
		{"name with a backslash", "name: bao-cao", `name: 'a\b'`, []string{"config.yaml:3:9:", "document.name"}},
		{"name dot-dot", "name: bao-cao", "name: ..", []string{"config.yaml:3:9:", "document.name"}},
		{"findings with a folder", "name: bao-cao", "name: bao-cao\n  findings: x/../../y", []string{"config.yaml:4:13:", "document.findings"}},
		{"findings absolute", "name: bao-cao", "name: bao-cao\n  findings: /tmp/y", []string{"config.yaml:4:13:", "document.findings"}},
		// the layouts of real lists
		{"bad section pattern", "values: [A, B]}", "values: [A, B], sections: [{pattern: '(', value: A}]}", []string{"config.yaml:19:84:", "mẫu (pattern) sai: error parsing regexp"}},
		{"section value not allowed", "values: [A, B]}", "values: [A, B], sections: [{pattern: 'x', value: C}]}", []string{"config.yaml:19:96:", `"C" không phải là một giá trị của cột kind: có phải là "A"?`}},
		{"split by a non-enum", "type: date}", "type: date, split_by: amount}", []string{"config.yaml:20:55:", "split_by cần một cột kiểu enum khác"}},
		{"split by nothing", "type: date}", "type: date, split_by: sex}", []string{"config.yaml:20:55:", `không có cột "sex"`}},
		{"marks on money", "type: money}", "type: money, marks: true}", []string{"config.yaml:18:59:", "chỉ cột kiểu enum mới viết được thành các cột đánh dấu"}},
		{"age of money", "type: money}", "type: money, age: [Tuổi]}", []string{"config.yaml:18:57:", "cột tuổi (age) chỉ thay cho một cột kiểu date"}},
		{"members key", "files: [loans*]\n", "files: [loans*]\n    members: {key: nope, count: amount}\n", []string{"config.yaml:16:20:", `không có cột "nope"`, "config.yaml:16:33:", "members.count cần một cột kiểu integer"}},
		{"ended", "files: [loans*]\n", "files: [loans*]\n    ended: {field: amount, patterns: [chết]}\n", []string{"config.yaml:16:20:", "ended.field cần một cột kiểu date", "config.yaml:16:12:", "ended.patterns cần tiêu đề cột ghi chú"}},
		{"ended with nothing", "files: [loans*]\n", "files: [loans*]\n    ended: {field: day}\n", []string{"config.yaml:16:12:", "ended cần patterns"}},
		{"end pattern", "year: 2020\n", "year: 2020\nreader: {end_patterns: ['ngày (']}\n", []string{"config.yaml:2:25:", "mẫu (pattern) sai: error parsing regexp"}},
		// a text an enum is compared with must be one of its values
		{"enum literal", `filter: 'kind == "A"'`, `filter: 'kind == "a1"'`, []string{`config.yaml:22:79: "a1" không phải là một giá trị của cột "Kind"`, `có phải là "A"?`}},
		{"enum literal reversed", `filter: 'kind == "A"'`, `filter: '"C" != kind'`, []string{`config.yaml:22:71: "C" không phải`}},
		{"enum literal in a list", `filter: 'kind == "A"'`, `filter: 'kind in ["A", "Bb"]'`, []string{`config.yaml:22:85: "Bb" không phải`, `có phải là "B"?`}},
		{"enum literal in a rule", "files: [loans*]\n", "files: [loans*]\n    rules: [{check: 'kind != \"X\" || amount > 0'}]\n", []string{`config.yaml:16:30: "X" không phải`}},
		{"enum literal of a row", "let: {k: B}}", "let: {k: Bx}}", []string{`config.yaml:30:35: "Bx" không phải`, `có phải là "B"?`}},
		// checks beside the figures name figures that hold numbers
		{"members of nothing", "count: true}", "count: true, members: nobody}", []string{"config.yaml:23:63:", `không có chỉ tiêu "nobody"`}},
		{"balance half given", "count: true}", "count: true, balance: {start: total}}", []string{"config.yaml:23:63:", "balance cần đủ ba chỉ tiêu"}},
		{"min over max", "count: true}", "count: true, min: 5, max: 1}", []string{"config.yaml:23:", "min (5) lớn hơn max (1)"}},
		{"negative jump", "year: 2020\n", "year: 2020\nfigure_checks: {jump: -1}\n", []string{"config.yaml:2:23:", "không được âm"}},
		{"row name typo", "filter: kind == row.k}", "filter: kind == row.kk}", []string{`dòng "A loans" chưa đặt kk `, `dòng "B loans" chưa đặt kk `}},
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

// Three different mistakes, one of them a key the decoder does not know,
// come back together, in the order of the file, in Vietnamese.
func TestParseThreeMistakesAtOnce(t *testing.T) {
	src := base
	for _, r := range [][2]string{
		{"{key: id, header: ID,", "{key: id, heading: ID,"}, // unknown key: the decoder's
		{`filter: 'kind == "A"'`, `filter: 'kind == "a"'`},  // a value the enum does not have
		{"expr: total / n", "expr: total / nn"},             // a name that is not a figure
	} {
		src = strings.Replace(src, r[0], r[1], 1)
	}
	_, err := parse(t, src)
	var es Errors
	if !errors.As(err, &es) {
		t.Fatalf("err = %v", err)
	}
	want := []string{`config.yaml:17:19: khóa "heading"`, `config.yaml:22:79: "a" không phải là một giá trị của cột "Kind" (kind: "A", "B"): có phải là "A"?`, `config.yaml:24:`}
	if len(es) != len(want) {
		t.Fatalf("%d errors, want %d:\n%v", len(es), len(want), err)
	}
	for i, w := range want {
		if !strings.Contains(es[i].Error(), w) {
			t.Errorf("error %d = %q, want %q", i, es[i], w)
		}
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
	// config.yaml 12 75 biểu thức dùng tên "lopp" không có: không phải cột, giá trị tính, chỉ tiêu hay tham số nào
	// config.yaml 13 53 sổ muon không có cột "tien_phat"
}

// A ward's configuration extends the district's shared one and states only
// what differs; the unit fills the furniture; every mistake names the file
// and the line it was written on, shared or the ward's own.
func TestExtends(t *testing.T) {
	shared := strings.Replace(strings.Replace(base, "issuer: [ISSUER]", `issuer: [UBND, "{{upper .Unit.Kind}} {{upper .Unit.Name}}"]`, 1),
		"place: X", `place: "{{.Unit.Name}}"`, 1)
	shared = strings.Replace(shared, "year: 2020\n", "year: 2020\nunit: {kind: phường, district: quận Long Biên}\n", 1)
	tests := []struct {
		name, shared, ward string
		want               []string // substrings of the error; none: it loads
		check              func(t *testing.T, c *Config)
	}{
		{"override one key", shared, "extends: ../chung/config.yaml\nunit: {code: \"1\", name: Thạch Bàn}\ndocument: {subject: Riêng}\n", nil,
			func(t *testing.T, c *Config) {
				if c.Unit.Kind != "phường" || c.Unit.Name != "Thạch Bàn" || c.Unit.District != "quận Long Biên" {
					t.Errorf("unit = %+v", c.Unit)
				}
				if c.Document.Subject != "Riêng" || c.Document.Kind != "BÁO CÁO" {
					t.Errorf("document subject %q kind %q", c.Document.Subject, c.Document.Kind)
				}
				if got := strings.Join(c.Document.Issuer, "/"); got != "UBND/PHƯỜNG THẠCH BÀN" || c.Document.Place != "Thạch Bàn" {
					t.Errorf("issuer %q place %q", got, c.Document.Place)
				}
				if c.Unit.FullName() != "Phường Thạch Bàn" {
					t.Errorf("full name %q", c.Unit.FullName())
				}
				// the shared template, found from the ward's folder
				if _, err := os.Stat(c.Resolve(c.Document.Template)); err != nil {
					t.Errorf("template %s: %v", c.Document.Template, err)
				}
				if len(c.Registers) != 1 || c.Figure("avg") == nil {
					t.Error("registers and figures not inherited")
				}
			}},
		{"a list replaces the shared one", shared, "extends: ../chung/config.yaml\nunit: {name: A}\nparams:\n  - {key: other, value: 1}\n", nil,
			func(t *testing.T, c *Config) {
				if len(c.Params) != 1 || c.Params[0].Key != "other" {
					t.Errorf("params = %+v", c.Params)
				}
			}},
		{"mistake in the ward", shared, "extends: ../chung/config.yaml\nunit: {name: A}\nfigures:\n  - {key: n, label: N, register: books, count: true}\n",
			[]string{filepath.Join("ward", "config.yaml") + ":4:34:", `không có sổ "books"`}, nil},
		{"mistake in the shared file", strings.Replace(shared, "sum: amount", "sum: amount_x", 1), "extends: ../chung/config.yaml\nunit: {name: A}\n",
			[]string{filepath.Join("chung", "config.yaml") + ":23:54:", `không có cột "amount_x"`}, nil},
		{"unknown key in the shared file", strings.Replace(shared, "  place:", "  plaec: x\n  place:", 1), "extends: ../chung/config.yaml\nunit: {name: A}\n",
			[]string{filepath.Join("chung", "config.yaml") + ":6:3:", `khóa "plaec"`}, nil},
		{"unit name missing", shared, "extends: ../chung/config.yaml\nunit: {code: \"1\"}\n",
			[]string{filepath.Join("chung", "config.yaml") + ":5:", "unit.name"}, nil},
		{"no such shared file", shared, "# ward\nextends: ../khong-co.yaml\n",
			[]string{filepath.Join("ward", "config.yaml") + ":2:10:", "extends ../khong-co.yaml"}, nil},
		{"a circle", "extends: ../ward/config.yaml\n", "extends: ../chung/config.yaml\n",
			[]string{filepath.Join("chung", "config.yaml") + ":1:10:", "vòng lặp"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, src := range map[string]string{"chung/config.yaml": tt.shared, "chung/tmpl.tmpl": "x", "ward/config.yaml": tt.ward} {
				p := filepath.Join(dir, name)
				os.MkdirAll(filepath.Dir(p), 0o755)
				if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			c, err := Load(filepath.Join(dir, "ward", "config.yaml"))
			if len(tt.want) == 0 {
				if err != nil {
					t.Fatal(err)
				}
				tt.check(t, c)
				return
			}
			if err == nil {
				t.Fatalf("loaded; want %q", tt.want)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}
