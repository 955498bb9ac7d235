package sample

import (
	"fmt"
	"slices"
	"strings"
)

// allLayouts is every layout at once: the row layouts of all-row-layouts
// in workbooks laid out as wards keep them — a sheet per tổ behind a
// summary, a cover or a summary first, last year's list placed first,
// a hidden older list.
var allLayouts = Layout{
	Name:  "all-layouts",
	Write: occasionLists(allRowSteps, true, allSheets),
	Findings: []string{
		// the workbooks
		`nguoi-co-cong.xlsx: trang "DS 2019" là danh sách năm 2019, không phải năm 2020`,
		`khao-sat.xlsx: trang "DS (2)" là danh sách năm 2019`,
		`bao-tro-xa-hoi.xlsx: trang "Bìa" không có dòng tiêu đề`,
		`bao-tro-xa-hoi.xlsx: trang "DS cũ" đang ẩn, không được đọc`,
		`nguoi-cao-tuoi.xlsx: trang "DS cũ" đang ẩn, không được đọc`,
		`ho-ngheo.xlsx: trang "Tổng hợp"`,
		`bao-tro-xa-hoi.xlsx!Tổ 1!dòng 3: không có cột "Tổ dân phố": lấy "Tổ 1" theo tiêu đề "Tổ 1"`,
		// the rows
		"các dòng mục được bỏ qua", "hộ có thành viên", "coi là ngày thôi hưởng", "chia theo", "dấu đánh", "trừ tuổi", "theo tiêu đề", "dưới phần chữ ký",
	},
}

// allSheets are the workbooks of all-layouts, register by register.
var allSheets = map[string]arrangement{
	// last year's list first, then a summary and a sheet per tổ
	"nguoi-co-cong.xlsx": func(b *book, lay func(*book) *table, tg Targets, fancy bool, v int) *workbook {
		old := lastYear(b, tg.Year)
		w := &workbook{sheets: []*sheet{named(lay(old).sheet(fancy, v), fmt.Sprintf("DS %d", tg.Year-1)), summary(b)}}
		w.sheets = append(w.sheets, lay(b).perTo(false, fancy, v)...)
		return w
	},
	// a cover, a hidden older list, a summary, a sheet per tổ without
	// the tổ column
	"bao-tro-xa-hoi.xlsx": func(b *book, lay func(*book) *table, tg Targets, fancy bool, v int) *workbook {
		w := &workbook{sheets: []*sheet{cover(b, tg), hiddenHalf(b, lay, fancy, v), summary(b)}}
		w.sheets = append(w.sheets, lay(b).perTo(true, fancy, v)...)
		return w
	},
	// a cover and a hidden older list before the list
	"nguoi-cao-tuoi.xlsx": func(b *book, lay func(*book) *table, tg Targets, fancy bool, v int) *workbook {
		return &workbook{sheets: []*sheet{cover(b, tg), hiddenHalf(b, lay, fancy, v), named(lay(b).sheet(fancy, v), "Danh sách")}}
	},
	// last year's list first, named by Excel's Move or Copy
	"khao-sat.xlsx": func(b *book, lay func(*book) *table, tg Targets, fancy bool, v int) *workbook {
		return &workbook{sheets: []*sheet{named(lay(lastYear(b, tg.Year)).sheet(fancy, v), "DS (2)"), lay(b).sheet(fancy, v)}}
	},
	// a cover and a summary before the list
	"ho-ngheo.xlsx": func(b *book, lay func(*book) *table, tg Targets, fancy bool, v int) *workbook {
		return &workbook{sheets: []*sheet{cover(b, tg), summary(b), named(lay(b).sheet(fancy, v), "Danh sách")}}
	},
}

func named(s *sheet, name string) *sheet {
	s.name = name
	return s
}

// hiddenHalf is a hidden sheet holding the first half of the list.
func hiddenHalf(b *book, lay func(*book) *table, fancy bool, v int) *sheet {
	c := *b
	c.rows = b.rows[:len(b.rows)/2]
	s := named(lay(&c).sheet(fancy, v), "DS cũ")
	s.hidden = true
	return s
}

// perTo writes the table as a sheet per tổ, rows numbered from 1 on each;
// without the tổ column when dropTo. The rows that are not records (a
// household's members) stay with the record above them.
func (t *table) perTo(dropTo, fancy bool, v int) []*sheet {
	c := t.col("Tổ dân phố")
	byTo := map[string][]line{}
	var names []string
	name := ""
	for _, l := range t.lines {
		if l.record {
			name = l.cells[c].(string)
			if byTo[name] == nil {
				names = append(names, name)
			}
		}
		byTo[name] = append(byTo[name], l)
	}
	slices.SortFunc(names, func(a, b string) int { return toNumber(a) - toNumber(b) })
	var out []*sheet
	for _, name := range names {
		b := *t.b
		b.total = nil
		b.title = fmt.Sprintf("%s — %s", t.b.title, strings.ToUpper(name))
		s := *t
		s.b = &b
		s.head, s.group = slices.Clone(t.head), slices.Clone(t.group)
		s.lines = nil
		n := 0
		for _, l := range byTo[name] {
			l.cells = slices.Clone(l.cells)
			if l.record {
				n++
				l.cells[0] = n
			}
			s.lines = append(s.lines, l)
		}
		if dropTo {
			s.drop(c)
		}
		if name != names[len(names)-1] {
			s.after = nil // rows typed under the foot, under the last sheet's
		}
		out = append(out, named(s.sheet(fancy, v), name))
	}
	return out
}
