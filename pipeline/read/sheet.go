package read

import (
	"errors"
	"fmt"
	"io"
	"strconv"

	"asxh/internal/xlsxstream"
	"asxh/pipeline/finding"
	"asxh/pipeline/vn"
)

// fastSheet is the reader of the hot path: internal/xlsxstream's rows of
// one sheet, with rows missing from the XML yielded blank, as excelize's
// Rows(RawCellValue) does, so row numbers count every row.
// TestFastSheetMatchesExcelize holds it to excelize cell for cell.
type fastSheet struct {
	wb    *xlsxstream.Workbook
	r     *xlsxstream.Reader
	sheet string
	n     int                    // current row number
	next  xlsxstream.Row         // the row read ahead, Num 0 when none
	cur   xlsxstream.Row         // the current row (Num 0 for a blank one)
	early map[int]xlsxstream.Row // the first styleRows rows, for their formats
	done  bool
	err   error
	// merged ranges in the data: still below, and over the current row
	pending, active []spread
	// shared: the workbook stays open for the file's other sheets
	shared bool
}

// styleRows is how many rows keep their cells' formats and kinds after
// the reader has moved past them: the header search buffers this many.
const styleRows = 200

// xlsxOptions is how the pipeline opens workbooks.
var xlsxOptions = xlsxstream.Options{Budget: xlsxstream.DefaultBudget, SheetBudget: xlsxstream.DefaultSheetBudget}

func openFastXLSX(p, want string) (*fastSheet, string, error) {
	wb, err := xlsxstream.Open(p, xlsxOptions)
	if err != nil {
		return nil, "", problem(err)
	}
	idx, err := pickSheet(wb.Sheets(), want)
	if err != nil {
		wb.Close()
		return nil, "", err
	}
	r, err := wb.SheetAt(idx)
	if err != nil {
		wb.Close()
		return nil, "", problem(err)
	}
	name := wb.Sheets()[idx].Name
	return &fastSheet{wb: wb, r: r, sheet: name, early: map[int]xlsxstream.Row{}}, name, nil
}

// pickSheet finds the named sheet (matched as headers are), or the first
// visible one.
func pickSheet(sheets []xlsxstream.SheetInfo, want string) (int, error) {
	for _, s := range sheets {
		if want != "" && vn.Key(s.Name) == vn.Key(want) || want == "" && s.Visible {
			return s.Index, nil
		}
	}
	if want != "" {
		return 0, fmt.Errorf("không có trang tính %q", want)
	}
	return 0, errors.New("không có trang tính nào đang hiện")
}

// Next moves to the next row.
func (s *fastSheet) Next() bool {
	if s.err != nil {
		return false
	}
	if s.next.Num == 0 && !s.done {
		row, err := s.r.Read()
		switch {
		case err == io.EOF:
			s.done = true
		case err != nil:
			s.err = problem(err)
			return false
		default:
			s.next = row
		}
	}
	if s.done && s.next.Num == 0 {
		return false
	}
	s.n++
	if s.n < s.next.Num {
		s.cur = xlsxstream.Row{}
		s.applySpreads()
		return true
	}
	s.cur, s.next = s.next, xlsxstream.Row{}
	if s.wb.Date1904() {
		s.to1900(s.cur)
	}
	s.applySpreads()
	// the formats of the first rows, with their cells (Struck asks which
	// are filled), and every row's kinds (rare, and needed for the rows
	// the header search buffers, however many)
	if s.n <= styleRows && s.cur.Styles != nil || s.cur.Kinds != nil {
		r := xlsxstream.Row{Num: s.n, Kinds: s.cur.Kinds}
		if s.n <= styleRows {
			r.Styles, r.Cells = s.cur.Styles, s.cur.Cells
		}
		s.early[s.n] = r
	}
	return true
}

func (s *fastSheet) Row() (int, []string) { return s.n, s.cur.Cells }

func (s *fastSheet) Err() error { return s.err }

// Drain reads the rows left, so that the whole part is checked (its
// checksum, its closing tags) even when the caller stopped early, at the
// signature block say.
func (s *fastSheet) Drain() error {
	for s.Next() {
	}
	return s.err
}

