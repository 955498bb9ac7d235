package pipeline

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"asxh/internal/sample"
	"asxh/pipeline/manifest"
)

func TestValidateOnlyWritesFindings(t *testing.T) {
	out := t.TempDir()
	j := &Job{ConfigPath: "../data/config.yaml", OutputDir: out, ValidateOnly: true}
	if err := Run(context.Background(), j); err != nil {
		t.Fatal(err)
	}
	if j.DataErrors() || j.Figures != nil {
		t.Errorf("validate computed figures or found errors: %v", j.Findings)
	}
	entries, _ := os.ReadDir(filepath.Join(out, "2020"))
	if len(entries) != 1 || entries[0].Name() != "kiem-tra-du-lieu-2020.xlsx" {
		t.Errorf("validate wrote %v", entries)
	}
}

// BenchmarkRunSample is the whole run on the sample ward, from the
// configuration to the published files.
func BenchmarkRunSample(b *testing.B) {
	out := b.TempDir()
	for b.Loop() {
		j := &Job{ConfigPath: "../data/config.yaml", OutputDir: out}
		if err := Run(context.Background(), j); err != nil || j.DataErrors() {
			b.Fatal(err, j.Findings)
		}
	}
}

// BenchmarkRunWard runs the whole report, and validation alone, on the
// ward folder named by ASXH_BENCH_WARD (go run ./cmd/gensample -btxh N
// -out DIR), for profiles:
//
//	ASXH_BENCH_WARD=DIR go test ./pipeline -run '^$' -bench RunWard/run -benchtime 1x -cpuprofile cpu.out
func BenchmarkRunWard(b *testing.B) {
	dir := os.Getenv("ASXH_BENCH_WARD")
	if dir == "" {
		b.Skip("ASXH_BENCH_WARD names no ward folder")
	}
	for _, validate := range []bool{false, true} {
		name := map[bool]string{false: "run", true: "validate"}[validate]
		b.Run(name, func(b *testing.B) {
			out := b.TempDir()
			for b.Loop() {
				j := &Job{ConfigPath: "../data/config.yaml", InputDir: dir, OutputDir: out, ValidateOnly: validate, Force: true}
				if err := Run(context.Background(), j); err != nil || j.DataErrors() {
					b.Fatal(err, j.Findings)
				}
			}
		})
	}
}

// TestPanicFails injects a panic into a stage: the run must fail (not
// crash, not log ok) and leave the published report as it was.
func TestPanicFails(t *testing.T) {
	out := t.TempDir()
	if err := Run(context.Background(), &Job{ConfigPath: "../data/config.yaml", OutputDir: out}); err != nil {
		t.Fatal(err)
	}
	pdf := filepath.Join(out, "2020", "bao-cao-an-sinh-xa-hoi-2020.pdf")
	before, err := os.ReadFile(pdf)
	if err != nil {
		t.Fatal(err)
	}
	stages := Ward()
	for i, s := range stages {
		if s.String() == "render" {
			stages[i] = panics{s}
		}
	}
	err = RunStages(context.Background(), &Job{ConfigPath: "../data/config.yaml", OutputDir: out, Force: true}, stages)
	if err == nil || !strings.Contains(err.Error(), "injected") {
		t.Fatalf("a panicking stage gave %v", err)
	}
	log, _ := os.ReadFile(filepath.Join(out, RunsLog))
	lines := strings.Split(strings.TrimSpace(string(log)), "\n")
	if last := lines[len(lines)-1]; !strings.Contains(last, "status=failed: render: ") || !strings.Contains(last, "injected") {
		t.Errorf("runs.log's last line: %s", last)
	}
	if after, _ := os.ReadFile(pdf); !bytes.Equal(after, before) {
		t.Error("the published report changed")
	}
}

// panics is a stage that panics under another's name.
type panics struct{ Stage }

func (panics) Run(context.Context, *Job) error { panic("injected") }

// A district run stops cleanly: a cancelled context stops before the next
// stage, names it, and publishes nothing.
func TestRunCancelled(t *testing.T) {
	out := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := Run(ctx, &Job{ConfigPath: "../data/config.yaml", OutputDir: out})
	if !errors.Is(err, context.Canceled) || !strings.HasPrefix(err.Error(), "config: ") {
		t.Fatalf("a cancelled run gave %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, "2020")); !os.IsNotExist(err) {
		t.Errorf("a cancelled run published: %v", err)
	}
}

// The stages read as the table of contents of a run, every name once.
func TestStagesNamed(t *testing.T) {
	var names []string
	for _, s := range Ward() {
		names = append(names, s.String())
	}
	want := "config lock sources history unchanged read validate figures document marked manifest render publish"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("stages %s, want %s", got, want)
	}
}

// TestFiguresLetGo checks that once the figures have consumed the
// stream, the Job no longer holds what read and checked it: the
// validator's keys and the reader's buffers would otherwise stay live
// through rendering, the run's peak (hundreds of MB at a million rows).
func TestFiguresLetGo(t *testing.T) {
	for _, validate := range []bool{false, true} {
		stages := Ward()
		for i, s := range stages {
			if s.String() == "figures" {
				stages = append(stages[:i+1:i+1], append([]Stage{probe{func(j *Job) {
					if j.Reader != nil || j.Overlap != nil || j.Validator != nil || j.Records != nil {
						t.Errorf("validate=%v: after the figures the Job still holds reader %p, overlap %p, validator %p, records %v",
							validate, j.Reader, j.Overlap, j.Validator, j.Records != nil)
					}
					if len(j.Stats) == 0 {
						t.Errorf("validate=%v: the probe ran before the figures had read anything", validate)
					}
				}}}, stages[i+1:]...)...)
				break
			}
		}
		j := &Job{ConfigPath: "../data/config.yaml", OutputDir: t.TempDir(), ValidateOnly: validate}
		if err := RunStages(context.Background(), j, stages); err != nil {
			t.Fatal(err)
		}
	}
}

