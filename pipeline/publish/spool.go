package publish

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
)

// Spool is where a run writes its outputs as it draws them, so that none
// is held whole in memory (the report workbook is some 70 MB at a million
// records): a folder in the output root's releases, on the filesystem of
// the release folder, which Release then renames each file into. Nothing
// in it is shown before Release swaps the link; Close removes what was
// not published, and a folder a crashed run left is pruned by the next
// release of the same name.
type Spool struct{ dir string }

// NewSpool makes a spool for outputs to be released as root/name.
func NewSpool(root, name string) (*Spool, error) {
	if err := CheckRoot(root); err != nil {
		return nil, err
	}
	rels := filepath.Join(root, ReleasesDir)
	if err := os.MkdirAll(rels, 0o755); err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp(rels, name+"-spool-")
	if err != nil {
		return nil, err
	}
	return &Spool{dir: dir}, nil
}

// Write makes the output name from what write writes: a File naming a
// synced file of the spool, with its size and hash.
func (s *Spool) Write(name string, write func(io.Writer) error) (_ File, err error) {
	f, err := os.CreateTemp(s.dir, "out-*")
	if err != nil {
		return File{}, err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	h := sha256.New()
	w := bufio.NewWriterSize(io.MultiWriter(f, h), 64<<10)
	n := &counter{w: w}
	if err = write(n); err != nil {
		return File{}, err
	}
	if err = w.Flush(); err != nil {
		return File{}, err
	}
	if err = f.Chmod(0o644); err != nil {
		return File{}, err
	}
	if err = f.Sync(); err != nil {
		return File{}, err
	}
	if err = f.Close(); err != nil {
		return File{}, err
	}
	return File{Name: name, Path: f.Name(), Size: n.n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// Dir is the spool's folder, for other temporary files of the run:
// Close removes them too.
func (s *Spool) Dir() string { return s.dir }

// Close removes the spool and whatever it still holds.
func (s *Spool) Close() error {
	if s == nil {
		return nil
	}
	return os.RemoveAll(s.dir)
}

type counter struct {
	w io.Writer
	n int64
}

func (c *counter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
