// Package source finds the files in the drop folder and matches each to
// the register that claims it.
package source

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

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

// Find lists the drop folder dir and matches its files to registers. A
// spreadsheet no register claims is a warning; any other file but the
// configuration and its template is mentioned. An .xls or .ods register is
// read through LibreOffice when canConvert is set, and refused otherwise.
func Find(c *config.Config, dir string, canConvert bool) ([]File, finding.List, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, err
	}
	var files []File
	var fs finding.List
	claimed := map[string]bool{} // registers with a file, readable or not
	for _, e := range entries {  // ReadDir sorts by name
		name := e.Name()
		if e.IsDir() || strings.HasPrefix(name, "~$") || strings.HasPrefix(name, ".") {
			continue
		}
		ext := strings.ToLower(filepath.Ext(name))
		format, ok := readable[ext]
		reg := claim(c, name)
		if reg != "" && (ok || slices.Contains(convertible, ext)) {
			claimed[reg] = true
		}
		if !ok && slices.Contains(convertible, ext) && canConvert {
			format, ok = "convert", true
		}
		switch {
		case !ok && slices.Contains(convertible, ext) && reg != "":
			fs.Add(finding.Finding{Code: finding.FileError, Level: finding.Error, Register: reg, File: name,
				Message: fmt.Sprintf("tệp %s ở định dạng %s; máy này không có LibreOffice để chuyển tệp nên không đọc được", name, ext),
				Hint:    "mở tệp bằng Excel hoặc LibreOffice và lưu lại dưới dạng .xlsx"})
			continue
		case !ok:
			// not a spreadsheet: said once, so nothing in the folder goes unmentioned
			if abs, _ := filepath.Abs(filepath.Join(dir, name)); !slices.Contains(ownFiles(c), abs) {
				fs.Add(finding.Finding{Code: finding.UnclaimedFile, Level: finding.Info, File: name,
					Message: fmt.Sprintf("tệp %s không phải là bảng tính nên không được đọc", name)})
			}
			continue
		case reg == "":
			fs.Add(finding.Finding{Code: finding.UnclaimedFile, Level: finding.Warning, File: name,
				Message: fmt.Sprintf("tệp %s không thuộc sổ nào trong cấu hình nên không được đọc", name),
				Hint:    "đổi tên tệp theo mẫu tên của sổ, hoặc chuyển tệp ra khỏi thư mục dữ liệu"})
			continue
		}
		f := File{Path: filepath.Join(dir, name), Name: name, Register: reg, Format: format}
		if err := f.hash(); err != nil {
			fs.Add(finding.Finding{Code: finding.FileError, Level: finding.Error, Register: reg, File: name,
				Message: fmt.Sprintf("không đọc được tệp %s: %v", name, err)})
			continue
		}
		files = append(files, f)
	}
	for _, r := range c.Registers {
		if !claimed[r.Key] {
			fs.Add(finding.Finding{Code: finding.NoFile, Level: finding.Error, Register: r.Key,
				Message: fmt.Sprintf("không có tệp nào cho sổ %q (mẫu tên tệp: %s)", r.Title, strings.Join(r.Files, ", ")),
				Hint:    "chép tệp của sổ vào thư mục dữ liệu, đặt tên theo mẫu"})
		}
	}
	return files, fs, nil
}

// ownFiles are the configuration and its template, which may sit in the
// drop folder.
func ownFiles(c *config.Config) []string {
	a, _ := filepath.Abs(c.Path)
	b, _ := filepath.Abs(c.Resolve(c.Document.Template))
	return []string{a, b}
}

// claim returns the key of the first register whose pattern matches the
// file name without its extension, ignoring case.
func claim(c *config.Config, name string) string {
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

func (f *File) hash() error {
	fh, err := os.Open(f.Path)
	if err != nil {
		return err
	}
	defer fh.Close()
	h := sha256.New()
	n, err := io.Copy(h, fh)
	if err != nil {
		return err
	}
	f.SHA256, f.Size = hex.EncodeToString(h.Sum(nil)), n
	if st, err := fh.Stat(); err == nil {
		f.Modified = st.ModTime()
	}
	return nil
}
