package xlsx

import (
	"bytes"
	"compress/flate"
	"io"
	"runtime"
)

// deflateChunk is how much of a part each worker of a parallelDeflate
// compresses at a time.
const deflateChunk = 1 << 20

// parallelDeflate is a DEFLATE compressor (what a zip part holds) that
// compresses its input in chunks of deflateChunk bytes on several cores
// at once, for the listings of a large workbook: compressing Chi tiết
// (some 70 MB of XML at 100,000 records) on one core was most of the
// time `run` takes beyond `validate`.
//
// A zip part is one raw DEFLATE stream, but a stream may be made of
// independently compressed pieces laid end to end (as pigz and pgzip do):
// every chunk but the last is ended with Flush, which closes its last
// block and aligns it to a byte (an empty stored block, not final), and
// the last with Close, whose block is marked final. Each chunk is
// compressed on its own, without the previous chunk as dictionary (at
// BestSpeed, compress/flate ignores a preset dictionary anyway), at the
// cost of a few hundred bytes a megabyte. The zip writer computes the
// CRC-32 and the sizes over the uncompressed bytes as they pass, as for
// any compressor.
//
// The bytes depend only on the input and the level, never on the number
// of cores or on timing: the chunks' boundaries are fixed, and their
// outputs are written in order. A part smaller than one chunk is
// compressed as flate.NewWriter would, on the caller's goroutine.
type parallelDeflate struct {
	w       io.Writer
	pool    *deflatePool
	buf     *deflateJob   // the chunk being filled
	pending []*deflateJob // chunks handed to workers, oldest first
	err     error
}

// deflatePool keeps the chunks' buffers and compressors (a megabyte each)
// from one part to the next of a package, whose parts are written one
// after the other.
type deflatePool struct {
	level int
	limit int // chunks in flight at most
	free  []*deflateJob
}

func newDeflatePool(level int) *deflatePool {
	return &deflatePool{level: level, limit: runtime.GOMAXPROCS(0)}
}

// compressor is a zip compressor (zip.Writer.RegisterCompressor) drawing
// on the pool.
func (p *deflatePool) compressor(w io.Writer) (io.WriteCloser, error) {
	return &parallelDeflate{w: w, pool: p}, nil
}

// deflateJob is one chunk and its compressed bytes.
type deflateJob struct {
	in   []byte
	out  bytes.Buffer
	fw   *flate.Writer
	last bool
	err  error
	done chan struct{}
}

// Write collects p into chunks, handing each full one to a worker.
func (d *parallelDeflate) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 && d.err == nil {
		if d.buf == nil {
			d.buf = d.job()
		}
		k := min(len(p), deflateChunk-len(d.buf.in))
		d.buf.in = append(d.buf.in, p[:k]...)
		p = p[k:]
		if len(d.buf.in) == deflateChunk {
			d.start(false)
		}
	}
	if d.err != nil {
		return 0, d.err
	}
	return n, nil
}

// Close compresses what is left as the final chunk and writes every
// chunk's bytes, in order.
func (d *parallelDeflate) Close() error {
	if d.err != nil {
		return d.err
	}
	if d.buf == nil {
		d.buf = d.job()
	}
	d.start(true)
	for len(d.pending) > 0 && d.err == nil {
		d.writeOldest()
	}
	return d.err
}

// job is a job from the pool, or a new one.
func (d *parallelDeflate) job() *deflateJob {
	p := d.pool
	if k := len(p.free); k > 0 {
		j := p.free[k-1]
		p.free = p.free[:k-1]
		return j
	}
	return &deflateJob{in: make([]byte, 0, deflateChunk)}
}

// start hands the chunk being filled to a worker (or, when it is the
// only chunk, compresses it here), after writing out the oldest chunks
// while too many are in flight.
func (d *parallelDeflate) start(last bool) {
	j := d.buf
	d.buf = nil
	j.last, j.err = last, nil
	j.out.Reset()
	j.done = make(chan struct{})
	d.pending = append(d.pending, j)
	if last && len(d.pending) == 1 {
		j.compress(d.pool.level)
		return
	}
	go j.compress(d.pool.level)
	for len(d.pending) > d.pool.limit && d.err == nil {
		d.writeOldest()
	}
}

// writeOldest waits for the oldest chunk in flight, writes its bytes and
// gives the job back to the pool.
func (d *parallelDeflate) writeOldest() {
	j := d.pending[0]
	<-j.done
	d.pending = d.pending[1:]
	if j.err != nil {
		d.err = j.err
		return
	}
	if _, err := d.w.Write(j.out.Bytes()); err != nil {
		d.err = err
		return
	}
	j.in = j.in[:0]
	d.pool.free = append(d.pool.free, j)
}

// compress deflates the chunk into out: flushed to a byte boundary, or
// closed when it is the last.
func (j *deflateJob) compress(level int) {
	defer close(j.done)
	if j.fw == nil {
		j.fw, j.err = flate.NewWriter(&j.out, level)
		if j.err != nil {
			return
		}
	} else {
		j.fw.Reset(&j.out)
	}
	if _, j.err = j.fw.Write(j.in); j.err != nil {
		return
	}
	if j.last {
		j.err = j.fw.Close()
	} else {
		j.err = j.fw.Flush()
	}
}
