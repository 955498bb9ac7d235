package read

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/expr-lang/expr/vm"

	"asxh/pipeline/config"
	"asxh/pipeline/finding"
	"asxh/pipeline/record"
	"asxh/pipeline/vn"
)

// rowReader turns rows of one sheet into records. Each row is one of: a
// blank row, a line of the foot (signatures, the place-and-date line), a
// total, a section row ("I | HỘ NGHÈO", "Tổ dân phố số 3"), a member of
// the household above, or a record.
type rowReader struct {
	c      *config.Config
	reg    *config.Register
	sheet  *record.Sheet
	env    *record.Env
	cols   []column       // how each field's cells are typed
	legacy []legacyColumn // per field
	kinds  kinder         // booleans, error values, formulas never computed; nil for CSV
	lay    *layout
	keys   keyCache
	// label keys of total, end and group rows
	totals, ends, groups []string
	ended                []string // keys of the words that end a row
	struck               func(row int) bool
	clean                []string // the current row's cells cleaned, reused from row to row
	// deriving: the names the expressions read, by index (nil before the
	// first record, whose environment is loaded whole)
	uses []int
	vm   vm.VM // reused: expr.Run makes a machine and its stack for every record

	sect     []section // per field read from section rows: the current one
	foot     int       // the row the foot starts at; 0 before it
	footCols []bool    // the columns the foot's lines have text in: where signers' names stand
	pending  *block    // the household being read, with members
	notes    notes     // what was read beyond the contract, said once per sheet
	keyField int       // members.key's index; -1
}

// section is the value a section row gives the records below it.
type section struct {
	value any
	raw   string
	row   int
}

// block is a record whose members follow on the rows below.
type block struct {
	rec     *record.Record
	key     string
	members []int
}

// notes gathers rows read beyond the contract, for one finding each.
type notes struct {
	sections   []string // "5 (I | HỘ NGHÈO)"
	firstSect  int
	unmatched  []int    // section rows that named no value while fields need one
	below      []int    // records under the foot
	belowSkip  []int    // rows under the foot that are no record
	blocks     []string // "hộ HN001 (dòng 5): dòng 6, 7"
	blockCount int
	firstBlock int
}

func newRowReader(c *config.Config, reg *config.Register, sh *record.Sheet, lay *layout) *rowReader {
	rd := &rowReader{c: c, reg: reg, sheet: sh, env: record.NewEnv(c, reg), cols: columns(reg), lay: lay,
		keys: keyCache{}, totals: keysOf(c.Reader.TotalLabels), ends: keysOf(c.Reader.EndLabels), groups: keysOf(c.Reader.GroupLabels),
		sect: make([]section, len(reg.Fields)), keyField: -1, struck: func(int) bool { return false }}
	if reg.Ended != nil {
		rd.ended = keysOf(reg.Ended.Patterns)
	}
	if reg.Members != nil && sh.Columns[reg.FieldIndex(reg.Members.Key)] > 0 {
		rd.keyField = reg.FieldIndex(reg.Members.Key)
	}
	return rd
}

// romanRE matches the number of a section row: "I", "II.", "IV)", "A", "B.".
var romanRE = regexp.MustCompile(`^(?:[IVXL]{1,6}|[A-Z])[.)]?$`)

// feed reads one row and returns the records it completes: none, or one
// (a record, or the household the row ends). Each cell is cleaned once
// (vn.Clean), for every step that looks at the row.
func (rd *rowReader) feed(n int, cells []string, fs *finding.List) []*record.Record {
	rd.clean = rd.clean[:0]
	for _, c := range cells {
		rd.clean = append(rd.clean, vn.Clean(c))
	}
	clean := rd.clean
	var first string
	filled := 0
	for _, c := range clean {
		if c != "" {
			if first == "" {
				first = c
			}
			filled++
		}
	}
	if filled == 0 {
		return nil
	}
	lacks := rd.lacksRequired(clean)
	switch {
	case rd.startsWith(first, rd.ends), lacks && filled <= 3 && rd.isFoot(clean):
		// a foot line has few cells: a partial record that mentions a date is no foot
		if rd.foot == 0 {
			rd.foot = n
		}
		rd.markFoot(clean)
		return rd.flush(fs)
	case lacks && rd.startsWith(first, rd.totals):
		return rd.flush(fs) // a total row; a person named "Tổng Văn A" has every required cell
	case lacks && rd.isSection(n, first, filled, clean):
		return rd.flush(fs)
	}
	if rd.isMember(cells, clean) {
		rd.pending.members = append(rd.pending.members, n)
		return nil
	}
	if rd.foot > 0 && lacks {
		// signers' names stand under their titles; a row with a cell
		// where no line of the foot has text (a code and an amount under
		// "Người lập biểu") is a partial record, never skipped in silence
		if filled >= max(4, rd.width()/2) || !rd.underFoot(clean) {
			rd.notes.belowSkip = append(rd.notes.belowSkip, n)
			return nil
		}
		rd.markFoot(clean)
		return nil // signers' names, a note under the signatures
	}
	if rd.foot > 0 {
		rd.notes.below = append(rd.notes.below, n)
	}
	rec := rd.record(n, cells, clean, fs)
	out := rd.flush(fs)
	if rec == nil {
		return out
	}
	if rd.keyField >= 0 {
		rd.pending = &block{rec: rec, key: vn.Key(rec.Raw[rd.keyField])}
		return out
	}
	rd.derive(rec)
	return append(out, rec)
}

