package read

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/expr-lang/expr"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"

	"asxh/pipeline/config"
	"asxh/pipeline/finding"
	"asxh/pipeline/record"
	"asxh/pipeline/source"
	"asxh/pipeline/vn"
)

const cfgSrc = `year: 2020
document: {name: r, issuer: [X], place: X, date: 2021-01-15, kind: K, subject: S, template: t.tmpl}
reader:
  total_labels: [Cộng, Tổng]
  end_labels: [Người lập biểu]
  group_labels: [Tổ]
registers:
  - key: ho
    title: Hộ
    files: [ho*]
    fields:
      - {key: stt, header: STT, type: ignored}
      - {key: ma_ho, header: Mã hộ, type: text, required: true}
      - {key: chu_ho, header: Họ tên chủ hộ, synonyms: [Chủ hộ], type: text, required: true}
      - {key: nk, header: Số nhân khẩu, type: integer, required: true}
      - {key: dau_nam, header: Phân loại đầu năm, synonyms: [Phân loại hộ / Đầu năm], type: enum, values: [Nghèo, Cận nghèo, Không]}
      - {key: cuoi_nam, header: Phân loại cuối năm, synonyms: [Phân loại hộ / Cuối năm], type: enum, values: [Nghèo, Cận nghèo, Không]}
      - {key: tien, header: Trợ cấp, type: money}
      - {key: ngay, header: Ngày, type: date}
`

func testConfig(t testing.TB) *config.Config {
	t.Helper()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "t.tmpl"), nil, 0o644)
	c, err := config.Parse(filepath.Join(dir, "c.yaml"), []byte(cfgSrc))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// sheet describes a workbook to write: rows from A1, merges, hidden sheets before it.
type sheet struct {
	rows   [][]any
	merges [][2]string
	hidden bool  // put a hidden sheet with junk first
	struck []int // 1-based rows written in a struck-through font
}

func writeXLSX(t testing.TB, dir, name string, s sheet) source.File {
	t.Helper()
	f := excelize.NewFile()
	sh := "Sheet1"
	if s.hidden {
		f.SetSheetName("Sheet1", "Ẩn")
		f.SetCellValue("Ẩn", "A1", "rác")
		idx, _ := f.NewSheet("DS")
		f.SetActiveSheet(idx)
		if err := f.SetSheetVisible("Ẩn", false); err != nil {
			t.Fatal(err)
		}
		sh = "DS"
	}
	for i, r := range s.rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		f.SetSheetRow(sh, cell, &r)
	}
	for _, m := range s.merges {
		f.MergeCell(sh, m[0], m[1])
	}
	if len(s.struck) > 0 {
		strike, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Strike: true}})
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range s.struck {
			last, _ := excelize.CoordinatesToCellName(len(s.rows[n-1]), n)
			f.SetCellStyle(sh, fmt.Sprintf("A%d", n), last, strike)
		}
	}
	path := filepath.Join(dir, name)
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return source.File{Path: path, Name: name, Register: "ho", Format: "xlsx"}
}

var head = []any{"STT", "Mã hộ", "Họ tên chủ hộ", "Số nhân khẩu", "Phân loại đầu năm", "Phân loại cuối năm", "Trợ cấp", "Ngày"}

