package sample

import (
	"cmp"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// rowLayouts are the layouts of the rows of a table: sections, signature
// lines, merged cells, household blocks, struck-through rows — and the
// column layouts the configuration declares (birth year by sex, mark
// columns, age, the occasion in the title).
var rowLayouts = []Layout{
	{
		// Người cao tuổi by tổ: "Tổ dân phố số 3" over each tổ, "Cộng tổ 3"
		// under it, a grand total, no Tổ column; hộ nghèo under "I | HỘ
		// NGHÈO", "II | HỘ CẬN NGHÈO", "III | HỘ KHÔNG NGHÈO", no Đầu năm column.
		Name:     "sections",
		Write:    rowsLayout(map[string][]step{"nguoi-cao-tuoi.xlsx": {sectionsByTo}, "ho-ngheo.xlsx": {sectionsByClass}}, false),
		Findings: []string{"các dòng mục được bỏ qua", `không có cột "Tổ dân phố": lấy theo các dòng mục`, `không có cột "Phân loại đầu năm": lấy theo các dòng mục`},
	},
	{
		// The foot as wards sign it: the place-and-date line, signature
		// titles in several columns, without "Người lập biểu" in some, the
		// signers' names; two survey sheets typed under the signatures.
		Name:     "signature-foot",
		Write:    rowsLayout(map[string][]step{"khao-sat.xlsx": {belowFoot}}, true),
		Findings: []string{"khao-sat.xlsx!DS!dòng", "dưới phần chữ ký (từ dòng"},
	},
	{
		// Values merged down the rows they share: the tổ of the people
		// with merit, their family code, the occasion of the activities.
		Name: "merged-down",
		Write: rowsLayout(map[string][]step{"nguoi-co-cong.xlsx": {mergedDown("Tổ dân phố", "Mã gia đình")},
			"hoat-dong.xlsx": {mergedDown("Dịp")}}, false),
		Findings: []string{`nguoi-co-cong.xlsx!DS!G4: ô gộp G4:G`, `hoat-dong.xlsx!DS!D`, "được tính cho mọi dòng"},
	},
	{
		// Values as clerks type them: money with its currency, grouped the
		// English way, in millions or as the product of base and hệ số;
		// start dates as month and year, or a year alone; birth years as
		// "năm 1945", "khoảng 1990", "1990 (?)"; health-card codes with
		// spaces.
		Name: "clerk-values",
		Write: rowsLayout(map[string][]step{"bao-tro-xa-hoi.xlsx": {clerkValues}, "nguoi-co-cong.xlsx": {clerkValues},
			"nguoi-cao-tuoi.xlsx": {clerkValues}, "khao-sat.xlsx": {clerkValues}, "the-bhyt.xlsx": {clerkValues}}, false),
		Findings: []string{`"350.000 x 1,5" được đọc là 525.000 đồng`, "dấu phẩy phân cách hàng nghìn", `"khoảng`, `(?)" là năm không chắc chắn`,
			`cột "Ngày hưởng": "T`, `chỉ có năm, được đọc là năm`, `cột "Năm sinh": "năm 19`, `cột "Mã thẻ BHYT": "`},
	},
	{
		// Hộ nghèo as households: the head on one row, members below with
		// Mã hộ merged down (or blank), no Số nhân khẩu column.
		Name:     "household-blocks",
		Write:    rowsLayout(map[string][]step{"ho-ngheo.xlsx": {householdBlocks}}, false),
		Findings: []string{"hộ có thành viên ghi ở các dòng dưới", `không có cột "Số nhân khẩu": đếm số dòng`},
	},
	{
		// No end-date columns: "Đã cắt hưởng từ 01/07/2020", "Đã chết
		// 14/8/2020" in a Ghi chú column, the rows struck through, and two
		// people who moved away ("Chuyển đi", no date) left on the list.
		Name:  "ended-notes",
		Write: rowsLayout(map[string][]step{"bao-tro-xa-hoi.xlsx": {endedNotes}, "nguoi-cao-tuoi.xlsx": {endedNotes}}, false),
		Findings: []string{"coi là ngày thôi hưởng", "coi là ngày mất", `dòng bị gạch ngang, ghi chú "Chuyển đi", không có ngày: dòng không được tính`,
			"dòng bị gạch ngang, không có ngày: dòng không được tính"},
	},
	{
		// Năm sinh (Ngày sinh) over "Nam | Nữ": the year in the column of the
		// person's sex, no Giới tính column.
		Name: "birth-year-by-sex",
		Write: rowsLayout(map[string][]step{"nguoi-co-cong.xlsx": {bySex}, "nguoi-cao-tuoi.xlsx": {bySex},
			"bao-tro-xa-hoi.xlsx": {bySex}, "khao-sat.xlsx": {bySex}}, false),
		Findings: []string{`cột "Năm sinh" chia theo "Giới tính" (Nam, Nữ)`, `cột "Ngày sinh" chia theo "Giới tính" (Nam, Nữ)`},
	},
	{
		// "x" under "Nhu cầu / Học nghề | Việc làm | Vay vốn | Chưa có nhu
		// cầu"; "x" under "Nghèo | Cận nghèo | Không" for the start of the year.
		Name:     "mark-columns",
		Write:    rowsLayout(map[string][]step{"khao-sat.xlsx": {marksUnderGroup}, "ho-ngheo.xlsx": {marksAlone}}, false),
		Findings: []string{`cột "Nhu cầu" ghi bằng dấu đánh`, `cột "Phân loại đầu năm" ghi bằng dấu đánh`},
	},
	{
		// Người cao tuổi with "Tuổi" instead of Ngày sinh.
		Name:     "age",
		Write:    rowsLayout(map[string][]step{"nguoi-cao-tuoi.xlsx": {ageColumn}}, false),
		Findings: []string{`không có cột "Ngày sinh": năm sinh tính bằng năm báo cáo trừ tuổi ở cột "Tuổi"`},
	},
	{
		// One gift list per occasion, the occasion only in the title.
		Name:     "occasion-lists",
		Write:    occasionLists(nil, false, nil),
		Findings: []string{`không có cột "Dịp": lấy "Tết Nguyên đán" theo tiêu đề`, `lấy "27/7" theo tiêu đề`},
	},
	{
		// Every row layout at once.
		Name:     "all-row-layouts",
		Write:    occasionLists(allRowSteps, true, nil),
		Findings: []string{"các dòng mục được bỏ qua", "hộ có thành viên", "coi là ngày thôi hưởng", "chia theo", "dấu đánh", "trừ tuổi", "theo tiêu đề", "dưới phần chữ ký"},
	},
}

// allRowSteps are the steps of every row layout, register by register.
var allRowSteps = map[string][]step{
	"nguoi-co-cong.xlsx":  {bySex},
	"nguoi-cao-tuoi.xlsx": {endedNotes, ageColumn, sectionsByTo},
	"bao-tro-xa-hoi.xlsx": {endedNotes, bySex},
	"khao-sat.xlsx":       {bySex, marksUnderGroup, belowFoot},
	"ho-ngheo.xlsx":       {sectionsByClass, householdBlocks},
}

// table is a register being laid out: its header and its lines, records
// and the rows between them.
type table struct {
	b           *book
	head, group []string
	lines       []line
	after       []line // typed under the foot
}

// line is one row of the table.
type line struct {
	cells  []any
	record bool
	struck bool
	down   map[int]int // column → rows below to merge the cell over
}

// step changes a table: steps on columns first, then steps on rows.
type step func(t *table)

func newTable(b *book) *table {
	t := &table{b: b, head: slices.Clone(b.head)}
	if b.group != nil {
		t.group = slices.Clone(b.group)
	}
	for _, r := range b.rows {
		t.lines = append(t.lines, line{cells: slices.Clone(r), record: true})
	}
	return t
}

func (t *table) col(h string) int { return slices.Index(t.head, h) }

// replace puts the columns heads (under group) in place of column i, each
// record's cells from cells.
func (t *table) replace(i int, heads []string, group string, cells func(old any, rec []any) []any) {
	if t.group == nil && group != "" {
		t.group = make([]string, len(t.head))
	}
	gs := make([]string, len(heads))
	for j := range gs {
		gs[j] = group
	}
	t.head = slices.Concat(t.head[:i], heads, t.head[i+1:])
	if t.group != nil {
		t.group = slices.Concat(t.group[:i], gs, t.group[i+1:])
	}
	for n := range t.lines {
		r := t.lines[n].cells
		if !t.lines[n].record || i >= len(r) {
			continue
		}
		t.lines[n].cells = slices.Concat(r[:i], cells(r[i], r), r[i+1:])
	}
}

func (t *table) drop(i int) { t.replace(i, nil, "", func(any, []any) []any { return nil }) }

// sheet writes the table as the clean sample does, with the foot asked for.
func (t *table) sheet(fancyFoot bool, variant int) *sheet {
	s := &sheet{name: "DS"}
	s.add([]any{t.b.title}, nil)
	s.header(t.head, t.group)
	put := func(ls []line) {
		for _, l := range ls {
			r := s.add(l.cells)
			if l.struck {
				s.struck = append(s.struck, r)
			}
			for _, c := range slices.Sorted(mapKeys(l.down)) {
				s.merge(c+1, r, c+1, r+l.down[c])
			}
		}
	}
	put(t.lines)
	if t.b.total != nil {
		s.add(t.b.total)
	}
	w := len(t.head)
	row := func(cells map[int]string) []any {
		r := make([]any, w)
		for c, v := range cells {
			r[c] = v
		}
		return r
	}
	switch {
	case fancyFoot:
		first := "NGƯỜI LẬP BIỂU"
		if variant%2 == 1 {
			first = "XÁC NHẬN CỦA UBND PHƯỜNG" // no configured "Người lập biểu"
		}
		date := w - 1
		if variant%3 == 2 {
			date = 0
		}
		s.add(nil, row(map[int]string{date: "Cự Khối, ngày 28 tháng 12 năm 2020"}),
			row(map[int]string{1: first, w / 2: "CÁN BỘ LĐTB&XH", w - 1: "KT. CHỦ TỊCH"}),
			row(map[int]string{w - 1: "PHÓ CHỦ TỊCH"}),
			nil, nil, nil,
			row(map[int]string{1: "Nguyễn Văn Lập", w / 2: "Trần Thị Hoa", w - 1: "Lê Văn Phó"}))
	case t.b.sign:
		s.add(nil, row(map[int]string{1: "Người lập biểu", w - 2: "TM. ỦY BAN NHÂN DÂN"}))
	}
	if len(t.after) > 0 {
		s.add(nil)
		put(t.after)
	}
	return s
}

func mapKeys(m map[int]int) func(func(int) bool) {
	return func(yield func(int) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// rowsLayout writes every register, those in steps changed by them.
func rowsLayout(steps map[string][]step, fancyFoot bool) func(dir string, t Targets) error {
	return arranged(steps, fancyFoot, nil)
}

// arrangement lays a register out as a workbook: lay makes the table of
// a book (the register, or an older copy of it) with the register's steps
// taken.
type arrangement func(b *book, lay func(*book) *table, tg Targets, fancyFoot bool, variant int) *workbook

// arranged writes every register, those in steps changed by them, each
// in the workbook its arrangement makes (one sheet when it has none).
func arranged(steps map[string][]step, fancyFoot bool, books map[string]arrangement) func(dir string, t Targets) error {
	return func(dir string, tg Targets) error {
		n := 0
		return writeBooks(dir, tg, func(b *book) *workbook {
			n++
			ss, ok := steps[b.file]
			arrange := books[b.file]
			if !ok && !fancyFoot && arrange == nil {
				return nil
			}
			lay := func(b *book) *table {
				t := newTable(b)
				for _, s := range ss {
					s(t)
				}
				return t
			}
			if arrange == nil {
				return &workbook{sheets: []*sheet{lay(b).sheet(fancyFoot, n)}}
			}
			return arrange(b, lay, tg, fancyFoot, n)
		})
	}
}

// toNumber is the number of a tổ dân phố, "Tổ 12" → 12.
func toNumber(v any) int {
	s, _ := v.(string)
	n, _ := strconv.Atoi(strings.TrimPrefix(s, "Tổ "))
	return n
}

// sectionsByTo sorts the records by tổ and writes each tổ as a section:
// "Tổ dân phố số N" above, "Cộng tổ N" under, a grand total at the end.
func sectionsByTo(t *table) {
	c := t.col("Tổ dân phố")
	recs := slices.Clone(t.lines)
	slices.SortStableFunc(recs, func(a, b line) int { return cmp.Compare(toNumber(a.cells[c]), toNumber(b.cells[c])) })
	var out []line
	for i := 0; i < len(recs); {
		to := toNumber(recs[i].cells[c])
		j := i
		for j < len(recs) && toNumber(recs[j].cells[c]) == to {
			j++
		}
		out = append(out, line{cells: []any{"", fmt.Sprintf("Tổ dân phố số %d", to)}})
		out = append(out, recs[i:j]...)
		out = append(out, line{cells: []any{"", fmt.Sprintf("Cộng tổ %d", to), j - i}})
		i = j
	}
	out = append(out, line{cells: []any{"", "Tổng cộng", len(recs)}})
	t.lines = out
	t.drop(c)
}

// sectionsByClass writes the households under a Roman-numbered section
// per class at the start of the year, with a subtotal under each.
func sectionsByClass(t *table) {
	c := t.col("Đầu năm")
	sections := []struct{ roman, title, class string }{{"I", "HỘ NGHÈO", "Nghèo"}, {"II", "HỘ CẬN NGHÈO", "Cận nghèo"}, {"III", "HỘ KHÔNG NGHÈO", "Không"}}
	var out []line
	for _, s := range sections {
		out = append(out, line{cells: []any{s.roman, s.title}})
		n := 0
		for _, l := range t.lines {
			if l.record && l.cells[c] == s.class {
				out = append(out, l)
				n++
			}
		}
		out = append(out, line{cells: []any{"", "Cộng", "", "", n}})
	}
	t.lines = out
	t.drop(c)
}

// mergedDown sorts the records by the columns (stably) and merges each
// run of the same value down over its rows, the value in the first cell
// only; a later column's runs stay within an earlier one's.
func mergedDown(headers ...string) step {
	return func(t *table) {
		cs := make([]int, len(headers))
		for k, h := range headers {
			cs[k] = t.col(h)
		}
		key := func(l line, upto int) string {
			var parts []string
			for _, c := range cs[:upto+1] {
				parts = append(parts, fmt.Sprint(l.cells[c]))
			}
			return strings.Join(parts, "\x00")
		}
		slices.SortStableFunc(t.lines, func(a, b line) int { return cmp.Compare(key(a, len(cs)-1), key(b, len(cs)-1)) })
		keys := make([][]string, len(t.lines))
		for n, l := range t.lines {
			for k := range cs {
				keys[n] = append(keys[n], key(l, k))
			}
		}
		for k, c := range cs {
			for i := 0; i < len(t.lines); {
				j := i + 1
				for j < len(t.lines) && keys[j][k] == keys[i][k] {
					t.lines[j].cells[c] = nil
					j++
				}
				if j-i > 1 {
					if t.lines[i].down == nil {
						t.lines[i].down = map[int]int{}
					}
					t.lines[i].down[c] = j - i - 1
				}
				i = j
			}
		}
	}
}

// householdBlocks writes each household as its head's row and a row per
// other member, Mã hộ and Tổ merged down over the block (or, every other
// household, left blank), and no Số nhân khẩu column.
func householdBlocks(t *table) {
	nk, id, to, name := t.col("Số nhân khẩu"), t.col("Mã hộ"), t.col("Tổ dân phố"), t.col("Họ tên chủ hộ")
	sizes := map[int]int{}
	for n, l := range t.lines {
		if l.record {
			sizes[n] = l.cells[nk].(int)
		}
	}
	t.drop(nk) // the columns before it keep their places
	t.head[name] = "Họ và tên"
	t.head = append(t.head, "Quan hệ với chủ hộ")
	if t.group != nil {
		t.group = append(t.group, "")
	}
	relations := []string{"Vợ", "Con", "Con", "Mẹ", "Cháu"}
	var out []line
	for h, l := range t.lines {
		if !l.record {
			out = append(out, l)
			continue
		}
		size := sizes[h]
		head := line{cells: append(slices.Clone(l.cells), "Chủ hộ"), record: true}
		if size > 1 && h%2 == 0 {
			head.down = map[int]int{id: size - 1, to: size - 1}
		}
		out = append(out, head)
		surname, _, _ := strings.Cut(l.cells[name].(string), " ")
		for m := 1; m < size; m++ {
			member := make([]any, len(head.cells))
			member[name] = fmt.Sprintf("%s Thị %s", surname, given[(h*7+m)%len(given)])
			member[len(member)-1] = relations[(m-1)%len(relations)]
			out = append(out, line{cells: member})
		}
	}
	t.lines = out
}

// endedNotes replaces the end-date column by a Ghi chú note and strikes
// the ended rows through; in the BTXH list two people who moved away,
// noted without a date, stay on the list.
func endedNotes(t *table) {
	c := t.col("Ngày thôi hưởng")
	verb := []string{"Đã cắt hưởng từ %s", "Thôi hưởng từ ngày %s", "Đã chết %s"}
	if c < 0 {
		c = t.col("Ngày mất")
		verb = []string{"Đã chết %s", "Từ trần ngày %s"}
	}
	var notes []any
	for n, l := range t.lines {
		note := ""
		if d, ok := l.cells[c].(time.Time); ok {
			day := d.Format("02/01/2006")
			if n%2 == 1 {
				day = fmt.Sprintf("%d/%d/%d", d.Day(), int(d.Month()), d.Year())
			}
			note = fmt.Sprintf(verb[n%len(verb)], day)
			t.lines[n].struck = true
		}
		notes = append(notes, note)
	}
	t.drop(c)
	t.head = append(t.head, "Ghi chú")
	if t.group != nil {
		t.group = append(t.group, "")
	}
	for n := range t.lines {
		t.lines[n].cells = append(t.lines[n].cells, notes[n])
	}
	if t.b.file == "bao-tro-xa-hoi.xlsx" {
		// two who moved away, noted without a date, and two struck through
		// with no note at all: all four are left out
		id := t.col("Mã đối tượng")
		for i := range 4 {
			gone := line{cells: slices.Clone(t.lines[i].cells), record: true, struck: true}
			gone.cells[id] = fmt.Sprintf("BT9%03d", i+1)
			if i < 2 {
				gone.cells[len(gone.cells)-1] = "Chuyển đi"
			}
			t.lines = append(t.lines, gone)
		}
	}
}

// bySex writes the birth year (or date) in a "Nam" or "Nữ" column under
// its header, and drops Giới tính.
func bySex(t *table) {
	c := t.col("Năm sinh")
	if c < 0 {
		c = t.col("Ngày sinh")
	}
	sex := t.col("Giới tính")
	group := t.head[c]
	t.replace(c, []string{"Nam", "Nữ"}, group, func(old any, rec []any) []any {
		if rec[sex] == "Nữ" {
			return []any{"", old}
		}
		return []any{old, ""}
	})
	if sex > c {
		sex++
	}
	t.drop(sex)
}

// marksUnderGroup writes the need as an "x" under "Nhu cầu" over one
// column per need.
func marksUnderGroup(t *table) {
	c := t.col("Nhu cầu")
	values := []string{"Học nghề", "Việc làm", "Vay vốn", "Chưa có nhu cầu"}
	t.replace(c, values, "Nhu cầu", func(old any, _ []any) []any {
		out := make([]any, len(values))
		out[slices.Index(values, old.(string))] = "x"
		return out
	})
}

// marksAlone writes the class at the start of the year as an "x" under
// "Nghèo | Cận nghèo | Không", with no group over them.
func marksAlone(t *table) {
	c := t.col("Đầu năm")
	values := []string{"Nghèo", "Cận nghèo", "Không"}
	t.replace(c, values, "", func(old any, _ []any) []any {
		out := make([]any, len(values))
		out[slices.Index(values, old.(string))] = "x"
		return out
	})
}

// ageColumn writes Tuổi, the report's year minus the year of birth, in
// place of Ngày sinh.
func ageColumn(t *table) {
	c := t.col("Ngày sinh")
	year := 2020
	if t.b.title != "" {
		fmt.Sscanf(t.b.title[strings.LastIndex(t.b.title, " ")+1:], "%d", &year)
	}
	t.replace(c, []string{"Tuổi"}, "", func(old any, _ []any) []any {
		switch v := old.(type) {
		case time.Time:
			return []any{year - v.Year()}
		case string:
			y, _ := strconv.Atoi(v[len(v)-4:])
			return []any{year - y}
		}
		return []any{old}
	})
}

// belowFoot moves the last two records under the signatures.
func belowFoot(t *table) {
	for i := len(t.lines) - 1; i >= 0 && len(t.after) < 2; i-- {
		if t.lines[i].record {
			t.after = append([]line{t.lines[i]}, t.after...)
			t.lines = slices.Delete(t.lines, i, i+1)
		}
	}
}

// occasions are the gift lists kept one per occasion, and their titles.
var occasions = []struct{ dip, file, title string }{
	{"Tết Nguyên đán", "hoat-dong-qua-tet.xlsx", "DANH SÁCH TẶNG QUÀ TẾT NGUYÊN ĐÁN CANH TÝ NĂM %d"},
	{"27/7", "hoat-dong-qua-27-7.xlsx", "DANH SÁCH TẶNG QUÀ NHÂN DỊP KỶ NIỆM NGÀY THƯƠNG BINH LIỆT SĨ 27/7/%d"},
	{"2/9", "hoat-dong-qua-2-9.xlsx", "DANH SÁCH TẶNG QUÀ NHÂN DỊP QUỐC KHÁNH 2/9/%d"},
	{"10/10", "hoat-dong-qua-10-10.xlsx", "DANH SÁCH TẶNG QUÀ KỶ NIỆM NGÀY GIẢI PHÓNG THỦ ĐÔ NĂM %d"},
}

// occasionLists writes the gifts of each occasion as a list of its own,
// with no Dịp column and the occasion named only in the title; the
// other activities stay in hoat-dong.xlsx. The other registers are laid
// out by steps.
func occasionLists(steps map[string][]step, fancyFoot bool, workbooks map[string]arrangement) func(dir string, t Targets) error {
	return func(dir string, tg Targets) error {
		if err := arranged(steps, fancyFoot, workbooks)(dir, tg); err != nil {
			return err
		}
		var act *book
		for _, b := range books(tg) {
			if b.file == "hoat-dong.xlsx" {
				act = b
			}
		}
		rest := *act
		rest.rows = nil
		byDip := map[string][][]any{}
		for _, r := range act.rows {
			if r[2] == "Tặng quà" && slices.ContainsFunc(occasions, func(o struct{ dip, file, title string }) bool { return o.dip == r[3] }) {
				byDip[r[3].(string)] = append(byDip[r[3].(string)], r)
				continue
			}
			rest.rows = append(rest.rows, r)
		}
		for i, o := range occasions {
			list := rest
			list.title = fmt.Sprintf(o.title, tg.Year)
			list.rows = byDip[o.dip]
			t := newTable(&list)
			t.drop(t.col("Dịp"))
			if err := (&workbook{sheets: []*sheet{t.sheet(fancyFoot, i)}}).save(filepath.Join(dir, o.file)); err != nil {
				return err
			}
		}
		return (&workbook{sheets: []*sheet{newTable(&rest).sheet(fancyFoot, 4)}}).save(filepath.Join(dir, "hoat-dong.xlsx"))
	}
}

// clerkValues writes a register's values as clerks type them, row by
// row in turn: each form must read to the value it stands for.
func clerkValues(t *table) {
	money, hs := t.col("Mức trợ cấp (đồng/tháng)"), t.col("Hệ số")
	start, card := t.col("Ngày hưởng"), t.col("Mã thẻ BHYT")
	year := t.col("Năm sinh")
	n := 0
	for i := range t.lines {
		l := &t.lines[i]
		if !l.record {
			continue
		}
		n++
		if v, ok := at(l.cells, money).(int); ok {
			l.cells[money] = typedMoney(v, at(l.cells, hs), n)
		}
		if d, ok := at(l.cells, start).(time.Time); ok && d.Day() == 1 {
			l.cells[start] = []string{"%d/%d", "%02d/%d", "T%d/%d", "tháng %d/%d", "%d-%d"}[n%5]
			l.cells[start] = fmt.Sprintf(l.cells[start].(string), int(d.Month()), d.Year())
			if n%6 == 0 && d.Year() < 2019 {
				l.cells[start] = d.Year() // a year alone, long before the report's
			}
		}
		if y, ok := at(l.cells, year).(int); ok {
			switch {
			case t.b.file == "khao-sat.xlsx" && n%9 == 1:
				l.cells[year] = fmt.Sprintf("khoảng %d", y)
			case t.b.file == "khao-sat.xlsx" && n%9 == 2:
				l.cells[year] = fmt.Sprintf("%d (?)", y)
			case n%3 == 0:
				l.cells[year] = fmt.Sprintf("năm %d", y)
			}
		}
		if s, ok := at(l.cells, card).(string); ok && len(s) == 15 {
			l.cells[card] = s[:2] + " " + s[2:3] + " " + s[3:5] + " " + s[5:]
		}
	}
}

func at(cells []any, c int) any {
	if c < 0 || c >= len(cells) {
		return nil
	}
	return cells[c]
}

// typedMoney is an amount as clerks type it, the nth record's way.
func typedMoney(v int, coef any, n int) any {
	dots := grouped(v, ".")
	switch n % 7 {
	case 0:
		return dots + " đ"
	case 1:
		return dots + "đ"
	case 2:
		return dots + " đồng/tháng"
	case 3:
		return grouped(v, ",") // English grouping
	case 4:
		if v >= 1_000_000 && v%10_000 == 0 {
			return strings.Replace(strconv.FormatFloat(float64(v)/1e6, 'f', -1, 64), ".", ",", 1) + " triệu"
		}
	case 5:
		var h float64
		switch c := coef.(type) {
		case int:
			h = float64(c)
		case float64:
			h = c
		case string:
			h, _ = strconv.ParseFloat(strings.Replace(c, ",", ".", 1), 64)
		}
		if h > 0 && float64(v) == 350000*h {
			return "350.000 x " + strings.Replace(strconv.FormatFloat(h, 'f', -1, 64), ".", ",", 1)
		}
	}
	return v
}

// grouped writes v with sep between groups of three digits.
func grouped(v int, sep string) string {
	s := strconv.Itoa(v)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + sep + s[i:]
	}
	return s
}
