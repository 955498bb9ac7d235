// Package safefile reads a file of the user's as asxh must: only a
// regular file, never blocking on a FIFO or a device, and never more than
// a limit.
package safefile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

var (
	// ErrNotRegular is a FIFO, a device, a socket or a folder where a file was expected.
	ErrNotRegular = errors.New("không phải là tệp thường (là thư mục, FIFO, thiết bị…)")
	// ErrTooLarge is a file over the limit.
	ErrTooLarge = errors.New("quá lớn")
)

// ReadFile reads the regular file path, at most max bytes. It opens
// without blocking (a FIFO would block os.ReadFile for ever) and checks
// the opened file itself, so nothing swapped in after a check is read.
func ReadFile(path string, max int64) ([]byte, error) {
	f, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.Size() > max {
		return nil, &fs.PathError{Op: "read", Path: path, Err: fmt.Errorf("%w: %d byte, giới hạn %d", ErrTooLarge, st.Size(), max)}
	}
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > max {
		return nil, &fs.PathError{Op: "read", Path: path, Err: fmt.Errorf("%w: hơn %d byte", ErrTooLarge, max)}
	}
	return b, nil
}

// Open opens the regular file path for reading, without blocking.
func Open(path string) (*os.File, error) {
	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "open", Path: path, Err: ErrNotRegular} // not even opened
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, &fs.PathError{Op: "open", Path: path, Err: ErrNotRegular}
	}
	// Reads of a regular file never block; take the flag off anyway so
	// the file behaves as os.Open's would.
	if err := syscall.SetNonblock(int(f.Fd()), false); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}
