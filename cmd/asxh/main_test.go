package main

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"asxh/internal/sample"
	"asxh/internal/testkit"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// bin is the asxh command built once for the end-to-end tests.
var bin string

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "asxh-bin")
	if err != nil {
		panic(err)
	}
	bin = filepath.Join(dir, "asxh")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "go build: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// asxh runs the built command from the repository root.
func asxh(t *testing.T, args ...string) (int, string) {
	t.Helper()
	return asxhEnv(t, nil, args...)
}

// asxhEnv runs the command with env added to the environment.
func asxhEnv(t *testing.T, env []string, args ...string) (int, string) {
	t.Helper()
	code, _, stderr := asxhRun(t, env, args...)
	return code, stderr
}

// asxhAll runs the built command from the repository root and returns
// both its outputs.
func asxhAll(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	return asxhRun(t, nil, args...)
}

// asxhRun runs the built command from the repository root with env added
// to the environment, and returns its exit status and both its outputs.
func asxhRun(t *testing.T, env []string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = "../.."
	cmd.Env = append(os.Environ(), env...)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return code, o.String(), e.String()
}

// pdfText is the PDF's text as pdftotext reads it. pdftotext is required:
// .ci/run installs poppler-utils, and a missing tool fails the test.
func pdfText(t *testing.T, path string, layout bool) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatal("pdftotext is needed to check the PDF: apt-get install -y poppler-utils")
	}
	args := []string{path, "-"}
	if layout {
		args = []string{"-layout", path, "-"}
	}
	out, err := exec.Command("pdftotext", args...).Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	return string(out)
}

var spaces = regexp.MustCompile(`\s+`)

func flat(s string) string { return spaces.ReplaceAllString(s, " ") }

func sum(t *testing.T, path string) [32]byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(data)
}

// summary reads the "Tổng hợp" sheet: label → number, failing on text.
func summary(t *testing.T, path string) map[string]float64 {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Tổng hợp", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for i, r := range rows {
		if i < 4 || len(r) < 4 {
			continue
		}
		cell, _ := excelize.CoordinatesToCellName(4, i+1)
		if typ, _ := f.GetCellType("Tổng hợp", cell); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
			t.Errorf("Tổng hợp!%s holds %v, not a number", cell, typ)
		}
		var v float64
		fmt.Sscan(r[3], &v)
		out[r[1]] = v
	}
	return out
}

// The sentences of the ward's published summary, as the report states them.
var sentences = []string{
	"Toàn phường có 171 gia đình chính sách",
	"tặng 171 suất quà",
	"khám, tư vấn sức khỏe cho 98 người có công",
	"đưa 3 người có công đi điều dưỡng tập trung tại Thanh Bình, Hà Đông",
	"chi trả 28 suất điều dưỡng tại nhà",
	"chi trợ cấp thường xuyên cho 102 người có công",
	"Cấp đổi 45 thẻ BHYT miễn phí cho đối tượng hưởng theo Quyết định 62 và Quyết định 290",
	"gia hạn 456 thẻ BHYT người có công",
	"toàn phường có 214 đối tượng hưởng BTXH",
	"tổng số tiền chi trả hằng tháng 94.850.000 đồng",
	"có 102 người cao tuổi ở các độ tuổi 70, 75, 80, 85, 90, 95, 100 và trên 100 được mừng thọ",
	"Đầu năm 2020, toàn phường có 5 hộ nghèo với 15 nhân khẩu; 8 hộ cận nghèo với 14 nhân khẩu",
	"Kết quả đến cuối năm 2020 trên địa bàn phường không còn hộ nghèo, hộ cận nghèo giảm 4 hộ",
	"điều tra 172 phiếu",
	"100% nhân khẩu hộ nghèo, hộ cận nghèo được cấp thẻ bảo hiểm y tế",
	"(6 cháu đang theo học",
	"Xây mới 1 nhà cho người có công (hộ Hoàng Văn Khải)",
}

