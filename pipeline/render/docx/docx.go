// Package docx writes the report as a Word document the văn thư can
// finish: take the number, change a sentence, print, sign. It is the same
// document as the PDF, laid out per Nghị định 30/2020/NĐ-CP, Phụ lục I in
// Word's own terms: A4, the margins and fonts of the decree, real
// paragraphs and styles (so editing reflows), the two-column header and
// the signature as borderless tables, page numbers as a PAGE field in a
// header that the first page does not show, the appendix in its own
// section numbered from 1, its tables as Word tables whose header rows
// repeat on every page, on landscape pages when a table needs the width.
//
// The WordprocessingML is written here with encoding/xml and archive/zip.
// github.com/ubavic/godocx was probed first: the Go module proxy refuses
// it from here (403), and the version read lacks header parts, section
// properties and fields; unioffice needs a paid licence. The few parts a
// report needs are short, and writing them keeps the bytes reproducible:
// parts in name order, one fixed timestamp, no clock, no random ids.
package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"asxh/pipeline/document"
	"asxh/pipeline/figure"
	"asxh/pipeline/render/pdf"
)

// The page of NĐ 30, Phụ lục I, in millimetres (the PDF's, so the two
// documents break alike); twips in the XML.
const (
	pageW, pageH = pdf.PageW, pdf.PageH
	marginTop    = pdf.MarginTop
	marginBottom = pdf.MarginBottom
	marginLeft   = pdf.MarginLeft
	marginRight  = pdf.MarginRight
	textW        = pageW - marginLeft - marginRight
	// A landscape page keeps the margins as it is read, as the PDF's do.
	landTextW = pageH - marginLeft - marginRight

	font      = "Times New Roman" // the name Word and LibreOffice resolve
	bodySize  = 14.0
	tableSize = 11.0
	signSpace = 26.0 // room for the signature and seal, mm
)

func tw(mm float64) int { return int(mm*1440/25.4 + 0.5) }

// halfPoints is a font size as WordprocessingML writes it.
func halfPoints(pt float64) string { return strconv.Itoa(int(pt*2 + 0.5)) }

// Render writes d as a .docx to w. stamp is the document's own date: the
// parts' timestamps and the core properties, so identical inputs give
// identical bytes.
func Render(d *document.Document, stamp time.Time, w io.Writer) error {
	m := pdf.NewMeasure()
	body := documentXML(d, m)
	parts := map[string]string{
		"[Content_Types].xml":          contentTypes,
		"_rels/.rels":                  packageRels,
		"docProps/app.xml":             appXML,
		"docProps/core.xml":            coreXML(d, stamp),
		"word/_rels/document.xml.rels": documentRels,
		"word/document.xml":            body,
		"word/styles.xml":              stylesXML(),
		"word/settings.xml":            settingsXML,
		"word/header1.xml":             headerXML(d, true),
		"word/header2.xml":             headerXML(d, false),
	}
	return writeZip(w, parts, stamp)
}

// writeZip stores the parts in name order ("[Content_Types].xml" sorts
// first, as readers expect) with one fixed time.
func writeZip(w io.Writer, parts map[string]string, stamp time.Time) error {
	if stamp.Year() < 1980 {
		stamp = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	names := make([]string, 0, len(parts))
	for n := range parts {
		names = append(names, n)
	}
	slices.Sort(names)
	zw := zip.NewWriter(w)
	for _, n := range names {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: n, Method: zip.Deflate, Modified: stamp.UTC()})
		if err != nil {
			return err
		}
		if _, err := io.WriteString(f, parts[n]); err != nil {
			return err
		}
	}
	return zw.Close()
}

