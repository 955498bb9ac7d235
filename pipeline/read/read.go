// Package read turns the files matched to registers into typed records. It
// finds each table's header wherever it sits, skips what is not a record
// (blank, group, total and signature rows), types every cell by the
// configuration, and says what it could not read, at the cell.
package read

import (
	"errors"
	"fmt"
	"strings"

	"asxh/pipeline/config"
	"asxh/pipeline/finding"
	"asxh/pipeline/record"
	"asxh/pipeline/source"
	"asxh/pipeline/vn"
)

// Stats is what one file gave.
type Stats struct {
	Rows int // records read
}

// Reader reads the files as a stream of records. Stats and Findings are
// complete once the stream has been consumed.
type Reader struct {
	c        *config.Config
	files    []source.File
	soffice  string // LibreOffice, for files of Format convert
	Stats    map[string]Stats
	Findings finding.List
}

// New returns a reader of files.
func New(c *config.Config, files []source.File, soffice string) *Reader {
	return &Reader{c: c, files: files, soffice: soffice, Stats: map[string]Stats{}}
}

// Records streams every record: registers in the configuration's order,
// each register's files in name order, rows in sheet order.
func (r *Reader) Records() record.Stream {
	return func(yield func(*config.Register, *record.Record) bool) {
		for _, reg := range r.c.Order() {
			for _, f := range r.files {
				if f.Register != reg.Key {
					continue
				}
				n := 0
				stopped := false
				fs := readFile(r.c, reg, f, r.soffice, func(rec *record.Record) bool {
					n++
					if !yield(reg, rec) {
						stopped = true
						return false
					}
					return true
				})
				r.Findings = append(r.Findings, fs...)
				r.Stats[f.Name] = Stats{Rows: n}
				if stopped {
					return
				}
			}
		}
	}
}

// Read reads every file into memory, by register; for tests and small data.
func Read(c *config.Config, files []source.File, soffice string) (record.Set, map[string]Stats, finding.List) {
	r := New(c, files, soffice)
	set := record.Set{}
	for reg, rec := range r.Records() {
		set[reg.Key] = append(set[reg.Key], rec)
	}
	return set, r.Stats, r.Findings
}

// rows yields a file's rows: 1-based row number and raw cell texts.
type rows interface {
	Next() bool
	Row() (int, []string)
	Err() error
	Close() error
	// Font names the font of a cell (1-based column and row), "" when unknown.
	Font(col, row int) string
}

func open(f source.File, reg *config.Register) (rows, string, error) {
	if f.Format == "csv" {
		r, err := openCSV(f.Path)
		return r, "", err
	}
	return openFastXLSX(f.Path, reg.Sheet)
}

