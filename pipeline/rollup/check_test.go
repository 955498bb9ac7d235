package rollup

import "testing"

func TestKnownVersion(t *testing.T) {
	for _, tt := range []struct {
		theirs, ours string
		ok           bool
	}{
		{"0.1.0-dev", "0.1.0-dev", true},
		{"0.1.0", "0.2.3", true},
		{"v0.2.3", "0.2.3", true},
		{"0.2.4", "0.2.3", false}, // newer: its figures may mean more
		{"1.0.0", "0.9.0", false}, // another major version
		{"0.9.0", "1.0.0", false},
		{"mới nhất", "0.1.0", false},
		{"", "0.1.0", false},
		{"0.1.0", "(devel)", true}, // a build without a version cannot compare
	} {
		if got := knownVersion(tt.theirs, tt.ours) == ""; got != tt.ok {
			t.Errorf("knownVersion(%q, %q) ok = %v, want %v", tt.theirs, tt.ours, got, tt.ok)
		}
	}
}
