package pipeline

import (
	"asxh/pipeline/finding"
	"asxh/pipeline/read"
	"asxh/pipeline/source"
)

// rowAt is a row of a sheet of an input file.
type rowAt struct {
	file, sheet string
	row         int
}

// people names the record on every row a finding points at ("Nguyễn Văn
// An (HN001)"), for the lists a clerk works from: the marked copies and
// the correction sheet. The stream keeps no records, so the files with
// such findings are read a second time, and only those rows kept; a run
// whose data has findings can afford it, a clean run never pays.
func people(j *Job) map[rowAt]string {
	want := map[rowAt]bool{}
	files := map[string]bool{}
	for _, f := range j.Findings {
		if f.Level > finding.Info && f.Row > 0 && f.File != "" {
			want[rowAt{f.File, f.Sheet, f.Row}] = true
			files[f.File] = true
		}
		if f.Code == finding.FileError && f.Level == finding.Error {
			files[f.File] = false // refused: reading it again would be refused again
		}
	}
	var again []source.File
	for _, f := range j.Files {
		reg := j.Config.Register(f.Register)
		if files[f.Name] && reg != nil && (reg.ID != "" || reg.Name != "") {
			again = append(again, f)
		}
	}
	who := map[rowAt]string{}
	if len(again) == 0 {
		return who
	}
	for reg, rec := range read.New(j.Config, again, j.Soffice).Records() {
		at := rowAt{rec.Sheet.File, rec.Sheet.Sheet, rec.Row}
		if !want[at] {
			continue
		}
		raw := func(key string) string {
			if i := reg.FieldIndex(key); key != "" && i >= 0 && i < len(rec.Raw) {
				return rec.Raw[i]
			}
			return ""
		}
		name, id := raw(reg.Name), raw(reg.ID)
		switch {
		case name != "" && id != "" && id != name:
			who[at] = name + " (" + id + ")"
		case name != "":
			who[at] = name
		default:
			who[at] = id
		}
	}
	return who
}
