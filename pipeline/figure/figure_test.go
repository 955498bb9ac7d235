package figure

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"asxh/internal/testkit"
	"asxh/pipeline/config"
	"asxh/pipeline/finding"
	"asxh/pipeline/read"
	"asxh/pipeline/record"
	"asxh/pipeline/source"
)

const cfgSrc = "year: 2020\n" + testkit.Document + `params: [{key: households, value: 200}]
registers:
  - key: hh
    title: Households
    files: [hh*]
    fields:
      - {key: id, header: ID, type: text, unique: true}
      - {key: grp, header: Group, type: text}
      - {key: size, header: Size, type: integer}
      - {key: start, header: Start, type: enum, values: [Poor, Near, No]}
      - {key: end, header: End, type: enum, values: [Poor, Near, No]}
      - {key: born, header: Born, type: year_or_date}
    derived:
      - {key: age, expr: "born == nil ? nil : report.year - born.Year()"}
figures:
  - {key: poor_start, label: Poor at start, register: hh, count: true, filter: start == "Poor"}
  - {key: people_start, label: People, register: hh, sum: size, filter: start == "Poor"}
  - {key: groups, label: Groups, register: hh, distinct: grp}
  - {key: ids, label: IDs, register: hh, list: id, filter: age != nil && age > 70}
  - {key: near_end, label: Near at end, register: hh, count: true, filter: end == "Near"}
  - {key: change, label: Change, expr: poor_start - near_end}
  - {key: share, label: Share, numerator: near_end, denominator: poor_start}
  - {key: none, label: None, register: hh, count: true, filter: size != nil && size > 1000}
  - {key: empty_rate, label: Rate of nothing, numerator: none, denominator: none}
tables:
  - {key: summary, kind: summary, figures: [poor_start, share]}
  - key: by_group
    register: hh
    group_by: grp
    columns:
      - {key: n, header: N, count: true}
      - {key: people, header: People, sum: size}
      - {key: per, header: Per, expr: "n == 0 ? 0 : people / n", format: decimal}
    total: Total
  - key: flows
    register: hh
    rows:
      - {label: Poor, let: {c: Poor}}
      - {label: Near, let: {c: Near}}
    columns:
      - {key: s, header: Start, count: true, filter: start == row.c}
      - {key: out, header: Out, count: true, filter: start == row.c && end != row.c}
      - {key: rate, header: Rate, expr: s / params.households * 100, format: percent}
  - key: by_start
    register: hh
    group_by: start
    all_values: true
    columns: [{key: n, header: N, count: true}]
`

const data = `ID,Group,Size,Start,End,Born
H1,Tổ 10,3,Poor,Near,1940
H2,Tổ 2,2,Poor,No,1960
H3,Tổ 2,4,Near,Near,1945
H4,Tổ 1,1,No,No,
`

func compute(t *testing.T) *Set {
	t.Helper()
	c, dir := testkit.Config(t, cfgSrc)
	set, fs := testkit.Read(t, c, dir, map[string]string{"hh.csv": data})
	if len(fs) > 0 {
		t.Fatal(fs)
	}
	figs, fs := Compute(c, set, nil)
	if fs.Count(finding.Error) > 0 {
		t.Fatal(fs)
	}
	return figs
}

func TestFigures(t *testing.T) {
	s := compute(t)
	want := map[string]float64{"poor_start": 2, "people_start": 5, "groups": 3, "ids": 2, "near_end": 2, "change": 0, "share": 100, "none": 0, "empty_rate": 0}
	for k, v := range want {
		if got := s.Figure(k).Value; got != v {
			t.Errorf("%s = %v, want %v", k, got, v)
		}
	}
	if ids := strings.Join(s.Figure("ids").Values, ","); ids != "H1,H3" {
		t.Errorf("ids = %s", ids)
	}
	if f := s.Figure("share"); f.Num != 2 || f.Den != 2 || f.Text() != "100,00" {
		t.Errorf("share = %+v", f)
	}
	if refs := slices.Collect(s.Figure("people_start").Sources.All()); len(refs) != 2 || s.Figure("people_start").Sources.Len() != 2 || refs[0].Row != 2 {
		t.Errorf("people_start sources = %+v", refs)
	}
	if s.Counted["hh.csv"] != 4 {
		t.Errorf("counted = %v", s.Counted)
	}
}

