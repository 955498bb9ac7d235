package main

import (
	"bytes"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/net/html"
)

// genDistrict writes n generated wards and their district with gensample,
// as the IT officer would, and returns the folder.
func genDistrict(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	cmd := exec.Command("go", "run", "./cmd/gensample", "-wards", strconv.Itoa(n), "-out", dir)
	cmd.Dir = "../.."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("gensample: %v\n%s", err, out)
	}
	return dir
}

// wardNames are gensample's first wards' names, in order.
var wardNames = []string{"Bồ Đề", "Cự Khối", "Đức Giang", "Gia Thụy", "Giang Biên", "Long Biên", "Ngọc Lâm",
	"Ngọc Thụy", "Phúc Đồng", "Phúc Lợi", "Sài Đồng", "Thạch Bàn", "Thượng Thanh", "Việt Hưng"}

// statusRow is one ward's row of the status page.
type statusRow struct {
	code, status, text string
	hrefs              []string
}

// statusPage parses index.html and returns the rows of its wards' table.
func statusPage(t *testing.T, path string) []statusRow {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := html.Parse(f)
	if err != nil {
		t.Fatal(err)
	}
	attr := func(n *html.Node, k string) string {
		for _, a := range n.Attr {
			if a.Key == k {
				return a.Val
			}
		}
		return ""
	}
	var text func(n *html.Node) string
	text = func(n *html.Node) string {
		if n.Type == html.TextNode {
			return n.Data
		}
		var b strings.Builder
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			b.WriteString(text(c))
			b.WriteString(" ")
		}
		return b.String()
	}
	var rows []statusRow
	var walk func(n *html.Node, inTable bool)
	walk = func(n *html.Node, inTable bool) {
		if n.Type == html.ElementNode {
			switch {
			case n.Data == "script" || n.Data == "link" || (n.Data == "img" && strings.HasPrefix(attr(n, "src"), "http")):
				t.Errorf("the page is not self-contained: <%s>", n.Data)
			case n.Data == "table" && attr(n, "id") == "don-vi":
				inTable = true
			case n.Data == "tr" && inTable && attr(n, "data-status") != "":
				r := statusRow{code: attr(n, "data-code"), status: attr(n, "data-status"), text: strings.Join(strings.Fields(text(n)), " ")}
				var links func(n *html.Node)
				links = func(n *html.Node) {
					if n.Type == html.ElementNode && n.Data == "a" {
						r.hrefs = append(r.hrefs, attr(n, "href"))
					}
					for c := n.FirstChild; c != nil; c = c.NextSibling {
						links(c)
					}
				}
				links(n)
				if (attr(n, "class") == "flag") != (r.status == "còn lỗi" || r.status == "thất bại") {
					t.Errorf("row %s (%s) flagged %q", r.code, r.status, attr(n, "class"))
				}
				rows = append(rows, r)
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inTable)
		}
	}
	walk(doc, false)
	return rows
}

// screenshot renders the page in headless Chromium and checks the image
// is not blank and shows the flagged row's red.
func screenshot(t *testing.T, page string, wantRed bool) {
	t.Helper()
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatal("chromium is needed to render the status page: apt-get install -y chromium (scripts/test installs it)")
	}
	shot := filepath.Join(t.TempDir(), "index.png")
	cmd := exec.Command(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
		"--user-data-dir="+t.TempDir(), "--window-size=1600,1100", "--screenshot="+shot, "file://"+page)
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, out)
	}
	b, err := os.ReadFile(shot)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	ink, red := 0, 0
	bounds := img.Bounds()
	for y := bounds.Min.Y; y < bounds.Max.Y; y += 2 {
		for x := bounds.Min.X; x < bounds.Max.X; x += 2 {
			r, g, b, _ := img.At(x, y).RGBA()
			r, g, b = r>>8, g>>8, b>>8
			if r < 128 && g < 128 && b < 128 {
				ink++
			}
			if r > 240 && g > 200 && g < 225 && b > 205 && b < 230 { // #f8d7da, the flagged row
				red++
			}
		}
	}
	if ink < 2000 {
		t.Errorf("the screenshot is blank: %d dark pixels", ink)
	}
	if wantRed != (red > 200) {
		t.Errorf("flagged rows' red in the screenshot: %d pixels, want some: %v", red, wantRed)
	}
	if os.Getenv("ASXH_KEEP_SCREENSHOT") != "" {
		os.WriteFile(os.Getenv("ASXH_KEEP_SCREENSHOT"), b, 0o644)
	}
}

