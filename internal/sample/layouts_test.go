package sample

import (
	"context"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"testing"

	"asxh/pipeline"
	"asxh/pipeline/finding"
)

// run runs the whole pipeline on a drop folder with the sample's
// configuration.
func run(t *testing.T, in string) *pipeline.Job {
	t.Helper()
	soffice, _ := exec.LookPath("soffice") // for .ods and .xls layouts
	j := &pipeline.Job{ConfigPath: "../../data/config.yaml", InputDir: in, OutputDir: t.TempDir(), Soffice: soffice}
	if err := pipeline.Run(context.Background(), j); err != nil {
		t.Fatal(err)
	}
	return j
}

var clean struct {
	once sync.Once
	figs map[string]float64
}

// cleanFigures are the figures of the clean sample, run once.
func cleanFigures(t *testing.T) map[string]float64 {
	clean.once.Do(func() {
		in := t.TempDir()
		if err := Write(in, CuKhoi2020()); err != nil {
			t.Fatal(err)
		}
		j := run(t, in)
		if j.DataErrors() || j.Manifest == nil {
			t.Fatalf("clean sample: %v", j.Findings)
		}
		clean.figs = j.Manifest.Values()
	})
	if clean.figs == nil {
		t.Fatal("the clean run failed")
	}
	return clean.figs
}

// TestLayouts reads every layout of the corpus: each must give the clean
// sample's figures, with no error finding and no warning the layout does
// not expect, and say what it interpreted.
func TestLayouts(t *testing.T) {
	want := cleanFigures(t)
	for _, l := range Layouts {
		t.Run(l.Name, func(t *testing.T) {
			in := t.TempDir()
			if err := l.Write(in, CuKhoi2020()); err != nil {
				t.Fatal(err)
			}
			j := run(t, in)
			var said []string
			for _, f := range j.Findings {
				said = append(said, f.Place()+": "+f.Message)
				switch {
				case f.Level == finding.Error:
					t.Errorf("error finding: %s: %s (%s)", f.Place(), f.Message, f.Hint)
				case f.Level == finding.Warning && !slices.ContainsFunc(l.Findings, func(s string) bool { return strings.Contains(said[len(said)-1], s) }):
					t.Errorf("unexpected warning: %s: %s (%s)", f.Place(), f.Message, f.Hint)
				}
				if strings.Contains(f.Message+f.Hint, "‹") {
					t.Errorf("a field the catalogue's form lacks: %s: %s (%s)", f.Place(), f.Message, f.Hint)
				}
			}
			if j.Manifest == nil {
				t.Fatal("no manifest")
			}
			got := j.Manifest.Values()
			for k, v := range want {
				if got[k] != v {
					t.Errorf("%s = %v, want %v", k, got[k], v)
				}
			}
			all := strings.Join(said, "\n")
			for _, s := range l.Findings {
				if !strings.Contains(all, s) {
					t.Errorf("no finding says %q; findings:\n%s", s, all)
				}
			}
		})
	}
}
