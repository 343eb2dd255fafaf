package cli

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"taizhang/internal/period"
	"taizhang/internal/synth"
)

// SynthOptions are the parsed flags of `synth`.
type SynthOptions struct {
	Env      *Env
	Units    int
	Measures int
	Period   period.Period
	Out      string
	Seed     int64
}

func newCmdSynth(env *Env, runF func(*SynthOptions) error) *cobra.Command {
	opts := &SynthOptions{Env: env}
	cmd := &cobra.Command{
		Use:   "synth --units N --measures-per-unit M --period YYYY-MM --out 文件夹 [--seed S]",
		Short: "生成合成的工作区和报送（用于性能测试）",
		Long: `生成一个合成的整改方案和工作区（文件夹/workspace）以及每个单位一份已填写的报送（文件夹/returns），
文字长度接近真实，包含各种完成状态，约三十分之一的报送有常见错误。同一个 --seed 生成相同的文件。
性能测试：taizhang collect -w 文件夹/workspace --period 期次 文件夹/returns --no-receipts`,
		Args:   cobra.NoArgs,
		Hidden: true, // for developers: performance measurements
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return synthRun(cmd.Context(), opts)
		},
	}
	cmd.Flags().IntVar(&opts.Units, "units", 100, "单位数")
	cmd.Flags().IntVar(&opts.Measures, "measures-per-unit", 20, "每个单位的措施数")
	opts.Period = period.MustParse("2022-07")
	addPeriodFlag(cmd, &opts.Period, "期次（默认：2022-07）")
	cmd.Flags().StringVar(&opts.Out, "out", "", "输出`文件夹`")
	cmd.Flags().Int64Var(&opts.Seed, "seed", 1, "随机种子")
	return cmd
}

func synthRun(ctx context.Context, opts *SynthOptions) error {
	if opts.Out == "" {
		return usageErr("请用 --out 指定输出文件夹")
	}
	if opts.Units < 1 || opts.Units > 30000 || opts.Measures < 1 || opts.Measures > 1000 {
		return usageErr("单位数应在 1 到 30000 之间，每个单位的措施数应在 1 到 1000 之间")
	}
	res, err := synth.Make(ctx, synth.Options{Units: opts.Units, Measures: opts.Measures, Period: opts.Period, Seed: opts.Seed, Out: opts.Out})
	if err != nil && ctx.Err() != nil && res != nil {
		return interrupted(fmt.Sprintf("已生成 %d 份报送", res.Files))
	}
	if err != nil {
		return usageErr("生成失败：%s", describe(err))
	}
	out := opts.Env.IO.Out
	fmt.Fprintf(out, "工作区：%s\n报送：%s（%d 份，共 %.1f MB，其中 %d 份有错误）\n", res.Workspace, res.Returns, res.Files, float64(res.Bytes)/(1<<20), res.Mistakes)
	fmt.Fprintf(out, "性能测试：taizhang collect -w %s --period %s %s --no-receipts\n", res.Workspace, opts.Period, filepath.Clean(res.Returns))
	return nil
}
