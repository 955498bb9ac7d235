// Command floor is the least any reader of a sheet must do: inflate the
// worksheet part and find its tags. It prints the seconds and the number
// of rows, for bench/compare.sh.
//
//	go run ./bench/floor FILE.xlsx
package main

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

func main() {
	start := time.Now()
	zr, err := zip.OpenReader(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer zr.Close()
	rows, tags := 0, 0
	for _, f := range zr.File {
		if !strings.HasPrefix(f.Name, "xl/worksheets/sheet") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		// the last bytes of each chunk are carried into the next, so a
		// "<row " split across two reads is counted once (tags are counted
		// in the new bytes only)
		const carry = len("<row ") - 1
		buf := make([]byte, carry+256<<10)
		kept := 0
		for {
			n, err := rc.Read(buf[kept:])
			chunk := buf[:kept+n]
			tags += bytes.Count(chunk[kept:], []byte("<"))
			rows += bytes.Count(chunk, []byte("<row "))
			kept = copy(buf, chunk[max(0, len(chunk)-carry):])
			if err == io.EOF {
				break
			} else if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
		}
		rc.Close()
	}
	fmt.Printf("%.3f %d tags=%d\n", time.Since(start).Seconds(), rows, tags)
}
