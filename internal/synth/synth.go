// Package synth makes synthetic workspaces for benchmarks and scale tests: a plan with N units
// of M measures each, a ready workspace, and N filled returns with realistic Chinese text
// lengths, every status, and a few of the usual mistakes. The same seed gives the same files.
//
// It imports plan, template, fill, store, period and deadline.
package synth

import (
	"context"
	"crypto/sha256"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"taizhang/internal/atomicfile"
	"taizhang/internal/deadline"
	"taizhang/internal/fill"
	"taizhang/internal/period"
	"taizhang/internal/plan"
	"taizhang/internal/store"
	"taizhang/internal/template"
	"taizhang/templates"
)

// Options describe a synthetic workspace.
type Options struct {
	Units    int
	Measures int // per unit
	Period   period.Period
	Seed     int64
	Out      string // DIR: DIR/workspace and DIR/returns
	Workers  int
}

// Result says what was made.
type Result struct {
	Workspace string
	Returns   string
	Files     int
	Bytes     int64
	Mistakes  int // returns with a mistake (rejected when collected)
}

var places = []string{"东", "西", "南", "北", "中", "新", "长", "安", "平", "和", "兴", "宁", "阳", "山", "江", "河", "湖", "海",
	"林", "川", "原", "城", "石", "清", "云", "松", "白", "红", "青", "金", "丰", "永", "德", "华", "泰", "昌", "盛", "荣", "景", "明"}
var kinds = []string{"生态环境局", "住建局", "农业农村局", "水利局", "自然资源局", "发改局", "工信局", "应急局", "市场监管局", "交通局",
	"林业局", "商务局", "卫健局", "教育局", "财政局", "城管局", "文旅局", "公安局", "气象局", "统计局"}

// unitName is the i-th unit: a county and a department, unique for i < 40*40*20.
func unitName(i int) string {
	k := kinds[i%len(kinds)]
	j := i / len(kinds)
	return places[j%len(places)] + places[(j/len(places))%len(places)] + "县" + k
}

var phrases = []string{"开展专项排查整治", "建立问题清单和工作台账", "制定整改工作方案", "加强日常监管执法", "组织现场督导检查",
	"完善长效管理机制", "推进基础设施建设", "开展宣传培训", "落实属地管理责任", "强化部门协同联动", "开展“回头看”", "加快项目审批进度"}

func sentence(rng *rand.Rand, min, max int) string {
	n := min + rng.Intn(max-min+1)
	var b strings.Builder
	for b.Len()/3 < n {
		b.WriteString(phrases[rng.Intn(len(phrases))])
		switch rng.Intn(4) {
		case 0:
			fmt.Fprintf(&b, "%d处", 1+rng.Intn(200))
		case 1:
			fmt.Fprintf(&b, "，涉及企业%d家", 1+rng.Intn(80))
		}
		b.WriteString("，")
	}
	s := strings.TrimSuffix(b.String(), "，")
	return s + "。"
}

// Plan is the synthetic plan.
func Plan(units, measures int, seed int64) *plan.Plan {
	rng := rand.New(rand.NewSource(seed))
	p := &plan.Plan{Title: fmt.Sprintf("合成测试整改方案（%d个单位）", units)}
	p.Settings = plan.Settings{Region: "合成地区", Issued: "2022-06-10", Office: "整改工作领导小组办公室", Contact: "张三",
		Phone: "0431-88888888", Email: "office@synth.example.cn", StatusOptions: plan.DefaultStatuses(), WarnDays: plan.DefaultWarnDays, ResubmitDays: plan.DefaultResubmitDays}
	deadlines := []string{"2022年6月底前", "2022年8月底前", "2022年9月底", "2022年12月底前", "2023年6月底前", "2023年12月底前", "立整立改，长期坚持", "每季度末"}
	const perTask = 5
	var cur *plan.Task
	for u := 0; u < units; u++ {
		name := unitName(u)
		p.Units = append(p.Units, plan.Unit{Name: name, Contact: "联系人" + fmt.Sprint(u), Phone: "1390000" + fmt.Sprintf("%04d", u%10000),
			Email: fmt.Sprintf("u%d@synth.example.cn", u)})
		for m := 0; m < measures; m++ {
			if cur == nil || len(cur.Measures) == perTask {
				dl := deadline.Parse(deadlines[rng.Intn(len(deadlines))], deadline.Context{Year: 2022})
				p.Tasks = append(p.Tasks, plan.Task{No: len(p.Tasks) + 1, Title: "问题" + sentence(rng, 8, 20), Problem: sentence(rng, 40, 160),
					Supervisor: "办公室", Goal: sentence(rng, 15, 40), Deadline: dl, Persons: "各责任单位主要负责同志"})
				cur = &p.Tasks[len(p.Tasks)-1]
			}
			if !containsStr(cur.Units, name) {
				cur.Units = append(cur.Units, name)
				cur.UnitsText = strings.Join(cur.Units, "、")
				cur.Lead = cur.Units[0]
			}
			md := cur.Deadline
			md.Inherited = true
			cur.Measures = append(cur.Measures, plan.Measure{No: len(cur.Measures) + 1, Text: sentence(rng, 60, 200), Units: []string{name}, Deadline: md})
		}
	}
	return p
}

