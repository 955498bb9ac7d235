// Package publish writes outputs so that a reader never sees half a file:
// each is written beside its target, synced, and renamed over it.
package publish

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// File is one output: its path under the output folder ("a.pdf",
// "sua-loi/b.xlsx") and its bytes, in Data or, written by a Spool, in
// the file Path, which publishing moves into place.
type File struct {
	Name   string
	Data   []byte
	Path   string // a Spool's file holding the bytes; "" when they are in Data
	Size   int64  // of the file at Path
	SHA256 string // of the file at Path, in hexadecimal
}

// Write publishes files under dir atomically, one by one.
func Write(dir string, files []File) error {
	dirs := map[string]bool{}
	for _, f := range files {
		sub := filepath.Join(dir, filepath.Dir(f.Name))
		if err := os.MkdirAll(sub, 0o755); err != nil {
			return err
		}
		if err := writeFile(sub, File{Name: filepath.Base(f.Name), Data: f.Data, Path: f.Path}); err != nil {
			return err
		}
		dirs[sub] = true
	}
	for d := range dirs {
		if err := syncDir(d); err != nil {
			return err
		}
	}
	return nil
}

// ErrExist lists the files WriteNew found in place and did not replace.
type ErrExist struct{ Paths []string }

func (e *ErrExist) Error() string {
	return "đã có tệp, không ghi đè: " + strings.Join(e.Paths, ", ")
}

// WriteNew writes files under dir like Write but never replaces one that
// exists: it writes none when any is there (*ErrExist names them all), and
// a file appearing meanwhile is still not replaced (each is linked into
// place, which fails on an existing name, where a rename would replace it).
func WriteNew(dir string, files []File) error {
	var there []string
	for _, f := range files {
		p := filepath.Join(dir, f.Name)
		if _, err := os.Lstat(p); err == nil {
			there = append(there, p)
		}
	}
	if len(there) > 0 {
		return &ErrExist{Paths: there}
	}
	for _, f := range files {
		sub := filepath.Join(dir, filepath.Dir(f.Name))
		if err := os.MkdirAll(sub, 0o755); err != nil {
			return err
		}
		tmp, err := writeTemp(sub, File{Name: filepath.Base(f.Name), Data: f.Data, Path: f.Path})
		if err != nil {
			return err
		}
		err = os.Link(tmp, filepath.Join(sub, filepath.Base(f.Name)))
		os.Remove(tmp)
		if errors.Is(err, fs.ErrExist) {
			return &ErrExist{Paths: []string{filepath.Join(dir, f.Name)}}
		}
		if err != nil {
			return err
		}
		if err := syncDir(sub); err != nil {
			return err
		}
	}
	return nil
}

func writeFile(dir string, f File) error {
	tmp, err := writeTemp(dir, f)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, filepath.Join(dir, f.Name)); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// writeTemp writes f's bytes, synced, to a new temporary file beside
// f's name in dir and returns its path; a spooled file is that file
// already, on the same filesystem.
func writeTemp(dir string, f File) (_ string, err error) {
	if f.Path != "" {
		return f.Path, nil
	}
	tmp, err := os.CreateTemp(dir, "."+f.Name+".*.tmp")
	if err != nil {
		return "", err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(f.Data); err != nil {
		return "", err
	}
	if err = tmp.Sync(); err != nil {
		return "", err
	}
	if err = tmp.Close(); err != nil {
		return "", err
	}
	if err = os.Chmod(tmp.Name(), 0o644); err != nil {
		return "", err
	}
	return tmp.Name(), nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
