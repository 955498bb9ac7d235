package figure

import (
	"encoding/binary"
	"fmt"
	"iter"
	"os"
	"slices"

	"asxh/pipeline/record"
)

// Refs is the records a figure counted, in the order counted. A million
// records counted by a few figures each are millions of references: they
// are packed, a sheet number, the row and the identifying value as a few
// bytes each (some 12 bytes a reference, against a Ref's 80 and a slice
// that doubles), in chunks of fixed size, so appending never copies what
// is held. A figure over figures (a rate, an expression) shares its
// inputs' chunks instead of copying them.
type Refs struct {
	sheets *sheetTable
	chunks []*refChunk
	n      int
}

// refChunk is one block of packed references; a shared chunk is full.
// A full chunk may be spilled: its bytes are then in the spill file.
type refChunk struct {
	data    []byte
	n       int
	spilled bool
	off     int64 // of a spilled chunk's bytes in the file
	size    int   // of a spilled chunk's bytes
}

// chunkSize is the bytes of one chunk.
const chunkSize = 64 << 10

// sheetTable numbers the sheets references point into; it is shared by
// the references of a builder, and so is their spill.
type sheetTable struct {
	list  []*record.Sheet
	num   map[*record.Sheet]int
	spill *spill
}

// spill keeps the references' memory flat in the records: past budget
// bytes of chunks held, each chunk filled goes to a file in dir (the
// run's spool), read back as the references are listed. A chunk that
// cannot be written stays held: memory, never a reference, is lost.
type spill struct {
	dir    string
	budget int
	held   int // bytes of chunks held
	f      *os.File
	size   int64
	failed bool
}

// out spills c, full, when the chunks held are past the budget.
func (s *spill) out(c *refChunk) {
	if s == nil || s.failed || s.held < s.budget {
		return
	}
	if s.f == nil {
		f, err := os.CreateTemp(s.dir, "refs-*")
		if err != nil {
			s.failed = true
			return
		}
		s.f = f
	}
	if _, err := s.f.WriteAt(c.data, s.size); err != nil {
		s.failed = true
		return
	}
	c.spilled, c.off, c.size = true, s.size, len(c.data)
	s.size += int64(len(c.data))
	s.held -= cap(c.data)
	c.data = nil
}

// in reads a spilled chunk's bytes back into buf. The file is this run's
// own: failing to read it is a fault, and the run fails, no reference
// silently missing.
func (s *spill) in(c *refChunk, buf []byte) []byte {
	buf = slices.Grow(buf[:0], c.size)[:c.size]
	if _, err := s.f.ReadAt(buf, c.off); err != nil {
		panic(fmt.Errorf("figure: đọc lại danh sách bản ghi đã ghi tạm ra đĩa: %w", err))
	}
	return buf
}

func (s *spill) close() error {
	if s == nil || s.f == nil {
		return nil
	}
	err := s.f.Close()
	if rerr := os.Remove(s.f.Name()); err == nil {
		err = rerr
	}
	s.f = nil
	return err
}

func newSheetTable() *sheetTable { return &sheetTable{num: map[*record.Sheet]int{}} }

func (t *sheetTable) number(s *record.Sheet) int {
	n, ok := t.num[s]
	if !ok {
		n = len(t.list)
		t.list = append(t.list, s)
		t.num[s] = n
	}
	return n
}

// RefsOf packs refs, for tests and for figures made otherwise.
func RefsOf(refs ...record.Ref) Refs {
	r := Refs{sheets: newSheetTable()}
	sheets := map[[3]string]*record.Sheet{}
	for _, ref := range refs {
		k := [3]string{ref.Register, ref.File, ref.Sheet}
		s := sheets[k]
		if s == nil {
			s = &record.Sheet{Register: ref.Register, File: ref.File, Sheet: ref.Sheet}
			sheets[k] = s
		}
		r.add(s, ref.Row, ref.ID)
	}
	return r
}

// Len is the number of references.
func (r Refs) Len() int { return r.n }

// add appends one reference.
func (r *Refs) add(s *record.Sheet, row int, id string) {
	if r.sheets == nil {
		r.sheets = newSheetTable()
	}
	need := 3*binary.MaxVarintLen64 + len(id)
	var c *refChunk
	if len(r.chunks) > 0 {
		c = r.chunks[len(r.chunks)-1]
	}
	if c == nil || cap(c.data)-len(c.data) < need {
		if c != nil {
			r.sheets.spill.out(c)
		}
		c = &refChunk{data: make([]byte, 0, max(chunkSize, need))}
		r.chunks = append(r.chunks, c)
		if sp := r.sheets.spill; sp != nil {
			sp.held += cap(c.data)
		}
	}
	c.data = binary.AppendUvarint(c.data, uint64(r.sheets.number(s)))
	c.data = binary.AppendUvarint(c.data, uint64(row))
	c.data = binary.AppendUvarint(c.data, uint64(len(id)))
	c.data = append(c.data, id...)
	c.n++
	r.n++
}

// concat is r followed by others, sharing their chunks: none of them is
// appended to again (figures over figures are made at the end).
func concat(sheets *sheetTable, all ...Refs) Refs {
	out := Refs{sheets: sheets}
	for _, r := range all {
		if r.sheets != nil && r.sheets != sheets {
			// packed against another table: repack (tests only)
			for ref := range r.All() {
				out.add(&record.Sheet{Register: ref.Register, File: ref.File, Sheet: ref.Sheet}, ref.Row, ref.ID)
			}
			continue
		}
		out.chunks = append(out.chunks[:len(out.chunks):len(out.chunks)], r.chunks...)
		out.n += r.n
	}
	return out
}

// All yields the references in order.
func (r Refs) All() iter.Seq[record.Ref] {
	return func(yield func(record.Ref) bool) {
		var buf []byte
		for _, c := range r.chunks {
			d := c.data
			if c.spilled {
				buf = r.sheets.spill.in(c, buf)
				d = buf
			}
			for range c.n {
				sn, k := binary.Uvarint(d)
				d = d[k:]
				row, k := binary.Uvarint(d)
				d = d[k:]
				l, k := binary.Uvarint(d)
				d = d[k:]
				s := r.sheets.list[sn]
				ref := record.Ref{Register: s.Register, File: s.File, Sheet: s.Sheet, Row: int(row), ID: string(d[:l])}
				d = d[l:]
				if !yield(ref) {
					return
				}
			}
		}
	}
}
