package read

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"asxh/internal/xlsxstream"
	"asxh/pipeline/config"
	"asxh/pipeline/finding"
	"asxh/pipeline/source"
	"asxh/pipeline/vn"
)

// Which sheets of a workbook hold a register, in named steps: every
// visible sheet whose top rows hold the register's header is a table;
// sheets without it (a cover, a summary), hidden sheets, sheets that match
// only part of the header when others match all of it, and copies of the
// list for another year are skipped and named; two sheets that both look
// current and share rows are one finding, and nothing of the file is read.
// The tables left are read in workbook order and combined: a sheet per tổ
// dân phố.

// sheetInfo is one sheet of a register's file.
type sheetInfo struct {
	name   string
	hidden bool
}

// book is a register's file as sheets, opened one at a time; the
// workbook (its shared strings, its styles) is read once for all of them.
type book struct {
	sheets []sheetInfo
	open   func(i int) (rows, error)
	close  func() error
	opened []openedSheet
}

type openedSheet struct {
	rs    rows
	sheet string
}

// openSheet opens sheet i, remembering it for problems.
func (bk *book) openSheet(i int) (rows, error) {
	rs, err := bk.open(i)
	if err == nil {
		bk.opened = append(bk.opened, openedSheet{rs, bk.sheets[i].name})
	}
	return rs, err
}

// problems are what the sheets' readers found as they read (a CSV line
// with a broken quote), placed in the file.
func (bk *book) problems(reg *config.Register, f source.File) finding.List {
	var out finding.List
	for _, o := range bk.opened {
		out = append(out, placed(o.rs, reg, f, o.sheet)...)
	}
	return out
}

func openBook(f source.File) (*book, error) {
	if f.Format == "csv" {
		return &book{sheets: []sheetInfo{{}}, open: func(int) (rows, error) {
			rs, err := openCSV(f.Path)
			if err != nil {
				return nil, err
			}
			return rs, nil
		}, close: func() error { return nil }}, nil
	}
	wb, err := xlsxstream.Open(f.Path, xlsxOptions)
	if err != nil {
		return nil, err
	}
	var sheets []sheetInfo
	for _, s := range wb.Sheets() {
		sheets = append(sheets, sheetInfo{name: s.Name, hidden: !s.Visible})
	}
	return &book{sheets: sheets, open: func(i int) (rows, error) {
		r, err := wb.SheetAt(i)
		if err != nil {
			return nil, err
		}
		return &fastSheet{wb: wb, r: r, sheet: sheets[i].name, early: map[int]xlsxstream.Row{}, shared: true}, nil
	}, close: wb.Close}, nil
}

// table is a sheet whose header has been looked for: its top rows
// buffered, its reader left where they end.
type table struct {
	sheet    string
	rs       rows
	top      [][]string
	nums     []int
	h        header
	found    bool // the header is there
	complete bool // every required field has its column, or takes the sheet's name
}

func loadTable(c *config.Config, reg *config.Register, rs rows, name string) (*table, error) {
	t := &table{sheet: name, rs: rs}
	for len(t.top) < c.Reader.HeaderRows && rs.Next() {
		n, cells := rs.Row()
		t.top = append(t.top, cells)
		t.nums = append(t.nums, n)
	}
	if err := rs.Err(); err != nil {
		return nil, err
	}
	t.h, t.found = findHeader(reg, decodedForHeader(t.top))
	t.complete = t.found
	for i, f := range reg.Fields {
		if t.found && f.Required && t.h.cols[i] < 0 && !otherSource(reg, f) {
			t.complete = false
		}
	}
	return t, nil
}

// otherSource reports whether the configuration lets a field be held
// other than in a column of its own (findLayout decides whether it is).
func otherSource(reg *config.Register, f *config.Field) bool {
	return len(f.FromTitle) > 0 || len(f.Sections) > 0 || f.SplitBy != "" || f.Marks || len(f.Age) > 0 ||
		reg.Members != nil && reg.Members.Count == f.Key
}

