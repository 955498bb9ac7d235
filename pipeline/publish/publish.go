// Package publish writes outputs so that a reader never sees half a file:
// each is written beside its target, synced, and renamed over it.
package publish

import (
	"os"
	"path/filepath"
)

// File is one output: its path under the output folder ("a.pdf",
// "sua-loi/b.xlsx") and its bytes.
type File struct {
	Name string
	Data []byte
}

// Write publishes files under dir atomically, one by one.
func Write(dir string, files []File) error {
	dirs := map[string]bool{}
	for _, f := range files {
		sub := filepath.Join(dir, filepath.Dir(f.Name))
		if err := os.MkdirAll(sub, 0o755); err != nil {
			return err
		}
		if err := writeFile(sub, File{Name: filepath.Base(f.Name), Data: f.Data}); err != nil {
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

func writeFile(dir string, f File) (err error) {
	tmp, err := os.CreateTemp(dir, "."+f.Name+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(f.Data); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), filepath.Join(dir, f.Name))
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
