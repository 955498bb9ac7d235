package read

import (
	"slices"

	"github.com/xuri/excelize/v2"

	"asxh/internal/xlsxstream"
	"asxh/pipeline/finding"
	"asxh/pipeline/record"
)

// merger is a reader of rows that knows the sheet's merged cells and can
// spread a merged value down the rows it spans.
type merger interface {
	Merges() ([]xlsxstream.Range, error)
	spreadDown(ranges []spread)
}

// spread is a merged range in the data and the value of its first cell.
type spread struct {
	xlsxstream.Range
	val   string
	known bool
}

// spreadMerges applies every merge that lies in the data — at or below the
// first data row, spanning more than one row — to each row it spans: Excel
// keeps a merged cell's value in its first cell only, and a clerk who
// merges "Tổ 3" down a block means it for every row of the block. The
// value goes into the first column of each row. Rows already buffered
// (top) are filled here, the rest as the reader reaches them. Merges in
// the title and header are left to the header search, as before. Each
// range spread is one info finding, so the reading can be checked.
func spreadMerges(rs rows, top [][]string, nums []int, start int, sh *record.Sheet) (finding.List, error) {
	m, ok := rs.(merger)
	if !ok || len(nums) == 0 {
		return nil, nil
	}
	ranges, err := m.Merges()
	if err != nil {
		return nil, err
	}
	first := nums[len(nums)-1] + 1
	if start < len(nums) {
		first = nums[start]
	}
	var fs finding.List
	var todo []spread
	for _, r := range ranges {
		if r.Row1 < first || r.Row2 == r.Row1 {
			continue
		}
		sp := spread{Range: r}
		if i, ok := slices.BinarySearch(nums, r.Row1); ok {
			sp.val, sp.known = cell(top[i], r.Col1-1), true
			for j := i + 1; j < len(nums) && nums[j] <= r.Row2; j++ {
				top[j] = setCell(top[j], r.Col1-1, sp.val)
			}
		}
		todo = append(todo, sp)
		a := ref(r.Col1, r.Row1)
		fs.Add(finding.Finding{Code: finding.Merged, Level: finding.Info, Register: sh.Register, File: sh.File, Sheet: sh.Sheet,
			Row: r.Row1, Cell: a}.Say("", finding.Args{"tu": a, "den": ref(r.Col2, r.Row2), "dong_dau": r.Row1, "dong_cuoi": r.Row2}))
	}
	m.spreadDown(todo)
	return fs, nil
}

func ref(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row)
	return name
}

// setCell returns cells with 0-based column c set to v.
func setCell(cells []string, c int, v string) []string {
	if c < len(cells) {
		cells[c] = v
		return cells
	}
	if v == "" {
		return cells
	}
	for len(cells) < c {
		cells = append(cells, "")
	}
	return append(cells, v)
}

// spreadDown takes the merged ranges to apply to rows not yet read.
func (s *fastSheet) spreadDown(ranges []spread) {
	s.pending = slices.SortedFunc(slices.Values(ranges), func(a, b spread) int { return a.Row1 - b.Row1 })
}

// applySpreads fills the current row's cells from the merges over it.
func (s *fastSheet) applySpreads() {
	for len(s.pending) > 0 && s.pending[0].Row1 <= s.n {
		s.active = append(s.active, s.pending[0])
		s.pending = s.pending[1:]
	}
	if len(s.active) == 0 {
		return
	}
	kept := s.active[:0]
	for _, sp := range s.active {
		if sp.Row2 < s.n {
			continue
		}
		switch {
		case sp.Row1 == s.n:
			sp.val, sp.known = cell(s.cur.Cells, sp.Col1-1), true
		case sp.known:
			s.cur.Cells = setCell(s.cur.Cells, sp.Col1-1, sp.val)
		}
		kept = append(kept, sp)
	}
	s.active = kept
}
