package deadline

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// Paragraphs copied from the seed plan (samples/notice-changbaishan-2022.txt).
const (
	seedTask5M1  = "(一)2022年6月底前,经发局牵头对辖区高耗能行业进行摸底调查,建立清单台账,分类处置,对未通过节能审查、环评审批开工建设的“两高”项目,依法责令停止建设,严格按照要求进行整改。2022年8月底前,经发局完成制定全区“十四五”节能减排实施方案。合理确定能源消耗总量和强度“双控”目标任务,有效控制年度能源消耗总量。"
	seedTask12M1 = "(一)2022年6月底前,住建局指导各区全面梳理污水处理厂存在的满负荷、超负荷等处理能力不足问题,建立问题清单。11月底前,指导存在问题的区出台推进工作方案,按照方案确定的时间节点逐步推动解决。"
	seedTask13M2 = "(二)住建局出台污水管网建设情况年度考核方案,督导各区逐年制定管网建设计划,并于每年3月底前完成上一年度考核工作。"
	seedTask18M3 = "(三)河长办加强河道监管,深入开展清河行动,每年冬春季、汛期前,集中开展清河行动,清理河道建筑垃圾、生活垃圾、农作物秸秆、病死畜禽、畜禽粪便等。建立河道常态化保洁机制,定期巡河,发现污染源及时整改。"
	seedTask19M2 = "(二)2022年5月底前,农业水利局对各区畜禽粪污资源化利用工作进行实地抽查核实。"
	seedTask20M1 = "(一)保护中心严格落实网格化管理制度,落实管护责任,对保护区内违法开发建设问题进行全面排查,在2022年5月底之前完成全部排查工作。依据排查结果,制定恢复计划,2022年12月底前要完成全部毁坏及非法占用林地的恢复工作。加强国家级自然保护区视频监管系统使用管理,通过对重点区域、主要路段24小时监控措施,确保非法入区破坏森林、草原、湿地行为得到及时发现,有效处置。"
	seedTask23M1 = "(一)2022年8月底前,规划资源局组织各区、保护中心开展2017年以来破坏林地、草原案件查处整改工作“回头看”,指导各区、保护中心完成破坏林地、草原案件核实处理工作,查缺补漏,持续释放对破坏林草资源的高压严打信号。"
	seedTask31M3 = "(三)2022年8月底前, 商务局按照环境保护有关要求,对全区报废机动车回收的企业情况进行排查,形成清单。并按省商务厅要求对2020年9月1日前取得报废机动车回收的企业资质进行重新认定。"
	seedTask18   = "十八、部分区域水质反弹明显。2020年,全省有12个国控断面水质未达到目标要求。2021年1月至8月,全省18个国控断面水质同比发生恶化。"
	seedTask23   = "二十三、毁林毁草多发频发。吉林省林业、草原资源丰富,但一直以来破坏草原、林地问题多发频发。2017年以来,吉林省查处各类破坏草原违法案件348起,共计破坏草原5.8万亩,其中非法开垦草原面积约4万亩;查处破坏林地案件13464起,破坏林地面积约3万亩。"
	seedTask5    = "五、“两高”项目管控不力。吉林省产业结构偏重,经济增长对能源消费依赖性强,2020年全省六大高耗能行业能耗占规模以上工业能耗比重高达83.5%,较2015年上升11.5个百分点。“十三五”期间,吉林、辽源、通化、白城4个市及长白山管委会未完成单位国内生产总值(GDP)能耗降低目标任务。"
	seedTask9    = "九、部分督察反馈问题整改缓慢。截至督察进驻时,第一轮督察及“回头看”反馈的118项问题中,仍有8项未达到序时进度。"
	seedTask22G  = "整改目标:2022年9月底前完成排查、分类梳理工作;2022年年底前制定矿区生态修复方案,2025年年底前完成矿区修复。"
	seedGoal     = "(二)加快推进绿色低碳发展。到2025年,绿色低碳循环发展的经济体系初步形成,重点行业能源利用效率大幅提升。"
	seedGoal4    = "4. 深入打好黑土地保卫战。实施化肥农药减量增效行动,到“十四五”末期,化肥农药利用率达到43%。"
	seedOpinion  = "各级党委(党组)会每半年、管委会常务会每季度研究生态环境保护工作,将生态环境保护工作情况纳入全区工作报告重要内容"
	seedDocNo    = "按照《关于进一步做好群众投诉举报案件后续办理工作的函》(吉督改办函〔2021〕12号)有关要求"
	// from the other region's notice (internal/notice/testdata/notice-songjiang.txt)
	songTask1M1 = "（一）县水利局牵头，2023年4月15日前完成水源保护区违规建筑排查，建立清单。"
	songTask1M2 = "（二）各乡镇按照清单逐一清理，2023年8月中旬前完成拆除。"
	songTask1M3 = "（三）县生态环境分局每季度末对水源地水质开展一次监测。"
	songTask2M2 = "（二）各乡镇完善收运设施，2023.6.30前投入运行。"
	songTask4M3 = "（三）县工业和信息化局督促企业落实主体责任，11月底前完成整改验收。"
	songTask5M2 = "（二）各相关部门按照职责分工，到2025年全面完成规划确定的目标任务。"
	songTask6M2 = "（二）对办结的信访件开展回访，2023年年底前完成。"
)

