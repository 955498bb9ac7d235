package read

import (
	"asxh/internal/xlsxstream"
	"asxh/pipeline/config"
	"asxh/pipeline/finding"
)

// kinder tells what a cell holds beyond its text: a boolean, an error
// value, a formula never computed. CSV files have no such cells.
type kinder interface {
	Kind(col, row int) xlsxstream.Kind
}

func kindsOf(rs rows) kinder {
	k, _ := rs.(kinder)
	return k
}

// kindProblem is the finding for field i's cell on row n when the cell
// cannot be taken as a value whatever its text: a formula with no saved
// value (blank to the reader, which would put the field's default in its
// place), an error value of any text (#BLOCKED!, #SPILL!), or a boolean
// where a number, a date or a listed value is wanted (TRUE would count 1).
func (rd *rowReader) kindProblem(i, n int, cells []string) *finding.Finding {
	col := rd.sheet.Columns[i]
	f := rd.reg.Fields[i]
	if rd.kinds == nil || col == 0 || f.Type == config.Ignored {
		return nil
	}
	var form string
	switch rd.kinds.Kind(col, n) {
	case xlsxstream.Uncomputed:
		form = "uncomputed"
	case xlsxstream.Error:
		form = "formula"
	case xlsxstream.Bool:
		if f.Type == config.Text {
			return nil
		}
		form = "bool"
	default:
		return nil
	}
	x := finding.Finding{Code: finding.TypeError, Level: finding.Error, Rule: typeRule(f),
		Register: rd.reg.Key, File: rd.sheet.File, Sheet: rd.sheet.Sheet, Row: n, Cell: rd.sheet.Cell(i, n),
		Value: cell(cells, col-1)}.Say(form, finding.Args{"cot": f.Header, "gia_tri": cell(cells, col-1)})
	return &x
}
