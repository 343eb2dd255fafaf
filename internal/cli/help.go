package cli

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"taizhang/internal/period"
)

// Help and usage are written here, in the users' language: cobra's English templates, flag
// type names and "(default …)" never reach the office.

// monthOrder is the order commands are listed in: the order of the month's work.
var monthOrder = []string{"plan", "init", "template", "mail", "send", "fetch", "collect", "validate", "receipts", "withdraw", "status", "ledger", "report", "close", "extend", "reopen", "decisions", "review", "run", "demo", "help"}

// orderedCommands are a command's visible subcommands in the month's order (others after, by name).
func orderedCommands(c *cobra.Command) []*cobra.Command {
	rank := func(name string) int {
		for i, n := range monthOrder {
			if n == name {
				return i
			}
		}
		return len(monthOrder)
	}
	var out []*cobra.Command
	for _, sub := range c.Commands() {
		if sub.IsAvailableCommand() || sub.Name() == "help" {
			out = append(out, sub)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		ri, rj := rank(out[i].Name()), rank(out[j].Name())
		if ri != rj {
			return ri < rj
		}
		return out[i].Name() < out[j].Name()
	})
	return out
}

// writeHelp prints a command's description and its usage.
func writeHelp(w io.Writer, c *cobra.Command) {
	text := strings.TrimSpace(c.Long)
	if text == "" {
		text = c.Short
	}
	if text != "" {
		fmt.Fprintf(w, "%s\n\n", text)
	}
	writeUsage(w, c)
}

// writeUsage prints how a command is used: its use line, subcommands, examples, flags, and the
// exit statuses (once, at the end).
func writeUsage(w io.Writer, c *cobra.Command) {
	fmt.Fprintf(w, "用法：\n")
	subs := orderedCommands(c)
	// a command with commands of its own shows its own use too when it does something itself
	// (review, and review apply), not when it only shows its help (plan)
	if c.Runnable() && (len(subs) == 0 || strings.Contains(c.Use, " ")) {
		fmt.Fprintf(w, "  %s\n", useLine(c))
	}
	if len(subs) > 0 {
		fmt.Fprintf(w, "  %s 命令\n", c.CommandPath())
		fmt.Fprintf(w, "\n命令：\n")
		width := 0
		for _, s := range subs {
			width = max(width, displayWidth(s.Name()))
		}
		for _, s := range subs {
			fmt.Fprintf(w, "  %s  %s\n", pad(s.Name(), width), s.Short)
		}
	}
	if c.Example != "" {
		fmt.Fprintf(w, "\n示例：\n%s\n", strings.TrimRight(c.Example, "\n"))
	}
	if local := flagLines(c.LocalFlags()); local != "" {
		fmt.Fprintf(w, "\n参数：\n%s", local)
	}
	if inherited := flagLines(c.InheritedFlags()); inherited != "" {
		fmt.Fprintf(w, "\n全局参数：\n%s", inherited)
	}
	if len(subs) > 0 {
		fmt.Fprintf(w, "\n运行 “%s 命令 --help” 或 “taizhang help 命令” 查看命令的详细说明。\n", c.CommandPath())
	}
	fmt.Fprintf(w, "%s\n", exitStatusHelp)
}

// useLine is the command's path and its Use without the name: no "[flags]" appended.
func useLine(c *cobra.Command) string {
	use := c.Use
	if i := strings.IndexByte(use, ' '); i >= 0 {
		return c.CommandPath() + use[i:]
	}
	return c.CommandPath()
}

