// Package validate checks the typed records against the configured rules:
// required, range, pattern, uniqueness across all files of a register,
// references between registers, and each register's rules over a record.
// Every finding is collected; nothing stops at the first.
package validate

import (
	"fmt"
	"regexp"
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
	refs    map[string]map[string]place // "register.field" → keys seen (the uniqueness map itself for a unique field)
	done    map[string]bool             // registers whose records have all passed
	pending []pendingRef                // references to registers not yet passed
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
	x := &Validator{c: c, regs: map[string]*validator{}, refs: map[string]map[string]place{}, done: map[string]bool{}}
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

// Findings returns every finding, once the stream has been consumed:
// references that could not be checked as their record passed are
// checked now.
func (x *Validator) Findings() finding.List {
	for _, p := range x.pending {
		if !p.v.found(p.v.reg.Fields[p.field].References, p.key) {
			p.v.refError(p.at, p.field, p.raw)
		}
	}
	x.pending = nil
	return x.fs
}

func (x *Validator) validator(reg *config.Register) *validator {
	v := x.regs[reg.Key]
	if v != nil {
		return v
	}
	v = &validator{x: x, c: x.c, reg: reg, fs: &x.fs, env: record.NewEnv(x.c, reg),
		patterns: make([]*regexp.Regexp, len(reg.Fields)), seen: make([]map[string]place, len(reg.Fields))}
	for i, f := range reg.Fields {
		if f.Pattern != "" {
			v.patterns[i] = regexp.MustCompile(f.Pattern) // checked by config
		}
		if f.Unique {
			v.seen[i] = map[string]place{}
		}
		if _, named := x.refs[reg.Key+"."+f.Key]; named {
			keys := v.seen[i] // a unique field's keys serve its references too
			if keys == nil {
				keys = map[string]place{}
				v.kept = append(v.kept, keptField{i, keys})
			}
			x.refs[reg.Key+"."+f.Key] = keys
		}
	}
	for range reg.Unique {
		v.composite = append(v.composite, map[string]place{})
	}
	for _, ru := range reg.Rules {
		v.ruleFields = append(v.ruleFields, reg.FieldsRead(ru.Program, ru.WhenProgram))
	}
	x.regs[reg.Key] = v
	return v
}

// place is where a record is, kept instead of the record.
type place struct {
	sheet *record.Sheet
	row   int32
}

// keptField is a field other registers' references name, not unique
// itself: its keys are kept for them.
type keptField struct {
	field int
	keys  map[string]place
}

type validator struct {
	x         *Validator
	c         *config.Config
	reg       *config.Register
	fs        *finding.List
	env       *record.Env
	patterns  []*regexp.Regexp
	seen      []map[string]place
	composite []map[string]place
	kept      []keptField
	// ruleFields are, per rule, the fields its check and condition read,
	// directly or through derived values.
	ruleFields [][]int
}

func (v *validator) add(at place, field int, raw, code string, lv finding.Level, rule, msg, hint string) {
	f := finding.Finding{Code: code, Level: lv, Register: v.reg.Key, File: at.sheet.File, Sheet: at.sheet.Sheet,
		Row: int(at.row), Rule: rule, Message: msg, Hint: hint, Value: raw}
	if field >= 0 {
		f.Cell = at.sheet.Cell(field, int(at.row))
	}
	v.fs.Add(f)
}

func (v *validator) record(rec *record.Record) {
	at := place{rec.Sheet, int32(rec.Row)}
	for _, k := range v.kept {
		if rec.Values[k.field] != nil {
			k.keys[keyOf(rec, k.field)] = at
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
			v.add(at, i, "", finding.Constraint, finding.Error, "required",
				fmt.Sprintf("thiếu %q", f.Header), fmt.Sprintf("điền %q cho dòng %d", f.Header, rec.Row))
		}
		return // a value that did not read was reported by the reader
	}
	if n, ok := asFloat(val); ok {
		if f.Min != nil && n < *f.Min {
			p := vn.NewPrinter()
			v.add(at, i, rec.Raw[i], finding.Constraint, finding.Error, fmt.Sprintf("min: %v", *f.Min),
				fmt.Sprintf("cột %q: %s nhỏ hơn %s", f.Header, rec.Raw[i], p.Number(*f.Min, 2)), "")
		}
		if f.Max != nil && n > *f.Max {
			p := vn.NewPrinter()
			v.add(at, i, rec.Raw[i], finding.Constraint, finding.Error, fmt.Sprintf("max: %v", *f.Max),
				fmt.Sprintf("cột %q: %s lớn hơn %s", f.Header, rec.Raw[i], p.Number(*f.Max, 2)), "")
		}
	}
	if pat != nil {
		if s, ok := val.(string); ok && !pat.MatchString(s) {
			hint := f.Hint
			if hint == "" {
				hint = "kiểm tra lại giá trị theo mẫu " + f.Pattern
			}
			v.add(at, i, rec.Raw[i], finding.Constraint, finding.Error, "pattern: "+f.Pattern,
				fmt.Sprintf("cột %q: %q không đúng dạng", f.Header, s), hint)
		}
	}
	if seen == nil && len(f.References) == 0 {
		return
	}
	k := keyOf(rec, i) // what uniqueness and references compare
	if seen != nil {
		if first, dup := seen[k]; dup {
			v.add(at, i, rec.Raw[i], finding.Unique, finding.Error, "unique",
				fmt.Sprintf("%q %q bị trùng với %s!%s", f.Header, rec.Raw[i], first.sheet.File, first.sheet.Cell(i, int(first.row))),
				"mỗi giá trị chỉ được có một lần trong sổ; sửa hoặc xóa dòng trùng")
		} else {
			seen[k] = at
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
	v.add(at, i, raw, finding.ForeignKey, finding.Error, "references: "+strings.Join(f.References, ", "),
		fmt.Sprintf("cột %q: không tìm thấy %q trong %s", f.Header, raw, refNames(v.c, f.References)),
		"kiểm tra mã, hoặc bổ sung đối tượng vào sổ tương ứng")
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
		if _, ok := v.x.refs[ref][key]; ok {
			return true
		}
	}
	return false
}

func (v *validator) uniqueTogether(rec *record.Record, at place, fields []string, seen map[string]place) {
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
	if first, dup := seen[key]; dup {
		v.add(at, i, rec.Raw[i], finding.Unique, finding.Error, "unique: "+strings.Join(fields, ", "),
			fmt.Sprintf("dòng %d trùng với dòng %d (%s) về %s", rec.Row, first.row, first.sheet.File, v.headers(fields)),
			"mỗi tổ hợp giá trị này chỉ được có một lần; xóa dòng trùng")
		return
	}
	seen[key] = at
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
		v.add(at, fi, raw, finding.RuleError, lv, ru.Check, ru.Message, ru.Hint)
	}
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
	msg := fmt.Sprintf("không kiểm tra được quy tắc %q ở dòng %d", rule, rec.Row)
	if len(vals) > 0 {
		msg += " với " + strings.Join(vals, ", ")
	}
	v.add(at, fi, raw, finding.RuleError, lv, rule, msg,
		"kiểm tra các giá trị này trên dòng; nếu chúng đúng, báo người quản trị sửa quy tắc trong tệp cấu hình")
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
