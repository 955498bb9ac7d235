package safefile

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "ok"), []byte("12345"), 0o644)
	os.Mkdir(filepath.Join(dir, "dir"), 0o755)
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip(err)
	}
	tests := []struct {
		name string
		max  int64
		want error
	}{
		{"ok", 5, nil},
		{"ok", 4, ErrTooLarge},
		{"dir", 10, ErrNotRegular},
		{"fifo", 10, ErrNotRegular},
		{"none", 10, os.ErrNotExist},
	}
	for _, tt := range tests {
		done := make(chan error, 1)
		go func() { _, err := ReadFile(filepath.Join(dir, tt.name), tt.max); done <- err }()
		select {
		case err := <-done:
			if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Errorf("%s (max %d): %v, want %v", tt.name, tt.max, err, tt.want)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: hangs", tt.name)
		}
	}
}
