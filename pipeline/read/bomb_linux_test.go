//go:build linux

package read

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"asxh/internal/sample"
	"asxh/internal/xlsxstream"
	"asxh/pipeline/finding"
	"asxh/pipeline/source"
)

// bombBook copies a sample register with its shared strings grown past
// the memory budget by distinct names (compressing about tenfold, under
// the ratio limit), written as a stream so the test holds none of it.
func bombBook(t *testing.T, src, dst string) {
	t.Helper()
	err := sample.StreamPart(src, dst, "xl/sharedStrings.xml", func(w io.Writer, data []byte) error {
		end := strings.LastIndex(string(data), "</sst>")
		w.Write(data[:end])
		// a block of distinct names, larger than deflate's window, repeated
		var block strings.Builder
		for i := 0; block.Len() < 1<<20; i++ {
			fmt.Fprintf(&block, "<si><t>Nguyễn Văn %07d</t></si>", i)
		}
		for n := 0; n < xlsxstream.DefaultBudget+(16<<20); n += block.Len() {
			io.WriteString(w, block.String())
		}
		_, err := io.WriteString(w, "</sst>")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestBombUnderMemoryCap reads a workbook whose shared strings inflate
// past the budget in a child process under GOMEMLIMIT and a hard cap on
// its address space: it must be refused as a file finding, in seconds,
// without the child running out of memory.
func TestBombUnderMemoryCap(t *testing.T) {
	if p := os.Getenv("ASXH_BOMB"); p != "" {
		bombChild(t, p)
		return
	}
	if testing.Short() {
		t.Skip("writes a 270 MB part")
	}
	_, _, src, _ := sampleBook(t, "hoat-dong.xlsx")
	dst := filepath.Join(t.TempDir(), "hoat-dong.xlsx")
	bombBook(t, src, dst)
	cmd := exec.Command(os.Args[0], "-test.run=^TestBombUnderMemoryCap$", "-test.v")
	cmd.Env = append(os.Environ(), "ASXH_BOMB="+dst, "GOMEMLIMIT=256MiB")
	start := time.Now()
	out, err := cmd.CombinedOutput()
	took := time.Since(start)
	if err != nil || !strings.Contains(string(out), "refused:") {
		t.Fatalf("child: %v\n%s", err, out)
	}
	if took > 20*time.Second {
		t.Errorf("refused after %v", took)
	}
	t.Logf("refused in %v", took)
}

// memCap is how much address space the child may take beyond what it has
// at the start: Go reserves far more than it touches, so the cap is on
// growth, and a reader that held the part whole would pass it.
const memCap = 384 << 20

func bombChild(t *testing.T, path string) {
	status, _ := os.ReadFile("/proc/self/status")
	var vm uint64
	for _, l := range strings.Split(string(status), "\n") {
		if f := strings.Fields(l); len(f) == 3 && f[0] == "VmSize:" {
			kb, _ := strconv.ParseUint(f[1], 10, 64)
			vm = kb << 10
		}
	}
	if vm == 0 {
		t.Fatal("no VmSize")
	}
	lim := &syscall.Rlimit{Cur: vm + memCap, Max: vm + memCap}
	if err := syscall.Setrlimit(syscall.RLIMIT_AS, lim); err != nil {
		t.Fatal(err)
	}
	c := testConfig(t)
	_, fs := readAll(c, c.Register("ho"), source.File{Path: path, Name: "hoat-dong.xlsx", Register: "ho", Format: "xlsx"})
	if len(fs) != 1 || fs[0].Code != finding.FileError || !strings.Contains(fs[0].Message, "quá lớn") {
		t.Fatalf("findings %v", fs)
	}
	fmt.Println("refused:", fs[0].Message)
}
