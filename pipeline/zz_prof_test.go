package pipeline

import "testing"

func TestZZProf(t *testing.T) {
	j := &Job{ConfigPath: "../data/config.yaml", InputDir: "/tmp/big100k", OutputDir: t.TempDir(), ValidateOnly: true}
	if err := Run(j); err != nil {
		t.Fatal(err)
	}
}
