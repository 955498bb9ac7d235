package xlsx

import (
	"fmt"
	"math"
	"unicode"

	"github.com/xuri/excelize/v2"
)

// portraitWidth is the widest table, in Excel's column width units (about
// a digit of the default font), that prints on A4 portrait at a readable
// scale once fitted to the page width; a wider one prints landscape.
const portraitWidth = 110

// a4 is Excel's paper size code for A4.
const a4 = 9

// footer prints the page number and count, centred, in the body's font.
const footer = `&C&"Times New Roman,Regular"&11Trang &P/&N`

// printSetup makes sheet sh print as an accountant expects: A4, portrait
// or landscape by the table's width (the sum of its column widths), fitted
// to one page wide and as many long as it takes, rows first to last of the
// header repeated on every page (none when first is 0), and the page
// number in the footer. A streamed sheet must be set up before its stream
// writer is made: the writer copies the sheet's setup when it starts.
func (b *book) printSetup(sh string, width float64, first, last int) {
	orientation := "portrait"
	if landscape(width) {
		orientation = "landscape"
	}
	size, one, none := a4, 1, 0
	b.do(b.f.SetPageLayout(sh, &excelize.PageLayoutOptions{Size: &size, Orientation: &orientation, FitToWidth: &one, FitToHeight: &none}))
	fit := true
	b.do(b.f.SetSheetProps(sh, &excelize.SheetPropsOptions{FitToPage: &fit}))
	left, right, top, bottom, header, foot := marginLeft, marginRight, marginTop, marginBottom, 0.3, 0.3
	b.do(b.f.SetPageMargins(sh, &excelize.PageLayoutMarginsOptions{Left: &left, Right: &right, Top: &top, Bottom: &bottom, Header: &header, Footer: &foot}))
	b.do(b.f.SetHeaderFooter(sh, &excelize.HeaderFooterOptions{OddFooter: footer}))
	if first > 0 {
		b.do(b.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: sh,
			RefersTo: fmt.Sprintf("'%s'!$%d:$%d", sh, first, last)}))
	}
}

// textWidth is the column width, in Excel's units, that s takes in the
// sheets' Times New Roman 12: capitals and digits are wider than the
// default font's digit, other letters about as wide.
func textWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		switch {
		case unicode.IsUpper(r):
			w += 1.5
		case unicode.IsDigit(r):
			w += 1.15
		case r == ' ' || r == '.' || r == ',' || r == ':' || r == ';' || r == '(' || r == ')' || r == '/':
			w += 0.6
		default:
			w += 1.1
		}
	}
	return w
}

// fit is the width of a column of cells texts under header head: the
// widest cell, and no narrower than head's longest word nor than half of
// head (a header wraps onto two lines), within lo and hi, with a margin.
func fit(head string, texts []string, lo, hi float64) float64 {
	return fitLines(head, texts, lo, hi, 2)
}

// fitLines is fit with head wrapped onto as many lines.
func fitLines(head string, texts []string, lo, hi float64, lines int) float64 {
	w := 0.0
	for _, s := range texts {
		w = max(w, textWidth(s))
	}
	return fitWidth(head, w, lo, hi, lines)
}

// readableWidth is the widest table, in Excel's width units, that prints
// on A4 landscape at about nine tenths of its size or more.
const readableWidth = 160

// maxHeaderLines is the most lines a column header wraps onto.
const maxHeaderLines = 6

// fitWidth is fitLines for cells at most widest wide.
func fitWidth(head string, widest, lo, hi float64, lines int) float64 {
	w := widest
	word := 0.0
	start := 0
	for i, r := range head + " " {
		if r == ' ' || r == '/' {
			word = max(word, textWidth(head[start:i]))
			start = i + 1
		}
	}
	w = max(w, word*1.1, textWidth(head)*1.1/float64(lines))
	return min(max(w+2, lo), hi)
}

func sum(ws []float64) float64 {
	t := 0.0
	for _, w := range ws {
		t += w
	}
	return t
}

// The page margins, in inches.
const marginLeft, marginRight, marginTop, marginBottom = 0.6, 0.4, 0.6, 0.7

// landscape says whether a table width columns wide prints landscape.
func landscape(width float64) bool { return width > portraitWidth }

// onePage estimates whether a sheet of columns widths, height points tall
// at full size, fits on one A4 page as printSetup lays it out, with a
// tenth to spare: fitted to the page's width, it shrinks when wider.
func onePage(widths []float64, height float64) bool {
	pageW, pageH := 595.0, 842.0 // A4 in points
	if landscape(sum(widths)) {
		pageW, pageH = pageH, pageW
	}
	px := 0.0
	for _, w := range widths {
		px += w*7 + 5 // Excel's pixels for a width in characters
	}
	scale := min(1, (pageW-(marginLeft+marginRight)*72)/(px*0.75))
	return height*scale <= 0.9*(pageH-(marginTop+marginBottom)*72)
}

// lineHeight is the height, in points, of a line of 12-point text.
const lineHeight = 15.5

// lines estimates how many lines s wraps onto in a column width wide:
// the letters' width, which textWidth overstates about as much as
// breaking at spaces adds.
func lines(s string, width float64) int {
	return max(1, int(math.Ceil(textWidth(s)/max(width-1.5, 1))))
}

// PrintSetup gives sheet sh of a workbook written elsewhere (the district's
// status workbook) the print setup of asxh's own: A4, turned by the sum of
// its column widths, one page wide, rows first to last repeated on every
// page, page numbers in the footer.
func PrintSetup(f *excelize.File, sh string, widths []float64, first, last int) error {
	b := &book{f: f}
	b.printSetup(sh, sum(widths), first, last)
	return b.err
}
