package xlsx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"asxh/pipeline/config"
	"asxh/pipeline/document"
	"asxh/pipeline/figure"
	"asxh/pipeline/finding"
	"asxh/pipeline/record"
)

func input() Input {
	grid := &figure.Table{Key: "g", Title: "Biểu 2", Kind: "grid", Sheet: "Biểu 2", RowHeader: "Diện",
		Columns: []figure.Column{{Key: "n", Header: "Số người", Sum: true}, {Key: "h", Header: "Hệ số", Format: config.FormatText}, {Key: "m", Header: "Tiền", Format: config.FormatMoney, Sum: true}},
		Rows: []figure.Row{
			{Label: "A", Cells: []figure.Cell{{Value: 3}, {Format: config.FormatText, Values: []string{"1,0", "1,5"}}, {Value: 1050000, Format: config.FormatMoney}}},
			{Label: "B", Cells: []figure.Cell{{Value: 2}, {Format: config.FormatText, Values: []string{"2,0"}}, {Value: 1400000, Format: config.FormatMoney}}},
		},
		Chart: &config.Chart{Type: "bar", Column: "n", Title: "Theo diện"}}
	grid.Total = &figure.Row{Label: "Tổng cộng", Cells: []figure.Cell{{Value: 5}, {Format: config.FormatText}, {Value: 2450000, Format: config.FormatMoney}}}
	sum := &figure.Table{Key: "s", Kind: "summary", Sheet: "Tổng hợp", Title: "Biểu 1",
		Columns: []figure.Column{{Key: "unit", Header: "Đơn vị tính"}, {Key: "value", Header: "Năm 2020"}},
		Rows:    []figure.Row{{Label: "Tổng tiền", Cells: []figure.Cell{{Format: config.FormatText, Text: "đồng"}, {Value: 94850000, Format: config.FormatMoney}}}}}
	figs := &figure.Set{Tables: []*figure.Table{sum, grid}, Figures: []*figure.Figure{{Key: "k", Label: "Tổng tiền", Value: 94850000,
		Sources: figure.RefsOf(record.Ref{Register: "bt", File: "bt.xlsx", Sheet: "DS", Row: 4, ID: "BT1"})}}}
	return Input{Doc: &document.Document{Title: "Báo cáo", Year: 2020}, Figures: figs,
		Findings:   finding.List{{Code: finding.TypeError, Level: finding.Error, Register: "bt", File: "bt.xlsx", Sheet: "DS", Row: 4, Cell: "E4", Message: "sai"}},
		Sources:    []Source{{Name: "bt.xlsx", Register: "bt", SHA256: strings.Repeat("a", 64), Size: 10, Rows: 1, Counted: 1}},
		ConfigHash: "h", Version: "v", Stamp: time.Date(2021, 1, 15, 0, 0, 0, 0, time.UTC)}
}

