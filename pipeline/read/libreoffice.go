package read

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// convertTimeout bounds one LibreOffice conversion.
const convertTimeout = 2 * time.Minute

// convertToXLSX has LibreOffice (soffice) save an .xls or .ods register as
// .xlsx in a temporary folder, which cleanup removes.
func convertToXLSX(soffice, path string) (out string, cleanup func(), err error) {
	dir, err := os.MkdirTemp("", "asxh-convert-")
	if err != nil {
		return "", nil, err
	}
	cleanup = func() { os.RemoveAll(dir) }
	ctx, cancel := context.WithTimeout(context.Background(), convertTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--headless", "--convert-to", "xlsx", "--outdir", dir, path)
	msg, err := cmd.CombinedOutput()
	out = filepath.Join(dir, strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))+".xlsx")
	if _, serr := os.Stat(out); err != nil || serr != nil {
		cleanup()
		return "", nil, &fileProblem{fmt.Sprintf("LibreOffice không chuyển được tệp sang .xlsx (%v %s)", err, strings.TrimSpace(string(msg))),
			"mở tệp bằng Excel hoặc LibreOffice và lưu lại dưới dạng .xlsx"}
	}
	return out, cleanup, nil
}
