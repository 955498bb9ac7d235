package figure

import (
	"asxh/pipeline/config"
	"asxh/pipeline/record"
)

// consumeBatch is how many records go to the figures' goroutine at a time.
const consumeBatch = 256

// consumed is one record of a stream, as Consume hands it over.
type consumed struct {
	reg *config.Register
	rec *record.Record
}

// Consume adds every record of in, in order. The figures are computed on
// a goroutine of their own while the next records are read and checked:
// on the goroutine that reads, they lengthened the reading of every
// record by the figures' filters and tables (~0.15 s of a run at 100,000
// records), while the second core had time to spare. Add is called in the
// stream's order, from one goroutine, so the figures are those of Add
// called record by record. A panic in Add is raised again on the caller's
// goroutine, once the stream has been read.
func (b *Builder) Consume(in record.Stream) {
	batches := make(chan []consumed, 4)
	free := make(chan []consumed, 6)
	done := make(chan any, 1)
	go func() {
		var failed any
		for batch := range batches {
			if failed == nil {
				failed = b.addAll(batch)
			}
			clear(batch)
			select {
			case free <- batch[:0]:
			default:
			}
		}
		done <- failed
	}()
	closed := false
	defer func() {
		if !closed { // the stream panicked: let the goroutine end
			close(batches)
		}
	}()
	batch := make([]consumed, 0, consumeBatch)
	for reg, rec := range in {
		batch = append(batch, consumed{reg, rec})
		if len(batch) == consumeBatch {
			batches <- batch
			select {
			case batch = <-free:
			default:
				batch = make([]consumed, 0, consumeBatch)
			}
		}
	}
	if len(batch) > 0 {
		batches <- batch
	}
	close(batches)
	closed = true
	if p := <-done; p != nil {
		panic(p)
	}
}

// addAll adds a batch's records, and returns a panic of Add's.
func (b *Builder) addAll(batch []consumed) (failed any) {
	defer func() { failed = recover() }()
	for _, it := range batch {
		b.Add(it.reg, it.rec)
	}
	return nil
}
