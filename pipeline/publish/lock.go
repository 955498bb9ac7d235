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
	f, err := os.OpenFile(filepath.Join(root, LockName), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
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
	if err := f.Truncate(0); err == nil {
		f.WriteAt([]byte(holder+"\n"), 0)
		f.Sync()
	}
	return &Lock{f: f}, nil
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