// probe is a stage that looks at the Job.
type probe struct{ look func(*Job) }

func (probe) String() string                        { return "probe" }
func (p probe) Run(_ context.Context, j *Job) error { p.look(j); return nil }

// TestOutputsSpooled checks that the outputs reach publish as files, not
// bytes held in memory (the report workbook is some 70 MB at a million
// records), with the size and hash the manifest records, and that the
// spool is gone when the run ends, published or failed, the last report
// left as it was.
func TestOutputsSpooled(t *testing.T) {
	out := t.TempDir()
	spools := func() []string {
		es, _ := os.ReadDir(filepath.Join(out, ".releases"))
		var s []string
		for _, e := range es {
			if strings.Contains(e.Name(), "spool") {
				s = append(s, e.Name())
			}
		}
		return s
	}
	stages := Ward()
	var outputs []publishFile
	for i, s := range stages {
		if s.String() == "publish" {
			stages = append(stages[:i:i], probe{func(j *Job) {
				for _, o := range j.Outputs {
					b, err := os.ReadFile(o.Path)
					outputs = append(outputs, publishFile{o.Name, o.Path, len(o.Data), err == nil && int64(len(b)) == o.Size && manifest.Hash(b) == o.SHA256})
				}
			}}, s)
		}
	}
	if err := RunStages(context.Background(), &Job{ConfigPath: "../data/config.yaml", OutputDir: out}, stages); err != nil {
		t.Fatal(err)
	}
	if len(outputs) < 4 {
		t.Fatalf("publish received %d outputs, want the findings, PDF, Word and workbook", len(outputs))
	}
	for _, o := range outputs {
		if o.path == "" || o.data != 0 || !o.sized {
			t.Errorf("output %s: path %q, %d bytes in memory, size and hash of its file right: %v", o.name, o.path, o.data, o.sized)
		}
	}
	if s := spools(); len(s) > 0 {
		t.Errorf("the run left its spool: %v", s)
	}
	pdf := filepath.Join(out, "2020", "bao-cao-an-sinh-xa-hoi-2020.pdf")
	before, err := os.ReadFile(pdf)
	if err != nil {
		t.Fatal(err)
	}
	for _, stage := range []string{"render", "publish"} {
		stages := Ward()
		for i, s := range stages {
			if s.String() == stage {
				stages[i] = panics{s}
			}
		}
		if err := RunStages(context.Background(), &Job{ConfigPath: "../data/config.yaml", OutputDir: out, Force: true}, stages); err == nil {
			t.Fatalf("a panic in %s did not fail the run", stage)
		}
		if s := spools(); len(s) > 0 {
			t.Errorf("a run failed in %s left its spool: %v", stage, s)
		}
		if after, _ := os.ReadFile(pdf); !bytes.Equal(after, before) {
			t.Errorf("a run failed in %s changed the published report", stage)
		}
	}
}

// TestSpilledRunQuiet: a run whose references spill to its spool
// publishes the same report as one that holds them, and says nothing
// more. Publishing pruned the run's own spool with the releases, so the
// end of every run big enough to spill (a million records) warned that
// the references' file could not be removed.
func TestSpilledRunQuiet(t *testing.T) {
	in := t.TempDir()
	if err := sample.Write(in, sample.Large(10_000)); err != nil {
		t.Fatal(err)
	}
	spilled := false
	stages := Ward()
	for i, s := range stages {
		if s.String() == "figures" {
			stages = append(stages[:i+1:i+1], append([]Stage{probe{func(j *Job) {
				refs, _ := filepath.Glob(filepath.Join(j.spool.Dir(), "refs-*"))
				spilled = len(refs) > 0
			}}}, stages[i+1:]...)...)
			break
		}
	}
	run := func(budget int) (string, []byte) {
		out := t.TempDir()
		var log bytes.Buffer
		j := &Job{ConfigPath: "../data/config.yaml", InputDir: in, OutputDir: out, RefsBudget: budget,
			Log: slog.New(slog.NewTextHandler(&log, &slog.HandlerOptions{Level: slog.LevelWarn}))}
		if err := RunStages(context.Background(), j, stages); err != nil {
			t.Fatal(err)
		}
		book, err := os.ReadFile(filepath.Join(out, "2020", "bao-cao-an-sinh-xa-hoi-2020.xlsx"))
		if err != nil {
			t.Fatal(err)
		}
		return log.String(), book
	}
	_, held := run(0)
	if spilled {
		t.Fatal("10,000 records spilled their references with the default budget")
	}
	log, book := run(64)
	if !spilled {
		t.Fatal("no references spilled with a budget of 64 bytes")
	}
	if log != "" {
		t.Errorf("a spilled run warned:\n%s", log)
	}
	if !bytes.Equal(held, book) {
		t.Error("the report workbook differs when the references spill")
	}
}

type publishFile struct {
	name, path string
	data       int
	sized      bool
}
