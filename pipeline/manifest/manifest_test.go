package manifest

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"

	"asxh/internal/safefile"
	"asxh/pipeline/figure"
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

// TestReadsOnlyRegularFiles: a manifest or an output that is a FIFO is
// refused without blocking (a FIFO would block a plain open forever); what
// a regular file is, is safefile's to decide, tested there.
func TestReadsOnlyRegularFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, Name)
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 2)
	go func() { _, err := Read(dir); done <- err }()
	go func() { _, _, err := HashFile(fifo, 1000); done <- err }()
	for range 2 {
		select {
		case err := <-done:
			if !errors.Is(err, safefile.ErrNotRegular) {
				t.Errorf("%v, want %v", err, safefile.ErrNotRegular)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("still reading a FIFO after 5 s")
		}
	}
}

// TestDamaged names every output not as recorded: grown, outside the
// folder, a FIFO in its place.
func TestDamaged(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.pdf"), []byte("pdf and more"), 0o644)
	os.WriteFile(filepath.Join(dir, "b.xlsx"), []byte("xlsx"), 0o644)
	syscall.Mkfifo(filepath.Join(dir, "c.pdf"), 0o644)
	m := &Manifest{Outputs: []Output{
		{Path: "a.pdf", SHA256: Hash([]byte("pdf")), Bytes: 3},
		{Path: "b.xlsx", SHA256: Hash([]byte("xlsx")), Bytes: 4},
		{Path: "c.pdf", SHA256: Hash(nil), Bytes: 0},
		{Path: "../b.xlsx", SHA256: Hash([]byte("xlsx")), Bytes: 4},
	}}
	if got := m.Damaged(dir); !slices.Equal(got, []string{"a.pdf", "c.pdf", "../b.xlsx"}) {
		t.Errorf("damaged = %q", got)
	}
}
