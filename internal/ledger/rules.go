package ledger

import (
	"time"

	"taizhang/internal/deadline"
	"taizhang/internal/period"
	"taizhang/internal/plan"
)

// The rules of the ledger, in one place (README: “状态和红黄绿灯”).
//
//   - A unit's status for a measure is the status in its current accepted return of the
//     period. Without one (not reported, or every return returned for correction), a measure
//     the unit said 已完成 in its latest earlier accepted return that covers it stays 已完成
//     (沿用上期): completion is undone only by an accepted return that says otherwise.
//     Otherwise the unit counts as 未报送: its progress cannot be confirmed (进展暂无法确认).
//   - A measure's status is the least advanced among its units (已完成 only when every
//     responsible unit says so). A task's status rolls up from its measures the same way.
//     The order, from most to least advanced, is the plan's status options (已完成、序时推进、
//     滞后、未启动) followed by 未报送.
//   - Light of a measure: red when not done and past due (逾期, with the days overdue, whether
//     its units reported or not — when a unit did not report, the reason says its progress
//     cannot be confirmed, never that it is unfinished), when not reported, or when reported
//     滞后; otherwise green when done, ongoing (no due date) or due more than the warning
//     window ahead; otherwise (not done, due within the window) yellow (预警). A recurring
//     deadline is due on its next occurrence on or after the as-of date. A task's light is the
//     worst of its measures'.
//   - A unit's red items (its 红灯) are its own: the measures where it reported 滞后, where the
//     measure is past due and it has not reported 已完成, or where it has not reported. The
//     measures with a red light that a unit shares (涉及红灯的措施) are counted apart.
//   - 退步 is only a unit's accepted return of the period saying not finished where its latest
//     earlier accepted return said 已完成; a missing or rejected return is never a 退步.

// Closed is the state of a measure the office closed (已销号, see decision): green and done
// whatever its units say, until the 销号 is revoked; a task is 已销号 when all its measures
// are. An extended measure (延期) is judged by its approved deadline; its own stays shown.
const Closed = "已销号"

// NotReported is the status of a unit that has not reported.
const NotReported = "未报送"

// Unconfirmed is what the ledger and the report say of a unit's progress they cannot know.
const Unconfirmed = "进展暂无法确认"

// UnitStatus is a unit's status for a measure in a period: what its accepted return of the
// period says; else 已完成 carried from its latest earlier accepted statement (carried is that
// statement's period); else 未报送.
func UnitStatus(reported string, earlier *Statement) (status string, carried period.Period) {
	switch {
	case reported != "":
		return reported, period.Period{}
	case earlier != nil && earlier.Status == plan.StatusDone:
		return plan.StatusDone, earlier.Period
	}
	return NotReported, period.Period{}
}

// Statement is what a unit last said of a measure in an earlier accepted return.
type Statement struct {
	Status string
	Period period.Period
}

// UnitRed reports whether a unit's own item for a measure is red: it reported 滞后, it has not
// reported (or only had returns returned), or the measure is past due and the unit has not
// reported 已完成.
func UnitRed(status string, due, asOf time.Time) bool {
	switch {
	case status == plan.StatusBehind, status == NotReported:
		return true
	case status != plan.StatusDone && !due.IsZero() && due.Before(asOf):
		return true
	}
	return false
}

// Regressed reports whether a unit went back: its accepted return of the period says not
// finished where its latest earlier accepted statement said 已完成.
func Regressed(reported string, earlier *Statement) bool {
	return reported != "" && reported != plan.StatusDone && earlier != nil && earlier.Status == plan.StatusDone
}

// Light is a status light.
type Light string

// Lights, worst first.
const (
	Red    Light = "red"
	Yellow Light = "yellow"
	Green  Light = "green"
)

// Label is the light's name in Chinese.
func (l Light) Label() string {
	switch l {
	case Red:
		return "红"
	case Yellow:
		return "黄"
	}
	return "绿"
}

func (l Light) rank() int {
	switch l {
	case Red:
		return 0
	case Yellow:
		return 1
	}
	return 2
}

// Worse reports whether a is worse than b.
func Worse(a, b Light) bool { return a.rank() < b.rank() }

// Rules holds what the rules depend on: the status order and the warning window.
type Rules struct {
	Statuses []string // most advanced first; 未报送 is always last
	WarnDays int
}

// RulesOf takes the rules from a plan's settings.
func RulesOf(p *plan.Plan) Rules {
	st := p.Settings.StatusOptions
	if len(st) == 0 {
		st = plan.DefaultStatuses()
	}
	return Rules{Statuses: st, WarnDays: p.Settings.WarnDays}
}

// Order is the statuses from most to least advanced, 未报送 last.
func (r Rules) Order() []string { return append(append([]string(nil), r.Statuses...), NotReported) }

// rank is a status's place in the order; an unknown status ranks with 未报送.
func (r Rules) rank(status string) int {
	for i, s := range r.Statuses {
		if s == status {
			return i
		}
	}
	return len(r.Statuses)
}

// Least returns the least advanced of the statuses; 未报送 for none.
func (r Rules) Least(statuses []string) string {
	if len(statuses) == 0 {
		return NotReported
	}
	worst := statuses[0]
	for _, s := range statuses[1:] {
		if r.rank(s) > r.rank(worst) {
			worst = s
		}
	}
	if r.rank(worst) >= len(r.Statuses) {
		return NotReported
	}
	return worst
}

// Verdict is the light of one measure and why.
type Verdict struct {
	Light       Light
	DaysOverdue int       // > 0 when past due and not done
	Due         time.Time // the effective due date; zero when none
	Reason      string    // 逾期N天 / 滞后 / 未报送 / 预警（N天后到期、当日到期） / 已完成 / 长期坚持 / 序时推进
}

// Light applies the light rule to a measure's status and deadline as of a day.
func (r Rules) Light(status string, d deadline.Deadline, asOf time.Time) Verdict {
	v := Verdict{Light: Green}
	if due, ok := d.DueOn(asOf); ok {
		v.Due = due
	}
	done := status == plan.StatusDone
	switch {
	case !done && !v.Due.IsZero() && v.Due.Before(asOf):
		v.Light = Red
		v.DaysOverdue = int(asOf.Sub(v.Due).Hours() / 24)
		switch status {
		case NotReported:
			v.Reason = "已过截止日期" + itoa(v.DaysOverdue) + "天，" + Unconfirmed + "（未报送）"
		case plan.StatusBehind:
			v.Reason = "逾期" + itoa(v.DaysOverdue) + "天（滞后）"
		default:
			v.Reason = "逾期" + itoa(v.DaysOverdue) + "天"
		}
	case status == NotReported:
		v.Light, v.Reason = Red, "未报送，"+Unconfirmed
	case status == plan.StatusBehind:
		v.Light, v.Reason = Red, "滞后"
	case done:
		v.Reason = "已完成"
	case v.Due.IsZero():
		v.Reason = "长期坚持"
	case !v.Due.After(asOf.AddDate(0, 0, r.WarnDays)):
		v.Light, v.Reason = Yellow, "预警（当日到期）"
		if days := int(v.Due.Sub(asOf).Hours() / 24); days > 0 {
			v.Reason = "预警（" + itoa(days) + "天后到期）"
		}
	default:
		v.Reason = status
	}
	return v
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	if neg {
		b = append([]byte{'-'}, b...)
	}
	return string(b)
}
