package pipeline

import (
	"context"
	"io"
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
		Titles: map[string]string{}, SheetRows: j.SheetRows}
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
	// Each output is written to a file as it is drawn, never held (the
	// report workbook is some 70 MB at a million records); publish moves
	// the files into the new release.
	out := func(name string, write func(io.Writer) error) error {
		f, err := j.spooled(name, write)
		if err != nil {
			return err
		}
		j.Outputs = append(j.Outputs, f)
		return nil
	}
	if j.Rollup == nil {
		if err := out(c.Document.Findings+"-"+year+".xlsx", func(w io.Writer) error { return xlsx.RenderFindings(in, w) }); err != nil {
			return err
		}
	}
	if !j.ValidateOnly && (!j.DataErrors() || j.Draft) {
		stem := j.reportStem()
		if j.Document.Draft {
			stem += DraftSuffix
		}
		day := c.Document.Day
		if err := out(stem+".pdf", func(w io.Writer) error { return pdf.Render(j.Document, day, w) }); err != nil {
			return err
		}
		if err := out(stem+".docx", func(w io.Writer) error { return docx.Render(j.Document, day, w) }); err != nil {
			return err
		}
		if err := out(stem+".xlsx", func(w io.Writer) error { return xlsx.Render(in, w) }); err != nil {
			return err
		}
	}
	return nil
}

// spooled writes the output name to a file of the run's spool, made at
// the first output.
func (j *Job) spooled(name string, write func(io.Writer) error) (publish.File, error) {
	s, err := j.spoolOf()
	if err != nil {
		return publish.File{}, err
	}
	return s.Write(name, write)
}

// spoolOf is the run's spool, made at the first use.
func (j *Job) spoolOf() (*publish.Spool, error) {
	if j.spool == nil {
		s, err := publish.NewSpool(j.Root, strconv.Itoa(j.Config.Year))
		if err != nil {
			return nil, err
		}
		j.spool = s
	}
	return j.spool, nil
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
