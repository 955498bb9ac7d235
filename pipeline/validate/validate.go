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

// Validate returns the findings about every record in set.
func Validate(c *config.Config, set record.Set) finding.List {
	var fs finding.List
	refs := referenced(c, set)
	for _, reg := range c.Registers {
		v := validator{c: c, reg: reg, refs: refs, fs: &fs}
		v.run(set[reg.Key])
	}
	return fs
}

type validator struct {
	c    *config.Config
	reg  *config.Register
	refs map[string]map[string]bool
	fs   *finding.List
}

func (v *validator) add(rec *record.Record, field int, code string, lv finding.Level, rule, msg, hint string) {
	f := finding.Finding{Code: code, Level: lv, Register: v.reg.Key, File: rec.Sheet.File, Sheet: rec.Sheet.Sheet,
		Row: rec.Row, Rule: rule, Message: msg, Hint: hint}
	if field >= 0 {
		f.Cell = rec.Sheet.Cell(field, rec.Row)
		f.Value = rec.Raw[field]
	}
	v.fs.Add(f)
}

func (v *validator) run(recs []*record.Record) {
	reg := v.reg
	patterns := make([]*regexp.Regexp, len(reg.Fields))
	seen := make([]map[string]*record.Record, len(reg.Fields))
	for i, f := range reg.Fields {
		if f.Pattern != "" {
			patterns[i] = regexp.MustCompile(f.Pattern) // checked by config
		}
		if f.Unique {
			seen[i] = map[string]*record.Record{}
		}
	}
	composite := make([]map[string]*record.Record, len(reg.Unique))
	for i := range composite {
		composite[i] = map[string]*record.Record{}
	}
	env := record.NewEnv(v.c, reg)
	for _, rec := range recs {
		for i, f := range reg.Fields {
			v.field(rec, i, f, patterns[i], seen[i])
		}
		for i, u := range reg.Unique {
			v.uniqueTogether(rec, u, composite[i])
		}
		v.rules(rec, env)
	}
}

func (v *validator) field(rec *record.Record, i int, f *config.Field, pat *regexp.Regexp, seen map[string]*record.Record) {
	val := rec.Values[i]
	if val == nil {
		if f.Required && rec.Raw[i] == "" {
			v.add(rec, i, finding.Constraint, finding.Error, "required",
				fmt.Sprintf("thiếu %q", f.Header), fmt.Sprintf("điền %q cho dòng %d", f.Header, rec.Row))
		}
		return // a value that did not read was reported by the reader
	}
	if n, ok := asFloat(val); ok {
		if f.Min != nil && n < *f.Min {
			p := vn.NewPrinter()
			v.add(rec, i, finding.Constraint, finding.Error, fmt.Sprintf("min: %v", *f.Min),
				fmt.Sprintf("cột %q: %s nhỏ hơn %s", f.Header, rec.Raw[i], p.Number(*f.Min, 2)), "")
		}
		if f.Max != nil && n > *f.Max {
			p := vn.NewPrinter()
			v.add(rec, i, finding.Constraint, finding.Error, fmt.Sprintf("max: %v", *f.Max),
				fmt.Sprintf("cột %q: %s lớn hơn %s", f.Header, rec.Raw[i], p.Number(*f.Max, 2)), "")
		}
	}
	if pat != nil {
		if s, ok := val.(string); ok && !pat.MatchString(s) {
			hint := f.Hint
			if hint == "" {
				hint = "kiểm tra lại giá trị theo mẫu " + f.Pattern
			}
			v.add(rec, i, finding.Constraint, finding.Error, "pattern: "+f.Pattern,
				fmt.Sprintf("cột %q: %q không đúng dạng", f.Header, s), hint)
		}
	}
	if seen != nil {
		k := vn.Key(rec.Raw[i])
		if first, dup := seen[k]; dup {
			v.add(rec, i, finding.Unique, finding.Error, "unique",
				fmt.Sprintf("%q %q bị trùng với %s", f.Header, rec.Raw[i], place(first, i)),
				"mỗi giá trị chỉ được có một lần trong sổ; sửa hoặc xóa dòng trùng")
		} else {
			seen[k] = rec
		}
	}
	if len(f.References) > 0 && !v.found(f.References, vn.Key(rec.Raw[i])) {
		v.add(rec, i, finding.ForeignKey, finding.Error, "references: "+strings.Join(f.References, ", "),
			fmt.Sprintf("cột %q: không tìm thấy %q trong %s", f.Header, rec.Raw[i], refNames(v.c, f.References)),
			"kiểm tra mã, hoặc bổ sung đối tượng vào sổ tương ứng")
	}
}

// found reports whether any of the referenced register fields holds key.
func (v *validator) found(refs []string, key string) bool {
	for _, ref := range refs {
		if v.refs[ref][key] {
			return true
		}
	}
	return false
}

// place writes where a record's cell is, for "trùng với …".
func place(rec *record.Record, field int) string {
	return fmt.Sprintf("%s!%s", rec.Sheet.File, rec.Sheet.Cell(field, rec.Row))
}

func (v *validator) uniqueTogether(rec *record.Record, fields []string, seen map[string]*record.Record) {
	parts := make([]string, len(fields))
	for j, k := range fields {
		i := v.reg.FieldIndex(k)
		if rec.Values[i] == nil {
			return
		}
		parts[j] = vn.Key(rec.Raw[i])
	}
	key := strings.Join(parts, "\x00")
	i := v.reg.FieldIndex(fields[0])
	if first, dup := seen[key]; dup {
		v.add(rec, i, finding.Unique, finding.Error, "unique: "+strings.Join(fields, ", "),
			fmt.Sprintf("dòng %d trùng với dòng %d (%s) về %s", rec.Row, first.Row, first.Sheet.File, v.headers(fields)),
			"mỗi tổ hợp giá trị này chỉ được có một lần; xóa dòng trùng")
		return
	}
	seen[key] = rec
}

func (v *validator) headers(keys []string) string {
	hs := make([]string, len(keys))
	for i, k := range keys {
		hs[i] = fmt.Sprintf("%q", v.reg.Field(k).Header)
	}
	return strings.Join(hs, ", ")
}

// rules evaluates the register's rules. A rule over a blank value does not
// apply: the blank is the reader's or the required check's finding.
func (v *validator) rules(rec *record.Record, env *record.Env) {
	if len(v.reg.Rules) == 0 {
		return
	}
	m := env.Load(rec)
	for _, ru := range v.reg.Rules {
		if ru.WhenProgram != nil {
			ok, err := expr.Run(ru.WhenProgram, m)
			if err != nil || ok != true {
				continue
			}
		}
		ok, err := expr.Run(ru.Program, m)
		if err != nil || ok == true {
			continue
		}
		lv := finding.Error
		if ru.Level == "warning" {
			lv = finding.Warning
		}
		v.add(rec, v.reg.FieldIndex(ru.Field), finding.RuleError, lv, ru.Check, ru.Message, ru.Hint)
	}
}

// referenced indexes the values of every register.field that a reference names.
func referenced(c *config.Config, set record.Set) map[string]map[string]bool {
	out := map[string]map[string]bool{}
	for _, reg := range c.Registers {
		for _, f := range reg.Fields {
			for _, ref := range f.References {
				if out[ref] != nil {
					continue
				}
				rk, fk, _ := strings.Cut(ref, ".")
				r := c.Register(rk)
				i := r.FieldIndex(fk)
				m := map[string]bool{}
				for _, rec := range set[rk] {
					if rec.Values[i] != nil {
						m[vn.Key(rec.Raw[i])] = true
					}
				}
				out[ref] = m
			}
		}
	}
	return out
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
