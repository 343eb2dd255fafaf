package xlsx

import (
	"hash/crc32"
	"math/rand"
	"testing"
)

func TestCRC32Combine(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for _, n := range [][2]int{{0, 0}, {0, 5}, {5, 0}, {1, 1}, {3, 1000}, {1000, 3}, {70000, 123457}} {
		a, b := make([]byte, n[0]), make([]byte, n[1])
		rng.Read(a)
		rng.Read(b)
		want := crc32.ChecksumIEEE(append(append([]byte{}, a...), b...))
		if got := crc32Combine(crc32.ChecksumIEEE(a), crc32.ChecksumIEEE(b), int64(len(b))); got != want {
			t.Errorf("lengths %v: %08x, want %08x", n, got, want)
		}
	}
}