func TestFind(t *testing.T) {
	cases := []struct {
		name, text string
		year       int      // Context.Year
		want       []string // "matched text=describe(deadline)"
		latest     string   // describe(Latest), "" when none
	}{
		{"task 5 (一)", seedTask5M1, 2022,
			[]string{"2022年6月底前=2022-06-30", "2022年8月底前=2022-08-31"}, "2022-08-31"},
		{"task 12 (一)", seedTask12M1, 2022,
			[]string{"2022年6月底前=2022-06-30", "11月底前=2022-11-30"}, "2022-11-30"},
		{"task 12 (一) without a context year", seedTask12M1, 0,
			[]string{"2022年6月底前=2022-06-30", "11月底前=2022-11-30"}, "2022-11-30"},
		{"task 13 (二)", seedTask13M2, 2022,
			[]string{"每年3月底前=recurring:year/3/0"}, "recurring:year/3/0"},
		{"task 18 (三)", seedTask18M3, 2022, nil, ""},
		{"task 19 (二)", seedTask19M2, 2022, []string{"2022年5月底前=2022-05-31"}, "2022-05-31"},
		{"task 20 (一)", seedTask20M1, 2022,
			[]string{"2022年5月底之前=2022-05-31", "2022年12月底前=2022-12-31"}, "2022-12-31"},
		{"task 23 (一)", seedTask23M1, 2022, []string{"2022年8月底前=2022-08-31"}, "2022-08-31"},
		{"task 31 (三)", seedTask31M3, 2022, []string{"2022年8月底前=2022-08-31"}, "2022-08-31"},
		{"task 18 problem", seedTask18, 2022, nil, ""},
		{"task 23 problem", seedTask23, 2022, nil, ""},
		{"task 5 problem", seedTask5, 2022, nil, ""},
		{"task 9 problem", seedTask9, 2022, nil, ""},
		{"task 22 goal", seedTask22G, 2022,
			[]string{"2022年9月底前=2022-09-30", "2022年年底前=2022-12-31", "2025年年底前=2025-12-31"}, "2025-12-31"},
		{"target year", seedGoal, 2022, []string{"到2025年=2025-12-31"}, "2025-12-31"},
		{"target plan period", seedGoal4, 2022, []string{"到“十四五”末期=2025-12-31"}, "2025-12-31"},
		{"bare 每季度 is not a deadline", seedOpinion, 2022, nil, ""},
		{"document number", seedDocNo, 2022, nil, ""},
		{"songjiang 1 (一)", songTask1M1, 2023, []string{"2023年4月15日前=2023-04-15"}, "2023-04-15"},
		{"songjiang 1 (二)", songTask1M2, 2023, []string{"2023年8月中旬前=2023-08-20"}, "2023-08-20"},
		{"songjiang 1 (三)", songTask1M3, 2023, []string{"每季度末=recurring:quarter/0/0"}, "recurring:quarter/0/0"},
		{"songjiang 2 (二)", songTask2M2, 2023, []string{"2023.6.30前=2023-06-30"}, "2023-06-30"},
		{"songjiang 4 (三)", songTask4M3, 2023, []string{"11月底前=2023-11-30"}, "2023-11-30"},
		{"songjiang 4 (三) without a year", songTask4M3, 0, []string{"11月底前=unknown"}, ""},
		{"songjiang 5 (二)", songTask5M2, 2023, []string{"到2025年=2025-12-31"}, "2025-12-31"},
		{"songjiang 6 (二)", songTask6M2, 2023, []string{"2023年年底前=2023-12-31"}, "2023-12-31"},
		// more forms in running text
		{"range ending in 底", "2022年6月至12月底,开展专项行动。", 0,
			[]string{"2022年6月至12月底=2022-12-31"}, "2022-12-31"},
		{"a window followed by what is done in it is due at its end", "2022年6月至12月,开展专项行动。", 0,
			[]string{"2022年6月至12月=2022-12-31"}, "2022-12-31"},
		{"a measure's own window", "2023年10月下旬至11月开展联合执法检查,对发现的问题建立台账。", 0,
			[]string{"2023年10月下旬至11月=2023-11-30"}, "2023-11-30"},
		{"a window in running text", "县住建局于2023年3月至6月集中整治城乡结合部垃圾。", 0,
			[]string{"2023年3月至6月=2023-06-30"}, "2023-06-30"},
		{"a past range is history, not a deadline", "2021年1月至8月,全省18个国控断面水质同比发生恶化。", 2022, nil, ""},
		{"于 a year end", "力争于2023年底建成", 0, []string{"2023年底=2023-12-31"}, "2023-12-31"},
		{"full width and numerals", "二〇二二年九月底前，完成排查；十一月底前，完成整改。", 0,
			[]string{"二〇二二年九月底前=2022-09-30", "十一月底前=2022-11-30"}, "2022-11-30"},
		{"spaces inside", "2022 年 9 月底前 完成", 0, []string{"2022 年 9 月底前=2022-09-30"}, "2022-09-30"},
		{"year from the closest preceding", "2022年6月底前完成排查,2023年3月底前完成整改,6月底前验收。", 0,
			[]string{"2022年6月底前=2022-06-30", "2023年3月底前=2023-03-31", "6月底前=2023-06-30"}, "2023-06-30"},
		{"historical references do not give a year", "对2020年9月1日前取得资质的企业,11月底前完成复核。", 2022,
			[]string{"11月底前=2022-11-30"}, "2022-11-30"},
		{"as of", "截至2021年底,全省完成率为56.5%。", 0, nil, ""},
		{"since", "自2022年6月底起,每月10日前报送进展。", 0, []string{"每月10日前=recurring:month/0/10"}, "recurring:month/0/10"},
		{"date wins over recurring", "2022年12月底前建立制度,每年3月底前报告。", 0,
			[]string{"2022年12月底前=2022-12-31", "每年3月底前=recurring:year/3/0"}, "2022-12-31"},
		{"impossible date acting as a deadline", "2022年13月底前完成。", 0, []string{"2022年13月底前=unknown"}, ""},
		{"next year is not guessed", "明年3月底前完成。", 2022, []string{"3月底前=unknown"}, ""},
		{"drafting is not a start", "2022年6月底起草完成方案。", 0, []string{"2022年6月底=2022-06-30"}, "2022-06-30"},
		{"quarter end", "2023年第三季度末完成验收", 0, []string{"2023年第三季度末=2023-09-30"}, "2023-09-30"},
		{"ISO date", "请于2023-09-30前报送", 0, []string{"2023-09-30前=2023-09-30"}, "2023-09-30"},
		{"a five-digit year is no year", "20222年底前完成", 2022, nil, ""},
		{"document number", "吉督改办函〔2021〕12号", 2022, nil, ""},
		{"nothing", "", 0, nil, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ms := Find(c.text, Context{Year: c.year})
			var got []string
			for _, m := range ms {
				got = append(got, m.Deadline.Text+"="+describe(m.Deadline))
			}
			if strings.Join(got, " · ") != strings.Join(c.want, " · ") {
				t.Errorf("Find:\n got %q\nwant %q", got, c.want)
			}
			checkMatches(t, c.text, ms)
			latest := ""
			if d, ok := Latest(ms); ok {
				latest = describe(d)
			}
			if latest != c.latest {
				t.Errorf("Latest = %q, want %q", latest, c.latest)
			}
		})
	}
}

