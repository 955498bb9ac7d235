// Command gensample writes the sample ward's registers into data/:
// phường Cự Khối, 2020, adding up to every figure of its published summary.
//
//	go run ./cmd/gensample [-out data]
package main

import (
	"flag"
	"fmt"
	"os"

	"asxh/internal/sample"
)

func main() {
	out := flag.String("out", "data", "folder to write the registers into")
	flag.Parse()
	if err := sample.Write(*out, sample.CuKhoi2020()); err != nil {
		fmt.Fprintln(os.Stderr, "gensample:", err)
		os.Exit(1)
	}
}
