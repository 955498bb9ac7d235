package pipeline

import (
	"context"

	"asxh/pipeline/validate"
)

// validateRecords checks the records against the rules as they pass.
type validateRecords struct{}

func (validateRecords) String() string { return "validate" }

func (validateRecords) Run(ctx context.Context, j *Job) error {
	j.Validator = validate.New(j.Config)
	j.Records = j.Validator.Check(j.Records)
	return nil
}
