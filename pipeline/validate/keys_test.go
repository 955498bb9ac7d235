package validate

import (
	"fmt"
	"strings"
	"testing"

	"asxh/pipeline/record"
)

// TestKeySet checks the packed key set against a map, with the real hash
// and with hashes made to collide (all equal, or equal but in their low
// bits): a collision must never make a false duplicate nor hide a real
// one, and the place returned is the first record's.
func TestKeySet(t *testing.T) {
	sheets := []*record.Sheet{{File: "a.xlsx", Sheet: "DS"}, {File: "b.xlsx", Sheet: "DS"}}
	keys := func(n int) []string {
		var ks []string
		for i := range n {
			ks = append(ks, fmt.Sprintf("hn%05d", i%(n/2+1)), "", "é"+strings.Repeat("x", i%7), fmt.Sprint(i))
		}
		// a key longer than an arena chunk goes in a chunk of its own
		return append(ks, strings.Repeat("k", arenaChunk+3), strings.Repeat("k", arenaChunk+3), strings.Repeat("k", arenaChunk+2))
	}
	for _, tc := range []struct {
		name string
		mask uint64
		n    int
	}{
		{"maphash", ^uint64(0), 20000},
		{"all collide", 0, 600},
		{"same slot, different tags", 0xffffffff00000000, 600},
		{"same tag, different slots", 0x00000000ffffffff, 3000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newKeySet()
			s.mask = tc.mask
			want := map[string]place{}
			for i, k := range keys(tc.n) {
				at := place{sheet: sheets[i%2], row: int32(i + 1), who: fmt.Sprintf("người %d", i)}
				first, dup := s.add(k, at)
				w, wdup := want[k]
				if dup != wdup || (dup && first != w) {
					t.Fatalf("add(%.20q) #%d = %v, %v; want %v, %v", k, i, first, dup, w, wdup)
				}
				if !wdup {
					want[k] = at
				}
				if !s.has(k) {
					t.Fatalf("has(%.20q) is false just after adding it", k)
				}
			}
			if s.len() != len(want) {
				t.Errorf("len = %d, want %d", s.len(), len(want))
			}
			for _, k := range []string{"hn", "hn0000", "x", "é", strings.Repeat("k", arenaChunk+1), "zz"} {
				if _, ok := want[k]; s.has(k) != ok {
					t.Errorf("has(%.20q) = %v, want %v", k, !ok, ok)
				}
			}
		})
	}
}
