package sample

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
)

// EditPart copies the workbook src to dst with one part rewritten by edit,
// every other part copied as it is: how tests build hostile or unusual
// workbooks (a 1904 date system, a formula with no value, a sheet cut
// short) from a generated one, so the right figures stay known.
func EditPart(src, dst, part string, edit func([]byte) []byte) error {
	zr, err := zip.OpenReader(src)
	if err != nil {
		return err
	}
	defer zr.Close()
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
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
			data, found = edit(data), true
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
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(dst, out.Bytes(), 0o644)
}
