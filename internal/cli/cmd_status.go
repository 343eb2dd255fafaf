package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"taizhang/internal/ledger"
	"taizhang/internal/period"
	"taizhang/internal/plan"
	"taizhang/internal/post"
	"taizhang/internal/store"
)

// StatusOptions are the parsed flags of `status`.
type StatusOptions struct {
	Env    *Env
	Period period.Period
	AsOf   time.Time
	JSON   bool
}

func newCmdStatus(env *Env, runF func(*StatusOptions) error) *cobra.Command {
	opts := &StatusOptions{Env: env}
	cmd := &cobra.Command{
		Use:   "status --period YYYY-MM [--json]",
		Short: "报送情况：谁已报送、谁被退回、谁未报送（含联系方式，便于催报）",
		Long:  `列出本期已报送、被退回修改和未报送的单位（附联系人、电话和邮箱，便于催报），以及各完成状态的数量。`,
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := needPeriod(opts.Period); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return statusRun(opts)
		},
	}
	addPeriodFlag(cmd, &opts.Period, "")
	addAsOfFlag(cmd, &opts.AsOf)
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "输出 JSON")
	return cmd
}

func statusRun(opts *StatusOptions) error {
	env := opts.Env
	w, p, err := openWithPlan(env)
	if err != nil {
		return err
	}
	defer w.Close()
	l, err := buildLedger(w, p, opts.Period, opts.AsOf)
	if err != nil {
		return err
	}
	if opts.JSON {
		return writeJSON(env.IO.Out, statusJSON(l))
	}
	printStatus(env.IO.Out, p, l, reminded(w, opts.Period))
	return nil
}

// counts is a JSON object of counts in the order of its keys: total first, then the statuses
// from most to least advanced.
type counts struct {
	keys []string
	m    map[string]int
}