func TestSampleReport(t *testing.T) {
	out := t.TempDir()
	code, stderr := asxh(t, "run", "--out", out)
	if code != 0 {
		t.Fatalf("asxh run: exit %d\n%s", code, stderr)
	}
	dir := filepath.Join(out, "2020")
	pdf := filepath.Join(dir, "bao-cao-an-sinh-xa-hoi-2020.pdf")
	book := filepath.Join(dir, "bao-cao-an-sinh-xa-hoi-2020.xlsx")
	for _, name := range []string{pdf, book, filepath.Join(dir, "kiem-tra-du-lieu-2020.xlsx")} {
		if _, err := os.Stat(name); err != nil {
			t.Fatal(err)
		}
	}
	text := flat(noPageNumbers(pdfText(t, pdf, false)))
	for _, s := range sentences {
		if !strings.Contains(text, s) {
			t.Errorf("the PDF does not say %q", s)
		}
	}
	for _, s := range []string{"ỦY BAN NHÂN DÂN PHƯỜNG CỰ KHỐI", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
		"Cự Khối, ngày 15 tháng 01 năm 2021", "BÁO CÁO", "./.", "Nơi nhận:", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "- Lưu: VT, LĐTBXH.", "PHỤ LỤC"} {
		if !strings.Contains(text, s) {
			t.Errorf("the PDF lacks %q", s)
		}
	}
	layout := flat(pdfText(t, pdf, true))
	// Biểu 4 has its total; rates keep their format's two decimals
	for _, s := range []string{"1 Hộ nghèo 5 15 0,10 5 0 0 0 0,00", "2 Hộ cận nghèo 8 14 0,16 6 2 4 10 0,08", "Tổng cộng 13 29 0,27 11 2 4 10 0,08"} {
		if !strings.Contains(layout, s) {
			t.Errorf("the PDF's Biểu 4 lacks %q", s)
		}
	}
	golden(t, "testdata/bao-cao-an-sinh-xa-hoi-2020.txt", pdfText(t, pdf, true))

	got := summary(t, book)
	want := map[string]float64{
		"Gia đình chính sách": 171, "Tổng tiền trợ cấp bảo trợ xã hội hằng tháng": 94850000, "Người cao tuổi được mừng thọ": 102,
		"Hộ nghèo cuối năm": 0, "Hộ cận nghèo giảm trong năm": 4, "Tỷ lệ nhân khẩu hộ nghèo, cận nghèo có thẻ BHYT": 100,
		"Thẻ BHYT người có công gia hạn cho năm sau": 456, "Phiếu điều tra nhu cầu học nghề, việc làm": 172,
	}
	for label, v := range want {
		if g, ok := got[label]; !ok || g != v {
			t.Errorf("Tổng hợp: %s = %v (present %v), want %v", label, g, ok, v)
		}
	}
	checkWorkbook(t, book)

	// A second run gives the same bytes.
	pdfSum, bookSum := sum(t, pdf), sum(t, book)
	if code, stderr := asxh(t, "run", "--out", out); code != 0 {
		t.Fatalf("second run: exit %d\n%s", code, stderr)
	}
	if sum(t, pdf) != pdfSum || sum(t, book) != bookSum {
		t.Error("a second run on the same inputs changed the PDF or the XLSX")
	}
}

// checkWorkbook checks the working copy's sheets as the README describes
// them (Tổng hợp, Chi tiết, Kiểm tra dữ liệu, Nguồn dữ liệu), formula
// totals and traceability.
func checkWorkbook(t *testing.T, path string) {
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheets := strings.Join(f.GetSheetList(), "|")
	for _, s := range []string{"Tổng hợp", "Biểu 2 - BTXH", "Biểu 3 - Mừng thọ", "Biểu 4 - Giảm nghèo", "Chi tiết", "Kiểm tra dữ liệu", "Nguồn dữ liệu"} {
		if !strings.Contains(sheets, s) {
			t.Errorf("workbook lacks sheet %q (has %s)", s, sheets)
		}
	}
	// Biểu 4: households and people, start, flows, end.
	b4, _ := f.GetRows("Biểu 4 - Giảm nghèo", excelize.Options{RawCellValue: true})
	want4 := map[string][]string{
		"Hộ nghèo":     {"5", "15", "", "5", "0", "0", "0"},
		"Hộ cận nghèo": {"8", "14", "", "6", "2", "4", "10"},
		"Tổng cộng":    {"13", "29", "", "11", "2", "4", "10"},
	}
	for _, r := range b4 {
		if len(r) < 9 || want4[r[1]] == nil {
			continue
		}
		w := want4[r[1]]
		got := []string{r[2], r[3], "", r[5], r[6], r[7], r[8]}
		if strings.Join(got, " ") != strings.Join(w, " ") {
			t.Errorf("Biểu 4 %s: %v, want %v", r[1], got, w)
		}
		delete(want4, r[1])
	}
	if len(want4) > 0 {
		t.Errorf("Biểu 4 lacks rows %v", want4)
	}
	// Biểu 2's header takes two rows: "Hệ số" stands over one column per value
	formula, _ := f.GetCellFormula("Biểu 2 - BTXH", "C15")
	if formula != "SUM(C5:C14)" {
		t.Errorf("Biểu 2 total C15 formula = %q", formula)
	}
	rows, _ := f.GetRows("Chi tiết")
	n := 0
	for _, r := range rows {
		if len(r) > 1 && r[1] == "mung_tho" {
			n++
			if !strings.HasPrefix(r[3], "nguoi-cao-tuoi") || r[5] == "" {
				t.Errorf("Chi tiết row for mung_tho without file or row: %v", r)
			}
		}
	}
	if n != 102 {
		t.Errorf("Chi tiết lists %d rows for mung_tho, want 102", n)
	}
}

