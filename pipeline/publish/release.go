package publish

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// ReleasesDir holds every published set of a year's outputs; root/YEAR is
// a symbolic link to the current one. Swapping the link is one rename, so
// the PDF, the workbooks and the manifest of a run appear together or not
// at all, and a crash at any moment leaves the previous set in place.
const ReleasesDir = ".releases"

// Release publishes files as the new contents of root/name. Files of the
// current release that keep accepts and files does not replace are carried
// over (hard-linked), so an unchanged report stays as it was.
func Release(root, name string, files []File, keep func(string) bool) error {
	rels := filepath.Join(root, ReleasesDir)
	if err := CheckRoot(root); err != nil {
		return err
	}
	if err := os.MkdirAll(rels, 0o755); err != nil {
		return err
	}
	link := filepath.Join(root, name)
	cur, err := current(root, name)
	if err != nil {
		return err
	}
	seq, err := nextSeq(rels, name)
	if err != nil {
		return err
	}
	next := filepath.Join(rels, fmt.Sprintf("%s-%06d", name, seq))
	if err := os.Mkdir(next, 0o755); err != nil {
		return err
	}
	fail := func(err error) error {
		os.RemoveAll(next)
		return err
	}
	if err := Write(next, files); err != nil {
		return fail(err)
	}
	if cur != "" && keep != nil {
		if err := carry(cur, next, files, keep); err != nil {
			return fail(err)
		}
	}
	if err := syncDir(next); err != nil {
		return fail(err)
	}
	// Swap the link: a new link beside it, renamed over it.
	tmp := link + ".new"
	os.Remove(tmp)
	if err := os.Symlink(filepath.Join(ReleasesDir, filepath.Base(next)), tmp); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp, link); err != nil {
		os.Remove(tmp)
		return fail(err)
	}
	if err := syncDir(root); err != nil {
		return err
	}
	// the spools the files came from are the running run's own: it is
	// still using them (the figures' references) and removes them itself
	live := map[string]bool{next: true, cur: true}
	for _, f := range files {
		if f.Path != "" {
			live[filepath.Dir(f.Path)] = true
		}
	}
	return prune(rels, name, live)
}

// current returns the folder root/name now shows, migrating a plain
// folder left by an older version into the releases.
func current(root, name string) (string, error) {
	link := filepath.Join(root, name)
	st, err := os.Lstat(link)
	switch {
	case os.IsNotExist(err):
		return "", nil
	case err != nil:
		return "", err
	case st.Mode()&os.ModeSymlink != 0:
		// Only a link Release made is followed: to a release folder of
		// this name, a real folder in the releases. Another one could have
		// us carry a stranger's files into the report, or show them.
		target, err := os.Readlink(link)
		if err != nil {
			return "", err
		}
		base := filepath.Base(target)
		if target != filepath.Join(ReleasesDir, base) || !strings.HasPrefix(base, name+"-") {
			return "", notOurs(link, "là liên kết tới "+target+", không phải tới một bản trong "+ReleasesDir)
		}
		target = filepath.Join(root, target)
		if st, err := os.Lstat(target); err != nil || !st.IsDir() {
			return "", notOurs(link, "trỏ tới "+target+", không phải là thư mục thật")
		}
		return target, nil
	case st.IsDir():
		old := filepath.Join(root, ReleasesDir, name+"-000000")
		if err := os.Rename(link, old); err != nil {
			return "", err
		}
		return old, nil
	}
	return "", fmt.Errorf("%s không phải là thư mục", link)
}

func nextSeq(rels, name string) (int, error) {
	entries, err := os.ReadDir(rels)
	if err != nil {
		return 0, err
	}
	seq := 0
	for _, e := range entries {
		if n, ok := strings.CutPrefix(e.Name(), name+"-"); ok {
			if v, err := strconv.Atoi(n); err == nil && v >= seq {
				seq = v + 1
			}
		}
	}
	return seq, nil
}

// carry hard-links the files keep accepts from cur into next, unless next
// has its own.
func carry(cur, next string, files []File, keep func(string) bool) error {
	return filepath.WalkDir(cur, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if !d.Type().IsRegular() {
			return nil // only what Release wrote: a planted link would show a stranger's file
		}
		rel, _ := filepath.Rel(cur, path)
		if !keep(rel) || slices.ContainsFunc(files, func(f File) bool { return f.Name == rel }) {
			return nil
		}
		dst := filepath.Join(next, rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		return os.Link(path, dst)
	})
}

// prune removes releases of name other than the live ones (the new one,
// the one it replaced, the running run's spools), and anything a crashed
// run left half-written.
func prune(rels, name string, live map[string]bool) error {
	entries, err := os.ReadDir(rels)
	if err != nil {
		return err
	}
	for _, e := range entries {
		p := filepath.Join(rels, e.Name())
		if !strings.HasPrefix(e.Name(), name+"-") || live[p] {
			continue
		}
		if err := os.RemoveAll(p); err != nil {
			return err
		}
	}
	return nil
}
