package read

import (
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/xuri/excelize/v2"

	"asxh/pipeline/config"
	"asxh/pipeline/finding"
	"asxh/pipeline/vn"
)

// header is where a register's table sits in a sheet.
type header struct {
	row     int      // index in the buffered rows of the (first) header row
	height  int      // 1 or 2 header rows
	cols    []int    // 0-based column of each field; -1 when absent
	extra   []int    // columns with a header no field claims
	again   [][2]int // (field, column): a second column under a header the field already claims
	similar []int    // fields whose header was matched by its words, not its text
	score   int
}

// labelSet maps every accepted header text of a register to its field:
// by Key, and by its words (headerWords) for the headers clerks retype.
// A two-row header is keyed "group/sub".
type labelSet struct {
	exact, words map[string]int
}

func labels(r *config.Register) labelSet {
	ls := labelSet{exact: map[string]int{}, words: map[string]int{}}
	for i, f := range r.Fields {
		for _, h := range append([]string{f.Header}, f.Synonyms...) {
			if k := labelKey(h); k != "" {
				if _, dup := ls.exact[k]; !dup {
					ls.exact[k] = i
				}
			}
			if k := labelWords(h); k != "" {
				if _, dup := ls.words[k]; !dup {
					ls.words[k] = i
				}
			}
		}
	}
	return ls
}

// match finds the field of a header text, its group text (of a two-row
// header) given or not; similar tells a match by words alone.
func (ls labelSet) match(group, text string) (field int, similar, ok bool) {
	if text == "" {
		return -1, false, false
	}
	if group != "" {
		if f, ok := ls.exact[vn.Key(group)+"/"+vn.Key(text)]; ok {
			return f, false, true
		}
		if f, ok := ls.words[headerWords(group)+"/"+headerWords(text)]; ok {
			return f, true, true
		}
		return -1, false, false
	}
	if f, ok := ls.exact[vn.Key(text)]; ok {
		return f, false, true
	}
	if f, ok := ls.words[headerWords(text)]; ok {
		return f, true, true
	}
	return -1, false, false
}

// labelKey is Key with a "Group / Sub" header written as "group/sub".
func labelKey(h string) string {
	if g, s, ok := strings.Cut(h, " / "); ok {
		return vn.Key(g) + "/" + vn.Key(s)
	}
	return vn.Key(h)
}

func labelWords(h string) string {
	if g, s, ok := strings.Cut(h, " / "); ok {
		return headerWords(g) + "/" + headerWords(s)
	}
	return headerWords(h)
}

// headerWords is how a header is compared when its text is not a
// configured one: its words without case or marks, punctuation and line
// breaks as spaces, dots inside an abbreviation dropped ("N.K" is "NK"),
// "và" and "&" left out, in sorted order ("Ngày, tháng, năm sinh" and
// "Ngày/tháng/năm sinh" share it; so do "Họ và tên" and "Họ tên").
func headerWords(s string) string {
	s = vn.Bare(s)
	var b strings.Builder
	rs := []rune(s)
	for i, r := range rs {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		case r == '.' && i > 0 && i+1 < len(rs) && unicode.IsLetter(rs[i-1]) && unicode.IsLetter(rs[i+1]):
			// N.K → NK
		default:
			b.WriteByte(' ')
		}
	}
	words := strings.Fields(b.String())
	words = slices.DeleteFunc(words, func(w string) bool { return w == "va" })
	slices.Sort(words)
	return strings.Join(words, " ")
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