func TestRender(t *testing.T) {
	var a, b bytes.Buffer
	if err := Render(input(), &a); err != nil {
		t.Fatal(err)
	}
	if err := Render(input(), &b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two renderings differ")
	}
	f, err := excelize.OpenReader(bytes.NewReader(a.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), "|"); got != "Tổng hợp|Biểu 2|Chi tiết|Kiểm tra dữ liệu|Nguồn dữ liệu" {
		t.Errorf("sheets = %s", got)
	}
	if typ, _ := f.GetCellType("Tổng hợp", "D5"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("Tổng hợp!D5 type %v", typ)
	}
	if v, _ := f.GetCellValue("Tổng hợp", "D5", excelize.Options{RawCellValue: true}); v != "94850000" {
		t.Errorf("Tổng hợp!D5 = %q", v)
	}
	for cell, want := range map[string]string{"C6": "SUM(C4:C5)", "E6": "SUM(E4:E5)", "D6": ""} {
		if got, _ := f.GetCellFormula("Biểu 2", cell); got != want {
			t.Errorf("Biểu 2!%s formula %q, want %q", cell, got, want)
		}
	}
	if v, _ := f.GetCellValue("Biểu 2", "D4"); v != "1,0; 1,5" {
		t.Errorf("list cell = %q", v)
	}
	if v, _ := f.GetCellValue("Chi tiết", "D2"); v != "bt.xlsx" {
		t.Errorf("Chi tiết!D2 = %q", v)
	}
	if v, _ := f.GetCellValue("Kiểm tra dữ liệu", "F2"); v != "E4" {
		t.Errorf("Kiểm tra dữ liệu!F2 = %q", v)
	}
	// Every sheet's dimension covers its rows, and the package holds a chart.
	zr, _ := zip.NewReader(bytes.NewReader(a.Bytes()), int64(a.Len()))
	charts := 0
	for _, zf := range zr.File {
		if strings.HasPrefix(zf.Name, "xl/charts/chart") {
			charts++
		}
		if !strings.HasPrefix(zf.Name, "xl/worksheets/sheet") {
			continue
		}
		rc, _ := zf.Open()
		body, _ := io.ReadAll(rc)
		rc.Close()
		if strings.Contains(string(body), `<dimension ref="A1"`) {
			t.Errorf("%s keeps the dimension A1", zf.Name)
		}
		// the listings (Chi tiết, Kiểm tra dữ liệu) are filtered on their header
		if want := map[string]string{"xl/worksheets/sheet3.xml": "A1:G2", "xl/worksheets/sheet4.xml": "A1:L2"}[zf.Name]; want != "" &&
			!strings.Contains(string(body), `<autoFilter ref="`+want+`">`) {
			t.Errorf("%s has no filter over %s", zf.Name, want)
		}
	}
	if charts != 1 {
		t.Errorf("%d charts, want 1", charts)
	}
	if zr.File[0].Name != "[Content_Types].xml" {
		t.Errorf("first part %s", zr.File[0].Name)
	}
}

