package read

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"asxh/pipeline/config"
	"asxh/pipeline/finding"
	"asxh/pipeline/record"
)

// layoutCfg declares every row and column layout on one register.
const layoutCfg = `year: 2020
document: {name: r, issuer: [X], place: X, date: 2021-01-15, kind: K, subject: S, template: t.tmpl}
reader:
  total_labels: [Cộng, Tổng]
  end_labels: [Người lập biểu, KT. Chủ tịch, Cán bộ LĐTB&XH, Xác nhận]
  end_patterns: ['ngày\s*\d*\s*tháng\s*\d*\s*năm\s*\d{4}']
  group_labels: [Tổ]
registers:
  - key: ho
    title: Hộ
    files: [ho*]
    members: {key: ma_ho, count: nk}
    ended: {field: ngay_thoi, notes: [Ghi chú], patterns: [chết, chuyển đi], struck: true}
    fields:
      - {key: stt, header: STT, type: ignored}
      - {key: ma_ho, header: Mã hộ, type: text, required: true}
      - {key: ten, header: Họ tên, type: text, required: true}
      - {key: nam_sinh, header: Năm sinh, type: year_or_date, split_by: gioi_tinh, age: [Tuổi]}
      - {key: gioi_tinh, header: Giới tính, type: enum, values: [Nam, Nữ]}
      - {key: to, header: Tổ, type: text, required: true, sections: [{pattern: '^tổ dân phố số (\d+)$', value: 'Tổ $1'}]}
      - key: loai
        header: Phân loại
        type: enum
        required: true
        values: [Nghèo, Cận nghèo]
        marks: true
        sections: [{pattern: '^hộ (nghèo|cận nghèo)$', value: '$1'}]
      - {key: nk, header: Số nhân khẩu, type: integer}
      - {key: dip, header: Dịp, type: enum, values: [Tết, Trung thu], from_title: [{pattern: 'tết', value: Tết}, {pattern: 'trung thu', value: Trung thu}]}
      - {key: ngay_thoi, header: Ngày thôi, type: date}
`

func layoutConfig(t testing.TB) *config.Config {
	t.Helper()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "t.tmpl"), nil, 0o644)
	c, err := config.Parse(filepath.Join(dir, "c.yaml"), []byte(layoutCfg))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// show writes a record as "ma_ho ten nam_sinh gioi_tinh to loai nk dip ngay_thoi".
func show(r *record.Record) string {
	var s []string
	for _, v := range r.Values[1:10] {
		if v == nil {
			v = "-"
		}
		s = append(s, fmt.Sprint(v))
	}
	return strings.Join(s, " ")
}

// households are plain records numbered from to below to, as rows and
// as show writes them.
func households(from, to int) [][]any {
	var out [][]any
	for i := from; i < to; i++ {
		out = append(out, []any{i, fmt.Sprintf("H%d", i), "N", 1950, "Nam", "Tổ 1", "Nghèo", 1, "Tết"})
	}
	return out
}

func shown(rows [][]any) []string {
	var out []string
	for _, r := range rows {
		out = append(out, fmt.Sprintf("%v N 1950 Nam Tổ 1 Nghèo 1 Tết -", r[1]))
	}
	return out
}

var cols = []any{"STT", "Mã hộ", "Họ tên", "Năm sinh", "Giới tính", "Tổ", "Phân loại", "Số nhân khẩu", "Dịp", "Ngày thôi", "Ghi chú"}

