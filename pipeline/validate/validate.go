// Package validate checks the typed records against the configured rules:
// required, range, pattern, uniqueness across all files of a register,
// references between registers, and each register's rules over a record.
// Every finding is collected; nothing stops at the first.
package validate

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/expr-lang/expr"

	"asxh/pipeline/config"
	"asxh/pipeline/finding"
	"asxh/pipeline/record"
	"asxh/pipeline/vn"
)

// Validator checks records as they stream past. Per register it keeps
// only what the checks need: the keys seen (for uniqueness and
// references), never the records.
type Validator struct {
	c       *config.Config
	fs      finding.List
	regs    map[string]*validator
	refs    map[string]*keySet // "register.field" → keys seen (the uniqueness set itself for a unique field)
	done    map[string]bool    // registers whose records have all passed
	pending []pendingRef       // references to registers not yet passed
	unread  map[string]bool    // registers a whole file of which could not be read
}

type pendingRef struct {
	v     *validator
	field int
	key   string
	at    place
	raw   string
}

// New returns a validator for the configuration's registers.
func New(c *config.Config) *Validator {
	x := &Validator{c: c, regs: map[string]*validator{}, refs: map[string]*keySet{}, done: map[string]bool{}}
	for _, reg := range c.Registers {
		for _, f := range reg.Fields {
			for _, ref := range f.References {
				x.refs[ref] = nil // made with the named register's validator
			}
		}
	}
	return x
}

// Validate returns the findings about every record in set.
func Validate(c *config.Config, set record.Set) finding.List {
	x := New(c)
	for range x.Check(set.All(c)) {
	}
	return x.Findings()
}

// Check passes the records of in through, checking each.
func (x *Validator) Check(in record.Stream) record.Stream {
	return func(yield func(*config.Register, *record.Record) bool) {
		var last *config.Register
		for reg, rec := range in {
			if last != nil && last != reg {
				x.done[last.Key] = true
			}
			last = reg
			x.validator(reg).record(rec)
			if !yield(reg, rec) {
				return
			}
		}
		if last != nil {
			x.done[last.Key] = true
		}
	}
}

// Unread tells the validator of the findings about whole files: a
// register with such an error was not read, or not all of it, and a
// reference to it that is not found is a consequence, not a mistake of
// its own. Findings says those once per register and column.
func (x *Validator) Unread(fs finding.List) {
	if x.unread == nil {
		x.unread = map[string]bool{}
	}
	for _, f := range fs {
		if f.Level == finding.Error && f.Row == 0 && f.Cell == "" && f.Register != "" {
			x.unread[f.Register] = true
		}
	}
}

// Findings returns every finding, once the stream has been consumed:
// references that could not be checked as their record passed are
// checked now.
func (x *Validator) Findings() finding.List {
	type follow struct {
		v     *validator
		field int
		rows  []string
		first place
	}
	var after []*follow
	byKey := map[[2]string]*follow{}
	for _, p := range x.pending {
		refs := p.v.reg.Fields[p.field].References
		if p.v.found(refs, p.key) {
			continue
		}
		if !x.anyUnread(refs) {
			p.v.refError(p.at, p.field, p.raw)
			continue
		}
		k := [2]string{p.v.reg.Key, p.v.reg.Fields[p.field].Key}
		fo := byKey[k]
		if fo == nil {
			fo = &follow{v: p.v, field: p.field, first: p.at}
			byKey[k] = fo
			after = append(after, fo)
		}
		row := strconv.Itoa(int(p.at.row))
		if p.at.sheet.File != fo.first.sheet.File {
			row = p.at.sheet.File + " " + row
		}
		fo.rows = append(fo.rows, row)
	}
	for _, fo := range after {
		f := fo.v.reg.Fields[fo.field]
		rows := fo.rows
		if len(rows) > 10 {
			rows = append(rows[:10:10], "…")
		}
		var unread []string
		for _, ref := range f.References {
			if rk, _, _ := strings.Cut(ref, "."); x.unread[rk] {
				unread = append(unread, ref)
			}
		}
		fo.v.add(place{sheet: fo.first.sheet}, -1, "", finding.ForeignKey, finding.Warning,
			finding.Rule("references", finding.Args{"so": refNames(x.c, f.References)}), "unread",
			finding.Args{"so_ma": len(fo.rows), "cot": f.Header, "so": refNames(x.c, unread), "cac_dong": strings.Join(rows, ", ")})
	}
	x.pending = nil
	return x.fs
}