// esc is s as XML character data.
func esc(s string) string {
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

const xmlHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

const nsW = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`

const contentTypes = xmlHead + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
	`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
	`<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>` +
	`<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>` +
	`<Override PartName="/word/header2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>` +
	`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
	`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>` +
	`</Types>`

const packageRels = xmlHead + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>` +
	`</Relationships>`

// Relationship ids of the document part.
const (
	relPageHeader  = "rId3" // header1: the page number
	relFirstHeader = "rId4" // header2: the first page's, without one
)

const documentRels = xmlHead + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>` +
	`<Relationship Id="` + relPageHeader + `" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>` +
	`<Relationship Id="` + relFirstHeader + `" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header2.xml"/>` +
	`</Relationships>`

const appXML = xmlHead + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>asxh</Application></Properties>`

const settingsXML = xmlHead + `<w:settings ` + nsW + `><w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/>` +
	`<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>` +
	`<w:themeFontLang w:val="vi-VN"/></w:settings>`

// docTitle is the document's title for its properties, marked when a draft.
func docTitle(d *document.Document) string {
	t := strings.TrimSpace(d.Kind + " " + d.Subject)
	if d.Draft {
		t = pdf.DraftTitle + " - " + t
	}
	return t
}

// coreXML is the title, the issuing body as author, the language and the
// document's date.
func coreXML(d *document.Document, stamp time.Time) string {
	date := stamp.UTC().Format("2006-01-02T15:04:05Z")
	return xmlHead + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
		`<dc:title>` + esc(docTitle(d)) + `</dc:title>` +
		`<dc:creator>` + esc(strings.Join(d.Issuer, " ")) + `</dc:creator>` +
		`<dc:language>vi-VN</dc:language>` +
		`<dcterms:created xsi:type="dcterms:W3CDTF">` + date + `</dcterms:created>` +
		`<dcterms:modified xsi:type="dcterms:W3CDTF">` + date + `</dcterms:modified>` +
		`</cp:coreProperties>`
}

// stylesXML: Times New Roman 14 pt justified with a 1,27 cm first-line
// indent and 6 pt after is Normal; headings keep with the next paragraph,
// so none ends a page; the other styles are the furniture of the document.
func stylesXML() string {
	var b strings.Builder
	b.WriteString(xmlHead + `<w:styles ` + nsW + `>`)
	b.WriteString(`<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="` + font + `" w:hAnsi="` + font + `" w:eastAsia="` + font + `" w:cs="` + font + `"/>` +
		`<w:sz w:val="` + halfPoints(bodySize) + `"/><w:szCs w:val="` + halfPoints(bodySize) + `"/><w:lang w:val="vi-VN" w:eastAsia="vi-VN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>` +
		`<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>`)
	style := func(id, name, ppr, rpr string) {
		b.WriteString(`<w:style w:type="paragraph"`)
		if id == "Normal" {
			b.WriteString(` w:default="1"`)
		}
		b.WriteString(` w:styleId="` + id + `"><w:name w:val="` + name + `"/>`)
		if id != "Normal" {
			b.WriteString(`<w:basedOn w:val="Normal"/><w:qFormat/>`)
		} else {
			b.WriteString(`<w:qFormat/>`)
		}
		b.WriteString(`<w:pPr>` + ppr + `</w:pPr>`)
		if rpr != "" {
			b.WriteString(`<w:rPr>` + rpr + `</w:rPr>`)
		}
		b.WriteString(`</w:style>`)
	}
	body := `<w:widowControl/><w:spacing w:before="0" w:after="120" w:line="264" w:lineRule="auto"/><w:ind w:firstLine="720"/><w:jc w:val="both"/>`
	style("Normal", "Normal", body, "")
	style("Heading1", "heading 1", `<w:keepNext/><w:keepLines/><w:spacing w:before="0" w:after="120" w:line="264" w:lineRule="auto"/><w:ind w:firstLine="720"/><w:jc w:val="both"/><w:outlineLvl w:val="0"/>`, `<w:b/><w:bCs/>`)
	style("Heading2", "heading 2", `<w:keepNext/><w:keepLines/><w:spacing w:before="0" w:after="120" w:line="264" w:lineRule="auto"/><w:ind w:firstLine="720"/><w:jc w:val="both"/><w:outlineLvl w:val="1"/>`, `<w:b/><w:bCs/>`)
	style("Heading3", "heading 3", `<w:keepNext/><w:keepLines/><w:spacing w:before="0" w:after="120" w:line="264" w:lineRule="auto"/><w:ind w:firstLine="720"/><w:jc w:val="both"/><w:outlineLvl w:val="2"/>`, `<w:i/><w:iCs/>`)
	centred := `<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:ind w:firstLine="0"/><w:jc w:val="center"/>`
	style("Title", "Title", `<w:keepNext/><w:spacing w:before="240" w:after="0" w:line="240" w:lineRule="auto"/><w:ind w:firstLine="0"/><w:jc w:val="center"/>`, `<w:b/><w:bCs/>`)
	style("Subtitle", "Subtitle", `<w:keepNext/>`+centred, `<w:b/><w:bCs/>`)
	style("Centred", "Centred", centred, "")
	style("To", "Kính gửi", `<w:spacing w:before="120" w:after="240" w:line="264" w:lineRule="auto"/><w:ind w:firstLine="0"/><w:jc w:val="center"/>`, "")
	style("Furniture", "Thể thức", centred, `<w:sz w:val="26"/><w:szCs w:val="26"/>`)
	style("Recipients", "Nơi nhận", `<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:ind w:firstLine="0"/><w:jc w:val="left"/>`, `<w:sz w:val="22"/><w:szCs w:val="22"/>`)
	style("TableText", "Bảng", `<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:ind w:firstLine="0"/><w:jc w:val="left"/>`, `<w:sz w:val="`+halfPoints(tableSize)+`"/><w:szCs w:val="`+halfPoints(tableSize)+`"/>`)
	style("Header", "header", `<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:ind w:firstLine="0"/><w:jc w:val="center"/>`, `<w:sz w:val="26"/><w:szCs w:val="26"/>`)
	b.WriteString(`<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>` +
		`<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>`)
	b.WriteString(`</w:styles>`)
	return b.String()
}

