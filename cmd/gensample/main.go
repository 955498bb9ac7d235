// Command gensample writes the sample ward's registers into data/:
// phường Cự Khối, 2020, adding up to every figure of its published summary.
//
//	go run ./cmd/gensample [-out data] [-btxh 100000]
package main

import (
	"flag"
	"fmt"
	"os"

	"asxh/internal/sample"
)

func main() {
	out := flag.String("out", "data", "folder to write the registers into")
	btxh := flag.Int("btxh", 0, "with N > 0, a large ward for benchmarks: about N social-protection beneficiaries")
	flag.Parse()
	t := sample.CuKhoi2020()
	if *btxh > 0 {
		t = sample.Large(*btxh)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "gensample:", err)
		os.Exit(1)
	}
	if err := sample.Write(*out, t); err != nil {
		fmt.Fprintln(os.Stderr, "gensample:", err)
		os.Exit(1)
	}
}
