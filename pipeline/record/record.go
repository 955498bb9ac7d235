// Package record is the data model between the reader and the figures: a
// typed record that remembers the file, sheet, row and cells it came from,
// so every finding and every figure can point back at a clerk's cell.
package record

import (
	"iter"
	"strconv"

	"asxh/pipeline/config"

	"github.com/xuri/excelize/v2"
)

// Sheet is one table read from one file.
type Sheet struct {
	Register string
	File     string // base name, as the clerk knows it
	Sheet    string
	Columns  []int // 1-based column of each register field; 0 when absent
}

// Cell returns the A1 reference of field i on row.
func (s *Sheet) Cell(field, row int) string {
	if s == nil || field < 0 || field >= len(s.Columns) || s.Columns[field] == 0 {
		if row > 0 {
			return "A" + strconv.Itoa(row)
		}
		return ""
	}
	name, _ := excelize.CoordinatesToCellName(s.Columns[field], row)
	return name
}

// Record is one row of a register, typed by the configuration.
type Record struct {
	Sheet *Sheet
	Row   int
	// Values holds one value per register field, then one per derived value:
	// string (text, enum), int (integer, money), float64 (decimal),
	// vn.Date (dates); nil when blank.
	Values []any
	// Raw is each field's cell as the clerk typed it.
	Raw []string
}

// Reported reports whether one of fields has a value that did not read,
// or a required value left blank: the reader or the required check has
// said so at that cell already, so a rule or a filter over it says nothing
// more (one cause, one finding).
func (r *Record) Reported(reg *config.Register, fields []int) bool {
	for _, i := range fields {
		if r.Values[i] == nil && (r.Raw[i] != "" || reg.Fields[i].Required) {
			return true
		}
	}
	return false
}

// Ref names a record in listings: where it is and its identifying value.
type Ref struct {
	Register string
	File     string
	Sheet    string
	Row      int
	ID       string
}

// Set is every record read, by register key, in file and row order.
type Set map[string][]*Record

// Stream yields records one at a time, register by register, so that a
// register of a million rows need not be held in memory.
type Stream = iter.Seq2[*config.Register, *Record]

// All streams the set in the configuration's register order.
func (s Set) All(c *config.Config) Stream {
	return func(yield func(*config.Register, *Record) bool) {
		for _, reg := range c.Order() {
			for _, rec := range s[reg.Key] {
				if !yield(reg, rec) {
					return
				}
			}
		}
	}
}