// headerXML is the page header: the page number as a PAGE field, centred,
// for numbered pages; nothing (but the draft mark) on first pages.
func headerXML(d *document.Document, number bool) string {
	var b strings.Builder
	b.WriteString(xmlHead + `<w:hdr ` + nsW + `>`)
	if d.Draft {
		b.WriteString(`<w:p><w:pPr><w:pStyle w:val="Header"/><w:jc w:val="right"/></w:pPr>` + run(`<w:b/><w:color w:val="C00000"/>`, "DỰ THẢO") + `</w:p>`)
	}
	b.WriteString(`<w:p><w:pPr><w:pStyle w:val="Header"/></w:pPr>`)
	if number {
		b.WriteString(`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>` +
			`<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>`)
	}
	b.WriteString(`</w:p></w:hdr>`)
	return b.String()
}

// run is one run of text with properties rpr (in schema order).
func run(rpr, text string) string {
	s := `<w:r>`
	if rpr != "" {
		s += `<w:rPr>` + rpr + `</w:rPr>`
	}
	return s + `<w:t xml:space="preserve">` + esc(text) + `</w:t></w:r>`
}

// rpr is run properties: style "B", "I", "BI" or "" and a size in points
// (0 keeps the paragraph style's).
func rpr(style string, size float64) string {
	s := ""
	if strings.Contains(style, "B") {
		s += `<w:b/><w:bCs/>`
	}
	if strings.Contains(style, "I") {
		s += `<w:i/><w:iCs/>`
	}
	if size > 0 {
		s += `<w:sz w:val="` + halfPoints(size) + `"/><w:szCs w:val="` + halfPoints(size) + `"/>`
	}
	return s
}

// para is a paragraph of style with extra paragraph properties ppr
// (after the style, in schema order) and runs.
func para(style, ppr string, runs ...string) string {
	s := `<w:p><w:pPr><w:pStyle w:val="` + style + `"/>` + ppr + `</w:pPr>`
	return s + strings.Join(runs, "") + `</w:p>`
}

// lines is runs of text lines joined by line breaks, in one paragraph.
func lines(props string, ls []string) string {
	var out []string
	for i, l := range ls {
		r := run(props, l)
		if i > 0 {
			r = `<w:r><w:br/></w:r>` + r
		}
		out = append(out, r)
	}
	return strings.Join(out, "")
}

// rule is the short line under the issuing body, the motto and the title:
// an empty paragraph's bottom border, length l mm centred in a column w mm.
func rule(w, l float64) string {
	in := tw((w - l) / 2)
	return `<w:p><w:pPr><w:pStyle w:val="Centred"/><w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>` +
		`<w:spacing w:before="0" w:after="0" w:line="60" w:lineRule="exact"/><w:ind w:left="` + strconv.Itoa(in) + `" w:right="` + strconv.Itoa(in) + `" w:firstLine="0"/>` +
		`<w:rPr><w:sz w:val="4"/></w:rPr></w:pPr></w:p>`
}

