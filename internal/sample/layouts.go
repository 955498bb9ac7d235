package sample

import (
	"fmt"
	"path/filepath"
	"slices"
	"time"

	"github.com/xuri/excelize/v2"
)

// Layout is one way real wards lay out a register: the sample's own
// records, written as that layout, so the figures they must give are the
// clean sample's. TestLayouts reads every layout and compares.
type Layout struct {
	Name string
	// Write writes the seven registers into dir, one or more of them in
	// this layout and the rest as the clean sample writes them.
	Write func(dir string, t Targets) error
	// Findings are texts the run's findings must hold (each a substring
	// of some finding's place and message): every interpretation the
	// reader makes of the layout is said, at info or warning level.
	Findings []string
}

// Layouts is the corpus of real layouts. Sheet and header layouts are in
// layouts_sheets.go, row layouts in layouts_rows.go, all of them at once
// in layouts_all.go.
var Layouts = slices.Concat(sheetLayouts, rowLayouts, []Layout{allLayouts})

// LayoutNamed returns the layout of that name.
func LayoutNamed(name string) (Layout, bool) {
	for _, l := range Layouts {
		if l.Name == name {
			return l, true
		}
	}
	return Layout{}, false
}

// writeBooks writes every register into dir: those change returns a
// workbook for in that workbook, the others clean.
func writeBooks(dir string, t Targets, change func(b *book) *workbook) error {
	for _, b := range books(t) {
		path := filepath.Join(dir, b.file)
		if w := change(b); w != nil {
			if err := w.save(path); err != nil {
				return err
			}
			continue
		}
		if err := b.save(path); err != nil {
			return err
		}
	}
	return nil
}

// workbook is a register's workbook as a layout builds it: sheets of
// plain rows, in order.
type workbook struct {
	sheets []*sheet
}

// sheet is one worksheet: its rows from row 1, cell ranges merged, and
// how it shows.
type sheet struct {
	name   string
	hidden bool
	rows   [][]any
	merges [][2]string // "A1", "C1"
	struck []int       // 1-based rows written in a struck-through font
}

// add appends rows and returns the 1-based number of the first.
func (s *sheet) add(rows ...[]any) int {
	s.rows = append(s.rows, rows...)
	return len(s.rows) - len(rows) + 1
}

// merge merges the cells from (col1, row1) to (col2, row2), 1-based.
func (s *sheet) merge(col1, row1, col2, row2 int) {
	a, _ := excelize.CoordinatesToCellName(col1, row1)
	b, _ := excelize.CoordinatesToCellName(col2, row2)
	s.merges = append(s.merges, [2]string{a, b})
}

// cleanSheet lays a register out as the clean sample does — title, blank
// row, header (one row, or group cells merged over sub-headers), records,
// total, signature — on a sheet named name.
func cleanSheet(name string, b *book, records [][]any) *sheet {
	s := &sheet{name: name}
	s.add([]any{b.title}, nil)
	s.header(b.head, b.group)
	s.add(records...)
	s.foot(b)
	return s
}

// foot writes what a register has under its records: its total row and
// the signature line, as the clean sample does.
func (s *sheet) foot(b *book) {
	if b.total != nil {
		s.add(b.total)
	}
	if b.sign {
		row := make([]any, len(b.head)-1)
		row[1], row[len(row)-1] = "Người lập biểu", "TM. ỦY BAN NHÂN DÂN"
		s.add(nil, row)
	}
}

// header writes a header: with groups, row one holds each group cell
// merged across its sub-headers and every other header merged down over
// both rows; row two holds the sub-headers.
func (s *sheet) header(head, group []string) {
	top := make([]any, len(head))
	if group == nil {
		for i, h := range head {
			top[i] = h
		}
		s.add(top)
		return
	}
	sub := make([]any, len(head))
	r := s.add(top, sub)
	for i := 0; i < len(head); i++ {
		if group[i] == "" {
			top[i] = head[i]
			s.merge(i+1, r, i+1, r+1)
			continue
		}
		top[i], sub[i] = group[i], head[i]
		j := i
		for j+1 < len(head) && group[j+1] == group[i] {
			sub[j+1] = head[j+1]
			j++
		}
		if j > i {
			s.merge(i+1, r, j+1, r)
		}
		i = j
	}
}

// save writes the workbook; dates are written as dates.
func (w *workbook) save(path string) error {
	f := excelize.NewFile()
	defer f.Close()
	date, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		return err
	}
	strike, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Strike: true}})
	if err != nil {
		return err
	}
	active := -1
	for i, s := range w.sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			return err
		}
		for n, r := range s.rows {
			if len(r) == 0 {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(1, n+1)
			if err := f.SetSheetRow(s.name, cell, &r); err != nil {
				return err
			}
			for c, v := range r {
				if _, ok := v.(time.Time); ok {
					ref, _ := excelize.CoordinatesToCellName(c+1, n+1)
					f.SetCellStyle(s.name, ref, ref, date)
				}
			}
		}
		for _, m := range s.merges {
			if err := f.MergeCell(s.name, m[0], m[1]); err != nil {
				return err
			}
		}
		for _, n := range s.struck {
			last, _ := excelize.CoordinatesToCellName(max(1, len(s.rows[n-1])), n)
			f.SetCellStyle(s.name, fmt.Sprintf("A%d", n), last, strike)
		}
		if !s.hidden && active < 0 {
			active = i
		}
	}
	// the active sheet cannot be hidden: the first visible one is active
	f.SetActiveSheet(max(active, 0))
	for _, s := range w.sheets {
		if s.hidden {
			if err := f.SetSheetVisible(s.name, false); err != nil {
				return err
			}
		}
	}
	return f.SaveAs(path)
}
