// Package xlsxstream reads the rows of .xlsx worksheets as a stream, in the
// manner of encoding/csv: open a workbook, pick a sheet, Read rows until
// io.EOF. It holds no more than one batch of rows and the shared strings in
// memory, verifies every part it reads to its end (archive/zip checks the
// CRC only when a part is read whole), refuses a part that inflates past
// a memory budget, and reports where a damaged part fails as a ParseError.
//
// It is written on archive/zip and a byte scanner rather than excelize,
// whose Rows iterator takes about eight times the time and memory on a
// large register (BenchmarkSheet, bench/compare.sh); the reader in
// pipeline/read is held to excelize cell for cell by its tests.
package xlsxstream

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
)

// MaxRows is the last row number a sheet may have (Excel's limit).
const MaxRows = 1 << 20

// MaxCols is the last column a sheet may have: XFD (Excel's limit).
const MaxCols = 16384

// MaxCellChars is how many characters a cell may hold (Excel's limit).
const MaxCellChars = 32767

// maxCellBytes bounds the raw XML text of one cell, checked as it is read
// so that a cell past the limit is refused before it is held: a character
// is at most 4 bytes of UTF-8, and what an entity stands for is shorter
// than the entity, so a cell Excel can hold never has more.
const maxCellBytes = 4 * MaxCellChars

// maxTagBytes bounds one tag (a worksheet's longest, a <c> or <row> with
// its attributes, is under 200 bytes), so that a tag that never ends is
// refused before it is held.
const maxTagBytes = 1 << 20

// ErrCellTooLong is wrapped by the error of a cell whose text is longer
// than Excel's MaxCellChars (a shared string's too).
var ErrCellTooLong = errors.New("ô quá dài (hơn 32.767 ký tự, giới hạn của Excel)")

// ErrTooManyCols is wrapped by the error of a cell past column XFD.
var ErrTooManyCols = errors.New("cột vượt quá XFD (16.384 cột, giới hạn của Excel)")

// ErrTagTooLong is wrapped by the error of a tag longer than any a
// spreadsheet writes.
var ErrTagTooLong = errors.New("thẻ XML quá dài (hơn 1 MB)")

// DefaultBudget is how many inflated bytes one part held whole (the shared
// strings, the styles, the workbook's list of sheets) may have when Options
// gives none: well under what a ward's machine has, far above any register.
const DefaultBudget = 256 << 20

// DefaultSheetBudget is how many inflated bytes one worksheet may have when
// Options gives none. A sheet is streamed row by row and never held, so
// its size costs time, not memory: 2 GiB is Excel's 1,048,576 rows at
// some 2 KB of XML each (a million-row register is about 550 MB), and
// reading it to the end takes tens of seconds, not a hang.
const DefaultSheetBudget = 2 << 30

// ErrTooLarge is wrapped by the error of a part that inflates past the budget.
var ErrTooLarge = errors.New("quá lớn khi giải nén")

// ErrTruncated is wrapped by the error of a sheet that ends without its
// closing tags: the file was cut short, rows may be missing.
var ErrTruncated = errors.New("trang tính bị cắt cụt (thiếu thẻ đóng)")

// Options tune Open.
type Options struct {
	// Budget caps the inflated bytes of any one part held whole (shared
	// strings, styles, the workbook part); 0 means DefaultBudget.
	Budget int64
	// SheetBudget caps the inflated bytes of one worksheet, which is
	// streamed; 0 means DefaultSheetBudget.
	SheetBudget int64
}

// ParseError says where a part could not be read. Row and Col are 1-based,
// 0 when unknown.
type ParseError struct {
	Part     string
	Row, Col int
	Err      error
}

func (e *ParseError) Error() string {
	where := e.Part
	if e.Row > 0 {
		where += fmt.Sprintf(", dòng %d", e.Row)
	}
	if e.Col > 0 {
		where += fmt.Sprintf(", cột %d", e.Col)
	}
	return where + ": " + e.Err.Error()
}

func (e *ParseError) Unwrap() error { return e.Err }

// SheetInfo is one sheet of the workbook.
type SheetInfo struct {
	Name    string
	Visible bool
	Index   int    // 0-based, in workbook order
	Part    string // the worksheet's part in the package, "" when it has none
}

// Workbook is an open .xlsx package.
type Workbook struct {
	zr       *zip.ReadCloser
	parts    map[string]*zip.File
	sheets   []SheetInfo
	date1904 bool
	budget   int64 // a part held whole
	sheetMax int64 // a worksheet, streamed
	shared   *stringTable
	styles   []Style
	loaded   bool // shared strings and styles read
}

type xmlWorkbook struct {
	Pr struct {
		Date1904 string `xml:"date1904,attr"`
	} `xml:"workbookPr"`
	Sheets []struct {
		Name  string `xml:"name,attr"`
		State string `xml:"state,attr"`
		RID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
	} `xml:"sheets>sheet"`
}

type xmlRels struct {
	Rels []struct {
		ID     string `xml:"Id,attr"`
		Target string `xml:"Target,attr"`
	} `xml:"Relationship"`
}

