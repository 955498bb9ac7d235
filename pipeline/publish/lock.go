package publish

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// LockName is the lock file in the output root.
const LockName = ".asxh.lock"

// ErrLocked is returned when another run holds the lock; its message
// names the holder.
type ErrLocked struct{ Holder string }

func (e *ErrLocked) Error() string {
	return "một lần chạy khác đang giữ thư mục kết quả: " + e.Holder
}

// Lock is one run's hold on an output root. The kernel releases it when
// the process ends, however it ends, so a killed run never leaves it held.
type Lock struct{ f *os.File }

// Acquire takes the lock on root, or returns *ErrLocked naming the holder.
// holder describes this run (pid, start time) for a run that finds it held.
func Acquire(root, holder string) (*Lock, error) {
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, err
	}
	// O_NOFOLLOW: a link planted in place of the lock would have us
	// truncate and write the file it points to. O_NONBLOCK: a FIFO there
	// must not hang the open; it is refused below as not a regular file.
	path := filepath.Join(root, LockName)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0o644)
	if err != nil {
		if errors.Is(err, syscall.ELOOP) {
			return nil, notOurs(path, "là một liên kết (symlink)")
		}
		return nil, err
	}
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		f.Close()
		return nil, notOurs(path, "không phải là tệp thường")
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		b := make([]byte, 512)
		n, _ := f.ReadAt(b, 0)
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			h := strings.TrimSpace(string(b[:n]))
			if h == "" {
				h = "(không rõ)"
			}
			return nil, &ErrLocked{Holder: h}
		}
		return nil, err
	}
	if err := CheckRoot(root); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Truncate(0); err == nil {
		f.WriteAt([]byte(holder+"\n"), 0)
		f.Sync()
	}
	return &Lock{f: f}, nil
}

// notOurs is the error for an entry of the output root that is not what
// asxh put there: a run that followed it would write outside the root.
func notOurs(path, what string) error {
	return fmt.Errorf("%s %s: không ghi ra ngoài thư mục kết quả; xoá hoặc chuyển nó đi rồi chạy lại", path, what)
}

// CheckRoot refuses an output root whose releases folder is not a plain
// folder of its own (a link planted there would have old releases pruned
// out of a folder elsewhere), or whose files (runs.log, say) are not
// regular files.
func CheckRoot(root string, files ...string) error {
	if st, err := os.Lstat(filepath.Join(root, ReleasesDir)); err == nil && (st.Mode()&os.ModeSymlink != 0 || !st.IsDir()) {
		return notOurs(filepath.Join(root, ReleasesDir), "không phải là thư mục thật (có thể là một liên kết)")
	}
	for _, name := range files {
		p := filepath.Join(root, name)
		if st, err := os.Lstat(p); err == nil && !st.Mode().IsRegular() {
			return notOurs(p, "không phải là tệp thường (có thể là một liên kết)")
		}
	}
	return nil
}

// Append adds line to the file name in root, creating it; it never
// follows a link nor opens anything but a regular file.
func Append(root, name, line string) error {
	f, err := os.OpenFile(filepath.Join(root, name), os.O_APPEND|os.O_CREATE|os.O_WRONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0o644)
	if err != nil {
		return err
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		return notOurs(f.Name(), "không phải là tệp thường")
	}
	_, err = f.WriteString(line)
	return err
}

// Release gives the lock up.
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	l.f.Truncate(0)
	err := l.f.Close() // closing drops the flock
	l.f = nil
	return err
}

// Holder describes a run for the lock file.
func Holder(pid int, start string) string {
	return fmt.Sprintf("pid %d, bắt đầu lúc %s", pid, start)
}