func TestRowLayouts(t *testing.T) {
	tests := []struct {
		name   string
		sheet  sheet
		want   []string // records, as show writes them
		errors []string // cells of error findings
		says   []string // texts some finding holds
	}{
		{
			name: "the foot: a date line in any column, signature titles without the configured first label",
			sheet: sheet{rows: [][]any{cols,
				{1, "H1", "A", 1950, "Nam", "Tổ 1", "Nghèo", 2, "Tết"},
				{},
				{"", "", "", "", "", "", "Cự Khối, ngày 28 tháng 12 năm 2020"},
				{"", "XÁC NHẬN CỦA UBND", "", "CÁN BỘ LĐTB&XH", "", "", "KT. CHỦ TỊCH"},
				{"", "", "", "", "", "", "PHÓ CHỦ TỊCH"},
				{"", "Nguyễn Văn Lập", "", "Trần Thị Hoa", "", "", "Lê Văn Phó"},
			}},
			want: []string{"H1 A 1950 Nam Tổ 1 Nghèo 2 Tết -"},
		},
		{
			name: "a record under the signatures is read and named; a partial one is named",
			sheet: sheet{rows: [][]any{cols,
				{1, "H1", "A", 1950, "Nam", "Tổ 1", "Nghèo", 2, "Tết"},
				{"", "Người lập biểu"},
				{2, "H2", "B", 1951, "Nữ", "Tổ 2", "Cận nghèo", 1, "Tết"},
				{3, "H3", "", 1952, "Nữ", "", "Nghèo", 1, "Tết"},
			}},
			want: []string{"H1 A 1950 Nam Tổ 1 Nghèo 2 Tết -", "H2 B 1951 Nữ Tổ 2 Cận nghèo 1 Tết -"},
			says: []string{"dưới phần chữ ký (từ dòng 3), vẫn được đọc: dòng 4", "không được đọc: dòng 5"},
		},
		{
			// a code and an amount under "Người lập biểu" were taken for
			// a signer's name: two cells, fewer than half the columns
			name: "a partial row under the signatures with a cell where no signature stands is named",
			sheet: sheet{rows: [][]any{cols,
				{1, "H1", "A", 1950, "Nam", "Tổ 1", "Nghèo", 2, "Tết"},
				{"", "Người lập biểu", "", "", "", "", "KT. CHỦ TỊCH"},
				{"", "", "", "", "", "", "PHÓ CHỦ TỊCH"},
				{"", "Nguyễn Văn Lập", "", "", "", "", "Lê Văn Phó"},
				{"", "H9", "", "", "", "", "", 3},
			}},
			want: []string{"H1 A 1950 Nam Tổ 1 Nghèo 2 Tết -"},
			says: []string{"không được đọc: dòng 6"},
		},
		{
			name: "sections name the class and the tổ; subtotals and the total are skipped",
			sheet: sheet{rows: [][]any{{"STT", "Mã hộ", "Họ tên", "Năm sinh", "Giới tính", "Số nhân khẩu", "Dịp"},
				{"I", "HỘ NGHÈO"},
				{"", "Tổ dân phố số 3"},
				{1, "H1", "A", 1950, "Nam", 2, "Tết"},
				{"", "Cộng tổ 3", "", "", "", 2},
				{"", "Tổ dân phố số 4"},
				{2, "H2", "B", 1950, "Nam", 3, "Tết"},
				{"II", "HỘ CẬN NGHÈO"},
				{3, "H3", "C", 1950, "Nam", 1, "Tết"},
				{"", "Tổng cộng", "", "", "", 6},
			}},
			want: []string{"H1 A 1950 Nam Tổ 3 Nghèo 2 Tết -", "H2 B 1950 Nam Tổ 4 Nghèo 3 Tết -", "H3 C 1950 Nam Tổ 4 Cận nghèo 1 Tết -"},
			says: []string{`không có cột "Tổ": lấy theo các dòng mục`, "2 (I | HỘ NGHÈO)"},
		},
		{
			name: "a record above every section has no tổ (the validator says so)",
			sheet: sheet{rows: [][]any{{"STT", "Mã hộ", "Họ tên", "Phân loại"},
				{1, "H1", "A", "Nghèo"},
				{"", "Tổ dân phố số 4"},
				{2, "H2", "B", "Nghèo"},
			}},
			want: []string{"H1 A - - - Nghèo 1 - -", "H2 B - - Tổ 4 Nghèo 1 - -"},
		},
		{
			name: "household blocks: members under the head, the key blank or repeated",
			sheet: sheet{rows: [][]any{{"STT", "Mã hộ", "Họ tên", "Tổ", "Phân loại", "Quan hệ"},
				{1, "H1", "A", "Tổ 1", "Nghèo", "Chủ hộ"},
				{"", "", "A2", "", "", "Vợ"},
				{"", "", "A3", "", "", "Con"},
				{2, "H2", "B", "Tổ 1", "Cận nghèo", "Chủ hộ"},
				{"", "H2", "B2", "Tổ 1", "Cận nghèo", "Con"},
				{3, "H3", "C", "Tổ 2", "Nghèo", "Chủ hộ"},
			}},
			want: []string{"H1 A - - Tổ 1 Nghèo 3 - -", "H2 B - - Tổ 1 Cận nghèo 2 - -", "H3 C - - Tổ 2 Nghèo 1 - -"},
			says: []string{"2 hộ có thành viên", "H1 (dòng 2): dòng 3, 4"},
		},
		{
			name: "a blank key on a row with its own count is a household, not a member",
			sheet: sheet{rows: [][]any{{"STT", "Mã hộ", "Họ tên", "Tổ", "Phân loại", "Số nhân khẩu"},
				{1, "H1", "A", "Tổ 1", "Nghèo", 2},
				{"", "", "A2"},
				{2, "", "B", "Tổ 2", "Cận nghèo", 1},
			}},
			want: []string{"H1 A - - Tổ 1 Nghèo 2 - -", "- B - - Tổ 2 Cận nghèo 1 - -"},
			says: []string{"H1 (dòng 2): dòng 3"},
		},
		{
			name: "notes end a row on their date, or leave it out without one",
			sheet: sheet{rows: [][]any{cols,
				{1, "H1", "A", 1950, "Nam", "Tổ 1", "Nghèo", 1, "Tết", "", "Đã chết 3/11/2019"},
				{2, "H2", "B", 1950, "Nam", "Tổ 1", "Nghèo", 1, "Tết", "", "Chuyển đi"},
				{3, "H3", "C", 1950, "Nam", "Tổ 1", "Nghèo", 1, "Tết", "", "hộ khó khăn"},
			}},
			want: []string{"H1 A 1950 Nam Tổ 1 Nghèo 1 Tết 03/11/2019", "H3 C 1950 Nam Tổ 1 Nghèo 1 Tết -"},
			says: []string{"K2: ghi chú \"Đã chết 3/11/2019\": coi là ngày thôi 03/11/2019", "K3: ghi chú \"Chuyển đi\", không có ngày: dòng không được tính"},
		},
		{
			// the first rows are buffered by the header search: a strike
			// there counts as much as one further down
			name: "struck rows end on their note's date, or are left out without one, near the header or far below",
			sheet: sheet{rows: slices.Concat([][]any{cols,
				{1, "H1", "A", 1950, "Nam", "Tổ 1", "Nghèo", 1, "Tết", "", "Đã chết 3/11/2019"},
				{2, "H2", "B", 1950, "Nam", "Tổ 1", "Nghèo", 1, "Tết"},
				{3, "H3", "C", 1950, "Nam", "Tổ 1", "Nghèo", 1, "Tết"},
			}, households(4, 40), [][]any{
				{40, "H40", "X", 1950, "Nam", "Tổ 1", "Nghèo", 1, "Tết"},
			}), struck: []int{2, 3, 41}},
			want: slices.Concat([]string{"H1 A 1950 Nam Tổ 1 Nghèo 1 Tết 03/11/2019", "H3 C 1950 Nam Tổ 1 Nghèo 1 Tết -"}, shown(households(4, 40))),
			says: []string{`K2: dòng bị gạch ngang, ghi chú "Đã chết 3/11/2019": coi là ngày thôi 03/11/2019`,
				"ho.xlsx!Sheet1!dòng 3: dòng bị gạch ngang, không có ngày: dòng không được tính",
				"ho.xlsx!Sheet1!dòng 41: dòng bị gạch ngang, không có ngày: dòng không được tính"},
		},
		{
			name: "birth year under Nam | Nữ gives the sex; both filled is an error",
			sheet: sheet{rows: [][]any{{"STT", "Mã hộ", "Họ tên", "Năm sinh", "", "Tổ", "Phân loại"},
				{"", "", "", "Nam", "Nữ"},
				{1, "H1", "A", 1950, "", "Tổ 1", "Nghèo"},
				{2, "H2", "B", "", 1960, "Tổ 1", "Nghèo"},
				{3, "H3", "C", 1950, 1951, "Tổ 1", "Nghèo"},
			}, merges: [][2]string{{"D1", "E1"}}},
			want:   []string{"H1 A 1950 Nam Tổ 1 Nghèo 1 - -", "H2 B 1960 Nữ Tổ 1 Nghèo 1 - -", "H3 C - - Tổ 1 Nghèo 1 - -"},
			errors: []string{"E5"},
			says:   []string{`cột "Năm sinh" chia theo "Giới tính" (Nam, Nữ)`},
		},
		{
			name: "mark columns give one value; two marks is an error",
			sheet: sheet{rows: [][]any{{"STT", "Mã hộ", "Họ tên", "Tổ", "Nghèo", "Cận nghèo"},
				{1, "H1", "A", "Tổ 1", "x", ""},
				{2, "H2", "B", "Tổ 1", "", "X"},
				{3, "H3", "C", "Tổ 1", "x", "x"},
			}},
			want:   []string{"H1 A - - Tổ 1 Nghèo 1 - -", "H2 B - - Tổ 1 Cận nghèo 1 - -", "H3 C - - Tổ 1 - 1 - -"},
			errors: []string{"F4"},
			says:   []string{`cột "Phân loại" ghi bằng dấu đánh vào các cột Nghèo, Cận nghèo`},
		},
		{
			name: "an age column stands for the birth year",
			sheet: sheet{rows: [][]any{{"STT", "Mã hộ", "Họ tên", "Tuổi", "Tổ", "Phân loại"},
				{1, "H1", "A", 75, "Tổ 1", "Nghèo"},
				{2, "H2", "B", "bảy", "Tổ 1", "Nghèo"},
			}},
			want:   []string{"H1 A 1945 - Tổ 1 Nghèo 1 - -", "H2 B - - Tổ 1 Nghèo 1 - -"},
			errors: []string{"D3"},
			says:   []string{"năm sinh tính bằng năm báo cáo trừ tuổi"},
		},
		{
			name: "the occasion from the title",
			sheet: sheet{rows: [][]any{{"DANH SÁCH TẶNG QUÀ TẾT NGUYÊN ĐÁN"}, {},
				{"STT", "Mã hộ", "Họ tên", "Tổ", "Phân loại"},
				{1, "H1", "A", "Tổ 1", "Nghèo"},
			}},
			want: []string{"H1 A - - Tổ 1 Nghèo 1 Tết -"},
			says: []string{`lấy "Tết" theo tiêu đề "DANH SÁCH TẶNG QUÀ TẾT NGUYÊN ĐÁN"`},
		},
		{
			name: "a title naming two occasions is an error",
			sheet: sheet{rows: [][]any{{"QUÀ TẾT VÀ TRUNG THU"}, {},
				{"STT", "Mã hộ", "Họ tên", "Tổ", "Phân loại"},
				{1, "H1", "A", "Tổ 1", "Nghèo"},
			}},
			want:   []string{"H1 A - - Tổ 1 Nghèo 1 - -"},
			errors: []string{""},
		},
	}
	c := layoutConfig(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := writeXLSX(t, t.TempDir(), "ho.xlsx", tt.sheet)
			recs, fs := readAll(c, c.Register("ho"), f)
			var got []string
			for _, r := range recs {
				got = append(got, show(r))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("records:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			var errs, said []string
			for _, f := range fs {
				said = append(said, f.Place()+": "+f.Message)
				if f.Level == finding.Error {
					errs = append(errs, f.Cell)
				}
			}
			if fmt.Sprint(errs) != fmt.Sprint(tt.errors) {
				t.Errorf("errors at %v, want %v:\n%s", errs, tt.errors, strings.Join(said, "\n"))
			}
			for _, s := range tt.says {
				if !strings.Contains(strings.Join(said, "\n"), s) {
					t.Errorf("no finding says %q:\n%s", s, strings.Join(said, "\n"))
				}
			}
		})
	}
}
