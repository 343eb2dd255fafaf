package cli

import (
	"errors"
	"regexp"
	"time"

	"taizhang/internal/finding"
	"taizhang/internal/plan"
	"taizhang/internal/store"
)

// openWorkspace opens the workspace of --workspace with messages for the office.
func openWorkspace(env *Env) (*store.Workspace, error) {
	w, err := store.Open(env.Workspace)
	switch {
	case errors.Is(err, store.ErrNoWorkspace):
		return nil, usageErr("%s 不是工作区：请先运行 taizhang init --plan 任务清单.xlsx，或用 -w 指定工作区", env.Workspace)
	case errors.Is(err, store.ErrLocked):
		return nil, usageErr("工作区 %s 正被另一个 taizhang 命令使用：请等它结束后再运行", env.Workspace)
	case err != nil:
		return nil, usageErr("无法打开工作区 %s：%s", env.Workspace, describe(err))
	}
	return w, nil
}

// workspacePlan reads the workspace's plan; a plan with errors stops the command (exit 1).
func workspacePlan(env *Env, w *store.Workspace) (*plan.Plan, error) {
	p, fs, err := w.Plan()
	if err != nil {
		return nil, usageErr("无法读取工作区的任务清单 %s：%s", w.PlanPath(), describe(err))
	}
	if fs.HasErrors() {
		printFindings(env.IO.Err, store.PlanName, fs)
		return nil, &exitError{code: ExitData, err: errors.New("工作区的任务清单有错误：请修改后用 taizhang plan update 更新")}
	}
	return p, nil
}

var rePeriod = regexp.MustCompile(`^(\d{4})-(0[1-9]|1[0-2])$`)

// parsePeriod checks a YYYY-MM period and returns its first day.
func parsePeriod(s string) (time.Time, error) {
	if !rePeriod.MatchString(s) {
		return time.Time{}, usageErr("期次“%s”格式不对：应为 YYYY-MM，如 2022-07", s)
	}
	t, _ := time.Parse("2006-01", s)
	return t, nil
}

// periodEnd is the last day of a period: the default 截至日期.
func periodEnd(first time.Time) time.Time { return first.AddDate(0, 1, -1) }

// parseDay checks a YYYY-MM-DD flag value.
func parseDay(flag, s string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, usageErr("%s“%s”格式不对：应为 YYYY-MM-DD，如 2022-08-05", flag, s)
	}
	return t, nil
}

// planToInstall is a plan file given on the command line, as read, with its bytes.
type planToInstall struct {
	plan     *plan.Plan
	findings finding.List
	data     []byte
}

// readPlanForInstall reads a plan file given on the command line; errors in it stop (exit 1).
func readPlanForInstall(env *Env, path string) (*planToInstall, error) {
	p, fs, data, err := readPlanBytes(path)
	if err != nil {
		return nil, err
	}
	if fs.HasErrors() {
		printFindings(env.IO.Err, baseName(path), fs)
		return nil, &exitError{code: ExitData, err: errors.New(
			baseName(path) + " 有 " + itoa(fs.Count(finding.Error)) + " 条错误：请修改后重试（taizhang plan check 可逐条查看）")}
	}
	return &planToInstall{plan: p, findings: fs, data: data}, nil
}