// checkMatches holds for every result of Find.
func checkMatches(t *testing.T, text string, ms []Match) {
	t.Helper()
	prev := 0
	for _, m := range ms {
		if m.Start < prev || m.End <= m.Start || m.End > len(text) {
			t.Fatalf("match [%d,%d) after %d in a text of %d bytes", m.Start, m.End, prev, len(text))
		}
		if m.Deadline.Text != text[m.Start:m.End] {
			t.Errorf("match text %q, text[%d:%d] = %q", m.Deadline.Text, m.Start, m.End, text[m.Start:m.End])
		}
		if m.Deadline.Inherited {
			t.Error("Find set Inherited")
		}
		checkInvariants(t, m.Deadline)
		prev = m.End
	}
}

// Every deadline in the seed's measures is found and understood, and falls in the plan's years.
func TestFindSeedMeasures(t *testing.T) {
	b, err := os.ReadFile("../../samples/notice-changbaishan-2022.txt")
	if err != nil {
		t.Fatal(err)
	}
	measure := regexp.MustCompile(`^\s*\([一二三四五六七八九十]+\)`)
	n, dated, recurring := 0, 0, 0
	list := false
	for _, line := range strings.Split(string(b), "\n") {
		if strings.Contains(line, "整改任务清单") {
			list = true
		}
		if !list || !measure.MatchString(line) {
			continue
		}
		n++
		ms := Find(line, Context{Year: 2022})
		checkMatches(t, line, ms)
		for _, m := range ms {
			switch m.Deadline.Kind {
			case KindDate:
				dated++
				if y := m.Deadline.Due.Year(); y < 2022 || y > 2025 {
					t.Errorf("%q: %s is outside the plan's years in %.60s", m.Deadline.Text, m.Deadline.DueString(), line)
				}
			case KindRecurring:
				recurring++
			case KindUnknown:
				t.Errorf("%q not understood in %.60s", m.Deadline.Text, line)
			}
		}
	}
	// counted with grep: 65 "20XX年X月底(之)前" and "11月底前", one "每年3月底前"; the
	// "2017年以来" and "对2020年9月1日前" in them are no deadlines
	if n != 114 || dated != 65 || recurring != 1 {
		t.Errorf("%d numbered measures, %d dated and %d recurring deadlines, want 114, 65, 1", n, dated, recurring)
	}
}