// flush completes the household being read.
func (rd *rowReader) flush(fs *finding.List) []*record.Record {
	b := rd.pending
	if b == nil {
		return nil
	}
	rd.pending = nil
	rows := 1 + len(b.members)
	if len(b.members) > 0 {
		rd.notes.blockCount++
		if rd.notes.firstBlock == 0 {
			rd.notes.firstBlock = b.rec.Row
		}
		if len(rd.notes.blocks) < 20 {
			rd.notes.blocks = append(rd.notes.blocks, fmt.Sprintf("%s (dòng %d): dòng %s", b.rec.Raw[rd.keyField], b.rec.Row, joinInts(b.members)))
		}
	}
	if m := rd.reg.Members; m != nil && m.Count != "" {
		i := rd.reg.FieldIndex(m.Count)
		if s := rd.lay.src[i]; s != nil && s.kind == fromCount {
			b.rec.Values[i], b.rec.Raw[i] = rows, strconv.Itoa(rows)
		} else if v, ok := b.rec.Values[i].(int); ok && len(b.members) > 0 && v != rows {
			fs.Add(finding.Finding{Code: finding.Constraint, Level: finding.Warning, Register: rd.reg.Key, File: rd.sheet.File, Sheet: rd.sheet.Sheet,
				Row: b.rec.Row, Cell: rd.sheet.Cell(i, b.rec.Row), Value: b.rec.Raw[i], Rule: finding.Rule("members", nil)}.
				Say("members", finding.Args{"cot": rd.reg.Fields[i].Header, "so": v, "so_dong": rows, "dong": b.rec.Row, "dong_khac": joinInts(b.members)}))
		}
	}
	rd.derive(b.rec)
	return []*record.Record{b.rec}
}

// markFoot notes the columns a line of the foot has text in.
func (rd *rowReader) markFoot(clean []string) {
	for i, c := range clean {
		if c == "" {
			continue
		}
		for len(rd.footCols) <= i {
			rd.footCols = append(rd.footCols, false)
		}
		rd.footCols[i] = true
	}
}

// underFoot reports whether every cell of a row with text is in a column
// a line of the foot above has text in.
func (rd *rowReader) underFoot(clean []string) bool {
	for i, c := range clean {
		if c != "" && (i >= len(rd.footCols) || !rd.footCols[i]) {
			return false
		}
	}
	return true
}

// isFoot reports whether a row (its cleaned cells) is a line of the foot
// under the table: an end label in any column, or the place-and-date line.
func (rd *rowReader) isFoot(clean []string) bool {
	for _, c := range clean {
		if c == "" {
			continue
		}
		if rd.startsWith(c, rd.ends) {
			return true
		}
		for _, re := range rd.c.Reader.EndREs {
			if re.MatchString(c) {
				return true
			}
		}
	}
	return false
}