func (c counts) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range c.keys {
		if i > 0 {
			b.WriteString(", ")
		}
		key, _ := json.Marshal(k)
		fmt.Fprintf(&b, "%s: %d", key, c.m[k])
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

type lightsView struct {
	Red    int `json:"red"`
	Yellow int `json:"yellow"`
	Green  int `json:"green"`
}

type unitsView struct {
	Expected     int      `json:"expected"`
	Reported     int      `json:"reported"`
	Missing      []string `json:"missing"`
	Returned     []string `json:"returned"`
	Unidentified int      `json:"unidentified"`
}

// perUnitView is one unit's reporting in `status --json`.
type perUnitView struct {
	Unit      string  `json:"unit"`
	Measures  int     `json:"measures"`
	State     string  `json:"state"` // 已报送, 逾期报送, 退回修改, 未报送, 已全部销号
	Red       int     `json:"red"`
	SentAt    *string `json:"sentAt"`
	Returns   int     `json:"returns"`
	FirstPass *bool   `json:"firstPass"`
}

type statusView struct {
	Period   string        `json:"period"`
	AsOf     string        `json:"asOf"`
	Tasks    counts        `json:"tasks"`
	Measures counts        `json:"measures"`
	Lights   lightsView    `json:"lights"`
	Units    unitsView     `json:"units"`
	Previous *string       `json:"previous"`
	Newly    int           `json:"newlyCompleted"`
	PerUnit  []perUnitView `json:"perUnit"`
}

func statusJSON(l *ledger.Ledger) statusView {
	c := l.Counts()
	keys := append(append([]string{"total"}, l.Rules.Order()...), ledger.Closed) // 已销号: of 已完成, those closed
	v := statusView{Period: l.Period.String(), AsOf: l.AsOf.Format(time.DateOnly),
		Tasks: counts{keys, c.Tasks}, Measures: counts{keys, c.Measures},
		Lights: lightsView{c.Lights[ledger.Red], c.Lights[ledger.Yellow], c.Lights[ledger.Green]},
		Units: unitsView{Expected: c.Expected, Reported: len(c.Reported), Missing: nonNil(c.Missing), Returned: nonNil(c.Returned),
			Unidentified: len(l.Unidentified())},
		Newly: c.Newly, PerUnit: []perUnitView{}}
	if !l.PrevPeriod.IsZero() {
		prev := l.PrevPeriod.String()
		v.Previous = &prev
	}
	for _, u := range l.Units {
		pu := perUnitView{Unit: u.Unit, Measures: u.Assigned, State: u.State, Red: u.Red, Returns: u.Discipline.Returns,
			FirstPass: u.Discipline.FirstPass}
		if !u.SentAt.IsZero() {
			sent := u.SentAt.Local().Format("2006-01-02 15:04")
			pu.SentAt = &sent
		}
		v.PerUnit = append(v.PerUnit, pu)
	}
	return v
}

func printStatus(w io.Writer, p *plan.Plan, l *ledger.Ledger, reminded map[string]string) {
	c := l.Counts()
	late := ""
	if len(c.Late) > 0 {
		late = fmt.Sprintf("（其中逾期报送 %d）", len(c.Late))
	}
	fmt.Fprintf(w, "%s 报送情况（截至 %s）：应报 %d 个单位，已报送 %d%s，退回修改 %d，未报送 %d\n", l.Period.Label(),
		l.AsOf.Format(time.DateOnly), c.Expected, len(c.Reported), late, len(c.Returned), len(c.Missing))
	if len(c.Closed) > 0 {
		fmt.Fprintf(w, "  措施已全部销号、本期无需报送：%s\n", strings.Join(c.Closed, "、"))
	}
	for _, u := range l.Units {
		switch u.State {
		case ledger.StateReported, ledger.StateLate:
			fmt.Fprintf(w, "  %s  %s  发送 %s，收到 %s\n", u.State, u.Unit, u.SentAt.Local().Format("2006-01-02 15:04"),
				u.ReceivedAt.Local().Format("2006-01-02 15:04"))
		}
	}
	for _, u := range l.Units {
		if u.State == ledger.StateReturned {
			fmt.Fprintf(w, "  退回修改  %s  %s%s\n", u.Unit, contactLine(p, u.Unit), reminded[u.Unit])
		}
	}
	for _, u := range l.Units {
		if u.State == ledger.StateMissing {
			fmt.Fprintf(w, "  未报送  %s  %s%s\n", u.Unit, contactLine(p, u.Unit), reminded[u.Unit])
		}
	}
	if un := l.Unidentified(); len(un) > 0 {
		fmt.Fprintf(w, "未识别的文件 %d 个（不是本办公室下发的模板、无法读取或没有附件；没有回执，请办公室查看）：\n", len(un))
		for _, r := range un {
			fmt.Fprintf(w, "  记录 %d  %s  %s\n", r.ID, recordName(r), firstError(r.Findings))
		}
	}
	fmt.Fprintf(w, "任务 %d 项：%s\n", c.Tasks["total"], countLine(l, c.Tasks))
	fmt.Fprintf(w, "措施 %d 条：%s\n", c.Measures["total"], countLine(l, c.Measures))
	fmt.Fprintf(w, "措施状态灯：红 %d，黄 %d，绿 %d\n", c.Lights[ledger.Red], c.Lights[ledger.Yellow], c.Lights[ledger.Green])
}

func contactLine(p *plan.Plan, unit string) string {
	u := p.Unit(unit)
	if u == nil {
		return ""
	}
	s := ""
	if u.Contact != "" {
		s += "联系人 " + u.Contact + " "
	}
	if u.Phone != "" {
		s += "电话 " + u.Phone + " "
	}
	if u.Email != "" {
		s += "邮箱 " + u.Email
	}
	if s == "" {
		s = "（单位表中没有联系方式）"
	}
	return s
}

// recordName names a record's input for the office: where it came from.
func recordName(r *store.Record) string { return r.Source }

// reminded says, by unit, when the last reminder of the period went out (or was written as a
// draft): "  （已催报：2022-09-07 09:00 发送）".
func reminded(w *store.Workspace, per period.Period) map[string]string {
	out := map[string]string{}
	letters, err := w.Letters(per)
	if err != nil {
		return out
	}
	for _, l := range letters {
		if l.Kind != post.Reminders {
			continue
		}
		switch l.Result {
		case store.LetterSent:
			out[l.Unit] = "  （已催报：" + l.SentAt.Local().Format("2006-01-02 15:04") + " 发送）"
		case store.LetterDraft:
			out[l.Unit] = "  （催报草稿已于 " + l.Created.Local().Format("2006-01-02 15:04") + " 写好）"
		}
	}
	return out
}
