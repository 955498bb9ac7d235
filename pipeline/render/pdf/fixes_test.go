package pdf

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestFixes renders a correction sheet of two registers, the first too
// long for a page: each register starts on a page of its own, a table
// that runs over repeats its header and says whose it is, and every line
// reads back with its row, person, fault and fix.
func TestFixes(t *testing.T) {
	long := FixFile{Name: "ho-ngheo.xlsx", Errors: 40}
	for i := range 40 {
		long.Lines = append(long.Lines, FixLine{Row: 5 + i, Cell: fmt.Sprintf("E%d", 5+i), Who: fmt.Sprintf("Người %d (HN%03d)", i, i),
			What: fmt.Sprintf(`cột "Số nhân khẩu": "ba%d" không phải là số nguyên`, i), Fix: "gõ một số nguyên, ví dụ 3"})
	}
	x := Fixes{Year: 2020, Issuer: []string{"ỦY BAN NHÂN DÂN", "PHƯỜNG CỰ KHỐI"}, Registers: []FixRegister{
		{Title: "Danh sách hộ nghèo, hộ cận nghèo", Files: []FixFile{long}},
		{Title: "Danh sách người cao tuổi", Files: []FixFile{{Errors: 1, Lines: []FixLine{{What: "chưa có tệp"}}}, {Name: "nguoi-cao-tuoi.xlsx", Errors: 1, Warning: 1, Lines: []FixLine{
			{What: `thiếu cột "Ngày sinh"`, Fix: "thêm cột Ngày sinh"},
			{Sheet: "Tổ 3", Row: 9, Cell: "C9", Who: "Lê Văn Tám", What: `"Nu" thiếu dấu`, Fix: `gõ "Nữ"`, Warning: true},
		}}}},
	}}
	stamp := time.Date(2020, 12, 28, 0, 0, 0, 0, time.UTC)
	var a, b bytes.Buffer
	if err := RenderFixes(x, stamp, &a); err != nil {
		t.Fatal(err)
	}
	if err := RenderFixes(x, stamp, &b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two renderings differ")
	}
	path := filepath.Join(t.TempDir(), "phieu.pdf")
	if err := os.WriteFile(path, a.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	pages := strings.Split(strings.TrimSuffix(pdftotext(t, path, "-"), "\f"), "\f")
	if len(pages) < 3 {
		t.Fatalf("%d pages, want the long register over two and the other on its own", len(pages))
	}
	flat := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	first, last := flat(pages[0]), flat(pages[len(pages)-1])
	for _, want := range []string{"PHIẾU SỬA LỖI SỐ LIỆU NĂM 2020", "Danh sách hộ nghèo, hộ cận nghèo", "Tệp ho-ngheo.xlsx: 40 lỗi", "Dòng (ô)", "Đã sửa",
		"5 (E5)", "Người 0 (HN000)", `"ba0" không phải là số nguyên`, "gõ một số nguyên, ví dụ 3"} {
		if !strings.Contains(first, want) {
			t.Errorf("page 1 lacks %q:\n%s", want, first)
		}
	}
	for i, page := range pages[1 : len(pages)-1] {
		page = flat(page)
		for _, want := range []string{"ho-ngheo.xlsx (tiếp)", "Dòng (ô)"} {
			if !strings.Contains(page, want) {
				t.Errorf("page %d lacks %q:\n%s", i+2, want, page)
			}
		}
	}
	long1 := flat(strings.Join(pages[:len(pages)-1], " "))
	for i := range 40 {
		if want := fmt.Sprintf("%d (E%d) Người %d (HN%03d)", 5+i, 5+i, i, i); strings.Count(long1, want) != 1 {
			t.Errorf("%q is not on the register's pages once", want)
		}
	}
	if strings.Contains(long1, "người cao tuổi") {
		t.Error("the second register does not start a page of its own")
	}
	for _, want := range []string{"Danh sách người cao tuổi", "Cả sổ: 1 lỗi.", "chưa có tệp", "1 lỗi, 1 cảnh báo", "cả tệp", `thiếu cột "Ngày sinh"`, "Tổ 3: 9 (C9)", "Lê Văn Tám", `(cảnh báo) "Nu" thiếu dấu`, `gõ "Nữ"`} {
		if !strings.Contains(last, want) {
			t.Errorf("last page lacks %q:\n%s", want, last)
		}
	}
}
