// Command gensample writes the sample ward's registers into data/:
// phường Cự Khối, 2020, adding up to every figure of its published summary.
// For benchmarks and roll-up tests it writes larger or many wards, and
// then -out is required: data/ holds the sample, and a large ward written
// over it would change every figure the tests and the README state.
//
//	go run ./cmd/gensample [-out data]
//	go run ./cmd/gensample -out DIR [-btxh 100000] [-wards 579]
//
// With -wards N, OUT gets N folders ward-001 … each with the registers of
// a different synthetic ward and a config.yaml naming its own unit code,
// ready for `asxh run --config OUT/ward-001/config.yaml` and then
// `asxh rollup`.
package main

import (
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
	base, err := os.ReadFile(config)
	if err != nil {
		return err
	}
	tmpl, err := filepath.Abs(filepath.Join(filepath.Dir(config), "../templates/bao-cao-an-sinh-xa-hoi.tmpl"))
	if err != nil {
		return err
	}
	for i := 1; i <= wards; i++ {
		dir := filepath.Join(out, fmt.Sprintf("ward-%03d", i))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		if err := sample.Write(dir, targets(uint64(1000+i))); err != nil {
			return err
		}
		cfg := strings.Replace(string(base), `unit: {code: "00154", name: Phường Cự Khối}`,
			fmt.Sprintf(`unit: {code: "%05d", name: Phường số %d}`, 90000+i, i), 1)
		cfg = strings.Replace(cfg, "template: ../templates/bao-cao-an-sinh-xa-hoi.tmpl", "template: "+tmpl, 1)
		cfg = strings.Replace(cfg, "output: ../output", "output: output", 1)
		if err := os.WriteFile(filepath.Join(dir, "config.yaml"), []byte(cfg), 0o644); err != nil {
			return err
		}
	}
	return nil
}
