// Package samplegen makes the bundled samples from the seed notice: the reviewed plan
// workbook (the import plus the fixes an office makes by hand) and, in later steps, the units'
// returns. `go run ./internal/samplegen/gensamples` regenerates samples/; samples/README.md
// says what each file shows and what was fixed by hand.
package samplegen

import (
	"fmt"

	"taizhang/internal/notice"
	"taizhang/internal/plan"
	"taizhang/samples"
)

// Office settings of the sample plan (fictional contacts).
const (
	Office  = "长白山保护开发区生态环境保护督察反馈问题整改工作领导小组办公室"
	Contact = "李静"
	Phone   = "0433-5302211"
	Email   = "zgb@cbs.example.cn"
)

// contacts are the units' fictional contact persons, phones and e-mail addresses.
var contacts = map[string][3]string{
	"经发局":    {"王磊", "0433-5301101", "jfj@cbs.example.cn"},
	"池北区":    {"张伟", "0433-5712001", "cbq@cbs.example.cn"},
	"池西区":    {"刘洋", "0433-5713002", "cxq@cbs.example.cn"},
	"池南区":    {"陈晨", "0433-5714003", "cnq@cbs.example.cn"},
	"生态环境局":  {"赵敏", "0433-5301202", "sthjj@cbs.example.cn"},
	"住建局":    {"孙浩", "0433-5301303", "zjj@cbs.example.cn"},
	"农业水利局":  {"周强", "0433-5301404", "nyslj@cbs.example.cn"},
	"规划资源局":  {"吴芳", "0433-5301505", "ghzyj@cbs.example.cn"},
	"保护中心":   {"郑涛", "0433-5301606", "bhzx@cbs.example.cn"},
	"市场监督局":  {"冯丽", "0433-5301707", "scjdj@cbs.example.cn"},
	"执法支队":   {"褚军", "0433-5301808", "zfzd@cbs.example.cn"},
	"商务局":    {"卫东", "0433-5301909", "swj@cbs.example.cn"},
	"应急局":    {"蒋华", "0433-5302010", "yjj@cbs.example.cn"},
	"党工委宣传部": {"沈悦", "0433-5302111", "xcb@cbs.example.cn"},
	"融媒体中心":  {"韩雪", "0433-5302212", "rmt@cbs.example.cn"},
	"纪检监察工委": {"杨帆", "0433-5302313", "jjjc@cbs.example.cn"},
	"人社局":    {"朱琳", "0433-5302414", "rsj@cbs.example.cn"},
	"审计局":    {"秦岭", "0433-5302515", "sjj@cbs.example.cn"},
	"管委会办公室": {"许诺", "0433-5302616", "gwbgs@cbs.example.cn"},
	"河长办":    {"何川", "0433-5302717", "hzb@cbs.example.cn"},
}

// departments stand for 各相关部门 in the sample plan.
var departments = []string{"经发局", "生态环境局", "住建局", "农业水利局", "规划资源局", "商务局", "应急局", "市场监督局", "人社局", "审计局"}

// Plan imports the seed notice and applies the office's review: what the import cannot know.
func Plan() (*plan.Plan, error) {
	data, err := samples.Files.ReadFile(samples.NoticeName)
	if err != nil {
		return nil, err
	}
	text, err := notice.Text(samples.NoticeName, data)
	if err != nil {
		return nil, err
	}
	res := notice.Parse(text)
	if res.Findings.HasErrors() {
		return nil, fmt.Errorf("seed import has errors: %v", res.Findings)
	}
	p := &res.Plan
	Review(p)
	if fs := plan.Check(p); fs.HasErrors() {
		return nil, fmt.Errorf("reviewed sample plan has errors: %v", fs)
	}
	return p, nil
}

// Review applies the fixes listed in samples/README.md.
func Review(p *plan.Plan) {
	p.Settings.Office, p.Settings.Contact, p.Settings.Phone, p.Settings.Email = Office, Contact, Phone, Email
	// 2.2 names the leadership group itself; its office sits in 生态环境局, which reports for it.
	const group = "长白山保护开发区生态环境保护领导小组"
	for ti := range p.Tasks {
		for mi := range p.Tasks[ti].Measures {
			m := &p.Tasks[ti].Measures[mi]
			for i, u := range m.Units {
				if u == group {
					m.Units[i] = "生态环境局"
				}
			}
		}
	}
	var units []plan.Unit
	for _, u := range p.Units {
		switch u.Name {
		case group:
			continue
		case "各区":
			u.Members = []string{"池北区", "池西区", "池南区"}
			u.Note = "已核对：方案未列出池南区，已补全"
		case "长白山党工委、管委会，各区党委、管委会":
			u.Members = []string{"管委会办公室", "各区"}
			u.Note = "已核对：党工委、管委会的工作由管委会办公室汇总报送，各区党委、管委会由各区报送"
		case "各相关部门":
			u.Members = departments
			u.Note = "已核对：指方案涉及的各职能部门"
		default:
			if u.Note != "" {
				u.Note = "已核对"
			}
		}
		if c, ok := contacts[u.Name]; ok {
			u.Contact, u.Phone, u.Email = c[0], c[1], c[2]
		}
		units = append(units, u)
		if u.Name == "池西区" {
			c := contacts["池南区"]
			units = append(units, plan.Unit{Name: "池南区", Contact: c[0], Phone: c[1], Email: c[2], Note: "方案未列出，核对时补充"})
		}
	}
	p.Units = units
}