func (x *Validator) anyUnread(refs []string) bool {
	for _, ref := range refs {
		rk, _, _ := strings.Cut(ref, ".")
		if x.unread[rk] {
			return true
		}
	}
	return false
}

func (x *Validator) validator(reg *config.Register) *validator {
	v := x.regs[reg.Key]
	if v != nil {
		return v
	}
	v = &validator{x: x, c: x.c, reg: reg, fs: &x.fs, env: record.NewEnv(x.c, reg),
		patterns: make([]*regexp.Regexp, len(reg.Fields)), seen: make([]*keySet, len(reg.Fields))}
	for i, f := range reg.Fields {
		if f.Pattern != "" {
			v.patterns[i] = regexp.MustCompile(f.Pattern) // checked by config
		}
		if f.Unique {
			v.seen[i] = newKeySet()
		}
		if _, named := x.refs[reg.Key+"."+f.Key]; named {
			keys := v.seen[i] // a unique field's keys serve its references too
			if keys == nil {
				keys = newKeySet()
				v.kept = append(v.kept, keptField{i, keys})
			}
			x.refs[reg.Key+"."+f.Key] = keys
		}
	}
	for range reg.Unique {
		v.composite = append(v.composite, newKeySet())
	}
	v.id, v.name = reg.FieldIndex(reg.ID), -1
	for i := v.id + 1; v.id >= 0 && i < len(reg.Fields); i++ {
		if f := reg.Fields[i]; f.Required && f.Type == config.Text && !f.Unique {
			v.name = i
			break
		}
	}
	for _, ru := range reg.Rules {
		v.ruleFields = append(v.ruleFields, reg.FieldsRead(ru.Program, ru.WhenProgram))
	}
	x.regs[reg.Key] = v
	return v
}

// place is where a record is, kept instead of the record, with who it
// is about, for a duplicate's message.
type place struct {
	sheet *record.Sheet
	row   int32
	who   string
}

// keptField is a field other registers' references name, not unique
// itself: its keys are kept for them.
type keptField struct {
	field int
	keys  *keySet
}

type validator struct {
	x         *Validator
	c         *config.Config
	reg       *config.Register
	fs        *finding.List
	env       *record.Env
	patterns  []*regexp.Regexp
	seen      []*keySet
	composite []*keySet
	kept      []keptField
	// ruleFields are, per rule, the fields its check and condition read,
	// directly or through derived values.
	ruleFields [][]int
	// id and name are the fields that say who a record is about: the
	// register's id and the first required text field after it (-1: none).
	id, name int
}

func (v *validator) add(at place, field int, raw, code string, lv finding.Level, rule, form string, args finding.Args) {
	f := finding.Finding{Code: code, Level: lv, Register: v.reg.Key, File: at.sheet.File, Sheet: at.sheet.Sheet,
		Row: int(at.row), Rule: rule, Value: raw}
	if field >= 0 && at.row > 0 {
		f.Cell = at.sheet.Cell(field, int(at.row))
	}
	v.fs.Add(f.Say(form, args))
}

// who says who a record is about: "HN005, Lê Văn Bình".
func (v *validator) who(rec *record.Record) string {
	var parts []string
	for _, i := range []int{v.id, v.name} {
		if i >= 0 && rec.Raw[i] != "" {
			parts = append(parts, rec.Raw[i])
		}
	}
	return strings.Join(parts, ", ")
}

func (v *validator) record(rec *record.Record) {
	at := place{sheet: rec.Sheet, row: int32(rec.Row)}
	for _, k := range v.kept {
		if rec.Values[k.field] != nil {
			k.keys.add(keyOf(rec, k.field), at)
		}
	}
	for i, f := range v.reg.Fields {
		v.field(rec, at, i, f)
	}
	for i, u := range v.reg.Unique {
		v.uniqueTogether(rec, at, u, v.composite[i])
	}
	v.rules(rec, at)
}

