// Package pdf draws the report as an administrative document in the layout
// of Nghị định 30/2020/NĐ-CP, Phụ lục I, with Liberation Serif embedded.
package pdf

import (
	"encoding/xml"
	"io"
	"strconv"
	"strings"
	"time"

	"asxh/pipeline/document"
)

// Render writes d as PDF to w. stamp is the document's own date, used as
// the PDF's creation date so identical inputs give identical bytes.
func Render(d *document.Document, stamp time.Time, w io.Writer) error {
	p := newPage()
	p.SetCreationDate(stamp)
	p.SetModificationDate(stamp)
	name := strings.TrimSpace(d.Kind + " " + d.Subject)
	if d.Draft {
		name = DraftTitle + " - " + name // a reader's title bar and file list say it too
	}
	author := strings.Join(d.Issuer, " ")
	p.SetTitle(name, true)
	p.SetAuthor(author, true)
	p.SetLang("vi-VN")
	p.SetCreator("asxh", true)
	p.SetXmpMetadata(xmp(name, author, stamp))
	appendixFrom := 0 // the appendix's first page, once it starts
	p.SetHeaderFuncMode(func() { pageNumber(p, appendixFrom) }, true)
	if d.Draft {
		p.SetFooterFunc(func() { watermark(p) }) // drawn last, over the page
	}
	p.AddPage()
	// NĐ 30, Phụ lục I, Phần II asks PDF 1.4 or later; fpdf writes 1.4
	// once a page uses a graphics state, and this one changes nothing.
	p.SetAlpha(1, "Normal")
	header(p, d)
	title(p, d)
	body(p, d)
	closing(p, d)
	appendixFrom = p.PageNo() + 1
	appendix(p, d)
	return p.Output(w)
}

// xmp is the document's XMP metadata: title, the issuing body as author,
// the language and the document's own date (never the clock).
func xmp(title, author string, stamp time.Time) []byte {
	e := func(s string) string {
		var b strings.Builder
		xml.EscapeText(&b, []byte(s))
		return b.String()
	}
	date := stamp.UTC().Format("2006-01-02T15:04:05Z")
	return []byte(`<?xpacket begin="` + "\uFEFF" + `" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">` + e(title) + `</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>` + e(author) + `</rdf:li></rdf:Seq></dc:creator>
<dc:language><rdf:Bag><rdf:li>vi-VN</rdf:li></rdf:Bag></dc:language>
<dc:date><rdf:Seq><rdf:li>` + date + `</rdf:li></rdf:Seq></dc:date>
<xmp:CreateDate>` + date + `</xmp:CreateDate>
<xmp:ModifyDate>` + date + `</xmp:ModifyDate>
<xmp:MetadataDate>` + date + `</xmp:MetadataDate>
<xmp:CreatorTool>asxh</xmp:CreatorTool>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`)
}

// pageNumber is drawn on every page but the first, centred in the top
// margin. The appendix is numbered on its own (NĐ 30: "Số trang của Phụ
// lục được đánh số riêng"): from 1 again, its first page unnumbered.
func pageNumber(p page, appendixFrom int) {
	n := p.PageNo()
	if appendixFrom > 0 && n >= appendixFrom {
		n -= appendixFrom - 1
	}
	if n > 1 {
		p.font("", 13)
		p.SetY(9)
		p.centred(marginLeft, p.width(), 6, strconv.Itoa(n))
	}
}

// DraftTitle marks a draft: across its pages and in its title.
const DraftTitle = "DỰ THẢO"

// watermark writes "DỰ THẢO" diagonally across the page, translucent.
func watermark(p page) {
	p.font("B", 90)
	p.SetTextColor(200, 0, 0)
	p.SetAlpha(0.18, "Normal")
	p.TransformBegin()
	w, h := p.GetPageSize()
	p.TransformRotate(50, w/2, h/2)
	s := DraftTitle
	p.Text(w/2-p.GetStringWidth(s)/2, h/2+mmOfPoints(90)/3, s)
	p.TransformEnd()
	p.SetAlpha(1, "Normal")
	p.SetTextColor(0, 0, 0)
}

func mmOfPoints(pt float64) float64 { return pt * 25.4 / 72 }

// header is the two-column block of page 1: the issuing body and the
// number on the left, the national title, motto, place and date on the right.
func header(p page, d *document.Document) {
	const leftW, gap = 70.0, 2.0
	rightX, rightW := marginLeft+leftW+gap, textW-leftW-gap
	top := marginTop
	y := p.block(marginLeft, leftW, top, "B", 13, 5.6, d.Issuer)
	p.font("B", 13)
	widest := 0.0
	for _, s := range d.Issuer {
		widest = max(widest, p.GetStringWidth(s))
	}
	p.rule(marginLeft, leftW, y+0.8, widest*0.45)
	leftBottom := y + 0.8

	ry := top
	if len(d.National) > 0 {
		ry = p.block(rightX, rightW, ry, "B", 12, 5.6, d.National[:1])
	}
	if len(d.National) > 1 {
		ry = p.block(rightX, rightW, ry, "B", 13, 5.6, d.National[1:])
		p.font("B", 13)
		p.rule(rightX, rightW, ry+0.8, p.GetStringWidth(d.National[len(d.National)-1]))
	}
	row := max(leftBottom, ry+0.8) + 4
	p.block(marginLeft, leftW, row, "", 13, 6, []string{d.NumberLine})
	p.block(rightX, rightW, row, "I", 13, 6, []string{d.PlaceDate})
	p.SetY(row + 6)
}