func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/asxh -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the output; if the change is intended, run go test ./cmd/asxh -update and review the diff", path)
	}
}

// copyData copies the sample registers to a new drop folder.
func copyData(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files, _ := filepath.Glob("../../data/*.xlsx")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, filepath.Base(f)), data, 0o644)
	}
	return dir
}

func TestSpoiledCell(t *testing.T) {
	tests := []struct {
		name, cell string
		value      any
		want       string
		who        string // the record on the row, as the marked copy's list names it
	}{
		{"text in Số nhân khẩu", "E6", "ba", "ho-ngheo.xlsx!DS!E6", "Phan Ngọc Tuấn (HN002)"},
		{"repeated Mã hộ", "B7", "HN001", "ho-ngheo.xlsx!DS!B7", "Bùi Thanh Quân (HN001)"},
		{"unknown Phân loại", "F8", "Nghèo lắm", "ho-ngheo.xlsx!DS!F8", "Đỗ Ngọc Trang (HN004)"},
	}
	out := t.TempDir()
	if code, stderr := asxh(t, "run", "--out", out); code != 0 {
		t.Fatalf("clean run: exit %d\n%s", code, stderr)
	}
	pdf := filepath.Join(out, "2020", "bao-cao-an-sinh-xa-hoi-2020.pdf")
	before := sum(t, pdf)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := copyData(t)
			f, err := excelize.OpenFile(filepath.Join(in, "ho-ngheo.xlsx"))
			if err != nil {
				t.Fatal(err)
			}
			f.SetCellValue("DS", tt.cell, tt.value)
			if err := f.Save(); err != nil {
				t.Fatal(err)
			}
			f.Close()
			code, stderr := asxh(t, "run", "--input", in, "--out", out)
			if code != 1 {
				t.Fatalf("exit %d, want 1\n%s", code, stderr)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr does not name %s:\n%s", tt.want, stderr)
			}
			if sum(t, pdf) != before {
				t.Error("the published PDF changed although the data has errors")
			}
			findings, err := excelize.OpenFile(filepath.Join(out, "2020", "kiem-tra-du-lieu-2020.xlsx"))
			if err != nil {
				t.Fatal(err)
			}
			defer findings.Close()
			rows, _ := findings.GetRows("Kiểm tra dữ liệu")
			found := false
			for _, r := range rows {
				found = found || (len(r) > 5 && r[3] == "ho-ngheo.xlsx" && r[5] == tt.cell && r[0] == "lỗi")
			}
			if !found {
				t.Errorf("kiem-tra-du-lieu-2020.xlsx has no error at %s", tt.cell)
			}
			marked, err := excelize.OpenFile(filepath.Join(out, "2020", "sua-loi", "ho-ngheo.xlsx"))
			if err != nil {
				t.Fatalf("no marked copy for the clerk: %v", err)
			}
			defer marked.Close()
			comments, _ := marked.GetComments("DS")
			if !slices.ContainsFunc(comments, func(c excelize.Comment) bool { return c.Cell == tt.cell }) {
				t.Errorf("sua-loi/ho-ngheo.xlsx has no comment at %s", tt.cell)
			}
			// The correction sheet to print says it too, under the register's title.
			sheet := strings.Join(strings.Fields(pdfText(t, filepath.Join(out, "2020", "sua-loi", "phieu-sua-loi-2020.pdf"), false)), " ")
			for _, want := range []string{"PHIẾU SỬA LỖI SỐ LIỆU NĂM 2020", "Danh sách hộ nghèo, hộ cận nghèo", "Tệp ho-ngheo.xlsx: 1 lỗi",
				tt.cell[1:] + " (" + tt.cell + ")", tt.who, fmt.Sprint(tt.value)} {
				if !strings.Contains(sheet, want) {
					t.Errorf("phieu-sua-loi-2020.pdf lacks %q:\n%s", want, sheet)
				}
			}
			// It opens on the list of what to fix: the cell, linked, and whose row it is.
			listed(t, marked, tt.cell, tt.who)
			py := exec.Command("/usr/bin/python3", "-c", "import sys, openpyxl; wb = openpyxl.load_workbook(sys.argv[1]); print(wb.active.title, wb.active['B4'].hyperlink.location, sep='|')",
				filepath.Join(out, "2020", "sua-loi", "ho-ngheo.xlsx"))
			if b, err := py.CombinedOutput(); err != nil || strings.TrimSpace(string(b)) != "Danh sách lỗi|'DS'!"+tt.cell {
				t.Errorf("openpyxl reads the marked copy as %q (%v), want the list first, linked to %s", b, err, tt.cell)
			}
			// LibreOffice opens the marked copy and keeps the mark and the comment.
			soffice, err := exec.LookPath("soffice")
			if err != nil {
				t.Fatal("soffice is needed: apt-get install -y libreoffice-calc-nogui")
			}
			lo := t.TempDir()
			cmd := exec.Command(soffice, "-env:UserInstallation=file://"+filepath.Join(lo, "p"), "--headless", "--convert-to", "xlsx",
				"--outdir", lo, filepath.Join(out, "2020", "sua-loi", "ho-ngheo.xlsx"))
			if b, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("soffice: %v\n%s", err, b)
			}
			resaved, err := excelize.OpenFile(filepath.Join(lo, "ho-ngheo.xlsx"))
			if err != nil {
				t.Fatal(err)
			}
			defer resaved.Close()
			comments, _ = resaved.GetComments("DS")
			if !slices.ContainsFunc(comments, func(c excelize.Comment) bool { return c.Cell == tt.cell }) {
				t.Errorf("after LibreOffice, no comment at %s", tt.cell)
			}
			listed(t, resaved, tt.cell, tt.who)
			// excelize does not read back LibreOffice's fills: look at the part itself
			zr, err := zip.OpenReader(filepath.Join(lo, "ho-ngheo.xlsx"))
			if err != nil {
				t.Fatal(err)
			}
			defer zr.Close()
			for _, zf := range zr.File {
				if zf.Name == "xl/styles.xml" {
					rc, _ := zf.Open()
					b, _ := io.ReadAll(rc)
					rc.Close()
					if !strings.Contains(string(b), `rgb="FFFFC7CE"`) {
						t.Error("after LibreOffice, the red fill is gone")
					}
				}
			}
		})
	}
	// Once the data is clean, the marked copies and the correction sheet go.
	if code, stderr := asxh(t, "run", "--out", out); code != 0 {
		t.Fatalf("clean run: exit %d\n%s", code, stderr)
	}
	if left, _ := os.ReadDir(filepath.Join(out, "2020", "sua-loi")); len(left) != 0 {
		t.Errorf("marked copies left after a clean run: %v", left)
	}
}

