package gateway

import "testing"

func TestSoftMemoryLimit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		mib     int
		environ []string
		want    int64
	}{
		{"off", 0, nil, 0},
		{"85 percent", 300, []string{"PATH=/bin"}, 300 << 20 * 85 / 100},
		{"GOMEMLIMIT wins", 300, []string{"GOMEMLIMIT=1GiB"}, 0},
		{"an empty GOMEMLIMIT is unset", 100, []string{"GOMEMLIMIT="}, 100 << 20 * 85 / 100},
	}
	for _, tc := range tests {
		if got := softMemoryLimit(tc.mib, tc.environ); got != tc.want {
			t.Errorf("%s: softMemoryLimit(%d, %q) = %d, want %d", tc.name, tc.mib, tc.environ, got, tc.want)
		}
	}
}