func cells(r Row) string {
	var s []string
	for _, c := range r.Cells {
		s = append(s, c.String())
	}
	return r.Label + ":" + strings.Join(s, "|")
}

func TestTables(t *testing.T) {
	s := compute(t)
	tests := map[string][]string{
		"by_group": {"Tổ 1:1|1|1,0", "Tổ 2:2|6|3,0", "Tổ 10:1|3|3,0", "Total:4|10|2,5"},
		"flows":    {"Poor:2|2|1,00", "Near:1|0|0,50"},
		"by_start": {"Poor:2", "Near:1", "No:1"},
		"summary":  {"Poor at start:|2", "Share:|100,00"},
	}
	for key, want := range tests {
		tb := s.Table(key)
		var got []string
		for _, r := range tb.Rows {
			got = append(got, cells(r))
		}
		if tb.Total != nil {
			got = append(got, cells(*tb.Total))
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s = %v, want %v", key, got, want)
		}
	}
}

func BenchmarkComputeSample(b *testing.B) {
	c, err := config.Load("../../data/config.yaml")
	if err != nil {
		b.Fatal(err)
	}
	files, _, _ := source.Find(c, "../../data", false)
	set, _, _ := read.Read(c, files, "")
	for b.Loop() {
		Compute(c, set, nil)
	}
}

// A filter that cannot be evaluated on a row (a blank birth year here) is
// an error naming that row, never a record silently left out.
func TestFilterErrorNamesRow(t *testing.T) {
	c, dir := testkit.Config(t, strings.Replace(cfgSrc, "age != nil && age > 70", "age > 70", 1))
	set, _ := testkit.Read(t, c, dir, map[string]string{"hh.csv": data})
	_, all := Compute(c, set, nil)
	var fs finding.List
	for _, f := range all {
		if f.Level == finding.Error {
			fs = append(fs, f)
		}
	}
	if len(fs) != 1 || fs[0].Row != 5 || fs[0].File != "hh.csv" || strings.Contains(fs[0].Message, "<nil>") ||
		!strings.Contains(fs[0].Message, `"IDs"`) || !strings.Contains(fs[0].Message, `"Born" = (trống)`) {
		t.Errorf("findings = %v, want one error on hh.csv row 5 naming the figure and the blank", fs)
	}
}

// A figure or a table cell divided by zero is a finding that names it by
// its label and says which input is zero, placed at the configuration:
// never "<nil>", never without a place.
func TestDivisionByZeroNamesFigure(t *testing.T) {
	src := cfgSrc + `  - key: per_poor
    register: hh
    group_by: grp
    columns:
      - {key: n, header: Số hộ, count: true}
      - {key: poor, header: Hộ nghèo, count: true, filter: start == "Poor"}
      - {key: share, header: Tỷ lệ nghèo, expr: "n / poor * 100", format: percent}
`
	src = strings.Replace(src, "figures:\n", "figures:\n  - {key: per_none, label: 'Số người bình quân một hộ không có', register: '', expr: 'people_start / none'}\n", 1)
	c, dir := testkit.Config(t, src)
	set, _ := testkit.Read(t, c, dir, map[string]string{"hh.csv": data})
	_, fs := Compute(c, set, nil)
	var got []string
	for _, f := range fs {
		if f.Level != finding.Error {
			continue // the rate over zero warns: TestRateOverZeroWarns
		}
		text := f.Error()
		got = append(got, text)
		if strings.Contains(text, "<nil>") || strings.Contains(text, "Inf") || f.File != "c.yaml" || f.Level != finding.Error {
			t.Errorf("finding %s (file %q)", text, f.File)
		}
	}
	all := strings.Join(got, "\n")
	t.Log(all)
	for _, want := range []string{`"Số người bình quân một hộ không có"`, `"None" bằng 0`, `"Tỷ lệ nghèo"`, `"Hộ nghèo" bằng 0`, `dòng "Tổ 1"`} {
		if !strings.Contains(all, want) {
			t.Errorf("findings do not say %s:\n%s", want, all)
		}
	}
}

