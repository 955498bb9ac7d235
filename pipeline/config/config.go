// Package config is the configuration format: the document's furniture,
// the registers and their fields and rules, the figures and the tables.
// Everything the program knows about a domain comes from here; the Go code
// only knows registers, fields, rules, figures and tables.
package config

import (
	"regexp"
	"strings"
	"time"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/vm"
)

// Config is one report's configuration.
type Config struct {
	Extends   string         `yaml:"extends"` // a shared configuration this one builds on, relative to this file
	Year      int            `yaml:"year"`    // the reporting period: a calendar year
	Unit      Unit           `yaml:"unit"`    // who reports, for roll-ups
	Input     string         `yaml:"input"`   // drop folder, relative to the config file
	Output    string         `yaml:"output"`  // output root, relative to the config file
	Document  Document       `yaml:"document"`
	Params    ParamList      `yaml:"params"` // named constants for rules and figures
	Vars      map[string]any `yaml:"vars"`   // free text and lists for the template
	Reader    Reader         `yaml:"reader"`
	Registers []*Register    `yaml:"registers"`
	Figures   []*Figure      `yaml:"figures"`
	Checks    FigureChecks   `yaml:"figure_checks"` // what every figure is checked against
	Tables    []*Table       `yaml:"tables"`
	Appendix  Appendix       `yaml:"appendix"`

	// Path is the configuration file, Dir its folder; set by Load.
	Path string `yaml:"-"`
	Dir  string `yaml:"-"`
	// Hash is the SHA-256 of the configuration file's bytes.
	Hash string `yaml:"-"`

	// pos is where each key's value is in the file, for ErrorAt.
	pos map[string]pos
}

// Unit identifies who reports, so that results can be rolled up: the
// administrative code (mã đơn vị hành chính), the name and kind, and
// where it is. The document's furniture (issuer, place, recipients, the
// appendix note) and the body template name the unit through these, so a
// shared configuration names no particular ward.
type Unit struct {
	Code     string `yaml:"code"`
	Name     string `yaml:"name"`     // "Cự Khối"; or the full name when Kind is blank
	Kind     string `yaml:"kind"`     // phường, xã, thị trấn
	District string `yaml:"district"` // "quận Long Biên"
	Province string `yaml:"province"` // "thành phố Hà Nội"
}

// FullName is the unit's name as a heading writes it: "Phường Cự Khối".
func (u Unit) FullName() string {
	if u.Kind == "" {
		return u.Name
	}
	r := []rune(u.Kind)
	return strings.ToUpper(string(r[0])) + string(r[1:]) + " " + u.Name
}

// Document is the furniture of an administrative document (Nghị định
// 30/2020): who issues it, its number, place and date, title, signer and
// recipients, and the template of its body.
type Document struct {
	Name       string   `yaml:"name"`     // output file stem, e.g. bao-cao-an-sinh-xa-hoi
	Findings   string   `yaml:"findings"` // findings workbook stem, e.g. kiem-tra-du-lieu
	Issuer     []string `yaml:"issuer"`   // lines of the issuing body, upper case
	National   []string `yaml:"national"` // national title and motto lines
	Number     string   `yaml:"number"`   // document number; blank leaves room to write it
	Symbol     string   `yaml:"symbol"`   // e.g. BC-UBND
	Place      string   `yaml:"place"`
	Date       string   `yaml:"date"` // YYYY-MM-DD
	Kind       string   `yaml:"kind"` // e.g. BÁO CÁO
	Subject    string   `yaml:"subject"`
	Template   string   `yaml:"template"` // body template, relative to the config file
	Signer     Signer   `yaml:"signer"`
	To         []string `yaml:"to"`         // "Kính gửi": the body reported to; Nơi nhận then starts "Như trên;"
	Recipients []string `yaml:"recipients"` // Nơi nhận, after "Như trên;" when To is set
	Title      string   `yaml:"title"`      // short title for the workbook

	// Day is Date parsed; set by Load.
	Day time.Time `yaml:"-"`
}

