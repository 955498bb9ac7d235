package xlsxstream

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
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

// chunky hands out its bytes in reads of varying length, so that tags and
// values fall across the reader's buffer boundaries.
type chunky struct {
	data []byte
	n    int
}

func (c *chunky) Read(p []byte) (int, error) {
	if len(c.data) == 0 {
		return 0, io.EOF
	}
	c.n = (c.n*7 + 3) % 61
	k := min(len(p), len(c.data), 1+c.n)
	copy(p, c.data[:k])
	c.data = c.data[k:]
	return k, nil
}

// readBoth reads sheet XML with the fast paths (whole, and in odd chunks)
// and without them; every way must give the same rows and the same error.
func readBoth(t *testing.T, data []byte, shared []string) {
	t.Helper()
	read := func(src io.Reader, slow bool) ([]Row, string) {
		r := NewReader(src, shared)
		r.sc.slow = slow
		defer r.Close()
		var rows []Row
		for {
			row, err := r.Read()
			if err == io.EOF {
				return rows, ""
			}
			if err != nil {
				return rows, err.Error()
			}
			rows = append(rows, row)
		}
	}
	want, wantErr := read(bytes.NewReader(data), true)
	for _, src := range []io.Reader{bytes.NewReader(data), &chunky{data: data}} {
		got, gotErr := read(src, false)
		if gotErr != wantErr {
			t.Fatalf("error %q, without the fast paths %q", gotErr, wantErr)
		}
		if len(got) != len(want) {
			t.Fatalf("%d rows, without the fast paths %d", len(got), len(want))
		}
		for i := range got {
			if !sameRow(got[i], want[i]) {
				t.Fatalf("row %d:\n%+v\nwithout the fast paths:\n%+v", i, got[i], want[i])
			}
		}
	}
}

// sameRow compares rows as their users see them: nil and empty slices
// alike, capacities aside.
func sameRow(a, b Row) bool {
	return a.Num == b.Num && slices.Equal(a.Cells, b.Cells) && slices.Equal(a.Styles, b.Styles) && slices.Equal(a.Kinds, b.Kinds)
}

// TestFastValueMatches: the hand-written paths (tags, text, a cell's
// value) read every sample sheet and every odd cell as the general
// tokenizer does.
func TestFastValueMatches(t *testing.T) {
	books, _ := filepath.Glob("../../data/*.xlsx")
	for _, b := range books {
		zr, err := zip.OpenReader(b)
		if err != nil {
			t.Fatal(err)
		}
		for _, zf := range zr.File {
			if strings.HasPrefix(zf.Name, "xl/worksheets/") {
				rc, _ := zf.Open()
				data, _ := io.ReadAll(rc)
				rc.Close()
				t.Run(filepath.Base(b)+"/"+zf.Name, func(t *testing.T) { readBoth(t, data, []string{"a", "b"}) })
			}
		}
		zr.Close()
	}
	for i, sheet := range oddCells {
		t.Run(fmt.Sprint(i), func(t *testing.T) { readBoth(t, []byte(sheet), []string{"a", " b ", ""}) })
	}
}

// oddCells are cells near the fast paths' edges.
var oddCells = []string{
	ns + `<sheetData><row r="1"><c r="A1" t="s"><v>1</v></c><c t="s"><v> 0 </v></c><c t="s"><v></v></c><c t="s"><v>9</v></c></row></sheetData></worksheet>`,
	ns + `<sheetData><row r="1"><c r="A1" t="s"><v>x</v></c></row></sheetData></worksheet>`,
	ns + `<sheetData><row r="1"><c t="s"><v>2</v></c><c t="s"><v>-1</v></c></row></sheetData></worksheet>`,
	ns + `<sheetData><row r="1"><c><v>1&amp;2</v></c><c t="inlineStr"><is><t>a&lt;b</t></is></c><c t="inlineStr"><is><t>x_x000D_y</t></is></c></row></sheetData></worksheet>`,
	ns + `<sheetData><row r="1"><c t="inlineStr"><is><t></t></is></c><c t="inlineStr"><v>7</v></c><c><is><t>z</t></is></c><c t="b"><v>1</v></c><c t="e"><v>#N/A</v></c></row></sheetData></worksheet>`,
	ns + `<sheetData><row r="1"><c t="inlineStr"><is><t xml:space="preserve"> a </t></is></c><c><v>1</v><f>A1</f></c><c><f>1</f><v>2</v></c><c><f>1</f></c></row></sheetData></worksheet>`,
	ns + `<sheetData><row r="&#50;"><c r="B2" s="3"><v>5</v></c><c r="D2" s="0"><v>   </v></c></row><row r='4'><c r="C4"><v>6</v></c ></row><row><c><v>7</v></c></row></sheetData></worksheet>`,
	ns + `<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="A1"><v>2</v></c></row></sheetData></worksheet>`,
	ns + `<sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="1"></row></sheetData></worksheet>`,
	ns + `<sheetData><row r="1"><c r="A1"><v>1</v></c><!-- <c><v>3</v></c> --><?pi x?><c><v>4</v></c></row></sheetData>`,
	ns + `<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v>`,
	ns + `<sheetData><row r="1"><x:c r="A1"><x:v>1</x:v></x:c><c r="B1" t="s"><v>0</v></c ></row></sheetData></worksheet>`,
}

// FuzzFastMatchesSlow: whatever the bytes, the fast paths read them as the
// general tokenizer does, in one piece and in odd chunks.
func FuzzFastMatchesSlow(f *testing.F) {
	seedSheets(f, "xl/worksheets/sheet1.xml")
	for _, s := range oddCells {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		readBoth(t, data, []string{"a", " b ", ""})
	})
}
