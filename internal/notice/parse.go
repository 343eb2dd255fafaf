package notice

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"taizhang/internal/deadline"
	"taizhang/internal/finding"
	"taizhang/internal/plan"
)

// Result is a parsed notice: the plan and what the office should know about the import.
type Result struct {
	Plan     plan.Plan
	Findings finding.List
}

// field labels of a task, in their canonical spelling.
const (
	labUnits      = "责任单位"
	labLead       = "牵头单位"
	labPersons    = "责任人"
	labSupervisor = "督导单位"
	labGoal       = "整改目标"
	labDeadline   = "整改时限"
	labMeasures   = "整改措施"
)

// labelAliases maps a label, spaces removed, to its canonical spelling.
var labelAliases = map[string]string{
	"责任单位": labUnits, "牵头单位": labLead, "责任人": labPersons, "责任领导": labPersons,
	"督导单位": labSupervisor, "督办单位": labSupervisor, "督查单位": labSupervisor, "督促单位": labSupervisor, "监督单位": labSupervisor,
	"整改目标": labGoal, "目标": labGoal,
	"整改时限": labDeadline, "完成时限": labDeadline, "整改期限": labDeadline, "完成时间": labDeadline,
	"整改措施": labMeasures, "具体措施": labMeasures, "主要措施": labMeasures,
}

var (
	// a task heading: a Chinese number with 、 (or an Arabic one with 、 or .), then text.
	reTaskHead       = regexp.MustCompile(`^([一二三四五六七八九十百零〇两]+)\s*[、.]\s*(.*)$`)
	reTaskHeadArabic = regexp.MustCompile(`^([0-9]{1,3})\s*[、.]\s*(.*)$`)
	// a field label at the start of a line (after folding full-width forms), spaces allowed
	// between its characters, with a colon or alone on its line.
	reLabel = regexp.MustCompile(`^[【\[]?((?:[\p{Han}]\s*){2,4}?)[】\]]?\s*(?::\s*(.*)|$)`)
	// a label inside a line, after a sentence end: split there.
	reInlineLabel = regexp.MustCompile(`([。；;])\s*((?:责\s*任\s*单\s*位|牵\s*头\s*单\s*位|责\s*任\s*人|督\s*导\s*单\s*位|整\s*改\s*目\s*标|整\s*改\s*时\s*限|整\s*改\s*措\s*施)\s*[:：])`)
	reIssued      = regexp.MustCompile(`^(?:成文日期\s*:\s*)?(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$`)
	reIssuedTag   = regexp.MustCompile(`成文日期\s*:\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日`)
)

// Parse reads the text of a notice into a plan.
func Parse(text string) *Result {
	res := &Result{}
	lines := splitLines(text)
	res.Plan.Title = findTitle(lines)
	res.Plan.Settings = plan.Settings{
		Region:        findRegion(res.Plan.Title),
		Issued:        findIssued(lines),
		StatusOptions: plan.DefaultStatuses(),
		WarnDays:      plan.DefaultWarnDays,
		ResubmitDays:  plan.DefaultResubmitDays,
	}
	year := 0
	if res.Plan.Settings.Issued != "" {
		year, _ = strconv.Atoi(res.Plan.Settings.Issued[:4])
	}
	blocks := taskBlocks(lines)
	if len(blocks) == 0 {
		res.Findings.Addf(finding.NoTaskList, finding.Finding{},
			"没有找到整改任务清单：应有编号的任务（如“一、……”），每项下有“责任单位：”“整改时限：”“整改措施：”等栏目")
		return res
	}
	reg := newRegistry()
	for i, b := range blocks {
		t := parseTask(b, year, reg, &res.Findings)
		if t.No != i+1 {
			res.Findings.Addf(finding.TaskNumber, finding.Finding{Task: t.No},
				"任务编号%d不连续（应为%d），请核对原文是否缺项", t.No, i+1)
		}
		res.Plan.Tasks = append(res.Plan.Tasks, t)
	}
	resolveMeasureUnits(&res.Plan, reg, &res.Findings)
	res.Plan.Units = reg.units(&res.Findings)
	return res
}

