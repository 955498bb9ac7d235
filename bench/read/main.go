// Command read measures asxh's reading: from one register's .xlsx file to
// the typed records the checks get, through the same path the pipeline
// takes (pipeline/read on internal/xlsxstream, with the register's entry
// in the configuration). It prints the seconds, the records and the
// findings, for bench/compare.sh, beside bench/floor's.
//
//	go run ./bench/read [-config data/config.yaml] [-cpuprofile F] [-memprofile F] [-n N] FILE.xlsx
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"time"

	"asxh/pipeline/config"
	"asxh/pipeline/read"
	"asxh/pipeline/source"
)

func main() {
	cfg := flag.String("config", "data/config.yaml", "the configuration")
	prof := flag.String("cpuprofile", "", "write a CPU profile of the reading to this file")
	memprof := flag.String("memprofile", "", "write an allocation profile of the reading to this file")
	times := flag.Int("n", 1, "read the file this many times and print the fastest (for profiles)")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: read [-config FILE] [-cpuprofile FILE] FILE.xlsx")
		os.Exit(2)
	}
	file := flag.Arg(0)
	c, err := config.Load(*cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	name := filepath.Base(file)
	reg := source.Claim(c, name)
	if reg == "" {
		fmt.Fprintf(os.Stderr, "no register of %s claims %s\n", *cfg, name)
		os.Exit(1)
	}
	if *prof != "" {
		f, err := os.Create(*prof)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	if *memprof != "" {
		runtime.MemProfileRate = 64 << 10
		defer func() {
			f, err := os.Create(*memprof)
			if err == nil {
				pprof.Lookup("allocs").WriteTo(f, 0)
				f.Close()
			}
		}()
	}
	best, n, findings := time.Duration(0), 0, 0
	for i := 0; i < max(*times, 1); i++ {
		// the clock starts after the configuration is loaded: reading is
		// from the file to the records
		start := time.Now()
		r := read.New(c, []source.File{{Path: file, Name: name, Register: reg, Format: "xlsx"}}, "")
		n = 0
		for range r.Records() {
			n++
		}
		if d := time.Since(start); i == 0 || d < best {
			best = d
		}
		findings = len(r.Findings)
	}
	fmt.Printf("%.3f %d findings=%d\n", best.Seconds(), n, findings)
}
