package pipeline

import (
	"os"
	"path/filepath"
	"testing"
)

func TestValidateOnlyWritesFindings(t *testing.T) {
	out := t.TempDir()
	j := &Job{ConfigPath: "../data/config.yaml", OutputDir: out, ValidateOnly: true}
	if err := Run(j); err != nil {
		t.Fatal(err)
	}
	if j.DataErrors() || j.Figures != nil {
		t.Errorf("validate computed figures or found errors: %v", j.Findings)
	}
	entries, _ := os.ReadDir(filepath.Join(out, "2020"))
	if len(entries) != 1 || entries[0].Name() != "kiem-tra-du-lieu-2020.xlsx" {
		t.Errorf("validate wrote %v", entries)
	}
}

// BenchmarkRunSample is the whole run on the sample ward, from the
// configuration to the published files.
func BenchmarkRunSample(b *testing.B) {
	out := b.TempDir()
	for b.Loop() {
		j := &Job{ConfigPath: "../data/config.yaml", OutputDir: out}
		if err := Run(j); err != nil || j.DataErrors() {
			b.Fatal(err, j.Findings)
		}
	}
}