// listed checks that a marked copy's first and active sheet lists the
// finding at cell of sheet DS, linked to it, with the person on its row.
func listed(t *testing.T, f *excelize.File, cell, who string) {
	t.Helper()
	if sheets := f.GetSheetList(); len(sheets) == 0 || sheets[0] != "Danh sách lỗi" || f.GetActiveSheetIndex() != 0 {
		t.Errorf("sheets %q, active %d: want \"Danh sách lỗi\" first and active", sheets, f.GetActiveSheetIndex())
		return
	}
	rows, _ := f.GetRows("Danh sách lỗi")
	for i, r := range rows {
		if len(r) > 3 && r[0] == "DS" && r[1] == cell {
			if r[2] != who {
				t.Errorf("the list names %q on %s, want %q", r[2], cell, who)
			}
			if ok, to, _ := f.GetCellHyperLink("Danh sách lỗi", fmt.Sprintf("B%d", i+1)); !ok || strings.Trim(strings.ReplaceAll(to, "'", ""), "#") != "DS!"+cell {
				t.Errorf("the list's %s links to %q, want DS!%s", cell, to, cell)
			}
			return
		}
	}
	t.Errorf("the list has no row for %s: %q", cell, rows)
}

func TestOtherWard(t *testing.T) {
	tg := sample.CuKhoi2020()
	tg.Seed, tg.Ward, tg.Families, tg.People, tg.Allowance = 7, "xã Khác", 90, 130, 61
	tg.Gifts = []sample.Count{{Name: "Tết Nguyên đán", N: 40}, {Name: "27/7", N: 33}}
	tg.Checkups, tg.Resort, tg.HomeCare, tg.Cards6290, tg.Renewals = 51, 2, 9, 17, 210
	tg.BTXH = []sample.Group{{Dien: "Người khuyết tật nặng", HeSo: 1.5, N: 30}, {Dien: "Người từ 80 tuổi trở lên không có lương hưu", HeSo: 1.0, N: 77}}
	tg.Longevity = []sample.Count{{Name: "70", N: 12}, {Name: "80", N: 9}, {Name: "90", N: 3}, {Name: "101", N: 2}}
	tg.PoorNK, tg.PoorEnd = []int{4, 2}, []string{"Nghèo", "Không"}
	tg.NearPoorNK, tg.NearPoorEnd = []int{3, 3, 1}, []string{"Cận nghèo", "Nghèo", "Cận nghèo"}
	tg.Survey = []sample.Count{{Name: "Việc làm", N: 20}, {Name: "Học nghề", N: 9}}
	in := t.TempDir()
	if err := sample.Write(in, tg); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	if code, stderr := asxh(t, "run", "--input", in, "--out", out); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	got := summary(t, filepath.Join(out, "2020", "bao-cao-an-sinh-xa-hoi-2020.xlsx"))
	want := map[string]float64{
		"Gia đình chính sách":                                          90,
		"Người có công hưởng trợ cấp thường xuyên":                     61,
		"Suất quà tặng người có công, gia đình chính sách dịp lễ, tết": 73,
		"Người có công được khám, tư vấn sức khỏe":                     51,
		"Người có công đi điều dưỡng tập trung":                        2,
		"Suất điều dưỡng tại nhà":                                      9,
		"Thẻ BHYT cấp đổi miễn phí theo QĐ 62, QĐ 290":                 17,
		"Thẻ BHYT người có công gia hạn cho năm sau":                   210,
		"Đối tượng bảo trợ xã hội hưởng trợ cấp hằng tháng (cuối năm)": 107,
		"Tổng tiền trợ cấp bảo trợ xã hội hằng tháng":                  (30*1.5 + 77) * 350000,
		"Người cao tuổi được mừng thọ":                                 26,
		"Hộ nghèo đầu năm":                                             2,
		"Nhân khẩu hộ nghèo đầu năm":                                   6,
		"Hộ cận nghèo đầu năm":                                         3,
		"Nhân khẩu hộ cận nghèo đầu năm":                               7,
		"Hộ nghèo cuối năm":                                            2,
		"Hộ cận nghèo cuối năm":                                        2,
		"Hộ cận nghèo giảm trong năm":                                  1,
		"Phiếu điều tra nhu cầu học nghề, việc làm":                    29,
		"Con hộ nghèo, cận nghèo được hỗ trợ học tập":                  6,
	}
	for label, v := range want {
		if got[label] != v {
			t.Errorf("%s = %v, want %v", label, got[label], v)
		}
	}
	text := flat(pdfText(t, filepath.Join(out, "2020", "bao-cao-an-sinh-xa-hoi-2020.pdf"), false))
	if !strings.Contains(text, "còn 2 hộ nghèo, hộ cận nghèo giảm 1 hộ") {
		t.Errorf("the other ward's report does not state its poverty figures:\n%s", text)
	}
}

