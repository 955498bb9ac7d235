package read

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// fakeSoffice writes a shell script that stands in for LibreOffice; it is
// called as soffice -env:… --headless --convert-to xlsx --outdir DIR FILE.
func fakeSoffice(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "soffice")
	script := "#!/bin/sh\noutdir=$6\nin=$7\nname=$(basename \"$in\" .ods)\n" + body + "\n"
	if err := os.WriteFile(p, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

// alive reports whether the process whose pid is in file still runs.
func alive(t *testing.T, file string) bool {
	t.Helper()
	var b []byte
	for range 100 { // the script writes it as it starts
		if b, _ = os.ReadFile(file); len(b) > 0 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		t.Fatalf("no pid in %s: %q", file, b)
	}
	for range 100 { // a killed process may take a moment to go
		// gone, or a zombie no one has reaped yet (PID 1 of a container may never)
		stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			return false
		}
		if i := strings.LastIndexByte(string(stat), ')'); i > 0 && strings.HasPrefix(string(stat[i:]), ") Z") {
			return false
		}
		time.Sleep(10 * time.Millisecond)
	}
	return true
}

// TestConvertRunaway runs conversions that never end, leave a child
// behind, or write without end: each is refused by name within seconds,
// with nothing of LibreOffice's left running.
func TestConvertRunaway(t *testing.T) {
	in := filepath.Join(t.TempDir(), "bao-tro.ods")
	os.WriteFile(in, []byte("PK fake ods"), 0o644)
	lim := convertLimits{Timeout: 2 * time.Second, Memory: 1 << 30, MaxBytes: 1 << 20}
	tests := []struct {
		name, body string
		want       string
		pidFile    bool // the script leaves a pid in $outdir/../pid to check it is gone
	}{
		{"hangs", `echo $$ > "$PIDFILE"; sleep 600`, "quá 2 giây", true},
		{"child lives on", `sh -c 'echo $$ > "$PIDFILE"; exec sleep 600' & sleep 600`, "quá 2 giây", true},
		{"child outlives it", `sh -c 'echo $$ > "$PIDFILE"; exec sleep 600' & while [ ! -s "$PIDFILE" ]; do sleep 0.01; done; exit 0`, "không chuyển được", true},
		{"huge output", `head -c 50000000 /dev/zero > "$outdir/$name.xlsx"`, "quá giới hạn", false},
		{"memory capped", `[ "$(ulimit -v)" = 1048576 ] && echo ok > "$outdir/$name.xlsx"`, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pidFile := filepath.Join(t.TempDir(), "pid")
			t.Setenv("PIDFILE", pidFile)
			start := time.Now()
			out, cleanup, err := convert(fakeSoffice(t, tt.body), in, lim)
			took := time.Since(start)
			if cleanup != nil {
				defer cleanup()
			}
			if took > 10*time.Second {
				t.Errorf("took %v", took)
			}
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("err = %v", err)
			case tt.want == "" && out == "":
				t.Error("no output")
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "bao-tro.ods")):
				t.Errorf("err = %v, want %q naming the file", err, tt.want)
			}
			if tt.pidFile && alive(t, pidFile) {
				t.Error("a process of the conversion lives on")
			}
		})
	}
}

// TestConvertInputTooLarge: a file over the limit is not converted at all.
func TestConvertInputTooLarge(t *testing.T) {
	in := filepath.Join(t.TempDir(), "bao-tro.ods")
	os.WriteFile(in, make([]byte, 2000), 0o644)
	marker := filepath.Join(t.TempDir(), "ran")
	_, _, err := convert(fakeSoffice(t, "touch "+marker), in, convertLimits{Timeout: time.Second, Memory: 1 << 30, MaxBytes: 1000})
	if err == nil || !strings.Contains(err.Error(), "bao-tro.ods") {
		t.Errorf("err = %v", err)
	}
	if _, err := os.Stat(marker); err == nil {
		t.Error("LibreOffice ran on a file over the limit")
	}
}
