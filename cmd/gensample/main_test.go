package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLargeNeedsOut: asked for more than the sample without -out,
// gensample refuses and writes nothing; with -out it writes there.
func TestLargeNeedsOut(t *testing.T) {
	for _, args := range [][]string{{"-btxh", "50"}, {"-wards", "1"}, {"-wards", "1", "-config", "../../data/config.yaml"}} {
		dir := t.TempDir()
		t.Chdir(dir) // were it to write into data/, it would be here
		err := cli(args)
		if err == nil || !strings.Contains(err.Error(), "-out") {
			t.Errorf("%v: %v, want a refusal naming -out", args, err)
		}
		if entries, _ := os.ReadDir(dir); len(entries) > 0 {
			t.Errorf("%v wrote %v", args, entries)
		}
	}
	out := filepath.Join(t.TempDir(), "large")
	if err := cli([]string{"-btxh", "50", "-out", out}); err != nil {
		t.Fatal(err)
	}
	if files, _ := filepath.Glob(filepath.Join(out, "*.xlsx")); len(files) == 0 {
		t.Error("-out with -btxh wrote no register")
	}
}
