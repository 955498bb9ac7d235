package pipeline

import (
	"context"
	"os"
	"time"

	"asxh/pipeline/publish"
)

// lockOutput makes this the one run on its output root.
type lockOutput struct{}

func (lockOutput) String() string { return "lock" }

func (lockOutput) Run(ctx context.Context, j *Job) error {
	if err := os.MkdirAll(j.Root, 0o755); err != nil {
		return &PathError{What: "thư mục kết quả", Path: j.Root, From: j.from("--out", j.OutputDir, "output"), Err: err}
	}
	l, err := publish.Acquire(j.Root, publish.Holder(os.Getpid(), j.Started.Format(time.RFC3339)))
	if err != nil {
		return err
	}
	if err := publish.CheckRoot(j.Root, RunsLog); err != nil {
		l.Release()
		return err
	}
	j.lock = l
	return nil
}
