package manifest

import (
	"asxh/pipeline/figure"

	"os"
	"path/filepath"
	"testing"
)

func TestRoundTripAndIntact(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.pdf"), []byte("pdf"), 0o644)
	num, den := 29.0, 29.0
	m := &Manifest{Tool: "asxh", Key: "k", Outputs: []Output{{Path: "a.pdf", SHA256: Hash([]byte("pdf")), Bytes: 3}},
		Figures: []Figure{{Key: "rate", Value: 100, Numerator: &num, Denominator: &den}}}
	b, err := m.Encode()
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, Name), b, 0o644)
	got, err := Read(dir)
	if err != nil || got.Key != "k" || *got.Figures[0].Numerator != 29 || got.Values()["rate"] != 100 {
		t.Fatalf("read back %+v, %v", got, err)
	}
	if !got.Intact(dir) {
		t.Error("intact outputs reported changed")
	}
	os.WriteFile(filepath.Join(dir, "a.pdf"), []byte("PDF"), 0o644)
	if got.Intact(dir) {
		t.Error("a changed output reported intact")
	}
	if m, err := Read(t.TempDir()); m != nil || err != nil {
		t.Errorf("missing manifest: %v %v", m, err)
	}
}

// A rate keeps its parts even at 0/0, so that the next roll-up up
// recomputes it rather than adding percentages.
func TestFromFigures(t *testing.T) {
	got := FromFigures([]*figure.Figure{
		{Key: "rate", Format: "percent", Rate: true},
		{Key: "count", Value: 3},
	})
	if got[0].Numerator == nil || got[0].Denominator == nil || *got[0].Denominator != 0 {
		t.Errorf("rate = %+v", got[0])
	}
	if got[1].Numerator != nil || got[1].Value != 3 {
		t.Errorf("count = %+v", got[1])
	}
}
