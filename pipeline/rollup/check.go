package rollup

import (
	"fmt"
	"maps"
	"math"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"asxh/pipeline/config"
	"asxh/pipeline/manifest"
)

// maxExact is the largest magnitude a figure, or a sum of figures, may
// have: beyond 2^53 a float64 no longer holds every integer, so a sum
// would be silently rounded (and far beyond, +Inf).
const maxExact = 1 << 53

// draftMark ends the names of a draft's files (pipeline.DraftSuffix).
const draftMark = "-du-thao."

// check returns why the result m, read from dir, cannot be rolled up:
// a manifest can be edited by hand, or be another program's, so nothing
// in it is taken on trust. Each reason names the folder and the unit.
func check(c *Config, dir string, m *manifest.Manifest, version string) []string {
	who := dir
	if m.Unit.Name != "" {
		who = fmt.Sprintf("%s (%s)", dir, m.Unit.Name)
	}
	var why []string
	bad := func(format string, args ...any) { why = append(why, who+": "+fmt.Sprintf(format, args...)) }
	if m.Tool != "asxh" {
		bad("kết quả của công cụ khác (%q), không phải của asxh", m.Tool)
		return why // nothing else in it means what asxh means
	}
	if msg := knownVersion(m.Version, version); msg != "" {
		bad("%s", msg)
		return why
	}
	switch {
	case !m.Published:
		bad("chưa xuất bản báo cáo (dữ liệu còn lỗi)")
		return why
	case m.Draft:
		bad("ghi là đã xuất bản nhưng là bản dự thảo")
	case m.ExitStatus != 0 || m.Findings.Errors > 0:
		bad("ghi là đã xuất bản nhưng còn lỗi (mã thoát %d, %d lỗi)", m.ExitStatus, m.Findings.Errors)
	}
	if m.Unit.Code == "" {
		bad("kết quả không ghi mã đơn vị (unit.code trong cấu hình của đơn vị)")
	}
	if m.Year != c.Year {
		bad("kết quả năm %d, không phải năm %d", m.Year, c.Year)
	}
	if m.Level < 0 {
		bad("cấp %d không có nghĩa", m.Level)
	}
	why = append(why, outputs(who, dir, m)...)
	why = append(why, figures(c, who, m)...)
	return why
}

// outputs checks that the files the manifest lists are beside it as they
// were published, and that they are a final report, not a draft.
func outputs(who, dir string, m *manifest.Manifest) []string {
	var why []string
	if len(m.Outputs) == 0 {
		why = append(why, who+": không ghi tệp báo cáo nào đã xuất bản")
	}
	for _, o := range m.Outputs {
		if strings.Contains(o.Path, draftMark) {
			why = append(why, fmt.Sprintf("%s: ghi là đã xuất bản nhưng có tệp dự thảo %s", who, o.Path))
		}
	}
	for _, p := range m.Damaged(dir) {
		why = append(why, fmt.Sprintf("%s: tệp %s không còn như khi xuất bản (bị sửa, thay, xóa hoặc nằm ngoài thư mục kết quả)", who, p))
	}
	return why
}

// Level is the result's level: what it says, and at least 1 if it is a
// roll-up by its content (a district result written before manifests
// said their level).
func Level(m *manifest.Manifest) int {
	l := m.Level
	rolled := slices.ContainsFunc(m.Figures, func(f manifest.Figure) bool { return f.Key == UnitsKey }) ||
		slices.ContainsFunc(m.Inputs, func(in manifest.Input) bool { return filepath.Base(in.Path) == manifest.Name })
	if rolled && l < 1 {
		l = 1
	}
	return l
}

// figures checks the result's figures against the units' configuration:
// the same set, each of its format, and each value what its kind allows.
func figures(c *Config, who string, m *manifest.Manifest) []string {
	var why []string
	bad := func(format string, args ...any) { why = append(why, who+": "+fmt.Sprintf(format, args...)) }
	have := map[string]manifest.Figure{}
	for _, f := range m.Figures {
		if _, dup := have[f.Key]; dup {
			bad("chỉ tiêu %s ghi hai lần", f.Key)
		}
		have[f.Key] = f
	}
	for _, f := range m.Figures {
		if (f.Key == StaleKey || f.Key == ExcludedKey) && Level(m) > 0 {
			continue
		}
		if f.Key == UnitsKey && Level(m) > 0 {
			if !count(f.Value) || f.Value < 1 {
				bad("chỉ tiêu %s = %s không phải số đơn vị", f.Key, number(f.Value))
			}
			continue
		}
		if c.Units.Figure(f.Key) == nil {
			bad("chỉ tiêu %s không có trong cấu hình của đơn vị (%s)", f.Key, c.FiguresFrom)
		}
	}
	for _, cf := range c.Units.Figures {
		f, ok := have[cf.Key]
		if !ok {
			bad("thiếu chỉ tiêu %s (%s)", cf.Key, cf.Label)
			continue
		}
		if f.Format != cf.Format {
			bad("chỉ tiêu %s có định dạng %q, cấu hình %s ghi %q", cf.Key, f.Format, c.FiguresFrom, cf.Format)
			continue
		}
		for _, msg := range value(cf, f, have) {
			bad("chỉ tiêu %s (%s) %s", cf.Key, cf.Label, msg)
		}
	}
	return why
}