// TestUnrelatedConfig runs a school library's loans through the same
// program: nothing about social security lives in the Go code.
func TestUnrelatedConfig(t *testing.T) {
	out := t.TempDir()
	code, stderr := asxh(t, "run", "--config", "cmd/asxh/testdata/thu-vien/config.yaml", "--out", out, "--settle", "0")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	dir := filepath.Join(out, "2024")
	text := flat(pdfText(t, filepath.Join(dir, "bao-cao-thu-vien-2024.pdf"), false))
	for _, s := range []string{"TRƯỜNG THCS LIÊN HÀ", "Số: 07/BC-THCS", "Liên Hà, ngày 06 tháng 01 năm 2025",
		"quản lý 4 đầu sách, phục vụ 5 lượt mượn của 4 bạn đọc; 80% lượt mượn đã trả sách, thu 12.000 đồng tiền phạt",
		"cho 3 lớp có bạn đọc./.", "HIỆU TRƯỞNG"} {
		if !strings.Contains(text, s) {
			t.Errorf("library report lacks %q:\n%s", s, text)
		}
	}
	got := summary(t, filepath.Join(dir, "bao-cao-thu-vien-2024.xlsx"))
	if got["Tiền phạt"] != 12000 || got["Tỷ lệ trả sách"] != 80 {
		t.Errorf("summary = %v", got)
	}
}

func TestExitCodes(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(bad, []byte("year: 2020\nregisterz: []\n"), 0o644)
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"no command", nil, 2, "Cách dùng"},
		{"unknown command", []string{"publish"}, 2, "không có lệnh \"publish\""},
		{"unknown flag", []string{"run", "--colour"}, 2, "colour"},
		{"config error names file:line:col", []string{"validate", "--config", bad}, 2, "bad.yaml:2:1: khóa \"registerz\" không có"},
		{"missing config", []string{"run", "--config", "nope.yaml"}, 2, "nope.yaml"},
		{"missing input folder", []string{"validate", "--input", "/nonexistent/asxh", "--out", t.TempDir()}, 3, "nonexistent"},
		{"a run-only flag", []string{"validate", "--draft"}, 2, "không có tùy chọn -draft"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stderr := asxh(t, tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr, tt.code, tt.stderr)
			}
		})
	}
}