// flagLines lists flags as "  -w, --workspace 文件夹  说明（默认：…）", aligned. The value's
// name is the usage's `quoted` word, else the value type's own name for our flag types, else
// 值; booleans take none.
func flagLines(fs *pflag.FlagSet) string {
	type line struct{ left, usage string }
	var lines []line
	width := 0
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		name, usage := pflag.UnquoteUsage(f)
		switch name {
		case "string", "stringArray", "strings":
			name = "值"
		case "int", "int64", "uint":
			name = "数"
		case "bool":
			name = ""
		}
		left := "    "
		if f.Shorthand != "" {
			left = "-" + f.Shorthand + ", "
		}
		left += "--" + f.Name
		if name != "" {
			left += " " + name
		}
		if d := defaultShown(f); d != "" {
			usage += "（默认：" + d + "）"
		}
		lines = append(lines, line{left, usage})
		width = max(width, displayWidth(left))
	})
	var b strings.Builder
	for _, l := range lines {
		fmt.Fprintf(&b, "  %s  %s\n", pad(l.left, width), l.usage)
	}
	return b.String()
}

// defaultShown is a flag's default worth saying: not an empty, false or zero one, and not one
// the usage already explains.
func defaultShown(f *pflag.Flag) string {
	switch f.DefValue {
	case "", "false", "0", "[]":
		return ""
	}
	if strings.Contains(f.Usage, "默认") {
		return ""
	}
	return f.DefValue
}

func pad(s string, width int) string {
	return s + strings.Repeat(" ", max(0, width-displayWidth(s)))
}

// displayWidth counts East Asian wide characters as two columns.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x1100 && (unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF)) {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// newCmdHelp is `taizhang help [命令]`.
func newCmdHelp(env *Env, root *cobra.Command) *cobra.Command {
	return &cobra.Command{
		Use:   "help [命令]",
		Short: "显示命令的帮助",
		RunE: func(cmd *cobra.Command, args []string) error {
			target, rest, err := root.Find(args)
			if err != nil || target == nil || len(rest) > 0 {
				return unknownCommand(root, strings.Join(args, " "))
			}
			writeHelp(env.IO.Out, target)
			return nil
		},
	}
}

// unknownCommand is the usage error for a command name that does not exist, with the names
// it is probably a misspelling of.
func unknownCommand(c *cobra.Command, name string) error {
	root := c.Root().CommandPath()
	typed := strings.TrimPrefix(c.CommandPath()+" "+name, root+" ")
	msg := fmt.Sprintf("没有“%s”这个命令（运行 %s help 查看全部命令）", typed, root)
	if words := strings.Fields(name); len(words) > 0 {
		if c.SuggestionsMinimumDistance <= 0 {
			c.SuggestionsMinimumDistance = 2
		}
		var like []string
		for _, s := range c.SuggestionsFor(words[0]) {
			like = append(like, c.CommandPath()+" "+s)
		}
		if len(like) > 0 {
			msg += "；是否要运行 " + strings.Join(like, " 或 ")
		}
	}
	return usageErr("%s", msg)
}

// flagError turns pflag's errors into the office's words.
func flagError(cmd *cobra.Command, err error) error {
	hint := fmt.Sprintf("（运行 %s --help 查看用法）", cmd.CommandPath())
	var notExist *pflag.NotExistError
	var required *pflag.ValueRequiredError
	var invalid *pflag.InvalidValueError
	var syntax *pflag.InvalidSyntaxError
	switch {
	case errors.As(err, &notExist):
		name := notExist.GetSpecifiedName()
		if len(name) == 1 {
			return usageErr("未知参数 -%s%s", name, hint)
		}
		return usageErr("未知参数 --%s%s", name, hint)
	case errors.As(err, &required):
		return usageErr("参数 --%s 缺少取值%s", required.GetFlag().Name, hint)
	case errors.As(err, &invalid):
		if errors.Is(invalid, period.ErrFormat) {
			return usageErr("%s", invalid.Unwrap().Error())
		}
		want := ""
		switch invalid.GetFlag().Value.Type() {
		case "int", "int64", "uint":
			want = "：应为整数"
		case "bool":
			want = "：应为 true 或 false"
		}
		return usageErr("参数 --%s 的取值“%s”无效%s%s", invalid.GetFlag().Name, invalid.GetValue(), want, hint)
	case errors.As(err, &syntax):
		return usageErr("参数写法不对：%s%s", syntax.GetSpecifiedFlag(), hint)
	}
	return usageErr("%s%s", err.Error(), hint)
}
