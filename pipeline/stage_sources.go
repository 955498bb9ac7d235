package pipeline

import (
	"context"

	"asxh/pipeline/manifest"
	"asxh/pipeline/source"
)

// findSources matches the drop folder's files to registers.
type findSources struct{}

func (findSources) String() string { return "sources" }

func (findSources) Run(ctx context.Context, j *Job) error {
	dir := j.InputDir
	if dir == "" {
		dir = j.Config.Resolve(j.Config.Input)
	}
	// Files the last run read whole need no second look: an unchanged
	// rerun stays instant.
	known := map[string]bool{}
	if last, _ := manifest.Read(j.OutDir); last != nil {
		for _, in := range last.Inputs {
			known[in.SHA256] = true
		}
	}
	files, found, err := source.FindWith(j.Config, dir, source.Options{Convert: j.Soffice != "", Settle: j.Settle, Known: known})
	if err != nil {
		return &PathError{What: "thư mục dữ liệu", Path: dir, From: j.from("--input", j.InputDir, "input"), Err: err}
	}
	j.Findings = append(j.Findings, found...)
	j.Files = files
	return nil
}
