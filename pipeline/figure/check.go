package figure

import (
	"math"
	"path/filepath"

	"asxh/pipeline/config"
	"asxh/pipeline/finding"
	"asxh/pipeline/vn"
)

// FigureArg is the argument of a figure check's finding that holds the
// figure's key: the rule says it in words, and a draft marks the figure.
const FigureArg = "ma_chi_tieu"

// check holds every computed figure to the checks the configuration
// declares beside it: bounds (a percent is 0–100 by itself), a count of
// households against its members, an end-of-year count against start +
// in − out, and a change from last year's figure beyond the allowed
// share. A figure that fails is a finding naming it in the report's words.
func check(c *config.Config, byKey map[string]*Figure, prev map[string]float64) finding.List {
	var fs finding.List
	at := func(cf *config.Figure, code string, lv finding.Level, form string, args finding.Args) {
		args[FigureArg] = cf.Key // which figure failed, for a draft's marks
		fs.Add(finding.Finding{Code: code, Level: lv, Register: cf.Register, File: filepath.Base(c.Path),
			Rule: finding.Rule(code, args)}.Say(form, args))
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
			args := finding.Args{"chi_tieu": f.Label, "gia_tri": amount(f), "so_sanh": word, "gioi_han": withUnit(f, *bound)}
			form := ""
			if f.Rate {
				form = "rate"
				args["tu_so"], args["tu"] = byKey[cf.Numerator].Label, amount(byKey[cf.Numerator])
				args["mau_so"], args["mau"] = byKey[cf.Denominator].Label, amount(byKey[cf.Denominator])
			}
			at(cf, finding.FigureRange, finding.Error, form, args)
		}
		if m, ok := byKey[cf.Members]; ok && (f.Value == 0) != (m.Value == 0) {
			at(cf, finding.FigureMembers, finding.Error, "", finding.Args{"chi_tieu": f.Label, "gia_tri": amount(f), "nhan_khau": m.Label, "so_nhan_khau": amount(m)})
		}
		if b := cf.Balance; b != nil {
			s, in, out := byKey[b.Start], byKey[b.In], byKey[b.Out]
			if s != nil && in != nil && out != nil {
				if want := s.Value + in.Value - out.Value; !near(want, f.Value) {
					at(cf, finding.FigureBalance, finding.Error, "", finding.Args{"chi_tieu": f.Label, "gia_tri": amount(f),
						"dau": s.Label, "so_dau": s.Text(), "tang": in.Label, "so_tang": in.Text(), "giam": out.Label, "so_giam": out.Text(), "phai_la": withUnit(f, want)})
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
				at(cf, finding.FigureJump, finding.Warning, "", finding.Args{"chi_tieu": f.Label, "gia_tri": amount(f), "nam_truoc": withUnit(f, last),
					"tang_giam": word, "muc": p.Number(math.Abs(f.Value-last)/math.Abs(last)*100, 0), "muc_cho_phep": p.Number(share*100, 0)})
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