// Open opens a workbook and reads its list of sheets.
func Open(p string, opts Options) (*Workbook, error) {
	zr, err := zip.OpenReader(p)
	if err != nil {
		return nil, err
	}
	wb := &Workbook{zr: zr, parts: map[string]*zip.File{}, budget: opts.Budget, sheetMax: opts.SheetBudget}
	if wb.budget <= 0 {
		wb.budget = DefaultBudget
	}
	if wb.sheetMax <= 0 {
		wb.sheetMax = DefaultSheetBudget
	}
	for _, f := range zr.File {
		wb.parts[strings.TrimPrefix(f.Name, "/")] = f
	}
	if err := wb.readSheets(); err != nil {
		zr.Close()
		return nil, err
	}
	return wb, nil
}

func (wb *Workbook) readSheets() error {
	var w xmlWorkbook
	var rels xmlRels
	if err := wb.decodePart("xl/workbook.xml", &w); err != nil {
		return err
	}
	if err := wb.decodePart("xl/_rels/workbook.xml.rels", &rels); err != nil {
		return err
	}
	wb.date1904 = w.Pr.Date1904 == "1" || w.Pr.Date1904 == "true"
	for i, s := range w.Sheets {
		info := SheetInfo{Name: s.Name, Index: i, Visible: s.State == "" || s.State == "visible"}
		for _, r := range rels.Rels {
			if r.ID == s.RID {
				t := r.Target
				if strings.HasPrefix(t, "/") {
					t = strings.TrimPrefix(t, "/")
				} else {
					t = path.Join("xl", t)
				}
				info.Part = t
				break
			}
		}
		wb.sheets = append(wb.sheets, info)
	}
	return nil
}

// decodePart decodes a small XML part whole, within the budget.
func (wb *Workbook) decodePart(name string, v any) error {
	f := wb.parts[name]
	if f == nil {
		return &ParseError{Part: name, Err: errors.New("thiếu")}
	}
	rc, err := wb.openPart(f, wb.budget)
	if err != nil {
		return err
	}
	defer rc.Close()
	if err := xml.NewDecoder(rc).Decode(v); err != nil {
		return &ParseError{Part: name, Err: err}
	}
	// to the end, so that the checksum is verified
	if _, err := io.Copy(io.Discard, rc); err != nil {
		return &ParseError{Part: name, Err: err}
	}
	return nil
}

// openPart opens a part for reading, refused up front when it declares a
// size past budget and cut off when it inflates past it anyway.
func (wb *Workbook) openPart(f *zip.File, budget int64) (io.ReadCloser, error) {
	if f.UncompressedSize64 > uint64(budget) {
		return nil, &ParseError{Part: f.Name, Err: fmt.Errorf("%w (%d MB, tối đa %d MB)", ErrTooLarge, f.UncompressedSize64>>20, budget>>20)}
	}
	rc, err := f.Open()
	if err != nil {
		return nil, &ParseError{Part: f.Name, Err: err}
	}
	return &budgeted{rc: rc, part: f.Name, left: budget}, nil
}

// budgeted fails a read once more than the budget has been inflated, so a
// part lying about its size cannot make the reader hold gigabytes.
type budgeted struct {
	rc   io.ReadCloser
	part string
	left int64
}

func (b *budgeted) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	if b.left < 0 {
		return n, &ParseError{Part: b.part, Err: ErrTooLarge}
	}
	if err != nil && err != io.EOF {
		err = &ParseError{Part: b.part, Err: err}
	}
	return n, err
}

func (b *budgeted) Close() error { return b.rc.Close() }

// Sheets lists every sheet, in workbook order.
func (wb *Workbook) Sheets() []SheetInfo { return append([]SheetInfo(nil), wb.sheets...) }

// Date1904 reports whether the workbook counts dates from 1904
// (<workbookPr date1904="1"/>, Mac Excel) rather than from 1900.
func (wb *Workbook) Date1904() bool { return wb.date1904 }

// Close closes the package; readers of its sheets must be closed first.
func (wb *Workbook) Close() error { return wb.zr.Close() }

// load reads the shared strings and the styles, once, when a sheet is first opened.
func (wb *Workbook) load() error {
	if wb.loaded {
		return nil
	}
	wb.loaded = true
	if f := wb.parts["xl/sharedStrings.xml"]; f != nil {
		var err error
		if wb.shared, err = wb.readShared(f); err != nil {
			return err
		}
	}
	// formats are a hint (fonts, strike-through, fill): a broken styles
	// part is not fatal, but one past the budget is never inflated whole
	if f := wb.parts["xl/styles.xml"]; f != nil {
		wb.styles = wb.readStyles(f)
	}
	return nil
}

// Sheet opens the sheet of that exact name.
func (wb *Workbook) Sheet(name string) (*Reader, error) {
	for _, s := range wb.sheets {
		if s.Name == name {
			return wb.SheetAt(s.Index)
		}
	}
	return nil, fmt.Errorf("không có trang tính %q", name)
}