// pickTables finds the tables of a register in its file. It returns no
// table when that is a finding (in fs); an error when a sheet cannot be read.
func pickTables(c *config.Config, reg *config.Register, f source.File, bk *book, fs *finding.List) ([]*table, error) {
	var tables []*table
	closeAll := func() {
		for _, t := range tables {
			t.rs.Close()
		}
	}
	add := func(lv finding.Level, code, sheet, form string, args finding.Args) {
		fs.Add(finding.Finding{Code: code, Level: lv, Register: reg.Key, File: f.Name, Sheet: sheet}.Say(form, args))
	}
	var noHeader, hidden []string
	var near *table // the sheet whose best row is most like the header, when none has it
	for i, s := range bk.sheets {
		if reg.Sheet != "" && vn.Key(s.name) != vn.Key(reg.Sheet) {
			continue
		}
		if s.hidden && reg.Sheet == "" {
			hidden = append(hidden, s.name)
			continue
		}
		rs, err := bk.openSheet(i)
		if err != nil {
			closeAll()
			return nil, err
		}
		t, err := loadTable(c, reg, rs, s.name)
		if err != nil {
			rs.Close()
			closeAll()
			return nil, err
		}
		if !t.found {
			rs.Close()
			noHeader = append(noHeader, s.name)
			if t.h.score > 0 && (near == nil || t.h.score > near.h.score) {
				near = t
			}
			continue
		}
		tables = append(tables, t)
		if reg.Sheet != "" {
			break // the configured sheet, and no other
		}
	}
	if reg.Sheet != "" && len(tables) == 0 && len(noHeader) == 0 {
		return nil, fmt.Errorf("không có trang tính %q", reg.Sheet)
	}
	if len(tables) == 0 {
		msg := fmt.Sprintf("không tìm thấy dòng tiêu đề của bảng %q trong %d dòng đầu", reg.Title, c.Reader.HeaderRows)
		sheet := ""
		switch {
		case len(noHeader) == 1 && len(hidden) == 0:
			sheet = noHeader[0]
		case len(noHeader)+len(hidden) > 0:
			msg += " của trang nào; đã xem các trang " + quoted(noHeader)
			if len(hidden) > 0 {
				msg += "; trang ẩn không được đọc: " + quoted(hidden)
			}
		}
		if near == nil {
			add(finding.Error, finding.MissingLabel, sheet, "no-header", finding.Args{"ly_do": msg, "vi_du": exampleHeaders(reg)})
			return nil, nil
		}
		var has, lacks []string
		for i, fld := range reg.Fields {
			switch {
			case near.h.cols[i] >= 0:
				has = append(has, fmt.Sprintf("%q", fld.Header))
			case fld.Required:
				lacks = append(lacks, fmt.Sprintf("%q", fld.Header))
			}
		}
		add(finding.Error, finding.MissingLabel, sheet, "no-header-near", finding.Args{"ly_do": msg,
			"dong": near.nums[near.h.row], "trang": near.sheet, "co": strings.Join(has, ", "), "thieu": strings.Join(lacks, ", ")})
		return nil, nil
	}
	for _, s := range hidden {
		add(finding.Info, finding.SheetSkipped, s, "hidden", finding.Args{"trang": s})
	}
	for _, s := range noHeader {
		add(finding.Info, finding.SheetSkipped, s, "no-header", finding.Args{"trang": s, "so": reg.Title})
	}
	tables = keepComplete(tables, func(t *table) {
		add(finding.Info, finding.SheetSkipped, t.sheet, "partial", finding.Args{"trang": t.sheet, "so": reg.Title})
	})
	tables = keepYear(c.Year, tables, func(t *table, years []int) {
		add(finding.Warning, finding.SheetSkipped, t.sheet, "other-year", finding.Args{"trang": t.sheet, "nam_trang": joinInts(years), "nam": c.Year})
	})
	if a, b, key, ra, rb, ok := overlap(reg, tables); ok {
		fs.Add(finding.Finding{Code: finding.SheetConflict, Level: finding.Error, Register: reg.Key, File: f.Name, Sheet: b.sheet, Row: rb}.
			Say("", finding.Args{"mot": a.sheet, "hai": b.sheet, "nam": c.Year, "gia_tri": key, "dong_mot": ra, "dong_hai": rb,
				"vi_du": fmt.Sprintf("DS %d", c.Year-1)}))
		closeAll()
		return nil, nil
	}
	return tables, nil
}

