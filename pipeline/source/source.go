// Package source finds the files in the drop folder and matches each to
// the register that claims it.
package source

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"asxh/internal/safefile"
	"asxh/pipeline/config"
	"asxh/pipeline/finding"
)

// File is one input file.
type File struct {
	Path     string
	Name     string // base name
	Register string // "" when no register claims it
	Format   string // xlsx, csv, or convert (another spreadsheet format LibreOffice turns into xlsx)
	SHA256   string
	Size     int64
	Modified time.Time
}

// spreadsheet extensions a register may be read from, and the format each is read as.
var readable = map[string]string{".xlsx": "xlsx", ".xlsm": "xlsx", ".csv": "csv"}

// convertible formats a clerk must re-save before they can be read.
var convertible = []string{".xls", ".ods", ".xlsb"}

// Options tune Find.
type Options struct {
	// Convert reads .xls and .ods registers through LibreOffice; without
	// it they are refused.
	Convert bool
	// MaxBytes is the largest file read; a larger one is a finding. 0
	// takes the configuration's reader.max_file_mb.
	MaxBytes int64
	// Settle is how far apart the two looks at a CSV (or a file to
	// convert) are: one whose size or content changed between them is
	// still being copied in. 0 looks once. An .xlsx needs no second look:
	// its zip's directory at the end tells a whole file from a half one.
	Settle time.Duration
	// Known holds the SHA-256 of files a run has read whole before: the
	// same bytes again need no second look (an unchanged rerun must not
	// wait).
	Known map[string]bool
}

// Find lists the drop folder dir and matches its files to registers. A
// spreadsheet no register claims is a warning; any other file but the
// configuration and its template is mentioned. An .xls or .ods register is
// read through LibreOffice when canConvert is set, and refused otherwise.
func Find(c *config.Config, dir string, canConvert bool) ([]File, finding.List, error) {
	return FindWith(c, dir, Options{Convert: canConvert})
}

// FindWith is Find with every option. Only regular files within the size
// limit are listed: anything else named like a register (a FIFO, a
// device, a folder) is a finding and is never opened for reading, so it
// cannot hang the run. Identical copies of one register's file are read
// once, with a warning naming them all.
func FindWith(c *config.Config, dir string, o Options) ([]File, finding.List, error) {
	if o.MaxBytes <= 0 {
		o.MaxBytes = int64(c.Reader.MaxFileMB) << 20
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, err
	}
	var files []File
	var fs finding.List
	claimed := map[string]bool{} // registers with a file, readable or not
	for _, e := range entries {  // ReadDir sorts by name
		name := e.Name()
		if strings.HasPrefix(name, "~$") || strings.HasPrefix(name, ".") {
			continue
		}
		ext := strings.ToLower(filepath.Ext(name))
		format, ok := readable[ext]
		reg := Claim(c, name)
		spreadsheet := ok || slices.Contains(convertible, ext)
		if e.IsDir() && (reg == "" || !spreadsheet) {
			continue // a sub-folder: not the drop folder's business
		}
		if reg != "" && spreadsheet {
			claimed[reg] = true
		}
		if !ok && slices.Contains(convertible, ext) && o.Convert {
			format, ok = "convert", true
		}
		switch {
		case !ok && slices.Contains(convertible, ext) && reg != "":
			fs.Add(finding.Finding{Code: finding.FileError, Level: finding.Error, Register: reg, File: name}.
				Say("convert", finding.Args{"tep": name, "dinh_dang": ext}))
			continue
		case !ok:
			// not a spreadsheet: said once, so nothing in the folder goes unmentioned
			if abs, _ := filepath.Abs(filepath.Join(dir, name)); !slices.Contains(ownFiles(c), abs) {
				fs.Add(finding.Finding{Code: finding.UnclaimedFile, Level: finding.Info, File: name}.Say("not-a-sheet", finding.Args{"tep": name}))
			}
			continue
		case reg == "":
			fs.Add(finding.Finding{Code: finding.UnclaimedFile, Level: finding.Warning, File: name}.Say("", finding.Args{"tep": name}))
			continue
		}
		f := File{Path: filepath.Join(dir, name), Name: name, Register: reg, Format: format}
		if p := f.look(o.MaxBytes); p != nil {
			fs.Add(finding.Finding{Code: finding.FileError, Level: finding.Error, Register: reg, File: name}.Say("look", finding.Args{"ly_do": p.msg, "cach_sua": p.hint}))
			continue
		}
		files = append(files, f)
	}
	files = settle(files, o, &fs)
	files = dropCopies(files, &fs)
	for _, r := range c.Registers {
		if !claimed[r.Key] {
			fs.Add(finding.Finding{Code: finding.NoFile, Level: finding.Error, Register: r.Key}.
				Say("", finding.Args{"so": r.Title, "mau": strings.Join(r.Files, ", ")}))
		}
	}
	return files, fs, nil
}

// DefaultMaxBytes is the size limit when none is configured.
const DefaultMaxBytes = 200 << 20

