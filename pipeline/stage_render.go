package pipeline

import (
	"bytes"
	"context"
	"path/filepath"
	"strconv"

	"asxh/pipeline/document"
	"asxh/pipeline/publish"
	"asxh/pipeline/render/docx"
	"asxh/pipeline/render/pdf"
	"asxh/pipeline/render/xlsx"
)

// render draws the findings workbook of a run that read registers, and
// the report (PDF, Word, workbook) when the data allows it or a draft was
// asked for.
type render struct{}

func (render) String() string { return "render" }

func (render) Run(ctx context.Context, j *Job) error {
	c := j.Config
	year := strconv.Itoa(c.Year)
	in := xlsx.Input{Doc: j.Document, Figures: j.Figures, Findings: j.Findings, ConfigHash: c.Hash, Version: j.Version, Stamp: c.Document.Day,
		Titles: map[string]string{}}
	for _, r := range c.Registers {
		in.Titles[r.Key] = r.Title
	}
	if in.Doc == nil {
		in.Doc = &document.Document{Year: c.Year, Title: c.Document.Title}
	}
	for _, f := range j.Manifest.Inputs {
		name := f.Name
		if name == "" {
			name = filepath.Base(f.Path)
		}
		in.Sources = append(in.Sources, xlsx.Source{Name: name, Register: f.Register, SHA256: f.SHA256, Size: f.Bytes, Rows: f.RowsRead, Counted: f.RowsCounted})
	}
	var buf bytes.Buffer
	if j.Rollup == nil {
		if err := xlsx.RenderFindings(in, &buf); err != nil {
			return err
		}
		j.Outputs = append(j.Outputs, publish.File{Name: c.Document.Findings + "-" + year + ".xlsx", Data: bytes.Clone(buf.Bytes())})
	}
	if !j.ValidateOnly && (!j.DataErrors() || j.Draft) {
		stem := j.reportStem()
		if j.Document.Draft {
			stem += DraftSuffix
		}
		buf.Reset()
		if err := pdf.Render(j.Document, c.Document.Day, &buf); err != nil {
			return err
		}
		j.Outputs = append(j.Outputs, publish.File{Name: stem + ".pdf", Data: bytes.Clone(buf.Bytes())})
		buf.Reset()
		if err := docx.Render(j.Document, c.Document.Day, &buf); err != nil {
			return err
		}
		j.Outputs = append(j.Outputs, publish.File{Name: stem + ".docx", Data: bytes.Clone(buf.Bytes())})
		buf.Reset()
		if err := xlsx.Render(in, &buf); err != nil {
			return err
		}
		j.Outputs = append(j.Outputs, publish.File{Name: stem + ".xlsx", Data: bytes.Clone(buf.Bytes())})
	}
	return nil
}

// DraftSuffix ends the names of a draft's files, so a draft never
// replaces the final report.
const DraftSuffix = "-du-thao"

func (j *Job) reportStem() string {
	return j.Config.Document.Name + "-" + strconv.Itoa(j.Config.Year)
}

// MarkedDir is the folder, under the year's output, of the clerks' own
// workbooks with the cells to fix marked.
const MarkedDir = "sua-loi"
