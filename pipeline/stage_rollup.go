package pipeline

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"

	"asxh/internal/safefile"
	"asxh/pipeline/config"
	"asxh/pipeline/manifest"
	"asxh/pipeline/rollup"
)

// Rollup is a district's (or a city's) run: its report from its units'
// published results, reading no register, ending as a ward's run ends.
// The Job carries the loaded Rollup configuration and the ResultDirs.
func Rollup() []Stage {
	return append([]Stage{
		rollupConfig{},  // the district's configuration as a report's
		lockOutput{},    // one run at a time on the district's output folder
		readResults{},   // every unit's manifest, each checked on the way in
		sumResults{},    // counts and sums added up, rates recomputed
		buildDocument{}, // fill the district's body template with the sums
		staleNotes{},    // the appendix says which units' figures are older
	}, Tail()...)
}

// rollupConfig sets the job up from the district's configuration.
type rollupConfig struct{}

func (rollupConfig) String() string { return "config" }

func (rollupConfig) Run(ctx context.Context, j *Job) error {
	c := j.Rollup
	j.Config = c.AsReport()
	j.Root = j.OutputDir
	if j.Root == "" {
		j.Root = c.Resolve(c.Output)
	}
	j.OutDir = filepath.Join(j.Root, strconv.Itoa(c.Year))
	tmpl, err := safefile.ReadFile(c.Resolve(c.Document.Template), config.MaxSize)
	j.Template = string(tmpl)
	return err
}

// readResults reads and checks the units' results (see rollup.Read).
type readResults struct{}

func (readResults) String() string { return "results" }

func (readResults) Run(ctx context.Context, j *Job) error {
	rs, left, err := rollup.Read(j.Rollup, j.ResultDirs, j.Version, j.Stale)
	j.Results, j.Excluded = rs, left
	return err
}

// sumResults adds the units' figures up.
type sumResults struct{}

func (sumResults) String() string { return "figures" }

func (sumResults) Run(ctx context.Context, j *Job) error {
	figs, err := rollup.Compute(j.Rollup, j.Results, j.Excluded)
	j.Figures = figs
	return err
}

// rollupInputs are a roll-up's inputs for its manifest: each unit's
// manifest, named by the unit.
func (j *Job) rollupInputs(m *manifest.Manifest) {
	m.Level = rollup.Level(j.Results[0].Manifest) + 1
	for _, r := range j.Results {
		m.Inputs = append(m.Inputs, manifest.Input{Path: filepath.Join(r.Dir, manifest.Name), Name: r.Manifest.Unit.Name,
			Register: r.Manifest.Unit.Code, SHA256: r.SHA256, Bytes: r.Size})
	}
}

// staleNotes adds under the appendix's heading one note per unit rolled
// up from an earlier final report, numbered as its row in the per-unit
// table, and one for the units left out.
type staleNotes struct{}

func (staleNotes) String() string { return "notes" }

func (staleNotes) Run(ctx context.Context, j *Job) error {
	n := 0
	for _, r := range j.Results {
		if r.Stale != nil {
			n++
			j.Document.Appendix.Notes = append(j.Document.Appendix.Notes, fmt.Sprintf("(%d) %s.", n, rollup.StaleNote(r)))
		}
	}
	for _, e := range j.Excluded {
		j.Document.Appendix.Notes = append(j.Document.Appendix.Notes, fmt.Sprintf("Chưa tổng hợp: %s (%s).", e.Name, e.Why))
	}
	return nil
}
