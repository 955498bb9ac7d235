package pdf

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
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
	body := strings.Repeat("Đoạn văn bản có dấu tiếng Việt: người có công, hộ cận nghèo, thẻ bảo hiểm y tế. ", 12)
	return &document.Document{
		Issuer: []string{"ỦY BAN NHÂN DÂN", "PHƯỜNG CỰ KHỐI"}, National: []string{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"},
		NumberLine: "Số:      /BC-UBND", PlaceDate: "Cự Khối, ngày 15 tháng 01 năm 2021", Kind: "BÁO CÁO", Subject: "Kết quả thực hiện",
		Body:   []document.Block{{Kind: document.Heading1, Text: "I. KẾT QUẢ"}, {Kind: document.Paragraph, Text: body}, {Kind: document.Paragraph, Text: body}},
		Signer: config.Signer{Authority: "TM. ỦY BAN NHÂN DÂN", Title: "CHỦ TỊCH", Name: "Nguyễn Văn A"}, Recipients: []string{"Như trên;", "Lưu: VT."},
		Appendix: document.Appendix{Title: "PHỤ LỤC", Tables: []*figure.Table{t}}, Draft: draft,
	}
}

func render(t *testing.T, d *document.Document) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Render(d, time.Date(2021, 1, 15, 0, 0, 0, 0, time.UTC), &buf); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "r.pdf")
	os.WriteFile(path, buf.Bytes(), 0o644)
	return path
}

func pdftotext(t *testing.T, args ...string) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatal("pdftotext is needed: apt-get install -y poppler-utils")
	}
	out, err := exec.Command("pdftotext", args...).Output()
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// bbox is pdftotext -bbox output: pages of words with their boxes in points.
type bbox struct {
	Pages []struct {
		Width  float64 `xml:"width,attr"`
		Height float64 `xml:"height,attr"`
		Words  []struct {
			XMin float64 `xml:"xMin,attr"`
			YMin float64 `xml:"yMin,attr"`
			XMax float64 `xml:"xMax,attr"`
			YMax float64 `xml:"yMax,attr"`
			Text string  `xml:",chardata"`
		} `xml:"word"`
	} `xml:"body>doc>page"`
}

const pt = 72 / 25.4 // points per millimetre

func TestLayout(t *testing.T) {
	path := render(t, testDoc(90, false))
	var b bbox
	raw := pdftotext(t, "-bbox", path, "-")
	if err := xml.Unmarshal([]byte(strings.Replace(raw, "<!DOCTYPE", "<!--", 1)), &b); err != nil {
		// the XHTML header is not XML; parse from <body>
		i := strings.Index(raw, "<body>")
		if err := xml.Unmarshal([]byte("<html>"+raw[i:]), &b); err != nil {
			t.Fatal(err)
		}
	}
	if len(b.Pages) < 3 {
		t.Fatalf("%d pages, want the table to span pages", len(b.Pages))
	}
	// the appendix is numbered on its own: its first page without a
	// number, the next "2"
	appendix := -1
	for i, p := range b.Pages {
		for _, w := range p.Words {
			if w.Text == "PHỤ" && appendix < 0 {
				appendix = i
			}
		}
	}
	if appendix < 1 || appendix > len(b.Pages)-2 {
		t.Fatalf("appendix starts on page %d of %d", appendix+1, len(b.Pages))
	}
	numbered := map[int]bool{}
	headers := 0
	for i, p := range b.Pages {
		want := fmt.Sprint(i + 1)
		if i >= appendix {
			want = fmt.Sprint(i - appendix + 1)
		}
		for _, w := range p.Words {
			if w.YMin < 20*pt-1 { // in the top margin: only the page number
				if i == 0 || i == appendix || w.Text != want {
					t.Errorf("page %d: %q in the top margin, want %q", i+1, w.Text, want)
				}
				numbered[i] = true
				if mid := (w.XMin + w.XMax) / 2; mid < (30+82.5)*pt-3 || mid > (30+82.5)*pt+3 {
					t.Errorf("page number %q not centred on the text width: %.1f", w.Text, mid/pt)
				}
				continue
			}
			if w.XMin < 30*pt-0.5 || w.XMax > (210-15)*pt+0.5 || w.YMax > (297-20)*pt+0.5 {
				t.Errorf("page %d: %q outside the margins (%.1f–%.1f mm, bottom %.1f mm)", i+1, w.Text, w.XMin/pt, w.XMax/pt, w.YMax/pt)
			}
			if w.Text == "TT" {
				headers++
			}
		}
	}
	for i := range b.Pages {
		if want := i != 0 && i != appendix; numbered[i] != want {
			t.Errorf("page %d numbered %v, want %v", i+1, numbered[i], want)
		}
	}
	if headers < 2 {
		t.Errorf("table header drawn %d times, want it repeated on every page the table spans", headers)
	}
}

