package xlsx

import (
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"testing"
)

// TestParallelDeflate: whatever the size and however it is written, the
// chunks laid end to end inflate to the input, and the bytes do not
// depend on how many chunks are compressed at once; a part of one chunk
// is what flate.NewWriter writes.
func TestParallelDeflate(t *testing.T) {
	text := func(n int) []byte {
		var b bytes.Buffer
		for i := 0; b.Len() < n; i++ {
			fmt.Fprintf(&b, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>Hộ nghèo %d</t></is></c></row>`, i, i, i*7919%1000)
		}
		return b.Bytes()[:n]
	}
	for _, n := range []int{0, 1, 1000, deflateChunk - 1, deflateChunk, deflateChunk + 1, 3*deflateChunk + deflateChunk/2} {
		in := text(n)
		var outs [][]byte
		for _, limit := range []int{1, 2, 8} {
			for _, step := range []int{1 << 16, 7777, len(in) + 1} {
				var out bytes.Buffer
				pool := newDeflatePool(flate.BestSpeed)
				pool.limit = limit
				c, _ := pool.compressor(&out)
				d := c.(*parallelDeflate)
				for p := in; len(p) > 0; {
					k := min(step, len(p))
					if _, err := d.Write(p[:k]); err != nil {
						t.Fatal(err)
					}
					p = p[k:]
				}
				if err := d.Close(); err != nil {
					t.Fatal(err)
				}
				got, err := io.ReadAll(flate.NewReader(bytes.NewReader(out.Bytes())))
				if err != nil {
					t.Fatalf("%d bytes, %d in flight, writes of %d: %v", n, limit, step, err)
				}
				if !bytes.Equal(got, in) {
					t.Fatalf("%d bytes, %d in flight, writes of %d: inflated to %d other bytes", n, limit, step, len(got))
				}
				outs = append(outs, out.Bytes())
			}
		}
		for _, o := range outs[1:] {
			if !bytes.Equal(o, outs[0]) {
				t.Fatalf("%d bytes: the compressed bytes depend on how they were written", n)
			}
		}
		if n < deflateChunk {
			var want bytes.Buffer
			fw, _ := flate.NewWriter(&want, flate.BestSpeed)
			fw.Write(in)
			fw.Close()
			if !bytes.Equal(outs[0], want.Bytes()) {
				t.Fatalf("%d bytes: one chunk differs from flate.NewWriter's", n)
			}
		}
	}
}

// failWriter fails every write.
type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, io.ErrClosedPipe }

// TestParallelDeflateError: a failing destination fails the compressor.
func TestParallelDeflateError(t *testing.T) {
	pool := newDeflatePool(flate.BestSpeed)
	pool.limit = 1
	d, _ := pool.compressor(failWriter{})
	buf := make([]byte, 5*deflateChunk)
	_, err := d.Write(buf)
	if err == nil {
		err = d.Close()
	}
	if err == nil {
		t.Fatal("no error from a destination that fails")
	}
}