// keepComplete drops the tables that lack a required column when another
// has them all; with none complete, the one that matches best stays, so
// that its missing columns are said.
func keepComplete(tables []*table, drop func(*table)) []*table {
	best, complete := 0, false
	for i, t := range tables {
		complete = complete || t.complete
		if t.h.score > tables[best].h.score {
			best = i
		}
	}
	var out []*table
	for i, t := range tables {
		if t.complete || !complete && i == best {
			out = append(out, t)
			continue
		}
		t.rs.Close()
		drop(t)
	}
	return out
}

// yearRE finds a year standing alone, not the end of a date ("05/01/2020").
var yearRE = regexp.MustCompile(`(^|[^0-9/.\-])((19|20)[0-9]{2})($|[^0-9/.\-])`)

// years are the years a table names: in its sheet's name or its title
// rows above the header.
func (t *table) years() []int {
	texts := []string{t.sheet}
	for _, r := range t.top[:t.h.row] {
		texts = append(texts, strings.Join(r, " "))
	}
	var out []int
	for _, s := range texts {
		for _, m := range yearRE.FindAllStringSubmatch(s, -1) {
			y, _ := strconv.Atoi(m[2])
			if !slices.Contains(out, y) {
				out = append(out, y)
			}
		}
	}
	slices.Sort(out)
	return out
}

// keepYear drops the tables that name only other years than the report's
// — an older copy kept in the workbook — when a table for the year stays.
func keepYear(year int, tables []*table, drop func(*table, []int)) []*table {
	var current, other []*table
	for _, t := range tables {
		if ys := t.years(); len(ys) > 0 && !slices.Contains(ys, year) {
			other = append(other, t)
		} else {
			current = append(current, t)
		}
	}
	if len(current) == 0 {
		return tables // the file is of another year: validation says so
	}
	for _, t := range other {
		t.rs.Close()
		drop(t, t.years())
	}
	return current
}

// overlap finds two tables that hold the same record among their
// buffered rows: by the register's unique fields, or by every cell.
func overlap(reg *config.Register, tables []*table) (a, b *table, key string, rowA, rowB int, ok bool) {
	if len(tables) < 2 {
		return
	}
	var unique []int
	for i, f := range reg.Fields {
		if f.Unique {
			unique = append(unique, i)
		}
	}
	seen := map[string]struct {
		t   *table
		row int
	}{}
	for _, t := range tables {
		for _, k := range t.keys(reg, unique) {
			if s, dup := seen[k.key]; dup && s.t != t {
				return s.t, t, k.text, s.row, k.row, true
			}
			seen[k.key] = struct {
				t   *table
				row int
			}{t, k.row}
		}
	}
	return
}

type rowKey struct {
	key, text string
	row       int
}

// keys are the buffered records' keys: their unique cells, or all their
// cells; rows lacking a required cell (totals, groups) have none.
func (t *table) keys(reg *config.Register, unique []int) []rowKey {
	var out []rowKey
	for r := t.h.row + t.h.height; r < len(t.top); r++ {
		if isIndexRow(t.top[r]) {
			continue
		}
		var parts, texts []string
		whole := true
		for i, f := range reg.Fields {
			v := ""
			if col := t.h.cols[i]; col >= 0 {
				v = cell(t.top[r], col)
			}
			if f.Required && v == "" && t.h.cols[i] >= 0 {
				whole = false
				break
			}
			if f.Type == config.Ignored || len(unique) > 0 && !slices.Contains(unique, i) {
				continue
			}
			parts = append(parts, vn.Key(v))
			if v != "" {
				texts = append(texts, v)
			}
		}
		if whole && len(texts) > 0 {
			out = append(out, rowKey{strings.Join(parts, "\x00"), strings.Join(texts, " | "), t.nums[r]})
		}
	}
	return out
}

func quoted(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return strings.Join(q, ", ")
}
