package read

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// convertLimits bound one LibreOffice conversion: LibreOffice can be made
// to run for ever, or to grow without end (an 840-byte .ods reached
// 16.8 GB), and the run must still end in seconds with a finding.
type convertLimits struct {
	Timeout  time.Duration // wall time of the whole conversion
	Memory   int64         // address space of each LibreOffice process (RLIMIT_AS)
	MaxBytes int64         // the file converted, and the file it gives (RLIMIT_FSIZE)
}

// defaultConvert is measured: converting the sample's largest register
// takes 20–30 s on a loaded two-core machine and 215 MB resident; it
// converts under a 1 GiB address-space cap, so 2 GiB leaves room.
var defaultConvert = convertLimits{Timeout: 2 * time.Minute, Memory: 2 << 30, MaxBytes: 200 << 20}

// convertToXLSX has LibreOffice (soffice) save an .xls or .ods register as
// .xlsx in a temporary folder, which cleanup removes.
func convertToXLSX(soffice, path string) (out string, cleanup func(), err error) {
	return convert(soffice, path, defaultConvert)
}

func convert(soffice, path string, lim convertLimits) (out string, cleanup func(), err error) {
	name := filepath.Base(path)
	resave := "mở tệp bằng Excel hoặc LibreOffice và lưu lại dưới dạng .xlsx"
	if st, err := os.Stat(path); err != nil {
		return "", nil, err
	} else if st.Size() > lim.MaxBytes {
		return "", nil, &fileProblem{fmt.Sprintf("tệp %s lớn %d byte, quá giới hạn %d byte để chuyển bằng LibreOffice", name, st.Size(), lim.MaxBytes), resave}
	}
	dir, err := os.MkdirTemp("", "asxh-convert-")
	if err != nil {
		return "", nil, err
	}
	cleanup = func() { os.RemoveAll(dir) }
	log, err := os.Create(filepath.Join(dir, "soffice.log"))
	if err != nil {
		cleanup()
		return "", nil, err
	}
	defer log.Close()
	self, err := os.Executable()
	if err != nil {
		cleanup()
		return "", nil, err
	}

	ctx, cancel := context.WithTimeout(context.Background(), lim.Timeout)
	defer cancel()
	// LibreOffice runs through this program re-executed (see limitedExec),
	// which caps its memory and file size before it becomes soffice.
	cmd := exec.CommandContext(ctx, self, soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--headless", "--convert-to", "xlsx", "--outdir", dir, path)
	cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%d %d", limitEnv, lim.Memory, lim.MaxBytes+1))
	// Its own process group, killed whole: soffice starts soffice.bin,
	// which outlives a kill of soffice alone.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	// Output to a file, not a pipe: a descendant holding a pipe would keep
	// Wait waiting.
	cmd.Stdout, cmd.Stderr = log, log
	err = cmd.Run()
	if cmd.Process != nil {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) // whatever it left running
	}
	out = filepath.Join(dir, strings.TrimSuffix(name, filepath.Ext(name))+".xlsx")
	st, serr := os.Stat(out)
	switch {
	case ctx.Err() != nil:
		cleanup()
		return "", nil, &fileProblem{fmt.Sprintf("LibreOffice chuyển tệp %s quá %v giây nên đã bị dừng", name, lim.Timeout.Seconds()), resave}
	case serr == nil && st.Size() > lim.MaxBytes:
		cleanup()
		return "", nil, &fileProblem{fmt.Sprintf("LibreOffice chuyển tệp %s ra một tệp quá giới hạn %d byte nên đã bị dừng", name, lim.MaxBytes), resave}
	case err != nil || serr != nil:
		msg, _ := io.ReadAll(io.LimitReader(readFrom(log), 2000))
		cleanup()
		return "", nil, &fileProblem{fmt.Sprintf("LibreOffice không chuyển được tệp %s sang .xlsx (%v %s)", name, errors.Join(err, serr), strings.TrimSpace(string(msg))), resave}
	}
	return out, cleanup, nil
}

// readFrom rewinds f for reading what was written to it.
func readFrom(f *os.File) io.Reader {
	f.Seek(0, io.SeekStart)
	return f
}

// limitEnv, set in its environment, makes this program cap its own
// address space and file size and become the command its arguments name:
// the standard library cannot set a child's resource limits, and a
// wrapper (prlimit, sh's ulimit) may be missing or count in other units.
const limitEnv = "ASXH_EXEC_LIMITED"

func init() {
	if v, ok := os.LookupEnv(limitEnv); ok {
		limitedExec(v) // does not return
	}
}

// limitedExec sets RLIMIT_AS and RLIMIT_FSIZE from v ("AS FSIZE", bytes)
// and executes os.Args[1:].
func limitedExec(v string) {
	fail := func(err error) {
		fmt.Fprintln(os.Stderr, "asxh: cannot start LibreOffice:", err)
		os.Exit(127)
	}
	os.Unsetenv(limitEnv)
	as, fsize, _ := strings.Cut(v, " ")
	for _, l := range []struct {
		res int
		v   string
	}{{syscall.RLIMIT_AS, as}, {syscall.RLIMIT_FSIZE, fsize}} {
		n, err := strconv.ParseUint(l.v, 10, 64)
		if err != nil {
			fail(err)
		}
		if err := syscall.Setrlimit(l.res, &syscall.Rlimit{Cur: n, Max: n}); err != nil {
			fail(err)
		}
	}
	if len(os.Args) < 2 {
		fail(errors.New("no command"))
	}
	bin, err := exec.LookPath(os.Args[1])
	if err != nil {
		fail(err)
	}
	fail(syscall.Exec(bin, os.Args[1:], os.Environ()))
}
