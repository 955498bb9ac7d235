package figure

import (
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/vm"

	"asxh/pipeline/config"
	"asxh/pipeline/finding"
	"asxh/pipeline/record"
	"asxh/pipeline/vn"
)

// Builder computes the figures and tables as records stream past,
// keeping accumulators, not records.
type Builder struct {
	c      *config.Config
	prev   map[string]float64
	out    *Set
	byKey  map[string]*Figure
	accs   map[string]*acc
	regs   map[string]*regState
	tables []*tableState
	sheets *sheetTable // the sheets the figures' references point into
	fs     finding.List
}

// regState is what one register's records feed.
type regState struct {
	env    *record.Env
	id     int
	figs   []*config.Figure
	uses   []int // the fields and derived values the filters run on its records read (config.Register.Reads)
	loaded bool  // env has had every name loaded once
}

// NewBuilder returns a builder; prev holds last year's figures by key, or
// is nil, and with it the summary compares.
func NewBuilder(c *config.Config, prev map[string]float64) *Builder {
	b := &Builder{c: c, prev: prev, out: &Set{Counted: map[string]int{}, Params: c.Params}, byKey: map[string]*Figure{},
		accs: map[string]*acc{}, regs: map[string]*regState{}, sheets: newSheetTable()}
	b.out.refs = b.sheets
	for _, cf := range c.Figures {
		f := &Figure{Key: cf.Key, Label: cf.Label, Unit: cf.Unit, Format: cf.Format, Sources: Refs{sheets: b.sheets}}
		b.out.Figures = append(b.out.Figures, f)
		b.byKey[f.Key] = f
	}
	for _, reg := range c.Registers {
		st := &regState{env: record.NewEnv(c, reg), id: reg.FieldIndex(reg.ID)}
		for _, cf := range c.Figures {
			if cf.Register == reg.Key && cf.Expr == "" && cf.Numerator == "" {
				st.figs = append(st.figs, cf)
				b.accs[cf.Key] = newAcc(reg, cf.Sum, cf.Distinct, cf.List)
			}
		}
		b.regs[reg.Key] = st
	}
	for _, ct := range c.Tables {
		b.tables = append(b.tables, newTable(c, ct))
	}
	for _, reg := range c.Registers {
		st := b.regs[reg.Key]
		var filters []*vm.Program
		for _, cf := range st.figs {
			filters = append(filters, cf.FilterProgram)
		}
		for _, t := range b.tables {
			if t.reg == reg {
				filters = append(filters, t.ct.FilterProgram)
				for _, col := range t.ct.Columns {
					filters = append(filters, col.FilterProgram)
				}
			}
		}
		st.uses = reg.Reads(filters...)
	}
	return b
}

// Compute evaluates every figure and table over the records of set.
func Compute(c *config.Config, set record.Set, prev map[string]float64) (*Set, finding.List) {
	b := NewBuilder(c, prev)
	for reg, rec := range set.All(c) {
		b.Add(reg, rec)
	}
	return b.Finish()
}

// Add counts one record into every figure and table over its register.
func (b *Builder) Add(reg *config.Register, rec *record.Record) {
	st := b.regs[reg.Key]
	m := st.env.LoadUsed(rec, st.uses, !st.loaded)
	st.loaded = true
	counted := false
	for _, cf := range st.figs {
		ok, err := pass(cf.FilterProgram, m)
		if err != nil {
			filterFailed(&b.fs, reg, rec, fmt.Sprintf("chỉ tiêu %q", cf.Label), cf.FilterProgram)
			continue
		}
		if !ok || !b.accs[cf.Key].add(rec) {
			continue
		}
		id := ""
		if st.id >= 0 && st.id < len(rec.Raw) {
			id = rec.Raw[st.id]
		}
		b.byKey[cf.Key].Sources.add(rec.Sheet, rec.Row, id)
		if !counted {
			counted = true
			b.out.Counted[rec.Sheet.File]++
		}
	}
	for _, t := range b.tables {
		if t.reg == reg {
			t.add(rec, m, st.env, &b.fs)
		}
	}
}

