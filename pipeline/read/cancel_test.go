package read

import (
	"context"
	"errors"
	"testing"

	"asxh/pipeline/finding"
	"asxh/pipeline/source"
)

// TestCancelWithinSheet: a SIGTERM while one large sheet is read stops
// the reading within a few thousand rows, not at the sheet's end (a
// 2 GB sheet takes minutes), and is the run's error, not a finding.
func TestCancelWithinSheet(t *testing.T) {
	c := testConfig(t)
	const n = 30000
	rows := [][]any{head}
	for i := range n {
		rows = append(rows, []any{i + 1, "H" + string(rune('A'+i%26)), "Lê Văn A", 3, "Nghèo", "Không"})
	}
	f := writeXLSX(t, t.TempDir(), "ho.xlsx", sheet{rows: rows})
	tests := []struct {
		name     string
		cancelAt int // records read before the cancel; -1: cancelled before
	}{
		{"before reading", -1},
		{"within the sheet", 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tt.cancelAt < 0 {
				cancel()
			}
			r := New(c, []source.File{f}, "").WithContext(ctx)
			got := 0
			for range r.Records() {
				got++
				if got == tt.cancelAt {
					cancel()
				}
			}
			if !errors.Is(r.Err(), context.Canceled) {
				t.Errorf("Err() = %v, want context.Canceled", r.Err())
			}
			if got > max(tt.cancelAt, 0)+2*cancelEvery {
				t.Errorf("%d records read after the cancel, of %d", got-tt.cancelAt, n)
			}
			if r.Findings.Count(finding.Error) > 0 {
				t.Errorf("a cancel is not the file's fault: %v", r.Findings)
			}
		})
	}
	// without a cancel, every row
	r := New(c, []source.File{f}, "").WithContext(context.Background())
	got := 0
	for range r.Records() {
		got++
	}
	if got != n || r.Err() != nil {
		t.Errorf("%d records of %d, %v", got, n, r.Err())
	}
}
