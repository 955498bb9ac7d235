package pipeline

import (
	"context"
	"path/filepath"
	"strconv"

	"asxh/pipeline/manifest"
)

// lastYear reads the previous year's manifest, when that year was published
// into the same output root.
type lastYear struct{}

func (lastYear) reportOnly() {}

func (lastYear) String() string { return "history" }

func (lastYear) Run(ctx context.Context, j *Job) error {
	m, err := manifest.Read(filepath.Join(j.Root, strconv.Itoa(j.Config.Year-1)))
	if err != nil {
		j.Log.Warn("không đọc được manifest.json của năm trước", "err", err)
		return nil
	}
	if m != nil && m.Published {
		j.Previous = m
	}
	return nil
}
