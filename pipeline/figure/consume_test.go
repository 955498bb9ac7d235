package figure

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"asxh/internal/testkit"
	"asxh/pipeline/config"
	"asxh/pipeline/record"
)

// TestConsumeAsAdd: the figures computed on Consume's goroutine are those
// of Add called record by record, over more records than a batch and not
// a whole number of batches.
func TestConsumeAsAdd(t *testing.T) {
	c, dir := testkit.Config(t, cfgSrc)
	var b strings.Builder
	b.WriteString("ID,Group,Size,Start,End,Born\n")
	states := []string{"Poor", "Near", "No"}
	for i := range 3*consumeBatch + 17 {
		fmt.Fprintf(&b, "H%d,Tổ %d,%d,%s,%s,%d\n", i, i%7, i%5+1, states[i%3], states[i/3%3], 1930+i%60)
	}
	set, fs := testkit.Read(t, c, dir, map[string]string{"hh.csv": b.String()})
	if len(fs) > 0 {
		t.Fatal(fs)
	}
	want, wantFs := Compute(c, set, nil)
	cb := NewBuilder(c, nil)
	cb.Consume(set.All(c))
	got, gotFs := cb.Finish()
	if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotFs, wantFs) {
		t.Errorf("Consume's figures differ from Add's")
	}
	if got.Figure("poor_start").Value != float64(consumeBatch+6) {
		t.Errorf("poor_start = %v: not every record was counted", got.Figure("poor_start").Value)
	}
}

// TestConsumePanics: a panic of Add's on the figures' goroutine is raised
// on the caller's, where the pipeline turns it into the run's error; it
// must not crash the program.
func TestConsumePanics(t *testing.T) {
	c, _ := testkit.Config(t, cfgSrc)
	b := NewBuilder(c, nil)
	stranger := &config.Register{Key: "not_configured"} // Add has no state for it: a nil dereference
	stream := func(yield func(*config.Register, *record.Record) bool) {
		for i := range 2 * consumeBatch {
			if !yield(stranger, &record.Record{Row: i}) {
				return
			}
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("Add's panic was not raised by Consume")
		}
	}()
	b.Consume(stream)
}
