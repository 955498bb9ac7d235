package read

import (
	"fmt"

	"github.com/xuri/excelize/v2"

	"asxh/pipeline/vn"
)

// xlsxRows streams one sheet with excelize's Rows iterator, raw values:
// the reference the fast reader is held to (TestFastSheetMatchesExcelize).
type xlsxRows struct {
	f     *excelize.File
	sheet string
	rows  *excelize.Rows
	n     int
	cur   []string
	err   error
}

// openXLSX opens the named sheet (matched as headers are), or the first
// visible one.
func openXLSX(path, want string) (*xlsxRows, string, error) {
	f, err := excelize.OpenFile(path)
	if err != nil {
		return nil, "", err
	}
	sheet := ""
	for _, name := range f.GetSheetList() {
		if want != "" {
			if vn.Key(name) == vn.Key(want) {
				sheet = name
				break
			}
			continue
		}
		if v, err := f.GetSheetVisible(name); err == nil && v {
			sheet = name
			break
		}
	}
	if sheet == "" {
		f.Close()
		if want != "" {
			return nil, "", fmt.Errorf("không có trang tính %q", want)
		}
		return nil, "", fmt.Errorf("không có trang tính nào đang hiện")
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		f.Close()
		return nil, "", err
	}
	return &xlsxRows{f: f, sheet: sheet, rows: rows}, sheet, nil
}

func (x *xlsxRows) Next() bool {
	if x.err != nil || !x.rows.Next() {
		return false
	}
	x.n++
	x.cur, x.err = x.rows.Columns(excelize.Options{RawCellValue: true})
	return x.err == nil
}

func (x *xlsxRows) Row() (int, []string) { return x.n, x.cur }

func (x *xlsxRows) Err() error {
	if x.err != nil {
		return x.err
	}
	return x.rows.Error()
}

// Font names the font of a cell's style.
func (x *xlsxRows) Font(col, row int) string {
	cell, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		return ""
	}
	id, err := x.f.GetCellStyle(x.sheet, cell)
	if err != nil {
		return ""
	}
	st, err := x.f.GetStyle(id)
	if err != nil || st == nil || st.Font == nil {
		return ""
	}
	return st.Font.Family
}

func (x *xlsxRows) Close() error {
	x.rows.Close()
	return x.f.Close()
}
