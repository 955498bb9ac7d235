package read

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"asxh/pipeline/finding"
	"asxh/pipeline/source"
)

// namedSheet is one sheet of a workbook written by writeSheets.
type namedSheet struct {
	name   string
	hidden bool
	rows   [][]any
	merges [][2]string
}

func writeSheets(t testing.TB, dir, name string, sheets ...namedSheet) source.File {
	t.Helper()
	f := excelize.NewFile()
	for i, s := range sheets {
		if i == 0 {
			f.SetSheetName("Sheet1", s.name)
		} else if _, err := f.NewSheet(s.name); err != nil {
			t.Fatal(err)
		}
		for r, row := range s.rows {
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			f.SetSheetRow(s.name, cell, &row)
		}
		for _, m := range s.merges {
			f.MergeCell(s.name, m[0], m[1])
		}
	}
	for i, s := range sheets {
		if !s.hidden {
			f.SetActiveSheet(i)
			break
		}
	}
	for _, s := range sheets {
		if s.hidden {
			if err := f.SetSheetVisible(s.name, false); err != nil {
				t.Fatal(err)
			}
		}
	}
	path := filepath.Join(dir, name)
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return source.File{Path: path, Name: name, Register: "ho", Format: "xlsx"}
}

// list is a register's sheet: a title naming a year, the header, records.
func list(name, title string, recs ...[]any) namedSheet {
	rows := [][]any{{title}, {}, head}
	return namedSheet{name: name, rows: append(rows, recs...)}
}

var (
	h1 = []any{1, "H1", "Lê Văn A", 3, "Nghèo", "Không"}
	h2 = []any{2, "H2", "Lê Thị B", 2, "Cận nghèo", "Cận nghèo"}
	h3 = []any{1, "H3", "Trần Văn C", 4, "Nghèo", "Nghèo"}
	h4 = []any{2, "H4", "Trần Thị D", 1, "Không", "Không"}
)

