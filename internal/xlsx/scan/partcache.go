package scan

import (
	"encoding/binary"
	"io"
	"strings"
	"sync"
)

// Returns made from one template share most of their parts byte for byte: the package and
// workbook relationships, the workbook and the styles. Reading a part means inflating and
// tokenizing it; what a scan takes from such a part (the workbook's path, the sheets, the
// relationships, which styles are dates) is kept, keyed by the part's name and its exact stored
// bytes — compression method, checksum, sizes and compressed data — so that a part is only
// ever answered from the cache when reading it again would give the very same result. Only
// small parts are kept, and only so many; the cache is a memo, never state: a scan with an
// empty cache (or none) reads the same. A run makes its own cache; nothing is kept between
// runs.

const (
	partCacheMaxPart    = 64 << 10 // compressed bytes of a part worth keeping
	partCacheMaxEntries = 256
)

// Cache keeps what scans took from shared parts, for the scans of one run (several goroutines
// may share it). The zero Cache is not usable: make one with NewCache; a nil *Cache keeps
// nothing.
type Cache struct {
	mu sync.Mutex
	m  map[string]any
}

// NewCache makes an empty cache.
func NewCache() *Cache { return &Cache{m: map[string]any{}} }

// Len is the number of parts kept.
func (c *Cache) Len() int {
	if c == nil {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.m)
}

// partKey is the identity of a part as stored, or "" when it is not worth keeping.
func (s *scanner) partKey(kind, name string) string {
	f, ok := s.files[name]
	if !ok || f.CompressedSize64 > partCacheMaxPart || f.UncompressedSize64 > uint64(s.lim.MaxPart) {
		return ""
	}
	r, err := f.OpenRaw()
	if err != nil {
		return ""
	}
	var b strings.Builder
	b.Grow(len(kind) + len(name) + 32 + int(f.CompressedSize64))
	b.WriteString(kind)
	b.WriteByte(0)
	b.WriteString(name)
	b.WriteByte(0)
	var head [22]byte
	binary.LittleEndian.PutUint16(head[0:], f.Method)
	binary.LittleEndian.PutUint32(head[2:], f.CRC32)
	binary.LittleEndian.PutUint64(head[6:], f.CompressedSize64)
	binary.LittleEndian.PutUint64(head[14:], f.UncompressedSize64)
	b.Write(head[:])
	if _, err := io.Copy(&b, io.LimitReader(r, int64(f.CompressedSize64))); err != nil {
		return ""
	}
	return b.String()
}

// cached returns what parse gives for a part, from the cache when the same bytes were parsed
// before. The value is shared: callers must not change it. A part answered from the cache
// still counts towards the scan's total of uncompressed bytes.
func cached[T any](s *scanner, kind, name string, parse func() (T, error)) (T, error) {
	c := s.cache
	if c == nil {
		return parse()
	}
	key := s.partKey(kind, name)
	if key != "" {
		c.mu.Lock()
		v, ok := c.m[key]
		c.mu.Unlock()
		if ok {
			f := s.files[name]
			s.total += int64(f.UncompressedSize64)
			if s.total > s.lim.MaxTotal {
				var zero T
				return zero, errTotal(s)
			}
			return v.(T), nil
		}
	}
	v, err := parse()
	if err == nil && key != "" {
		c.mu.Lock()
		if len(c.m) < partCacheMaxEntries {
			c.m[key] = v
		}
		c.mu.Unlock()
	}
	return v, err
}