func matchAt(r *config.Register, lab labelSet, rows [][]string, i int) header {
	top := rows[i]
	var sub []string
	if i+1 < len(rows) {
		sub = rows[i+1]
	}
	width := max(len(top), len(sub))
	group := groups(top, sub)
	// spans tells a group cell: its text carries on over the next column.
	spans := func(c int) bool {
		return cell(top, c) != "" && c+1 < width && cell(top, c+1) == "" && group[c+1] == group[c]
	}
	h := header{row: i, height: 1, cols: make([]int, len(r.Fields))}
	for f := range h.cols {
		h.cols[f] = -1
	}
	for c := 0; c < width; c++ {
		t, s := cell(top, c), cell(sub, c)
		// Matches in the candidate row itself weigh twice a sub-header
		// matched alone, so a title row above the header never wins.
		field, two, points, similar := -1, false, 2, false
		if s != "" && group[c] != "" {
			if f, sim, ok := lab.match(group[c], s); ok {
				field, two, similar = f, true, sim
			}
		}
		if field < 0 && t != "" {
			if f, sim, ok := lab.match("", t); ok {
				field, similar = f, sim
			}
		}
		// A sub-header alone: under a blank top cell, or under a group
		// cell — the first column under a group holds the group's text.
		if field < 0 && s != "" && (t == "" || spans(c)) {
			if f, sim, ok := lab.match("", s); ok {
				field, two, points, similar = f, true, 1, sim
			}
		}
		switch {
		case field >= 0 && h.cols[field] < 0:
			h.cols[field] = c
			h.score += points
			if two {
				h.height = 2
			}
			if similar {
				h.similar = append(h.similar, field)
			}
		case field >= 0 && r.Fields[field].Type != config.Ignored:
			// A list printed in two halves side by side, or two columns
			// a clerk titled alike: only one could be read.
			h.again = append(h.again, [2]int{field, c})
		case field < 0 && t != "" && !spans(c):
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

// text is the header text of a column: "Group / Sub" under a group cell.
func (h header) text(rows [][]string, c int) string {
	t := cell(rows[h.row], c)
	if h.height == 2 {
		if s := cell(rows[h.row+1], c); s != "" {
			for g := c; g >= 0 && t == ""; g-- {
				t = cell(rows[h.row], g)
			}
			if t == "" {
				return s
			}
			return t + " / " + s
		}
	}
	return t
}

// indexCellRE matches the cells of a column-number row under a header:
// "(1)", "1", "A", "(B)", and the formulas some columns are numbered
// with: "(9) = (8) x 350.000", "(5)=(3)+(4)".
var indexCellRE = regexp.MustCompile(`^\(?[0-9]{1,2}\)?$|^\(?[A-Z]{1,2}\)?$|^\([0-9]{1,2}\)\s*=\s*(\([0-9]{1,2}\)|[0-9][0-9.,]*)(\s*[x×*+/:-]\s*(\([0-9]{1,2}\)|[0-9][0-9.,]*))*$`)

// isIndexRow reports whether row numbers the columns rather than holding data.
func isIndexRow(row []string) bool {
	n := 0
	for _, c := range row {
		c = vn.Clean(c)
		if c == "" {
			continue
		}
		if !isIndexCell(c) {
			return false
		}
		n++
	}
	return n >= 2
}

// isIndexCell is indexCellRE, with the common cells decided without it:
// it is asked of the first cells of every row.
func isIndexCell(c string) bool {
	s := strings.TrimSuffix(strings.TrimPrefix(c, "("), ")")
	switch {
	case len(s) == 0 || len(c) > 40:
		return false
	case len(s) <= 2 && (allIn(s, '0', '9') || allIn(s, 'A', 'Z')):
		return true
	case c[0] != '(' || !strings.Contains(c, "="):
		return false
	}
	return indexCellRE.MatchString(c)
}

func allIn(s string, lo, hi byte) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < lo || s[i] > hi {
			return false
		}
	}
	return true
}

// missingHint says how to add a missing column, naming the unclaimed
// header most like the field's when there is one: a column the clerk
// titled in words of their own.
func missingHint(f *config.Field, h header, top [][]string, headerRow int) (form string, args finding.Args, closest int) {
	best, bestCol := 0.0, -1
	for _, col := range h.extra {
		t := h.text(top, col)
		for _, want := range append([]string{f.Header}, f.Synonyms...) {
			if s := likeness(t, want); s > best {
				best, bestCol = s, col
			}
		}
	}
	args = finding.Args{"cot": f.Header, "dong": headerRow}
	if bestCol >= 0 && best >= 0.4 {
		ref, _ := excelize.CoordinatesToCellName(bestCol+1, headerRow)
		args["gan_nhat"], args["o"] = h.text(top, bestCol), ref
		return "", args, bestCol
	}
	return "absent", args, -1
}

// likeness is how alike two headers are, from 0 to 1: the share of
// letter pairs they have in common (Dice's coefficient) over their words.
func likeness(a, b string) float64 {
	pa, pb := pairs(headerWords(a)), pairs(headerWords(b))
	if len(pa) == 0 || len(pb) == 0 {
		return 0
	}
	common := 0
	for p, n := range pa {
		common += min(n, pb[p])
	}
	total := 0
	for _, n := range pa {
		total += n
	}
	for _, n := range pb {
		total += n
	}
	return 2 * float64(common) / float64(total)
}

func pairs(s string) map[string]int {
	out := map[string]int{}
	for _, w := range strings.Fields(s) {
		if len(w) == 1 {
			out[w]++
		}
		for i := 0; i+1 < len(w); i++ {
			out[w[i:i+2]]++
		}
	}
	return out
}