func (v *validator) field(rec *record.Record, at place, i int, f *config.Field) {
	pat, seen := v.patterns[i], v.seen[i]
	val := rec.Values[i]
	if val == nil {
		// a column missing from the header was said once, at the header
		if f.Required && rec.Raw[i] == "" && !absent(rec, i) {
			v.add(at, i, "", finding.Constraint, finding.Error, finding.Rule("required", nil), "required",
				finding.Args{"cot": f.Header, "dong": rec.Row})
		}
		return // a value that did not read was reported by the reader
	}
	if n, ok := asFloat(val); ok {
		if f.Min != nil && n < *f.Min {
			a := finding.Args{"cot": f.Header, "gia_tri": rec.Raw[i], "gioi_han": vn.NewPrinter().Number(*f.Min, 2)}
			v.add(at, i, rec.Raw[i], finding.Constraint, finding.Error, finding.Rule("min", a), "min", a)
		}
		if f.Max != nil && n > *f.Max {
			a := finding.Args{"cot": f.Header, "gia_tri": rec.Raw[i], "gioi_han": vn.NewPrinter().Number(*f.Max, 2)}
			v.add(at, i, rec.Raw[i], finding.Constraint, finding.Error, finding.Rule("max", a), "max", a)
		}
	}
	if pat != nil {
		if s, ok := val.(string); ok && !pat.MatchString(s) {
			hint := f.Hint
			if hint == "" {
				hint = "kiểm tra lại giá trị theo mẫu " + f.Pattern
			}
			v.add(at, i, rec.Raw[i], finding.Constraint, finding.Error, finding.Rule("pattern", nil), "pattern",
				finding.Args{"cot": f.Header, "gia_tri": s, "cach_sua": hint})
		}
	}
	if seen == nil && len(f.References) == 0 {
		return
	}
	k := keyOf(rec, i) // what uniqueness and references compare
	if seen != nil {
		who := v.who(rec)
		if first, dup := seen.add(k, place{sheet: at.sheet, row: at.row, who: who}); dup {
			v.add(at, i, rec.Raw[i], finding.Unique, finding.Error, finding.Rule("unique", nil), "",
				finding.Args{"cot": f.Header, "gia_tri": rec.Raw[i], "dong": rec.Row, "nguoi": who,
					"noi_dau": first.ref(i), "nguoi_dau": first.who})
		}
	}
	if len(f.References) > 0 {
		switch {
		case v.found(f.References, k):
		case !v.passed(f.References):
			v.x.pending = append(v.x.pending, pendingRef{v: v, field: i, key: k, at: at, raw: rec.Raw[i]})
		default:
			v.refError(at, i, rec.Raw[i])
		}
	}
}

func (v *validator) refError(at place, i int, raw string) {
	f := v.reg.Fields[i]
	so := refNames(v.c, f.References)
	v.add(at, i, raw, finding.ForeignKey, finding.Error, finding.Rule("references", finding.Args{"so": so}), "",
		finding.Args{"cot": f.Header, "gia_tri": raw, "so": so})
}

// passed reports whether every register refs name has streamed past.
func (v *validator) passed(refs []string) bool {
	for _, ref := range refs {
		rk, _, _ := strings.Cut(ref, ".")
		if !v.x.done[rk] {
			return false
		}
	}
	return true
}

// found reports whether any of the referenced register fields holds key.
func (v *validator) found(refs []string, key string) bool {
	for _, ref := range refs {
		if s := v.x.refs[ref]; s != nil && s.has(key) {
			return true
		}
	}
	return false
}

func (v *validator) uniqueTogether(rec *record.Record, at place, fields []string, seen *keySet) {
	parts := make([]string, len(fields))
	for j, k := range fields {
		i := v.reg.FieldIndex(k)
		if rec.Values[i] == nil {
			return
		}
		parts[j] = keyOf(rec, i)
	}
	key := strings.Join(parts, "\x00")
	i := v.reg.FieldIndex(fields[0])
	who := v.who(rec)
	if first, dup := seen.add(key, place{sheet: at.sheet, row: at.row, who: who}); dup {
		a := finding.Args{"dong": rec.Row, "nguoi": who, "noi_dau": first.ref(-1), "nguoi_dau": first.who, "cac_cot": v.headers(fields)}
		v.add(at, i, rec.Raw[i], finding.Unique, finding.Error, finding.Rule("unique-together", a), "together", a)
	}
}

func (v *validator) headers(keys []string) string {
	hs := make([]string, len(keys))
	for i, k := range keys {
		hs[i] = fmt.Sprintf("%q", v.reg.Field(k).Header)
	}
	return strings.Join(hs, ", ")
}

// keyOf is what uniqueness and references compare of field i: the text
// as read (a code mended by the reader, "CC 1 01…" → "CC101…", is the
// code), else the cell as typed.
func keyOf(rec *record.Record, i int) string {
	if s, ok := rec.Values[i].(string); ok {
		return vn.Key(s)
	}
	return vn.Key(rec.Raw[i])
}

