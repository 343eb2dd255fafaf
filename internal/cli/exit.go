package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"taizhang/internal/store"
)

// Exit codes, the same for every command.
const (
	ExitOK    = 0 // success
	ExitData  = 1 // the data had errors: a rejected return, a plan with errors
	ExitUsage = 2 // usage or configuration error
	// ExitInterrupted: Ctrl-C or SIGTERM stopped the command (128 + SIGINT, as shells report).
	ExitInterrupted = 130
)

// exitStatusHelp ends every command's help.
const exitStatusHelp = `
退出状态：
  0    成功
  1    数据有错误（如报送被退回、任务清单有错误）
  2    用法或配置错误（参数、文件、工作区等）
  130  被中断（Ctrl-C）：已完成的部分保留，再次运行同一命令即可完成其余部分`

// exitError carries an exit code and a message for the user.
type exitError struct {
	code   int
	err    error
	silent bool // the output already said everything
}

func (e *exitError) Error() string {
	if e.err == nil {
		return ""
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// usageErr is a usage or configuration error (exit 2) with a Chinese message.
func usageErr(format string, args ...any) error {
	return &exitError{code: ExitUsage, err: fmt.Errorf(format, args...)}
}

// interrupted is the error of a command stopped by Ctrl-C or SIGTERM; done says what was
// finished before it stopped (what running it again will not redo).
func interrupted(done string) error {
	msg := "再次运行同一命令即可完成其余部分"
	if done != "" {
		msg = done + "；" + msg
	}
	return &exitError{code: ExitInterrupted, err: errors.New(msg)}
}

// dataErr says the data had errors (exit 1) after they were printed.
func dataErr() error { return &exitError{code: ExitData, silent: true} }

// exitCode maps an error to the process's exit code; the one place that does.
func exitCode(err error) int {
	if err == nil {
		return ExitOK
	}
	var e *exitError
	if errors.As(err, &e) {
		return e.code
	}
	return ExitUsage
}

// describe turns an error into the line users read: common system errors in Chinese.
func describe(err error) string {
	var e *exitError
	if errors.As(err, &e) && e.err != nil {
		err = e.err
	}
	var pe *fs.PathError
	if store.DiskFull(err) {
		where := ""
		if errors.As(err, &pe) {
			where = "，无法写入 " + pe.Path
		}
		return "磁盘空间不足" + where + "：" + diskFullKept
	}
	if errors.As(err, &pe) {
		switch {
		case errors.Is(pe.Err, fs.ErrNotExist):
			return fmt.Sprintf("找不到 %s", pe.Path)
		case errors.Is(pe.Err, fs.ErrPermission):
			return fmt.Sprintf("没有权限访问 %s", pe.Path)
		case errors.Is(pe.Err, os.ErrExist):
			return fmt.Sprintf("%s 已存在", pe.Path)
		case strings.Contains(pe.Err.Error(), "read-only file system"):
			return fmt.Sprintf("%s 所在位置只读，无法写入", pe.Path)
		case strings.Contains(pe.Err.Error(), "is a directory"):
			return fmt.Sprintf("%s 是文件夹，不是文件", pe.Path)
		case strings.Contains(pe.Err.Error(), "not a directory"):
			return fmt.Sprintf("%s 不是文件夹", pe.Path)
		}
	}
	return err.Error()
}

// diskFullKept says what a full disk left: every write of the database is one transaction and
// every output file is written whole, so nothing recorded or written before is lost.
const diskFullKept = "已记录的报送不受影响，腾出空间后重新运行"
