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
	"path/filepath"
	"slices"
	"strings"
	"time"

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
	// Columns are the figures of the per-unit table, by key.
	Columns []string `yaml:"columns"`
	// FiguresFrom is the units' configuration (the wards' config.yaml):
	// its figures are the set every result must carry, each checked by
	// what it is (a count is a non-negative integer, a rate its numerator
	// over its denominator), and their labels are the report's.
	FiguresFrom string `yaml:"figures_from"`

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
	if c.FiguresFrom == "" {
		bad("thiếu figures_from: tệp cấu hình của các đơn vị, có các chỉ tiêu mà kết quả của mỗi đơn vị phải có (ví dụ figures_from: config.yaml)")
	} else {
		units, err := config.Load(c.Resolve(c.FiguresFrom))
		if err != nil {
			return nil, err
		}
		c.Units = units
		for _, k := range c.Columns {
			if k != UnitsKey && units.Figure(k) == nil {
				bad(fmt.Sprintf("columns: không có chỉ tiêu %q trong %s", k, c.FiguresFrom))
			}
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return &c, nil
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
}

// Refusal says why the results cannot be rolled up; it names them.
type Refusal struct{ Reasons []string }

func (r *Refusal) Error() string { return strings.Join(r.Reasons, "\n") }

// Read reads the results in dirs (each a unit's year folder) and checks
// every one on the way in (see check): a folder with no published result,
// a forged or inconsistent one, two results of one unit, results of
// another year, results of different levels, or a result already counted
// in another are refused, each by name. version is this program's.
func Read(c *Config, dirs []string, version string) ([]Result, error) {
	var out []Result
	var why []string
	byCode := map[string]string{}
	for _, d := range dirs {
		m, data, err := manifest.ReadRaw(d)
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
		out = append(out, Result{Dir: d, Manifest: m, SHA256: manifest.Hash(data), Size: int64(len(data))})
	}
	why = append(why, across(out)...)
	if len(out) == 0 && len(why) == 0 {
		why = append(why, "không có kết quả nào để tổng hợp")
	}
	if len(why) > 0 {
		return nil, &Refusal{why}
	}
	slices.SortFunc(out, func(a, b Result) int { return cmp.Compare(a.Manifest.Unit.Code, b.Manifest.Unit.Code) })
	return out, nil
}

// UnitsKey is the figure counting the units rolled up.
const UnitsKey = "so_don_vi"

// Compute sums the results' figures: counts and sums add up, rates are
// recomputed from the summed numerators and denominators, lists join.
// The figures, their labels and order are the units' configuration's;
// Read has checked that every result carries exactly these.
func Compute(c *Config, results []Result) (*figure.Set, error) {
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
	set.Figures = append([]*figure.Figure{units}, set.Figures...)
	set.Tables = []*figure.Table{summary(c, set), perUnit(c, set, results)}
	return set, nil
}

// summary is Biểu 1: every numeric figure.
func summary(c *Config, set *figure.Set) *figure.Table {
	t := &figure.Table{Key: "bieu_1", Kind: "summary", Sheet: "Tổng hợp", Title: fmt.Sprintf("Biểu 1: Tổng hợp các chỉ tiêu năm %d", c.Year),
		Columns: []figure.Column{{Key: "unit", Header: "Đơn vị tính", Format: config.FormatText}, {Key: "value", Header: fmt.Sprintf("Năm %d", c.Year)}}}
	for _, f := range set.Figures {
		if f.Format == config.FormatText {
			continue
		}
		t.Rows = append(t.Rows, figure.Row{Label: f.Label, Cells: []figure.Cell{{Format: config.FormatText, Text: f.Unit}, {Value: f.Value, Format: f.Format}}})
	}
	return t
}

// perUnit is Biểu 2: the configured figures of every unit, and the total.
func perUnit(c *Config, set *figure.Set, results []Result) *figure.Table {
	t := &figure.Table{Key: "bieu_2", Kind: "grid", Sheet: "Theo đơn vị", RowHeader: "Đơn vị",
		Title: fmt.Sprintf("Biểu 2: Các chỉ tiêu chính theo đơn vị năm %d", c.Year)}
	keys := c.Columns
	for _, k := range keys {
		f := set.Figure(k)
		if f == nil {
			continue
		}
		t.Columns = append(t.Columns, figure.Column{Key: k, Header: f.Label, Format: f.Format, Sum: f.Format != config.FormatPercent})
	}
	for _, r := range results {
		vals := r.Manifest.Values()
		row := figure.Row{Label: r.Manifest.Unit.Name}
		for _, col := range t.Columns {
			row.Cells = append(row.Cells, figure.Cell{Value: vals[col.Key], Format: col.Format})
		}
		t.Rows = append(t.Rows, row)
	}
	total := figure.Row{Label: "Tổng cộng"}
	for _, col := range t.Columns {
		total.Cells = append(total.Cells, figure.Cell{Value: set.Figure(col.Key).Value, Format: col.Format})
	}
	t.Total = &total
	return t
}
