package read

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"asxh/pipeline/config"
	"asxh/pipeline/finding"
	"asxh/pipeline/vn"
)

// The ways a field may be held other than in a column of its own, as the
// configuration declares them (config.Field's layout keys).
const (
	fromColumn  = iota
	fromSplit   // one sub-column per value of another enum field: "Năm sinh / Nam | Nữ"
	fromMarks   // one column per value of the field, a mark in one
	fromAge     // an age column: the birth year is the report's year minus the age
	fromTitle   // the sheet's title, sheet name or file name
	fromSection // the section row above the record
	fromCount   // the number of rows of a household block
)

// fieldSource is where one field's value comes from on a sheet.
type fieldSource struct {
	kind   int
	cols   []int    // 0-based columns (split, marks, age)
	values []string // split, marks: the enum value each column stands for
	target int      // split: the field whose value the column gives
	value  any      // title: the value
	raw    string   // title: the value as written
}

// layout is what a sheet's header says beyond one column per field.
type layout struct {
	src      []*fieldSource // per field; nil: its own column (or none)
	notesCol int            // 0-based column of notes for ended rows; -1: none
	findings finding.List
}

// findLayout reads the header rows (and the title above them) for the
// layouts the configuration allows, adjusting h: columns claimed here are
// no longer extra, and a split or mark group makes the header two rows.
func findLayout(reg *config.Register, rows [][]string, h *header, at finding.Finding, sheet, file string) *layout {
	l := &layout{src: make([]*fieldSource, len(reg.Fields)), notesCol: -1}
	var top, sub []string
	top = rows[h.row]
	if h.row+1 < len(rows) {
		sub = rows[h.row+1]
	}
	group := groups(top, sub)
	claimed := map[int]bool{}
	info := func(row int, form string, args finding.Args) {
		f := at
		f.Code, f.Level, f.Row = finding.Interpreted, finding.Info, row
		l.findings.Add(f.Say(form, args))
	}
	headerRow := func() int { return at.Row }
	for i, f := range reg.Fields {
		heads := headerKeys(f)
		switch {
		case f.SplitBy != "":
			by := reg.Field(f.SplitBy)
			s := &fieldSource{kind: fromSplit, target: reg.FieldIndex(f.SplitBy)}
			for c := range group {
				if heads[vn.Key(group[c])] && cell(sub, c) != "" {
					if v, ok := enumValue(by, cell(sub, c)); ok {
						s.cols, s.values = append(s.cols, c), append(s.values, v)
					}
				}
			}
			if len(s.cols) >= 2 {
				l.src[i] = s
				h.cols[i] = -1
				h.height = 2
				for _, c := range s.cols {
					claimed[c] = true
				}
				info(headerRow(), "split", finding.Args{"cot": f.Header, "theo": by.Header, "cac_gia_tri": strings.Join(s.values, ", ")})
			}
		case f.Marks:
			s := &fieldSource{kind: fromMarks}
			for c := range group { // under the field's header as a group
				if heads[vn.Key(group[c])] && cell(sub, c) != "" {
					if v, ok := enumValue(f, cell(sub, c)); ok {
						s.cols, s.values = append(s.cols, c), append(s.values, v)
					}
				}
			}
			two := len(s.cols) >= 2
			if !two { // or the values alone, as headers in the header row
				s.cols, s.values = nil, nil
				for c := range top {
					if v, ok := enumValue(f, cell(top, c)); ok && vn.Key(cell(top, c)) == vn.Key(v) {
						s.cols, s.values = append(s.cols, c), append(s.values, v)
					}
				}
			}
			if len(s.cols) >= 2 {
				l.src[i] = s
				h.cols[i] = -1
				if two {
					h.height = 2
				}
				for _, c := range s.cols {
					claimed[c] = true
				}
				info(headerRow(), "marks", finding.Args{"cot": f.Header, "cac_cot": strings.Join(s.values, ", ")})
			}
		}
	}
	for i, f := range reg.Fields {
		if h.cols[i] >= 0 || l.src[i] != nil {
			continue
		}
		if c := findColumn(top, sub, keySet(f.Age), h.cols, claimed); c >= 0 && len(f.Age) > 0 {
			l.src[i] = &fieldSource{kind: fromAge, cols: []int{c}}
			claimed[c] = true
			info(headerRow(), "age", finding.Args{"cot": f.Header, "cot_tuoi": headerAt(top, sub, c)})
			continue
		}
		if len(f.FromTitle) > 0 {
			if s, f2, ok := titleValue(reg, i, rows[:h.row], sheet, file); ok {
				l.src[i] = s
				if f2 != nil {
					f2.Register, f2.File, f2.Sheet = at.Register, at.File, at.Sheet
					l.findings.Add(*f2)
					continue
				}
				info(headerRow(), "title", finding.Args{"cot": f.Header, "gia_tri": s.value, "tieu_de": s.raw})
				continue
			}
		}
		if len(f.Sections) > 0 {
			l.src[i] = &fieldSource{kind: fromSection}
			info(headerRow(), "sections-field", finding.Args{"cot": f.Header})
			continue
		}
		if m := reg.Members; m != nil && m.Count == f.Key && h.cols[reg.FieldIndex(m.Key)] >= 0 {
			l.src[i] = &fieldSource{kind: fromCount}
			info(headerRow(), "count", finding.Args{"cot": f.Header})
		}
	}
	if e := reg.Ended; e != nil && len(e.Notes) > 0 {
		notes := keySet(e.Notes)
		for i, f := range reg.Fields {
			if h.cols[i] >= 0 && notes[vn.Key(f.Header)] {
				l.notesCol = h.cols[i]
			}
		}
		if l.notesCol < 0 {
			l.notesCol = findColumn(top, sub, notes, h.cols, claimed)
			if l.notesCol >= 0 {
				claimed[l.notesCol] = true
			}
		}
	}
	h.extra = slices.DeleteFunc(h.extra, func(c int) bool { return claimed[c] })
	return l
}