// settle looks a second time, o.Settle after the first, at every file a
// half copy of which could read as whole (a CSV, or a file to convert),
// and keeps only those whose size and content held still. The clock is
// not asked: a copy that preserves the source's timestamp, or a clock
// set wrong, would fool it.
func settle(files []File, o Options, fs *finding.List) []File {
	unsure := func(f File) bool { return needsSecondLook(f) && !o.Known[f.SHA256] }
	if o.Settle <= 0 || !slices.ContainsFunc(files, unsure) {
		return files
	}
	time.Sleep(o.Settle)
	kept := files[:0]
	for _, f := range files {
		if unsure(f) {
			again := f
			if p := again.look(o.MaxBytes); p != nil || again.Size != f.Size || again.SHA256 != f.SHA256 {
				fs.Add(finding.Finding{Code: finding.FileError, Level: finding.Error, Register: f.Register, File: f.Name}.
					Say("changing", finding.Args{"tep": f.Name, "truoc": f.Size, "sau": again.Size, "cho": o.Settle}))
				continue
			}
		}
		kept = append(kept, f)
	}
	return kept
}

func needsSecondLook(f File) bool { return f.Format == "csv" || f.Format == "convert" }

// dropCopies keeps one of each set of a register's files with the same
// content — the shortest name, the original beside "… - Copy" — and says
// once which were left out: read twice, a copy doubles every figure.
func dropCopies(files []File, fs *finding.List) []File {
	type key struct{ reg, sha string }
	groups := map[key][]File{}
	for _, f := range files {
		k := key{f.Register, f.SHA256}
		groups[k] = append(groups[k], f)
	}
	kept := files[:0:0]
	for _, f := range files {
		g := groups[key{f.Register, f.SHA256}]
		keep := slices.MinFunc(g, func(a, b File) int {
			if c := len(a.Name) - len(b.Name); c != 0 {
				return c
			}
			return strings.Compare(a.Name, b.Name)
		})
		if f.Name == keep.Name {
			kept = append(kept, f)
			continue
		}
		if f.Name != firstOther(g, keep.Name) {
			continue // said once per set
		}
		var others []string
		for _, o := range g {
			if o.Name != keep.Name {
				others = append(others, o.Name)
			}
		}
		fs.Add(finding.Finding{Code: finding.DuplicateFile, Level: finding.Warning, Register: f.Register, File: keep.Name}.
			Say("copy", finding.Args{"ban_sao": strings.Join(others, ", "), "tep": keep.Name}))
	}
	return kept
}

// firstOther is the first name in g other than keep.
func firstOther(g []File, keep string) string {
	for _, f := range g {
		if f.Name != keep {
			return f.Name
		}
	}
	return ""
}

// ownFiles are the configuration and its template, which may sit in the
// drop folder.
func ownFiles(c *config.Config) []string {
	a, _ := filepath.Abs(c.Path)
	b, _ := filepath.Abs(c.Resolve(c.Document.Template))
	return []string{a, b}
}

// Claim returns the key of the first register whose pattern matches the
// file name without its extension, ignoring case.
func Claim(c *config.Config, name string) string {
	stem := strings.ToLower(strings.TrimSuffix(name, filepath.Ext(name)))
	for _, r := range c.Registers {
		for _, p := range r.Files {
			if ok, _ := path.Match(strings.ToLower(p), stem); ok {
				return r.Key
			}
		}
	}
	return ""
}

// problem is why a file is not read.
type problem struct{ msg, hint string }

// look checks that f is a regular file within max bytes and takes its
// size, hash and time. It opens without blocking and checks the opened
// file itself, so a FIFO or a device is never read, and a file swapped
// for one between the listing and the open is caught too.
func (f *File) look(max int64) *problem {
	notRegular := &problem{fmt.Sprintf("%s không phải là tệp thường (là thư mục, FIFO, thiết bị…) nên không được đọc", f.Name),
		"chỉ để tệp bảng tính trong thư mục dữ liệu"}
	fh, err := safefile.Open(f.Path)
	if errors.Is(err, safefile.ErrNotRegular) {
		return notRegular
	}
	if err != nil {
		return &problem{fmt.Sprintf("không đọc được tệp %s: %v", f.Name, err), ""}
	}
	defer fh.Close()
	st, err := fh.Stat()
	if err != nil {
		return &problem{fmt.Sprintf("không đọc được tệp %s: %v", f.Name, err), ""}
	}
	tooLarge := &problem{fmt.Sprintf("tệp %s lớn %d MiB, quá giới hạn %d MiB nên không được đọc", f.Name, st.Size()>>20, max>>20),
		"kiểm tra đúng tệp sổ chưa; nếu đúng, tăng reader.max_file_mb trong cấu hình"}
	if st.Size() > max {
		return tooLarge
	}
	h := sha256.New()
	n, err := io.Copy(h, io.LimitReader(fh, max+1)) // a file growing past the limit as we read stops too
	if err != nil {
		return &problem{fmt.Sprintf("không đọc được tệp %s: %v", f.Name, err), ""}
	}
	if n > max {
		return tooLarge
	}
	f.SHA256, f.Size, f.Modified = hex.EncodeToString(h.Sum(nil)), n, st.ModTime()
	return nil
}
