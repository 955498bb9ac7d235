package read

import (
	"regexp"
	"strings"

	"asxh/pipeline/config"
	"asxh/pipeline/vn"
)

// header is where a register's table sits in a sheet.
type header struct {
	row    int   // index in the buffered rows of the (first) header row
	height int   // 1 or 2 header rows
	cols   []int // 0-based column of each field; -1 when absent
	extra  []int // columns with a header no field claims
	score  int
}

// labels maps every accepted header text, as a Key, to its field. A
// two-row header is keyed "group/sub".
func labels(r *config.Register) map[string]int {
	m := map[string]int{}
	for i, f := range r.Fields {
		for _, h := range append([]string{f.Header}, f.Synonyms...) {
			k := labelKey(h)
			if _, dup := m[k]; !dup {
				m[k] = i
			}
		}
	}
	return m
}

// labelKey is Key with a "Group / Sub" header written as "group/sub".
func labelKey(h string) string {
	if g, s, ok := strings.Cut(h, " / "); ok {
		return vn.Key(g) + "/" + vn.Key(s)
	}
	return vn.Key(h)
}

// findHeader looks for the row (or pair of rows) that best matches the
// register's headers. Title rows above it, a merged group cell over two
// sub-headers, and columns in any order are all expected.
func findHeader(r *config.Register, rows [][]string) (header, bool) {
	lab := labels(r)
	best := header{score: 0}
	for i := range rows {
		h := matchAt(r, lab, rows, i)
		if h.score > best.score {
			best = h
		}
	}
	need := 2 // one column matched in the row itself
	if n := len(r.Fields); n > 2 {
		need = 4
	}
	return best, best.score >= need
}

func matchAt(r *config.Register, lab map[string]int, rows [][]string, i int) header {
	top := rows[i]
	var sub []string
	if i+1 < len(rows) {
		sub = rows[i+1]
	}
	width := max(len(top), len(sub))
	// A group cell merged across columns holds its text in the first one
	// only: carry it right over the blank cells that have a sub-header.
	group := make([]string, width)
	carry := ""
	for c := 0; c < width; c++ {
		t := cell(top, c)
		switch {
		case t != "":
			carry = t
		case cell(sub, c) == "":
			carry = ""
		}
		group[c] = carry
	}
	h := header{row: i, height: 1, cols: make([]int, len(r.Fields))}
	for f := range h.cols {
		h.cols[f] = -1
	}
	for c := 0; c < width; c++ {
		t, s := cell(top, c), cell(sub, c)
		// Matches in the candidate row itself weigh twice a sub-header
		// matched alone, so a title row above the header never wins.
		field, two, points := -1, false, 2
		if s != "" && group[c] != "" {
			if f, ok := lab[vn.Key(group[c])+"/"+vn.Key(s)]; ok {
				field, two = f, true
			}
		}
		if field < 0 && t != "" {
			if f, ok := lab[vn.Key(t)]; ok {
				field = f
			}
		}
		if field < 0 && t == "" && s != "" {
			if f, ok := lab[vn.Key(s)]; ok {
				field, two, points = f, true, 1
			}
		}
		switch {
		case field >= 0 && h.cols[field] < 0:
			h.cols[field] = c
			h.score += points
			if two {
				h.height = 2
			}
		case field < 0 && t != "":
			h.extra = append(h.extra, c)
		}
	}
	return h
}

func cell(row []string, c int) string {
	if c < len(row) {
		return vn.Clean(row[c])
	}
	return ""
}

// indexCellRE matches the cells of a column-number row under a header:
// "(1)", "1", "A", "(B)".
var indexCellRE = regexp.MustCompile(`^\(?[0-9]{1,2}\)?$|^\(?[A-Z]{1,2}\)?$`)

// isIndexRow reports whether row numbers the columns rather than holding data.
func isIndexRow(row []string) bool {
	n := 0
	for _, c := range row {
		c = vn.Clean(c)
		if c == "" {
			continue
		}
		if !indexCellRE.MatchString(c) {
			return false
		}
		n++
	}
	return n >= 2
}