// SpillTo has the figures' references, past budget bytes held, written
// to a file in dir as they are counted (they grow with the records: some
// 25 MB at a million), and read back as they are listed. The Set's Close
// removes the file.
func (b *Builder) SpillTo(dir string, budget int) {
	b.sheets.spill = &spill{dir: dir, budget: budget}
}

// Finish computes the figures over figures and the tables' last columns.
func (b *Builder) Finish() (*Set, finding.List) {
	c, out, byKey, accs := b.c, b.out, b.byKey, b.accs
	fs := b.fs
	for _, cf := range c.Figures {
		if a, ok := accs[cf.Key]; ok {
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
				f.Rate, f.Num, f.Den = true, byKey[cf.Numerator].Value, byKey[cf.Denominator].Value
				if f.Den != 0 {
					f.Value = f.Num / f.Den * 100
				} else {
					fs.Add(finding.Finding{Code: finding.RuleError, Level: finding.Warning, Register: cf.Register, File: filepath.Base(c.Path),
						Rule: finding.Rule("rate", finding.Args{"tu_so": byKey[cf.Numerator].Label, "mau_so": byKey[cf.Denominator].Label})}.
						Say("zero-rate", finding.Args{"chi_tieu": cf.Label, "mau_so": byKey[cf.Denominator].Label}))
				}
				f.Sources = concat(b.sheets, byKey[cf.Numerator].Sources, byKey[cf.Denominator].Sources)
			case cf.Expr != "":
				env := map[string]any{"params": c.Params.Map()}
				for k, g := range byKey {
					env[k] = g.Value
				}
				v, err := expr.Run(cf.Program, env)
				if x, ok := toFloat(v); err == nil && ok {
					f.Value = x
				} else {
					inputs := func(k string) string {
						if g, ok := byKey[k]; ok {
							return fmt.Sprintf("chỉ tiêu %q", g.Label)
						}
						return k
					}
					fs.Add(exprFailure(c, cf.Register, fmt.Sprintf("chỉ tiêu %q", cf.Label), cf.Program, env, inputs, err))
				}
				for _, d := range cf.Deps {
					f.Sources = concat(b.sheets, f.Sources, byKey[d].Sources)
				}
			}
			done[cf.Key] = true
		}
	}
	fs = append(fs, check(c, byKey, b.prev)...)
	for _, t := range b.tables {
		out.Tables = append(out.Tables, t.finish(out, b.prev, &fs))
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

// exprFailure is the finding for a figure or a table cell whose
// expression gives no number: it names what could not be computed (what),
// says which of the values the expression reads is zero, with name giving
// each value's label, and is placed at the configuration that defines it.
func exprFailure(c *config.Config, register, what string, p *vm.Program, env map[string]any, name func(string) string, err error) finding.Finding {
	var zeros []string
	seen := map[string]bool{}
	walk := func(n ast.Node) {
		switch x := n.(type) {
		case *ast.IdentifierNode:
			if v, ok := toFloat(env[x.Value]); ok && v == 0 && !seen[x.Value] {
				seen[x.Value] = true
				zeros = append(zeros, name(x.Value)+" bằng 0")
			}
		case *ast.MemberNode: // params.x
			if id, ok := x.Node.(*ast.IdentifierNode); ok && id.Value == "params" {
				if prop, ok := x.Property.(*ast.StringNode); ok {
					if v, ok := toFloat(c.Params.Map()[prop.Value]); ok && v == 0 && !seen["params."+prop.Value] {
						seen["params."+prop.Value] = true
						zeros = append(zeros, fmt.Sprintf("tham số %q bằng 0", prop.Value))
					}
				}
			}
		}
	}
	node := p.Node()
	ast.Find(node, func(n ast.Node) bool { walk(n); return false })
	msg := fmt.Sprintf("không tính được %s (%s)", what, p.Source().String())
	hint := "kiểm tra số liệu của các sổ tạo nên chỉ tiêu này, hoặc công thức trong tệp cấu hình"
	switch {
	case len(zeros) > 0:
		msg += ": phép chia cho 0, vì " + strings.Join(zeros, ", ")
		hint = "kiểm tra số liệu tạo nên giá trị bằng 0; nếu đúng là 0, sửa công thức trong tệp cấu hình để xử lý trường hợp này (ví dụ: b == 0 ? 0 : a / b)"
	case err != nil:
		msg += ": công thức bị lỗi khi tính"
	default:
		msg += ": kết quả không phải là một số"
	}
	return finding.Finding{Code: finding.RuleError, Level: finding.Error, Register: register, File: filepath.Base(c.Path),
		Rule: p.Source().String()}.Say("", finding.Args{"thong_bao": msg, "cach_sua": hint})
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

// filterFailed is the finding for a filter that could not be evaluated on
// a record, naming the values it read; none when one of them did not read,
// for that cell has its finding already.
func filterFailed(fs *finding.List, reg *config.Register, rec *record.Record, what string, p *vm.Program) {
	fields := reg.FieldsRead(p)
	if rec.Reported(reg, fields) {
		return
	}
	var vals []string
	for _, i := range fields {
		v := "(trống)"
		if rec.Raw[i] != "" {
			v = fmt.Sprintf("%q", rec.Raw[i])
		}
		vals = append(vals, fmt.Sprintf("%q = %s", reg.Fields[i].Header, v))
	}
	with := ""
	if len(vals) > 0 {
		with = " với " + strings.Join(vals, ", ")
	}
	fs.Add(finding.Finding{Code: finding.RuleError, Level: finding.Error, Register: reg.Key,
		File: rec.Sheet.File, Sheet: rec.Sheet.Sheet, Row: rec.Row, Rule: p.Source().String()}.
		Say("filter", finding.Args{"dong": rec.Row, "cho": what, "dieu_kien": p.Source().String(), "gia_tri_doc": with}))
}

// acc accumulates one count, sum, distinct or list over records.
type acc struct {
	field  int // -1 for a count
	isList bool
	n      float64
	seen   map[string]string  // Key → first spelling
	nums   map[string]float64 // a list's numeric values by key; nil once one is not a number
	p      vn.Printer         // writes numbers as seen keys, one per accumulator
	// numbers already seen: a number is written (vn.Printer, slow) and
	// keyed once, not for every record that carries it (a coefficient
	// column has a handful of values over 100,000 records).
	seenNum map[float64]bool
}

// maxSeenNum bounds acc.seenNum: past it, a number is written each time
// (a column of amounts may have as many values as records).
const maxSeenNum = 4096

func newAcc(reg *config.Register, sum, distinct, list string) *acc {
	a := &acc{field: -1}
	switch {
	case sum != "":
		a.field = fieldOrDerived(reg, sum)
	case distinct != "":
		a.field = fieldOrDerived(reg, distinct)
		a.seen, a.p = map[string]string{}, vn.NewPrinter()
	case list != "":
		a.field, a.isList = fieldOrDerived(reg, list), true
		a.seen, a.p, a.nums = map[string]string{}, vn.NewPrinter(), map[string]float64{}
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
		x, isNum := v.(float64)
		if isNum && a.seenNum[x] {
			return true
		}
		s := display(a.p, v)
		k := vn.Key(s)
		if isNum && x == x && len(a.seenNum) < maxSeenNum {
			if a.seenNum == nil {
				a.seenNum = map[float64]bool{}
			}
			a.seenNum[x] = true
		}
		if _, ok := a.seen[k]; ok {
			return true
		}
		a.seen[k] = s
		switch {
		case isNum:
			if a.nums != nil {
				a.nums[k] = x
			}
		default:
			a.nums = nil
		}
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

// display writes a value as a table row label or a list item shows it.
// numbers returns a list's values as numbers, in list's order, when every
// one is a number; nil otherwise.
func (a *acc) numbers() []float64 {
	if !a.isList || a.nums == nil || len(a.seen) == 0 {
		return nil
	}
	out := make([]float64, 0, len(a.seen))
	for _, s := range a.list() {
		out = append(out, a.nums[vn.Key(s)])
	}
	return out
}

func display(p vn.Printer, v any) string {
	switch x := v.(type) {
	case string:
		return x
	case vn.Date:
		return x.String()
	case float64:
		return p.Coefficient(x)
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
