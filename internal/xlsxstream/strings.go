package xlsxstream

import (
	"archive/zip"
	"bufio"
	"errors"
	"io"
	"strings"
	"unsafe"
)

// stringTable holds the shared strings end to end in one block, so that a
// workbook of a million distinct names costs their bytes, not a million
// allocations; at returns a string that shares the block.
type stringTable struct {
	data []byte
	ends []uint32
}

func (t *stringTable) len() int { return len(t.ends) }

func (t *stringTable) at(i int) string {
	start := uint32(0)
	if i > 0 {
		start = t.ends[i-1]
	}
	if start == t.ends[i] {
		return ""
	}
	// the block is never written after it is read
	return unsafe.String(&t.data[start], int(t.ends[i]-start))
}

func (t *stringTable) add(s string) {
	t.data = append(t.data, s...)
	t.ends = append(t.ends, uint32(len(t.data)))
}

// readShared reads the shared strings: each <si>, its <t> texts joined,
// phonetic runs (<rPh>) left out. What it holds is bounded by the budget:
// the part's inflated bytes are.
func (wb *Workbook) readShared(f *zip.File) (*stringTable, error) {
	if f.UncompressedSize64 >= 1<<32 {
		return nil, &ParseError{Part: f.Name, Err: ErrTooLarge}
	}
	rc, err := wb.openPart(f, wb.budget)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	sc := &scanner{br: bufio.NewReaderSize(rc, 64<<10)}
	out := &stringTable{data: make([]byte, 0, f.UncompressedSize64/3)}
	var b strings.Builder
	inSI, inPh := false, 0
	fail := func(err error) (*stringTable, error) {
		var pe *ParseError
		if errors.As(err, &pe) {
			return nil, err
		}
		return nil, &ParseError{Part: f.Name, Err: err}
	}
	for {
		name, end, self, _, err := sc.tag()
		if err == io.EOF {
			return out, nil
		} else if err != nil {
			return fail(err)
		}
		switch {
		case name == "si" && !end:
			inSI = !self
			b.Reset()
			if self {
				out.add("")
			}
		case name == "si" && end:
			inSI = false
			out.add(unescapeX(b.String()))
		case name == "rPh":
			if !self {
				if end {
					inPh--
				} else {
					inPh++
				}
			}
		case name == "t" && !end && !self && inSI && inPh == 0:
			t, err := sc.text()
			if err != nil {
				return fail(err)
			}
			b.WriteString(t)
			if b.Len() > maxCellBytes { // one text, or a run of them, past Excel's limit
				return fail(ErrCellTooLong)
			}
		}
	}
}