func TestReadLayouts(t *testing.T) {
	tests := []struct {
		name     string
		sheet    sheet
		wantRecs int
		wantNK   []int
		check    func(t *testing.T, fs finding.List)
	}{
		{
			name: "title rows, total and signature",
			sheet: sheet{rows: [][]any{
				{"DANH SÁCH HỘ NGHÈO NĂM 2020"}, {},
				head,
				{1, "H1", "Lê Văn A", 3, "Nghèo", "Không", "350.000", "05/03/2020"},
				{},
				{2, "H2", "Lê Thị B", "2", "Cận nghèo", "Cận nghèo", 525000, 43895},
				{"", "Tổng cộng", "", 5},
				{}, {"", "Người lập biểu"}, {"", "H9", "x", 1},
			}, merges: [][2]string{{"A1", "H1"}}},
			// the row typed under the signature is read, and named (issue 8)
			wantRecs: 3, wantNK: []int{3, 2, 1},
			check: func(t *testing.T, fs finding.List) {
				for _, f := range fs {
					if f.Level == finding.Warning && f.Row == 10 && strings.Contains(f.Message, "dưới phần chữ ký") {
						return
					}
				}
				t.Errorf("no warning naming row 10 under the signature: %v", fs)
			},
		},
		{
			name: "two-row header with a merged group cell",
			sheet: sheet{rows: [][]any{
				{"DANH SÁCH"},
				{"STT", "Mã hộ", "Họ tên chủ hộ", "Số nhân khẩu", "Phân loại hộ", "", "Trợ cấp", "Ngày"},
				{"", "", "", "", "Đầu năm", "Cuối năm"},
				{"(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"},
				{1, "H1", "A", 4, "Nghèo", "Cận nghèo"},
			}, merges: [][2]string{{"E2", "F2"}, {"A2", "A3"}}},
			wantRecs: 1, wantNK: []int{4},
		},
		{
			name: "shuffled columns, NFD, line breaks, synonyms, extra column, hidden sheet",
			sheet: sheet{hidden: true, rows: [][]any{
				{"Ghi chú", norm.NFD.String("Số nhân\nkhẩu"), "MÃ HỘ", "Chủ hộ", "Phân loại đầu  năm", "Phân loại cuối năm"},
				{"x", 5, "H1", "A", "nghèo", "can ngheo"},
				{"", "", "", "Tổ 3"},
				{"y", 1, "H2", "B", "Không", "Không"},
				{"Tổng hợp từ tổ 4", 2, "H3", "C", "Không", "Không"}, // a note, not a total: every required cell is filled
				{"Tổng cộng", 8},
			}},
			wantRecs: 3, wantNK: []int{5, 1, 2},
			check: func(t *testing.T, fs finding.List) {
				want := map[string]bool{finding.ExtraLabel: false, finding.EnumFolded: false}
				for _, f := range fs {
					want[f.Code] = true
					if f.Code == finding.EnumFolded && f.Cell != "F2" {
						t.Errorf("enum warning at %s, want F2", f.Cell)
					}
				}
				for code, seen := range want {
					if !seen {
						t.Errorf("no %s finding in %v", code, fs)
					}
				}
			},
		},
	}
	c := testConfig(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := writeXLSX(t, t.TempDir(), "ho.xlsx", tt.sheet)
			recs, fs := readAll(c, c.Register("ho"), f)
			if n := fs.Count(finding.Error); n > 0 {
				t.Fatalf("errors: %v", fs)
			}
			if len(recs) != tt.wantRecs {
				t.Fatalf("%d records, want %d: %v", len(recs), tt.wantRecs, recs)
			}
			for i, nk := range tt.wantNK {
				if recs[i].Values[3] != nk {
					t.Errorf("record %d: nk = %v, want %d", i, recs[i].Values[3], nk)
				}
			}
			if tt.check != nil {
				tt.check(t, fs)
			}
		})
	}
}

func TestReadValues(t *testing.T) {
	c := testConfig(t)
	f := writeXLSX(t, t.TempDir(), "ho.xlsx", sheet{rows: [][]any{head,
		{1, " H1\u00a0", "Lê Văn A", 3, "Nghèo", "Không", "1.624.000 đ", "5/3/2020"},
	}})
	recs, fs := readAll(c, c.Register("ho"), f)
	if len(fs) != 0 || len(recs) != 1 {
		t.Fatalf("%v %v", recs, fs)
	}
	r := recs[0]
	if r.Values[1] != "H1" || r.Values[6] != 1624000 || r.Values[7].(vn.Date).String() != "05/03/2020" {
		t.Errorf("values = %#v", r.Values)
	}
	if r.Row != 2 || r.Sheet.Cell(3, r.Row) != "D2" {
		t.Errorf("row %d cell %s", r.Row, r.Sheet.Cell(3, r.Row))
	}
}