// section is a section's properties: portrait or landscape, and whether
// its page numbers restart at 1 with the first page unnumbered.
func section(landscape, restart bool) string {
	s := `<w:sectPr><w:headerReference w:type="default" r:id="` + relPageHeader + `"/><w:headerReference w:type="first" r:id="` + relFirstHeader + `"/><w:type w:val="nextPage"/>`
	if landscape {
		s += fmt.Sprintf(`<w:pgSz w:w="%d" w:h="%d" w:orient="landscape"/><w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="567" w:footer="567" w:gutter="0"/>`,
			tw(pageH), tw(pageW), tw(marginTop), tw(marginRight), tw(marginBottom), tw(marginLeft))
	} else {
		s += fmt.Sprintf(`<w:pgSz w:w="%d" w:h="%d"/><w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="567" w:footer="567" w:gutter="0"/>`,
			tw(pageW), tw(pageH), tw(marginTop), tw(marginRight), tw(marginBottom), tw(marginLeft))
	}
	if restart {
		s += `<w:pgNumType w:start="1"/>`
	}
	s += `<w:cols w:space="720"/>`
	if restart {
		s += `<w:titlePg/>`
	}
	return s + `</w:sectPr>`
}

// documentXML is the report: header, title, Kính gửi, body, signature,
// then the appendix in sections of its own.
func documentXML(d *document.Document, m *pdf.Measure) string {
	var b strings.Builder
	b.WriteString(xmlHead + `<w:document ` + nsW + `><w:body>`)
	header(&b, d, m)
	title(&b, d, m)
	body(&b, d)
	closing(&b, d)
	appendix(&b, d, m)
	b.WriteString(`</w:body></w:document>`)
	return b.String()
}

// borderless opens a table without borders of the given column widths (mm).
func borderless(b *strings.Builder, widths ...float64) {
	total := 0.0
	for _, w := range widths {
		total += w
	}
	b.WriteString(fmt.Sprintf(`<w:tbl><w:tblPr><w:tblW w:w="%d" w:type="dxa"/><w:tblBorders>`, tw(total)))
	for _, e := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		b.WriteString(`<w:` + e + ` w:val="nil"/>`)
	}
	b.WriteString(`</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>`)
	for _, w := range widths {
		b.WriteString(fmt.Sprintf(`<w:gridCol w:w="%d"/>`, tw(w)))
	}
	b.WriteString(`</w:tblGrid>`)
}

func cell(b *strings.Builder, w float64, content string) {
	b.WriteString(fmt.Sprintf(`<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/></w:tcPr>%s</w:tc>`, tw(w), content))
}

// header is the two-column block of page 1 as a borderless table: the
// issuing body over its rule and the number on the left; the national
// title, the motto over its rule, place and date on the right.
func header(b *strings.Builder, d *document.Document, m *pdf.Measure) {
	const leftW = 72.0
	rightW := textW - leftW
	borderless(b, leftW, rightW)
	b.WriteString(`<w:tr><w:trPr><w:cantSplit/></w:trPr>`)
	var left strings.Builder
	widest := 0.0
	for _, s := range d.Issuer {
		widest = max(widest, m.Width("B", 13, s))
	}
	left.WriteString(para("Furniture", "", lines(rpr("B", 13), d.Issuer)))
	left.WriteString(rule(leftW, widest*0.45))
	cell(b, leftW, left.String())
	var right strings.Builder
	if len(d.National) > 0 {
		right.WriteString(para("Furniture", "", run(rpr("B", 12), d.National[0])))
	}
	if len(d.National) > 1 {
		right.WriteString(para("Furniture", "", lines(rpr("B", 13), d.National[1:])))
		right.WriteString(rule(rightW, m.Width("B", 13, d.National[len(d.National)-1])))
	}
	if right.Len() == 0 {
		right.WriteString(`<w:p/>`)
	}
	cell(b, rightW, right.String())
	b.WriteString(`</w:tr><w:tr><w:trPr><w:cantSplit/></w:trPr>`)
	space := `<w:spacing w:before="200" w:after="0"/>`
	cell(b, leftW, para("Furniture", space, run("", d.NumberLine)))
	cell(b, rightW, para("Furniture", space, run(rpr("I", 0), d.PlaceDate)))
	b.WriteString(`</w:tr></w:tbl>`)
}

// title is the kind, the subject in balanced lines, its rule, and
// "Kính gửi".
func title(b *strings.Builder, d *document.Document, m *pdf.Measure) {
	b.WriteString(para("Title", "", run("", d.Kind)))
	sub := document.Balance(d.Subject, textW-20, func(s string) float64 { return m.Width("B", bodySize, s) })
	b.WriteString(para("Subtitle", "", lines("", sub)))
	b.WriteString(rule(textW, 35))
	if to := d.ToLines(); len(to) > 0 {
		b.WriteString(para("To", "", lines("", to)))
	} else {
		b.WriteString(para("Centred", `<w:spacing w:after="240"/>`))
	}
}

