package xlsxstream

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"testing"
)

// xmlRows counts the rows inside <sheetData> as encoding/xml reads the
// document; ok is false when encoding/xml finds it malformed.
func xmlRows(data []byte) (n int, ok bool) {
	d := xml.NewDecoder(bytes.NewReader(data))
	inData, closed := false, false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return n, closed
		}
		if err != nil {
			return 0, false
		}
		switch e := tok.(type) {
		case xml.StartElement:
			if e.Name.Local == "sheetData" && !closed {
				inData = true
			} else if e.Name.Local == "row" && inData {
				n++
			}
		case xml.EndElement:
			if e.Name.Local == "sheetData" && inData {
				inData, closed = false, true
			}
		}
	}
}

// seedSheets adds the sample registers' sheets to a fuzz corpus.
func seedSheets(f *testing.F, part string) {
	books, _ := filepath.Glob("../../data/*.xlsx")
	for _, b := range books {
		zr, err := zip.OpenReader(b)
		if err != nil {
			f.Fatal(err)
		}
		for _, zf := range zr.File {
			if zf.Name == part {
				rc, _ := zf.Open()
				data, _ := io.ReadAll(rc)
				rc.Close()
				if len(data) > 8000 { // keep the seeds small: the fuzzer mutates faster
					i := bytes.Index(data[8000:], []byte("</row>")) + 8000 + len("</row>")
					data = append(data[:i:i], []byte("</sheetData><mergeCells><mergeCell ref=\"A1:K1\"/></mergeCells></worksheet>")...)
				}
				f.Add(data)
			}
		}
		zr.Close()
	}
}

// FuzzSheet feeds raw worksheet XML to the tokenizer: rows or an error,
// never a panic, rows in order, and no row lost without an error — when
// the reader ends cleanly it has yielded every <row> that encoding/xml
// finds in the sheet data.
func FuzzSheet(f *testing.F) {
	seedSheets(f, "xl/worksheets/sheet1.xml")
	f.Add([]byte(ns + `<sheetData><row r="1"><c r="A1" t="b"><v>1</v></c><c t="e"><v>#N/A</v></c><c><f>1</f></c></row><row/></sheetData></worksheet>`))
	f.Add([]byte(ns + `<sheetData><row r="1"><c r="A1" t="inlineStr"><is><r><t>a</t></r><rPh><t>x</t></rPh></is></c></row><!-- <row> --></sheetData></worksheet>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r := NewReader(bytes.NewReader(data), []string{"a", "b"})
		defer r.Close()
		var rows []Row
		var err error
		for {
			var row Row
			if row, err = r.Read(); err != nil {
				break
			}
			if len(rows) > 0 && row.Num <= rows[len(rows)-1].Num || row.Num < 1 || row.Num > MaxRows {
				t.Fatalf("row %d after %d", row.Num, len(rows))
			}
			rows = append(rows, row)
		}
		if err != io.EOF {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %T %v, want a *ParseError", err, err)
			}
			return
		}
		if n, ok := xmlRows(data); ok && n != len(rows) && !strings.Contains(string(data), "<!") {
			t.Fatalf("%d rows read without an error, encoding/xml finds %d", len(rows), n)
		}
	})
}

// FuzzMerges: the merged-range search never panics and yields only
// well-formed ranges.
func FuzzMerges(f *testing.F) {
	seedSheets(f, "xl/worksheets/sheet1.xml")
	f.Add([]byte(`<x:mergeCells><x:mergeCell ref="A3:B9"/><mergeCell ref='C1'/></x:mergeCells><t>mergeCell</t>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		rs, err := scanMerges(bytes.NewReader(data))
		if err != nil {
			return
		}
		for _, r := range rs {
			if r.Col1 < 1 || r.Row1 < 1 || r.Col2 < r.Col1 || r.Row2 < r.Row1 || r.Row2 > MaxRows {
				t.Fatalf("range %+v", r)
			}
		}
	})
}
