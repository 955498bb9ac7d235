// Command gensample writes the sample ward's registers into data/:
// phường Cự Khối, 2020, adding up to every figure of its published summary.
// For benchmarks and roll-up tests it writes larger or many wards, and
// then -out is required: data/ holds the sample, and a large ward written
// over it would change every figure the tests and the README state.
//
//	go run ./cmd/gensample [-out data]
//	go run ./cmd/gensample -out DIR [-btxh 100000] [-wards 579]
//
// With -wards N, OUT gets the district's configuration OUT/quan.yaml
// listing the wards (`asxh run --config OUT/quan.yaml` runs them all), its
// shared configuration and
// templates in OUT/chung, and N folders ward-001 … each with the registers
// of a different synthetic ward and a config.yaml that extends the shared
// one with its own unit, ready for `asxh run --config
// OUT/ward-001/config.yaml` and then `asxh rollup`.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"asxh/internal/sample"
)

func main() {
	if err := cli(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "gensample:", err)
		os.Exit(1)
	}
}

// cli parses the arguments and writes what they ask for.
func cli(args []string) error {
	fl := flag.NewFlagSet("gensample", flag.ContinueOnError)
	out := fl.String("out", "data", "folder to write the registers into (required with -btxh or -wards)")
	btxh := fl.Int("btxh", 0, "with N > 0, a large ward for benchmarks: about N social-protection rows")
	wards := fl.Int("wards", 0, "with N > 0, N synthetic wards, each in its own folder with its configuration")
	config := fl.String("config", "data/config.yaml", "with -wards, the configuration each ward's is made from")
	if err := fl.Parse(args); err != nil {
		return err
	}
	given := false
	fl.Visit(func(f *flag.Flag) { given = given || f.Name == "out" })
	if (*btxh > 0 || *wards > 0) && !given {
		return fmt.Errorf("-btxh and -wards need -out DIR: without it they would overwrite the sample in %s", *out)
	}
	return run(*out, *btxh, *wards, *config)
}

func run(out string, btxh, wards int, config string) error {
	targets := func(seed uint64) sample.Targets {
		t := sample.CuKhoi2020()
		if btxh > 0 {
			t = sample.Large(btxh)
		}
		if seed > 0 {
			t.Seed = seed
		}
		return t
	}
	if wards == 0 {
		if err := os.MkdirAll(out, 0o755); err != nil {
			return err
		}
		return sample.Write(out, targets(0))
	}
	return writeWards(out, wards, config, targets)
}

// names are the wards of quận Long Biên; a district larger than that
// numbers the rest.
var names = []string{"Bồ Đề", "Cự Khối", "Đức Giang", "Gia Thụy", "Giang Biên", "Long Biên", "Ngọc Lâm",
	"Ngọc Thụy", "Phúc Đồng", "Phúc Lợi", "Sài Đồng", "Thạch Bàn", "Thượng Thanh", "Việt Hưng"}

func wardName(i int) string {
	if i <= len(names) {
		return names[i-1]
	}
	return fmt.Sprintf("Số %d", i)
}

// signers are the chairs of the synthetic wards, in turn.
var signers = []string{"Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Hải", "Vũ Thị Hoa", "Đặng Văn Hùng"}

// writeWards writes the district as its IT officer keeps it: OUT/chung
// holds the shared configuration (the sample's, naming no ward) and the
// templates; each ward's folder holds its registers and a configuration
// that extends the shared one with its own unit and signer.
func writeWards(out string, wards int, config string, targets func(uint64) sample.Targets) error {
	base, err := os.ReadFile(config)
	if err != nil {
		return err
	}
	shared := filepath.Join(out, "chung")
	if err := os.MkdirAll(shared, 0o755); err != nil {
		return err
	}
	tmplDir := filepath.Join(filepath.Dir(config), "../templates")
	for _, name := range []string{"bao-cao-an-sinh-xa-hoi.tmpl", "bao-cao-quan.tmpl"} {
		b, err := os.ReadFile(filepath.Join(tmplDir, name))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(shared, name), b, 0o644); err != nil {
			return err
		}
	}
	cfg, err := sharedConfig(string(base))
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(shared, "config.yaml"), []byte(cfg), 0o644); err != nil {
		return err
	}
	var list []string
	for i := 1; i <= wards; i++ {
		list = append(list, "  - "+wardDir(i)+"/config.yaml")
		dir := filepath.Join(out, wardDir(i))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		if err := sample.Write(dir, targets(uint64(1000+i))); err != nil {
			return err
		}
		ward := fmt.Sprintf(`# Phường %s: cấu hình chung của quận, chỉ ghi những gì riêng.
extends: ../chung/config.yaml
unit: {code: "%05d", name: %s}
document:
  signer: {name: %s}
`, wardName(i), 90000+i, wardName(i), signers[(i-1)%len(signers)])
		if err := os.WriteFile(filepath.Join(dir, "config.yaml"), []byte(ward), 0o644); err != nil {
			return err
		}
	}
	quan, err := os.ReadFile(filepath.Join(filepath.Dir(config), "quan-long-bien.yaml"))
	if err != nil {
		return err
	}
	q, err := districtConfig(string(quan), list)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(out, "quan.yaml"), []byte(q), 0o644)
}

// districtConfig is the sample district's configuration for the wards
// written: `asxh run --config OUT/quan.yaml` runs them all.
func districtConfig(base string, wards []string) (string, error) {
	s := base
	for old, new := range map[string]string{
		"template: ../templates/bao-cao-quan.tmpl": "template: chung/bao-cao-quan.tmpl",
		"output: ../output/quan":                   "output: output",
		"figures_from: config.yaml":                "wards:\n" + strings.Join(wards, "\n"),
	} {
		if !strings.Contains(s, old) {
			return "", fmt.Errorf("the sample district configuration has no %q", old)
		}
		s = strings.Replace(s, old, new, 1)
	}
	return s, nil
}

func wardDir(i int) string { return fmt.Sprintf("ward-%03d", i) }

// sharedConfig is the sample configuration with its unit's own part (code
// and name) left to each ward, the template beside it, and each ward's
// reports in its own folder.
func sharedConfig(base string) (string, error) {
	start := strings.Index(base, "\nunit:\n")
	end := strings.Index(base, "\ninput:")
	if start < 0 || end < start {
		return "", errors.New("the sample configuration has no unit block before its input block")
	}
	var kept []string
	for _, line := range strings.Split(base[start+len("\nunit:\n"):end], "\n") {
		if f := strings.TrimSpace(line); !strings.HasPrefix(f, "code:") && !strings.HasPrefix(f, "name:") {
			kept = append(kept, line)
		}
	}
	s := base[:start] + "\nunit:\n" + strings.Join(kept, "\n") + base[end:]
	for old, new := range map[string]string{
		"template: ../templates/bao-cao-an-sinh-xa-hoi.tmpl": "template: bao-cao-an-sinh-xa-hoi.tmpl",
		"output: ../output": "output: output",
	} {
		if !strings.Contains(s, old) {
			return "", fmt.Errorf("the sample configuration has no %q", old)
		}
		s = strings.Replace(s, old, new, 1)
	}
	return s, nil
}
