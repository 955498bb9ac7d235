// Package district runs a district's night: every ward's pipeline (each
// under its own lock, as many at once as there are cores, one ward's
// errors or failure never stopping another), then the district's
// roll-up, then the status page that tells the IT officer each morning
// which ward's data has errors and whom to call.
package district

import (
	"context"
	"log/slog"
	"os"
	"runtime"
	"sync"
	"time"

	"asxh/pipeline"
	"asxh/pipeline/finding"
	"asxh/pipeline/publish"
	"asxh/pipeline/rollup"
)

// Options are the command line's, for every ward.
type Options struct {
	Version, Build, Soffice string
	Settle                  time.Duration
	Force, Draft            bool
	ValidateOnly            bool
	Parallel                int    // wards at once; ≤ 0: as many as there are cores
	OutputDir               string // overrides the district's output root
	Now                     func() time.Time
	Log                     *slog.Logger
}

// Ward is one ward's run tonight.
type Ward struct {
	Config string        // its configuration, as the district lists it
	Job    *pipeline.Job // what the run did
	Err    error         // why it failed; nil when it ran
}

// Status values, as the page and the workbook write them.
const (
	Published = "đã xuất bản"
	Errors    = "còn lỗi"
	Unchanged = "không đổi"
	Failed    = "thất bại"
	Valid     = "hợp lệ" // validate: no errors
)

// Status is the ward's run in the clerk's words.
func (w *Ward) Status() string {
	switch {
	case w.Err != nil:
		return Failed
	case w.Job.Unchanged:
		return Unchanged
	case w.Job.DataErrors():
		return Errors
	case w.Job.ValidateOnly:
		return Valid
	}
	return Published
}

// Flagged reports whether someone must act on the ward: its data has
// errors, or its run failed.
func (w *Ward) Flagged() bool { s := w.Status(); return s == Errors || s == Failed }

// Night is a district run.
type Night struct {
	Config    *rollup.Config
	Root      string // the district's output root: the roll-up's year folder, index.html
	Wards     []*Ward
	Rollup    *pipeline.Job // nil for validate
	RollupErr error
	Started   time.Time
}

// Run runs every ward, then the roll-up (not for validate), then writes
// the status page and workbook. A failure to write the page is RollupErr
// when nothing else failed.
func Run(ctx context.Context, c *rollup.Config, o Options) *Night {
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = func() time.Time { return time.Time{} }
	}
	n := &Night{Config: c, Root: o.OutputDir, Started: o.Now()}
	if n.Root == "" {
		n.Root = c.Resolve(c.Output)
	}
	par := o.Parallel
	if par <= 0 {
		par = runtime.NumCPU()
	}
	sem := make(chan struct{}, par)
	var wg sync.WaitGroup
	for _, path := range c.Wards {
		w := &Ward{Config: c.Resolve(path)}
		w.Job = &pipeline.Job{ConfigPath: w.Config, Version: o.Version, Build: o.Build, Soffice: o.Soffice, Settle: o.Settle,
			Force: o.Force, Draft: o.Draft, ValidateOnly: o.ValidateOnly, Now: o.Now, Log: o.Log.With("ward", path)}
		n.Wards = append(n.Wards, w)
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				w.Err = ctx.Err()
				return
			}
			defer func() { <-sem }()
			w.Err = pipeline.Run(ctx, w.Job)
			if w.Err != nil {
				w.Job.Log.Error("ward failed", "err", w.Err)
			}
		}()
	}
	wg.Wait()
	if !o.ValidateOnly {
		var dirs []string
		for _, w := range n.Wards {
			if w.Job.OutDir != "" {
				dirs = append(dirs, w.Job.OutDir)
			}
		}
		n.Rollup = &pipeline.Job{Rollup: c, ResultDirs: dirs, Stale: true, OutputDir: n.Root, Version: o.Version, Now: o.Now, Log: o.Log.With("ward", "quận")}
		n.RollupErr = pipeline.RunStages(ctx, n.Rollup, pipeline.Rollup())
		if n.RollupErr != nil {
			o.Log.Error("roll-up failed", "err", n.RollupErr)
		}
	}
	if err := n.writeStatus(o.Now()); err != nil {
		o.Log.Error("status page not written", "err", err)
		if n.RollupErr == nil {
			n.RollupErr = err
		}
	}
	return n
}

// Exit is the district run's exit status (cli.md): 3 when a ward or the
// roll-up failed, 1 when a ward's data has errors, else 0.
func (n *Night) Exit() int {
	code := 0
	for _, w := range n.Wards {
		switch w.Status() {
		case Failed:
			return 3
		case Errors:
			code = 1
		}
	}
	if n.RollupErr != nil {
		return 3
	}
	return code
}

// Findings of a ward by register: errors and warnings.
type Count struct {
	Register         string
	Errors, Warnings int
}

// ByRegister counts the ward's errors and warnings per register, in
// the configuration's order; a finding about no register comes last.
func (w *Ward) ByRegister() []Count {
	var out []Count
	idx := map[string]int{}
	if c := w.Job.Config; c != nil {
		for _, r := range c.Registers {
			idx[r.Key] = len(out)
			out = append(out, Count{Register: r.Title})
		}
	}
	for _, f := range w.Job.Findings {
		if f.Level < finding.Warning {
			continue
		}
		i, ok := idx[f.Register]
		if !ok {
			idx[f.Register] = len(out)
			i = len(out)
			name := f.Register
			if name == "" {
				name = "(chung)"
			}
			out = append(out, Count{Register: name})
		}
		if f.Level == finding.Error {
			out[i].Errors++
		} else {
			out[i].Warnings++
		}
	}
	var kept []Count
	for _, c := range out {
		if c.Errors+c.Warnings > 0 {
			kept = append(kept, c)
		}
	}
	return kept
}

// lockRoot takes the district root's lock for writing the page.
func lockRoot(root string, now time.Time) (*publish.Lock, error) {
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, err
	}
	return publish.Acquire(root, publish.Holder(os.Getpid(), now.Format(time.RFC3339)))
}