func TestTextAndDeterminism(t *testing.T) {
	d := testDoc(3, false)
	a, b := render(t, d), render(t, d)
	da, _ := os.ReadFile(a)
	db, _ := os.ReadFile(b)
	if !bytes.Equal(da, db) {
		t.Error("two renderings of one document differ")
	}
	text := strings.Join(strings.Fields(pdftotext(t, a, "-")), " ")
	for _, s := range []string{"ỦY BAN NHÂN DÂN PHƯỜNG CỰ KHỐI", "Cự Khối, ngày 15 tháng 01 năm 2021", "thẻ bảo hiểm y tế./.", "Nơi nhận:", "- Lưu: VT.", "Nguyễn Văn A", "Tổng cộng"} {
		if !strings.Contains(text, s) {
			t.Errorf("PDF text lacks %q", s)
		}
	}
	if strings.Contains(text, "DỰ THẢO") {
		t.Error("a final report carries the draft watermark")
	}
	// pdftotext breaks the rotated word into letters: read each page in
	// content-stream order and compare without white space.
	draft := render(t, testDoc(3, true))
	pages := strings.Count(pdftotext(t, draft, "-"), "\f")
	for i := 1; i <= pages; i++ {
		page := strings.Join(strings.Fields(pdftotext(t, "-raw", "-f", fmt.Sprint(i), "-l", fmt.Sprint(i), draft, "-")), "")
		if !strings.Contains(page, "DỰTHẢO") {
			t.Errorf("draft page %d of %d has no DỰ THẢO", i, pages)
		}
	}
	if pages < 2 {
		t.Errorf("draft has %d pages", pages)
	}
}

func BenchmarkRender(b *testing.B) {
	d := testDoc(200, false)
	for b.Loop() {
		var buf bytes.Buffer
		if err := Render(d, time.Time{}, &buf); err != nil {
			b.Fatal(err)
		}
	}
}

// TestMetadata: PDF 1.4 or later (NĐ 30, Phụ lục I, Phần II) with XMP
// metadata of the title, the issuing body, vi-VN and the document's date.
func TestMetadata(t *testing.T) {
	data, err := os.ReadFile(render(t, testDoc(3, false)))
	if err != nil {
		t.Fatal(err)
	}
	if v := string(data[:8]); !strings.HasPrefix(v, "%PDF-1.") || v < "%PDF-1.4" {
		t.Errorf("version %q, want 1.4 or later", v)
	}
	for _, s := range []string{"/Type /Metadata", "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">BÁO CÁO Kết quả thực hiện</rdf:li>",
		"<dc:creator><rdf:Seq><rdf:li>ỦY BAN NHÂN DÂN PHƯỜNG CỰ KHỐI</rdf:li>", "<rdf:li>vi-VN</rdf:li>", "<xmp:CreateDate>2021-01-15T00:00:00Z</xmp:CreateDate>", "/Lang (vi-VN)"} {
		if !bytes.Contains(data, []byte(s)) {
			t.Errorf("PDF lacks %q", s)
		}
	}
}