// Signer is the signature block.
type Signer struct {
	Authority string `yaml:"authority"` // e.g. TM. ỦY BAN NHÂN DÂN
	Title     string `yaml:"title"`     // e.g. CHỦ TỊCH
	Name      string `yaml:"name"`
}

// Appendix lists the tables printed after the signature.
type Appendix struct {
	Title  string   `yaml:"title"`
	Note   string   `yaml:"note"` // a template over the document, e.g. "(Kèm theo Báo cáo số …)"
	Tables []string `yaml:"tables"`
}

// Param is one named constant.
type Param struct {
	Key   string  `yaml:"key"`
	Label string  `yaml:"label"`
	Value float64 `yaml:"value"`
}

// ParamList keeps the configured order.
type ParamList []Param

// Map returns the parameters by key, whole numbers as int so that rules
// compare money exactly.
func (p ParamList) Map() map[string]any {
	m := make(map[string]any, len(p))
	for _, x := range p {
		m[x.Key] = numberValue(x.Value)
	}
	return m
}

// Reader tunes how tables are found in a sheet.
type Reader struct {
	// HeaderRows is how many rows from the top are searched for the header.
	HeaderRows int `yaml:"header_rows"`
	// MaxFileMB is the largest input file read, in MiB (default 200): a
	// larger one is a finding, never read.
	MaxFileMB int `yaml:"max_file_mb"`
	// TotalLabels start rows that are totals, not records ("Cộng", "Tổng").
	TotalLabels []string `yaml:"total_labels"`
	// EndLabels start the block under a table ("Người lập biểu"): reading stops.
	EndLabels []string `yaml:"end_labels"`
	// GroupLabels start a row that only names a group ("Tổ 3") when it is
	// the row's one filled cell.
	GroupLabels []string `yaml:"group_labels"`
	// EndPatterns are regular expressions (case ignored) for the lines of
	// the foot under a table, in any column: the place-and-date line
	// "Cự Khối, ngày 28 tháng 12 năm 2020" above the signatures.
	EndPatterns []string `yaml:"end_patterns"`

	EndREs []*regexp.Regexp `yaml:"-"`
}

// Register is one kind of spreadsheet the ward keeps.
type Register struct {
	Key     string     `yaml:"key"`
	Title   string     `yaml:"title"`
	Files   []string   `yaml:"files"` // file-name patterns without extension, e.g. ho-ngheo*
	Sheet   string     `yaml:"sheet"` // blank: the first visible sheet
	Fields  []*Field   `yaml:"fields"`
	Derived []*Derived `yaml:"derived"`
	Unique  [][]string `yaml:"unique"` // keys made of several fields
	Rules   []*Rule    `yaml:"rules"`
	ID      string     `yaml:"id"` // the field that names a record in listings
	// Name is the field of the person's (or household's) name, shown with
	// the id where the clerk looks a record up: the marked copies' list,
	// the correction sheet.
	Name    string   `yaml:"name"`
	Members *Members `yaml:"members"`
	Ended   *Ended   `yaml:"ended"`

	byKey map[string]int
}

// Field types.
const (
	Text       = "text"
	Integer    = "integer"
	Money      = "money"
	Decimal    = "decimal"
	Date       = "date"
	YearOrDate = "year_or_date"
	Enum       = "enum"
	Ignored    = "ignored"
)

var fieldTypes = []string{Text, Integer, Money, Decimal, Date, YearOrDate, Enum, Ignored}