// TestLibreOfficeReadsWorkbook opens the working copy in a real
// spreadsheet program: LibreOffice must convert it, and its Tổng hợp sheet
// must show the figures the Vietnamese way (94.850.000) whatever the
// machine's locale. scripts/test installs libreoffice-calc-nogui.
func TestLibreOfficeReadsWorkbook(t *testing.T) {
	out := t.TempDir()
	if code, stderr := asxh(t, "run", "--out", out); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	csv := testkit.CSV(t, filepath.Join(out, "2020", "bao-cao-an-sinh-xa-hoi-2020.xlsx"))
	for _, s := range []string{"Tổng tiền trợ cấp bảo trợ xã hội hằng tháng,đồng,94.850.000", "Gia đình chính sách,gia đình,171", "Người cao tuổi được mừng thọ,người,102"} {
		if !strings.Contains(csv, s) {
			t.Errorf("LibreOffice's Tổng hợp lacks %q:\n%s", s, csv)
		}
	}
}

// TestXLSRegister reads a register saved as .xls (Excel 97-2003) through
// LibreOffice, and refuses it with a clear message where LibreOffice is
// not installed.
func TestXLSRegister(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Fatal("soffice is needed: apt-get install -y libreoffice-calc-nogui")
	}
	in := copyData(t)
	conv := t.TempDir()
	cmd := exec.Command(soffice, "-env:UserInstallation=file://"+filepath.Join(conv, "profile"), "--headless",
		"--convert-to", "xls", "--outdir", in, filepath.Join(in, "ho-ngheo.xlsx"))
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	os.Remove(filepath.Join(in, "ho-ngheo.xlsx"))
	out := t.TempDir()
	if code, stderr := asxh(t, "run", "--input", in, "--out", out); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	got := summary(t, filepath.Join(out, "2020", "bao-cao-an-sinh-xa-hoi-2020.xlsx"))
	if got["Hộ nghèo đầu năm"] != 5 || got["Nhân khẩu hộ cận nghèo đầu năm"] != 14 || got["Hộ cận nghèo giảm trong năm"] != 4 {
		t.Errorf("figures from the .xls register: %v", got)
	}
	code, stderr := asxhEnv(t, []string{"PATH=/nonexistent"}, "run", "--input", in, "--out", t.TempDir())
	if code != 1 || !strings.Contains(stderr, "ho-ngheo.xls") || !strings.Contains(stderr, "lưu lại dưới dạng .xlsx") {
		t.Errorf("without LibreOffice: exit %d\n%s", code, stderr)
	}
}

// TestInit writes the blank registers, checks that the reader accepts
// them, and that LibreOffice keeps their drop-down lists.
func TestInit(t *testing.T) {
	out := t.TempDir()
	code, stderr := asxh(t, "init", "--out", out)
	if code != 0 {
		t.Fatalf("init: exit %d\n%s", code, stderr)
	}
	files, _ := filepath.Glob(filepath.Join(out, "*.xlsx"))
	if len(files) != 7 {
		t.Fatalf("init wrote %d registers, want 7", len(files))
	}
	// An empty drop folder of blank registers validates: every header is found.
	if code, stderr := asxh(t, "validate", "--input", out, "--out", t.TempDir()); code != 0 || strings.Contains(stderr, "missing-label") {
		t.Errorf("validate on blank registers: exit %d\n%s", code, stderr)
	}
	book := filepath.Join(out, "ho-ngheo.xlsx")
	f, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	head, _ := f.GetRows("DS")
	if len(head) < 3 || strings.Join(head[2], "|") != "STT|Mã hộ|Họ tên chủ hộ|Tổ dân phố|Số nhân khẩu|Phân loại đầu năm|Phân loại cuối năm|Số nhân khẩu có thẻ BHYT" {
		t.Errorf("header = %v", head)
	}
	f.Close()
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Fatal("soffice is needed: apt-get install -y libreoffice-calc-nogui")
	}
	resaved := t.TempDir()
	cmd := exec.Command(soffice, "-env:UserInstallation=file://"+filepath.Join(resaved, "profile"), "--headless",
		"--convert-to", "xlsx", "--outdir", resaved, book)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	for _, path := range []string{book, filepath.Join(resaved, "ho-ngheo.xlsx")} {
		g, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		dvs, _ := g.GetDataValidations("DS")
		lists := 0
		for _, dv := range dvs {
			if dv.Type == "list" && strings.Contains(dv.Formula1, "Danh mục") {
				lists++
			}
		}
		if lists != 2 {
			t.Errorf("%s: %d drop-down lists over Danh mục, want 2 (đầu năm, cuối năm): %+v", path, lists, dvs)
		}
		vals, _ := g.GetRows("Danh mục")
		if len(vals) != 3 || vals[1][0] != "Cận nghèo" {
			t.Errorf("%s: Danh mục = %v", path, vals)
		}
		g.Close()
	}
}

