package store

import (
	"bytes"
	"compress/flate"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"fmt"
	"os"
	"reflect"
	"sort"
	"strings"
	"sync"

	"taizhang/internal/finding"
	"taizhang/internal/plan"
)

// Reading a plan workbook of tens of thousands of measures takes most of a second; every
// command needs the plan, and it rarely changes. The workspace keeps the plan as read (and the
// findings of its check) in the database, keyed by the workbook's SHA-256 and by the shape of
// the plan's types: a changed workbook, or a taizhang whose plan model changed, reads the
// workbook again. A cache entry that cannot be decoded is ignored and replaced.

// planCacheVersion changes when reading a plan gives different results from the same bytes
// (a fix in plan.Read), so that older cached plans are not used.
const planCacheVersion = "2"

type cachedPlan struct {
	Plan     *plan.Plan // without its tasks, which follow
	Findings finding.List
	Tasks    int
}

// Plan reads the workspace's plan workbook and its findings, from the cache when the
// workbook has not changed.
func (w *Workspace) Plan() (*plan.Plan, finding.List, error) {
	data, err := os.ReadFile(w.PlanPath())
	if err != nil {
		return nil, nil, err
	}
	key := planCacheKey(data)
	if p, fs, ok := w.cachedPlan(key); ok {
		return p, fs, nil
	}
	p, fs, err := plan.Read(data)
	if err != nil {
		return nil, nil, err
	}
	if tx, err := w.db.Begin(); err == nil { // best effort: the plan was read either way
		if cachePlan(tx, key, p, fs) == nil {
			tx.Commit()
		}
		tx.Rollback()
	}
	return p, fs, nil
}

func planCacheKey(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:]) + "/" + planCacheVersion + "/" + planShape()
}

func (w *Workspace) cachedPlan(key string) (*plan.Plan, finding.List, bool) {
	var blob []byte
	if err := w.db.QueryRow(`SELECT data FROM plan_cache WHERE key = ?`, key).Scan(&blob); err != nil {
		return nil, nil, false
	}
	// the tasks follow the rest one by one: one message of tens of megabytes would be read
	// in growing pieces
	dec := gob.NewDecoder(flate.NewReader(bytes.NewReader(blob)))
	var c cachedPlan
	if err := dec.Decode(&c); err != nil || c.Plan == nil || c.Tasks < 0 || c.Tasks > len(blob) {
		return nil, nil, false
	}
	c.Plan.Tasks = make([]plan.Task, c.Tasks)
	for i := range c.Plan.Tasks {
		if err := dec.Decode(&c.Plan.Tasks[i]); err != nil {
			return nil, nil, false
		}
	}
	return c.Plan, c.Findings, true
}

// cachePlan keeps a plan as read under its key, in place of any other.
func cachePlan(db execer, key string, p *plan.Plan, fs finding.List) error {
	// compressed: the plan's texts are most of it, and a smaller entry costs less memory to read
	var buf bytes.Buffer
	zw, _ := flate.NewWriter(&buf, flate.BestSpeed)
	head := *p
	head.Tasks = nil
	enc := gob.NewEncoder(zw)
	if err := enc.Encode(cachedPlan{Plan: &head, Findings: fs, Tasks: len(p.Tasks)}); err != nil {
		return err
	}
	for i := range p.Tasks {
		if err := enc.Encode(&p.Tasks[i]); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	if _, err := db.Exec(`DELETE FROM plan_cache`); err != nil {
		return err
	}
	_, err := db.Exec(`INSERT INTO plan_cache(key, data) VALUES(?, ?)`, key, buf.Bytes())
	return err
}

var (
	shapeOnce sync.Once
	shape     string
)

// planShape is a digest of the exported fields of the cached types, all the way down: a
// field added, removed, renamed or retyped gives another digest.
func planShape() string {
	shapeOnce.Do(func() {
		var parts []string
		seen := map[reflect.Type]bool{}
		var walk func(t reflect.Type)
		walk = func(t reflect.Type) {
			if seen[t] {
				return
			}
			seen[t] = true
			switch t.Kind() {
			case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Map:
				if t.Kind() == reflect.Map {
					walk(t.Key())
				}
				walk(t.Elem())
			case reflect.Struct:
				var fields []string
				for i := 0; i < t.NumField(); i++ {
					f := t.Field(i)
					if !f.IsExported() {
						continue
					}
					fields = append(fields, f.Name+" "+f.Type.String())
					walk(f.Type)
				}
				parts = append(parts, t.String()+"{"+strings.Join(fields, ";")+"}")
			}
		}
		walk(reflect.TypeOf(cachedPlan{}))
		sort.Strings(parts)
		sum := sha256.Sum256([]byte(strings.Join(parts, "\n")))
		shape = fmt.Sprintf("%x", sum[:8])
	})
	return shape
}
