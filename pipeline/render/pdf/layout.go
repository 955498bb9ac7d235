package pdf

import (
	"strings"

	"asxh/pipeline/figure"

	"codeberg.org/go-pdf/fpdf"
	"github.com/go-fonts/liberation/liberationserifbold"
	"github.com/go-fonts/liberation/liberationserifbolditalic"
	"github.com/go-fonts/liberation/liberationserifitalic"
	"github.com/go-fonts/liberation/liberationserifregular"
)

// The page of Nghị định 30/2020, Phụ lục I: A4 portrait, in millimetres.
const (
	pageW, pageH = 210.0, 297.0
	marginLeft   = 30.0
	marginRight  = 15.0
	marginTop    = 20.0
	marginBottom = 20.0
	textW        = pageW - marginLeft - marginRight

	bodySize  = 14.0 // body text, pt
	bodyLine  = 6.2  // line pitch of body text, mm (about 1,25 lines)
	paraAfter = 2.5  // space after a paragraph, mm (more than 6 pt)
	firstLine = 12.7 // first-line indent, mm (1,27 cm)
	signSpace = 26.0 // room for the signature and seal, mm
	family    = "serif"
	tableSize = 11.0
	tableLine = 4.8
	tablePad  = 1.2
)

// The page and margins, exported for the Word renderer: both documents are
// laid out on this one page.
const (
	PageW, PageH            = pageW, pageH
	MarginTop, MarginBottom = marginTop, marginBottom
	MarginLeft, MarginRight = marginLeft, marginRight
)

// page is the thin layout layer over fpdf: paragraphs, centred lines,
// rules, and the current position. The report layout in render.go reads as
// the document it draws.
type page struct {
	*fpdf.Fpdf
	loaded map[string]bool // the font styles added, as they are first used (font)
}

// fonts are Liberation Serif's styles, by fpdf's style names.
var fonts = map[string][]byte{
	"":   liberationserifregular.TTF,
	"B":  liberationserifbold.TTF,
	"I":  liberationserifitalic.TTF,
	"BI": liberationserifbolditalic.TTF,
}

func newPage() page {
	f := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "mm", SizeStr: "A4"})
	f.SetMargins(marginLeft, marginTop, marginRight)
	f.SetAutoPageBreak(true, marginBottom)
	f.SetCellMargin(0)
	f.SetCatalogSort(true)
	return page{Fpdf: f, loaded: map[string]bool{}}
}

// width is the text width of the current page, portrait or landscape.
func (p page) width() float64 {
	w, _ := p.GetPageSize()
	return w - marginLeft - marginRight
}

// bottom is the lowest y text may reach on the current page.
func (p page) bottom() float64 {
	_, h := p.GetPageSize()
	return h - marginBottom
}

func (p page) landscape() bool {
	w, h := p.GetPageSize()
	return w > h
}

// turn starts a page, landscape or portrait; the margins stay, the
// binding edge on the left as the page is read.
func (p page) turn(landscape bool) {
	if landscape {
		p.AddPageFormat("L", fpdf.SizeType{Wd: pageW, Ht: pageH})
		return
	}
	p.AddPage()
}

// again starts a page like the current one: a table runs on in the
// orientation it started in.
func (p page) again() { p.turn(p.landscape()) }

// font sets style ("", "B", "I", "BI") and size in points.
// font sets the font, adding its style to the document at its first use:
// parsing a style (fpdf reads the whole TrueType file and hashes its
// description) was most of a small report's PDF, and the Word renderer
// measures with two of the four.
func (p page) font(style string, size float64) {
	if !p.loaded[style] {
		p.AddUTF8FontFromBytes(family, style, fonts[style])
		p.loaded[style] = true
	}
	p.SetFont(family, style, size)
}

// centred writes one line centred in the band [x, x+w] at the current y.
func (p page) centred(x, w, h float64, s string) {
	p.SetX(x)
	p.CellFormat(w, h, s, "", 1, "C", false, 0, "")
}

// rule draws a horizontal line of length l centred in [x, x+w] at y.
func (p page) rule(x, w, y, l float64) {
	p.SetLineWidth(0.3)
	p.Line(x+(w-l)/2, y, x+(w+l)/2, y)
}

// lines breaks s into lines no wider than w, the first narrower by indent.
func (p page) lines(s string, w, indent float64) []string {
	words := strings.Fields(s)
	var out []string
	cur := ""
	limit := w - indent
	for _, word := range words {
		try := word
		if cur != "" {
			try = cur + " " + word
		}
		if cur != "" && p.GetStringWidth(try) > limit {
			out = append(out, cur)
			cur, limit = word, w
			continue
		}
		cur = try
	}
	if cur != "" {
		out = append(out, cur)
	}
	return out
}

// paragraph writes s across the text width: first line indented, lines
// justified but the last, and space after.
func (p page) paragraph(s string, style string, size, indent, lineH, after float64) {
	p.font(style, size)
	ls := p.lines(s, textW, indent)
	for i, l := range ls {
		x, w := marginLeft, textW
		if i == 0 {
			x, w = marginLeft+indent, textW-indent
		}
		if p.GetY()+lineH > pageH-marginBottom {
			p.AddPage()
		}
		p.SetX(x)
		align := "J"
		if i == len(ls)-1 || strings.Count(l, " ") == 0 {
			align = "L"
		}
		p.CellFormat(w, lineH, l, "", 1, align, false, 0, "")
	}
	p.SetY(p.GetY() + after)
}

// block writes lines centred in a column band, returning the y below them.
func (p page) block(x, w, y float64, style string, size, lineH float64, lines []string) float64 {
	p.font(style, size)
	p.SetY(y)
	for _, l := range lines {
		if p.GetStringWidth(l) <= w {
			// as written: the blank of "Số:      /BC-UBND" is the room
			// to write the number by hand
			p.centred(x, w, lineH, l)
			continue
		}
		for _, part := range p.lines(l, w, 0) {
			p.centred(x, w, lineH, part)
		}
	}
	return p.GetY()
}

// Measure sizes text in the embedded fonts, which are metric-compatible
// with Times New Roman: the Word report balances its title and sizes its
// table columns with it, so both documents break alike.
type Measure struct{ p page }

// NewMeasure loads the fonts once for many measurements.
func NewMeasure() *Measure { return &Measure{newPage()} }

// Width of s in style ("", "B", "I", "BI") at size points, in mm.
func (m *Measure) Width(style string, size float64, s string) float64 {
	m.p.font(style, size)
	return m.p.GetStringWidth(s)
}

// Columns sizes t's columns (TT, label, data…) to width mm, the table
// font being 11 pt; fits is false when the data columns had to be
// narrowed below what they hold (the table wants a wider page).
func (m *Measure) Columns(t *figure.Table, width float64) (widths []float64, fits bool) {
	g, fits := layout(m.p, t, width)
	return g.widths, fits
}