// value checks one figure's value by what the configuration says it is.
func value(cf *config.Figure, f manifest.Figure, have map[string]manifest.Figure) []string {
	v := f.Value
	if math.IsNaN(v) || math.Abs(v) > maxExact {
		return []string{fmt.Sprintf("= %s quá lớn (tối đa %s)", number(v), number(maxExact))}
	}
	var why []string
	whole := cf.Format == config.FormatInteger || cf.Format == config.FormatMoney
	if whole && v != math.Trunc(v) {
		why = append(why, fmt.Sprintf("= %s không phải số nguyên", number(v)))
	}
	// Only a figure over figures may be negative (a decrease).
	if v < 0 && cf.Expr == "" {
		why = append(why, fmt.Sprintf("= %s là số âm", number(v)))
	}
	if (f.Numerator != nil || f.Denominator != nil) != (cf.Numerator != "") {
		return append(why, "ghi tử số và mẫu số không đúng với cấu hình")
	}
	switch {
	case cf.Numerator != "":
		why = append(why, rate(cf, f, have)...)
	case cf.Format == config.FormatText:
		if v != float64(len(f.Values)) {
			why = append(why, fmt.Sprintf("= %s nhưng ghi %d giá trị", number(v), len(f.Values)))
		}
	}
	return why
}

// rate checks a rate: its numerator and denominator are the figures the
// configuration names, the numerator is not over the denominator, and the
// rate is the one over the other.
func rate(cf *config.Figure, f manifest.Figure, have map[string]manifest.Figure) []string {
	n, d := *f.Numerator, *f.Denominator
	var why []string
	for _, x := range []struct {
		what, key string
		v         float64
	}{{"tử số", cf.Numerator, n}, {"mẫu số", cf.Denominator, d}} {
		if g, ok := have[x.key]; !ok || g.Value != x.v {
			why = append(why, fmt.Sprintf("có %s %s khác chỉ tiêu %s (%s)", x.what, number(x.v), x.key, number(g.Value)))
		}
	}
	if n > d {
		why = append(why, fmt.Sprintf("có tử số %s lớn hơn mẫu số %s", number(n), number(d)))
	}
	want := 0.0
	if d != 0 {
		want = n / d * 100
	}
	if math.Abs(f.Value-want) > 1e-9*max(1, math.Abs(want)) {
		why = append(why, fmt.Sprintf("= %s%% nhưng tử số/mẫu số là %s%%", number(f.Value), number(want)))
	}
	return why
}

// count reports whether v is a non-negative integer a float64 holds exactly.
func count(v float64) bool { return v >= 0 && v <= maxExact && v == math.Trunc(v) }

// number writes v plainly, as the manifest has it: -99786, 214.33, 1e+308.
func number(v float64) string {
	if math.Abs(v) >= 1e15 {
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

var versionRE = regexp.MustCompile(`^v?(\d+)\.(\d+)\.(\d+)(?:[-+][0-9A-Za-z.+-]*)?$`)

// knownVersion says why a result written by asxh version theirs cannot be
// read by version ours: not a version at all, another major version, or
// a newer one (whose figures this program may not understand).
func knownVersion(theirs, ours string) string {
	t := versionRE.FindStringSubmatch(theirs)
	if t == nil {
		return fmt.Sprintf("phiên bản asxh %q không rõ", theirs)
	}
	o := versionRE.FindStringSubmatch(ours)
	if o == nil {
		return "" // a build without a version cannot compare
	}
	n := func(s string) int { x, _ := strconv.Atoi(s); return x }
	if n(t[1]) != n(o[1]) {
		return fmt.Sprintf("phiên bản asxh %s khác phiên bản tổng hợp %s (khác số phiên bản chính)", theirs, ours)
	}
	if cmpVersion([3]int{n(t[1]), n(t[2]), n(t[3])}, [3]int{n(o[1]), n(o[2]), n(o[3])}) > 0 {
		return fmt.Sprintf("phiên bản asxh %s mới hơn phiên bản tổng hợp %s: hãy cập nhật asxh", theirs, ours)
	}
	return ""
}

func cmpVersion(a, b [3]int) int { return slices.Compare(a[:], b[:]) }

// across checks the results against each other: all of one level, and
// none counted already in another (a district beside its own wards).
func across(results []Result) []string {
	var why []string
	levels := map[int][]string{}
	for _, r := range results {
		l := Level(r.Manifest)
		levels[l] = append(levels[l], fmt.Sprintf("%s (%s)", r.Dir, r.Manifest.Unit.Name))
	}
	if len(levels) > 1 {
		var parts []string
		for _, l := range slices.Sorted(maps.Keys(levels)) {
			parts = append(parts, fmt.Sprintf("cấp %d: %s", l, strings.Join(levels[l], ", ")))
		}
		why = append(why, "không tổng hợp các kết quả khác cấp (cấp 0 là đơn vị đọc sổ, cấp 1 là tổng hợp của các đơn vị đó…): "+strings.Join(parts, "; "))
	}
	for _, r := range results {
		for _, in := range r.Manifest.Inputs {
			for _, s := range results {
				if s.Dir != r.Dir && (in.SHA256 == s.SHA256 || (Level(r.Manifest) > 0 && in.Register == s.Manifest.Unit.Code)) {
					why = append(why, fmt.Sprintf("%s (%s): kết quả của %s (%s) đã được tính trong kết quả này; tổng hợp lại sẽ tính hai lần",
						r.Dir, r.Manifest.Unit.Name, s.Dir, s.Manifest.Unit.Name))
				}
			}
		}
	}
	return why
}
