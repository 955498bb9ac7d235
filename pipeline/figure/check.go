package figure

import (
	"fmt"
	"math"
	"path/filepath"

	"asxh/pipeline/config"
	"asxh/pipeline/finding"
	"asxh/pipeline/vn"
)

// check holds every computed figure to the checks the configuration
// declares beside it: bounds (a percent is 0–100 by itself), a count of
// households against its members, an end-of-year count against start +
// in − out, and a change from last year's figure beyond the allowed
// share. A figure that fails is a finding naming it in the report's words.
func check(c *config.Config, byKey map[string]*Figure, prev map[string]float64) finding.List {
	var fs finding.List
	at := func(cf *config.Figure, code string, lv finding.Level, msg, hint string) {
		fs.Add(finding.Finding{Code: code, Level: lv, Register: cf.Register, File: filepath.Base(c.Path),
			Rule: cf.Key, Message: msg, Hint: hint})
	}
	for _, cf := range c.Figures {
		f := byKey[cf.Key]
		if cf.Format == config.FormatText {
			continue
		}
		if lo, hi := cf.Range(); (lo != nil && f.Value < *lo) || (hi != nil && f.Value > *hi) {
			bound, word := lo, "nhỏ hơn"
			if hi != nil && f.Value > *hi {
				bound, word = hi, "lớn hơn"
			}
			hint := "kiểm tra số liệu của các sổ tạo nên chỉ tiêu này và điều kiện lọc (filter) của nó trong tệp cấu hình"
			if f.Rate {
				hint = fmt.Sprintf("tử số %q là %s, mẫu số %q là %s: kiểm tra số liệu và điều kiện lọc (filter) của hai chỉ tiêu này",
					byKey[cf.Numerator].Label, amount(byKey[cf.Numerator]), byKey[cf.Denominator].Label, amount(byKey[cf.Denominator]))
			}
			at(cf, finding.FigureRange, finding.Error,
				fmt.Sprintf("chỉ tiêu %q là %s, %s %s: không thể có", f.Label, amount(f), word, withUnit(f, *bound)), hint)
		}
		if m, ok := byKey[cf.Members]; ok && (f.Value == 0) != (m.Value == 0) {
			at(cf, finding.FigureMembers, finding.Error,
				fmt.Sprintf("chỉ tiêu %q là %s nhưng %q là %s: số hộ bằng 0 khi và chỉ khi số nhân khẩu bằng 0", f.Label, amount(f), m.Label, amount(m)),
				"kiểm tra điều kiện lọc (filter) của hai chỉ tiêu trong tệp cấu hình, và cột số nhân khẩu, cột phân loại hộ trong sổ")
		}
		if b := cf.Balance; b != nil {
			s, in, out := byKey[b.Start], byKey[b.In], byKey[b.Out]
			if s != nil && in != nil && out != nil {
				if want := s.Value + in.Value - out.Value; !near(want, f.Value) {
					at(cf, finding.FigureBalance, finding.Error,
						fmt.Sprintf("chỉ tiêu %q là %s, nhưng %q (%s) + %q (%s) − %q (%s) = %s", f.Label, amount(f),
							s.Label, s.Text(), in.Label, in.Text(), out.Label, out.Text(), withUnit(f, want)),
						"số cuối năm phải bằng đầu năm cộng phát sinh trừ giảm: kiểm tra cột phân loại đầu năm, cuối năm trong sổ và điều kiện lọc (filter) của bốn chỉ tiêu")
				}
			}
		}
		if last, ok := prev[cf.Key]; ok {
			share := c.JumpShare(cf)
			if share > 0 && math.Abs(last) >= *c.Checks.JumpFrom && math.Abs(f.Value-last) > share*math.Abs(last) {
				p := vn.NewPrinter()
				word := "tăng"
				if f.Value < last {
					word = "giảm"
				}
				at(cf, finding.FigureJump, finding.Warning,
					fmt.Sprintf("chỉ tiêu %q là %s, năm trước %s: %s %s%%, quá mức %s%% thường gặp", f.Label, amount(f), withUnit(f, last),
						word, p.Number(math.Abs(f.Value-last)/math.Abs(last)*100, 0), p.Number(share*100, 0)),
					"kiểm tra lại số liệu của năm nay; nếu đúng là thay đổi như vậy thì không cần sửa gì")
			}
		}
	}
	return fs
}

// Checked reports whether a finding's code is a figure's own check's,
// whose Rule is the figure's key.
func Checked(code string) bool {
	switch code {
	case finding.FigureRange, finding.FigureMembers, finding.FigureBalance, finding.FigureJump:
		return true
	}
	return false
}

// amount writes a figure with its unit: "111,54%", "15 người".
func amount(f *Figure) string { return withUnit(f, f.Value) }

func withUnit(f *Figure, v float64) string {
	s := Format(f.Format, v, nil)
	switch {
	case f.Format == config.FormatPercent || f.Unit == "%":
		return vn.NewPrinter().Number(v, 2) + "%" // as prose says it: "100%", "111,54%"
	case f.Unit != "":
		return s + " " + f.Unit
	}
	return s
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-6*math.Max(1, math.Abs(a)) }