// TestMessyVariants reads the sample registers kept the ways clerks keep
// them — columns shuffled, headers retyped, registers split by tổ, values
// typed as text, group and total rows, TCVN3 and VNI text, CSV exports,
// and files saved by LibreOffice — and must get exactly the clean figures.
func TestMessyVariants(t *testing.T) {
	clean := t.TempDir()
	if code, stderr := asxh(t, "run", "--out", clean); code != 0 {
		t.Fatalf("clean run: exit %d\n%s", code, stderr)
	}
	want := summary(t, filepath.Join(clean, "2020", "bao-cao-an-sinh-xa-hoi-2020.xlsx"))
	check := func(t *testing.T, in string) string {
		out := t.TempDir()
		code, stderr := asxh(t, "run", "--input", in, "--out", out, "--settle", "0") // fresh files: timing is TestHalfCopied's
		if code != 0 {
			t.Fatalf("exit %d\n%s", code, stderr)
		}
		got := summary(t, filepath.Join(out, "2020", "bao-cao-an-sinh-xa-hoi-2020.xlsx"))
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s = %v, want %v", k, got[k], v)
			}
		}
		return stderr
	}
	for _, v := range sample.Variants {
		t.Run(v, func(t *testing.T) {
			in := t.TempDir()
			if err := sample.Messy(in, sample.CuKhoi2020(), v); err != nil {
				t.Fatal(err)
			}
			check(t, in)
		})
	}
	t.Run("saved by LibreOffice", func(t *testing.T) {
		soffice, err := exec.LookPath("soffice")
		if err != nil {
			t.Fatal("soffice is needed: apt-get install -y libreoffice-calc-nogui")
		}
		src := copyData(t)
		in := t.TempDir()
		files, _ := filepath.Glob(filepath.Join(src, "*.xlsx"))
		// every register re-saved as .xlsx by LibreOffice, and one as .ods
		args := []string{"-env:UserInstallation=file://" + filepath.Join(t.TempDir(), "p"), "--headless", "--convert-to", "xlsx", "--outdir", in}
		if b, err := exec.Command(soffice, append(args, files...)...).CombinedOutput(); err != nil {
			t.Fatalf("soffice: %v\n%s", err, b)
		}
		os.Remove(filepath.Join(in, "khao-sat.xlsx"))
		args[3] = "ods"
		if b, err := exec.Command(soffice, append(args, filepath.Join(src, "khao-sat.xlsx"))...).CombinedOutput(); err != nil {
			t.Fatalf("soffice: %v\n%s", err, b)
		}
		check(t, in)
	})
}

// TestFormulaCells computes Mức trợ cấp with formulas, saved by LibreOffice
// so the cached values are there: the cached values count, and a formula
// error is a finding at its cell.
func TestFormulaCells(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Fatal("soffice is needed: apt-get install -y libreoffice-calc-nogui")
	}
	for _, tt := range []struct {
		name   string
		broken bool
	}{{"cached values count", false}, {"an error value is a finding", true}} {
		t.Run(tt.name, func(t *testing.T) {
			in := copyData(t)
			work := t.TempDir()
			src := filepath.Join(work, "bao-tro-xa-hoi.xlsx")
			f, err := excelize.OpenFile(filepath.Join(in, "bao-tro-xa-hoi.xlsx"))
			if err != nil {
				t.Fatal(err)
			}
			rows, _ := f.GetRows("DS")
			for r := 4; r <= len(rows); r++ {
				// a formula over a Hệ số typed as text would be #VALUE!: only numeric ones
				if typ, _ := f.GetCellType("DS", fmt.Sprintf("H%d", r)); len(rows[r-1]) > 8 && strings.HasPrefix(rows[r-1][1], "BT") && typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
					f.SetCellFormula("DS", fmt.Sprintf("I%d", r), fmt.Sprintf("H%d*350000", r))
				}
			}
			if tt.broken {
				f.SetCellFormula("DS", "I9", "H9/0")
			}
			f.SaveAs(src)
			f.Close()
			args := []string{"-env:UserInstallation=file://" + filepath.Join(work, "p"), "--headless", "--convert-to", "xlsx", "--outdir", in, src}
			if b, err := exec.Command(soffice, args...).CombinedOutput(); err != nil {
				t.Fatalf("soffice: %v\n%s", err, b)
			}
			out := t.TempDir()
			code, stderr := asxh(t, "run", "--input", in, "--out", out)
			if tt.broken {
				if code != 1 || !strings.Contains(stderr, "bao-tro-xa-hoi.xlsx!DS!I9") || !strings.Contains(stderr, "#DIV/0!") {
					t.Errorf("exit %d, want 1 naming I9 and #DIV/0!:\n%s", code, stderr)
				}
				return
			}
			if code != 0 {
				t.Fatalf("exit %d\n%s", code, stderr)
			}
			got := summary(t, filepath.Join(out, "2020", "bao-cao-an-sinh-xa-hoi-2020.xlsx"))
			if got["Tổng tiền trợ cấp bảo trợ xã hội hằng tháng"] != 94850000 {
				t.Errorf("total from formula cells = %v", got["Tổng tiền trợ cấp bảo trợ xã hội hằng tháng"])
			}
		})
	}
}

