package figure

import (
	"fmt"
	"math"
	"slices"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"

	"asxh/pipeline/config"
	"asxh/pipeline/finding"
	"asxh/pipeline/record"
	"asxh/pipeline/vn"
)

// Compute evaluates every figure and table over the records. prev holds
// last year's figures by key, or is nil; with it the summary compares.
func Compute(c *config.Config, set record.Set, prev map[string]float64) (*Set, finding.List) {
	out := &Set{Counted: map[string]int{}}
	var fs finding.List
	byKey := map[string]*Figure{}
	accs := map[string]*acc{}
	for _, cf := range c.Figures {
		f := &Figure{Key: cf.Key, Label: cf.Label, Unit: cf.Unit, Format: cf.Format}
		out.Figures = append(out.Figures, f)
		byKey[f.Key] = f
	}
	// Record figures: one pass over each register.
	for _, reg := range c.Registers {
		var figs []*config.Figure
		for _, cf := range c.Figures {
			if cf.Register == reg.Key && cf.Expr == "" && cf.Numerator == "" {
				figs = append(figs, cf)
				accs[cf.Key] = newAcc(reg, cf.Sum, cf.Distinct, cf.List)
			}
		}
		if len(figs) == 0 {
			continue
		}
		env := record.NewEnv(c, reg)
		id := reg.FieldIndex(reg.ID)
		counted := map[*record.Record]bool{}
		for _, rec := range set[reg.Key] {
			m := env.Load(rec)
			for _, cf := range figs {
				ok, err := pass(cf.FilterProgram, m)
				if err != nil {
					fs.Add(filterError(reg, rec, "chỉ tiêu "+cf.Key, err))
					continue
				}
				if !ok {
					continue
				}
				if accs[cf.Key].add(rec) {
					byKey[cf.Key].Sources = append(byKey[cf.Key].Sources, rec.Ref(id))
					if !counted[rec] {
						counted[rec] = true
						out.Counted[rec.Sheet.File]++
					}
				}
			}
		}
		for _, cf := range figs {
			a := accs[cf.Key]
			byKey[cf.Key].Value = a.value()
			byKey[cf.Key].Values = a.list()
		}
	}
	// Figures over figures, in dependency order.
	done := map[string]bool{}
	for len(done) < len(c.Figures) {
		for _, cf := range c.Figures {
			if done[cf.Key] || !allDone(cf.Deps, done) {
				continue
			}
			f := byKey[cf.Key]
			switch {
			case cf.Numerator != "":
				f.Num, f.Den = byKey[cf.Numerator].Value, byKey[cf.Denominator].Value
				if f.Den != 0 {
					f.Value = f.Num / f.Den * 100
				}
				f.Sources = append(slices.Clone(byKey[cf.Numerator].Sources), byKey[cf.Denominator].Sources...)
			case cf.Expr != "":
				env := map[string]any{"params": c.Params.Map()}
				for k, g := range byKey {
					env[k] = g.Value
				}
				v, err := expr.Run(cf.Program, env)
				if x, ok := toFloat(v); err == nil && ok {
					f.Value = x
				} else {
					fs.Add(finding.Finding{Code: finding.RuleError, Level: finding.Error, Register: cf.Register,
						Message: fmt.Sprintf("không tính được chỉ tiêu %s (%s): %v", cf.Key, cf.Expr, err)})
				}
				for _, d := range cf.Deps {
					f.Sources = append(f.Sources, byKey[d].Sources...)
				}
			}
			done[cf.Key] = true
		}
	}
	for _, ct := range c.Tables {
		t, tfs := table(c, ct, set, out, prev)
		out.Tables = append(out.Tables, t)
		fs = append(fs, tfs...)
	}
	return out, fs
}

func allDone(deps []string, done map[string]bool) bool {
	for _, d := range deps {
		if !done[d] {
			return false
		}
	}
	return true
}

// pass evaluates a filter; no filter passes everything.
func pass(p *vm.Program, m map[string]any) (bool, error) {
	if p == nil {
		return true, nil
	}
	v, err := expr.Run(p, m)
	if err != nil {
		return false, err
	}
	return v == true, nil
}

func filterError(reg *config.Register, rec *record.Record, what string, err error) finding.Finding {
	return finding.Finding{Code: finding.RuleError, Level: finding.Error, Register: reg.Key,
		File: rec.Sheet.File, Sheet: rec.Sheet.Sheet, Row: rec.Row,
		Message: fmt.Sprintf("không xét được dòng %d cho %s: %v", rec.Row, what, err),
		Hint:    "kiểm tra các ô trống hoặc sai kiểu trên dòng này"}
}

// acc accumulates one count, sum, distinct or list over records.
type acc struct {
	field    int // -1 for a count
	distinct bool
	isList   bool
	n        float64
	seen     map[string]string // Key → first spelling
}

func newAcc(reg *config.Register, sum, distinct, list string) *acc {
	a := &acc{field: -1}
	switch {
	case sum != "":
		a.field = fieldOrDerived(reg, sum)
	case distinct != "":
		a.field, a.distinct = fieldOrDerived(reg, distinct), true
		a.seen = map[string]string{}
	case list != "":
		a.field, a.isList = fieldOrDerived(reg, list), true
		a.seen = map[string]string{}
	}
	return a
}

func fieldOrDerived(reg *config.Register, key string) int {
	if i := reg.FieldIndex(key); i >= 0 {
		return i
	}
	for i, d := range reg.Derived {
		if d.Key == key {
			return len(reg.Fields) + i
		}
	}
	return -1
}

// add counts rec and reports whether it contributed.
func (a *acc) add(rec *record.Record) bool {
	if a.field < 0 {
		a.n++
		return true
	}
	v := rec.Values[a.field]
	if v == nil {
		return false
	}
	if a.seen != nil {
		s := display(v)
		k := vn.Key(s)
		if _, ok := a.seen[k]; ok {
			return true
		}
		a.seen[k] = s
		a.n++
		return true
	}
	x, ok := toFloat(v)
	if ok {
		a.n += x
	}
	return ok
}

func (a *acc) value() float64 { return a.n }

// list returns the distinct values in Vietnamese order.
func (a *acc) list() []string {
	if !a.isList {
		return nil
	}
	out := make([]string, 0, len(a.seen))
	for _, s := range a.seen {
		out = append(out, s)
	}
	col := vn.NewCollator()
	slices.SortFunc(out, col.Compare)
	return out
}

func display(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case vn.Date:
		return x.String()
	case float64:
		return vn.NewPrinter().Coefficient(x)
	}
	return fmt.Sprint(v)
}

func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case int:
		return float64(x), true
	case float64:
		return x, !math.IsNaN(x) && !math.IsInf(x, 0)
	case bool:
		if x {
			return 1, true
		}
		return 0, true
	}
	return 0, false
}
