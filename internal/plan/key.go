package plan

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
)

// RowKey is the key of a task's measure: "3.1".
func RowKey(task, measure int) string { return strconv.Itoa(task) + "." + strconv.Itoa(measure) }

// ParseRowKey reads "3.1"; ok=false for anything else.
func ParseRowKey(s string) (task, measure int, ok bool) {
	a, b, found := strings.Cut(s, ".")
	if !found {
		return 0, 0, false
	}
	t, err1 := strconv.Atoi(a)
	m, err2 := strconv.Atoi(b)
	if err1 != nil || err2 != nil || t <= 0 || m <= 0 {
		return 0, 0, false
	}
	return t, m, true
}

// Fingerprint is a digest of what a template shows of the plan: tasks, measures, units and
// deadlines. Two plans with the same fingerprint give the same templates.
func Fingerprint(p *Plan) string {
	h := sha256.New()
	// each part as "len:text|", a line per call; hashed in large pieces
	buf := make([]byte, 0, 64<<10)
	w := func(parts ...string) {
		for _, s := range parts {
			buf = strconv.AppendInt(buf, int64(len(s)), 10)
			buf = append(buf, ':')
			buf = append(buf, s...)
			buf = append(buf, '|')
		}
		buf = append(buf, '\n')
		if len(buf) >= 32<<10 {
			h.Write(buf)
			buf = buf[:0]
		}
	}
	w(p.Title)
	for ti := range p.Tasks {
		t := &p.Tasks[ti]
		w("task", strconv.Itoa(t.No), t.Title, JoinList(t.Units), t.Lead, t.Deadline.Text, t.Deadline.DueString())
		for mi := range t.Measures {
			m := &t.Measures[mi]
			w("measure", strconv.Itoa(m.No), m.Text, JoinList(m.Units), m.Deadline.Text, m.Deadline.DueString())
		}
	}
	for _, u := range p.Units {
		w("unit", u.Name, JoinList(u.Aliases), JoinList(u.Members))
	}
	h.Write(buf)
	return hex.EncodeToString(h.Sum(nil))[:32]
}