// finish reads what is left of a file's rows and returns why it could
// not be read whole, if it could not.
func finish(rs rows) error {
	if d, ok := rs.(interface{ Drain() error }); ok {
		return d.Drain()
	}
	return rs.Err()
}

// fileFailed reports whether a file's findings already say it could not be read.
func fileFailed(fs finding.List) bool {
	for _, f := range fs {
		if f.Code == finding.FileError {
			return true
		}
	}
	return false
}

func (s *fastSheet) Close() error {
	err := s.r.Close()
	if s.shared {
		return err
	}
	return s.wb.Close()
}

// rowAt is the current row, or one of the first styleRows rows.
func (s *fastSheet) rowAt(row int) xlsxstream.Row {
	if row == s.n {
		return s.cur
	}
	return s.early[row]
}

// Style is the format of a cell (1-based column and row): its font,
// strike-through and fill. Known for the current row and the first
// styleRows rows.
func (s *fastSheet) Style(col, row int) xlsxstream.Style {
	return s.wb.Style(s.rowAt(row).Style(col - 1))
}

// Font names the font of a cell's format (format 0 when it names none).
func (s *fastSheet) Font(col, row int) string {
	if row > s.n {
		return ""
	}
	return s.Style(col, row).Font
}

// Kind says whether a cell (1-based column and row) holds a boolean, an
// error value or a formula never computed rather than a plain value.
func (s *fastSheet) Kind(col, row int) xlsxstream.Kind {
	return s.rowAt(row).Kind(col - 1)
}

// Struck reports whether a row's filled cells are struck through (the
// clerk's way of taking a person off a list): all of them, and at least one.
func (s *fastSheet) Struck(row int) bool {
	r := s.rowAt(row)
	if r.Num == 0 || r.Styles == nil {
		return false
	}
	n := 0
	for c, v := range r.Cells {
		if v == "" {
			continue
		}
		if !s.wb.Style(r.Style(c)).Strike {
			return false
		}
		n++
	}
	return n > 0
}

// date1904Days is how many days later the 1904 date system starts than
// the 1900 one counts from: 1 January 1904 is serial 0 in one, 1462 in
// the other.
const date1904Days = 1462

// to1900 restates a 1904 workbook's dates as 1900 serials, which is what
// the rest of the reader (vn.ParseDate) takes a serial to be. A date is
// a plain number in a cell with a date format, as the clerk sees it; a
// number shown as a number (a year typed alone) is left as it is.
func (s *fastSheet) to1900(r xlsxstream.Row) {
	for c, v := range r.Cells {
		if v == "" || r.Kind(c) != xlsxstream.Plain || !s.wb.Style(r.Style(c)).Date {
			continue
		}
		if f, err := strconv.ParseFloat(v, 64); err == nil && f >= 0 && f < 2958465-date1904Days {
			r.Cells[c] = strconv.FormatFloat(f+date1904Days, 'f', -1, 64)
		}
	}
}

// Date1904 reports whether the workbook counts date serials from 1904.
func (s *fastSheet) Date1904() bool { return s.wb.Date1904() }

// Merges returns the sheet's merged ranges.
func (s *fastSheet) Merges() ([]xlsxstream.Range, error) {
	m, err := s.r.Merges()
	return m, problem(err)
}

// problem words a damaged or oversized workbook for the clerk.
func problem(err error) error {
	var pe *xlsxstream.ParseError
	switch {
	case err == nil:
		return nil
	case errors.Is(err, xlsxstream.ErrTooLarge):
		return &fileProblem{fmt.Sprintf("tệp quá lớn khi giải nén (%v)", err), "tách sổ thành nhiều tệp, hoặc xóa các trang tính không dùng"}
	case errors.Is(err, xlsxstream.ErrTruncated):
		return &fileProblem{fmt.Sprintf("tệp bị hỏng hoặc chưa chép xong, có thể thiếu dòng (%v)", err),
			"chép lại tệp từ máy của người lập sổ, hoặc mở bằng Excel và lưu lại"}
	case errors.As(err, &pe):
		return &fileProblem{fmt.Sprintf("tệp bị hỏng (%v)", err), "chép lại tệp từ máy của người lập sổ, hoặc mở bằng Excel và lưu lại"}
	}
	return err
}
