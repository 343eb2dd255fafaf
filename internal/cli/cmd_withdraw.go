package cli

import (
	"database/sql"
	"errors"
	"fmt"
	"os/user"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"taizhang/internal/store"
)

// WithdrawOptions are the parsed flags of `withdraw`.
type WithdrawOptions struct {
	Env    *Env
	Record int64
	Reason string
	By     string
}

func newCmdWithdraw(env *Env, runF func(*WithdrawOptions) error) *cobra.Command {
	opts := &WithdrawOptions{Env: env}
	cmd := &cobra.Command{
		Use:   "withdraw 记录号 --reason 原因 [--by 经办人]",
		Short: "撤销一条报送记录（如误收的文件）：记录和原件保留备查，不再计入",
		Long: `撤销一条报送记录：该记录和收到的原件仍保存在工作区中，标明由谁、何时、为什么撤销，
此后不再计入台账、报送情况和报送考核；同一单位同一期次的其他报送按收到的先后重新确定哪一份有效。
记录号见台账的“报送情况”表或 taizhang status。`,
		Example: "  taizhang withdraw 12 --reason \"误收了其他期次的文件\"",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseInt(strings.TrimPrefix(args[0], "#"), 10, 64)
			if err != nil || id <= 0 {
				return usageErr("记录号“%s”应为正整数（见台账的“报送情况”表）", args[0])
			}
			opts.Record = id
			if strings.TrimSpace(opts.Reason) == "" {
				return usageErr("请用 --reason 写明撤销的原因")
			}
			if runF != nil {
				return runF(opts)
			}
			return withdrawRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Reason, "reason", "", "撤销的`原因`")
	cmd.Flags().StringVar(&opts.By, "by", "", "`经办人`（默认：本机的登录用户名）")
	return cmd
}

func withdrawRun(opts *WithdrawOptions) error {
	env := opts.Env
	w, err := openWorkspace(env)
	if err != nil {
		return err
	}
	defer w.Close()
	by := clerk(opts.By)
	r, err := w.Withdraw(opts.Record, store.Withdrawal{At: env.Now(), By: by, Reason: strings.TrimSpace(opts.Reason)})
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return usageErr("没有记录 %d（记录号见台账的“报送情况”表）", opts.Record)
	case errors.Is(err, store.ErrWithdrawn):
		return usageErr("记录 %d 已于 %s 由%s撤销：%s", opts.Record, r.Withdrawn.At.Local().Format("2006-01-02 15:04"), r.Withdrawn.By, r.Withdrawn.Reason)
	case err != nil:
		return usageErr("无法撤销记录 %d：%s", opts.Record, describe(err))
	}
	who := "未识别的文件"
	if r.Unit != "" {
		who = r.Unit + " " + r.Period.Label()
	}
	fmt.Fprintf(env.IO.Out, "已撤销记录 %d（%s，%s）：%s\n", r.ID, who, r.Source, r.Withdrawn.Reason)
	fmt.Fprintf(env.IO.Out, "该记录不再计入台账、报送情况和报送考核；记录和原件保留备查。重新生成台账：taizhang ledger --period %s\n", periodOr(r))
	return nil
}

func periodOr(r *store.Record) string {
	if !r.Period.IsZero() {
		return r.Period.String()
	}
	if !r.Collected.IsZero() {
		return r.Collected.String()
	}
	return "YYYY-MM"
}

// clerk is who does it: as given, else the login name of this computer's user.
func clerk(by string) string {
	by = strings.TrimSpace(by)
	if by == "" {
		if u, err := user.Current(); err == nil {
			by = u.Username
		}
	}
	return by
}
