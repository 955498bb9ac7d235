package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"asxh/internal/sample"
	"asxh/pipeline/finding"
)

func TestMark(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ho.xlsx")
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "DS")
	f.SetSheetRow("DS", "A1", &[]any{"Mã hộ", "Số nhân khẩu"})
	f.SetSheetRow("DS", "A2", &[]any{"H1", "ba"})
	f.SetSheetRow("DS", "A3", &[]any{"H1", 2})
	// a thin border in the automatic colour, as Excel writes it (below)
	thin, _ := f.NewStyle(&excelize.Style{Border: []excelize.Border{{Type: "left", Style: 1}, {Type: "bottom", Style: 1}}})
	f.SetCellStyle("DS", "A2", "B3", thin)
	f.NewSheet("Ghi chú")
	f.SetCellValue("Ghi chú", "A1", "ghi chú của cán bộ")
	// names scoped to a sheet by its position: they must stay on their sheet
	f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area", RefersTo: "'Ghi chú'!$A$1:$A$1", Scope: "Ghi chú"})
	f.SetDefinedName(&excelize.DefinedName{Name: "vung", RefersTo: "DS!$A$1:$B$3", Scope: "DS"})
	excelized := filepath.Join(t.TempDir(), "ho.xlsx")
	if err := f.SaveAs(excelized); err != nil {
		t.Fatal(err)
	}
	if err := sample.EditPart(excelized, path, "xl/styles.xml", func(b []byte) []byte {
		return bytes.ReplaceAll(b, []byte(`<color rgb="FF"></color>`), nil)
	}); err != nil {
		t.Fatal(err)
	}
	fs := []finding.Finding{
		{Code: finding.TypeError, Level: finding.Error, Sheet: "DS", Row: 2, Cell: "B2", Message: "không phải là số nguyên", Hint: "gõ 3"},
		{Code: finding.Unique, Level: finding.Error, Sheet: "DS", Row: 3, Cell: "A3", Message: "trùng"},
		{Code: finding.EnumFolded, Level: finding.Warning, Sheet: "DS", Row: 3, Cell: "B3", Message: "thiếu dấu"},
		{Code: finding.RuleError, Level: finding.Warning, Sheet: "DS", Row: 3, Message: "dòng"},
		{Code: finding.LegacyText, Level: finding.Info, Sheet: "DS", Cell: "A1", Message: "đã chuyển mã"},
	}
	var buf bytes.Buffer
	who := func(sheet string, row int) string {
		if sheet == "DS" && row == 2 {
			return "Nguyễn Văn An (H1)"
		}
		return ""
	}
	if err := Mark(path, fs, who, &buf); err != nil {
		t.Fatal(err)
	}
	marked := bytes.Clone(buf.Bytes())
	m, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	fill := func(cell string) string {
		id, _ := m.GetCellStyle("DS", cell)
		st, _ := m.GetStyle(id)
		if st == nil || len(st.Fill.Color) == 0 {
			return ""
		}
		return st.Fill.Color[0]
	}
	for cell, want := range map[string]string{"B2": errorFill, "A3": errorFill, "B3": warningFill, "A1": "", "A2": ""} {
		if got := fill(cell); !strings.EqualFold(got, want) && !strings.EqualFold(got, "FF"+want) {
			t.Errorf("%s filled %q, want %q", cell, got, want)
		}
	}
	got := commentTexts(m, "DS")
	if len(got) != 3 || !strings.Contains(got["B2"], "không phải là số nguyên") || !strings.Contains(got["B2"], "gõ 3") || !strings.Contains(got["A3"], "trùng") || !strings.Contains(got["A3"], "dòng") {
		t.Errorf("comments = %v", got)
	}
	if v, _ := m.GetCellValue("DS", "B2"); v != "ba" {
		t.Errorf("the clerk's value changed: %q", v)
	}

	// The list of findings comes first, and is the sheet that opens.
	if got := m.GetSheetList(); !slices.Equal(got, []string{ListSheet, "DS", "Ghi chú"}) {
		t.Errorf("sheets = %q, want the list first, then the clerk's in their order", got)
	}
	if i := m.GetActiveSheetIndex(); i != 0 {
		t.Errorf("active sheet %d, want the list (0)", i)
	}
	rows, _ := m.GetRows(ListSheet)
	if len(rows) < 3 || !slices.Equal(rows[2], []string{"Sheet", "Ô", "Họ tên/Mã", "Lỗi", "Cách sửa"}) {
		t.Fatalf("list rows = %q", rows)
	}
	want := [][]string{
		{"DS", "B2", "Nguyễn Văn An (H1)", "không phải là số nguyên", "gõ 3"},
		{"DS", "A3", "", "Cảnh báo: dòng"},
		{"DS", "A3", "", "trùng"},
		{"DS", "B3", "", "Cảnh báo: thiếu dấu"},
	}
	if got := rows[3:]; !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("list = %q\nwant  %q", got, want)
	}
	for r, cell := range map[int]string{4: "B2", 5: "A3", 7: "B3"} {
		ok, target, err := m.GetCellHyperLink(ListSheet, cellName(2, r))
		if err != nil || !ok || target != "'DS'!"+cell {
			t.Errorf("row %d links to %q (%v, %v), want 'DS'!%s", r, target, ok, err, cell)
		}
	}
	if !strings.Contains(rows[0][0], "2 lỗi, 2 cảnh báo") {
		t.Errorf("title = %q", rows[0][0])
	}
	scopes := map[string]string{}
	for _, d := range m.GetDefinedName() {
		scopes[d.Name] = d.Scope
	}
	if scopes["_xlnm.Print_Area"] != "Ghi chú" || scopes["vung"] != "DS" {
		t.Errorf("names moved off their sheets: %v", scopes)
	}

	// openpyxl, what the district's scripts read workbooks with, opens
	// the copy and sees the same list and links.
	out := filepath.Join(t.TempDir(), "marked.xlsx")
	if err := os.WriteFile(out, marked, 0o644); err != nil {
		t.Fatal(err)
	}
	py := exec.Command("/usr/bin/python3", "-c", `
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.active
print(wb.sheetnames[0], ws.title, ws["B4"].value, ws["B4"].hyperlink.location, sep="|")
`, out)
	got2, err := py.CombinedOutput()
	if err != nil {
		t.Fatalf("openpyxl cannot open the marked copy (needs python3-openpyxl): %v\n%s", err, got2)
	}
	if want := ListSheet + "|" + ListSheet + "|B2|'DS'!B2"; strings.TrimSpace(string(got2)) != want {
		t.Errorf("openpyxl reads %q, want %q", got2, want)
	}
}