func TestRenderFindings(t *testing.T) {
	var buf bytes.Buffer
	if err := RenderFindings(input(), &buf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("Tổng quan")
	if len(rows) < 5 || rows[3][0] != "bt" || rows[3][1] != "1" {
		t.Errorf("Tổng quan = %v", rows)
	}
}

// TestRenderReportsWriteErrors gives the renderer what excelize cannot
// write: a sheet name with a character Excel forbids, and one too long.
// Today every call that fails is ignored and an empty sheet is written,
// exit 0; a failure to write must be an error.
func TestRenderReportsWriteErrors(t *testing.T) {
	for _, name := range []string{"Biểu 1/2", "Biểu 2: các chỉ tiêu chính theo đơn vị hành chính"} {
		in := input()
		in.Figures.Tables[1].Sheet = name
		var buf bytes.Buffer
		if err := Render(in, &buf); err == nil {
			t.Errorf("sheet %q: rendered without an error", name)
		}
		in = input()
		in.Figures.Tables[0].Sheet = name // the first sheet: a rename
		if err := Render(in, &buf); err == nil {
			t.Errorf("first sheet %q: rendered without an error", name)
		}
	}
}

// TestDetailsContinueOnNewSheets writes more detail rows than a sheet
// holds, with the limit made small: at a million records the Chi tiết
// sheet passed Excel's 1,048,576 rows and excelize failed with "cannot
// convert cell "" to coordinates". The rows go on to "Chi tiết (2)",
// "Chi tiết (3)"…, each with the header, each row once and in order (past
// sheet9.xml, whose part name sorts after sheet10.xml), and the first
// sheet says where the list continues.
func TestDetailsContinueOnNewSheets(t *testing.T) {
	for _, c := range []struct{ rows, limit, sheets int }{{7, 4, 3}, {9, 2, 9}, {6, 4, 2}, {3, 4, 1}} {
		in := input()
		var refs, want []string
		var sources []record.Ref
		for i := range c.rows {
			sources = append(sources, record.Ref{Register: "bt", File: "bt.xlsx", Sheet: "DS", Row: 4 + i, ID: fmt.Sprintf("BT%d", i)})
			want = append(want, fmt.Sprintf("BT%d", i))
		}
		in.Figures.Figures[0].Sources = figure.RefsOf(sources...)
		var buf bytes.Buffer
		if err := render(in, &buf, c.limit); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(&buf)
		if err != nil {
			t.Fatal(err)
		}
		sheets := []string{"Chi tiết"}
		for k := 2; k <= c.sheets; k++ {
			sheets = append(sheets, fmt.Sprintf("Chi tiết (%d)", k))
		}
		wantList := "Tổng hợp|Biểu 2|" + strings.Join(sheets, "|") + "|Kiểm tra dữ liệu|Nguồn dữ liệu"
		if got := strings.Join(f.GetSheetList(), "|"); got != wantList {
			t.Fatalf("%+v: sheets = %s", c, got)
		}
		for _, sh := range sheets {
			rows, _ := f.GetRows(sh)
			if len(rows) == 0 || rows[0][0] != "Chỉ tiêu" || len(rows) > c.limit {
				t.Errorf("%+v: %s: %d rows, header %v", c, sh, len(rows), rows[:min(1, len(rows))])
				continue
			}
			for _, r := range rows[1:] {
				refs = append(refs, r[6])
			}
		}
		if got := strings.Join(refs, " "); got != strings.Join(want, " ") {
			t.Errorf("%+v: detail rows %s", c, got)
		}
		rows, _ := f.GetRows("Tổng hợp")
		var all []string
		for _, r := range rows {
			all = append(all, strings.Join(r, " "))
		}
		said := strings.Contains(strings.Join(all, "\n"), "«Chi tiết (2)»")
		if said != (c.sheets > 1) || c.sheets > 1 && !strings.Contains(strings.Join(all, "\n"), fmt.Sprintf("«Chi tiết (%d)»", c.sheets)) {
			t.Errorf("%+v: the first sheet does not say where Chi tiết continues:\n%s", c, strings.Join(all, "\n"))
		}
		f.Close()
	}
}

// TestFindingsInWords: the findings workbook names the kind of finding by
// the catalogue's title and the register by its title, never by a key;
// the code stays, last, as the id.
func TestFindingsInWords(t *testing.T) {
	in := input()
	in.Titles = map[string]string{"bt": "Danh sách đối tượng bảo trợ xã hội"}
	f, _ := opened(t, RenderFindings, in)
	rows, _ := f.GetRows("Kiểm tra dữ liệu")
	if len(rows) != 2 || rows[0][1] != "Loại lỗi" || rows[1][1] != "Sai kiểu dữ liệu" || rows[1][2] != "Danh sách đối tượng bảo trợ xã hội" ||
		rows[0][11] != "Mã lỗi" || rows[1][11] != "type-error" {
		t.Errorf("rows %q", rows)
	}
	if v, _ := f.GetCellValue("Tổng quan", "A4"); v != "Danh sách đối tượng bảo trợ xã hội" {
		t.Errorf("Tổng quan!A4 = %q, want the register's title", v)
	}
}

// TestWriteRowsEscapes writes cells that need escaping, and some that do
// not, and reads them back through excelize.
func TestWriteRowsEscapes(t *testing.T) {
	in := input()
	odd := []string{"a<b>&\"c'", " lề ", "tab\there", "Nguyễn Văn Á", "bad\xffbyte", "nul\x00x", "\uFFFE"}
	var refs []record.Ref
	for i, s := range odd {
		refs = append(refs, record.Ref{Register: "bt", File: "bt.xlsx", Sheet: "DS", Row: i + 2, ID: s})
	}
	in.Figures.Figures[0].Sources = figure.RefsOf(refs...)
	var buf bytes.Buffer
	if err := Render(in, &buf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("Chi tiết")
	for i, s := range odd[:5] {
		want := strings.ToValidUTF8(s, "\uFFFD")
		if got := rows[i+1][6]; got != want {
			t.Errorf("row %d: %q, want %q", i+2, got, want)
		}
	}
}

// opened is the workbook render writes of in, opened with excelize (and
// closed when the test ends), and its bytes.
func opened(t *testing.T, render func(Input, io.Writer) error, in Input) (*excelize.File, []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := render(in, &buf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f, buf.Bytes()
}
