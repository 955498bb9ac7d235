package read

import (
	"fmt"
	"slices"
	"strings"

	"asxh/pipeline/finding"
	"asxh/pipeline/vn"
)

// furniture recognises the rows of a table that are part of its frame,
// not records: a column-number row ("(1) (2) (3)", "(9) = (8) x
// 350.000"), and the title and header repeated where a second batch was
// pasted under the first. They are skipped and reported once per sheet.
type furniture struct {
	// the title and header rows: row keys by their first filled cell,
	// so that a record costs one lookup
	frame   map[string][]string
	skipped []int
}

func newFurniture(top [][]string, h header) *furniture {
	fu := &furniture{frame: map[string][]string{}}
	frame := slices.Clone(top[:h.row+h.height])
	if h.height == 2 {
		// the sub-header row as it reads once the header cells merged
		// down over both rows are spread (spreadMerges), when pasted again
		// in the data
		top, sub := frame[h.row], frame[h.row+1]
		spread := make([]string, max(len(top), len(sub)))
		for c := range spread {
			if spread[c] = cell(sub, c); spread[c] == "" {
				spread[c] = cell(top, c)
			}
		}
		frame = append(frame, spread)
	}
	for _, r := range frame {
		if first := firstFilled(r); first != "" {
			fu.frame[first] = append(fu.frame[first], rowKeyOf(r))
		}
	}
	return fu
}

func firstFilled(cells []string) string {
	for _, c := range cells {
		if c = vn.Clean(c); c != "" {
			return c
		}
	}
	return ""
}

// isFrame reports whether a row repeats a title or header row.
func (fu *furniture) isFrame(cells []string) bool {
	keys, ok := fu.frame[firstFilled(cells)]
	if !ok {
		return false
	}
	k := rowKeyOf(cells)
	for _, f := range keys {
		if f == k {
			return true
		}
	}
	return false
}

// rowKeyOf is a row's filled cells as Keys, in order.
func rowKeyOf(cells []string) string {
	var parts []string
	for _, c := range cells {
		if c = vn.Clean(c); c != "" {
			parts = append(parts, vn.Key(c))
		}
	}
	return strings.Join(parts, "\x00")
}

// skip reports whether row n is furniture, noting it.
func (fu *furniture) skip(n int, cells []string) bool {
	if len(cells) == 0 {
		return false
	}
	if isIndexRow(cells) || fu.isFrame(cells) {
		fu.skipped = append(fu.skipped, n)
		return true
	}
	return false
}

func (fu *furniture) report(at func(code string, lv finding.Level, row int, form string, args finding.Args)) {
	if len(fu.skipped) == 0 {
		return
	}
	rows := make([]string, len(fu.skipped))
	for i, n := range fu.skipped {
		rows[i] = fmt.Sprint(n)
	}
	at(finding.Furniture, finding.Info, fu.skipped[0], "", finding.Args{"cac_dong": strings.Join(rows, ", ")})
}
