package xlsxstream

import (
	"bytes"
	"errors"
	"io"
	"strings"
)

// Range is a merged range of cells, 1-based and inclusive.
type Range struct {
	Col1, Row1, Col2, Row2 int
}

// Merges returns the sheet's merged ranges. They are written after the
// rows (<mergeCells> follows <sheetData>), so they are found by a pass of
// their own over the part: a search for "mergeCell", not a tokenising of
// every cell, which costs about one inflation of the part
// (BenchmarkMerges). The pass reads the part to its end, so it checks
// the checksum too.
func (r *Reader) Merges() ([]Range, error) {
	if r.reopen == nil {
		return nil, nil
	}
	rc, err := r.reopen()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	out, err := scanMergesIn(rc, r.size)
	if err != nil {
		var pe *ParseError
		if !errors.As(err, &pe) {
			err = &ParseError{Part: r.part, Err: err}
		}
		return nil, err
	}
	return out, nil
}

const mergeTail = 64 << 10 // longest incomplete tag carried across chunks

func scanMerges(rd io.Reader) ([]Range, error) { return scanMergesIn(rd, 0) }

// scanMergesIn is scanMerges on a part said to inflate to size bytes (0
// unknown): a small part gets a small buffer, not a megabyte for each of
// a ward's small sheets.
func scanMergesIn(rd io.Reader, size int64) ([]Range, error) {
	var out []Range
	chunk := int64(1 << 20)
	if size > 0 && size < chunk {
		chunk = max(size+1, 4096)
	}
	buf := make([]byte, 0, int(chunk)+mergeTail)
	key := []byte("mergeCell")
	for {
		n, err := io.ReadFull(rd, buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		eof := err == io.EOF || err == io.ErrUnexpectedEOF
		if err != nil && !eof {
			return nil, err
		}
		keep, pos := len(buf), 0 // where the unprocessed tail starts; the search
		for {
			i := bytes.Index(buf[pos:], key)
			if i < 0 {
				break
			}
			at := pos + i
			lt := bytes.LastIndexByte(buf[:at], '<')
			gt := bytes.IndexByte(buf[at:], '>')
			if gt < 0 {
				if lt >= 0 {
					keep = lt
				}
				break
			}
			tagEnd := at + gt
			pos = tagEnd
			if lt < 0 || bytes.IndexByte(buf[lt:at], '>') >= 0 {
				continue // the word in text, not a tag name
			}
			name := buf[lt+1 : at+len(key)]
			if k := bytes.IndexByte(name, ':'); k >= 0 {
				name = name[k+1:]
			}
			after := buf[at+len(key) : tagEnd]
			if string(name) != "mergeCell" || len(after) > 0 && after[0] != ' ' && after[0] != '\t' && after[0] != '\r' && after[0] != '\n' && after[0] != '/' {
				continue // mergeCells, or another name
			}
			ref := attr(after, "ref")
			a, b, ok := strings.Cut(ref, ":")
			if !ok {
				b = a
			}
			c1, r1, err1 := cellRef(a)
			c2, r2, err2 := cellRef(b)
			if err1 != nil || err2 != nil || c2 < c1 || r2 < r1 {
				return nil, errors.New("vùng gộp ô sai: " + ref)
			}
			out = append(out, Range{c1, r1, c2, r2})
		}
		if eof {
			return out, nil
		}
		// carry an incomplete tag, or the end that may begin "<merge"
		if keep == len(buf) {
			if lt := bytes.LastIndexByte(buf, '<'); lt >= 0 && bytes.IndexByte(buf[lt:], '>') < 0 {
				keep = lt
			}
		}
		if len(buf)-keep > mergeTail {
			return nil, errors.New("thẻ quá dài")
		}
		buf = buf[:copy(buf, buf[keep:])]
	}
}