func TestSheets(t *testing.T) {
	cover := namedSheet{name: "Bìa", rows: [][]any{{}, {"ỦY BAN NHÂN DÂN PHƯỜNG"}, {"DANH SÁCH HỘ NGHÈO NĂM 2020"}}}
	pivot := namedSheet{name: "Tổng hợp", rows: [][]any{{"TỔNG HỢP"}, {"STT", "Tổ", "Số hộ"}, {1, "Tổ 1", 2}, {2, "Tổ 2", 2}}}
	tests := []struct {
		name    string
		sheet   string // the register's configured sheet
		sheets  []namedSheet
		want    []string // ma_ho of the records read
		finding []string // level code sheet: message part, each found
		errors  int
	}{
		{
			name:    "a sheet per tổ behind a summary: every list read",
			sheets:  []namedSheet{pivot, list("Tổ 1", "DS NĂM 2020", h1, h2), list("Tổ 2", "DS NĂM 2020", h3, h4)},
			want:    []string{"H1", "H2", "H3", "H4"},
			finding: []string{`thông tin sheet-skipped Tổng hợp: trang "Tổng hợp" không có dòng tiêu đề`},
		},
		{
			name:   "the configured sheet, and no other",
			sheet:  "tổ 2",
			sheets: []namedSheet{list("Tổ 1", "DS", h1, h2), list("Tổ 2", "DS", h3, h4)},
			want:   []string{"H3", "H4"},
		},
		{
			name:    "a cover sheet first",
			sheets:  []namedSheet{cover, list("DS", "DANH SÁCH NĂM 2020", h1, h2)},
			want:    []string{"H1", "H2"},
			finding: []string{`thông tin sheet-skipped Bìa: trang "Bìa" không có`},
		},
		{
			name:    "no sheet has the header: the sheets looked at are named",
			sheets:  []namedSheet{cover, pivot},
			finding: []string{`lỗi missing-label : không tìm thấy dòng tiêu đề của bảng "Hộ" trong 30 dòng đầu của trang nào; đã xem các trang "Bìa", "Tổng hợp"`},
			errors:  1,
		},
		{
			name:    "last year's copy first, by its name",
			sheets:  []namedSheet{list("DS 2019", "DANH SÁCH", h1), list("DS", "DANH SÁCH NĂM 2020", h1, h2)},
			want:    []string{"H1", "H2"},
			finding: []string{`cảnh báo sheet-skipped DS 2019: trang "DS 2019" là danh sách năm 2019, không phải năm 2020`},
		},
		{
			name:    "last year's copy first, by its title",
			sheets:  []namedSheet{list("DS (2)", "DANH SÁCH HỘ NGHÈO NĂM 2019 (kèm QĐ ngày 05/01/2020)", h1), list("DS", "DANH SÁCH NĂM 2020", h1, h2)},
			want:    []string{"H1", "H2"},
			finding: []string{`cảnh báo sheet-skipped DS (2): trang "DS (2)" là danh sách năm 2019`},
		},
		{
			name:    "two current copies that share rows: one finding, nothing read",
			sheets:  []namedSheet{list("DS", "DANH SÁCH NĂM 2020", h1, h2), list("DS (2)", "DANH SÁCH NĂM 2020", h2, h3)},
			finding: []string{`lỗi sheet-conflict DS (2): hai trang "DS" và "DS (2)" đều là danh sách năm 2020 và có cùng các dòng ("H2 | Lê Thị B | 2 | Cận nghèo | Cận nghèo" ở dòng 5 của trang "DS" và dòng 4 của trang "DS (2)")`},
			errors:  1,
		},
		{
			name:    "a hidden sheet is not read",
			sheets:  []namedSheet{{name: "Cũ", hidden: true, rows: list("", "DS", h3).rows}, list("DS", "DS", h1)},
			want:    []string{"H1"},
			finding: []string{`thông tin sheet-skipped Cũ: trang "Cũ" đang ẩn`},
		},
		{
			name:    "a sheet with part of the header is not the list",
			sheets:  []namedSheet{{name: "TK", rows: [][]any{{"STT", "Mã hộ", "Họ tên chủ hộ"}, {1, "H9", "X"}}}, list("DS", "DS", h1)},
			want:    []string{"H1"},
			finding: []string{`thông tin sheet-skipped TK: trang "TK" chỉ có một phần các cột`},
		},
	}
	c := testConfig(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := *c.Register("ho")
			reg.Sheet = tt.sheet
			f := writeSheets(t, t.TempDir(), "ho.xlsx", tt.sheets...)
			recs, fs := readAll(c, &reg, f)
			var got []string
			for _, r := range recs {
				got = append(got, r.Values[1].(string))
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("read %v, want %v", got, tt.want)
			}
			var said []string
			for _, x := range fs {
				said = append(said, x.Level.String()+" "+x.Code+" "+x.Sheet+": "+x.Message)
			}
			all := strings.Join(said, "\n")
			for _, w := range tt.finding {
				if !strings.Contains(all, w) {
					t.Errorf("no finding %q in\n%s", w, all)
				}
			}
			if n := fs.Count(finding.Error); n != tt.errors {
				t.Errorf("%d errors, want %d:\n%s", n, tt.errors, all)
			}
		})
	}
}

// TestGroupFirstSubColumn: the first column under a merged group cell
// holds the group's text in the header row; its sub-header must match.
func TestGroupFirstSubColumn(t *testing.T) {
	c := testConfig(t)
	f := writeXLSX(t, t.TempDir(), "ho.xlsx", sheet{rows: [][]any{
		{"STT", "Mã hộ", "Họ tên chủ hộ", "Thông tin hộ", "", "Phân loại đầu năm"},
		{"", "", "", "Số nhân khẩu", "Trợ cấp"},
		{1, "H1", "A", 3, 350000, "Nghèo"},
	}, merges: [][2]string{{"D1", "E1"}, {"A1", "A2"}, {"B1", "B2"}, {"C1", "C2"}, {"F1", "F2"}}})
	recs, fs := readAll(c, c.Register("ho"), f)
	if fs.Count(finding.Error) > 0 || len(recs) != 1 {
		t.Fatalf("records %d, findings %v", len(recs), fs)
	}
	if recs[0].Values[3] != 3 || recs[0].Values[6] != 350000 {
		t.Errorf("values %v", recs[0].Values)
	}
}

