// Package pipeline runs the stages of a report in order. Read the list in
// stages to know the order of everything: data flows one way, each stage
// reading what earlier ones left in the Job and adding its own part.
package pipeline

import (
	"bytes"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"

	"asxh/pipeline/config"
	"asxh/pipeline/document"
	"asxh/pipeline/figure"
	"asxh/pipeline/finding"
	"asxh/pipeline/publish"
	"asxh/pipeline/read"
	"asxh/pipeline/record"
	"asxh/pipeline/render/pdf"
	"asxh/pipeline/render/xlsx"
	"asxh/pipeline/source"
	"asxh/pipeline/validate"
)

// Job is one run: what was asked, and what each stage produced.
type Job struct {
	// Asked for.
	ConfigPath   string
	InputDir     string // overrides the configuration's input folder
	OutputDir    string // overrides the configuration's output root
	Draft        bool   // publish a marked draft even when the data has errors
	ValidateOnly bool   // stop after validation; write only the findings
	Version      string
	Soffice      string // LibreOffice, to read .xls and .ods registers; "" refuses them
	Log          *slog.Logger

	// Produced, in stage order.
	Config    *config.Config
	Files     []source.File
	Records   record.Set
	Stats     map[string]read.Stats
	Findings  finding.List
	Figures   *figure.Set
	Document  *document.Document
	Outputs   []publish.File
	OutDir    string   // the year's output folder
	Published []string // names written
}

// stage is one step; report stages are skipped by validate.
type stage struct {
	name   string
	report bool
	run    func(*Job) error
}

var stages = []stage{
	{"config", false, loadConfig},        // read and check the configuration
	{"sources", false, findSources},      // match the drop folder's files to registers
	{"read", false, readRecords},         // find each table and type every row
	{"validate", false, validateRecords}, // check records against the rules
	{"figures", true, computeFigures},    // count, sum and tabulate
	{"document", true, buildDocument},    // fill the body template with the figures
	{"render", false, render},            // draw the PDF and the workbooks
	{"publish", false, publishOutputs},   // write atomically; no final report over data errors
}

// Run runs every stage in order and stops at the first that fails. Data
// errors are not failures: they are findings, and Errors tells.
func Run(j *Job) error {
	if j.Log == nil {
		j.Log = slog.New(slog.DiscardHandler)
	}
	for _, s := range stages {
		if s.report && j.ValidateOnly {
			continue
		}
		if err := s.run(j); err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
		j.Log.Debug("stage done", "stage", s.name, "findings", len(j.Findings))
	}
	return nil
}

// DataErrors reports whether the findings block the final report.
func (j *Job) DataErrors() bool { return j.Findings.Count(finding.Error) > 0 }

func loadConfig(j *Job) error {
	c, err := config.Load(j.ConfigPath)
	j.Config = c
	return err
}

func findSources(j *Job) error {
	dir := j.InputDir
	if dir == "" {
		dir = j.Config.Resolve(j.Config.Input)
	}
	files, fs, err := source.Find(j.Config, dir, j.Soffice != "")
	j.Files = files
	j.Findings = append(j.Findings, fs...)
	return err
}

func readRecords(j *Job) error {
	set, stats, fs := read.Read(j.Config, j.Files, j.Soffice)
	j.Records, j.Stats = set, stats
	j.Findings = append(j.Findings, fs...)
	return nil
}

func validateRecords(j *Job) error {
	j.Findings = append(j.Findings, validate.Validate(j.Config, j.Records)...)
	return nil
}

func computeFigures(j *Job) error {
	figs, fs := figure.Compute(j.Config, j.Records)
	j.Figures = figs
	j.Findings = append(j.Findings, fs...)
	return nil
}

func buildDocument(j *Job) error {
	src, err := os.ReadFile(j.Config.Resolve(j.Config.Document.Template))
	if err != nil {
		return err
	}
	d, err := document.Build(j.Config, j.Figures, string(src), j.Draft && j.DataErrors())
	j.Document = d
	return err
}

// render draws the findings workbook always, and the report when the data
// allows it or a draft was asked for.
func render(j *Job) error {
	c := j.Config
	year := strconv.Itoa(c.Year)
	in := xlsx.Input{Doc: j.Document, Figures: j.Figures, Findings: j.Findings, ConfigHash: c.Hash, Version: j.Version, Stamp: c.Document.Day}
	if in.Doc == nil {
		in.Doc = &document.Document{Year: c.Year, Title: c.Document.Title}
	}
	for _, f := range j.Files {
		cnt := 0
		if j.Figures != nil {
			cnt = j.Figures.Counted[f.Name]
		}
		in.Sources = append(in.Sources, xlsx.Source{Name: f.Name, Register: f.Register, SHA256: f.SHA256, Size: f.Size, Rows: j.Stats[f.Name].Rows, Counted: cnt})
	}
	var buf bytes.Buffer
	if err := xlsx.RenderFindings(in, &buf); err != nil {
		return err
	}
	j.Outputs = append(j.Outputs, publish.File{Name: c.Document.Findings + "-" + year + ".xlsx", Data: bytes.Clone(buf.Bytes())})
	if err := markCopies(j); err != nil {
		return err
	}
	if j.ValidateOnly || (j.DataErrors() && !j.Draft) {
		return nil
	}
	stem := c.Document.Name + "-" + year
	if j.Document.Draft {
		stem += "-du-thao"
	}
	buf.Reset()
	if err := pdf.Render(j.Document, c.Document.Day, &buf); err != nil {
		return err
	}
	j.Outputs = append(j.Outputs, publish.File{Name: stem + ".pdf", Data: bytes.Clone(buf.Bytes())})
	buf.Reset()
	if err := xlsx.Render(in, &buf); err != nil {
		return err
	}
	j.Outputs = append(j.Outputs, publish.File{Name: stem + ".xlsx", Data: bytes.Clone(buf.Bytes())})
	return nil
}

// MarkedDir is the folder, under the year's output, of the clerks' own
// workbooks with the cells to fix marked.
const MarkedDir = "sua-loi"

// markCopies adds, for every input workbook with findings, a copy with the
// offending cells marked and commented.
func markCopies(j *Job) error {
	byFile := map[string][]finding.Finding{}
	for _, f := range j.Findings {
		if f.Level > finding.Info {
			byFile[f.File] = append(byFile[f.File], f)
		}
	}
	for _, f := range j.Files { // in name order
		if f.Format != "xlsx" || len(byFile[f.Name]) == 0 {
			continue
		}
		var buf bytes.Buffer
		if err := xlsx.Mark(f.Path, byFile[f.Name], &buf); err != nil {
			j.Log.Warn("cannot mark a copy", "file", f.Name, "err", err)
			continue
		}
		j.Outputs = append(j.Outputs, publish.File{Name: filepath.Join(MarkedDir, f.Name), Data: buf.Bytes()})
	}
	return nil
}

func publishOutputs(j *Job) error {
	root := j.OutputDir
	if root == "" {
		root = j.Config.Resolve(j.Config.Output)
	}
	j.OutDir = filepath.Join(root, strconv.Itoa(j.Config.Year))
	if err := publish.Write(j.OutDir, j.Outputs); err != nil {
		return err
	}
	var marked []string
	for _, o := range j.Outputs {
		if filepath.Dir(o.Name) == MarkedDir {
			marked = append(marked, filepath.Base(o.Name))
		}
	}
	if err := publish.Prune(filepath.Join(j.OutDir, MarkedDir), marked); err != nil {
		return err
	}
	for _, o := range j.Outputs {
		j.Published = append(j.Published, filepath.Join(j.OutDir, o.Name))
	}
	return nil
}
