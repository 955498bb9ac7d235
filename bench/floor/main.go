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
		buf := make([]byte, 256<<10)
		for {
			n, err := rc.Read(buf)
			chunk := buf[:n]
			tags += bytes.Count(chunk, []byte("<"))
			rows += bytes.Count(chunk, []byte("<row "))
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