func containsStr(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// Key is the synthetic workspace's key: derived from the seed, so that the same seed gives the
// same files.
func Key(seed int64) []byte {
	s := sha256.Sum256([]byte(fmt.Sprintf("taizhang synthetic workspace %d", seed)))
	return s[:]
}

// Make writes the workspace and the returns.
func Make(ctx context.Context, o Options) (*Result, error) {
	if o.Units < 1 || o.Measures < 1 {
		return nil, fmt.Errorf("units and measures must be at least 1")
	}
	if o.Period.IsZero() {
		return nil, fmt.Errorf("no period")
	}
	asOf := o.Period.Last()
	p := Plan(o.Units, o.Measures, o.Seed)
	b := plan.Workbook(p)
	planData, err := b.Bytes()
	b.Close()
	if err != nil {
		return nil, err
	}
	res := &Result{Workspace: filepath.Join(o.Out, "workspace"), Returns: filepath.Join(o.Out, "returns")}
	// the plan as read back from its workbook, as the workspace will see it (and keeps)
	pf, err := store.ReadPlanFile(planData)
	if err != nil {
		return nil, err
	}
	w, err := store.Init(res.Workspace, pf, store.InitOptions{Force: true, Now: asOf, Key: Key(o.Seed), ID: fmt.Sprintf("synth-%d", o.Seed)})
	if err != nil {
		return nil, err
	}
	w.Close()
	p = pf.Plan
	if err := os.MkdirAll(res.Returns, 0o755); err != nil {
		return nil, err
	}
	workers := o.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	units := p.ReportingUnits()
	assigned := template.Assignments(p)
	fp := plan.Fingerprint(p)
	jobs := make(chan int)
	var mu sync.Mutex
	var firstErr error
	var wg sync.WaitGroup
	for k := 0; k < workers; k++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				n, mistake, err := writeReturn(p, units[i], assigned[units[i]], fp, i, o, asOf, res.Returns)
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
				}
				res.Files++
				res.Bytes += n
				if mistake {
					res.Mistakes++
				}
				mu.Unlock()
			}
		}()
	}
feed:
	for i := range units {
		select {
		case jobs <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if firstErr == nil && res.Files < len(units) {
		firstErr = ctx.Err()
	}
	return res, firstErr
}

// writeReturn fills one unit's template: every status, text of realistic lengths, and in one
// return of thirty a mistake.
func writeReturn(p *plan.Plan, unit string, rows []template.Row, fp string, i int, o Options, asOf time.Time, dir string) (int64, bool, error) {
	rng := rand.New(rand.NewSource(o.Seed*1000003 + int64(i)))
	spec := template.Spec{Plan: p, Unit: unit, Period: o.Period, AsOf: asOf, Due: o.Period.DefaultDue(),
		Workspace: fmt.Sprintf("synth-%d", o.Seed), Key: Key(o.Seed), Master: templates.ProgressMaster, Rows: rows, Fingerprint: fp}
	b, err := template.Build(spec)
	if err != nil {
		return 0, false, err
	}
	defer b.Close()
	fb, err := fill.FromBook(b)
	if err != nil {
		return 0, false, err
	}
	f := fill.Form{Rows: map[string]fill.Row{}, Filler: "填报人", Phone: "13900001111", Checker: "负责人", FillDate: asOf.AddDate(0, 0, 2)}
	for _, r := range rows {
		due, _ := time.Parse(time.DateOnly, r.Due)
		past := r.Due != "" && due.Before(asOf)
		row := fill.Row{Progress: sentence(rng, 25, 150)}
		x := rng.Intn(100)
		switch {
		case x < 30 || past && x < 85:
			row.Status, row.Done, row.Evidence = plan.StatusDone, asOf.AddDate(0, 0, -rng.Intn(40)), "工作台账、检查记录"
			if past && row.Done.After(due) {
				row.Done = due
			}
		case x < 45 || past:
			row.Status, row.Problems, row.Next = plan.StatusBehind, sentence(rng, 10, 40), sentence(rng, 10, 40)
		case x < 55 && !past && r.Due != "" && due.Year() > asOf.Year():
			row.Status, row.Next = plan.StatusNotStarted, sentence(rng, 10, 30)
		default:
			row.Status, row.Next = plan.StatusOnTrack, sentence(rng, 10, 30)
		}
		f.Rows[r.Key()] = row
	}
	mistake := i%30 == 7
	if mistake {
		k := rows[rng.Intn(len(rows))].Key()
		r := f.Rows[k]
		switch rng.Intn(3) {
		case 0:
			r.Status = "完成"
		case 1:
			r.Progress = ""
		default:
			r.Status, r.Done, r.DoneText, r.Evidence = plan.StatusDone, time.Time{}, "上个月", "材料"
		}
		f.Rows[k] = r
	}
	if err := fb.Fill(f); err != nil {
		return 0, false, err
	}
	data, err := b.Bytes()
	if err != nil {
		return 0, false, err
	}
	name := filepath.Join(dir, fmt.Sprintf("%05d-%s.xlsx", i+1, template.FileName(unit)))
	return int64(len(data)), mistake, atomicfile.WriteBytes(name, 0o644, data)
}
