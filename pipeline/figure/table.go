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

// tableState accumulates one table as records stream past.
type tableState struct {
	c      *config.Config
	ct     *config.Table
	reg    *config.Register // nil for a summary
	rows   []*tableRow
	groups map[string]*tableRow
	spelt  map[string]*tableRow // a group's row by the label as spelt: vn.Key once per spelling, not per record
	group  int                  // field of group_by, -1 for listed rows
	p      vn.Printer           // writes numeric group values as labels
}

type tableRow struct {
	label string
	let   map[string]any
	accs  []*acc
}

func newTable(c *config.Config, ct *config.Table) *tableState {
	t := &tableState{c: c, ct: ct, groups: map[string]*tableRow{}, spelt: map[string]*tableRow{}, group: -1, p: vn.NewPrinter()}
	if ct.Kind == "summary" {
		return t
	}
	t.reg = c.Register(ct.Register)
	if ct.GroupBy != "" {
		t.group = fieldOrDerived(t.reg, ct.GroupBy)
		if ct.AllValues {
			for _, v := range t.reg.Field(ct.GroupBy).Values {
				r := t.newRow(v, nil)
				t.rows = append(t.rows, r)
				t.groups[vn.Key(v)] = r
			}
		}
	} else {
		for _, lr := range ct.Rows {
			t.rows = append(t.rows, t.newRow(lr.Label, lr.Let))
		}
	}
	return t
}

func (t *tableState) newRow(label string, let map[string]any) *tableRow {
	r := &tableRow{label: label, let: let}
	for _, col := range t.ct.Columns {
		r.accs = append(r.accs, newAcc(t.reg, col.Sum, col.Distinct, col.List))
	}
	return r
}

// add counts one record of the table's register; m is env loaded with it.
func (t *tableState) add(rec *record.Record, m map[string]any, env *record.Env, fs *finding.List) {
	ct := t.ct
	ok, err := pass(ct.FilterProgram, m)
	if err != nil {
		filterFailed(fs, t.reg, rec, fmt.Sprintf("bảng %q", tableName(ct)), ct.FilterProgram)
		return
	}
	if !ok {
		return
	}
	targets := t.rows
	if t.group >= 0 {
		label := blankLabel
		if v := rec.Values[t.group]; v != nil {
			label = display(t.p, v)
		}
		r := t.spelt[label]
		if r == nil {
			k := vn.Key(label)
			if r = t.groups[k]; r == nil {
				r = t.newRow(label, nil)
				t.groups[k] = r
				t.rows = append(t.rows, r)
			}
			t.spelt[label] = r
		}
		targets = []*tableRow{r}
	}
	for _, r := range targets {
		env.Set("row", r.let)
		for i, col := range ct.Columns {
			if col.Expr != "" {
				continue
			}
			ok, err := pass(col.FilterProgram, m)
			if err != nil {
				filterFailed(fs, t.reg, rec, fmt.Sprintf("bảng %q, cột %q", tableName(ct), col.Header), col.FilterProgram)
				continue
			}
			if ok {
				r.accs[i].add(rec)
			}
		}
	}
}

// finish builds the table: rows in order, expression columns, the total.
func (t *tableState) finish(figs *Set, prev map[string]float64, fs *finding.List) *Table {
	c, ct := t.c, t.ct
	out := &Table{Key: ct.Key, Title: ct.Title, Kind: ct.Kind, Sheet: ct.Sheet, RowHeader: ct.RowHeader, Chart: ct.Chart}
	if ct.Kind == "summary" {
		summary(c, ct, out, figs, prev)
		return out
	}
	for _, col := range ct.Columns {
		out.Columns = append(out.Columns, Column{Key: col.Key, Header: col.Header, Group: col.Group, Format: col.Format,
			Sum: col.Count || col.Sum != "" || col.Distinct != "", Expr: col.Expr})
	}
	rows := t.rows
	if t.group >= 0 && !ct.AllValues {
		rows = order(t.reg, ct.GroupBy, rows, func(r *tableRow) string { return r.label })
	}
	for _, r := range rows {
		row := Row{Label: r.label, Cells: make([]Cell, len(ct.Columns))}
		for i, col := range ct.Columns {
			row.Cells[i] = Cell{Value: r.accs[i].value(), Values: r.accs[i].list(), Numbers: r.accs[i].numbers(), Format: col.Format}
		}
		*fs = append(*fs, computeExprs(c, ct, row)...)
		out.Rows = append(out.Rows, row)
	}
	if ct.Total != "" {
		tot := Row{Label: ct.Total, Cells: make([]Cell, len(ct.Columns))}
		for i, col := range out.Columns {
			tot.Cells[i].Format = col.Format
			if col.Sum {
				for _, r := range out.Rows {
					tot.Cells[i].Value += r.Cells[i].Value
				}
			}
		}
		*fs = append(*fs, computeExprs(c, ct, tot)...)
		out.Total = &tot
	}
	return out
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
			header := func(k string) string {
				for _, cc := range ct.Columns {
					if cc.Key == k {
						return fmt.Sprintf("cột %q", cc.Header)
					}
				}
				return k
			}
			fs.Add(exprFailure(c, ct.Register, fmt.Sprintf("bảng %q, cột %q, dòng %q", tableName(ct), col.Header, r.Label), col.Program, env, header, err))
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
		r := Row{Label: f.Label, Figure: k, Cells: []Cell{
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

// tableName is how findings name a table: its title, else its key.
func tableName(ct *config.Table) string {
	if ct.Title != "" {
		return ct.Title
	}
	return ct.Key
}
