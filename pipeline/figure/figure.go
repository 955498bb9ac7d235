// Package figure computes the report's numbers from the records: each
// figure with the records it counted, and each table. Documents only format
// what is here; they compute nothing.
package figure

import (
	"math"
	"strings"

	"asxh/pipeline/config"
	"asxh/pipeline/vn"
)

// Figure is one number of the report and where it came from.
type Figure struct {
	Key, Label, Unit, Format string
	Value                    float64
	Rate                     bool     // Value is Num / Den, in percent
	Num, Den                 float64  // a rate's numerator and denominator
	Values                   []string // a list figure's values, in Vietnamese order
	Sources                  Refs     // the records counted
	// Uncertain names, in a draft, the registers with errors the figure
	// rests on (MarkUncertain); nil when it is sure.
	Uncertain []string
	// Failed says, in a draft, that the figure failed its own checks.
	Failed bool
}

// IsUncertain reports whether a draft marks the figure.
func (f *Figure) IsUncertain() bool { return len(f.Uncertain) > 0 || f.Failed }

// Text writes the figure as the report prints it: 94.850.000, 2,5, 100.
func (f *Figure) Text() string {
	return Format(f.Format, f.Value, f.Values)
}

// Format writes a value in a format of the configuration.
func Format(format string, v float64, list []string) string {
	p := vn.NewPrinter()
	switch format {
	case config.FormatText:
		return strings.Join(list, "; ")
	case config.FormatPercent:
		// two decimals always, as the workbook's "0.00" shows it: a
		// column of rates reads "0,10" beside "0,16", never "0,1"
		return p.Decimal(v, 2)
	case config.FormatDecimal:
		return p.Decimal(v, 1)
	}
	if v != math.Trunc(v) {
		return p.Number(v, 2)
	}
	return p.Int(v)
}

// Cell is one cell of a table.
type Cell struct {
	Value  float64
	Values []string // a list column's values
	// Numbers are a list column's values as numbers, in Values' order,
	// when every one is a number (Biểu 2's "Hệ số": 2,0; 2,5).
	Numbers []float64
	Format  string
	Text    string // a text cell (a summary table's unit), when Format is text and Values is empty
	Mark    bool   // in a draft, the cell rests on a register with errors: printed with "*"
}

// String writes the cell as printed.
func (c Cell) String() string {
	if c.Format == config.FormatText && c.Values == nil {
		return c.Text
	}
	return Marked(Format(c.Format, c.Value, c.Values), c.Mark)
}

// Column is a table column.
type Column struct {
	Key, Header, Group, Format string
	// Sum says the total row adds this column up (counts and sums).
	Sum bool
	// Expr computes the column from the row's other columns (by key) and
	// params, when it is computed; the workbook writes it as a formula.
	Expr string
}

// Row is a table row.
type Row struct {
	Label  string
	Cells  []Cell
	Figure string // a summary row's figure
}

// Cell returns the row's cell in column key of t, for templates.
func (r Row) Cell(t *Table, key string) Cell {
	for i, c := range t.Columns {
		if c.Key == key {
			return r.Cells[i]
		}
	}
	return Cell{}
}

// Table is a computed table.
type Table struct {
	Key, Title, Kind, Sheet, RowHeader string
	Columns                            []Column
	Rows                               []Row
	Total                              *Row // nil when the table has no total row
	Chart                              *config.Chart
	Note                               string // in a draft, why cells are marked; printed under the table
}

// LabelHeader heads the column of row labels: the configured row header,
// or "Chỉ tiêu" over the summary's figures.
func (t *Table) LabelHeader() string {
	if t.RowHeader != "" {
		return t.RowHeader
	}
	if t.Kind == "summary" {
		return "Chỉ tiêu"
	}
	return ""
}

// Get returns the cell of the row labelled label in column key, for templates.
func (t *Table) Get(label, key string) Cell {
	for _, r := range t.Rows {
		if r.Label == label {
			return r.Cell(t, key)
		}
	}
	return Cell{}
}

// Set is every figure and table of a run.
type Set struct {
	Figures []*Figure // in configuration order
	Tables  []*Table
	// Params are the configuration's named constants the tables' Expr use.
	Params config.ParamList
	// Counted is, per input file, how many of its records some figure counted.
	Counted map[string]int
	// Note says, in a draft, why figures are marked (MarkUncertain).
	Note string
	refs *sheetTable // the builder's, with the references' spill
}

// Close removes the file the references were spilled to, if any
// (Builder.SpillTo); the references are not to be listed after.
func (s *Set) Close() error {
	if s == nil || s.refs == nil {
		return nil
	}
	return s.refs.spill.close()
}

// Figure returns the figure named key, or nil.
func (s *Set) Figure(key string) *Figure {
	for _, f := range s.Figures {
		if f.Key == key {
			return f
		}
	}
	return nil
}

// Table returns the table named key, or nil.
func (s *Set) Table(key string) *Table {
	for _, t := range s.Tables {
		if t.Key == key {
			return t
		}
	}
	return nil
}
