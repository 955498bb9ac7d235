package pdf

import (
	"slices"
	"strconv"
	"strings"

	"asxh/pipeline/document"
	"asxh/pipeline/figure"
)

// appendix starts on a new page: title, note, then each table; a table
// too wide for a portrait page goes on landscape pages of its own.
func appendix(p page, d *document.Document) {
	for i, t := range d.Appendix.Tables {
		_, fits := layout(p, t, textW)
		if i == 0 || p.landscape() == fits {
			p.turn(!fits)
		}
		if i == 0 {
			y := p.block(marginLeft, p.width(), p.GetY(), "B", 14, 6.5, []string{d.Appendix.Title})
			if d.Appendix.Note != "" {
				y = p.block(marginLeft, p.width(), y, "I", 13, 6, []string{d.Appendix.Note})
			}
			if len(d.Appendix.Notes) > 0 {
				y = p.block(marginLeft, p.width(), y+2, "I", 11, 5, d.Appendix.Notes)
			}
			p.SetY(y + 4)
		}
		drawTable(p, t)
	}
}

// grid is a table's geometry.
type grid struct {
	widths []float64 // TT, label, then one per column
	groups bool
}

// Column geometry, mm: the TT column, the narrowest data and label columns.
const colTT, minData, minLabel = 10.0, 12.0, 40.0

// needs is each data column's natural width: as wide as its widest value
// (bold, for the total) or header word, at least minData.
func needs(p page, t *figure.Table) []float64 {
	need := make([]float64, len(t.Columns))
	rows := t.Rows
	if t.Total != nil {
		rows = append(slices.Clone(rows), *t.Total)
	}
	for i, c := range t.Columns {
		p.font("B", tableSize)
		for _, w := range strings.Fields(c.Header) {
			need[i] = max(need[i], p.GetStringWidth(w))
		}
		for _, r := range rows {
			if i < len(r.Cells) && c.Format != "text" {
				need[i] = max(need[i], p.GetStringWidth(r.Cells[i].String()))
			}
		}
		need[i] = max(need[i]+2*tablePad+1, minData)
		if c.Format == "text" {
			need[i] = max(need[i], 24)
		}
	}
	return need
}

// layout sizes the columns to the width w by what they hold; the label
// column takes the rest. Only when that leaves the label column too narrow
// are the data columns narrowed, in proportion, and fits is false.
func layout(p page, t *figure.Table, w float64) (g grid, fits bool) {
	need := needs(p, t)
	total := 0.0
	for _, x := range need {
		total += x
	}
	fits = true
	if room := w - colTT - minLabel; total > room {
		for i := range need {
			need[i] *= room / total
		}
		total, fits = room, false
	}
	g = grid{widths: append([]float64{colTT, w - colTT - total}, need...)}
	for _, c := range t.Columns {
		if c.Group != "" {
			g.groups = true
		}
	}
	return g, fits
}

// drawTable draws t with its header repeated on every page it spans.
func drawTable(p page, t *figure.Table) {
	g, _ := layout(p, t, p.width())
	p.SetAutoPageBreak(false, marginBottom)
	defer p.SetAutoPageBreak(true, marginBottom)
	if p.GetY()+30 > p.bottom() {
		p.again()
	}
	titleY := p.block(marginLeft, p.width(), p.GetY(), "B", 13, 6, []string{t.Title})
	p.SetY(titleY + 2)
	drawHeader(p, t, g)
	for i, r := range t.Rows {
		drawRow(p, t, g, strconv.Itoa(i+1), r, "")
	}
	if t.Total != nil {
		drawRow(p, t, g, "", *t.Total, "B")
	}
	if t.Note != "" {
		// a draft's cells marked "*": why, under the table
		p.font("I", tableSize)
		p.SetY(p.GetY() + 1.5)
		for _, l := range p.lines(t.Note, p.width(), 0) {
			if p.GetY()+tableLine > p.bottom() {
				p.again()
			}
			p.SetX(marginLeft)
			p.CellFormat(p.width(), tableLine, l, "", 1, "L", false, 0, "")
		}
	}
	p.SetY(p.GetY() + 6)
}

// drawHeader draws the header: one row, or two when columns are grouped.
func drawHeader(p page, t *figure.Table, g grid) {
	p.font("B", tableSize)
	sub := 0.0
	for i, c := range t.Columns {
		sub = max(sub, cellHeight(p, c.Header, g.widths[i+2]))
	}
	top := 0.0
	if g.groups {
		for _, c := range t.Columns {
			if c.Group != "" {
				top = max(top, cellHeight(p, c.Group, 30))
			}
		}
	}
	full := top + sub
	full = max(full, cellHeight(p, t.LabelHeader(), g.widths[1]))
	if p.GetY()+full+tableLine*2 > p.bottom() {
		p.again()
	}
	y := p.GetY()
	x := marginLeft
	textCell(p, x, y, g.widths[0], full, "TT", "C")
	x += g.widths[0]
	textCell(p, x, y, g.widths[1], full, t.LabelHeader(), "C")
	x += g.widths[1]
	for i := 0; i < len(t.Columns); {
		c := t.Columns[i]
		w := g.widths[i+2]
		if c.Group == "" {
			textCell(p, x, y, w, full, c.Header, "C")
			x += w
			i++
			continue
		}
		// a run of columns under one group cell
		j, span := i, 0.0
		for ; j < len(t.Columns) && t.Columns[j].Group == c.Group; j++ {
			span += g.widths[j+2]
		}
		textCell(p, x, y, span, full-sub, c.Group, "C")
		cx := x
		for k := i; k < j; k++ {
			textCell(p, cx, y+full-sub, g.widths[k+2], sub, t.Columns[k].Header, "C")
			cx += g.widths[k+2]
		}
		x += span
		i = j
	}
	p.SetY(y + full)
}

// drawRow draws one row, first repeating the header on a new page when the
// row does not fit.
func drawRow(p page, t *figure.Table, g grid, n string, r figure.Row, style string) {
	p.font(style, tableSize)
	h := cellHeight(p, r.Label, g.widths[1])
	if p.GetY()+h > p.bottom() {
		p.again()
		drawHeader(p, t, g)
		p.font(style, tableSize)
	}
	y := p.GetY()
	x := marginLeft
	textCell(p, x, y, g.widths[0], h, n, "C")
	x += g.widths[0]
	textCell(p, x, y, g.widths[1], h, r.Label, "L")
	x += g.widths[1]
	for i, c := range r.Cells {
		align := "R"
		if t.Columns[i].Format == "text" {
			align = "C"
		}
		textCell(p, x, y, g.widths[i+2], h, c.String(), align)
		x += g.widths[i+2]
	}
	p.SetY(y + h)
}

// cellHeight is the height of s wrapped in a cell of width w.
func cellHeight(p page, s string, w float64) float64 {
	n := len(p.lines(s, w-2*tablePad, 0))
	return float64(max(n, 1))*tableLine + 2*tablePad
}

// textCell draws a bordered cell with s wrapped and vertically centred.
func textCell(p page, x, y, w, h float64, s, align string) {
	p.SetLineWidth(0.2)
	p.Rect(x, y, w, h, "D")
	ls := p.lines(s, w-2*tablePad, 0)
	ty := y + (h-float64(len(ls))*tableLine)/2
	for i, l := range ls {
		p.SetXY(x+tablePad, ty+float64(i)*tableLine)
		p.CellFormat(w-2*tablePad, tableLine, l, "", 0, align, false, 0, "")
	}
}
