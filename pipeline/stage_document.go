package pipeline

import (
	"context"
	"os"
	"path/filepath"

	"asxh/pipeline/document"
	"asxh/pipeline/figure"
	"asxh/pipeline/finding"
	"asxh/pipeline/render/pdf"
)

// buildDocument fills the body template with the figures.
type buildDocument struct{}

func (buildDocument) reportOnly() {}

func (buildDocument) String() string { return "document" }

func (buildDocument) Run(ctx context.Context, j *Job) error {
	// Characters the PDF cannot draw, in the configuration and the
	// template, are a warning at their line (the reader warns at the cell
	// for the registers'); the PDF draws a substitute.
	if data, err := os.ReadFile(j.Config.Path); err == nil {
		j.Findings = append(j.Findings, pdf.CheckSource(filepath.Base(j.Config.Path), data)...)
	}
	j.Findings = append(j.Findings, pdf.CheckSource(filepath.Base(j.Config.Document.Template), []byte(j.Template))...)
	draft := j.Draft && j.DataErrors()
	if draft {
		errs, failed := j.uncertain()
		j.Figures.MarkUncertain(j.Config, errs, failed)
	}
	d, err := document.Build(j.Config, j.Figures, j.Template, draft)
	j.Document = d
	return err
}

// uncertain counts the errors found in each register's data, what a
// draft's figures over it are uncertain by, and names the figures that
// failed their own checks (whose findings name the figure as the rule).
func (j *Job) uncertain() (errs map[string]int, failed map[string]bool) {
	errs, failed = map[string]int{}, map[string]bool{}
	for _, f := range j.Findings {
		switch {
		case f.Level != finding.Error:
		case figure.Checked(f.Code):
			if k, ok := f.Args[figure.FigureArg].(string); ok {
				failed[k] = true
			}
		case f.Register != "" && f.File != filepath.Base(j.Config.Path):
			errs[f.Register]++
		}
	}
	return errs, failed
}
