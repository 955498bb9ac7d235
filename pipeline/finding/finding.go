// Package finding is what every stage says about the data: a value, not an
// early return. Stages add findings and carry on; the end of the run decides
// what they mean for publication.
package finding

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Level says what a finding means for publication.
type Level int

const (
	Info    Level = iota // reported, nothing to fix
	Warning              // worth a look, does not block
	Error                // blocks the final report
)

func (l Level) String() string {
	switch l {
	case Error:
		return "lỗi"
	case Warning:
		return "cảnh báo"
	}
	return "thông tin"
}

// Stable codes, in the spirit of Frictionless's error catalogue. What
// each means to a clerk, and its messages, are in the catalogue (catalog.go).
const (
	FileError     = "file-error"     // a file cannot be opened or read
	UnclaimedFile = "unclaimed-file" // no register claims a file in the drop folder
	NoFile        = "missing-file"   // a register has no file
	EmptyFile     = "empty-file"     // a register's file holds no records
	DuplicateFile = "duplicate-file" // two files of one register hold the same content, or the same keys
	MissingLabel  = "missing-label"  // a configured column is not in the header
	ExtraLabel    = "extra-label"    // a column no field claims
	RepeatedLabel = "repeated-label" // a second column under a header a field already claims
	TypeError     = "type-error"     // a value is not of the field's type
	Constraint    = "constraint-error"
	Unique        = "unique-error"
	ForeignKey    = "foreign-key"
	RuleError     = "rule-error" // a register rule does not hold
	EnumFolded    = "enum-diacritics"
	LegacyText    = "legacy-encoding" // TCVN3 or VNI text converted to Unicode
	Glyph         = "pdf-glyph"       // a character the report's PDF fonts cannot draw, drawn as a substitute
	Merged        = "merged-cells"    // a merged cell's value taken for every row it spans
	ValueRead     = "value-read"      // a value read beyond the contract: a year in a date column, "1,4tr", a code without its spaces
	Interpreted   = "interpreted"     // a layout read beyond one column per field: sections, blocks, notes, titles
	SheetSkipped  = "sheet-skipped"   // a sheet of a register's workbook not read, and why
	SheetConflict = "sheet-conflict"  // two sheets hold the same list: which one is current?
	HeaderSimilar = "header-similar"  // a header matched by its words, not its configured text
	Furniture     = "furniture-row"   // a column-number row or a repeated title and header, skipped
	FigureRange   = "figure-range"    // a figure outside its bounds: a rate over 100 %
	FigureMembers = "figure-members"  // a count of households zero while its members are not, or the other way
	FigureBalance = "figure-balance"  // an end-of-year count that is not start + in − out
	FigureJump    = "figure-jump"     // a figure far from last year's
)

// Finding is one thing worth saying about one place in the inputs.
type Finding struct {
	Code     string
	Level    Level
	Register string
	File     string // base name of the input file
	Sheet    string
	Row      int    // 1-based spreadsheet row, 0 when the finding is not about a row
	Cell     string // A1 reference, "" when not about one cell
	Value    string // the offending value as the clerk typed it
	Rule     string // the rule that did not hold, in words ("phải là số nguyên")
	Message  string // in Vietnamese, for the clerk
	Hint     string // how to fix it
	Form     string // the catalogue's form of Code the message was written from
	Args     Args   // the named fields the message and hint were written from
}

// Place writes where the finding is, as a clerk looks for it:
// "ho-ngheo.xlsx!E7", "ho-ngheo.xlsx (Trang1) dòng 7", or the file alone.
func (f Finding) Place() string {
	switch {
	case f.File == "":
		return f.Register
	case f.Cell != "":
		return fmt.Sprintf("%s!%s%s", f.File, sheetPrefix(f.Sheet), f.Cell)
	case f.Row > 0:
		return fmt.Sprintf("%s!%sdòng %d", f.File, sheetPrefix(f.Sheet), f.Row)
	}
	return f.File
}

func sheetPrefix(s string) string {
	if s == "" {
		return ""
	}
	return s + "!"
}

// Error lets a finding travel as an error: "ho-ngheo.xlsx!Trang1!E7: …".
func (f Finding) Error() string {
	var b strings.Builder
	b.WriteString(f.Place())
	b.WriteString(": ")
	b.WriteString(f.Level.String())
	b.WriteString(" [")
	b.WriteString(f.Code)
	b.WriteString("] ")
	b.WriteString(f.Message)
	if f.Hint != "" {
		b.WriteString(" — ")
		b.WriteString(f.Hint)
	}
	return b.String()
}

// List collects findings from every stage.
type List []Finding

// Add appends f.
func (l *List) Add(f Finding) { *l = append(*l, f) }

// Count returns how many findings have level lv.
func (l List) Count(lv Level) int {
	n := 0
	for _, f := range l {
		if f.Level == lv {
			n++
		}
	}
	return n
}

// CausesFirst is Sorted with the errors about a whole file first: a file
// that cannot be read leaves references to it unresolved elsewhere, and
// the clerk must see the cause before its consequences.
func (l List) CausesFirst() List {
	s := l.Sorted()
	slices.SortStableFunc(s, func(a, b Finding) int {
		whole := func(f Finding) int {
			if f.Level == Error && f.Row == 0 && f.Cell == "" {
				return 0
			}
			return 1
		}
		return cmp.Compare(whole(a), whole(b))
	})
	return s
}

// Sorted returns the findings ordered by file, sheet, row, column, code:
// the order a clerk walks their files in.
func (l List) Sorted() List {
	s := slices.Clone(l)
	slices.SortStableFunc(s, func(a, b Finding) int {
		return cmp.Or(
			cmp.Compare(a.Register, b.Register),
			cmp.Compare(a.File, b.File),
			cmp.Compare(a.Sheet, b.Sheet),
			cmp.Compare(a.Row, b.Row),
			cmp.Compare(len(a.Cell), len(b.Cell)),
			cmp.Compare(a.Cell, b.Cell),
			cmp.Compare(a.Code, b.Code),
			cmp.Compare(a.Message, b.Message),
		)
	})
	return s
}
