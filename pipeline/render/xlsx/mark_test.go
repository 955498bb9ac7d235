package xlsx

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"asxh/pipeline/finding"
)

func TestMark(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ho.xlsx")
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "DS")
	f.SetSheetRow("DS", "A1", &[]any{"Mã hộ", "Số nhân khẩu"})
	f.SetSheetRow("DS", "A2", &[]any{"H1", "ba"})
	f.SetSheetRow("DS", "A3", &[]any{"H1", 2})
	if err := f.SaveAs(path); err != nil {
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
	if err := Mark(path, fs, &buf); err != nil {
		t.Fatal(err)
	}
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
	comments, _ := m.GetComments("DS")
	got := map[string]string{}
	for _, c := range comments {
		var s strings.Builder
		for _, p := range c.Paragraph {
			s.WriteString(p.Text)
		}
		got[c.Cell] = s.String() + c.Text
	}
	if len(got) != 3 || !strings.Contains(got["B2"], "không phải là số nguyên") || !strings.Contains(got["B2"], "gõ 3") || !strings.Contains(got["A3"], "trùng") || !strings.Contains(got["A3"], "dòng") {
		t.Errorf("comments = %v", got)
	}
	if v, _ := m.GetCellValue("DS", "B2"); v != "ba" {
		t.Errorf("the clerk's value changed: %q", v)
	}
}
