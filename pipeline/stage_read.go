package pipeline

import (
	"context"

	"asxh/pipeline/read"
	"asxh/pipeline/source"
)

// readRecords finds each table and types every row, as a stream.
type readRecords struct{}

func (readRecords) String() string { return "read" }

func (readRecords) Run(ctx context.Context, j *Job) error {
	j.Reader = read.New(j.Config, j.Files, j.Soffice).WithContext(ctx)
	j.Records = j.Reader.Records()
	j.Overlap = source.NewOverlap(j.Config, j.Files)
	j.Records = j.Overlap.Filter(j.Records)
	return nil
}
