package main

import (
	"archive/zip"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// docxText is the Word report's document.xml as text, one paragraph a
// line with its style, a table row a line with its cells between bars,
// and the section breaks with their page setup: what the golden file keeps.
func docxText(t *testing.T, path string) string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var raw []byte
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			raw, _ = io.ReadAll(rc)
			rc.Close()
		}
	}
	dec := xml.NewDecoder(strings.NewReader(string(raw)))
	var out, row, para []string
	var style, text string
	var inText bool
	depth := 0 // of tables
	attr := func(e xml.StartElement, local string) string {
		for _, a := range e.Attr {
			if a.Name.Local == local {
				return a.Value
			}
		}
		return ""
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			switch e.Name.Local {
			case "tbl":
				depth++
			case "p":
				style, text = "", ""
			case "pStyle":
				style = attr(e, "val")
			case "t":
				inText = true
			case "br":
				text += " / "
			case "tblHeader":
				row = append(row, "(lặp)")
			case "pgSz":
				out = append(out, "--- "+attr(e, "w")+"x"+attr(e, "h")+" "+attr(e, "orient"))
			case "pgNumType":
				out = append(out, "--- từ trang "+attr(e, "start"))
			case "titlePg":
				out = append(out, "--- trang đầu không số")
			}
		case xml.CharData:
			if inText {
				text += string(e)
			}
		case xml.EndElement:
			switch e.Name.Local {
			case "t":
				inText = false
			case "p":
				if depth > 0 {
					para = append(para, text)
				} else if text != "" {
					out = append(out, "["+style+"] "+text)
				}
			case "tc":
				row = append(row, strings.Join(para, " / "))
				para = nil
			case "tr":
				out = append(out, "| "+strings.Join(row, " | ")+" |")
				row = nil
			case "tbl":
				depth--
			}
		}
	}
	return strings.Join(out, "\n") + "\n"
}

// noPageNumbers drops the lines that are only a page number, which
// pdftotext puts in the middle of a sentence running over a page.
func noPageNumbers(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" && strings.Trim(l, "0123456789") == "" && len(l) < 4 {
			continue
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// TestWordReport: the .docx is published with the PDF, byte for byte the
// same on a second run, in the manifest, and its text is the golden text.
func TestWordReport(t *testing.T) {
	out := t.TempDir()
	if code, stderr := asxh(t, "run", "--out", out); code != 0 {
		t.Fatalf("asxh run: exit %d\n%s", code, stderr)
	}
	path := filepath.Join(out, "2020", "bao-cao-an-sinh-xa-hoi-2020.docx")
	text := docxText(t, path)
	golden(t, "testdata/bao-cao-an-sinh-xa-hoi-2020.docx.txt", text)
	for _, s := range []string{"Kính gửi: Ủy ban nhân dân quận Long Biên.", "- Như trên;", "Số:       /BC-UBND", "số       /BC-UBND", "./."} {
		if !strings.Contains(text, s) {
			t.Errorf("the Word report lacks %q", s)
		}
	}
	manifest, err := os.ReadFile(filepath.Join(out, "2020", "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(manifest), `"bao-cao-an-sinh-xa-hoi-2020.docx"`) {
		t.Error("the manifest does not list the Word report")
	}
	before := sum(t, path)
	if code, stderr := asxh(t, "run", "--force", "--out", out); code != 0 {
		t.Fatalf("second run: exit %d\n%s", code, stderr)
	}
	if sum(t, path) != before {
		t.Error("a second run on the same inputs changed the Word report")
	}
}

// TestLibreOfficeReadsWordReport opens the .docx as a user would:
// LibreOffice converts it to PDF, and that PDF says every figure the
// report says, on A4 pages.
func TestLibreOfficeReadsWordReport(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Fatal("soffice is needed to open the Word report: apt-get install -y libreoffice-writer-nogui")
	}
	out := t.TempDir()
	if code, stderr := asxh(t, "run", "--out", out); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	doc := filepath.Join(out, "2020", "bao-cao-an-sinh-xa-hoi-2020.docx")
	conv := t.TempDir()
	cmd := exec.Command(soffice, "-env:UserInstallation=file://"+filepath.Join(conv, "profile"), "--headless",
		"--convert-to", "pdf", "--outdir", conv, doc)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	pdf := filepath.Join(conv, "bao-cao-an-sinh-xa-hoi-2020.pdf")
	text := flat(noPageNumbers(pdfText(t, pdf, false)))
	for _, s := range sentences {
		if !strings.Contains(text, s) {
			t.Errorf("LibreOffice's rendering of the Word report does not say %q", s)
		}
	}
	for _, s := range []string{"ỦY BAN NHÂN DÂN PHƯỜNG CỰ KHỐI", "Kính gửi: Ủy ban nhân dân quận Long Biên.", "Nơi nhận:", "- Như trên;",
		"Nguyễn Đức Thành", "PHỤ LỤC", "200.798.000", "94.850.000", "Tổng cộng 40 28 16 10 5 2 0 1 102"} {
		if !strings.Contains(text, s) && !strings.Contains(flat(pdfText(t, pdf, true)), s) {
			t.Errorf("LibreOffice's rendering lacks %q", s)
		}
	}
	info, err := exec.Command("pdfinfo", pdf).Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(info), "(A4)") {
		t.Errorf("pages not A4:\n%s", info)
	}
}