// TestDistrictNight is the district IT officer's night: every ward in one
// command, one status page, a roll-up that survives a bad ward. The quick
// suite (-short) runs three wards, the full one Long Biên's fourteen.
func TestDistrictNight(t *testing.T) {
	n := 14
	if testing.Short() {
		n = 3
	}
	spoilt := 2 // the second ward: Cự Khối, which every report named
	dir := genDistrict(t, n)
	quan := filepath.Join(dir, "quan.yaml")
	root := filepath.Join(dir, "output")
	page := filepath.Join(root, "index.html")

	// Nothing shared names a ward: the templates and the shared
	// configuration take the ward from its unit.
	shared, _ := filepath.Glob(filepath.Join(dir, "chung", "*"))
	repo, _ := filepath.Glob("../../templates/*")
	for _, p := range append(shared, repo...) {
		b, _ := os.ReadFile(p)
		for _, name := range wardNames[:n] {
			if name == "Long Biên" {
				continue // the district's name too
			}
			if strings.Contains(string(b), name) || strings.Contains(string(b), strings.ToUpper(name)) {
				t.Errorf("%s names the ward %s", p, name)
			}
		}
	}

	// A clean night: every ward published, each report naming its own.
	code, stdout, stderr := asxhAll(t, "run", "--config", quan)
	if code != 0 {
		t.Fatalf("clean night: exit %d\n%s\n%s", code, stdout, stderr)
	}
	for i := 1; i <= n; i++ {
		name := wardNames[i-1]
		txt := pdfText(t, filepath.Join(dir, "ward-"+pad(i), "output", "2020", "bao-cao-an-sinh-xa-hoi-2020.pdf"), false)
		for _, want := range []string{"PHƯỜNG " + strings.ToUpper(name), "của UBND phường " + name + "./.", "Đảng ủy phường " + name + ";"} {
			if !strings.Contains(txt, want) {
				t.Errorf("ward %d's report lacks %q", i, want)
			}
		}
		for j, other := range wardNames[:n] {
			if j != i-1 && strings.Contains(txt, "phường "+other) {
				t.Errorf("ward %d's report names phường %s", i, other)
			}
		}
	}
	rows := statusPage(t, page)
	if len(rows) != n {
		t.Fatalf("the page lists %d wards, want %d", len(rows), n)
	}
	for _, r := range rows {
		if r.status != "đã xuất bản" {
			t.Errorf("clean night: ward %s is %q", r.code, r.status)
		}
	}
	screenshot(t, page, false)

	// One ward spoilt: exit 1, the others republished, the page flags it
	// first and links its findings, the district still covers every ward
	// and names the stale one.
	reg := filepath.Join(dir, "ward-"+pad(spoilt), "ho-ngheo.xlsx")
	f, err := excelize.OpenFile(reg)
	if err != nil {
		t.Fatal(err)
	}
	f.SetCellValue("DS", "E6", "ba")
	f.Save()
	f.Close()
	code, stdout, stderr = asxhAll(t, "run", "--config", quan, "--force")
	if code != 1 {
		t.Fatalf("one ward spoilt: exit %d, want 1\n%s\n%s", code, stdout, stderr)
	}
	rows = statusPage(t, page)
	if len(rows) != n {
		t.Fatalf("the page lists %d wards, want %d", len(rows), n)
	}
	first := rows[0]
	if first.code != "9000"+strconv.Itoa(spoilt) || first.status != "còn lỗi" || !strings.Contains(first.text, "Phường "+wardNames[spoilt-1]) {
		t.Errorf("the first row is %+v, want the spoilt ward flagged", first)
	}
	if !strings.Contains(first.text, "Danh sách hộ nghèo") || !strings.Contains(first.text, "1 lỗi") {
		t.Errorf("the spoilt ward's row does not count its error by register: %s", first.text)
	}
	var findings, marked, report bool
	for _, h := range first.hrefs {
		if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(h))); err != nil {
			t.Errorf("link %s: %v", h, err)
		}
		findings = findings || strings.HasSuffix(h, "/kiem-tra-du-lieu-2020.xlsx")
		marked = marked || strings.HasSuffix(h, "/sua-loi/ho-ngheo.xlsx")
		report = report || strings.HasSuffix(h, "/bao-cao-an-sinh-xa-hoi-2020.pdf")
	}
	if !findings || !marked || !report {
		t.Errorf("the spoilt ward links findings %v, marked copy %v, last report %v: %v", findings, marked, report, first.hrefs)
	}
	for _, r := range rows[1:] {
		if r.status != "đã xuất bản" {
			t.Errorf("ward %s is %q, want republished", r.code, r.status)
		}
	}
	txt := pdfText(t, filepath.Join(root, "2020", "bao-cao-an-sinh-xa-hoi-quan-2020.pdf"), false)
	flat := strings.Join(strings.Fields(txt), " ")
	for _, want := range []string{"của " + strconv.Itoa(n) + " phường", "Phường " + wardNames[spoilt-1] + ": số liệu theo báo cáo đã xuất bản ngày"} {
		if !strings.Contains(flat, want) {
			t.Errorf("the district report lacks %q", want)
		}
	}
	if !regexp.MustCompile(`dữ liệu mới còn [1-9]\d* lỗi`).MatchString(flat) {
		t.Error("the district report does not say how many errors the stale ward's new data has")
	}
	book, err := excelize.OpenFile(filepath.Join(root, "tinh-trang-2020.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	cells, _ := book.GetRows("Tình trạng")
	if pl, _ := book.GetPageLayout("Tình trạng"); pl.Size == nil || *pl.Size != 9 || pl.Orientation == nil || *pl.Orientation != "landscape" || pl.FitToWidth == nil || *pl.FitToWidth != 1 {
		t.Errorf("the status workbook does not print on A4 landscape, one page wide: %+v", pl)
	}
	book.Close()
	if len(cells) != 3+n || len(cells[3]) < 4 || cells[3][3] != "còn lỗi" {
		t.Errorf("the status workbook: %d rows, first %v", len(cells), cells[min(3, len(cells)-1)])
	}
	screenshot(t, page, true)

	// asxh rollup stays strict by default, and takes the last final
	// report behind --allow-stale.
	var results []string
	for i := 1; i <= n; i++ {
		results = append(results, filepath.Join(dir, "ward-"+pad(i), "output", "2020"))
	}
	if code, _, stderr := asxhAll(t, append([]string{"rollup", "--config", quan, "--out", t.TempDir()}, results...)...); code != 1 || !strings.Contains(stderr, "chưa xuất bản") {
		t.Errorf("a strict roll-up over the spoilt ward: exit %d, want 1\n%s", code, stderr)
	}
	if code, _, stderr := asxhAll(t, append([]string{"rollup", "--allow-stale", "--config", quan, "--out", t.TempDir()}, results...)...); code != 0 || !strings.Contains(stderr, "(1) Phường "+wardNames[spoilt-1]+": số liệu theo báo cáo đã xuất bản ngày") {
		t.Errorf("rollup --allow-stale: exit %d, want 0 and the note\n%s", code, stderr)
	}

	// A ward that fails (its configuration broken) is exit 3; the others
	// still run, and the page lists it first.
	broken := filepath.Join(dir, "ward-"+pad(n), "config.yaml")
	os.WriteFile(broken, []byte("extends: ../chung/config.yaml\nunit: {code: \"9\", nam: x}\n"), 0o644)
	if code, stdout, stderr := asxhAll(t, "run", "--config", quan); code != 3 || !strings.Contains(stdout, "thất bại") {
		t.Errorf("a broken ward: exit %d, want 3\n%s\n%s", code, stdout, stderr)
	}
	rows = statusPage(t, page)
	if len(rows) != n || rows[0].status != "thất bại" || !strings.Contains(rows[0].text, "nam") || rows[1].status != "còn lỗi" {
		t.Errorf("after a broken ward the page lists %d rows, first %+v", len(rows), rows[0])
	}

	// validate runs every ward and publishes nothing.
	before, _ := os.ReadFile(filepath.Join(root, "2020", "manifest.json"))
	if code, _, stderr := asxhAll(t, "validate", "--config", quan); code != 3 {
		t.Errorf("validate with a broken ward: exit %d, want 3\n%s", code, stderr)
	}
	if after, _ := os.ReadFile(filepath.Join(root, "2020", "manifest.json")); !bytes.Equal(before, after) {
		t.Error("validate changed the district's report")
	}
}

func pad(i int) string { return strings.Repeat("0", 3-len(strconv.Itoa(i))) + strconv.Itoa(i) }