// title is "BÁO CÁO" and the subject, centred, with a short rule under it.
func title(p page, d *document.Document) {
	y := p.GetY() + 8
	y = p.block(marginLeft, textW, y, "B", 14, 6.5, []string{d.Kind})
	p.font("B", 14)
	sub := document.Balance(d.Subject, textW-20, p.GetStringWidth)
	y = p.block(marginLeft+10, textW-20, y, "B", 14, 6.5, sub)
	p.rule(marginLeft, textW, y+1, 35)
	y += 8
	if to := d.ToLines(); len(to) > 0 {
		y = p.block(marginLeft, textW, y-2, "", 14, 6.5, to) + 6
	}
	p.SetY(y)
}

// body writes the headings and paragraphs; the last one ends with "./."
// and goes to a new page with the signature rather than leave the
// signature alone on a page.
func body(p page, d *document.Document) {
	for i, b := range d.Body {
		text := b.Text
		if i == len(d.Body)-1 {
			text = strings.TrimRight(strings.TrimSpace(text), ".") + "./."
			p.font("", bodySize)
			h := float64(len(p.lines(text, textW, firstLine)))*bodyLine + paraAfter
			if p.GetY()+h+closingHeight(d) > pageH-marginBottom {
				p.AddPage()
			}
		}
		if b.Kind != document.Paragraph && i+1 < len(d.Body) && p.GetY()+keepWithNext(p, d, i) > pageH-marginBottom {
			p.AddPage() // a heading is never the last line of a page
		}
		switch b.Kind {
		case document.Heading1:
			p.paragraph(text, "B", bodySize, firstLine, bodyLine, paraAfter)
		case document.Heading2:
			p.paragraph(text, "B", bodySize, firstLine, bodyLine, paraAfter)
		case document.Heading3:
			p.paragraph(text, "", bodySize, firstLine, bodyLine, paraAfter)
		default:
			p.paragraph(text, "", bodySize, firstLine, bodyLine, paraAfter)
		}
	}
	if d.Note != "" {
		// a draft's figures marked "*": why, under the text they are in
		p.paragraph(d.Note, "I", 12, 0, 5.5, paraAfter)
	}
}

// keepWithNext is the height a heading needs below it: itself and the
// first two lines of what follows, or all of the last paragraph and the
// signature, which go together.
func keepWithNext(p page, d *document.Document, i int) float64 {
	h := func(s string, style string) float64 {
		p.font(style, bodySize)
		return float64(len(p.lines(s, textW, firstLine)))*bodyLine + paraAfter
	}
	style := "B"
	if d.Body[i].Kind == document.Heading3 {
		style = ""
	}
	need := h(d.Body[i].Text, style)
	next := d.Body[i+1]
	if i+1 == len(d.Body)-1 {
		return need + h(next.Text+"./.", "") + closingHeight(d)
	}
	p.font("", bodySize)
	return need + float64(min(2, len(p.lines(next.Text, textW, firstLine))))*bodyLine
}

// closing is the recipients on the left and the signature on the right,
// kept together on one page.
func closing(p page, d *document.Document) {
	const leftW = 75.0
	rightX, rightW := marginLeft+leftW, textW-leftW
	need := closingHeight(d)
	y := p.GetY() + 2
	if y+need > pageH-marginBottom {
		p.AddPage()
		y = p.GetY()
	}
	p.SetAutoPageBreak(false, marginBottom)
	defer p.SetAutoPageBreak(true, marginBottom)

	p.font("BI", 12)
	p.SetXY(marginLeft, y)
	p.CellFormat(leftW, 6, "Nơi nhận:", "", 1, "L", false, 0, "")
	p.font("", 11)
	for _, r := range d.Recipients {
		p.SetX(marginLeft)
		p.CellFormat(leftW, 4.8, "- "+r, "", 1, "L", false, 0, "")
	}

	// "KT. CHỦ TỊCH" and "PHÓ CHỦ TỊCH" are two lines of one title
	sy := p.block(rightX, rightW, y, "B", 13, 6, append([]string{d.Signer.Authority}, strings.Split(d.Signer.Title, "\n")...))
	p.block(rightX, rightW, sy+signSpace, "B", 13, 6, []string{d.Signer.Name})
	p.SetY(y + need)
}

// closingHeight is the height of the recipients and signature block.
func closingHeight(d *document.Document) float64 {
	return max(6+float64(len(d.Recipients))*4.8, 6*3+signSpace+6) + 4
}
