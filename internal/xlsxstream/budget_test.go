package xlsxstream

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"asxh/internal/sample"
)

// bigStrings returns a shared-strings part of about n bytes, each string
// different, so it compresses as real names do rather than as zeros.
func bigStrings(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, "<si><t>Nguyễn Văn %07d</t></si>", i)
	}
	b.WriteString("</sst>")
	return b.Bytes()
}

// TestBudget: a part that inflates past the budget is refused before it is
// held, quickly, whether it says so in its size or not.
func TestBudget(t *testing.T) {
	src := book(t)
	dir := t.TempDir()
	const budget = 4 << 20
	strs := filepath.Join(dir, "strings.xlsx")
	if err := sample.EditPart(src, strs, "xl/sharedStrings.xml", func([]byte) []byte { return bigStrings(3 * budget) }); err != nil {
		t.Fatal(err)
	}
	rows := filepath.Join(dir, "rows.xlsx")
	if err := sample.EditPart(src, rows, "xl/worksheets/sheet3.xml", func(b []byte) []byte {
		var x bytes.Buffer
		x.WriteString(ns + "<sheetData>")
		for n := 1; x.Len() < 2*budget; n++ {
			fmt.Fprintf(&x, `<row r="%d"><c r="A%d"><v>%d</v></c></row>`, n, n, n)
		}
		x.WriteString("</sheetData></worksheet>")
		return x.Bytes()
	}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{strs, rows} {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		start := time.Now()
		err := func() error {
			wb, err := Open(p, Options{Budget: budget, SheetBudget: budget})
			if err != nil {
				return err
			}
			defer wb.Close()
			r, err := wb.Sheet("DS")
			if err != nil {
				return err
			}
			defer r.Close()
			for {
				if _, err := r.Read(); err != nil {
					return err
				}
			}
		}()
		runtime.ReadMemStats(&after)
		if !errors.Is(err, ErrTooLarge) {
			t.Errorf("%s: %v, want ErrTooLarge", filepath.Base(p), err)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("%s: refused after %v", filepath.Base(p), d)
		}
		if grew := after.TotalAlloc - before.TotalAlloc; grew > 2*budget {
			t.Errorf("%s: %d MB allocated for a budget of %d MB", filepath.Base(p), grew>>20, budget>>20)
		}
	}
}

// TestSheetBudget: a worksheet is streamed, never held, so it is read to
// its end past the budget of the parts held whole (a register of a
// million rows inflates to some 550 MB), and stopped only past its own.
func TestSheetBudget(t *testing.T) {
	src := book(t)
	const budget = 1 << 20
	p := filepath.Join(t.TempDir(), "rows.xlsx")
	rows := 0
	if err := sample.EditPart(src, p, "xl/worksheets/sheet3.xml", func([]byte) []byte {
		var x bytes.Buffer
		x.WriteString(ns + "<sheetData>")
		for rows = 0; x.Len() < 4*budget; {
			rows++
			fmt.Fprintf(&x, `<row r="%d"><c r="A%d"><v>%d</v></c></row>`, rows, rows, rows)
		}
		x.WriteString("</sheetData></worksheet>")
		return x.Bytes()
	}); err != nil {
		t.Fatal(err)
	}
	read := func(opts Options) (int, error) {
		wb, err := Open(p, opts)
		if err != nil {
			return 0, err
		}
		defer wb.Close()
		r, err := wb.Sheet("DS")
		if err != nil {
			return 0, err
		}
		defer r.Close()
		n := 0
		for {
			if _, err := r.Read(); err == io.EOF {
				return n, nil
			} else if err != nil {
				return n, err
			}
			n++
		}
	}
	if n, err := read(Options{Budget: budget}); err != nil || n != rows {
		t.Errorf("sheet past the held parts' budget: %d of %d rows, %v", n, rows, err)
	}
	if _, err := read(Options{Budget: budget, SheetBudget: 2 * budget}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("sheet past its own budget: %v, want ErrTooLarge", err)
	}
}
