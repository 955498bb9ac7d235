package pdf

import (
	"bufio"
	"bytes"
	"strings"

	"asxh/pipeline/finding"
	"asxh/pipeline/vn"
)

// Substitute is drawn in place of a character the PDF's fonts cannot
// hold: a white square, which Liberation Serif has, so the reader of the
// report sees that something is missing.
const Substitute = "□"

// drawable replaces every character above U+FFFF: fpdf's font subsetting
// indexes a 65,536-entry table by code point and panics on them, and
// Liberation has no such glyphs anyway. The reader and CheckSource warn
// where such text comes from.
func drawable(s string) string {
	if len(vn.OutsideBMP(s)) == 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if r > 0xFFFF {
			b.WriteString(Substitute)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Every way text enters fpdf goes through drawable: these shadow fpdf's
// methods of the same names on page.

func (p page) CellFormat(w, h float64, s, border string, ln int, align string, fill bool, link int, linkStr string) {
	p.Fpdf.CellFormat(w, h, drawable(s), border, ln, align, fill, link, linkStr)
}

func (p page) Cell(w, h float64, s string) { p.Fpdf.Cell(w, h, drawable(s)) }

func (p page) MultiCell(w, h float64, s, border, align string, fill bool) {
	p.Fpdf.MultiCell(w, h, drawable(s), border, align, fill)
}

func (p page) Text(x, y float64, s string) { p.Fpdf.Text(x, y, drawable(s)) }

func (p page) Write(h float64, s string) { p.Fpdf.Write(h, drawable(s)) }

func (p page) GetStringWidth(s string) float64 { return p.Fpdf.GetStringWidth(drawable(s)) }

func (p page) SetTitle(s string, isUTF8 bool) { p.Fpdf.SetTitle(drawable(s), isUTF8) }

func (p page) SetSubject(s string, isUTF8 bool) { p.Fpdf.SetSubject(drawable(s), isUTF8) }

func (p page) SetAuthor(s string, isUTF8 bool) { p.Fpdf.SetAuthor(drawable(s), isUTF8) }

func (p page) SetKeywords(s string, isUTF8 bool) { p.Fpdf.SetKeywords(drawable(s), isUTF8) }

// CheckSource warns, line by line, about characters of a configuration or
// template file (name, its text data) that the PDF draws as Substitute.
func CheckSource(name string, data []byte) finding.List {
	var fs finding.List
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, len(data)+1)
	for n := 1; sc.Scan(); n++ {
		if rs := vn.OutsideBMP(sc.Text()); len(rs) > 0 {
			fs.Add(finding.Finding{Code: finding.Glyph, Level: finding.Warning, File: name, Row: n, Value: strings.TrimSpace(sc.Text())}.
				Say("line", finding.Args{"dong": n, "ky_tu": vn.DescribeRunes(rs), "thay": Substitute, "tep": name}))
		}
	}
	return fs
}