// TestHeadingNotLast moves a heading down the page a line at a time: on
// no page is it the last line.
func TestHeadingNotLast(t *testing.T) {
	const heading = "II. PHƯƠNG HƯỚNG, NHIỆM VỤ"
	for n := 20; n < 34; n++ {
		d := testDoc(0, false)
		d.Appendix.Tables = nil
		d.Body = nil
		for range n {
			d.Body = append(d.Body, document.Block{Kind: document.Paragraph, Text: "Một dòng ngắn."})
		}
		d.Body = append(d.Body, document.Block{Kind: document.Heading1, Text: heading},
			document.Block{Kind: document.Paragraph, Text: strings.Repeat("Đoạn văn sau đề mục, đủ dài để sang nhiều dòng. ", 8)},
			document.Block{Kind: document.Paragraph, Text: "Kết thúc."})
		path := render(t, d)
		for i, page := range strings.Split(pdftotext(t, path, "-"), "\f") {
			ls := strings.FieldsFunc(page, func(r rune) bool { return r == '\n' })
			if len(ls) > 0 && strings.TrimSpace(ls[len(ls)-1]) == heading {
				t.Errorf("%d paragraphs before: the heading ends page %d", n, i+1)
			}
		}
	}
}

// TestTitleBalanced: the subject breaks at a phrase, never inside a word
// of two syllables.
func TestTitleBalanced(t *testing.T) {
	d := testDoc(0, false)
	d.Subject = "Kết quả thực hiện công tác an sinh xã hội năm 2020 và phương hướng, nhiệm vụ năm 2021"
	text := pdftotext(t, render(t, d), "-")
	if !strings.Contains(text, "Kết quả thực hiện công tác an sinh xã hội năm 2020\nvà phương hướng, nhiệm vụ năm 2021") {
		t.Errorf("title not broken before \"và\":\n%s", text[:min(len(text), 600)])
	}
}

// wideTable is too wide for a portrait page: sixteen money columns.
func wideTable() *figure.Table {
	t := &figure.Table{Key: "w", Title: "Biểu 10: Bảng rộng", Kind: "grid", RowHeader: "Phường"}
	var cells []figure.Cell
	for i := range 16 {
		t.Columns = append(t.Columns, figure.Column{Key: fmt.Sprint(i), Header: fmt.Sprintf("Cột số %d", i+1), Format: config.FormatMoney})
		cells = append(cells, figure.Cell{Value: 123456789, Format: config.FormatMoney})
	}
	for i := range 40 {
		t.Rows = append(t.Rows, figure.Row{Label: fmt.Sprintf("Phường %d", i+1), Cells: cells})
	}
	return t
}

// readBoxes is pdftotext -bbox of the PDF at path.
func readBoxes(t *testing.T, path string) bbox {
	t.Helper()
	var b bbox
	raw := pdftotext(t, "-bbox", path, "-")
	i := strings.Index(raw, "<body>")
	if err := xml.Unmarshal([]byte("<html>"+raw[i:]), &b); err != nil {
		t.Fatal(err)
	}
	return b
}

// TestWideTableLandscape: a table the portrait page would squeeze goes
// on landscape pages, header repeated, inside the margins; the next
// table is portrait again.
func TestWideTableLandscape(t *testing.T) {
	d := testDoc(3, false)
	narrow := d.Appendix.Tables[0]
	d.Appendix.Tables = []*figure.Table{narrow, wideTable(), narrow}
	b := readBoxes(t, render(t, d))
	var orient []bool
	landHeaders := 0
	for i, p := range b.Pages {
		land := p.Width > p.Height
		orient = append(orient, land)
		for _, w := range p.Words {
			if w.YMin < 20*pt-1 {
				continue // the page number
			}
			if w.XMin < 30*pt-0.5 || w.XMax > p.Width-15*pt+0.5 || w.YMax > p.Height-20*pt+0.5 {
				t.Errorf("page %d: %q outside the margins", i+1, w.Text)
			}
			if land && w.Text == "TT" {
				landHeaders++
			}
		}
	}
	n := len(orient)
	if n < 5 || orient[0] || !orient[n-2] || orient[n-1] {
		t.Errorf("orientations %v: want portrait body, landscape wide table, portrait last table", orient)
	}
	if landHeaders < 2 {
		t.Errorf("the wide table's header is on %d landscape pages, want it repeated", landHeaders)
	}
}