// TestCauseFirst: a register that cannot be read leaves every reference to
// it unresolved in other registers, and those findings sort before it. The
// terminal shows the cause first, so a clerk does not fix 27 codes that were
// never wrong.
func TestCauseFirst(t *testing.T) {
	in := copyData(t)
	if err := os.WriteFile(filepath.Join(in, "nguoi-co-cong.xlsx"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	code, stderr := asxh(t, "validate", "--input", in, "--out", t.TempDir())
	var first string
	for _, l := range strings.Split(stderr, "\n") {
		if strings.Contains(l, ": lỗi [") {
			first = l
			break
		}
	}
	if code != 1 || !strings.HasPrefix(first, "nguoi-co-cong.xlsx") || !strings.Contains(first, "file-error") {
		t.Errorf("exit %d; first error %q, want the unreadable nguoi-co-cong.xlsx\n%s", code, first, stderr)
	}
}

// TestConfigNotAFile: a FIFO as the configuration or as the body template
// is refused by name; os.ReadFile would block on it for ever.
func TestConfigNotAFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "config.yaml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("../../data/config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tmplDir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(tmplDir, "body.tmpl"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(tmplDir, "config.yaml")
	data := regexp.MustCompile(`(?m)^(\s*template:).*$`).ReplaceAll(src, []byte("${1} body.tmpl"))
	os.WriteFile(cfg, data, 0o644)
	abs, _ := filepath.Abs("../../data")
	for _, args := range [][]string{
		{"validate", "--config", fifo, "--out", t.TempDir()},
		{"run", "--config", cfg, "--input", abs, "--out", t.TempDir()},
	} {
		code, stderr := asxhTimeout(t, 30*time.Second, args...)
		if code == 0 || !strings.Contains(stderr, "không phải là tệp thường") {
			t.Errorf("%v: exit %d\n%s", args, code, stderr)
		}
	}
}

// TestConfigMistakesAtOnce: three different mistakes in the sample's
// configuration — a key the decoder does not know, an enum compared with a
// value it does not have, a figure over a column that does not exist — are
// three errors of one run, each at file:line:column, in Vietnamese.
func TestConfigMistakesAtOnce(t *testing.T) {
	data, err := os.ReadFile("../../data/config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	root, _ := filepath.Abs("../..")
	src := string(data)
	for _, r := range [][2]string{
		{"template: ../templates/", "template: " + filepath.Join(root, "templates") + "/"}, // not a mistake: the copy lives elsewhere
		{"header_rows: 30", "header_row: 30"},
		{`filter: 'dau_nam == "Nghèo"'}`, `filter: 'dau_nam == "Ngheo"'}`},
		{"sum: so_nhan_khau, filter: 'dau_nam == \"Cận nghèo\"'", "sum: so_nhan_khau_x, filter: 'dau_nam == \"Cận nghèo\"'"},
	} {
		if !strings.Contains(src, r[0]) {
			t.Fatalf("the sample configuration has no %q", r[0])
		}
		src = strings.Replace(src, r[0], r[1], 1)
	}
	cfg := filepath.Join(t.TempDir(), "config.yaml")
	os.WriteFile(cfg, []byte(src), 0o644)
	code, stderr := asxh(t, "validate", "--config", cfg, "--input", filepath.Join(root, "data"), "--out", t.TempDir())
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(stderr), "\n") {
		if strings.HasPrefix(l, cfg+":") {
			lines = append(lines, strings.TrimPrefix(l, cfg+":"))
		}
	}
	want := []*regexp.Regexp{
		regexp.MustCompile(`^\d+:\d+: khóa "header_row" không có`),
		regexp.MustCompile(`^\d+:\d+: "Ngheo" không phải là một giá trị của cột "Phân loại đầu năm" .*có phải là "Nghèo"\?$`),
		regexp.MustCompile(`^\d+:\d+: sổ ho_ngheo không có cột "so_nhan_khau_x"$`),
	}
	if code != 2 || len(lines) != len(want) {
		t.Fatalf("exit %d, %d errors, want 2 and %d:\n%s", code, len(lines), len(want), stderr)
	}
	for i, re := range want {
		if !re.MatchString(lines[i]) {
			t.Errorf("error %d = %q, want %s", i+1, lines[i], re)
		}
	}
}