var blockStyle = map[document.Kind]string{
	document.Paragraph: "Normal", document.Heading1: "Heading1", document.Heading2: "Heading2", document.Heading3: "Heading3",
}

// body is the headings and paragraphs; the last ends "./." and is kept
// with the signature.
func body(b *strings.Builder, d *document.Document) {
	for i, blk := range d.Body {
		text, ppr := blk.Text, ""
		if i == len(d.Body)-1 {
			text = strings.TrimRight(strings.TrimSpace(text), ".") + "./."
			ppr = `<w:keepNext/>`
		}
		b.WriteString(para(blockStyle[blk.Kind], ppr, run("", text)))
	}
	if d.Note != "" {
		// a draft's figures marked "*": why, kept with the signature too
		b.WriteString(para("Normal", `<w:keepNext/><w:ind w:firstLine="0"/>`, run(rpr("I", 12), d.Note)))
	}
}

// closing is Nơi nhận on the left and the signature on the right, a
// borderless table of one row that does not split across pages.
func closing(b *strings.Builder, d *document.Document) {
	const leftW = 75.0
	rightW := textW - leftW
	borderless(b, leftW, rightW)
	b.WriteString(`<w:tr><w:trPr><w:cantSplit/></w:trPr>`)
	var left strings.Builder
	left.WriteString(para("Recipients", `<w:spacing w:before="120"/>`, run(rpr("BI", 12), "Nơi nhận:")))
	for _, r := range d.Recipients {
		left.WriteString(para("Recipients", "", run("", "- "+r)))
	}
	cell(b, leftW, left.String())
	var right strings.Builder
	head := append([]string{d.Signer.Authority}, strings.Split(d.Signer.Title, "\n")...)
	right.WriteString(para("Furniture", `<w:spacing w:before="120"/>`, lines(rpr("B", 13), head)))
	right.WriteString(para("Furniture", fmt.Sprintf(`<w:spacing w:before="%d"/>`, tw(signSpace)), run(rpr("B", 13), d.Signer.Name)))
	cell(b, rightW, right.String())
	b.WriteString(`</w:tr></w:tbl>`)
}

// appendix is the tables after the signature, in sections of their own:
// the first restarts the page numbers at 1 with its first page unnumbered
// (NĐ 30: an appendix is numbered on its own); a table too wide for a
// portrait page gets a landscape section.
func appendix(b *strings.Builder, d *document.Document, m *pdf.Measure) {
	if len(d.Appendix.Tables) == 0 {
		b.WriteString(section(false, true))
		return
	}
	// the body's section ends with an empty paragraph carrying it
	b.WriteString(`<w:p><w:pPr><w:pStyle w:val="Centred"/>` + section(false, true) + `</w:pPr></w:p>`)
	type placed struct {
		t         *figure.Table
		widths    []float64
		landscape bool
	}
	var ts []placed
	for _, t := range d.Appendix.Tables {
		w, fits := m.Columns(t, textW)
		land := false
		if !fits {
			w, _ = m.Columns(t, landTextW)
			land = true
		}
		ts = append(ts, placed{t, w, land})
	}
	first := true // the first section restarts the numbering
	for i, p := range ts {
		if i == 0 {
			b.WriteString(para("Title", `<w:spacing w:before="0"/>`, run("", d.Appendix.Title)))
			if d.Appendix.Note != "" {
				b.WriteString(para("Centred", `<w:keepNext/><w:spacing w:after="240"/>`, run(rpr("I", 13), d.Appendix.Note)))
			}
			for _, n := range d.Appendix.Notes {
				b.WriteString(para("Centred", `<w:keepNext/>`, run(rpr("I", 11), n)))
			}
		}
		table(b, p.t, p.widths)
		last := i == len(ts)-1
		switch {
		case last:
			b.WriteString(para("Centred", ""))
			b.WriteString(section(p.landscape, first))
		case ts[i+1].landscape != p.landscape:
			b.WriteString(`<w:p><w:pPr><w:pStyle w:val="Centred"/>` + section(p.landscape, first) + `</w:pPr></w:p>`)
			first = false
		default:
			b.WriteString(para("Centred", `<w:spacing w:after="240"/>`))
		}
	}
}

var gridBorders = func() string {
	s := `<w:tblBorders>`
	for _, e := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		s += `<w:` + e + ` w:val="single" w:sz="4" w:space="0" w:color="000000"/>`
	}
	return s + `</w:tblBorders>`
}()

