package figure

import (
	"fmt"
	"slices"

	"github.com/expr-lang/expr"

	"asxh/pipeline/config"
	"asxh/pipeline/finding"
	"asxh/pipeline/record"
	"asxh/pipeline/vn"
)

// blankLabel is the row of records whose group value is blank.
const blankLabel = "(để trống)"

func table(c *config.Config, ct *config.Table, set record.Set, figs *Set, prev map[string]float64) (*Table, finding.List) {
	t := &Table{Key: ct.Key, Title: ct.Title, Kind: ct.Kind, Sheet: ct.Sheet, RowHeader: ct.RowHeader, Chart: ct.Chart}
	if ct.Kind == "summary" {
		summary(c, ct, t, figs, prev)
		return t, nil
	}
	var fs finding.List
	for _, col := range ct.Columns {
		t.Columns = append(t.Columns, Column{Key: col.Key, Header: col.Header, Group: col.Group, Format: col.Format,
			Sum: col.Count || col.Sum != "" || col.Distinct != "", Expr: col.Expr != ""})
	}
	reg := c.Register(ct.Register)
	// Rows and their accumulators.
	type row struct {
		label string
		let   map[string]any
		accs  []*acc
	}
	newRow := func(label string, let map[string]any) *row {
		r := &row{label: label, let: let}
		for _, col := range ct.Columns {
			r.accs = append(r.accs, newAcc(reg, col.Sum, col.Distinct, col.List))
		}
		return r
	}
	var rows []*row
	groups := map[string]*row{}
	group := -1
	if ct.GroupBy != "" {
		group = fieldOrDerived(reg, ct.GroupBy)
		if ct.AllValues {
			for _, v := range reg.Field(ct.GroupBy).Values {
				r := newRow(v, nil)
				rows = append(rows, r)
				groups[vn.Key(v)] = r
			}
		}
	} else {
		for _, lr := range ct.Rows {
			rows = append(rows, newRow(lr.Label, lr.Let))
		}
	}
	env := record.NewEnv(c, reg)
	for _, rec := range set[reg.Key] {
		m := env.Load(rec)
		ok, err := pass(ct.FilterProgram, m)
		if err != nil {
			fs.Add(filterError(reg, rec, "bảng "+ct.Key, err))
			continue
		}
		if !ok {
			continue
		}
		targets := rows
		if group >= 0 {
			label := blankLabel
			if v := rec.Values[group]; v != nil {
				label = display(v)
			}
			r := groups[vn.Key(label)]
			if r == nil {
				r = newRow(label, nil)
				groups[vn.Key(label)] = r
				rows = append(rows, r)
			}
			targets = []*row{r}
		}
		for _, r := range targets {
			env.Set("row", r.let)
			for i, col := range ct.Columns {
				if col.Expr != "" {
					continue
				}
				ok, err := pass(col.FilterProgram, m)
				if err != nil {
					fs.Add(filterError(reg, rec, fmt.Sprintf("bảng %s, cột %s", ct.Key, col.Key), err))
					continue
				}
				if ok {
					r.accs[i].add(rec)
				}
			}
		}
	}
	if group >= 0 && !ct.AllValues {
		rows = order(reg, ct.GroupBy, rows, func(r *row) string { return r.label })
	}
	for _, r := range rows {
		out := Row{Label: r.label, Cells: make([]Cell, len(ct.Columns))}
		for i, col := range ct.Columns {
			out.Cells[i] = Cell{Value: r.accs[i].value(), Values: r.accs[i].list(), Format: col.Format}
		}
		fs = append(fs, computeExprs(c, ct, out)...)
		t.Rows = append(t.Rows, out)
	}
	if ct.Total != "" {
		tot := Row{Label: ct.Total, Cells: make([]Cell, len(ct.Columns))}
		for i, col := range t.Columns {
			tot.Cells[i].Format = col.Format
			if col.Sum {
				for _, r := range t.Rows {
					tot.Cells[i].Value += r.Cells[i].Value
				}
			}
		}
		fs = append(fs, computeExprs(c, ct, tot)...)
		t.Total = &tot
	}
	return t, fs
}

// order sorts grouped rows: an enum's values in their configured order,
// anything else in Vietnamese order with numbers by value ("Tổ 2" < "Tổ 10").
func order[R any](reg *config.Register, key string, rows []R, label func(R) string) []R {
	rank := map[string]int{}
	if f := reg.Field(key); f != nil && f.Type == config.Enum {
		for i, v := range f.Values {
			rank[v] = i + 1
		}
	}
	col := vn.NewCollator()
	slices.SortStableFunc(rows, func(a, b R) int {
		ra, rb := rank[label(a)], rank[label(b)]
		if ra != rb && ra > 0 && rb > 0 {
			return ra - rb
		}
		return col.Compare(label(a), label(b))
	})
	return rows
}

// computeExprs fills a row's expression columns from its other columns.
func computeExprs(c *config.Config, ct *config.Table, r Row) finding.List {
	var fs finding.List
	env := map[string]any{"params": c.Params.Map()}
	for i, col := range ct.Columns {
		env[col.Key] = r.Cells[i].Value
	}
	for i, col := range ct.Columns {
		if col.Program == nil {
			continue
		}
		v, err := expr.Run(col.Program, env)
		x, ok := toFloat(v)
		if err != nil || !ok {
			fs.Add(finding.Finding{Code: finding.RuleError, Level: finding.Error, Register: ct.Register,
				Message: fmt.Sprintf("không tính được bảng %s, cột %s, dòng %q: %v", ct.Key, col.Key, r.Label, err)})
			continue
		}
		r.Cells[i].Value = x
		env[col.Key] = x
	}
	return fs
}

// summary lists figures: unit and value, one row each; with last year's
// figures, also last year's value and this year's as a percentage of it.
func summary(c *config.Config, ct *config.Table, t *Table, figs *Set, prev map[string]float64) {
	t.Columns = []Column{{Key: "unit", Header: "Đơn vị tính", Format: config.FormatText}, {Key: "value", Header: fmt.Sprintf("Năm %d", c.Year)}}
	if prev != nil {
		t.Columns = append(t.Columns, Column{Key: "previous", Header: fmt.Sprintf("Năm %d", c.Year-1)},
			Column{Key: "compare", Header: fmt.Sprintf("So sánh %d/%d (%%)", c.Year, c.Year-1), Format: config.FormatPercent})
	}
	keys := ct.Figures
	if len(keys) == 0 {
		for _, f := range c.Figures {
			if f.InSummary() && f.Format != config.FormatText {
				keys = append(keys, f.Key)
			}
		}
	}
	for _, k := range keys {
		f := figs.Figure(k)
		r := Row{Label: f.Label, Cells: []Cell{
			{Format: config.FormatText, Text: f.Unit},
			{Value: f.Value, Values: f.Values, Format: f.Format},
		}}
		if prev != nil {
			last, ok := prev[k]
			switch {
			case !ok:
				r.Cells = append(r.Cells, Cell{Format: config.FormatText}, Cell{Format: config.FormatText})
			case last == 0 || f.Format == config.FormatPercent:
				// a rate compares by difference, not ratio; nothing divides by zero
				r.Cells = append(r.Cells, Cell{Value: last, Format: f.Format}, Cell{Format: config.FormatText})
			default:
				r.Cells = append(r.Cells, Cell{Value: last, Format: f.Format}, Cell{Value: f.Value / last * 100, Format: config.FormatPercent})
			}
		}
		t.Rows = append(t.Rows, r)
	}
}
