package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"

	"asxh/pipeline/manifest"
)

// checkUnchanged computes the run key and compares it with the last
// published run's: same program, configuration, template and inputs, and
// that run's outputs still intact, means the same outputs.
type checkUnchanged struct{}

func (checkUnchanged) reportOnly() {}

func (checkUnchanged) String() string { return "unchanged" }

func (checkUnchanged) Run(ctx context.Context, j *Job) error {
	h := sha256.New()
	fmt.Fprintf(h, "asxh %s %s\nconfig %s\ndraft %v\n", j.Version, j.Build, j.Config.Hash, j.Draft)
	fmt.Fprintf(h, "template %s\n", manifest.Hash([]byte(j.Template)))
	for _, f := range j.Files {
		fmt.Fprintf(h, "input %s %s %s\n", f.Name, f.Register, f.SHA256)
	}
	for _, f := range j.Findings {
		fmt.Fprintf(h, "finding %s\n", f.Error()) // files left out or refused
	}
	// Last year's figures are columns of the report: their appearing or
	// changing changes it.
	if j.Previous != nil {
		prev := j.Previous.Values()
		for _, k := range slices.Sorted(maps.Keys(prev)) {
			fmt.Fprintf(h, "previous %s %v\n", k, prev[k])
		}
	}
	j.Key = hex.EncodeToString(h.Sum(nil))
	if j.Force {
		return nil
	}
	last, err := manifest.Read(j.OutDir)
	if err != nil || last == nil {
		return nil // no usable record: rebuild
	}
	j.Unchanged = last.Key == j.Key && last.ExitStatus == 0 && last.Intact(j.OutDir)
	if j.Unchanged {
		j.Manifest = last
	}
	return nil
}
