package xlsx

import (
	"archive/zip"
	"bufio"
	"compress/flate"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// writeListing writes a listing sheet as excelize's stream writer leaves
// it (dimension A1, no filter), or, with ref, as normalize must leave it.
func writeListing(w io.Writer, rows int, ref string) {
	bw := bufio.NewWriter(w)
	dim, filter := `<dimension ref="A1"></dimension>`, ""
	if ref != "" {
		dim, filter = `<dimension ref="`+ref+`"></dimension>`, `<autoFilter ref="`+ref+`"></autoFilter>`
	}
	fmt.Fprintf(bw, `<?xml version="1.0" encoding="UTF-8"?><worksheet>%s<sheetData>`, dim)
	fmt.Fprint(bw, `<row r="1"><c r="A1" t="inlineStr"><is><t>Họ và tên</t></is></c><c r="B1" t="inlineStr"><is><t>Số</t></is></c></row>`)
	for r := 2; r <= rows; r++ {
		fmt.Fprintf(bw, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>Nguyễn Văn &lt;%d&gt;</t></is></c><c r="B%d"><v>%d</v></c><c r="C%d"><v>1</v></c></row>`, r, r, r, r, r%97, r)
	}
	fmt.Fprintf(bw, `</sheetData>%s<pageMargins></pageMargins></worksheet>`, filter)
	bw.Flush()
}

// TestNormalizeStreams normalises a package with a 60 MB listing sheet:
// the sheet gets its used range and filter, the parts and content types
// their order, and the pass allocates a small fraction of the sheet's
// size (today it reads every part whole, several times over).
func TestNormalizeStreams(t *testing.T) {
	if testing.Short() {
		t.Skip("a 60 MB sheet")
	}
	const rows = 500_000
	dir := t.TempDir()
	src, dst := filepath.Join(dir, "in.xlsx"), filepath.Join(dir, "out.xlsx")
	in, err := os.Create(src)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(in)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	for _, p := range []struct{ name, body string }{
		{"xl/worksheets/sheet1.xml", ""},
		{"xl/styles.xml", "<styleSheet></styleSheet>"},
		{contentTypes, `<Types><Override PartName="/xl/worksheets/sheet1.xml" ContentType="s"></Override><Default Extension="xml" ContentType="x"></Default><Override PartName="/xl/styles.xml" ContentType="t"></Override></Types>`},
	} {
		w, err := zw.Create(p.name)
		if err != nil {
			t.Fatal(err)
		}
		if p.body == "" {
			writeListing(w, rows, "")
		} else {
			io.WriteString(w, p.body)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	in.Close()

	r, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	st, _ := r.Stat()
	out, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	if err := normalize(r, st.Size(), out, nil); err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	runtime.ReadMemStats(&after)
	out.Close()
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("normalised in %v, %d MB allocated", took, alloc>>20)
	if alloc > 24<<20 {
		t.Errorf("normalising allocated %d MB for a 60 MB sheet: not a stream", alloc>>20)
	}

	zr, err := zip.OpenReader(dst)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		h := sha256.New()
		if _, err := io.Copy(h, rc); err != nil {
			t.Fatal(err)
		}
		rc.Close()
		switch f.Name {
		case "xl/worksheets/sheet1.xml":
			want := sha256.New()
			writeListing(want, rows, fmt.Sprintf("A1:C%d", rows))
			if string(h.Sum(nil)) != string(want.Sum(nil)) {
				t.Errorf("the sheet is not the listing with its range and filter set")
			}
		case contentTypes:
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			if want := `<Types><Default Extension="xml" ContentType="x"></Default><Override PartName="/xl/styles.xml" ContentType="t"></Override><Override PartName="/xl/worksheets/sheet1.xml" ContentType="s"></Override></Types>`; string(b) != want {
				t.Errorf("content types = %s", b)
			}
		}
	}
	if got := strings.Join(names, " "); got != contentTypes+" xl/styles.xml xl/worksheets/sheet1.xml" {
		t.Errorf("parts in order %s", got)
	}
}

// TestReplacer replaces each pair once, in order, wherever the writes
// split the text.
func TestReplacer(t *testing.T) {
	text := "ab<dimension ref=\"A1\"></dimension>cd</sheetData>ef</sheetData>"
	want := "ab<D>cd</sheetData><F>ef</sheetData>"
	for size := 1; size <= len(text); size++ {
		var out strings.Builder
		r := &replacer{w: &out, pairs: [][2][]byte{{dimA1, []byte("<D>")}, {[]byte("</sheetData>"), []byte("</sheetData><F>")}}}
		for i := 0; i < len(text); i += size {
			r.Write([]byte(text[i:min(i+size, len(text))]))
		}
		if err := r.flush(); err != nil || out.String() != want {
			t.Errorf("writes of %d: %q, %v", size, out.String(), err)
		}
	}
}
