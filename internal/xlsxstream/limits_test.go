package xlsxstream

import (
	"bytes"
	"errors"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestExcelLimits: a cell longer than Excel's 32,767 characters, a row
// past column XFD (with or without r) and a tag that never ends are
// refused as a *ParseError that says where, early — without holding the
// long text first (a 1.5 GB cell in an 11 MB file took 93 s and 4.8 GB).
// What is just within Excel's limits is read whole.
func TestExcelLimits(t *testing.T) {
	const long = 8 << 20 // far past the limits, small enough for a test
	row := func(cells string) string {
		return ns + `<sheetData><row r="1">` + cells + `</row></sheetData></worksheet>`
	}
	rich := strings.Repeat("<r><t>"+strings.Repeat("x", 1000)+"</t></r>", long/1000)
	withR := func(n int) string {
		var b strings.Builder
		for c := 1; c <= n; c++ {
			b.WriteString(`<c r="`)
			b.WriteString(colName(c))
			b.WriteString(`1"><v>1</v></c>`)
		}
		return b.String()
	}
	tests := []struct {
		name     string
		xml      string
		want     error // nil: read to the end
		col      int   // where, when refused
		lastCell string
	}{
		{"inline string", row(`<c r="B1" t="inlineStr"><is><t>` + strings.Repeat("x", long) + `</t></is></c>`), ErrCellTooLong, 2, ""},
		{"inline string with entities", row(`<c r="B1" t="inlineStr"><is><t>` + strings.Repeat("a&amp;", long/5) + `</t></is></c>`), ErrCellTooLong, 2, ""},
		{"value", row(`<c r="C1"><v>` + strings.Repeat("7", long) + `</v></c>`), ErrCellTooLong, 3, ""},
		{"formula text", row(`<c r="C1" t="str"><f>1</f><v>` + strings.Repeat("y", long) + `</v></c>`), ErrCellTooLong, 3, ""},
		{"rich text runs", row(`<c r="D1" t="inlineStr"><is>` + rich + `</is></c>`), ErrCellTooLong, 4, ""},
		{"cells without r, empty", row(strings.Repeat(`<c/>`, long/4)), ErrTooManyCols, MaxCols + 1, ""},
		{"cells without r, valued", row(strings.Repeat(`<c><v>1</v></c>`, long/15)), ErrTooManyCols, MaxCols + 1, ""},
		{"r past XFD", row(`<c r="XFD1"><v>1</v></c><c r="XFE1"><v>2</v></c>`), ErrTooManyCols, MaxCols + 1, ""},
		{"after XFD without r", row(`<c r="XFD1"><v>1</v></c><c><v>2</v></c>`), ErrTooManyCols, MaxCols + 1, ""},
		{"tag that never ends", row(`<c r="A1" x="` + strings.Repeat("z", long) + `"><v>1</v></c>`), ErrTagTooLong, 0, ""},
		{"longest cell Excel holds", row(`<c r="A1" t="inlineStr"><is><t>` + strings.Repeat("ệ", MaxCellChars) + `</t></is></c>`), nil, 0, strings.Repeat("ệ", MaxCellChars)},
		{"longest value Excel holds", row(`<c r="A1"><v>` + strings.Repeat("1", MaxCellChars) + `</v></c>`), nil, 0, strings.Repeat("1", MaxCellChars)},
		{"every column to XFD, with r", row(withR(MaxCols)), nil, 0, "1"},
		{"every column to XFD, without r", row(strings.Repeat(`<c><v>1</v></c>`, MaxCols)), nil, 0, "1"},
	}
	for _, tt := range tests {
		for _, slow := range []bool{false, true} {
			data := []byte(tt.xml)
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			start := time.Now()
			r := NewReader(bytes.NewReader(data), nil)
			r.sc.slow = slow
			var rows []Row
			var err error
			for {
				var row Row
				if row, err = r.Read(); err != nil {
					break
				}
				rows = append(rows, row)
			}
			r.Close()
			runtime.ReadMemStats(&after)
			took := time.Since(start)
			name := tt.name
			if slow {
				name += " (slow path)"
			}
			if tt.want == nil {
				if err != io.EOF || len(rows) != 1 {
					t.Errorf("%s: %d rows, %v; want the row read whole", name, len(rows), err)
					continue
				}
				if c := rows[0].Cells; len(c) == 0 || c[len(c)-1] != tt.lastCell {
					t.Errorf("%s: %d cells, the last not as written", name, len(c))
				}
				continue
			}
			var pe *ParseError
			if !errors.Is(err, tt.want) || !errors.As(err, &pe) {
				t.Errorf("%s: %v, want a *ParseError of %v", name, err, tt.want)
				continue
			}
			if pe.Row != 1 || pe.Col != tt.col {
				t.Errorf("%s: refused at row %d column %d, want row 1 column %d (%v)", name, pe.Row, pe.Col, tt.col, err)
			}
			// the text past the limit is not held: less allocated than
			// the input's length (a tag is held up to 1 MB, a row of
			// 16,384 cells has its slices grown)
			if grew := after.TotalAlloc - before.TotalAlloc; grew > long*3/4 {
				t.Errorf("%s: %d KB allocated to refuse it", name, grew>>10)
			}
			if took > 2*time.Second {
				t.Errorf("%s: refused after %v", name, took)
			}
		}
	}
}

// colName is the letters of a 1-based column: 1 "A", 28 "AB".
func colName(c int) string {
	var b []byte
	for ; c > 0; c = (c - 1) / 26 {
		b = append([]byte{byte('A' + (c-1)%26)}, b...)
	}
	return string(b)
}