func TestReadDefects(t *testing.T) {
	tests := []struct {
		name string
		row  []any
		code string
		cell string
	}{
		{"text in an integer", []any{1, "H1", "A", "ba", "Nghèo", "Không"}, finding.TypeError, "D2"},
		{"unknown enum value", []any{1, "H1", "A", 3, "Nghèo lắm", "Không"}, finding.Constraint, "E2"},
		{"formula error", []any{1, "H1", "A", "#REF!", "Nghèo", "Không"}, finding.TypeError, "D2"},
		{"bad date", []any{1, "H1", "A", 3, "Nghèo", "Không", 0, "31/02/2020"}, finding.TypeError, "H2"},
		{"money with decimals", []any{1, "H1", "A", 3, "Nghèo", "Không", "350.000,5"}, finding.TypeError, "G2"},
	}
	c := testConfig(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := writeXLSX(t, t.TempDir(), "ho.xlsx", sheet{rows: [][]any{head, tt.row}})
			_, fs := readAll(c, c.Register("ho"), f)
			if len(fs) != 1 || fs[0].Code != tt.code || fs[0].Cell != tt.cell || fs[0].File != "ho.xlsx" || fs[0].Sheet != "Sheet1" {
				t.Fatalf("findings = %v, want one %s at %s", fs, tt.code, tt.cell)
			}
			if fs[0].Hint == "" || fs[0].Message == "" {
				t.Errorf("finding without message or hint: %+v", fs[0])
			}
		})
	}
}

func TestReadMissingColumn(t *testing.T) {
	c := testConfig(t)
	f := writeXLSX(t, t.TempDir(), "ho.xlsx", sheet{rows: [][]any{
		{"Tiêu đề"}, {"STT", "Mã hộ", "Họ tên chủ hộ", "Phân loại đầu năm"}, {1, "H1", "A", "Nghèo"},
	}})
	_, fs := readAll(c, c.Register("ho"), f)
	var missing []string
	for _, x := range fs {
		if x.Code == finding.MissingLabel && x.Level == finding.Error {
			missing = append(missing, x.Message)
			if x.Row != 2 {
				t.Errorf("missing column reported on row %d, want 2", x.Row)
			}
		}
	}
	if len(missing) != 1 || !strings.Contains(missing[0], "Số nhân khẩu") {
		t.Errorf("missing = %v", missing)
	}
}

func TestReadCSV(t *testing.T) {
	c := testConfig(t)
	text := "Mã hộ;Họ tên chủ hộ;Số nhân khẩu;Phân loại đầu năm\nH1;Lê Văn Ân;3;Nghèo\nH2;Trần Thị Hòa;2;Cận nghèo\n"
	win, err := charmap.Windows1258.NewEncoder().String(cp1258Form(text))
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string]string{"utf8-bom": "\xef\xbb\xbf" + strings.ReplaceAll(text, ";", ","), "windows-1258": win} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "ho.csv")
			os.WriteFile(path, []byte(data), 0o644)
			recs, fs := readAll(c, c.Register("ho"), source.File{Path: path, Name: "ho.csv", Register: "ho", Format: "csv"})
			if fs.Count(finding.Error) > 0 || len(recs) != 2 {
				t.Fatalf("recs %d, findings %v", len(recs), fs)
			}
			if recs[1].Values[2] != "Trần Thị Hòa" || recs[1].Values[4] != "Cận nghèo" {
				t.Errorf("values = %q", recs[1].Values)
			}
		})
	}
}

// cp1258Form writes text the way Windows-1258 holds Vietnamese: base
// letters with their vowel marks precomposed, tone marks combining.
func cp1258Form(s string) string {
	var b strings.Builder
	for _, r := range norm.NFC.String(s) {
		var tone []rune
		var base []rune
		for _, x := range norm.NFD.String(string(r)) {
			switch x {
			case '\u0300', '\u0301', '\u0303', '\u0309', '\u0323':
				tone = append(tone, x)
			default:
				base = append(base, x)
			}
		}
		b.WriteString(norm.NFC.String(string(base)))
		b.WriteString(string(tone))
	}
	return b.String()
}