// Field is one column of a register.
type Field struct {
	Key        string   `yaml:"key"`
	Header     string   `yaml:"header"`
	Synonyms   []string `yaml:"synonyms"` // other header texts; "Group / Sub" for a two-row header
	Type       string   `yaml:"type"`
	Required   bool     `yaml:"required"`
	Unique     bool     `yaml:"unique"`
	Values     []string `yaml:"values"` // allowed values of an enum
	Min        *float64 `yaml:"min"`
	Max        *float64 `yaml:"max"`
	Pattern    string   `yaml:"pattern"`
	Default    *float64 `yaml:"default"`    // value of a blank number cell
	References []string `yaml:"references"` // register.field that must hold the value
	Hint       string   `yaml:"hint"`       // how to fill the column, for clerks

	// Other ways a register may hold the field, for lists laid out the
	// way wards lay them out.
	Sections  []*Capture `yaml:"sections"`   // section rows above the records name the value ("Tổ dân phố số 3")
	FromTitle []*Capture `yaml:"from_title"` // the sheet's title, sheet name or file name names it
	SplitBy   string     `yaml:"split_by"`   // one sub-column per value of this enum field ("Năm sinh / Nam | Nữ")
	Marks     bool       `yaml:"marks"`      // an enum as one column per value, a mark ("x") in one
	Age       []string   `yaml:"age"`        // headers of an age column that stands for this birth date
}

// Capture takes a field's value from a text by a regular expression
// (case ignored); Value may use the groups ($1), blank is the whole match.
type Capture struct {
	Pattern string `yaml:"pattern"`
	Value   string `yaml:"value"`

	RE *regexp.Regexp `yaml:"-"`
}

// Expand returns the value s gives, and whether the pattern matches.
func (c *Capture) Expand(s string) (string, bool) {
	m := c.RE.FindStringSubmatchIndex(s)
	if m == nil {
		return "", false
	}
	if c.Value == "" {
		return s[m[0]:m[1]], true
	}
	return string(c.RE.ExpandString(nil, c.Value, s, m)), true
}

// Members says that a register's records may span several rows: a
// household's head on one row, its members on the rows below with the
// key cell blank (or merged, or repeated).
type Members struct {
	Key   string `yaml:"key"`   // the field that starts a new record when it changes
	Count string `yaml:"count"` // an integer field given the record's rows when its column is absent
}

// Ended says how a clerk marks a row that left the list: a note in a
// column ("Đã chết 3/11/2019", "Chuyển đi") or the row struck through.
type Ended struct {
	Field    string   `yaml:"field"`    // the date field that gets the date of the note
	Notes    []string `yaml:"notes"`    // headers of the column of notes
	Patterns []string `yaml:"patterns"` // words that end a row when a note holds one
	Struck   bool     `yaml:"struck"`   // a row struck through is ended too
}

// Derived is a value computed for every record, usable like a field.
type Derived struct {
	Key  string `yaml:"key"`
	Expr string `yaml:"expr"`

	Program *vm.Program `yaml:"-"`
}

// Rule is a check over one record's fields.
type Rule struct {
	Check   string `yaml:"check"`   // expression that must be true
	When    string `yaml:"when"`    // only for records where this holds
	Field   string `yaml:"field"`   // the cell to point at
	Level   string `yaml:"level"`   // error (default) or warning
	Message string `yaml:"message"` // for the clerk
	Hint    string `yaml:"hint"`

	Program     *vm.Program `yaml:"-"`
	WhenProgram *vm.Program `yaml:"-"`
}

