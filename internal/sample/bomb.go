package sample

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"hash/crc32"
	"os"
)

// Bomb copies the workbook src to dst with part padded, just before its
// closing marker (</sheetData> for a sheet, </sst> for shared strings),
// with inflate bytes of whitespace: a valid part that inflates to
// gigabytes from a few megabytes, as a hostile file would. Compressing
// gigabytes takes minutes, so one chunk is compressed once and its
// deflate blocks repeated: each flushed chunk ends on a byte boundary and
// refers only to itself, so the repeats are one valid deflate stream.
func Bomb(src, dst, part string, inflate int64) error {
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	defer out.Close()
	err = copyParts(src, out, part, func(zw *zip.Writer, data []byte) error {
		return writeBomb(zw, part, data, inflate)
	})
	if err != nil {
		return err
	}
	return out.Close()
}

// writeBomb writes the part data with inflate bytes of padding inserted
// before its last closing tag, as raw deflate.
func writeBomb(zw *zip.Writer, name string, data []byte, inflate int64) error {
	at := bytes.LastIndex(data, []byte("</sheetData>"))
	if at < 0 {
		at = bytes.LastIndex(data, []byte("</"))
	}
	if at < 0 {
		return fmt.Errorf("%s has no closing tag", name)
	}
	head, tail := data[:at], data[at:]
	chunk := bytes.Repeat([]byte("\n    "), 1<<18) // 1.25 MB of whitespace
	n := inflate / int64(len(chunk))

	var body bytes.Buffer
	fw, err := flate.NewWriter(&body, flate.BestCompression)
	if err != nil {
		return err
	}
	// head, then the chunk's blocks n times, then tail and the end.
	deflated := func(p []byte) ([]byte, error) {
		body.Reset()
		fw.Reset(&body)
		if _, err := fw.Write(p); err != nil {
			return nil, err
		}
		if err := fw.Flush(); err != nil {
			return nil, err
		}
		return bytes.Clone(body.Bytes()), nil
	}
	h, err := deflated(head)
	if err != nil {
		return err
	}
	c, err := deflated(chunk)
	if err != nil {
		return err
	}
	body.Reset()
	fw.Reset(&body)
	fw.Write(tail)
	if err := fw.Close(); err != nil {
		return err
	}
	t := body.Bytes()

	crc := crc32.Update(0, crc32.IEEETable, head)
	for range n {
		crc = crc32.Update(crc, crc32.IEEETable, chunk)
	}
	crc = crc32.Update(crc, crc32.IEEETable, tail)
	hdr := &zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: crc,
		CompressedSize64:   uint64(len(h)) + uint64(n)*uint64(len(c)) + uint64(len(t)),
		UncompressedSize64: uint64(len(head)) + uint64(n)*uint64(len(chunk)) + uint64(len(tail))}
	w, err := zw.CreateRaw(hdr)
	if err != nil {
		return err
	}
	if _, err := w.Write(h); err != nil {
		return err
	}
	for range n {
		if _, err := w.Write(c); err != nil {
			return err
		}
	}
	_, err = w.Write(t)
	return err
}
