package read

import (
	"fmt"
	"strings"

	"asxh/pipeline/config"
	"asxh/pipeline/finding"
	"asxh/pipeline/vn"
)

// legacyColumn is one column's pre-Unicode encoding and the cells converted.
type legacyColumn struct {
	enc   vn.Legacy
	upper bool   // a TCVN3 capitals font: letters are drawn upper case
	why   string // the evidence: a font name, or the letters
	cells []string
}

// decode converts one cell, noting it (cell names it) when the text changes.
func (l *legacyColumn) decode(s string, cell func() string) string {
	if l.enc == vn.Unicode || s == "" {
		return s
	}
	d := vn.Decode(s, l.enc)
	if l.upper {
		d = strings.ToUpper(d)
	}
	if d != s {
		l.cells = append(l.cells, cell())
	}
	return d
}

// text is a cell's text: as cleaned (clean is vn.Clean(s)) in a Unicode
// column, decoded and then cleaned in a legacy one.
func (l *legacyColumn) text(s, clean string, cell func() string) string {
	if l.enc == vn.Unicode || s == "" {
		return clean
	}
	return vn.Clean(l.decode(s, cell))
}

// sampleRows is how many data rows under the header decide a column's encoding.
const sampleRows = 60

// legacyColumns decides, per text column, whether it holds TCVN3 or VNI:
// by the font of its first data cell, else by its letters.
func legacyColumns(reg *config.Register, rs rows, h header, top [][]string, nums []int, start int) []legacyColumn {
	out := make([]legacyColumn, len(reg.Fields))
	for i, f := range reg.Fields {
		col := h.cols[i]
		if col < 0 || (f.Type != config.Text && f.Type != config.Enum) {
			continue
		}
		var texts []string
		fontRow := 0
		for r := start; r < len(top) && len(texts) < sampleRows; r++ {
			if col < len(top[r]) && top[r][col] != "" {
				texts = append(texts, top[r][col])
				if fontRow == 0 {
					fontRow = nums[r]
				}
			}
		}
		if fontRow > 0 {
			font := rs.Font(col+1, fontRow)
			if enc, upper := vn.FontLegacy(font); enc != vn.Unicode {
				out[i] = legacyColumn{enc: enc, upper: upper, why: "phông " + font}
				continue
			}
		}
		if enc := vn.Guess(texts); enc != vn.Unicode {
			out[i] = legacyColumn{enc: enc, why: "nhận ra qua chữ"}
		}
	}
	return out
}

// reportLegacy says, once per column, which cells were converted.
func (rd *rowReader) reportLegacy(fs *finding.List) {
	for i, l := range rd.legacy {
		if len(l.cells) == 0 {
			continue
		}
		shown := l.cells
		more := ""
		if len(shown) > 10 {
			shown, more = shown[:10], fmt.Sprintf(" và %d ô khác", len(l.cells)-10)
		}
		fs.Add(finding.Finding{Code: finding.LegacyText, Level: finding.Info, Register: rd.reg.Key,
			File: rd.sheet.File, Sheet: rd.sheet.Sheet, Cell: l.cells[0]}.
			Say("", finding.Args{"cot": rd.reg.Fields[i].Header, "so_o": len(l.cells), "ma": l.enc, "vi_sao": l.why, "vi_du": strings.Join(shown, ", ") + more}))
	}
}

// decodedForHeader returns the top rows with each legacy-looking cell
// converted, for matching headers typed in TCVN3 or VNI.
func decodedForHeader(top [][]string) [][]string {
	out := make([][]string, len(top))
	for r, row := range top {
		out[r] = row
		copied := false
		for c, s := range row {
			enc := vn.Guess([]string{s})
			if enc == vn.Unicode {
				continue
			}
			if !copied {
				out[r], copied = append([]string(nil), row...), true
			}
			out[r][c] = vn.Decode(s, enc)
		}
	}
	return out
}