// TestFormat: a rate prints with the decimals of its format, as the
// workbook's number format shows it ("0,10", never "0,1" beside "0,16").
func TestFormat(t *testing.T) {
	for _, c := range []struct {
		format string
		v      float64
		want   string
	}{
		{config.FormatPercent, 0.1, "0,10"},
		{config.FormatPercent, 0.1645, "0,16"},
		{config.FormatPercent, 100, "100,00"},
		{config.FormatDecimal, 2, "2,0"},
		{config.FormatInteger, 1234, "1.234"},
		{config.FormatMoney, 350000, "350.000"},
	} {
		if got := Format(c.format, c.v, nil); got != c.want {
			t.Errorf("Format(%s, %v) = %q, want %q", c.format, c.v, got, c.want)
		}
	}
}

// A rate over a denominator of zero is printed as 0, and says so: a
// warning naming the rate and its denominator, not a silent 0 %.
func TestRateOverZeroWarns(t *testing.T) {
	c, dir := testkit.Config(t, cfgSrc)
	set, _ := testkit.Read(t, c, dir, map[string]string{"hh.csv": data})
	_, fs := Compute(c, set, nil)
	if len(fs) != 1 || fs[0].Level != finding.Warning || fs[0].File != "c.yaml" ||
		!strings.Contains(fs[0].Message, `"Rate of nothing"`) || !strings.Contains(fs[0].Message, `"None" bằng 0`) {
		t.Errorf("findings = %v, want one warning about the rate", fs)
	}
	if len(fs) == 1 && !strings.HasSuffix(fs[0].Rule, `chia cho "None", mẫu số khác 0`) {
		t.Errorf("rule %q, want it in words, by the figures' labels", fs[0].Rule)
	}
}

// A filter over a cell that did not read says nothing more: the reader has
// its finding at that cell already, and the clerk is told once.
func TestFilterOverUnreadCellIsQuiet(t *testing.T) {
	c, dir := testkit.Config(t, strings.Replace(cfgSrc, "age != nil && age > 70", "age > 70", 1))
	bad := strings.Replace(data, "H4,Tổ 1,1,No,No,", "H4,Tổ 1,1,No,No,khoảng năm bốn mươi", 1)
	set, read := testkit.Read(t, c, dir, map[string]string{"hh.csv": bad})
	if read.Count(finding.Error) != 1 {
		t.Fatalf("reader findings = %v, want one type error", read)
	}
	if _, fs := Compute(c, set, nil); fs.Count(finding.Error) != 0 {
		t.Errorf("findings = %v, want none beyond the reader's", fs)
	}
}

