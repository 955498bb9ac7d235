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
	"testing"
	"time"

	"asxh/pipeline/config"
	"asxh/pipeline/document"
	"asxh/pipeline/figure"
)

func testDoc(rows int, draft bool) *document.Document {
	t := &figure.Table{Key: "t", Title: "Biểu 9: Bảng dài", Kind: "grid", RowHeader: "Tổ dân phố",
		Columns: []figure.Column{{Key: "a", Header: "Số người", Group: "Nhóm", Sum: true}, {Key: "b", Header: "Số tiền (đồng)", Group: "Nhóm", Format: config.FormatMoney, Sum: true}}}
	for i := range rows {
		t.Rows = append(t.Rows, figure.Row{Label: fmt.Sprintf("Tổ %d", i+1), Cells: []figure.Cell{{Value: float64(i)}, {Value: 350000, Format: config.FormatMoney}}})
	}
	t.Total = &figure.Row{Label: "Tổng cộng", Cells: []figure.Cell{{Value: 1}, {Value: 2, Format: config.FormatMoney}}}
	// a table too wide for a portrait page
	wide := &figure.Table{Key: "w", Title: "Biểu 10: Bảng rộng", Kind: "grid", RowHeader: "Phường"}
	var cells []figure.Cell
	for i := range 16 {
		wide.Columns = append(wide.Columns, figure.Column{Key: fmt.Sprint(i), Header: fmt.Sprintf("Cột số %d", i+1), Format: config.FormatMoney})
		cells = append(cells, figure.Cell{Value: 123456789, Format: config.FormatMoney})
	}
	wide.Rows = []figure.Row{{Label: "Cự Khối", Cells: cells}}
	body := strings.Repeat("Đoạn văn bản có dấu tiếng Việt: người có công, hộ cận nghèo, thẻ bảo hiểm y tế. ", 12)
	return &document.Document{
		Issuer: []string{"ỦY BAN NHÂN DÂN", "PHƯỜNG CỰ KHỐI"}, National: []string{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"},
		NumberLine: "Số:      /BC-UBND", PlaceDate: "Cự Khối, ngày 15 tháng 01 năm 2021", Kind: "BÁO CÁO",
		Subject: "Kết quả thực hiện công tác an sinh xã hội năm 2020 và phương hướng, nhiệm vụ năm 2021",
		To:      []string{"Ủy ban nhân dân quận Long Biên"},
		Body:    []document.Block{{Kind: document.Heading1, Text: "I. KẾT QUẢ"}, {Kind: document.Paragraph, Text: body}, {Kind: document.Paragraph, Text: body}},
		Signer:  config.Signer{Authority: "TM. ỦY BAN NHÂN DÂN", Title: "CHỦ TỊCH", Name: "Nguyễn Văn A"}, Recipients: []string{"Như trên;", "Lưu: VT."},
		Appendix: document.Appendix{Title: "PHỤ LỤC", Note: "(Kèm theo Báo cáo số      /BC-UBND)", Tables: []*figure.Table{t, wide}}, Draft: draft,
	}
}

var stamp = time.Date(2021, 1, 15, 0, 0, 0, 0, time.UTC)

func render(t *testing.T, d *document.Document) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Render(d, stamp, &buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// node is a parsed XML element.
type node struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Nodes   []node     `xml:",any"`
	Text    string     `xml:",chardata"`
}

func (n *node) attr(local string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// all is every element named local under n, in document order.
func (n *node) all(local string) []*node {
	var out []*node
	for i := range n.Nodes {
		c := &n.Nodes[i]
		if c.XMLName.Local == local {
			out = append(out, c)
		}
		out = append(out, c.all(local)...)
	}
	return out
}

func (n *node) text() string {
	var b strings.Builder
	for _, t := range n.all("t") {
		b.WriteString(t.Text)
	}
	return b.String()
}

// parts unzips a .docx into its parsed parts.
func parts(t *testing.T, data []byte) (map[string]*node, []*zip.File) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*node{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(rc)
		rc.Close()
		var n node
		if err := xml.Unmarshal(raw, &n); err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		out[f.Name] = &n
	}
	return out, zr.File
}

func mm(twips string) float64 {
	v, _ := strconv.Atoi(twips)
	return float64(v) * 25.4 / 1440
}

// TestPageAndStyles checks NĐ 30's page and type in Word's terms: A4,
// margins, Times New Roman 14 pt justified with its first-line indent and
// 6 pt after, first pages without a number, the appendix restarting.
func TestPageAndStyles(t *testing.T) {
	p, _ := parts(t, render(t, testDoc(5, false)))
	doc, styles := p["word/document.xml"], p["word/styles.xml"]
	secs := doc.all("sectPr")
	if len(secs) != 3 {
		t.Fatalf("%d sections, want body, appendix, landscape appendix", len(secs))
	}
	for i, s := range secs {
		sz, mar := s.all("pgSz")[0], s.all("pgMar")[0]
		w, h := mm(sz.attr("w")), mm(sz.attr("h"))
		land := sz.attr("orient") == "landscape"
		if land != (i == 2) {
			t.Errorf("section %d landscape %v", i+1, land)
		}
		if land {
			w, h = h, w
		}
		if w < 209.5 || w > 210.5 || h < 296.5 || h > 297.5 {
			t.Errorf("section %d: page %.1f × %.1f mm, want A4", i+1, w, h)
		}
		for _, c := range []struct {
			side     string
			min, max float64
		}{{"top", 20, 25}, {"bottom", 20, 25}, {"left", 30, 35}, {"right", 15, 20}} {
			if v := mm(mar.attr(c.side)); v < c.min-0.1 || v > c.max+0.1 {
				t.Errorf("section %d: %s margin %.1f mm, want %v–%v", i+1, c.side, v, c.min, c.max)
			}
		}
		restart := len(s.all("pgNumType")) > 0 && s.all("pgNumType")[0].attr("start") == "1"
		first := len(s.all("titlePg")) > 0
		if want := i < 2; restart != want || first != want {
			t.Errorf("section %d: restart %v, first page unnumbered %v; want %v", i+1, restart, first, want)
		}
	}
	fonts := styles.all("rFonts")[0]
	for _, a := range []string{"ascii", "hAnsi", "cs", "eastAsia"} {
		if fonts.attr(a) != "Times New Roman" {
			t.Errorf("default font %s = %q", a, fonts.attr(a))
		}
	}
	if sz := styles.all("rPrDefault")[0].all("sz")[0].attr("val"); sz != "28" {
		t.Errorf("body size %s half-points, want 28 (14 pt)", sz)
	}
	for _, st := range styles.all("style") {
		if st.attr("styleId") != "Normal" {
			continue
		}
		if jc := st.all("jc")[0].attr("val"); jc != "both" {
			t.Errorf("Normal aligned %q, want justified", jc)
		}
		if v := mm(st.all("ind")[0].attr("firstLine")); v < 10 || v > 12.8 {
			t.Errorf("first-line indent %.1f mm, want 1–1,27 cm", v)
		}
		if v := st.all("spacing")[0].attr("after"); v != "120" {
			t.Errorf("space after %s twips, want 120 (6 pt)", v)
		}
	}
	// tables: the header rows repeat; the header and signature are borderless
	tbls := doc.all("tbl")
	if len(tbls) != 4 {
		t.Fatalf("%d tables, want header, signature, two appendix tables", len(tbls))
	}
	for i, tb := range tbls {
		borders := tb.all("tblBorders")[0].all("top")[0].attr("val")
		repeated := len(tb.all("tblHeader"))
		if i < 2 && (borders != "nil" || repeated != 0) {
			t.Errorf("table %d: borders %q, %d header rows", i+1, borders, repeated)
		}
		if i >= 2 && (borders != "single" || repeated == 0) {
			t.Errorf("appendix table %d: borders %q, %d repeated header rows", i-1, borders, repeated)
		}
	}
	if len(tbls[2].all("gridSpan")) == 0 || len(tbls[2].all("vMerge")) == 0 {
		t.Error("grouped columns are not merged cells")
	}
	// the page number is a PAGE field in the default header, not the first
	if !strings.Contains(fmt.Sprint(p["word/header1.xml"].all("instrText")[0].Text), "PAGE") {
		t.Error("header1 has no PAGE field")
	}
	if len(p["word/header2.xml"].all("instrText")) != 0 {
		t.Error("the first-page header carries a field")
	}
	core := p["docProps/core.xml"]
	for _, c := range [][2]string{{"title", "BÁO CÁO Kết quả thực hiện"}, {"creator", "ỦY BAN NHÂN DÂN PHƯỜNG CỰ KHỐI"}, {"language", "vi-VN"}, {"created", "2021-01-15T00:00:00Z"}} {
		if got := core.all(c[0])[0].Text; !strings.HasPrefix(got, c[1]) {
			t.Errorf("core %s = %q", c[0], got)
		}
	}
	text := doc.text()
	for _, s := range []string{"Số:      /BC-UBND", "Kính gửi: Ủy ban nhân dân quận Long Biên.", "- Như trên;", "thẻ bảo hiểm y tế./.", "Tổng cộng", "123.456.789"} {
		if !strings.Contains(text, s) {
			t.Errorf("document lacks %q", s)
		}
	}
}

// TestReproducible: identical inputs, identical bytes; parts in name
// order with the document's date.
func TestReproducible(t *testing.T) {
	d := testDoc(5, true)
	a, b := render(t, d), render(t, d)
	if !bytes.Equal(a, b) {
		t.Error("two renderings differ")
	}
	_, files := parts(t, a)
	var names []string
	for _, f := range files {
		names = append(names, f.Name)
		if !f.Modified.Equal(stamp) {
			t.Errorf("%s dated %v", f.Name, f.Modified)
		}
	}
	if !slices.IsSorted(names) || names[0] != "[Content_Types].xml" {
		t.Errorf("parts out of order: %v", names)
	}
	p, _ := parts(t, a)
	if !strings.Contains(p["word/header1.xml"].text(), "DỰ THẢO") {
		t.Error("a draft's header lacks DỰ THẢO")
	}
}