// TestMarkRefusesBomb marks a register whose sheet inflates to 2 GB from
// a few megabytes, with one bad cell: Mark refuses it as too large, from
// the zip's directory, in a moment and without inflating it.
func TestMarkRefusesBomb(t *testing.T) {
	dir := t.TempDir()
	if err := sample.Write(dir, sample.CuKhoi2020()); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.xlsx")
	if err := sample.EditPart(filepath.Join(dir, "ho-ngheo.xlsx"), bad, "xl/worksheets/sheet1.xml", func(b []byte) []byte {
		return bytes.Replace(b, []byte(`<c r="E5"><v>3</v></c>`), []byte(`<c r="E5" t="inlineStr"><is><t>ba</t></is></c>`), 1)
	}); err != nil {
		t.Fatal(err)
	}
	bomb := filepath.Join(dir, "bomb.xlsx")
	if err := sample.Bomb(bad, bomb, "xl/worksheets/sheet1.xml", 2<<30); err != nil {
		t.Fatal(err)
	}
	fs := []finding.Finding{{Code: finding.TypeError, Level: finding.Error, Sheet: "Danh sách", Row: 5, Cell: "E5", Message: "không phải là số nguyên"}}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	var buf bytes.Buffer
	err := Mark(bomb, fs, nil, &buf)
	took := time.Since(start)
	runtime.ReadMemStats(&after)
	var tooLarge *TooLarge
	if !errors.As(err, &tooLarge) {
		t.Fatalf("Mark of a bomb: %v, want a refusal as too large", err)
	}
	if !strings.Contains(err.Error(), "quá lớn") {
		t.Errorf("refusal not in the clerk's words: %v", err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; took > 5*time.Second || alloc > 16<<20 || buf.Len() > 0 {
		t.Errorf("refused after %v and %d MB allocated, %d bytes written", took, alloc>>20, buf.Len())
	}
}

// TestMarkKeepsColoursARGB marks a cell whose border has the colour Excel
// writes most, automatic (or indexed 64, "system foreground"): the marked
// style copies the border, and excelize writes a colour it cannot name as
// rgb="FF", which openpyxl and pandas refuse.
func TestMarkKeepsColoursARGB(t *testing.T) {
	for _, colour := range []string{`auto="1"`, `indexed="64"`, `theme="1"`, ""} {
		dir := t.TempDir()
		f := excelize.NewFile()
		f.SetSheetName("Sheet1", "DS")
		f.SetSheetRow("DS", "A1", &[]any{"Mã hộ", "Số nhân khẩu"})
		f.SetSheetRow("DS", "A2", &[]any{"H1", "ba"})
		id, _ := f.NewStyle(&excelize.Style{Border: []excelize.Border{{Type: "left", Color: "123456", Style: 1}, {Type: "bottom", Color: "123456", Style: 1}}})
		f.SetCellStyle("DS", "B2", "B2", id)
		var buf bytes.Buffer
		if err := f.Write(&buf); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, "ho.xlsx")
		writeZip(t, path, buf.Bytes(), func(name string, body []byte) []byte {
			if colour == "" { // no colour at all
				return regexp.MustCompile(`<color rgb="FF123456"\s*(/>|></color>)`).ReplaceAll(body, nil)
			}
			return bytes.ReplaceAll(body, []byte(`rgb="FF123456"`), []byte(colour))
		})
		var out bytes.Buffer
		if err := Mark(path, []finding.Finding{{Code: finding.TypeError, Level: finding.Error, Sheet: "DS", Row: 2, Cell: "B2", Message: "sai"}}, nil, &out); err != nil {
			t.Fatal(err)
		}
		for name, body := range parts(t, out.Bytes()) {
			for _, m := range rgbAttr.FindAllStringSubmatch(body, -1) {
				if !argb.MatchString(m[1]) {
					t.Errorf("border %s: %s has rgb=%q", colour, name, m[1])
				}
			}
		}
	}
}

var (
	rgbAttr = regexp.MustCompile(`\brgb="([^"]*)"`)
	argb    = regexp.MustCompile(`^[0-9A-Fa-f]{8}$`)
)

// writeZip writes the package data to path with every part passed through edit.
func writeZip(t *testing.T, path string, data []byte, edit func(name string, body []byte) []byte) {
	t.Helper()
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for name, body := range parts(t, data) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(edit(name, []byte(body)))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestMarkAgain marks a marked copy again, as when a clerk fixes the copy
// and drops it back: the earlier list and comments are replaced, not
// doubled (excelize refuses a second comment on a cell), and the clerk's
// own comment on a cell to mark is kept, the finding added under it.
func TestMarkAgain(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "ho.xlsx")
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "DS")
	f.SetSheetRow("DS", "A1", &[]any{"Mã hộ", "Số nhân khẩu"})
	f.SetSheetRow("DS", "A2", &[]any{"H1", "ba"})
	f.SetSheetRow("DS", "A3", &[]any{"H1", 2})
	f.AddComment("DS", excelize.Comment{Author: "Lan", Cell: "A3", Paragraph: []excelize.RichTextRun{{Text: "hỏi lại tổ 3"}}})
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	dup := finding.Finding{Code: finding.Unique, Level: finding.Error, Sheet: "DS", Row: 3, Cell: "A3", Message: "trùng"}
	first := []finding.Finding{{Code: finding.TypeError, Level: finding.Error, Sheet: "DS", Row: 2, Cell: "B2", Message: "không phải là số nguyên"}, dup}
	var buf bytes.Buffer
	if err := Mark(path, first, nil, &buf); err != nil {
		t.Fatal(err)
	}
	again := filepath.Join(dir, "sua.xlsx")
	if err := os.WriteFile(again, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	buf.Reset()
	if err := Mark(again, []finding.Finding{dup}, nil, &buf); err != nil {
		t.Fatalf("marking a marked copy: %v", err)
	}
	m, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if got := m.GetSheetList(); !slices.Equal(got, []string{ListSheet, "DS"}) {
		t.Errorf("sheets = %q, want one list, first", got)
	}
	rows, _ := m.GetRows(ListSheet)
	if len(rows) != 4 || rows[3][1] != "A3" {
		t.Errorf("list = %q, want the one finding left", rows)
	}
	got := commentTexts(m, "DS")
	if len(got) != 1 || strings.Count(got["A3"], "hỏi lại tổ 3") != 1 || strings.Count(got["A3"], "trùng") != 1 {
		t.Errorf("comments = %q, want only A3's, the clerk's text and the finding once each", got)
	}
}

// commentTexts is the text of each comment on sheet sh, by cell.
func commentTexts(m *excelize.File, sh string) map[string]string {
	comments, _ := m.GetComments(sh)
	got := map[string]string{}
	for _, c := range comments {
		var s strings.Builder
		for _, p := range c.Paragraph {
			s.WriteString(p.Text)
		}
		got[c.Cell] = s.String() + c.Text
	}
	return got
}
