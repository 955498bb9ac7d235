package xlsx

import (
	"archive/zip"
	"bytes"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"asxh/pipeline/figure"
	"asxh/pipeline/finding"
	"asxh/pipeline/record"
)

// part is the uncompressed part name of the package data.
func part(t *testing.T, data []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == name {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			b, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
	}
	t.Fatalf("no part %s", name)
	return ""
}

// TestSharedStrings: the texts that repeat down Chi tiết's columns go to
// the shared string table, escaped, each once, a text excelize's table
// already holds reused; the table's counts cover its strings and the
// cells that refer to it; the identifying values stay in their cells; and
// the workbook reads back as written.
func TestSharedStrings(t *testing.T) {
	in := input()
	files := []string{"a<b>&\"c'.xlsx", " lề ", "Tổng tiền", "bad\xffbyte", "tab\there", "a<b>&\"c'.xlsx"}
	var refs []record.Ref
	for i, s := range files {
		refs = append(refs, record.Ref{Register: "bt", File: s, Sheet: "DS", Row: i + 2, ID: "BT" + strconv.Itoa(i)})
	}
	in.Figures.Figures[0].Sources = figure.RefsOf(refs...)
	f, book := opened(t, Render, in)
	rows, _ := f.GetRows("Chi tiết")
	for i, s := range files {
		r := rows[i+1]
		want := []string{"Tổng tiền", "k", "bt", strings.ToValidUTF8(s, "\uFFFD"), "DS", strconv.Itoa(i + 2), "BT" + strconv.Itoa(i)}
		if strings.Join(r, "|") != strings.Join(want, "|") {
			t.Errorf("row %d: %q, want %q", i+2, r, want)
		}
	}

	sst := part(t, book, sharedPart)
	m := regexp.MustCompile(`count="(\d+)" uniqueCount="(\d+)"`).FindStringSubmatch(sst)
	if m == nil {
		t.Fatalf("table without counts: %.200s", sst)
	}
	if n := strings.Count(sst, "<si>"); strconv.Itoa(n) != m[2] {
		t.Errorf("uniqueCount %s, the table holds %d", m[2], n)
	}
	if n := strings.Count(sst, "<si><t>Tổng tiền</t></si>"); n != 1 {
		t.Errorf("Tổng tiền is %d times in the table, want once (reused)", n)
	}
	if n := strings.Count(sst, "<si><t>a&lt;b&gt;&amp;"); n != 1 {
		t.Errorf("a<b>&… is %d times in the table, want once, escaped", n)
	}
	// the count is excelize's (its own cells: the same workbook with empty
	// listings), raised by the listings' cells, unstyled unlike their
	// headers, which excelize wrote
	listed := 0
	for _, sh := range []string{"Chi tiết", "Kiểm tra dữ liệu"} {
		i, _ := f.GetSheetIndex(sh)
		listed += len(regexp.MustCompile(`<c(?: r="[A-Z]+[0-9]+")? t="s">`).FindAllString(part(t, book, "xl/worksheets/sheet"+strconv.Itoa(i+1)+".xml"), -1))
	}
	empty := input()
	empty.Figures.Figures[0].Sources, empty.Findings = figure.RefsOf(), nil
	var eb bytes.Buffer
	if err := Render(empty, &eb); err != nil {
		t.Fatal(err)
	}
	own := regexp.MustCompile(`count="(\d+)"`).FindStringSubmatch(part(t, eb.Bytes(), sharedPart))[1]
	if count, _ := strconv.Atoi(m[1]); listed < 5*len(files) || strconv.Itoa(count-listed) != own {
		t.Errorf("count %s, with %d cells of the listings that refer to the table and excelize's %s", m[1], listed, own)
	}
	sheet, _ := f.GetSheetIndex("Chi tiết")
	details := part(t, book, "xl/worksheets/sheet"+strconv.Itoa(sheet+1)+".xml")
	if n := strings.Count(details, "inlineStr"); n != len(files) {
		t.Errorf("Chi tiết has %d inline texts, want the %d identifying values alone", n, len(files))
	}
}

// TestSharedStringsNotExcelizes: a table not as excelize writes it is
// left alone, and the listings write their texts in their cells.
func TestSharedStringsNotExcelizes(t *testing.T) {
	for _, body := range []string{
		`<?xml version="1.0"?><sst uniqueCount="1" count="1" xmlns="x"><si><t>a</t></si></sst>`, // counts in another order
		`<?xml version="1.0"?><sst xmlns="x" count="1" uniqueCount="2"><si><t>a</t></si></sst>`, // uniqueCount wrong
		`<?xml version="1.0"?><sst xmlns="x" count="1" uniqueCount="1"><si><t>a</t></si>`,       // unended
	} {
		var z bytes.Buffer
		zw := zip.NewWriter(&z)
		w, _ := zw.Create(sharedPart)
		w.Write([]byte(body))
		zw.Close()
		zr, _ := zip.NewReader(bytes.NewReader(z.Bytes()), int64(z.Len()))
		s, err := readShared(zr.File[0])
		if err != nil || s != nil {
			t.Errorf("%s: read as %v, %v", body, s, err)
		}
	}
}

// TestCellsAfterBlank: a listing's cells go without their reference, but
// for a cell after a blank one, which readers would otherwise put in the
// blank's column.
func TestCellsAfterBlank(t *testing.T) {
	in := input()
	in.Findings = finding.List{{Code: finding.TypeError, Level: finding.Error, Register: "bt", File: "bt.xlsx", Value: "ba", Message: "sai"}}
	f, book := opened(t, Render, in)
	for cell, want := range map[string]string{"D2": "bt.xlsx", "E2": "", "F2": "", "G2": "", "H2": "ba", "J2": "sai"} {
		if got, _ := f.GetCellValue("Kiểm tra dữ liệu", cell); got != want {
			t.Errorf("Kiểm tra dữ liệu!%s = %q, want %q", cell, got, want)
		}
	}
	i, _ := f.GetSheetIndex("Kiểm tra dữ liệu")
	sheet := part(t, book, "xl/worksheets/sheet"+strconv.Itoa(i+1)+".xml")
	row := sheet[strings.Index(sheet, `<row r="2"`):]
	row = row[:strings.Index(row, "</row>")]
	refs := regexp.MustCompile(` r="([A-Z]*[0-9]+)"`).FindAllStringSubmatch(row, -1)
	var got []string
	for _, r := range refs {
		got = append(got, r[1])
	}
	if strings.Join(got, " ") != "2 H2 J2 L2" { // the row's, and each cell's after a blank
		t.Errorf("row 2's references %q, want the row's and H2, J2, L2's: %s", got, row)
	}
}