// Figure is one number of the report.
type Figure struct {
	Key      string `yaml:"key"`
	Label    string `yaml:"label"`
	Unit     string `yaml:"unit"`
	Format   string `yaml:"format"` // integer (default), money, decimal, percent
	Register string `yaml:"register"`
	Filter   string `yaml:"filter"`
	// Exactly one of these says what is computed.
	Count       bool   `yaml:"count"`       // records
	Sum         string `yaml:"sum"`         // Σ field
	Distinct    string `yaml:"distinct"`    // distinct non-blank values of field
	List        string `yaml:"list"`        // the distinct values themselves; the number is how many
	Expr        string `yaml:"expr"`        // over other figures
	Numerator   string `yaml:"numerator"`   // a rate, in percent, of two figures
	Denominator string `yaml:"denominator"` //
	// Summary puts the figure in the summary table (default true).
	Summary *bool `yaml:"summary"`

	// Checks on the figure once computed; a figure that fails one is a
	// finding naming it by its label. A percent (format percent, or
	// unit "%") is between 0 and 100 without saying so.
	Min     *float64 `yaml:"min"`
	Max     *float64 `yaml:"max"`
	Members string   `yaml:"members"` // a count of households: the figure of their members, zero exactly when this is
	Balance *Balance `yaml:"balance"` // an end-of-year count: start + in − out
	Jump    *float64 `yaml:"jump"`    // this figure's figure_checks.jump; 0: none

	Program       *vm.Program `yaml:"-"`
	FilterProgram *vm.Program `yaml:"-"`
	// Deps are the figures this one is computed from; set by Load.
	Deps []string `yaml:"-"`
}

// Balance names the figures an end-of-year count follows from.
type Balance struct {
	Start string `yaml:"start"`
	In    string `yaml:"in"`
	Out   string `yaml:"out"`
}

// FigureChecks are the checks every figure gets.
type FigureChecks struct {
	// Jump is the share (0.5: 50 %) by which a figure may differ from
	// last year's before it is a warning; 0 turns the check off. Default 0.5.
	Jump *float64 `yaml:"jump"`
	// JumpFrom is the smallest figure of last year the jump check looks
	// at (default 10): from 2 to 4 is a doubling, not news.
	JumpFrom *float64 `yaml:"jump_from"`
}

// JumpShare returns figure f's allowed share of change from last year's
// figure, 0 for none.
func (c *Config) JumpShare(f *Figure) float64 {
	if f.Jump != nil {
		return *f.Jump
	}
	return *c.Checks.Jump
}

// Range returns the bounds figure f must lie within; nil for none.
func (f *Figure) Range() (lo, hi *float64) {
	lo, hi = f.Min, f.Max
	if f.Format == FormatPercent || strings.TrimSpace(f.Unit) == "%" {
		zero, hundred := 0.0, 100.0
		if lo == nil {
			lo = &zero
		}
		if hi == nil {
			hi = &hundred
		}
	}
	return lo, hi
}

// InSummary reports whether the figure belongs in the summary table.
func (f *Figure) InSummary() bool { return f.Summary == nil || *f.Summary }

// Figure formats.
const (
	FormatInteger = "integer"
	FormatMoney   = "money"
	FormatDecimal = "decimal"
	FormatPercent = "percent"
	FormatText    = "text"
)

// Table is a grid of counts or sums, or the summary of figures.
type Table struct {
	Key      string `yaml:"key"`
	Title    string `yaml:"title"`
	Kind     string `yaml:"kind"`  // grid (default) or summary
	Sheet    string `yaml:"sheet"` // workbook sheet name
	Register string `yaml:"register"`
	Filter   string `yaml:"filter"`
	// Rows: either grouped by a field's values, or listed.
	RowHeader string      `yaml:"row_header"`
	GroupBy   string      `yaml:"group_by"`
	AllValues bool        `yaml:"all_values"` // with an enum group_by: every allowed value, even empty
	Rows      []*TableRow `yaml:"rows"`
	Columns   []*Column   `yaml:"columns"`
	Total     string      `yaml:"total"` // label of the total row; blank: none
	Chart     *Chart      `yaml:"chart"`
	Figures   []string    `yaml:"figures"` // summary: which figures (default: all in summary)

	FilterProgram *vm.Program `yaml:"-"`
}

// TableRow is one listed row and the values its column filters may use as row.NAME.
type TableRow struct {
	Label string         `yaml:"label"`
	Let   map[string]any `yaml:"let"`
}

