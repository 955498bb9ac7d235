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

// TestFiltersReadTheirNames: each record's environment is loaded with the
// names the filters read, and only those (config.Register.Reads); a name read by a
// table's filter alone (Size, Born through the derived Age) must be
// loaded as well as those the figures' filters read, or it keeps the
// previous record's value and the counts go wrong in silence.
func TestFiltersReadTheirNames(t *testing.T) {
	src := "year: 2020\n" + testkit.Document + `registers:
  - key: hh
    title: Households
    files: [hh*]
    fields:
      - {key: id, header: ID, type: text, unique: true}
      - {key: size, header: Size, type: integer}
      - {key: start, header: Start, type: enum, values: [Poor, Near, No]}
      - {key: born, header: Born, type: year_or_date}
    derived:
      - {key: age, expr: "born == nil ? nil : report.year - born.Year()"}
figures:
  - {key: poor, label: Poor, register: hh, count: true, filter: start == "Poor"}
tables:
  - key: big
    register: hh
    filter: start != "No"
    rows: [{label: All}]
    columns:
      - {key: n, header: N, count: true, filter: size != nil && size > 2}
      - {key: old, header: Old, count: true, filter: age != nil && age > 70}
`
	c, dir := testkit.Config(t, src)
	set, fs := testkit.Read(t, c, dir, map[string]string{"hh.csv": `ID,Size,Start,Born
H1,5,Poor,1940
H2,1,Poor,1990
H3,4,Near,1941
H4,1,Near,1995
H5,6,No,1930
H6,2,Poor,
`})
	if len(fs) > 0 {
		t.Fatal(fs)
	}
	figs, _ := Compute(c, set, nil)
	if got := cells(figs.Tables[0].Rows[0]); got != "All:2|2" {
		t.Errorf("table = %s, want All:2|2 (sizes 5 and 4; born 1940 and 1941)", got)
	}
	if got := figs.Figure("poor").Value; got != 3 {
		t.Errorf("poor = %v, want 3", got)
	}
}