// tcell is one table cell: width, span, vertical merge ("", "restart",
// "continue"), alignment and bold.
func tcell(b *strings.Builder, w float64, span int, vmerge, align string, bold bool, text string) {
	b.WriteString(fmt.Sprintf(`<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/>`, tw(w)))
	if span > 1 {
		b.WriteString(fmt.Sprintf(`<w:gridSpan w:val="%d"/>`, span))
	}
	switch vmerge {
	case "restart":
		b.WriteString(`<w:vMerge w:val="restart"/>`)
	case "continue":
		b.WriteString(`<w:vMerge/>`)
	}
	b.WriteString(`<w:vAlign w:val="center"/></w:tcPr>`)
	style := ""
	if bold {
		style = "B"
	}
	r := ""
	if text != "" && vmerge != "continue" {
		r = run(rpr(style, 0), text)
	}
	b.WriteString(para("TableText", `<w:jc w:val="`+align+`"/>`, r) + `</w:tc>`)
}

// table writes t's title and t as a Word table: header rows marked to
// repeat on every page (tblHeader), groups as merged cells, the total row
// bold; widths in mm: TT, label, one per column.
func table(b *strings.Builder, t *figure.Table, widths []float64) {
	b.WriteString(para("Centred", `<w:keepNext/><w:spacing w:after="120"/>`, run(rpr("B", 13), t.Title)))
	total := 0.0
	for _, w := range widths {
		total += w
	}
	b.WriteString(fmt.Sprintf(`<w:tbl><w:tblPr><w:tblW w:w="%d" w:type="dxa"/><w:jc w:val="center"/>%s<w:tblLayout w:type="fixed"/>`+
		`<w:tblCellMar><w:top w:w="40" w:type="dxa"/><w:left w:w="57" w:type="dxa"/><w:bottom w:w="40" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>`, tw(total), gridBorders))
	for _, w := range widths {
		b.WriteString(fmt.Sprintf(`<w:gridCol w:w="%d"/>`, tw(w)))
	}
	b.WriteString(`</w:tblGrid>`)
	groups := false
	for _, c := range t.Columns {
		groups = groups || c.Group != ""
	}
	headRow := `<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>`
	// first header row: TT, label, ungrouped headers (merged down when
	// there is a second row), group names spanning their columns
	b.WriteString(headRow)
	top := ""
	if groups {
		top = "restart"
	}
	tcell(b, widths[0], 1, top, "center", true, "TT")
	tcell(b, widths[1], 1, top, "center", true, t.LabelHeader())
	for i := 0; i < len(t.Columns); {
		c := t.Columns[i]
		if c.Group == "" {
			tcell(b, widths[i+2], 1, top, "center", true, c.Header)
			i++
			continue
		}
		j, span := i, 0.0
		for ; j < len(t.Columns) && t.Columns[j].Group == c.Group; j++ {
			span += widths[j+2]
		}
		tcell(b, span, j-i, "", "center", true, c.Group)
		i = j
	}
	b.WriteString(`</w:tr>`)
	if groups {
		b.WriteString(headRow)
		tcell(b, widths[0], 1, "continue", "center", true, "")
		tcell(b, widths[1], 1, "continue", "center", true, "")
		for i, c := range t.Columns {
			if c.Group == "" {
				tcell(b, widths[i+2], 1, "continue", "center", true, "")
			} else {
				tcell(b, widths[i+2], 1, "", "center", true, c.Header)
			}
		}
		b.WriteString(`</w:tr>`)
	}
	row := func(n string, r figure.Row, bold bool) {
		b.WriteString(`<w:tr><w:trPr><w:cantSplit/></w:trPr>`)
		tcell(b, widths[0], 1, "", "center", bold, n)
		tcell(b, widths[1], 1, "", "left", bold, r.Label)
		for i, c := range r.Cells {
			align := "right"
			if i < len(t.Columns) && t.Columns[i].Format == "text" {
				align = "center"
			}
			if i+2 < len(widths) {
				tcell(b, widths[i+2], 1, "", align, bold, c.String())
			}
		}
		b.WriteString(`</w:tr>`)
	}
	for i, r := range t.Rows {
		row(strconv.Itoa(i+1), r, false)
	}
	if t.Total != nil {
		row("", *t.Total, true)
	}
	b.WriteString(`</w:tbl>`)
	if t.Note != "" {
		b.WriteString(para("Normal", `<w:spacing w:before="60"/><w:ind w:firstLine="0"/>`, run(rpr("I", 11), t.Note)))
	}
}