// TestWordDraft: a draft over errors publishes "-du-thao.docx" marked
// DỰ THẢO beside the final Word report, which it leaves alone; the draft
// goes once the data is clean.
func TestWordDraft(t *testing.T) {
	in, out := copyData(t), t.TempDir()
	if code, _ := asxh(t, "run", "--input", in, "--out", out); code != 0 {
		t.Fatal("clean run failed")
	}
	dir := filepath.Join(out, "2020")
	final := filepath.Join(dir, "bao-cao-an-sinh-xa-hoi-2020.docx")
	before := sum(t, final)
	f, err := excelize.OpenFile(filepath.Join(in, "ho-ngheo.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	orig, _ := f.GetCellValue("DS", "E6")
	f.SetCellValue("DS", "E6", "ba")
	f.Save()
	f.Close()
	if code, stderr := asxh(t, "run", "--input", in, "--out", out, "--draft"); code != 1 {
		t.Fatalf("draft over errors: exit %d, want 1\n%s", code, stderr)
	}
	if sum(t, final) != before {
		t.Error("the draft replaced the final Word report")
	}
	draft := filepath.Join(dir, "bao-cao-an-sinh-xa-hoi-2020-du-thao.docx")
	zr, err := zip.OpenReader(draft)
	if err != nil {
		t.Fatal(err)
	}
	marked := false
	var doc, core string
	for _, p := range zr.File {
		rc, _ := p.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		switch {
		case strings.HasPrefix(p.Name, "word/header"):
			marked = marked || strings.Contains(string(b), "DỰ THẢO")
		case p.Name == "word/document.xml":
			doc = string(b)
		case p.Name == "docProps/core.xml":
			core = string(b)
		}
	}
	zr.Close()
	if !marked {
		t.Error("the draft Word report is not marked DỰ THẢO")
	}
	// the same marks as the PDF's: the title, "*" on the figures over the
	// register with errors, and the note why
	if !strings.Contains(core, "<dc:title>DỰ THẢO - BÁO CÁO") {
		t.Errorf("the draft Word report's title: %s", core)
	}
	if n := strings.Count(doc, "(*) Số liệu chưa đầy đủ: sổ “Danh sách hộ nghèo, hộ cận nghèo” còn 1 lỗi"); n < 3 {
		t.Errorf("the note is in the draft Word report %d times, want under the text and each table over the register", n)
	}
	if !regexp.MustCompile(`toàn phường có \d+\* hộ nghèo`).MatchString(doc) {
		t.Error("the draft Word report does not mark the figures over the register with errors")
	}
	f, _ = excelize.OpenFile(filepath.Join(in, "ho-ngheo.xlsx"))
	f.SetCellValue("DS", "E6", orig)
	f.Save()
	f.Close()
	if code, _ := asxh(t, "run", "--input", in, "--out", out); code != 0 {
		t.Fatal("clean run failed")
	}
	if _, err := os.Stat(draft); !os.IsNotExist(err) {
		t.Error("the draft Word report stayed after a clean run")
	}
}