// isSection reports whether a row (its cleaned cells) names a section (and
// takes the values it names for the fields read from sections).
func (rd *rowReader) isSection(n int, first string, filled int, cells []string) bool {
	named := false
	for i, s := range rd.lay.src {
		if s == nil || s.kind != fromSection {
			continue
		}
		f := rd.reg.Fields[i]
	cells:
		for _, c := range cells {
			if c == "" {
				continue
			}
			for _, cp := range f.Sections {
				if cp == nil || cp.RE == nil {
					continue
				}
				v, ok := cp.Expand(c)
				if !ok {
					continue
				}
				val, _ := rd.cols[i].convert(vn.Clean(v), rd.keys.key)
				if val != nil {
					rd.sect[i] = section{value: val, raw: c, row: n}
					named = true
					break cells
				}
			}
		}
	}
	roman := romanRE.MatchString(first) && filled >= 2
	group := filled == 1 && rd.startsWith(first, rd.groups)
	if !named && !roman && !group {
		return false
	}
	if rd.notes.firstSect == 0 {
		rd.notes.firstSect = n
	}
	if len(rd.notes.sections) < 30 {
		rd.notes.sections = append(rd.notes.sections, fmt.Sprintf("%d (%s)", n, strings.Join(nonBlank(cells), " | ")))
	}
	if !named && roman && rd.hasSectionFields() {
		rd.notes.unmatched = append(rd.notes.unmatched, n)
	}
	return true
}

// width is how many columns the table reads.
func (rd *rowReader) width() int {
	n := 0
	for i, c := range rd.sheet.Columns {
		if c > 0 {
			n++
		}
		if s := rd.lay.src[i]; s != nil {
			n += len(s.cols)
		}
	}
	return n
}

func (rd *rowReader) hasSectionFields() bool {
	for _, s := range rd.lay.src {
		if s != nil && s.kind == fromSection {
			return true
		}
	}
	return false
}

// isMember reports whether a row continues the household above: its key
// cell blank, or the same key (a merged cell spread down).
func (rd *rowReader) isMember(cells, clean []string) bool {
	if rd.pending == nil || rd.keyField < 0 {
		return false
	}
	col := rd.sheet.Columns[rd.keyField]
	k := ""
	if col <= len(cells) {
		k = rd.legacy[rd.keyField].text(cells[col-1], clean[col-1], func() string { return "" })
	}
	if k != "" {
		return rd.keys.key(k) == rd.pending.key
	}
	// A blank key on a row that has its own count is a household whose
	// code was forgotten, not a member: the validator names the blank code.
	if m := rd.reg.Members; m.Count != "" {
		if c := rd.sheet.Columns[rd.reg.FieldIndex(m.Count)]; c > 0 && at(clean, c-1) != "" {
			return false
		}
	}
	return true
}

// record types the cells of a record's row (as read, and cleaned); nil for
// a row the notes end without a date.
func (rd *rowReader) record(n int, cells, clean []string, fs *finding.List) *record.Record {
	rec := &record.Record{Sheet: rd.sheet, Row: n,
		Values: make([]any, len(rd.reg.Fields)+len(rd.reg.Derived)),
		Raw:    make([]string, len(rd.reg.Fields))}
	bad := func(i int, f *finding.Finding, col int, raw string) {
		f.Register, f.File, f.Sheet, f.Row = rd.reg.Key, rd.sheet.File, rd.sheet.Sheet, n
		f.Cell = rd.sheet.Cell(i, n)
		if col >= 0 {
			f.Cell = cellName(col, n)
		}
		f.Value = raw
		fs.Add(*f)
	}
	for i, f := range rd.reg.Fields {
		if s := rd.lay.src[i]; s != nil {
			rd.fromSource(rec, i, s, clean, bad)
			continue
		}
		if b := rd.kindProblem(i, n, cells); b != nil {
			fs.Add(*b) // not a value, nor blank: never the default
			continue
		}
		col := rd.sheet.Columns[i]
		if col == 0 || col > len(cells) || f.Type == config.Ignored {
			if f.Default != nil && rec.Values[i] == nil {
				rec.Values[i] = number(f.Type, *f.Default)
			}
			continue
		}
		rec.Raw[i] = rd.legacy[i].text(cells[col-1], clean[col-1], func() string { return rd.sheet.Cell(i, n) })
		v, b := rd.cols[i].convert(rec.Raw[i], rd.keys.key)
		if b != nil {
			bad(i, b, -1, rec.Raw[i])
		}
		rec.Values[i] = v
	}
	if !rd.end(rec, clean, fs) {
		return nil
	}
	return rec
}