// TestHeaderWords matches headers as clerks type them.
func TestHeaderWords(t *testing.T) {
	c := testConfig(t)
	lab := labels(c.Register("ho"))
	for _, tt := range []struct {
		text    string
		field   int // -1: none
		similar bool
	}{
		{"MÃ HỘ", 1, false},
		{"Số nhân\nkhẩu", 3, false},
		{"Họ và tên chủ hộ", 2, true},
		{"Chủ hộ, họ tên", 2, true},
		{"Số, nhân-khẩu", 3, true},
		{"so nhan khau", 3, true},
		{"Ngày", 7, false},
		{"Mã hộ gia đình", -1, false},
		{"Số", -1, false},
	} {
		f, sim, ok := lab.match("", tt.text)
		if !ok {
			f = -1
		}
		if f != tt.field || sim != tt.similar {
			t.Errorf("%q: field %d similar %v, want %d %v", tt.text, f, sim, tt.field, tt.similar)
		}
	}
	if w := headerWords("N.T.N.S"); w != "ntns" {
		t.Errorf("headerWords(N.T.N.S) = %q", w)
	}
}

// TestMissingColumnHint names the header most like the missing one.
func TestMissingColumnHint(t *testing.T) {
	c := testConfig(t)
	f := writeXLSX(t, t.TempDir(), "ho.xlsx", sheet{rows: [][]any{
		{"STT", "Mã hộ", "Họ tên chủ hộ", "Nhân khẩu hộ", "Phân loại đầu năm"}, {1, "H1", "A", 3, "Nghèo"},
	}})
	_, fs := readAll(c, c.Register("ho"), f)
	var hints []string
	for _, x := range fs {
		if x.Code == finding.MissingLabel && x.Level == finding.Error {
			hints = append(hints, x.Hint)
		}
	}
	if len(hints) != 1 || !strings.Contains(hints[0], `"Nhân khẩu hộ" (ô D1)`) {
		t.Errorf("hints %q", hints)
	}
	for _, x := range fs {
		if x.Code == finding.ExtraLabel && strings.Contains(x.Message, "Nhân khẩu hộ") {
			t.Errorf("the column the hint names is said again: %s", x.Message)
		}
	}
}

// TestFurniture skips a column-number row with formulas and a title and
// header repeated over a second batch, and says which rows.
func TestFurniture(t *testing.T) {
	c := testConfig(t)
	f := writeXLSX(t, t.TempDir(), "ho.xlsx", sheet{rows: [][]any{
		{"DANH SÁCH HỘ NGHÈO NĂM 2020"}, {},
		head,
		{"(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7) = (4) x 350.000", "(8)"},
		h1, h2, {},
		{"DANH SÁCH HỘ NGHÈO NĂM 2020"},
		head,
		{"(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7) = (4) x 350.000", "(8)"},
		h3, h4,
	}})
	recs, fs := readAll(c, c.Register("ho"), f)
	if fs.Count(finding.Error) > 0 || len(recs) != 4 {
		t.Fatalf("records %d, findings %v", len(recs), fs)
	}
	var said []string
	for _, x := range fs {
		if x.Code == finding.Furniture {
			said = append(said, x.Message)
		}
	}
	if len(said) != 1 || !strings.HasSuffix(said[0], "dòng 4, 8, 9, 10") {
		t.Errorf("furniture findings %q", said)
	}
}

// TestNoHeaderNamesNearest: when no sheet has the header, the hint names
// the row most like it, what it has and what it lacks.
func TestNoHeaderNamesNearest(t *testing.T) {
	c := testConfig(t)
	f := writeSheets(t, t.TempDir(), "ho.xlsx",
		namedSheet{name: "Bìa", rows: [][]any{{"DANH SÁCH HỘ NGHÈO NĂM 2020"}}},
		namedSheet{name: "DS", rows: [][]any{{"DANH SÁCH"}, {}, {"TT", "Mã hộ", "Tên", "NK", "Loại"}, {1, "H1", "A", 3, "Nghèo"}}})
	_, fs := readAll(c, c.Register("ho"), f)
	if len(fs) != 1 || fs[0].Code != finding.MissingLabel {
		t.Fatalf("want one missing-label, got %v", fs)
	}
	for _, want := range []string{`đã xem các trang "Bìa", "DS"`, `dòng 3 của trang "DS" giống dòng tiêu đề nhất`, `"Mã hộ"`, `không có "Họ tên chủ hộ"`} {
		if !strings.Contains(fs[0].Message+" — "+fs[0].Hint, want) {
			t.Errorf("%q lacks %q", fs[0].Message+" — "+fs[0].Hint, want)
		}
	}
}