// Figures check themselves against what the configuration declares
// beside them; each failure names the figure by its label.
func TestFigureChecks(t *testing.T) {
	near := `  - {key: near_start, label: 'Hộ cận nghèo đầu năm', unit: hộ, register: hh, count: true, filter: start == "Near"}
  - {key: near_in, label: 'Hộ cận nghèo phát sinh', unit: hộ, register: hh, count: true, filter: start != "Near" && end == "Near"}
  - {key: near_out, label: 'Hộ cận nghèo giảm', unit: hộ, register: hh, count: true, filter: start == "Near" && end != "Near"}
  - {key: near_end2, label: 'Hộ cận nghèo cuối năm', unit: hộ, register: hh, count: true, filter: end == "Near", balance: {start: near_start, in: near_in, out: near_out}}
`
	tests := []struct {
		name, figures, checks string
		edit                  [2]string // a change to the base configuration
		prev                  map[string]float64
		code                  string // "" for none
		level                 finding.Level
		want                  string
	}{
		{name: "a rate over 100", figures: `  - {key: over, label: 'Nhân khẩu trên hộ', numerator: people_start, denominator: poor_start}` + "\n",
			code: finding.FigureRange, level: finding.Error, want: `chỉ tiêu "Nhân khẩu trên hộ" là 250%, lớn hơn 100%`},
		{name: "a unit % is a percent", figures: `  - {key: pct, label: 'Phần trăm', unit: "%", expr: 'people_start * 30'}` + "\n",
			code: finding.FigureRange, level: finding.Error, want: `"Phần trăm" là 150%, lớn hơn 100%`},
		{name: "a declared minimum", figures: `  - {key: diff, label: 'Chênh lệch', unit: người, expr: 'poor_start - people_start', min: 0}` + "\n",
			code: finding.FigureRange, level: finding.Error, want: `"Chênh lệch" là -3 người, nhỏ hơn 0 người`},
		{name: "households with members", figures: `  - {key: poor2, label: 'Hộ nghèo', unit: hộ, register: hh, count: true, filter: start == "Poor", members: people_start}` + "\n"},
		{name: "no households, some members", figures: `  - {key: near0, label: 'Hộ cận nghèo đầu năm', unit: hộ, register: hh, count: true, filter: start == "Near" && size > 100, members: nk_near}
  - {key: nk_near, label: 'Nhân khẩu hộ cận nghèo đầu năm', unit: người, register: hh, sum: size, filter: start == "Near"}` + "\n",
			code: finding.FigureMembers, level: finding.Error, want: `chỉ tiêu "Hộ cận nghèo đầu năm" là 0 hộ nhưng "Nhân khẩu hộ cận nghèo đầu năm" là 4 người`},
		{name: "a balance that holds", figures: near},
		{name: "a balance that does not", figures: strings.Replace(near, `start != "Near" && end == "Near"`, `start != "Near" && end == "Poor"`, 1),
			code: finding.FigureBalance, level: finding.Error,
			want: `chỉ tiêu "Hộ cận nghèo cuối năm" là 2 hộ, nhưng "Hộ cận nghèo đầu năm" (1) + "Hộ cận nghèo phát sinh" (0) − "Hộ cận nghèo giảm" (0) = 1 hộ`},
		{name: "a jump from last year", prev: map[string]float64{"poor_start": 20},
			code: finding.FigureJump, level: finding.Warning, want: `chỉ tiêu "Poor at start" là 2, năm trước 20: giảm 90%, quá mức 50%`},
		{name: "a small figure may double", prev: map[string]float64{"poor_start": 1}},
		{name: "a jump allowed by the configuration", prev: map[string]float64{"poor_start": 20}, checks: "figure_checks: {jump: 0.95}\n"},
		{name: "a jump allowed for one figure", prev: map[string]float64{"poor_start": 20}, checks: "figure_checks: {jump: 0.2}\n",
			edit: [2]string{`filter: start == "Poor"}`, `filter: start == "Poor", jump: 0.95}`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.Replace(cfgSrc, "tables:\n", tt.figures+tt.checks+"tables:\n", 1)
			if tt.edit[0] != "" {
				src = strings.Replace(src, tt.edit[0], tt.edit[1], 1)
			}
			c, dir := testkit.Config(t, src)
			set, _ := testkit.Read(t, c, dir, map[string]string{"hh.csv": data})
			_, all := Compute(c, set, tt.prev)
			var fs finding.List
			for _, f := range all {
				if strings.HasPrefix(f.Code, "figure-") {
					fs = append(fs, f)
				}
			}
			if tt.code == "" {
				if len(fs) > 0 {
					t.Errorf("findings = %v, want none", fs)
				}
				return
			}
			if len(fs) != 1 || fs[0].Code != tt.code || fs[0].Level != tt.level || fs[0].File != "c.yaml" || !strings.Contains(fs[0].Message, tt.want) {
				t.Errorf("findings = %v\nwant one %s %s saying %s", fs, tt.level, tt.code, tt.want)
			}
		})
	}
}

