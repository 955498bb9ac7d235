package figure

import (
	"fmt"
	"strings"

	"asxh/pipeline/config"
)

// MarkUncertain marks, in a draft, every figure and table cell that rests
// on a register with errors (errs: register key → errors), and every
// figure that failed its own checks (failed, by key): a figure gets the
// registers in Uncertain (or Failed), a cell Mark, and the set and each
// marked table a note that says why, "(*) Số liệu chưa đầy đủ: sổ
// “Danh sách hộ nghèo, hộ cận nghèo” còn 3 lỗi.". A draft then never
// shows a doubtful figure as if it were sure.
func (s *Set) MarkUncertain(c *config.Config, errs map[string]int, failed map[string]bool) {
	regsOf := map[string][]string{}
	var regs func(key string) []string
	regs = func(key string) []string {
		if r, ok := regsOf[key]; ok {
			return r
		}
		regsOf[key] = nil // a circle is refused by the configuration; stop anyway
		cf := c.Figure(key)
		if cf == nil {
			return nil
		}
		set := map[string]bool{}
		if errs[cf.Register] > 0 {
			set[cf.Register] = true
		}
		for _, d := range cf.Deps {
			for _, r := range regs(d) {
				set[r] = true
			}
		}
		var out []string
		for _, r := range c.Registers { // configuration order
			if set[r.Key] {
				out = append(out, r.Key)
			}
		}
		regsOf[key] = out
		return out
	}
	all := map[string]bool{}
	var bad []string
	for _, f := range s.Figures {
		f.Uncertain = regs(f.Key)
		f.Failed = failed[f.Key]
		for _, r := range f.Uncertain {
			all[r] = true
		}
		if f.Failed {
			bad = append(bad, f.Label)
		}
	}
	s.Note = note(c, errs, all, bad)
	for _, t := range s.Tables {
		used := map[string]bool{}
		var usedBad []string
		if t.Kind == "summary" {
			for i := range t.Rows {
				r := &t.Rows[i]
				if f := s.Figure(r.Figure); f != nil && f.IsUncertain() {
					r.Cells[1].Mark = true // the value; last year's is sure
					for _, reg := range f.Uncertain {
						used[reg] = true
					}
					if f.Failed {
						usedBad = append(usedBad, f.Label)
					}
				}
			}
		} else if ct := c.Table(t.Key); ct != nil && errs[ct.Register] > 0 {
			used[ct.Register] = true
			rows := t.Rows
			if t.Total != nil {
				rows = append(rows[:len(rows):len(rows)], *t.Total)
			}
			for _, r := range rows {
				for i := range r.Cells {
					r.Cells[i].Mark = true
				}
			}
		}
		t.Note = note(c, errs, used, usedBad)
	}
}

// note says which registers of used still have errors, and which
// figures failed their checks; "" for none.
func note(c *config.Config, errs map[string]int, used map[string]bool, failed []string) string {
	var parts []string
	for _, r := range c.Registers {
		if used[r.Key] {
			parts = append(parts, fmt.Sprintf("sổ “%s” còn %d lỗi", r.Title, errs[r.Key]))
		}
	}
	for _, label := range failed {
		parts = append(parts, fmt.Sprintf("chỉ tiêu “%s” không qua kiểm tra", label))
	}
	if len(parts) == 0 {
		return ""
	}
	return UncertainMark + " Số liệu chưa đầy đủ: " + strings.Join(parts, "; ") + "."
}

// UncertainMark opens the note under what a draft marks.
const UncertainMark = "(*)"

// Marked writes s with the mark of a figure that rests on a register
// with errors, when uncertain.
func Marked(s string, uncertain bool) string {
	if uncertain {
		return s + "*"
	}
	return s
}