// Column is one column of a grid.
type Column struct {
	Key      string `yaml:"key"`
	Header   string `yaml:"header"`
	Group    string `yaml:"group"` // header over consecutive columns
	Format   string `yaml:"format"`
	Filter   string `yaml:"filter"`
	Count    bool   `yaml:"count"`
	Sum      string `yaml:"sum"`
	Distinct string `yaml:"distinct"`
	List     string `yaml:"list"` // the distinct values, joined
	Expr     string `yaml:"expr"` // over the row's other columns and params

	Program       *vm.Program `yaml:"-"`
	FilterProgram *vm.Program `yaml:"-"`
}

// Chart asks the workbook for a native chart of one column by row.
type Chart struct {
	Type   string `yaml:"type"` // bar, col, pie
	Column string `yaml:"column"`
	Title  string `yaml:"title"`
}

// Order returns the registers so that a register comes after those its
// references name, where it can: records stream in this order, and a
// reference is then checked the moment its record passes.
func (c *Config) Order() []*Register {
	var out []*Register
	state := map[string]int{}
	var visit func(r *Register)
	visit = func(r *Register) {
		if state[r.Key] != 0 {
			return // done, or on the path: a circle is left to the end of the stream
		}
		state[r.Key] = 1
		for _, f := range r.Fields {
			for _, ref := range f.References {
				key, _, _ := strings.Cut(ref, ".")
				if dep := c.Register(key); dep != nil {
					visit(dep)
				}
			}
		}
		state[r.Key] = 2
		out = append(out, r)
	}
	for _, r := range c.Registers {
		visit(r)
	}
	return out
}

// Register returns the register named key, or nil.
func (c *Config) Register(key string) *Register {
	for _, r := range c.Registers {
		if r.Key == key {
			return r
		}
	}
	return nil
}

// Table returns the table named key, or nil.
func (c *Config) Table(key string) *Table {
	for _, t := range c.Tables {
		if t.Key == key {
			return t
		}
	}
	return nil
}

// Figure returns the figure named key, or nil.
func (c *Config) Figure(key string) *Figure {
	for _, f := range c.Figures {
		if f.Key == key {
			return f
		}
	}
	return nil
}

// FieldIndex returns the index of field key in r.Fields, or -1.
func (r *Register) FieldIndex(key string) int {
	if i, ok := r.byKey[key]; ok {
		return i
	}
	return -1
}

// FieldsRead returns the indices of the fields programs read, directly
// or through the register's derived values, in field order: the cells a
// rule or a filter depends on, to name them or to know they did not read.
func (r *Register) FieldsRead(programs ...*vm.Program) []int {
	used := map[int]bool{}
	seen := map[string]bool{}
	var visit func(p *vm.Program)
	visit = func(p *vm.Program) {
		if p == nil {
			return
		}
		ast.Find(p.Node(), func(n ast.Node) bool {
			id, ok := n.(*ast.IdentifierNode)
			if !ok || seen[id.Value] {
				return false
			}
			seen[id.Value] = true
			if i := r.FieldIndex(id.Value); i >= 0 {
				used[i] = true
			}
			for _, d := range r.Derived {
				if d.Key == id.Value {
					visit(d.Program)
				}
			}
			return false
		})
	}
	for _, p := range programs {
		visit(p)
	}
	var out []int
	for i := range r.Fields {
		if used[i] {
			out = append(out, i)
		}
	}
	return out
}

// Field returns the field named key, or nil.
func (r *Register) Field(key string) *Field {
	if i := r.FieldIndex(key); i >= 0 {
		return r.Fields[i]
	}
	return nil
}

// Start and End are the first and last day of the reporting year.
func (c *Config) Start() time.Time { return time.Date(c.Year, 1, 1, 0, 0, 0, 0, time.UTC) }

// End is the last day of the reporting year.
func (c *Config) End() time.Time { return time.Date(c.Year, 12, 31, 0, 0, 0, 0, time.UTC) }

func numberValue(v float64) any {
	if v == float64(int(v)) {
		return int(v)
	}
	return v
}
