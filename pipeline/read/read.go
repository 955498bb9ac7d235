// Package read turns the files matched to registers into typed records. It
// finds each table's header wherever it sits, skips what is not a record
// (blank, group, total and signature rows), types every cell by the
// configuration, and says what it could not read, at the cell.
package read

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

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
	ctx      context.Context
	err      error
	Stats    map[string]Stats
	Findings finding.List
}

// New returns a reader of files.
func New(c *config.Config, files []source.File, soffice string) *Reader {
	return &Reader{c: c, files: files, soffice: soffice, ctx: context.Background(), Stats: map[string]Stats{}}
}

// WithContext sets what stops the stream part way, a sheet's rows
// included (SIGTERM while a large sheet is read), and returns r.
func (r *Reader) WithContext(ctx context.Context) *Reader {
	r.ctx = ctx
	return r
}

// Err is why the stream stopped before its end: the context's error
// when it was cancelled, nil otherwise. What the files hold wrong is in
// Findings, never here.
func (r *Reader) Err() error { return r.err }

// cancelEvery is how many rows of a sheet are read between two looks at
// the context: cheap, and a fraction of a second at the slowest.
const cancelEvery = 4096

// Records streams every record: registers in the configuration's order,
// each register's files in name order, rows in sheet order.
func (r *Reader) Records() record.Stream {
	return func(yield func(*config.Register, *record.Record) bool) {
		for _, reg := range r.c.Order() {
			for _, f := range r.files {
				if f.Register != reg.Key {
					continue
				}
				if r.err = r.ctx.Err(); r.err != nil {
					return
				}
				n := 0
				stopped := false
				fs := readFile(r.ctx, r.c, reg, f, r.soffice, func(rec *record.Record) bool {
					n++
					if !yield(reg, rec) {
						stopped = true
						return false
					}
					return true
				})
				if r.err = r.ctx.Err(); r.err != nil {
					return // what the file said when cut off is not its fault
				}
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

// readFile reads one file, handing each record to emit until it returns
// false. A file that fails part way is a finding: the run publishes nothing.
func readFile(ctx context.Context, c *config.Config, reg *config.Register, f source.File, soffice string, emit func(*record.Record) bool) (fs finding.List) {
	fail := func(err error) finding.List {
		msg, hint := err.Error(), "mở tệp bằng Excel hoặc LibreOffice, kiểm tra và lưu lại dưới dạng .xlsx"
		var p *fileProblem
		if errors.As(err, &p) {
			hint = p.hint
		}
		fs.Add(finding.Finding{Code: finding.FileError, Level: finding.Error, Register: reg.Key, File: f.Name}.
			Say("", finding.Args{"tep": f.Name, "ly_do": msg, "cach_sua": hint}))
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
	bk, err := openBook(f)
	if err != nil {
		return fail(err)
	}
	defer bk.close() // the sheets' readers are closed before it, below
	defer func() { fs = append(fs, bk.problems(reg, f)...) }()
	tables, err := pickTables(c, reg, f, bk, &fs)
	if err != nil {
		return fail(err)
	}
	for i, t := range tables {
		more, err := readTable(ctx, c, reg, f, t, emit, &fs)
		if err == nil {
			err = finish(t.rs) // reads the rest: a damaged end is a finding
		}
		t.rs.Close()
		if err != nil || !more {
			for _, rest := range tables[i+1:] {
				rest.rs.Close()
			}
			if err != nil && !fileFailed(fs) {
				return fail(err)
			}
			return fs
		}
	}
	return fs
}

// readTable reads the records of one table, from its buffered top rows
// on; more is false when emit asked to stop.
func readTable(ctx context.Context, c *config.Config, reg *config.Register, f source.File, t *table, emit func(*record.Record) bool, fs *finding.List) (more bool, err error) {
	rs, top, nums, h, sheet := t.rs, t.top, t.nums, t.h, t.sheet
	sh := &record.Sheet{Register: reg.Key, File: f.Name, Sheet: sheet, Columns: make([]int, len(reg.Fields))}
	headerRow := nums[h.row]
	add := func(code string, lv finding.Level, row int, form string, args finding.Args) {
		fs.Add(finding.Finding{Code: code, Level: lv, Register: reg.Key, File: f.Name, Sheet: sheet, Row: row}.Say(form, args))
	}
	at := finding.Finding{Register: reg.Key, File: f.Name, Sheet: sheet, Row: headerRow}
	lay := findLayout(reg, decodedForHeader(top), &h, at, sheet, f.Name)
	*fs = append(*fs, lay.findings...)
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
		form, args, closest := missingHint(fld, h, top, headerRow)
		add(finding.MissingLabel, lv, headerRow, form, args)
		if closest >= 0 { // named in the hint: not said again as a column not read
			h.extra = slices.DeleteFunc(h.extra, func(c int) bool { return c == closest })
		}
	}
	if len(h.similar) > 0 {
		var said []string
		for _, i := range h.similar {
			if col := h.cols[i]; col >= 0 {
				ref, _ := excelize.CoordinatesToCellName(col+1, headerRow)
				said = append(said, fmt.Sprintf("%q (%s) là %q", h.text(top, col), ref, reg.Fields[i].Header))
			}
		}
		if len(said) > 0 {
			add(finding.HeaderSimilar, finding.Info, headerRow, "", finding.Args{"cac_cot": strings.Join(said, "; ")})
		}
	}
	if len(h.again) > 0 {
		var twice []string
		for _, a := range h.again {
			first, _ := excelize.CoordinatesToCellName(h.cols[a[0]]+1, headerRow)
			second, _ := excelize.CoordinatesToCellName(a[1]+1, headerRow)
			twice = append(twice, fmt.Sprintf("%q (%s và %s)", reg.Fields[a[0]].Header, first, second))
		}
		add(finding.RepeatedLabel, finding.Error, headerRow, "", finding.Args{"cot": strings.Join(twice, ", ")})
	}
	if len(h.extra) > 0 {
		var names []string
		for _, col := range h.extra {
			names = append(names, fmt.Sprintf("%q", cell(top[h.row], col)))
		}
		add(finding.ExtraLabel, finding.Info, headerRow, "", finding.Args{"cot": strings.Join(names, ", ")})
	}

	rd := newRowReader(c, reg, sh, lay)
	if st, ok := rs.(interface{ Struck(row int) bool }); ok {
		rd.struck = st.Struck
	}
	start := h.row + h.height
	fur := newFurniture(top, h)
	rd.kinds = kindsOf(rs)
	merged, err := spreadMerges(rs, top, nums, start, sh)
	if err != nil {
		return false, err
	}
	*fs = append(*fs, merged...)
	rd.legacy = legacyColumns(reg, rs, h, top, nums, start)
	defer rd.reportLegacy(fs)
	defer rd.report(fs)
	defer fur.report(add)
	send := func(recs []*record.Record) bool {
		for _, rec := range recs {
			if !emit(rec) {
				return false
			}
		}
		return true
	}
	for i := start; i < len(top); i++ {
		if fur.skip(nums[i], top[i]) {
			continue
		}
		if !send(rd.feed(nums[i], top[i], fs)) {
			return false, nil
		}
	}
	// Every row to the end of the sheet: rows typed under the signatures
	// are read (or named), never dropped in silence.
	for k := 1; rs.Next(); k++ {
		if k%cancelEvery == 0 && ctx.Err() != nil {
			return false, ctx.Err() // the rest unread; Records says why, not a finding
		}
		n, cells := rs.Row()
		if fur.skip(n, cells) {
			continue
		}
		if !send(rd.feed(n, cells, fs)) {
			return false, nil
		}
	}
	if !send(rd.flush(fs)) {
		return false, nil
	}
	return true, rs.Err()
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
