package pipeline

import (
	"context"
	"time"

	"asxh/pipeline/finding"
	"asxh/pipeline/manifest"
)

// buildManifest records the run before anything is drawn: the inputs
// with their hashes and counts, the figures, the findings. The workbook's
// "Nguồn dữ liệu" sheet is drawn from it, so the sheet and manifest.json
// cannot disagree; publish adds the outputs.
type buildManifest struct{}

func (buildManifest) String() string { return "manifest" }

func (buildManifest) Run(ctx context.Context, j *Job) error {
	if j.Manifest == nil {
		j.Manifest = j.record()
	}
	return nil
}

// record builds the manifest of this run, but for its outputs and end,
// which publish adds.
func (j *Job) record() *manifest.Manifest {
	status := 0
	if j.DataErrors() {
		status = 1
	}
	m := &manifest.Manifest{Tool: "asxh", Version: j.Version, Key: j.Key, ConfigSHA256: j.Config.Hash, Year: j.Config.Year,
		Unit:  manifest.Unit{Code: j.Config.Unit.Code, Name: j.Config.Unit.FullName()},
		Start: j.Started.Format(time.RFC3339), ExitStatus: status,
		Draft:    j.Document != nil && j.Document.Draft,
		Findings: manifest.Counts{Errors: j.Findings.Count(finding.Error), Warnings: j.Findings.Count(finding.Warning), Info: j.Findings.Count(finding.Info)}}
	if j.Rollup != nil {
		j.rollupInputs(m)
	}
	perFile := map[string]int{}
	for _, f := range j.Findings {
		perFile[f.File]++
	}
	for _, f := range j.Files {
		in := manifest.Input{Path: f.Path, Register: f.Register, SHA256: f.SHA256, Bytes: f.Size, RowsRead: j.Stats[f.Name].Rows, Findings: perFile[f.Name]}
		if j.Figures != nil {
			in.RowsCounted = j.Figures.Counted[f.Name]
		}
		m.Inputs = append(m.Inputs, in)
	}
	if j.Figures != nil {
		m.Figures = manifest.FromFigures(j.Figures.Figures)
	}
	return m
}