// readFile reads one file, handing each record to emit until it returns
// false. A file that fails part way is a finding: the run publishes nothing.
func readFile(c *config.Config, reg *config.Register, f source.File, soffice string, emit func(*record.Record) bool) (fs finding.List) {
	fail := func(err error) finding.List {
		msg, hint := err.Error(), "mở tệp bằng Excel hoặc LibreOffice, kiểm tra và lưu lại dưới dạng .xlsx"
		var p *fileProblem
		if errors.As(err, &p) {
			hint = p.hint
		}
		fs.Add(finding.Finding{Code: finding.FileError, Level: finding.Error, Register: reg.Key, File: f.Name,
			Message: fmt.Sprintf("không đọc được tệp %s: %s", f.Name, msg), Hint: hint})
		return fs
	}
	if f.Format == "convert" {
		path, cleanup, err := convertToXLSX(soffice, f.Path)
		if err != nil {
			return fail(err)
		}
		defer cleanup()
		f.Path, f.Format = path, "xlsx"
	}
	if f.Format == "xlsx" {
		if err := checkWorkbook(f.Path); err != nil {
			return fail(err)
		}
	}
	rs, sheet, err := open(f, reg)
	if err != nil {
		return fail(err)
	}
	defer rs.Close()
	defer func() { fs = append(fs, placed(rs, reg, f, sheet)...) }()
	defer func() {
		if err := finish(rs); err != nil && !fileFailed(fs) {
			fs = fail(err)
		}
	}()

	// Buffer the top of the sheet, where the header must be.
	var top [][]string
	var nums []int
	for len(top) < c.Reader.HeaderRows && rs.Next() {
		n, cells := rs.Row()
		top = append(top, cells)
		nums = append(nums, n)
	}
	if err := rs.Err(); err != nil {
		return fail(err)
	}
	h, ok := findHeader(reg, decodedForHeader(top))
	if !ok {
		fs.Add(finding.Finding{Code: finding.MissingLabel, Level: finding.Error, Register: reg.Key, File: f.Name, Sheet: sheet,
			Message: fmt.Sprintf("không tìm thấy dòng tiêu đề của bảng %q trong %d dòng đầu", reg.Title, c.Reader.HeaderRows),
			Hint:    "tiêu đề cột phải giống mẫu, ví dụ: " + exampleHeaders(reg)})
		return fs
	}
	sh := &record.Sheet{Register: reg.Key, File: f.Name, Sheet: sheet, Columns: make([]int, len(reg.Fields))}
	headerRow := nums[h.row]
	at := finding.Finding{Register: reg.Key, File: f.Name, Sheet: sheet, Row: headerRow}
	lay := findLayout(reg, decodedForHeader(top), &h, at, sheet, f.Name)
	fs = append(fs, lay.findings...)
	for i, col := range h.cols {
		if col >= 0 {
			sh.Columns[i] = col + 1
			continue
		}
		fld := reg.Fields[i]
		if fld.Type == config.Ignored || lay.supplied(reg, i) {
			continue
		}
		lv := finding.Warning
		if fld.Required {
			lv = finding.Error
		}
		fs.Add(finding.Finding{Code: finding.MissingLabel, Level: lv, Register: reg.Key, File: f.Name, Sheet: sheet, Row: headerRow,
			Message: fmt.Sprintf("thiếu cột %q", fld.Header),
			Hint:    fmt.Sprintf("thêm cột có tiêu đề %q vào dòng tiêu đề (dòng %d)", fld.Header, headerRow)})
	}
	if len(h.extra) > 0 {
		var names []string
		for _, col := range h.extra {
			names = append(names, fmt.Sprintf("%q", cell(top[h.row], col)))
		}
		fs.Add(finding.Finding{Code: finding.ExtraLabel, Level: finding.Info, Register: reg.Key, File: f.Name, Sheet: sheet, Row: headerRow,
			Message: "các cột không có trong cấu hình, không được đọc: " + strings.Join(names, ", ")})
	}

	rd := newRowReader(c, reg, sh, lay)
	if st, ok := rs.(interface{ Struck(row int) bool }); ok {
		rd.struck = st.Struck
	}
	start := h.row + h.height
	if start < len(top) && isIndexRow(top[start]) {
		start++
	}
	rd.kinds = kindsOf(rs)
	merged, err := spreadMerges(rs, top, nums, start, sh)
	if err != nil {
		return fail(err)
	}
	fs = append(fs, merged...)
	rd.legacy = legacyColumns(reg, rs, h, top, nums, start)
	defer rd.reportLegacy(&fs) // fs is the named result: the report is returned
	defer rd.report(&fs)
	send := func(recs []*record.Record) bool {
		for _, rec := range recs {
			if !emit(rec) {
				return false
			}
		}
		return true
	}
	for i := start; i < len(top); i++ {
		if !send(rd.feed(nums[i], top[i], &fs)) {
			return fs
		}
	}
	// Every row to the end of the sheet: rows typed under the signatures
	// are read (or named), never dropped in silence.
	for rs.Next() {
		n, cells := rs.Row()
		if !send(rd.feed(n, cells, &fs)) {
			return fs
		}
	}
	send(rd.flush(&fs))
	return fs // finish, deferred, reads the rest and reports a damaged end
}

// placed returns the problems a row source found itself (a CSV's broken
// quotes), placed in the file.
func placed(rs rows, reg *config.Register, f source.File, sheet string) finding.List {
	p, ok := rs.(interface{ Problems() finding.List })
	if !ok {
		return nil
	}
	var out finding.List
	for _, x := range p.Problems() {
		x.Register, x.File, x.Sheet = reg.Key, f.Name, sheet
		out.Add(x)
	}
	return out
}

func exampleHeaders(reg *config.Register) string {
	var hs []string
	for _, f := range reg.Fields {
		if f.Required {
			hs = append(hs, fmt.Sprintf("%q", f.Header))
		}
	}
	return strings.Join(hs, ", ")
}

// keyCache remembers vn.Key of the texts of one sheet: enum values, labels
// and group names repeat from row to row, and Key is not cheap.
type keyCache map[string]string

const keyCacheMax = 1 << 14

func (k keyCache) key(s string) string {
	if v, ok := k[s]; ok {
		return v
	}
	v := vn.Key(s)
	if len(k) < keyCacheMax {
		k[s] = v
	}
	return v
}

func keysOf(labels []string) []string {
	out := make([]string, len(labels))
	for i, l := range labels {
		out[i] = vn.Key(l)
	}
	return out
}

// startsWith reports whether the first cell of a row starts with a label.
func (rd *rowReader) startsWith(s string, labels []string) bool {
	if len(labels) == 0 || len(s) > 80 || s[0] >= '0' && s[0] <= '9' {
		return false // labels are words; a row's number (STT) is not one
	}
	k := rd.keys.key(s)
	for _, l := range labels {
		if strings.HasPrefix(k, l) {
			return true
		}
	}
	return false
}
