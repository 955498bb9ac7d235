package xlsx

import (
	"archive/zip"
	"bytes"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"asxh/pipeline/config"
	"asxh/pipeline/figure"
)

func TestFormula(t *testing.T) {
	cols := map[string]int{"a": 3, "b": 4, "c": 5, "d": 7}
	r := refs{
		cell: func(k string) (string, int, bool) {
			c, ok := cols[k]
			return colName(c) + "5", c, ok
		},
		param: func(k string) (string, bool) { return "$C$9", k == "tong" },
	}
	tests := []struct {
		src, want string
		ok        bool
	}{
		{"a / params.tong * 100", "C5/$C$9*100", true},
		{"a + b + c", "SUM(C5:E5)", true},       // side by side: a range, as the column totals
		{"a + b + c + d", "C5+D5+E5+G5", true},  // d is not beside c
		{"b + a", "D5+C5", true},                // not in the sheet's order
		{"a - (b - c)", "C5-(D5-E5)", true},     // the parentheses that matter stay
		{"(a + b) * 2", "(C5+D5)*2", true},      //
		{"a / (b * c)", "C5/(D5*E5)", true},     //
		{"(a * b) / c", "C5*D5/E5", true},       // and those that do not go
		{"-a + 1.5", "-C5+1.5", true},           //
		{"-(a + b)", "-(C5+D5)", true},          //
		{"a > b ? a : b", "", false},            // no conditions
		{"x + a", "", false},                    // not a column of the table
		{"params.other * a", "", false},         // not a param the sheet holds
		{"max(a, b)", "", false},                // no functions
		{"a ** 2", "", false},                   // no other operators
		{"a +", "", false},                      // not an expression
		{`a + "1"`, "", false},                  // no text
		{"params['tong'] * a", "$C$9*C5", true}, // a param however it is written
	}
	for _, tt := range tests {
		got, ok := formula(tt.src, r)
		if got != tt.want || ok != tt.ok {
			t.Errorf("formula(%q) = %q, %v; want %q, %v", tt.src, got, ok, tt.want, tt.ok)
		}
	}
}

// computed is a table of expression columns over params and a list of
// numbers, as Biểu 3 and Biểu 4 and Biểu 2's "Hệ số" are in the sample.
func computed() Input {
	in := input()
	tab := &figure.Table{Key: "e", Title: "Biểu 4", Kind: "grid", Sheet: "Biểu 4", RowHeader: "Loại",
		Columns: []figure.Column{
			{Key: "ho", Header: "Số hộ", Group: "Đầu năm", Sum: true},
			{Key: "nk", Header: "Nhân khẩu", Group: "Đầu năm", Sum: true},
			{Key: "tl", Header: "Tỷ lệ (%)", Group: "Đầu năm", Format: config.FormatPercent, Expr: "ho / params.tong_ho * 100"},
			{Key: "tong", Header: "Tổng", Expr: "ho + nk"},
			{Key: "hs", Header: "Hệ số", Format: config.FormatText},
		},
		Rows: []figure.Row{
			{Label: "Nghèo", Cells: []figure.Cell{{Value: 5}, {Value: 15}, {Value: 0.125, Format: config.FormatPercent}, {Value: 20},
				{Format: config.FormatText, Values: []string{"2,0", "2,5"}, Numbers: []float64{2, 2.5}}}},
			{Label: "Cận nghèo", Cells: []figure.Cell{{Value: 8}, {Value: 14}, {Value: 0.2, Format: config.FormatPercent}, {Value: 22},
				{Format: config.FormatText, Values: []string{"1,0"}, Numbers: []float64{1}}}},
		},
		Total: &figure.Row{Label: "Tổng cộng", Cells: []figure.Cell{{Value: 13}, {Value: 29}, {Value: 0.325, Format: config.FormatPercent}, {Value: 42}, {Format: config.FormatText}}},
		Chart: &config.Chart{Type: "col", Column: "tong", Title: "Tổng"},
	}
	in.Figures.Tables = append(in.Figures.Tables, tab)
	in.Figures.Params = config.ParamList{{Key: "muc", Label: "Mức chuẩn", Value: 350000}, {Key: "tong_ho", Label: "Tổng số hộ dân", Value: 4000}}
	return in
}

func TestFormulasAndNumbers(t *testing.T) {
	f, book := opened(t, Render, computed())
	sh := "Biểu 4"
	// header rows 3-4, rows 5-6, the total on 7, the param used (and only it) on 9
	tests := []struct{ cell, formula, value string }{
		{"C5", "", "5"},
		{"E5", "C5/$C$9*100", "0.125"},
		{"F5", "SUM(C5:D5)", "20"},
		{"G5", "", "2"}, {"H5", "", "2.5"}, // Hệ số 2,0; 2,5: a number a cell
		{"G6", "", "1"}, {"H6", "", ""},
		{"C7", "SUM(C5:C6)", "13"},
		{"E7", "C7/$C$9*100", "0.325"},
		{"F7", "SUM(C7:D7)", "42"},
		{"B9", "", "Tổng số hộ dân"}, {"C9", "", "4000"},
		{"B10", "", ""},
	}
	for _, tt := range tests {
		if got, _ := f.GetCellFormula(sh, tt.cell); got != tt.formula {
			t.Errorf("%s formula %q, want %q", tt.cell, got, tt.formula)
		}
		if got, _ := f.GetCellValue(sh, tt.cell, excelize.Options{RawCellValue: true}); got != tt.value {
			t.Errorf("%s = %q, want %q", tt.cell, got, tt.value)
		}
	}
	for cell, want := range map[string]string{"G3": "Hệ số", "G4": "(1)", "H4": "(2)", "E4": "Tỷ lệ (%)"} {
		if got, _ := f.GetCellValue(sh, cell); got != want {
			t.Errorf("header %s = %q, want %q", cell, got, want)
		}
	}
	// A formula's saved result is a number, not the text excelize marks it as.
	for name, body := range parts(t, book) {
		if strings.HasPrefix(name, "xl/worksheets/sheet") && regexp.MustCompile(`t="str"><f>`).MatchString(body) {
			t.Errorf("%s saves a formula's result as text", name)
		}
	}
}