// rules evaluates the register's rules. A rule over a value that did not
// read, or a required value left blank, does not apply: that cell already
// has its finding, one per cell. A rule that cannot be evaluated is a
// finding at its record, never a silent pass.
func (v *validator) rules(rec *record.Record, at place) {
	if len(v.reg.Rules) == 0 {
		return
	}
	m := v.env.Load(rec)
	for r, ru := range v.reg.Rules {
		if rec.Reported(v.reg, v.ruleFields[r]) {
			continue
		}
		lv := finding.Error
		if ru.Level == "warning" {
			lv = finding.Warning
		}
		fi := v.reg.FieldIndex(ru.Field)
		raw := ""
		if fi >= 0 {
			raw = rec.Raw[fi]
		}
		if ru.WhenProgram != nil {
			ok, err := expr.Run(ru.WhenProgram, m)
			if err != nil {
				v.unchecked(rec, at, fi, raw, lv, ru.When, v.ruleFields[r])
				continue
			}
			if ok != true {
				continue
			}
		}
		ok, err := expr.Run(ru.Program, m)
		if err != nil {
			v.unchecked(rec, at, fi, raw, lv, ru.Check, v.ruleFields[r])
			continue
		}
		if ok == true {
			continue
		}
		v.add(at, fi, raw, finding.RuleError, lv, ru.Message, "", finding.Args{"thong_bao": v.ruleMessage(rec, ru, v.ruleFields[r]), "cach_sua": ru.Hint})
	}
}

// ruleMessage is a rule's configured message with the values it
// compared: each {field} in the message is the record's value of that
// field; a message that names none is followed by the values the rule
// read ("… (Số nhân khẩu có thẻ BHYT: 5; Số nhân khẩu: 4)").
func (v *validator) ruleMessage(rec *record.Record, ru *config.Rule, fields []int) string {
	if len(finding.Fields(ru.Message)) > 0 {
		args := finding.Args{}
		for i, f := range v.reg.Fields {
			args[f.Key] = shown(rec.Raw[i])
		}
		return finding.Fill(ru.Message, args)
	}
	var vals []string
	for _, i := range fields {
		vals = append(vals, v.reg.Fields[i].Header+": "+shown(rec.Raw[i]))
	}
	if len(vals) == 0 {
		return ru.Message
	}
	return ru.Message + " (" + strings.Join(vals, "; ") + ")"
}

func shown(raw string) string {
	if raw == "" {
		return "(trống)"
	}
	return raw
}

// ref is the place as a clerk finds it, "bao-tro-xa-hoi.xlsx!DS!B4" (the
// row's first cell when field is -1), with the row: "dòng 4, …".
func (p place) ref(field int) string {
	f := finding.Finding{File: p.sheet.File, Sheet: p.sheet.Sheet, Row: int(p.row)}
	if field >= 0 {
		f.Cell = p.sheet.Cell(field, int(p.row))
	}
	return f.Place()
}

// unchecked is the finding for a rule that could not be evaluated on a
// record: it names the rule and the values it read.
func (v *validator) unchecked(rec *record.Record, at place, fi int, raw string, lv finding.Level, rule string, fields []int) {
	var vals []string
	for _, i := range fields {
		val := rec.Raw[i]
		if val == "" {
			val = "(trống)"
		} else {
			val = fmt.Sprintf("%q", val)
		}
		vals = append(vals, fmt.Sprintf("%q = %s", v.reg.Fields[i].Header, val))
	}
	with := ""
	if len(vals) > 0 {
		with = " với " + strings.Join(vals, ", ")
	}
	v.add(at, fi, raw, finding.RuleError, lv, rule, "unchecked", finding.Args{"quy_tac": rule, "dong": rec.Row, "gia_tri_doc": with})
}

func refNames(c *config.Config, refs []string) string {
	var s []string
	for _, ref := range refs {
		rk, _, _ := strings.Cut(ref, ".")
		s = append(s, fmt.Sprintf("sổ %q", c.Register(rk).Title))
	}
	return strings.Join(s, " hoặc ")
}

func asFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case int:
		return float64(x), true
	case float64:
		return x, true
	}
	return 0, false
}

// absent reports whether a record's sheet has no column for field i.
func absent(rec *record.Record, i int) bool {
	return rec.Sheet != nil && i < len(rec.Sheet.Columns) && rec.Sheet.Columns[i] == 0
}
