// Package rollup builds a district's (or a city's) report from the
// published results of its wards (or districts): their manifests' figures,
// summed, with every rate recomputed from the summed numerators and
// denominators. No register is read: personal data stays at the ward.
package rollup

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/template"
	"time"

	"go.yaml.in/yaml/v3"

	"asxh/internal/safefile"
	"asxh/pipeline/config"
	"asxh/pipeline/figure"
	"asxh/pipeline/manifest"
)

// Config is a roll-up's configuration: who reports, the document's
// furniture and template, and the figures shown per unit.
type Config struct {
	Year     int             `yaml:"year"`
	Unit     config.Unit     `yaml:"unit"`
	Output   string          `yaml:"output"`
	Document config.Document `yaml:"document"`
	Appendix config.Appendix `yaml:"appendix"`
	Vars     map[string]any  `yaml:"vars"`
	// Tables are the report's tables: their titles, sheets and columns
	// are the configuration's, not the program's.
	Tables []*Table `yaml:"tables"`
	// FiguresFrom is the units' configuration (the wards' config.yaml):
	// its figures are the set every result must carry, each checked by
	// what it is (a count is a non-negative integer, a rate its numerator
	// over its denominator), and their labels are the report's.
	FiguresFrom string `yaml:"figures_from"`
	// Wards are the units' configurations, relative to this file: with
	// them, `asxh run --config` of this file runs every ward, then the
	// roll-up, then writes the status page.
	Wards []string `yaml:"wards"`
	// Status is the stem of the status workbook beside index.html
	// (tinh-trang, for tinh-trang-2020.xlsx).
	Status string `yaml:"status"`

	// Units is the configuration FiguresFrom names.
	Units *config.Config `yaml:"-"`

	Path string `yaml:"-"`
	Dir  string `yaml:"-"`
	Hash string `yaml:"-"`
}

