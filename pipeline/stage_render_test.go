package pipeline

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"asxh/pipeline/config"
)

// TestSpooledAllInOrder: the outputs are drawn at once, but the files,
// the error and a panic come in the outputs' order, whatever order the
// drawing ends in (the first output is made to end last).
func TestSpooledAllInOrder(t *testing.T) {
	job := func() *Job {
		return &Job{Root: t.TempDir(), Config: &config.Config{Year: 2020}}
	}
	slow := func(text string) func(io.Writer) error {
		return func(w io.Writer) error {
			time.Sleep(50 * time.Millisecond)
			_, err := io.WriteString(w, text)
			return err
		}
	}
	fast := func(text string) func(io.Writer) error {
		return func(w io.Writer) error { _, err := io.WriteString(w, text); return err }
	}
	j := job()
	defer j.spool.Close()
	files, err := j.spooledAll([]output{{"a", slow("first")}, {"b", fast("second")}, {"c", fast("third")}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range files {
		data, err := os.ReadFile(f.Path)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, f.Name+"="+string(data))
	}
	if s := strings.Join(got, " "); s != "a=first b=second c=third" {
		t.Errorf("files %s", s)
	}

	j = job()
	defer j.spool.Close()
	failA, failC := errors.New("a failed"), errors.New("c failed")
	files, err = j.spooledAll([]output{{"a", func(io.Writer) error { time.Sleep(50 * time.Millisecond); return failA }},
		{"b", fast("second")}, {"c", func(io.Writer) error { return failC }}})
	if err != failA || len(files) != 0 {
		t.Errorf("error %v with %d files, want the first output's error and none", err, len(files))
	}

	j = job()
	defer j.spool.Close()
	defer func() {
		if r := recover(); fmt.Sprint(r) != "b panicked" {
			t.Errorf("recovered %v, want the panic of the output b", r)
		}
	}()
	j.spooledAll([]output{{"a", slow("first")}, {"b", func(io.Writer) error { panic("b panicked") }}, {"c", fast("third")}})
	t.Error("a drawing's panic was not raised again")
}
