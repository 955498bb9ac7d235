package sample

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"os"
)

// EditPart copies the workbook src to dst with one part rewritten by edit,
// every other part copied as it is: how tests build hostile or unusual
// workbooks (a 1904 date system, a formula with no value, a sheet cut
// short) from a generated one, so the right figures stay known.
func EditPart(src, dst, part string, edit func([]byte) []byte) error {
	var out bytes.Buffer
	err := copyParts(src, &out, part, func(zw *zip.Writer, data []byte) error {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: part, Method: zip.Deflate})
		if err != nil {
			return err
		}
		_, err = w.Write(edit(data))
		return err
	})
	if err != nil {
		return err
	}
	return os.WriteFile(dst, out.Bytes(), 0o644)
}

// StreamPart is EditPart for a part too large to hold: write gets the old
// part and writes the new one, deflated at the fastest level straight into
// dst, so a test can build a workbook of hundreds of megabytes inflated.
func StreamPart(src, dst, part string, write func(w io.Writer, old []byte) error) (err error) {
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := out.Close(); err == nil {
			err = cerr
		}
	}()
	return copyParts(src, out, part, func(zw *zip.Writer, data []byte) error {
		zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
		w, err := zw.CreateHeader(&zip.FileHeader{Name: part, Method: zip.Deflate})
		if err != nil {
			return err
		}
		bw := bufio.NewWriterSize(w, 1<<20)
		if err := write(bw, data); err != nil {
			return err
		}
		return bw.Flush()
	})
}

// copyParts writes the workbook src's parts to out as a new zip, each as it
// is but part, which write writes from its data.
func copyParts(src string, out io.Writer, part string, write func(zw *zip.Writer, data []byte) error) error {
	zr, err := zip.OpenReader(src)
	if err != nil {
		return err
	}
	defer zr.Close()
	zw := zip.NewWriter(out)
	found := false
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return err
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return err
		}
		if f.Name == part {
			found = true
			if err := write(zw, data); err != nil {
				return err
			}
			continue
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate})
		if err != nil {
			return err
		}
		if _, err := w.Write(data); err != nil {
			return err
		}
	}
	if !found {
		return fmt.Errorf("%s has no part %s", src, part)
	}
	return zw.Close()
}
