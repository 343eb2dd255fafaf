package cli

import (
	"errors"
	"os"

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

// openWithPlan opens the workspace and reads its plan; a plan with errors stops the command
// (exit 1). The caller closes the workspace.
func openWithPlan(env *Env) (*store.Workspace, *plan.Plan, error) {
	w, err := openWorkspace(env)
	if err != nil {
		return nil, nil, err
	}
	p, fs, err := w.Plan()
	if err != nil {
		w.Close()
		return nil, nil, usageErr("无法读取工作区的任务清单 %s：%s", w.PlanPath(), describe(err))
	}
	if fs.HasErrors() {
		w.Close()
		printFindings(env.IO.Err, store.PlanName, fs)
		return nil, nil, &exitError{code: ExitData, err: errors.New("工作区的任务清单有错误：请修改后用 taizhang plan update 更新")}
	}
	return w, p, nil
}

// readPlanFile reads a plan workbook given on the command line; errors in it stop (exit 1)
// after they are printed.
func readPlanFile(env *Env, path string) (store.PlanFile, error) {
	data, err := readGiven(path, "任务清单工作簿（.xlsx）")
	if err != nil {
		return store.PlanFile{}, err
	}
	pf, err := store.ReadPlanFile(data)
	if err != nil {
		return store.PlanFile{}, usageErr("%s：%s", path, describe(err))
	}
	if pf.Findings.HasErrors() {
		printFindings(env.IO.Err, baseName(path), pf.Findings)
		return store.PlanFile{}, &exitError{code: ExitData, err: errors.New(
			baseName(path) + " 有 " + itoa(pf.Findings.Count(finding.Error)) + " 条错误：请修改后重试（taizhang plan check 可逐条查看）")}
	}
	return pf, nil
}

// readGiven reads a file named on the command line; want says what it should be, for the
// message when it is a folder.
func readGiven(path, want string) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, usageErr("%s", describe(err))
	}
	if st.IsDir() {
		return nil, usageErr("%s 是文件夹：请给出%s", path, want)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, usageErr("%s", describe(err))
	}
	return data, nil
}

// openWithUnits opens the workspace with its plan and the units asked for with --unit (a
// group's members for a group; nil when none were asked for, meaning all).
func openWithUnits(env *Env, asked []string) (*store.Workspace, *plan.Plan, []string, error) {
	w, p, err := openWithPlan(env)
	if err != nil || len(asked) == 0 {
		return w, p, nil, err
	}
	units, err := p.SelectReporting(asked)
	if err != nil {
		w.Close()
		return nil, nil, nil, usageErr("%s", err)
	}
	return w, p, units, nil
}
