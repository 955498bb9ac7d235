package read

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path"

	"asxh/internal/xlsxstream"
)

// Limits on what one workbook may hold, so a damaged or hostile file
// cannot exhaust the machine.
const (
	maxFileSize = 200 << 20 // bytes on disk
	// bytes once every part is inflated: the largest sheet and room for more
	maxInflated = 2 * xlsxstream.DefaultSheetBudget
	maxRatio    = 200     // inflated to compressed, per part
	bigSheet    = 4 << 20 // a sheet larger than this is checked as it is read
)

// cfbMagic starts an OLE compound file: an .xls, or an .xlsx saved with a
// password (Office encrypts the package inside a compound file).
var cfbMagic = []byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}

// fileProblem is why a file cannot be read, in words for the clerk.
type fileProblem struct {
	msg, hint string
}

func (p *fileProblem) Error() string { return p.msg }

// checkWorkbook reads the whole package before any sheet is read
// (internal/xlsxstream reads them): a reader that stops at the rows it
// needs takes a truncated part, a bad checksum or a lying size for fewer
// rows instead of an error. Every part is inflated and its CRC checked,
// so a damaged workbook is refused whole, by name.
func checkWorkbook(path string) error {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	if st.Size() > maxFileSize {
		return &fileProblem{fmt.Sprintf("tệp quá lớn (%d MB, tối đa %d MB)", st.Size()>>20, maxFileSize>>20),
			"tách sổ thành nhiều tệp, hoặc xóa các trang tính không dùng"}
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	head := make([]byte, 8)
	if n, _ := io.ReadFull(f, head); n == 8 && bytes.Equal(head, cfbMagic) {
		return &fileProblem{"tệp có mật khẩu hoặc là tệp Excel 97-2003 đổi đuôi thành .xlsx",
			"mở tệp, bỏ mật khẩu (Tệp › Thông tin › Bảo vệ sổ làm việc) rồi lưu lại dưới dạng .xlsx"}
	}
	zr, err := zip.NewReader(f, st.Size())
	if err != nil {
		return &fileProblem{"tệp bị hỏng hoặc chưa chép xong (không phải tệp .xlsx hợp lệ)",
			"chép lại tệp từ máy của người lập sổ, hoặc mở bằng Excel và lưu lại"}
	}
	var total uint64
	sheets := 0
	for _, zf := range zr.File {
		if isSheet(zf.Name) {
			sheets++
		}
		// refused before it is inflated: a part the reader may hold (the
		// shared strings) must fit the memory budget; a worksheet, which
		// is streamed, the larger budget of time
		budget := uint64(xlsxstream.DefaultBudget)
		if isSheet(zf.Name) {
			budget = xlsxstream.DefaultSheetBudget
		}
		if zf.UncompressedSize64 > budget {
			return &fileProblem{fmt.Sprintf("phần %s của tệp quá lớn khi giải nén (%d MB, tối đa %d MB)", zf.Name, zf.UncompressedSize64>>20, budget>>20),
				"tách sổ thành nhiều tệp, hoặc xóa các trang tính không dùng"}
		}
		if zf.CompressedSize64 > 0 && zf.UncompressedSize64/zf.CompressedSize64 > maxRatio && zf.UncompressedSize64 > 10<<20 {
			return &fileProblem{fmt.Sprintf("phần %s của tệp nén bất thường", zf.Name), "mở tệp bằng Excel và lưu lại"}
		}
		total += zf.UncompressedSize64
		if total > maxInflated {
			return &fileProblem{"tệp quá lớn khi giải nén", "tách sổ thành nhiều tệp"}
		}
		if isSheet(zf.Name) && zf.UncompressedSize64 > bigSheet {
			continue // the reader streams a big sheet to its end, which checks it
		}
		if err := drain(zf); err != nil {
			return &fileProblem{fmt.Sprintf("tệp bị hỏng (%s: %v)", zf.Name, err),
				"chép lại tệp từ máy của người lập sổ, hoặc mở bằng Excel và lưu lại"}
		}
	}
	if sheets == 0 {
		return &fileProblem{"tệp không có trang tính nào", "mở tệp bằng Excel, kiểm tra và lưu lại dưới dạng .xlsx"}
	}
	return nil
}

// drain inflates one part, which checks its CRC and its declared size.
func drain(zf *zip.File) error {
	rc, err := zf.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	n, err := io.Copy(io.Discard, io.LimitReader(rc, int64(zf.UncompressedSize64)+1))
	if err != nil {
		return err
	}
	if uint64(n) != zf.UncompressedSize64 {
		return errors.New("kích thước khai báo sai")
	}
	return nil
}

// isSheet reports whether a part is a worksheet, which the reader streams.
func isSheet(part string) bool { return path.Dir(part) == "xl/worksheets" }