// parts is a package's parts by name.
func parts(t *testing.T, data []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		out[zf.Name] = string(body)
	}
	return out
}

// TestPrintSetup checks every sheet of every workbook the package writes.
func TestPrintSetup(t *testing.T) {
	reg := &config.Register{Key: "hn", Title: "Danh sách hộ nghèo", Files: []string{"ho-ngheo*"}, Fields: []*config.Field{
		{Key: "stt", Header: "STT", Type: config.Ignored}, {Key: "ma", Header: "Mã hộ", Type: config.Text},
		{Key: "loai", Header: "Phân loại", Type: config.Enum, Values: []string{"Nghèo", "Cận nghèo"}}}}
	long := computed()
	long.Findings[0].Message = strings.Repeat("một lời dài ", 20)
	long.Findings[0].Hint = strings.Repeat("một lời dài ", 20)
	books := map[string]func(io.Writer) error{
		"report":   func(w io.Writer) error { return Render(long, w) },
		"findings": func(w io.Writer) error { return RenderFindings(computed(), w) },
		"blank":    func(w io.Writer) error { return Blank(&config.Config{Year: 2020}, reg, w) },
	}
	// the sheets wider than A4 portrait holds at a readable scale: the
	// findings with a long message, not the findings workbook's short one
	// the sources with their hashes always
	// and the streamed listings, whose columns are set, not measured
	wide := map[string]bool{"report!Kiểm tra dữ liệu": true, "report!Nguồn dữ liệu": true,
		"report!Chi tiết": true, "findings!Kiểm tra dữ liệu": true}
	for name, write := range books {
		var buf bytes.Buffer
		if err := write(&buf); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		titles := map[string]string{}
		for _, d := range f.GetDefinedName() {
			if d.Name == "_xlnm.Print_Titles" {
				titles[d.Scope] = d.RefersTo
			}
		}
		for _, sh := range f.GetSheetList() {
			pl, err := f.GetPageLayout(sh)
			if err != nil {
				t.Fatal(err)
			}
			if pl.Size == nil || *pl.Size != a4 || pl.FitToWidth == nil || *pl.FitToWidth != 1 || pl.FitToHeight == nil || *pl.FitToHeight != 0 {
				t.Errorf("%s!%s: paper %v, fit %v × %v; want A4, one page wide", name, sh, deref(pl.Size), deref(pl.FitToWidth), deref(pl.FitToHeight))
			}
			if want := map[bool]string{false: "portrait", true: "landscape"}[wide[name+"!"+sh]]; pl.Orientation == nil || *pl.Orientation != want {
				t.Errorf("%s!%s: orientation %v, want %s", name, sh, deref(pl.Orientation), want)
			}
			if pr, _ := f.GetSheetProps(sh); pr.FitToPage == nil || !*pr.FitToPage {
				t.Errorf("%s!%s: not fitted to the page", name, sh)
			}
			if hf, _ := f.GetHeaderFooter(sh); hf == nil || !strings.Contains(hf.OddFooter, "&P") {
				t.Errorf("%s!%s: no page number in the footer", name, sh)
			}
			visible, _ := f.GetSheetVisible(sh)
			if visible && !strings.HasPrefix(titles[sh], "'"+sh+"'!$") {
				t.Errorf("%s!%s: header rows not repeated (print titles %q)", name, sh, titles[sh])
			}
		}
		f.Close()
	}
}

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

// TestWrappedRowsTall: the listing's header row is tall enough for its
// wrapped heads, and a draft's note spans the table: a note running past
// the table widened the printed page to a fraction of its size. (The
// listings' rows are streamed unstyled, a line each, see writeRows.)
func TestWrappedRowsTall(t *testing.T) {
	in := computed()
	in.Findings[0].Message = strings.Repeat("một lời dài ", 20)
	in.Figures.Tables[2].Note = "(*) Số liệu chưa đầy đủ: " + strings.Repeat("sổ còn lỗi, ", 20)
	f, _ := opened(t, Render, in)
	if h, _ := f.GetRowHeight("Kiểm tra dữ liệu", 1); h != 32 {
		t.Errorf("the header row is %.1f points tall", h)
	}
	// Biểu 4: rows 5-6, total 7, the note on 9
	if v, _ := f.GetCellValue("Biểu 4", "B9"); !strings.HasPrefix(v, "(*)") {
		t.Fatalf("Biểu 4!B9 = %q, want the note", v)
	}
	merged, _ := f.GetMergeCells("Biểu 4")
	spans := false
	for _, m := range merged {
		spans = spans || (m.GetStartAxis() == "B9" && m.GetEndAxis() == "H9")
	}
	if !spans {
		t.Errorf("the note does not span the table: merged %v", merged)
	}
	if h, _ := f.GetRowHeight("Biểu 4", 9); h < 2*lineHeight {
		t.Errorf("the note's row is %.1f points tall", h)
	}
}
