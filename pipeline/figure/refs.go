package figure

import (
	"encoding/binary"
	"iter"

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
type refChunk struct {
	data []byte
	n    int
}

// chunkSize is the bytes of one chunk.
const chunkSize = 64 << 10

// sheetTable numbers the sheets references point into.
type sheetTable struct {
	list []*record.Sheet
	num  map[*record.Sheet]int
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
		c = &refChunk{data: make([]byte, 0, max(chunkSize, need))}
		r.chunks = append(r.chunks, c)
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
		for _, c := range r.chunks {
			d := c.data
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