// fromSource gives field i its value from where the layout says it is, in
// the row's cleaned cells.
func (rd *rowReader) fromSource(rec *record.Record, i int, s *fieldSource, cells []string, bad func(int, *finding.Finding, int, string)) {
	f := rd.reg.Fields[i]
	switch s.kind {
	case fromTitle:
		rec.Values[i], rec.Raw[i] = s.value, fmt.Sprint(s.value)
		if s.value == nil {
			rec.Raw[i] = ""
		}
	case fromSection:
		if sc := rd.sect[i]; sc.value != nil {
			rec.Values[i], rec.Raw[i] = sc.value, fmt.Sprint(sc.value)
		}
	case fromCount:
		// set when the household's rows are known
	case fromAge:
		raw := at(cells, s.cols[0])
		if raw == "" {
			return
		}
		rec.Raw[i] = raw
		age, err := vn.ParseInt(raw)
		if err != nil || age < 0 || age > 150 {
			x := finding.Finding{Code: finding.TypeError, Level: finding.Error, Rule: finding.Rule("age", nil)}.
				Say("age", finding.Args{"cot": f.Header, "gia_tri": raw})
			bad(i, &x, s.cols[0], raw)
			return
		}
		rec.Values[i] = vn.Date{Time: time.Date(rd.c.Year-age, 1, 1, 0, 0, 0, 0, time.UTC), YearOnly: true}
	case fromSplit, fromMarks:
		var got []int
		for j, c := range s.cols {
			if at(cells, c) != "" {
				got = append(got, j)
			}
		}
		if len(got) == 0 {
			return
		}
		if len(got) > 1 {
			var names []string
			for _, j := range got {
				names = append(names, s.values[j])
			}
			x := finding.Finding{Code: finding.Constraint, Level: finding.Error, Rule: finding.Rule("one-column", nil)}.
				Say("one-col", finding.Args{"cot": f.Header, "cac_cot": strings.Join(names, ", ")})
			bad(i, &x, s.cols[got[1]], at(cells, s.cols[got[1]]))
			return
		}
		j := got[0]
		if s.kind == fromMarks {
			rec.Values[i], rec.Raw[i] = s.values[j], s.values[j]
			return
		}
		rec.Raw[i] = at(cells, s.cols[j])
		v, b := rd.cols[i].convert(rec.Raw[i], rd.keys.key)
		if b != nil {
			bad(i, b, s.cols[j], rec.Raw[i])
		}
		rec.Values[i] = v
		if t := s.target; rd.sheet.Columns[t] == 0 || rec.Raw[t] == "" {
			rec.Values[t], rec.Raw[t] = s.values[j], s.values[j]
		}
	}
}

// dateInNoteRE finds a date in a note: "Đã chết 3/11/2019", "cắt từ 01-07-2020".
var dateInNoteRE = regexp.MustCompile(`\d{1,2}[/.-]\d{1,2}[/.-]\d{4}`)

// end applies a note or a strike that ends the row (its cleaned cells):
// its date goes to the configured field; without a date the row is left
// out. Reports whether the record stays.
func (rd *rowReader) end(rec *record.Record, cells []string, fs *finding.List) bool {
	e := rd.reg.Ended
	if e == nil {
		return true
	}
	note := ""
	if rd.lay.notesCol >= 0 {
		note = at(cells, rd.lay.notesCol)
	}
	k := rd.keys.key(note)
	said := false
	for _, p := range rd.ended {
		if note != "" && strings.Contains(k, p) {
			said = true
			break
		}
	}
	struck := e.Struck && rd.struck(rec.Row)
	if !said && !struck {
		return true
	}
	i := rd.reg.FieldIndex(e.Field)
	f := rd.reg.Fields[i]
	why := fmt.Sprintf("ghi chú %q", note)
	if !said {
		why = "dòng bị gạch ngang"
	} else if struck {
		why = "dòng bị gạch ngang, " + why
	}
	at := finding.Finding{Code: finding.Interpreted, Level: finding.Info, Register: rd.reg.Key, File: rd.sheet.File, Sheet: rd.sheet.Sheet, Row: rec.Row, Value: note}
	if rd.lay.notesCol >= 0 && note != "" {
		at.Cell = cellName(rd.lay.notesCol, rec.Row)
	}
	args := finding.Args{"vi_sao": why, "cot": f.Header, "ten": strings.ToLower(f.Header), "gia_tri": rec.Raw[i]}
	if rec.Values[i] != nil {
		fs.Add(at.Say("ended-kept", args))
		return true
	}
	if said {
		if m := dateInNoteRE.FindString(note); m != "" {
			if d, err := vn.ParseDate(m, false); err == nil {
				rec.Values[i], rec.Raw[i] = d, d.String()
				args["ngay"] = d.String()
				fs.Add(at.Say("ended", args))
				return true
			}
			at.Level = finding.Warning
			args["ngay"] = m
			fs.Add(at.Say("ended-bad-date", args))
			return false
		}
	}
	fs.Add(at.Say("ended-no-date", args))
	return false
}