// In a draft, what rests on a register with errors is marked: figures
// over it and over such figures, its tables' cells, the summary's value
// (not last year's), each with the note why.
func TestMarkUncertain(t *testing.T) {
	src := strings.Replace(cfgSrc, "registers:\n", "registers:\n  - {key: other, title: Sổ khác, files: [other*], fields: [{key: x, header: X, type: integer}]}\n", 1)
	src = strings.Replace(src, "figures:\n", "figures:\n  - {key: others, label: Others, register: other, count: true}\n", 1)
	c, dir := testkit.Config(t, src)
	set, _ := testkit.Read(t, c, dir, map[string]string{"hh.csv": data, "other.csv": "X\n1\n"})
	s, _ := Compute(c, set, map[string]float64{"poor_start": 2})
	s.MarkUncertain(c, map[string]int{"hh": 2}, nil)
	for key, want := range map[string]bool{"poor_start": true, "change": true, "share": true, "others": false} {
		if got := len(s.Figure(key).Uncertain) > 0; got != want {
			t.Errorf("%s uncertain = %v, want %v", key, got, want)
		}
	}
	const note = "(*) Số liệu chưa đầy đủ: sổ “Households” còn 2 lỗi."
	if s.Note != note {
		t.Errorf("note = %q", s.Note)
	}
	sum := s.Table("summary")
	if r := sum.Rows[0]; r.Cells[1].String() != "2*" || r.Cells[2].Mark || sum.Note != note {
		t.Errorf("summary row %v, note %q: want the value marked, last year's not", cells(r), sum.Note)
	}
	if flows := s.Table("flows"); cells(flows.Rows[0]) != "Poor:2*|2*|1,00*" || flows.Note != note {
		t.Errorf("flows = %s, note %q", cells(flows.Rows[0]), flows.Note)
	}
	// a figure that failed its own check is marked, over a clean register too
	s.MarkUncertain(c, nil, map[string]bool{"others": true})
	if f := s.Figure("others"); !f.IsUncertain() || s.Note != "(*) Số liệu chưa đầy đủ: chỉ tiêu “Others” không qua kiểm tra." || s.Figure("poor_start").IsUncertain() {
		t.Errorf("others uncertain %v, note %q", f.IsUncertain(), s.Note)
	}
}

// TestRefsPack packs references and reads them back in order, across
// chunks and sheets, and a concatenation shares its inputs' in order.
func TestRefsPack(t *testing.T) {
	var want []record.Ref
	for i := range 20000 {
		want = append(want, record.Ref{Register: "r", File: fmt.Sprintf("f%d.xlsx", i%3), Sheet: "DS", Row: i + 2, ID: strings.Repeat("x", i%7)})
	}
	a := RefsOf(want[:15000]...)
	if got := slices.Collect(a.All()); !slices.Equal(got, want[:15000]) || a.Len() != 15000 {
		t.Fatalf("read back %d references, differing from the %d packed", len(got), a.Len())
	}
	both := concat(a.sheets, a, RefsOf(want[15000:]...))
	if got := slices.Collect(both.All()); !slices.Equal(got, want) || both.Len() != len(want) {
		t.Errorf("concatenation: %d references, not the %d in order", len(got), len(want))
	}
}

// TestRefsSpill packs references past a spill's budget: the chunks
// filled beyond it go to a file in the spill's folder, and the
// references read back are all of them, in order, alone or concatenated;
// closing removes the file.
func TestRefsSpill(t *testing.T) {
	var want []record.Ref
	for i := range 60000 {
		want = append(want, record.Ref{Register: "r", File: fmt.Sprintf("f%d.xlsx", i%3), Sheet: "DS", Row: i + 2, ID: fmt.Sprintf("HN%06d", i)})
	}
	dir := t.TempDir()
	sheets := newSheetTable()
	sheets.spill = &spill{dir: dir, budget: 2 * chunkSize}
	a, b := Refs{sheets: sheets}, Refs{sheets: sheets}
	for i, ref := range want {
		s := &record.Sheet{Register: ref.Register, File: ref.File, Sheet: ref.Sheet}
		if i < 40000 {
			a.add(s, ref.Row, ref.ID)
		} else {
			b.add(s, ref.Row, ref.ID)
		}
	}
	spilled := 0
	for _, c := range append(a.chunks, b.chunks...) {
		if c.spilled {
			spilled++
		}
	}
	files, _ := os.ReadDir(dir)
	if spilled == 0 || len(files) != 1 || sheets.spill.held > 2*chunkSize+2*chunkSize {
		t.Fatalf("%d chunks spilled into %d files, %d bytes held: the budget did not spill", spilled, len(files), sheets.spill.held)
	}
	if got := slices.Collect(a.All()); !slices.Equal(got, want[:40000]) {
		t.Errorf("read back %d references, not the %d packed in order", len(got), a.Len())
	}
	both := concat(sheets, a, b)
	if got := slices.Collect(both.All()); !slices.Equal(got, want) || both.Len() != len(want) {
		t.Errorf("concatenation: %d references, not the %d in order", len(got), len(want))
	}
	set := &Set{refs: sheets}
	if err := set.Close(); err != nil {
		t.Fatal(err)
	}
	if files, _ := os.ReadDir(dir); len(files) != 0 {
		t.Errorf("Close left %v", files)
	}
}
