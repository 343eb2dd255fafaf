package cli

import (
	"encoding/json"
	"io"

	"taizhang/internal/deadline"
	"taizhang/internal/plan"
)

// writeJSON prints one value as indented JSON; field order is the structs' order.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

type planView struct {
	Title         string     `json:"title"`
	Region        string     `json:"region"`
	Issued        *string    `json:"issued"`
	StatusOptions []string   `json:"statusOptions"`
	WarnDays      int        `json:"warnDays"`
	Tasks         []taskView `json:"tasks"`
	Units         []unitView `json:"units"`
}

type taskView struct {
	No         int           `json:"no"`
	Title      string        `json:"title"`
	Problem    string        `json:"problem"`
	Units      []string      `json:"units"`
	Lead       string        `json:"lead"`
	Persons    string        `json:"persons"`
	Supervisor string        `json:"supervisor"`
	Goal       string        `json:"goal"`
	Deadline   deadlineView  `json:"deadline"`
	Measures   []measureView `json:"measures"`
}

type measureView struct {
	No       int          `json:"no"`
	Text     string       `json:"text"`
	Units    []string     `json:"units"`
	OwnUnits bool         `json:"ownUnits"`
	Deadline deadlineView `json:"deadline"`
}

type deadlineView struct {
	Text      string  `json:"text"`
	Kind      string  `json:"kind"`
	Due       *string `json:"due"`
	Rule      string  `json:"rule,omitempty"`
	Inherited *bool   `json:"inherited,omitempty"`
}

type unitView struct {
	Name    string   `json:"name"`
	Group   bool     `json:"group"`
	Aliases []string `json:"aliases"`
	Members []string `json:"members"`
	Contact string   `json:"contact,omitempty"`
	Phone   string   `json:"phone,omitempty"`
	Email   string   `json:"email,omitempty"`
}

func planJSON(p *plan.Plan) planView {
	v := planView{Title: p.Title, Region: p.Settings.Region, StatusOptions: nonNil(p.Settings.StatusOptions), WarnDays: p.Settings.WarnDays,
		Tasks: []taskView{}, Units: []unitView{}}
	if p.Settings.Issued != "" {
		s := p.Settings.Issued
		v.Issued = &s
	}
	for ti := range p.Tasks {
		t := &p.Tasks[ti]
		tv := taskView{No: t.No, Title: t.Title, Problem: t.Problem, Units: nonNil(t.Units), Lead: t.Lead, Persons: t.Persons,
			Supervisor: t.Supervisor, Goal: t.Goal, Deadline: deadlineJSON(t.Deadline, false), Measures: []measureView{}}
		for mi := range t.Measures {
			m := &t.Measures[mi]
			tv.Measures = append(tv.Measures, measureView{No: m.No, Text: m.Text, Units: nonNil(t.ActingUnits(m)),
				OwnUnits: len(m.Units) > 0, Deadline: deadlineJSON(m.Deadline, true)})
		}
		v.Tasks = append(v.Tasks, tv)
	}
	for _, u := range p.Units {
		v.Units = append(v.Units, unitView{Name: u.Name, Group: u.Group, Aliases: nonNil(u.Aliases), Members: nonNil(u.Members),
			Contact: u.Contact, Phone: u.Phone, Email: u.Email})
	}
	return v
}

func deadlineJSON(d deadline.Deadline, measure bool) deadlineView {
	v := deadlineView{Text: d.Text, Kind: string(d.Kind)}
	if d.HasDue() {
		s := d.DueString()
		v.Due = &s
	}
	if d.Rule != nil {
		v.Rule = d.Rule.Text
	}
	if measure {
		inh := d.Inherited
		v.Inherited = &inh
	}
	return v
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
