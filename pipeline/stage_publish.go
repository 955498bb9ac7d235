package pipeline

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"asxh/pipeline/manifest"
	"asxh/pipeline/publish"
)

// publishOutputs writes the outputs and the manifest as a new release of
// the year's folder. The final report of the last good run is carried
// over when this run publishes none; marked copies and findings are
// always this run's. validate changes only the findings: the rest of the
// folder, manifest included, stays as the last run left it.
type publishOutputs struct{}

func (publishOutputs) String() string { return "publish" }

func (publishOutputs) Run(ctx context.Context, j *Job) error {
	final := j.reportStem()
	publishing := !j.ValidateOnly && !j.DataErrors()
	keep := func(name string) bool {
		switch {
		case j.ValidateOnly:
			return filepath.Dir(name) != MarkedDir
		case name == final+".pdf", name == final+".xlsx", name == final+".docx", name == manifest.FinalName:
			return !publishing
		case name == final+DraftSuffix+".pdf", name == final+DraftSuffix+".xlsx", name == final+DraftSuffix+".docx":
			return !publishing // a draft goes once the data is clean
		}
		return false
	}
	files := j.Outputs
	if !j.ValidateOnly {
		m := j.Manifest
		m.Published = publishing
		m.Outputs = nil
		for _, o := range j.Outputs {
			sum, size := o.SHA256, o.Size
			if o.Path == "" {
				sum, size = manifest.Hash(o.Data), int64(len(o.Data))
			}
			m.Outputs = append(m.Outputs, manifest.Output{Path: o.Name, SHA256: sum, Bytes: size})
		}
		m.End = j.Now().Format(time.RFC3339)
		data, err := m.Encode()
		if err != nil {
			return err
		}
		files = append(files, publish.File{Name: manifest.Name, Data: data})
		if publishing && j.Rollup == nil {
			fin, err := finalRecord(m, final)
			if err != nil {
				return err
			}
			files = append(files, publish.File{Name: manifest.FinalName, Data: fin})
		}
	}
	if err := publish.Release(j.Root, strconv.Itoa(j.Config.Year), files, keep); err != nil {
		return err
	}
	for _, o := range j.Outputs {
		j.Published = append(j.Published, filepath.Join(j.OutDir, o.Name))
	}
	return nil
}

// finalRecord is the manifest of a final report as the releases after it
// keep it: only the report's own files, which they carry over (the
// findings and marked copies are each run's own).
func finalRecord(m *manifest.Manifest, stem string) ([]byte, error) {
	f := *m
	f.Outputs = nil
	for _, o := range m.Outputs {
		if strings.HasPrefix(o.Path, stem+".") {
			f.Outputs = append(f.Outputs, o)
		}
	}
	return f.Encode()
}