func FuzzFindHeader(f *testing.F) {
	f.Add("STT|Mã hộ|Họ tên chủ hộ|Số nhân khẩu\n1|H1|A|3", "Phân loại hộ||Đầu năm|Cuối năm")
	c := testConfig(f)
	reg := c.Register("ho")
	f.Fuzz(func(t *testing.T, a, b string) {
		var rows [][]string
		for _, line := range strings.Split(a+"\n"+b, "\n") {
			rows = append(rows, strings.Split(line, "|"))
		}
		h, ok := findHeader(reg, rows)
		if ok && (h.row < 0 || h.row >= len(rows)) {
			t.Fatalf("header row %d out of range", h.row)
		}
	})
}

func FuzzReadFile(f *testing.F) {
	dir := f.TempDir()
	good := writeXLSX(f, dir, "ho.xlsx", sheet{rows: [][]any{head, {1, "H1", "A", 3, "Nghèo", "Không"}}})
	data, _ := os.ReadFile(good.Path)
	f.Add(data)
	f.Add([]byte("Mã hộ,Họ tên chủ hộ\nH1,A\n"))
	c := testConfig(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "ho.xlsx")
		os.WriteFile(path, data, 0o644)
		for _, format := range []string{"xlsx", "csv"} {
			readAll(c, c.Register("ho"), source.File{Path: path, Name: "ho.xlsx", Register: "ho", Format: format})
		}
	})
}

func BenchmarkReadSample(b *testing.B) {
	c, err := config.Load("../../data/config.yaml")
	if err != nil {
		b.Fatal(err)
	}
	files, _, err := source.Find(c, "../../data", false)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		Read(c, files, "")
	}
}

// TestLegacyEncodings reads a TCVN3 column drawn in .VnTime, a VNI column
// in VNI-Times, a TCVN3 header and a TCVN3 column with no font to tell.
func TestLegacyEncodings(t *testing.T) {
	c := testConfig(t)
	path := filepath.Join(t.TempDir(), "ho.xlsx")
	f := excelize.NewFile()
	rows := [][]any{
		{"STT", "M· hé", "Hä tªn chñ hé", "Sè nh©n khÈu", "Ph©n lo¹i ®Çu n¨m", "Ph©n lo¹i cuèi n¨m"},
		{1, "H1", "Nguyeãn Ñöùc Thaéng", 3, "Hé nghÌo", "CËn nghÌo"},
		{2, "H2", "Tröông Thò Hoøa", 2, "CËn nghÌo", "Kh«ng"},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		f.SetSheetRow("Sheet1", cell, &r)
	}
	vnTime, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: ".VnTime"}})
	vniTimes, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: "VNI-Times"}})
	f.SetCellStyle("Sheet1", "E2", "E3", vnTime)
	f.SetCellStyle("Sheet1", "C2", "C3", vniTimes)
	f.SetCellValue("Sheet1", "E2", "NghÌo") // the enum value itself
	f.SetCellValue("Sheet1", "E3", "CËn nghÌo")
	f.SetCellValue("Sheet1", "F2", "CËn nghÌo")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	recs, fs := readAll(c, c.Register("ho"), source.File{Path: path, Name: "ho.xlsx", Register: "ho", Format: "xlsx"})
	if fs.Count(finding.Error) > 0 || len(recs) != 2 {
		t.Fatalf("records %d, findings %v", len(recs), fs)
	}
	want := [][]any{{"Nguyễn Đức Thắng", "Nghèo", "Cận nghèo"}, {"Trương Thị Hòa", "Cận nghèo", "Không"}}
	for i, w := range want {
		got := []any{recs[i].Values[2], recs[i].Values[4], recs[i].Values[5]}
		for j := range w {
			if got[j] != w[j] {
				t.Errorf("record %d: %q, want %q", i, got, w)
				break
			}
		}
	}
	conv := map[string]string{}
	for _, x := range fs {
		if x.Code == finding.LegacyText {
			conv[x.Cell] = x.Message
		}
	}
	if !strings.Contains(conv["C2"], "VNI (phông VNI-Times)") || !strings.Contains(conv["E2"], "TCVN3 (phông .VnTime)") || !strings.Contains(conv["F2"], "TCVN3 (nhận ra qua chữ)") {
		t.Errorf("conversions reported: %v", conv)
	}
}