// lacksRequired reports whether a required field's cell is blank in the
// row (its cleaned cells).
func (rd *rowReader) lacksRequired(cells []string) bool {
	for i, f := range rd.reg.Fields {
		if !f.Required {
			continue
		}
		if s := rd.lay.src[i]; s != nil {
			if s.kind == fromSplit || s.kind == fromMarks || s.kind == fromAge {
				any := false
				for _, c := range s.cols {
					any = any || at(cells, c) != ""
				}
				if !any {
					return true
				}
			}
			continue // from the title, a section or the rows: not on the row
		}
		col := rd.sheet.Columns[i]
		if col == 0 || col > len(cells) || cells[col-1] == "" {
			return true
		}
	}
	return false
}

// report says, once per sheet, what was read beyond the contract.
func (rd *rowReader) report(fs *finding.List) {
	at := func(lv finding.Level, row int, form string, args finding.Args) {
		fs.Add(finding.Finding{Code: finding.Interpreted, Level: lv, Register: rd.reg.Key, File: rd.sheet.File, Sheet: rd.sheet.Sheet,
			Row: row}.Say(form, args))
	}
	n := &rd.notes
	if len(n.sections) > 0 {
		at(finding.Info, n.firstSect, "sections", finding.Args{"cac_dong": strings.Join(n.sections, "; ")})
	}
	if len(n.unmatched) > 0 {
		at(finding.Warning, n.unmatched[0], "unmatched", finding.Args{"cac_dong": joinInts(n.unmatched)})
	}
	if n.blockCount > 0 {
		blocks := strings.Join(n.blocks, "; ")
		if n.blockCount > len(n.blocks) {
			blocks += "; …"
		}
		at(finding.Info, n.firstBlock, "blocks", finding.Args{"so_ho": n.blockCount, "cot": rd.reg.Fields[rd.keyField].Header, "cac_ho": blocks})
	}
	if len(n.below) > 0 {
		at(finding.Warning, n.below[0], "below", finding.Args{"so_dong": len(n.below), "tu_dong": rd.foot, "cac_dong": joinInts(n.below)})
	}
	if len(n.belowSkip) > 0 {
		at(finding.Warning, n.belowSkip[0], "below-skipped", finding.Args{"tu_dong": rd.foot, "cac_dong": joinInts(n.belowSkip)})
	}
}

func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ", ")
}

// at is cell c of a row already cleaned, "" past its end.
func at(clean []string, c int) string {
	if c < len(clean) {
		return clean[c]
	}
	return ""
}

func nonBlank(cells []string) []string {
	var out []string
	for _, c := range cells {
		if c = vn.Clean(c); c != "" {
			out = append(out, c)
		}
	}
	return out
}

func cellName(col, row int) string {
	name := ""
	for c := col + 1; c > 0; c = (c - 1) / 26 {
		name = string(rune('A'+(c-1)%26)) + name
	}
	return name + strconv.Itoa(row)
}

// derive computes the register's derived values; one that cannot be
// computed (a blank date, say) stays blank: the field's own rules report why.
func (rd *rowReader) derive(rec *record.Record) {
	if len(rd.reg.Derived) == 0 {
		return
	}
	nf := len(rd.reg.Fields)
	first := rd.uses == nil
	if first {
		rd.uses = derivedReads(rd.reg)
	}
	// only the names the expressions read: loading every field into the
	// map was half of deriving (bench/read profile, 100,000 rows)
	env := rd.env.LoadUsed(rec, rd.uses, first)
	for i, d := range rd.reg.Derived {
		v, err := rd.vm.Run(d.Program, env)
		if err != nil {
			v = nil
		}
		rec.Values[nf+i] = v
		rd.env.Set(d.Key, record.Expr(v))
	}
}

// derivedReads lists, by index, the names the register's derived
// expressions read (config.Register.Reads).
func derivedReads(reg *config.Register) []int {
	progs := make([]*vm.Program, len(reg.Derived))
	for i, d := range reg.Derived {
		progs[i] = d.Program
	}
	return reg.Reads(progs...)
}
