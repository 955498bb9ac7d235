package validate

import (
	"encoding/binary"
	"hash/maphash"

	"asxh/pipeline/record"
)

// keySet is the keys seen of a field (or of fields together), each with
// the place of its first record: what uniqueness compares against and
// references look up. It grows with the distinct keys, so it is packed:
// a key costs its bytes and its who's, 16 bytes of entry and 8 to 16 of
// table, where a map[string]place cost some 150 bytes (a string header,
// a pointer, the who's own allocation, the map's slack) — about 150 MB
// at a million keys. The table holds a part of each key's hash only to
// skip most comparisons: a key is found only when its bytes are equal,
// so two keys whose hashes collide are never taken for one another.
type keySet struct {
	seed   maphash.Seed
	table  []uint64  // tag<<32 | entry index+1 (0: empty); len a power of two
	ents   [][]entry // chunks of entryChunk: growing never copies them
	arena  [][]byte  // chunks of the keys' and whos' bytes: uvarint length, key, uvarint length, who
	sheets []*record.Sheet
	n      int
	mask   uint64 // of the hashes: ^0, but for a test of collisions
}

// entry is a key's place: where its bytes are, and the place of its first
// record, without pointers (the collector need not scan a million).
type entry struct {
	off   uint64 // chunk<<32 | offset in the chunk
	row   int32
	sheet uint32 // index in sheets
}

const (
	entryChunk = 4096
	arenaChunk = 1 << 20
)

func newKeySet() *keySet { return &keySet{seed: maphash.MakeSeed(), mask: ^uint64(0)} }

func (s *keySet) hash(key string) uint64 { return maphash.String(s.seed, key) & s.mask }

// len is the number of keys.
func (s *keySet) len() int { return s.n }

// has reports whether key was added.
func (s *keySet) has(key string) bool {
	_, ok := s.find(key, s.hash(key))
	return ok
}

// add adds key with at, the place of its record, unless it is there:
// then it returns the place it was first added with, and true.
func (s *keySet) add(key string, at place) (first place, dup bool) {
	h := s.hash(key)
	if i, ok := s.find(key, h); ok {
		return s.place(i), true
	}
	if (s.n+1)*4 > len(s.table)*3 {
		s.grow()
	}
	e := entry{off: s.store(key, at.who), row: at.row, sheet: s.sheet(at.sheet)}
	if s.n%entryChunk == 0 {
		s.ents = append(s.ents, make([]entry, 0, entryChunk))
	}
	c := &s.ents[len(s.ents)-1]
	*c = append(*c, e)
	s.n++
	s.insert(h, uint32(s.n))
	return place{}, false
}

// find returns the index of key's entry, h being its hash.
func (s *keySet) find(key string, h uint64) (int, bool) {
	if len(s.table) == 0 {
		return 0, false
	}
	mask := uint64(len(s.table) - 1)
	tag := h >> 32
	for p := h & mask; ; p = (p + 1) & mask {
		t := s.table[p]
		if t == 0 {
			return 0, false
		}
		if t>>32 == tag {
			i := int(uint32(t)) - 1
			if k, _ := s.bytes(s.entry(i).off); string(k) == key {
				return i, true
			}
		}
	}
}

func (s *keySet) insert(h uint64, idx uint32) {
	mask := uint64(len(s.table) - 1)
	p := h & mask
	for s.table[p] != 0 {
		p = (p + 1) & mask
	}
	s.table[p] = h>>32<<32 | uint64(idx)
}

// grow doubles the table; each key's hash is computed again from its
// bytes, the table keeping only a part of it.
func (s *keySet) grow() {
	size := 2 * len(s.table)
	if size == 0 {
		size = 64
	}
	s.table = make([]uint64, size)
	for i := 0; i < s.n; i++ {
		k, _ := s.bytes(s.entry(i).off)
		s.insert(maphash.Bytes(s.seed, k)&s.mask, uint32(i+1))
	}
}

func (s *keySet) entry(i int) *entry { return &s.ents[i/entryChunk][i%entryChunk] }

func (s *keySet) place(i int) place {
	e := s.entry(i)
	_, who := s.bytes(e.off)
	return place{sheet: s.sheets[e.sheet], row: e.row, who: string(who)}
}

func (s *keySet) sheet(sh *record.Sheet) uint32 {
	if n := len(s.sheets); n > 0 && s.sheets[n-1] == sh {
		return uint32(n - 1)
	}
	for i, x := range s.sheets {
		if x == sh {
			return uint32(i)
		}
	}
	s.sheets = append(s.sheets, sh)
	return uint32(len(s.sheets) - 1)
}

// store appends key and who to the arena and returns where they are.
func (s *keySet) store(key, who string) uint64 {
	need := 2*binary.MaxVarintLen64 + len(key) + len(who)
	last := len(s.arena) - 1
	if last < 0 || cap(s.arena[last])-len(s.arena[last]) < need {
		s.arena = append(s.arena, make([]byte, 0, max(arenaChunk, need)))
		last++
	}
	b := s.arena[last]
	off := uint64(last)<<32 | uint64(len(b))
	b = binary.AppendUvarint(b, uint64(len(key)))
	b = append(b, key...)
	b = binary.AppendUvarint(b, uint64(len(who)))
	b = append(b, who...)
	s.arena[last] = b
	return off
}

// bytes returns the key and the who stored at off.
func (s *keySet) bytes(off uint64) (key, who []byte) {
	b := s.arena[off>>32][uint32(off):]
	n, w := binary.Uvarint(b)
	key, b = b[w:w+int(n)], b[w+int(n):]
	n, w = binary.Uvarint(b)
	return key, b[w : w+int(n)]
}