// readAll reads one file into memory.
func readAll(c *config.Config, reg *config.Register, f source.File) ([]*record.Record, finding.List) {
	var recs []*record.Record
	fs := readFile(context.Background(), c, reg, f, "", func(r *record.Record) bool {
		recs = append(recs, r)
		return true
	})
	return recs, fs
}

// TestSideBySideHalves: a long list printed in two halves side by side
// repeats the header to the right. Reading the left half alone published
// half the people with exit 0; a column whose header a field already
// claimed is one error naming both cells, never dropped in silence.
func TestSideBySideHalves(t *testing.T) {
	c := testConfig(t)
	tests := []struct {
		name string
		rows [][]any
		want int // error findings about repeated columns
	}{
		{"two halves", [][]any{
			{"Mã hộ", "Họ tên chủ hộ", "Số nhân khẩu", "", "Mã hộ", "Họ tên chủ hộ", "Số nhân khẩu"},
			{"H1", "A", 3, "", "H3", "C", 2},
			{"H2", "B", 4, "", "H4", "D", 5},
		}, 1},
		{"one table", [][]any{
			{"Mã hộ", "Họ tên chủ hộ", "Số nhân khẩu"},
			{"H1", "A", 3},
		}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := writeXLSX(t, t.TempDir(), "ho.xlsx", sheet{rows: tt.rows})
			_, fs := readAll(c, c.Register("ho"), f)
			n := 0
			for _, x := range fs {
				if x.Code == finding.RepeatedLabel && x.Level == finding.Error {
					n++
					if !strings.Contains(x.Message, "E1") || !strings.Contains(x.Message, "A1") {
						t.Errorf("message does not name both cells: %s", x.Message)
					}
				}
			}
			if n != tt.want {
				t.Errorf("%d repeated-column errors, want %d: %v", n, tt.want, fs)
			}
		})
	}
}

// TestDeriveReadsWhatItNames: derived values loaded with only the names
// the expressions read are those of the whole environment, record after
// record, blanks included (a blank must not keep the record before's).
func TestDeriveReadsWhatItNames(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "t.tmpl"), nil, 0o644)
	src := cfgSrc + `    derived:
      - {key: gap, expr: "nk * 2"}
      - {key: sum, expr: "gap + (tien ?? 0)"}
      - {key: late, expr: "ngay != nil && ngay > report.end"}
      - {key: who, expr: "chu_ho + '/' + cuoi_nam"}
      - {key: all, expr: "$env.nk ?? -1"}
`
	c, err := config.Parse(filepath.Join(dir, "c.yaml"), []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	reg := c.Register("ho")
	if got := derivedReads(reg); len(got) != len(reg.Fields)+len(reg.Derived) {
		t.Errorf("$env reads every name, derivedReads %v", got)
	}
	reg.Derived = reg.Derived[:4]
	if got, want := derivedReads(reg), []int{2, 3, 5, 6, 7, 8}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("derivedReads %v, want %v", got, want)
	}
	f := writeXLSX(t, dir, "ho.xlsx", sheet{rows: [][]any{head,
		{1, "H1", "A", 3, "Nghèo", "Không", 350000, "05/03/2021"},
		{2, "H2", "B", 4, "Nghèo", "", "", ""},
		{3, "H3", "C", 2, "Không", "Nghèo", 700000, "05/03/2019"},
		{4, "H4", "D", 5, "", "", "", "01/01/2022"},
	}})
	recs, fs := readAll(c, reg, f)
	if len(recs) != 4 || fs.Count(finding.Error) > 0 {
		t.Fatalf("%d records, %v", len(recs), fs)
	}
	nf := len(reg.Fields)
	for _, rec := range recs {
		env := record.NewEnv(c, reg).Load(rec)
		for i, d := range reg.Derived {
			want, err := expr.Run(d.Program, env)
			if err != nil {
				want = nil
			}
			env[d.Key] = record.Expr(want)
			if got := rec.Values[nf+i]; got != want {
				t.Errorf("row %d %s = %#v, the whole environment gives %#v", rec.Row, d.Key, got, want)
			}
		}
	}
}