// Load reads and checks a roll-up configuration.
func Load(path string) (*Config, error) {
	data, err := safefile.ReadFile(path, config.MaxSize)
	if err != nil {
		return nil, config.Errors{{File: path, Msg: "không đọc được tệp cấu hình: " + err.Error()}}
	}
	var c Config
	if err := config.DecodeStrict(path, data, &c); err != nil {
		return nil, err
	}
	c.Path, c.Dir, c.Hash = path, filepath.Dir(path), manifest.Hash(data)
	var errs config.Errors
	bad := func(msg string) { errs = append(errs, &config.Error{File: path, Msg: msg}) }
	if c.Unit.Code == "" || c.Unit.Name == "" {
		bad("thiếu unit.code hoặc unit.name (mã và tên đơn vị tổng hợp)")
	}
	if c.Document.Name == "" || c.Document.Template == "" {
		bad("thiếu document.name hoặc document.template (tên tệp kết quả và tệp mẫu báo cáo)")
	} else if _, err := os.Stat(c.Resolve(c.Document.Template)); os.IsNotExist(err) {
		bad(fmt.Sprintf("Không có mẫu báo cáo %s (khóa document.template)", c.Resolve(c.Document.Template)))
	}
	if c.Document.Findings == "" {
		c.Document.Findings = "findings"
	}
	if c.Document.Day, err = time.Parse("2006-01-02", c.Document.Date); err != nil {
		bad(fmt.Sprintf("document.date phải viết dạng NĂM-THÁNG-NGÀY (ví dụ 2021-01-15), không phải %q", c.Document.Date))
	}
	if c.Output == "" {
		c.Output = "output"
	}
	if c.Status == "" {
		c.Status = "tinh-trang"
	}
	if c.FiguresFrom == "" && len(c.Wards) > 0 {
		c.FiguresFrom = c.Wards[0] // every ward's configuration has the same figures
	}
	if c.FiguresFrom == "" {
		bad("thiếu figures_from: tệp cấu hình của các đơn vị, có các chỉ tiêu mà kết quả của mỗi đơn vị phải có (ví dụ figures_from: config.yaml)")
	} else {
		units, err := config.Load(c.Resolve(c.FiguresFrom))
		if err != nil {
			return nil, err
		}
		c.Units = units
		if len(c.Tables) == 0 {
			bad("tables: cần ít nhất một biểu (kind: summary hoặc units)")
		}
		for i, t := range c.Tables {
			if t == nil {
				bad(fmt.Sprintf("tables[%d]: để trống", i))
				continue
			}
			for _, s := range append([]*string{&t.Title}, ptrs(t.Headers)...) {
				v, err := fill(*s, c.Year)
				if err != nil {
					bad(fmt.Sprintf("tables[%d] (%s): %v", i, t.Key, err))
				}
				*s = v
			}
			switch t.Kind {
			case SummaryTable:
				if len(t.Headers) != 2 {
					bad(fmt.Sprintf("tables[%d] (%s): headers cần hai tiêu đề cột: đơn vị tính và giá trị", i, t.Key))
				}
			case UnitsTable:
				for _, k := range t.Columns {
					if k != UnitsKey && units.Figure(k) == nil {
						bad(fmt.Sprintf("tables[%d] (%s): columns: không có chỉ tiêu %q trong %s", i, t.Key, k, c.FiguresFrom))
					}
				}
			default:
				bad(fmt.Sprintf("tables[%d] (%s): kind %q phải là summary hoặc units", i, t.Key, t.Kind))
			}
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return &c, nil
}

// Table is one table of a roll-up.
type Table struct {
	Key       string   `yaml:"key"`
	Kind      string   `yaml:"kind"`       // summary: every numeric figure summed; units: one row per unit
	Sheet     string   `yaml:"sheet"`      // the workbook's sheet
	Title     string   `yaml:"title"`      // a template: {{.Year}}
	RowHeader string   `yaml:"row_header"` // units: the head of the units' column
	Headers   []string `yaml:"headers"`    // summary: the heads of the unit and the value columns (templates)
	Columns   []string `yaml:"columns"`    // units: the figures shown, by key
	Total     string   `yaml:"total"`      // units: the total row's label
}

// Table kinds.
const (
	SummaryTable = "summary"
	UnitsTable   = "units"
)

// IsDistrict reports whether the configuration at path is a district's
// that lists its wards (a top-level "wards:" key), not a ward's own.
func IsDistrict(path string) bool {
	data, err := safefile.ReadFile(path, config.MaxSize)
	if err != nil {
		return false
	}
	var top map[string]any
	if yaml.Unmarshal(data, &top) != nil {
		return false
	}
	_, ok := top["wards"]
	return ok
}

// Resolve returns p relative to the configuration file's folder.
func (c *Config) Resolve(p string) string {
	if p == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(c.Dir, p)
}

// AsReport is the configuration as the document builder reads it.
func (c *Config) AsReport() *config.Config {
	return &config.Config{Year: c.Year, Unit: c.Unit, Document: c.Document, Appendix: c.Appendix, Vars: c.Vars, Path: c.Path, Dir: c.Dir, Hash: c.Hash}
}

// Result is one unit's published run.
type Result struct {
	Dir      string
	Manifest *manifest.Manifest
	SHA256   string // of its manifest.json
	Size     int64
	// Stale is set when the unit's current data has errors and its last
	// final report stands in for it.
	Stale *Stale
}

// Stale says which published report stands for a unit whose new data
// still has errors.
type Stale struct {
	Published time.Time // when the final report used was published
	Errors    int       // errors in the unit's current data
}

// Excluded is a unit left out of a lenient roll-up, and why.
type Excluded struct {
	Dir, Name, Why string
}

// Refusal says why the results cannot be rolled up; it names them.
type Refusal struct{ Reasons []string }

func (r *Refusal) Error() string { return strings.Join(r.Reasons, "\n") }

// Read reads the results in dirs (each a unit's year folder) and checks
// every one on the way in (see check): a folder with no published result,
// a forged or inconsistent one, two results of one unit, results of
// another year, results of different levels, or a result already counted
// in another are refused, each by name. version is this program's.
//
// With stale, a unit whose current data has errors is rolled up from its
// last final report (manifest.FinalName), marked Stale, and a unit with no
// final report at all is left out and listed in Excluded instead of
// refusing the whole roll-up.
func Read(c *Config, dirs []string, version string, stale bool) ([]Result, []Excluded, error) {
	var out []Result
	var why []string
	var left []Excluded
	byCode := map[string]string{}
	for _, d := range dirs {
		m, data, err := manifest.ReadRaw(d)
		var st *Stale
		if stale && err == nil && m != nil && !m.Published && m.Findings.Errors > 0 {
			fm, fdata, ferr := manifest.ReadRawNamed(d, manifest.FinalName)
			if ferr != nil {
				left = append(left, Excluded{Dir: d, Name: m.Unit.Name, Why: fmt.Sprintf("chưa có báo cáo đã xuất bản, dữ liệu còn %d lỗi", m.Findings.Errors)})
				continue
			}
			published, _ := time.Parse(time.RFC3339, fm.End)
			st = &Stale{Published: published, Errors: m.Findings.Errors}
			m, data = fm, fdata
		}
		switch {
		case errors.Is(err, fs.ErrNotExist):
			why = append(why, fmt.Sprintf("%s: không có kết quả (manifest.json)", d))
			continue
		case errors.Is(err, safefile.ErrNotRegular):
			why = append(why, fmt.Sprintf("%s: manifest.json %v", d, safefile.ErrNotRegular))
			continue
		case errors.Is(err, safefile.ErrTooLarge):
			why = append(why, fmt.Sprintf("%s: manifest.json %v", d, safefile.ErrTooLarge))
			continue
		case m == nil && err != nil && data == nil:
			why = append(why, fmt.Sprintf("%s: không đọc được manifest.json: %v", d, err))
			continue
		case err != nil:
			why = append(why, fmt.Sprintf("%s: manifest.json hỏng hoặc không phải kết quả của asxh", d))
			continue
		}
		if reasons := check(c, d, m, version); len(reasons) > 0 {
			why = append(why, reasons...)
			continue
		}
		if first, dup := byCode[m.Unit.Code]; dup {
			why = append(why, fmt.Sprintf("%s và %s: hai kết quả của cùng đơn vị %s (mã %s)", first, d, m.Unit.Name, m.Unit.Code))
			continue
		}
		byCode[m.Unit.Code] = d
		out = append(out, Result{Dir: d, Manifest: m, SHA256: manifest.Hash(data), Size: int64(len(data)), Stale: st})
	}
	why = append(why, across(out)...)
	if len(out) == 0 && len(why) == 0 {
		why = append(why, "không có kết quả nào để tổng hợp")
	}
	if len(why) > 0 {
		return nil, left, &Refusal{why}
	}
	slices.SortFunc(out, func(a, b Result) int { return cmp.Compare(a.Manifest.Unit.Code, b.Manifest.Unit.Code) })
	return out, left, nil
}

// UnitsKey is the figure counting the units rolled up.
const UnitsKey = "so_don_vi"

// StaleKey lists the units rolled up from an earlier final report, each
// with when it was published and how many errors the new data has;
// ExcludedKey the units left out, each with why. Both are text figures
// for the body template; empty in a strict roll-up.
const (
	StaleKey    = "don_vi_so_lieu_cu"
	ExcludedKey = "don_vi_chua_tong_hop"
)

// StaleNote is what the report says of a unit rolled up from an earlier
// final report.
func StaleNote(r Result) string {
	return fmt.Sprintf("%s: số liệu theo báo cáo đã xuất bản ngày %s, dữ liệu mới còn %d lỗi",
		r.Manifest.Unit.Name, r.Stale.Published.Format("02/01/2006"), r.Stale.Errors)
}

// Compute sums the results' figures: counts and sums add up, rates are
// recomputed from the summed numerators and denominators, lists join.
// The figures, their labels and order are the units' configuration's;
// Read has checked that every result carries exactly these.
func Compute(c *Config, results []Result, excluded []Excluded) (*figure.Set, error) {
	set := &figure.Set{}
	var why []string
	num, den := map[string]float64{}, map[string]float64{}
	seen := map[string]map[string]bool{}
	for _, cf := range c.Units.Figures {
		set.Figures = append(set.Figures, &figure.Figure{Key: cf.Key, Label: cf.Label, Unit: cf.Unit, Format: cf.Format})
		seen[cf.Key] = map[string]bool{}
	}
	for _, r := range results {
		have := map[string]manifest.Figure{}
		for _, mf := range r.Manifest.Figures {
			have[mf.Key] = mf
		}
		for _, f := range set.Figures {
			mf := have[f.Key]
			switch {
			case c.Units.Figure(f.Key).Numerator != "":
				num[f.Key] += *mf.Numerator
				den[f.Key] += *mf.Denominator
			case f.Format == config.FormatText:
				for _, v := range mf.Values {
					if !seen[f.Key][v] {
						seen[f.Key][v] = true
						f.Values = append(f.Values, v)
					}
				}
			default:
				f.Value += mf.Value
			}
		}
	}
	for _, f := range set.Figures {
		if d, ok := den[f.Key]; ok {
			f.Rate, f.Num, f.Den = true, num[f.Key], d
			f.Value = 0
			if d != 0 {
				f.Value = f.Num / d * 100
			}
		}
		if f.Format == config.FormatText {
			f.Value = float64(len(f.Values))
		}
		for _, v := range []float64{f.Value, f.Num, f.Den} {
			if math.IsNaN(v) || math.Abs(v) > maxExact {
				why = append(why, fmt.Sprintf("tổng của chỉ tiêu %s (%s) vượt quá %s: không cộng chính xác được", f.Key, f.Label, number(maxExact)))
				break
			}
		}
	}
	if len(why) > 0 {
		return nil, &Refusal{why}
	}
	units := &figure.Figure{Key: UnitsKey, Label: "Đơn vị tổng hợp", Unit: "đơn vị", Format: config.FormatInteger, Value: float64(len(results))}
	stale := &figure.Figure{Key: StaleKey, Label: "Đơn vị lấy số liệu theo báo cáo đã xuất bản trước", Format: config.FormatText}
	for _, r := range results {
		if r.Stale != nil {
			stale.Values = append(stale.Values, StaleNote(r))
		}
	}
	left := &figure.Figure{Key: ExcludedKey, Label: "Đơn vị chưa được tổng hợp", Format: config.FormatText}
	for _, e := range excluded {
		left.Values = append(left.Values, fmt.Sprintf("%s (%s)", e.Name, e.Why))
	}
	stale.Value, left.Value = float64(len(stale.Values)), float64(len(left.Values))
	set.Figures = append([]*figure.Figure{units}, set.Figures...)
	set.Figures = append(set.Figures, stale, left)
	for _, t := range c.Tables {
		if t.Kind == SummaryTable {
			set.Tables = append(set.Tables, summary(t, set))
		} else {
			set.Tables = append(set.Tables, perUnit(t, set, results))
		}
	}
	return set, nil
}

func ptrs(l []string) []*string {
	out := make([]*string, len(l))
	for i := range l {
		out[i] = &l[i]
	}
	return out
}

// fill executes a table's text as a template over the year.
func fill(s string, year int) (string, error) {
	if !strings.Contains(s, "{{") {
		return s, nil
	}
	t, err := template.New("").Option("missingkey=error").Parse(s)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	err = t.Execute(&b, struct{ Year, NextYear int }{year, year + 1})
	return b.String(), err
}

// summary is every numeric figure, summed.
func summary(ct *Table, set *figure.Set) *figure.Table {
	t := &figure.Table{Key: ct.Key, Kind: "summary", Sheet: ct.Sheet, Title: ct.Title,
		Columns: []figure.Column{{Key: "unit", Header: ct.Headers[0], Format: config.FormatText}, {Key: "value", Header: ct.Headers[1]}}}
	for _, f := range set.Figures {
		if f.Format == config.FormatText {
			continue
		}
		t.Rows = append(t.Rows, figure.Row{Label: f.Label, Cells: []figure.Cell{{Format: config.FormatText, Text: f.Unit}, {Value: f.Value, Format: f.Format}}})
	}
	return t
}

// perUnit is the configured figures of every unit, and the total.
func perUnit(ct *Table, set *figure.Set, results []Result) *figure.Table {
	t := &figure.Table{Key: ct.Key, Kind: "grid", Sheet: ct.Sheet, RowHeader: ct.RowHeader, Title: ct.Title}
	keys := ct.Columns
	for _, k := range keys {
		f := set.Figure(k)
		if f == nil {
			continue
		}
		t.Columns = append(t.Columns, figure.Column{Key: k, Header: f.Label, Format: f.Format, Sum: f.Format != config.FormatPercent})
	}
	n := 0
	for _, r := range results {
		vals := r.Manifest.Values()
		row := figure.Row{Label: r.Manifest.Unit.Name}
		if r.Stale != nil {
			n++
			row.Label += fmt.Sprintf(" (%d)", n) // the appendix's note n
		}
		for _, col := range t.Columns {
			row.Cells = append(row.Cells, figure.Cell{Value: vals[col.Key], Format: col.Format})
		}
		t.Rows = append(t.Rows, row)
	}
	total := figure.Row{Label: ct.Total}
	for _, col := range t.Columns {
		total.Cells = append(total.Cells, figure.Cell{Value: set.Figure(col.Key).Value, Format: col.Format})
	}
	t.Total = &total
	return t
}