// supplied reports whether a field missing from the header is given
// another way, so that its missing column is no finding.
func (l *layout) supplied(reg *config.Register, i int) bool {
	if l.src[i] != nil {
		return true
	}
	for j, s := range l.src {
		if s != nil && s.kind == fromSplit && s.target == i && j != i {
			return true
		}
	}
	if e := reg.Ended; e != nil && reg.Fields[i].Key == e.Field && l.notesCol >= 0 {
		return true // the end date comes from the notes
	}
	return false
}

// groups carries a group cell merged over sub-headers to the right: it
// holds its text in the first column only, and a blank top cell with a
// sub-header under it belongs to the group on its left.
func groups(top, sub []string) []string {
	width := max(len(top), len(sub))
	group := make([]string, width)
	carry := ""
	for c := 0; c < width; c++ {
		t := cell(top, c)
		switch {
		case t != "":
			carry = t
		case cell(sub, c) == "":
			carry = ""
		}
		group[c] = carry
	}
	return group
}

func headerKeys(f *config.Field) map[string]bool {
	return keySet(append([]string{f.Header}, f.Synonyms...))
}

func keySet(texts []string) map[string]bool {
	m := map[string]bool{}
	for _, t := range texts {
		m[vn.Key(t)] = true
	}
	return m
}

// enumValue returns the allowed value of enum f that s names.
func enumValue(f *config.Field, s string) (string, bool) {
	k := vn.Key(s)
	for _, v := range f.Values {
		if vn.Key(v) == k {
			return v, true
		}
	}
	return "", false
}

// findColumn returns the first column, not a field's nor claimed, whose
// header (in the header row or the row under it) is one of heads; -1.
func findColumn(top, sub []string, heads map[string]bool, cols []int, claimed map[int]bool) int {
	for c := 0; c < max(len(top), len(sub)); c++ {
		if claimed[c] || slices.Contains(cols, c) {
			continue
		}
		if heads[vn.Key(cell(top, c))] || cell(top, c) == "" && heads[vn.Key(cell(sub, c))] {
			return c
		}
	}
	return -1
}

func headerAt(top, sub []string, c int) string {
	if t := cell(top, c); t != "" {
		return t
	}
	return cell(sub, c)
}

// titleValue finds field i's value in the title rows above the header,
// the sheet's name or the file's name. Two different values is an error:
// the list is not for one occasion.
func titleValue(reg *config.Register, i int, above [][]string, sheet, file string) (*fieldSource, *finding.Finding, bool) {
	f := reg.Fields[i]
	var texts []string
	for _, r := range above {
		for c := range r {
			if t := cell(r, c); t != "" {
				texts = append(texts, t)
			}
		}
	}
	texts = append(texts, sheet, strings.TrimSuffix(file, filepath.Ext(file)))
	col := columns(reg)[i]
	var found *fieldSource
	for _, t := range texts {
		for _, c := range f.FromTitle {
			if c == nil || c.RE == nil {
				continue
			}
			v, ok := c.Expand(t)
			if !ok {
				continue
			}
			val, bad := col.convert(vn.Clean(v), vn.Key)
			if bad != nil && bad.Level == finding.Error {
				bad.Message = fmt.Sprintf("tiêu đề %q: %s", t, bad.Message)
				return &fieldSource{kind: fromTitle}, bad, true
			}
			if found == nil {
				found = &fieldSource{kind: fromTitle, value: val, raw: t}
				continue
			}
			if found.value != val {
				x := finding.Finding{Code: finding.Constraint, Level: finding.Error, Rule: finding.Rule("one-title", nil)}.
					Say("two-title", finding.Args{"cot": f.Header, "mot": found.value, "mot_goc": found.raw, "hai": val, "hai_goc": t, "ten": strings.ToLower(f.Header)})
				return &fieldSource{kind: fromTitle}, &x, true
			}
		}
	}
	if found == nil {
		return nil, nil, false
	}
	return found, nil, true
}