// SheetAt opens the sheet at a 0-based index of Sheets.
func (wb *Workbook) SheetAt(i int) (*Reader, error) {
	if i < 0 || i >= len(wb.sheets) {
		return nil, fmt.Errorf("không có trang tính thứ %d", i+1)
	}
	if err := wb.load(); err != nil {
		return nil, err
	}
	s := wb.sheets[i]
	f := wb.parts[s.Part]
	if f == nil {
		return nil, &ParseError{Part: s.Part, Err: errors.New("thiếu phần này")}
	}
	body, err := wb.openPart(f, wb.sheetMax)
	if err != nil {
		return nil, err
	}
	r := newReader(body, s.Part, wb.shared, func() (io.ReadCloser, error) { return wb.openPart(f, wb.sheetMax) })
	r.size = int64(min(f.UncompressedSize64, 1<<62))
	return r, nil
}

// Style is what the reader knows of a cell format.
type Style struct {
	Font   string // font name
	Strike bool   // struck through
	Fill   string // solid fill colour, "FFFF0000", or "" for none
	Date   bool   // a date or time number format: the value is a serial day
}

// Style returns the cell format of index i (a cell's s attribute); the
// zero Style for an index the workbook does not define.
func (wb *Workbook) Style(i int) Style {
	if i >= 0 && i < len(wb.styles) {
		return wb.styles[i]
	}
	return Style{}
}

type xmlStyles struct {
	Fonts []struct {
		Name struct {
			Val string `xml:"val,attr"`
		} `xml:"name"`
		Strike *struct {
			Val string `xml:"val,attr"`
		} `xml:"strike"`
	} `xml:"fonts>font"`
	Fills []struct {
		Pattern struct {
			Type string `xml:"patternType,attr"`
			Fg   struct {
				RGB     string `xml:"rgb,attr"`
				Indexed string `xml:"indexed,attr"`
				Theme   string `xml:"theme,attr"`
			} `xml:"fgColor"`
		} `xml:"patternFill"`
	} `xml:"fills>fill"`
	NumFmts []struct {
		ID   int    `xml:"numFmtId,attr"`
		Code string `xml:"formatCode,attr"`
	} `xml:"numFmts>numFmt"`
	Xfs []struct {
		FontID   int `xml:"fontId,attr"`
		FillID   int `xml:"fillId,attr"`
		NumFmtID int `xml:"numFmtId,attr"`
	} `xml:"cellXfs>xf"`
}

func (wb *Workbook) readStyles(f *zip.File) []Style {
	var st xmlStyles
	if wb.decodePart(f.Name, &st) != nil {
		return nil
	}
	custom := map[int]string{}
	for _, f := range st.NumFmts {
		custom[f.ID] = f.Code
	}
	out := make([]Style, len(st.Xfs))
	for i, x := range st.Xfs {
		if code, ok := custom[x.NumFmtID]; ok {
			out[i].Date = isDateFormat(code)
		} else {
			out[i].Date = builtinDate(x.NumFmtID)
		}
		if x.FontID >= 0 && x.FontID < len(st.Fonts) {
			fn := st.Fonts[x.FontID]
			out[i].Font = fn.Name.Val
			out[i].Strike = fn.Strike != nil && fn.Strike.Val != "0" && fn.Strike.Val != "false"
		}
		if x.FillID >= 0 && x.FillID < len(st.Fills) {
			p := st.Fills[x.FillID].Pattern
			if p.Type == "solid" {
				switch {
				case p.Fg.RGB != "":
					out[i].Fill = p.Fg.RGB
				case p.Fg.Indexed != "":
					out[i].Fill = "indexed:" + p.Fg.Indexed
				case p.Fg.Theme != "":
					out[i].Fill = "theme:" + p.Fg.Theme
				default:
					out[i].Fill = "solid"
				}
			}
		}
	}
	return out
}

// builtinDate reports whether a built-in number format shows a date or
// time (ECMA-376 part 1, 18.8.30, with the East Asian ones).
func builtinDate(id int) bool {
	return id >= 14 && id <= 22 || id >= 27 && id <= 36 || id >= 45 && id <= 47 || id >= 50 && id <= 58
}

// isDateFormat reports whether a custom format code shows a date: it has
// day, month or year letters outside quoted text, escapes and [colour] or
// [$-locale] sections.
func isDateFormat(code string) bool {
	month, hour := false, false
	for i := 0; i < len(code); i++ {
		switch c := code[i]; c {
		case '"':
			for i++; i < len(code) && code[i] != '"'; i++ {
			}
		case '\\', '_', '*':
			i++
		case '[':
			for ; i < len(code) && code[i] != ']'; i++ {
			}
		case ';':
			i = len(code) // the first section decides
		case 'd', 'D', 'y', 'Y':
			return true
		case 'm', 'M':
			month = true
		case 'h', 'H', 's', 'S':
			hour = true // "mm" is minutes in "h:mm" or "mm:ss"
		}
	}
	return month && !hour
}