// splitLines cleans the lines of the text and splits lines that carry several labelled fields.
func splitLines(text string) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	var out []string
	for _, l := range strings.Split(text, "\n") {
		l = cleanLine(l)
		if l == "" {
			continue
		}
		l = reInlineLabel.ReplaceAllStringFunc(l, func(m string) string {
			sub := reInlineLabel.FindStringSubmatch(m)
			return sub[1] + "\n" + sub[2]
		})
		for _, part := range strings.Split(l, "\n") {
			if p := strings.TrimSpace(part); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

// label returns the canonical label and the rest of the line when the line starts with a
// field label.
func label(line string) (string, string, bool) {
	m := reLabel.FindStringSubmatch(fold(line))
	if m == nil {
		return "", "", false
	}
	canon, ok := labelAliases[squeeze(m[1])]
	if !ok {
		return "", "", false
	}
	// The rest is taken from the original line so that full-width text is kept as written.
	rest := ""
	if m[2] != "" {
		rest = strings.TrimSpace(string([]rune(line)[len([]rune(m[0]))-len([]rune(m[2])):]))
	}
	return canon, rest, true
}

type block struct {
	no    int
	lines []string
}

// taskBlocks finds the tasks: numbered headings whose block holds a 责任单位 or 整改措施 label
// before the next heading. Numbered sections of the notice body (一、指导思想) have no labels.
// Chinese numbers (一、) are tried first; Arabic ones (1、) only when no Chinese-numbered task
// exists, so that measures numbered 1. are not taken for tasks. An unlabelled heading between
// two tasks belongs to the task before it (a numbered line inside a measure).
func taskBlocks(lines []string) []block {
	for _, arabic := range []bool{false, true} {
		if bs := blocksOf(lines, arabic); len(bs) > 0 {
			return bs
		}
	}
	return nil
}

func blocksOf(lines []string, arabic bool) []block {
	type head struct{ at, no int }
	var heads []head
	for i, l := range lines {
		if no, ok := headNumber(l, arabic); ok {
			heads = append(heads, head{i, no})
		}
	}
	labelled := make([]bool, len(heads))
	last := -1
	for k, h := range heads {
		end := len(lines)
		if k+1 < len(heads) {
			end = heads[k+1].at
		}
		for _, l := range lines[h.at+1 : end] {
			if lab, _, ok := label(l); ok && (lab == labUnits || lab == labMeasures) {
				labelled[k] = true
				last = k
				break
			}
		}
	}
	var out []block
	for k, h := range heads {
		if !labelled[k] {
			continue
		}
		// extend over unlabelled headings up to the next task; the last task ends at the next
		// heading of any kind.
		next := k + 1
		if k < last {
			for !labelled[next] {
				next++
			}
		}
		end := len(lines)
		if next < len(heads) {
			end = heads[next].at
		}
		out = append(out, block{no: h.no, lines: lines[h.at:end]})
	}
	return out
}

func headNumber(line string, arabic bool) (int, bool) {
	f := fold(line)
	if !arabic {
		if m := reTaskHead.FindStringSubmatch(f); m != nil {
			return cjkNumber(m[1])
		}
		return 0, false
	}
	if m := reTaskHeadArabic.FindStringSubmatch(f); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n, n > 0
	}
	return 0, false
}

// parseTask reads one task block.
func parseTask(b block, year int, reg *registry, fs *finding.List) plan.Task {
	t := plan.Task{No: b.no}
	head := b.lines[0]
	f := fold(head)
	if m := reTaskHead.FindStringSubmatchIndex(f); m != nil {
		head = string([]rune(head)[len([]rune(f[:m[4]])):])
	} else if m := reTaskHeadArabic.FindStringSubmatchIndex(f); m != nil {
		head = string([]rune(head)[len([]rune(f[:m[4]])):])
	}
	fields := map[string][]string{}
	problem := []string{strings.TrimSpace(head)}
	current := ""
	for _, l := range b.lines[1:] {
		if lab, rest, ok := label(l); ok {
			current = lab
			if rest != "" {
				fields[lab] = append(fields[lab], rest)
			} else if _, seen := fields[lab]; !seen {
				fields[lab] = nil
			}
			continue
		}
		if current == "" {
			problem = append(problem, l)
			continue
		}
		fields[current] = append(fields[current], l)
	}
	join := func(lab string) string { return strings.TrimSpace(strings.Join(fields[lab], "")) }
	t.Problem = strings.TrimSpace(strings.Join(problem, ""))
	t.Title = firstSentence(t.Problem)
	t.UnitsText = join(labUnits)
	t.Persons = join(labPersons)
	t.Supervisor = join(labSupervisor)
	t.Goal = join(labGoal)
	loc := finding.Finding{Task: t.No}

	t.Units = reg.parseList(t.UnitsText, t.No, fs)
	if len(t.Units) == 0 {
		fs.Addf(finding.TaskNoUnits, loc, "任务%d没有责任单位：请在任务清单中补填", t.No)
	}
	t.Lead = firstOf(t.Units)
	if lead := join(labLead); lead != "" {
		if ls := reg.parseList(lead, t.No, fs); len(ls) > 0 {
			t.Lead = ls[0]
		}
	}

	dtext := join(labDeadline)
	t.Deadline = deadline.Parse(dtext, deadline.Context{Year: year})
	if t.Deadline.Kind == deadline.KindUnknown {
		fs.Addf(finding.DeadlineUnrecognized, loc,
			"任务%d的整改时限“%s”无法识别为日期：已保留原文，请在任务清单中填写截止日期", t.No, dtext)
	}
	t.Measures = splitMeasures(fields[labMeasures], t.No, fs)
	if len(t.Measures) == 0 {
		fs.Addf(finding.TaskNoMeasures, loc, "任务%d没有整改措施：请在任务清单中补填", t.No)
	}
	for i := range t.Measures {
		m := &t.Measures[i]
		if d, ok := measureDeadline(m.Text, year); ok {
			m.Deadline = d
		} else {
			m.Deadline = t.Deadline
			m.Deadline.Inherited = true
		}
	}
	return t
}

// measureDeadline finds the measure's own dates; the latest is its deadline, and the text
// lists every date the measure names ("2022年6月底前；11月底前").
func measureDeadline(text string, year int) (deadline.Deadline, bool) {
	ms := deadline.Find(text, deadline.Context{Year: year})
	d, ok := deadline.Latest(ms)
	if !ok {
		return deadline.Deadline{}, false
	}
	var texts []string
	for _, m := range ms {
		if m.Deadline.Kind == deadline.KindDate || m.Deadline.Kind == deadline.KindRecurring {
			texts = append(texts, m.Deadline.Text)
		}
	}
	if len(texts) > 1 && d.Kind == deadline.KindDate {
		d.Text = strings.Join(texts, "；")
	}
	return d, true
}

var reMeasureMark = regexp.MustCompile(`^\s*(?:\(\s*([一二三四五六七八九十]+|[0-9]{1,2})\s*\)|([0-9]{1,2})\s*[.、])\s*`)

// splitMeasures splits the 整改措施 lines into numbered measures: （一）, (1), 1. or 1、 at the
// start of a line or after a sentence end. Without any number the whole text is one measure.
func splitMeasures(lines []string, taskNo int, fs *finding.List) []plan.Measure {
	text := strings.TrimSpace(strings.Join(lines, "\n"))
	if text == "" {
		return nil
	}
	parts, intro := numberedParts(text)
	if len(parts) == 0 {
		return []plan.Measure{{No: 1, Text: oneLine(text)}}
	}
	if intro != "" {
		fs.Addf(finding.MeasureIntro, finding.Finding{Task: taskNo, Measure: 1},
			"任务%d的整改措施前有一段未编号的文字，已并入措施1：请核对", taskNo)
		parts[0] = intro + parts[0]
	}
	out := make([]plan.Measure, len(parts))
	for i, p := range parts {
		out[i] = plan.Measure{No: i + 1, Text: oneLine(p)}
	}
	return out
}

// numberedParts cuts text at measure numbers that follow each other (1, 2, 3 …), so that a
// parenthesised word inside a measure ("(试行)") or a stray "(3)" is not taken for a number.
func numberedParts(text string) (parts []string, intro string) {
	f := fold(text)
	type cut struct{ start, body int }
	var cuts []cut
	want := 1
	for pos := 0; pos < len(f); {
		m := reMeasureMark.FindStringSubmatchIndex(f[pos:])
		atStart := pos == 0 || strings.ContainsAny(f[pos-1:pos], "\n") || endsSentence(f[:pos])
		if m != nil && atStart {
			var num string // the number in brackets, else the one before "." or "、"
			if m[2] >= 0 {
				num = f[pos+m[2] : pos+m[3]]
			} else {
				num = f[pos+m[4] : pos+m[5]]
			}
			n, ok := cjkNumber(num)
			if !ok {
				n, _ = strconv.Atoi(num)
			}
			if n == want {
				cuts = append(cuts, cut{pos, pos + m[1]})
				want++
				pos += m[1]
				continue
			}
		}
		_, size := decodeRune(f[pos:])
		pos += size
	}
	if len(cuts) == 0 {
		return nil, ""
	}
	// fold keeps the number of runes, not of bytes: map offsets in f to runes of text.
	runesT := []rune(text)
	runeAt := make([]int, len(f)+1)
	n := 0
	for i := range f {
		runeAt[i] = n
		n++
	}
	runeAt[len(f)] = n
	byteToRune := func(b int) int { return runeAt[b] }
	for i, c := range cuts {
		end := len(runesT)
		if i+1 < len(cuts) {
			end = byteToRune(cuts[i+1].start)
		}
		parts = append(parts, string(runesT[byteToRune(c.body):end]))
	}
	intro = strings.TrimSpace(string(runesT[:byteToRune(cuts[0].start)]))
	return parts, intro
}

func endsSentence(s string) bool {
	s = strings.TrimRight(s, " ")
	return strings.HasSuffix(s, "。") || strings.HasSuffix(s, "；") || strings.HasSuffix(s, ";")
}

func decodeRune(s string) (rune, int) {
	for _, r := range s {
		return r, len(string(r))
	}
	return 0, 1
}

// oneLine joins the lines of a paragraph: Chinese text wraps without spaces.
func oneLine(s string) string {
	return strings.TrimSpace(strings.ReplaceAll(s, "\n", ""))
}

func firstOf(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

// findTitle is the plan's own title: a short line ending in 方案 (not the notice's 通知 line), else
// the 《…》 quoted in the notice's title.
func findTitle(lines []string) string {
	for _, l := range lines {
		s := strings.TrimSpace(strings.TrimPrefix(fold(l), "标题:"))
		if len([]rune(s)) <= 80 && strings.HasSuffix(s, "方案") && !strings.ContainsAny(s, ",，。:") {
			return strings.TrimSpace(l)
		}
	}
	for _, l := range lines {
		if i := strings.Index(l, "《"); i >= 0 && strings.Contains(l, "通知") {
			if j := strings.Index(l[i:], "》"); j > 0 {
				return l[i+len("《") : i+j]
			}
		}
	}
	return ""
}

// findRegion takes the place name that opens the title: what comes before 贯彻落实, 关于 or
// 第二轮 etc.
func findRegion(title string) string {
	best := -1
	for _, w := range []string{"贯彻落实", "关于", "落实", "第一轮", "第二轮", "第三轮", "中央", "省级", "生态环境保护"} {
		if i := strings.Index(title, w); i > 0 && (best < 0 || i < best) {
			best = i
		}
	}
	if best <= 0 {
		return ""
	}
	return strings.TrimSpace(title[:best])
}

// findIssued is the plan's date: the 成文日期 field, else the first date standing alone on a line
// (the date under the signature).
func findIssued(lines []string) string {
	for _, l := range lines {
		if m := reIssuedTag.FindStringSubmatch(fold(l)); m != nil {
			return ymd(m[1], m[2], m[3])
		}
	}
	for _, l := range lines {
		if m := reIssued.FindStringSubmatch(fold(l)); m != nil {
			return ymd(m[1], m[2], m[3])
		}
	}
	return ""
}

func ymd(y, m, d string) string {
	yi, _ := strconv.Atoi(y)
	mi, _ := strconv.Atoi(m)
	di, _ := strconv.Atoi(d)
	if mi < 1 || mi > 12 || di < 1 || di > 31 {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", yi, mi, di)
}
