package typeset

// fonts.go chooses a font for each role (the one named in the configuration, else the best
// installed face of the role's style, else a substitute style, else an embedded font) and finds,
// character by character, a font that has the glyph: the role's font, then the embedded fonts,
// then every installed face.

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"taizhang/internal/typeset/fonts"
	"taizhang/internal/typeset/sfnt"
)

// Role is what text is set for; each role has its font.
type Role int

// The roles of GB/T 9704. The zero Role is the body.
const (
	RoleBody     Role = iota // 正文, and “1.” “（1）” headings: 3号仿宋
	RoleTitle                // 标题: 2号小标宋
	RoleHeading1             // 一级标题 “一、”: 3号黑体
	RoleHeading2             // 二级标题 “（一）”: 3号楷体
	RoleTable                // 表格, charts and page numbers: 宋体
	numRoles
)

// Roles lists the roles in order.
func Roles() []Role { return []Role{RoleTitle, RoleHeading1, RoleHeading2, RoleBody, RoleTable} }

func (r Role) String() string {
	switch r {
	case RoleTitle:
		return "标题"
	case RoleHeading1:
		return "一级标题"
	case RoleHeading2:
		return "二级标题"
	case RoleBody:
		return "正文"
	case RoleTable:
		return "表格"
	}
	return "role(" + strconv.Itoa(int(r)) + ")"
}

// Wanted is the style GB/T 9704 asks for.
func (r Role) Wanted() Style {
	switch r {
	case RoleTitle:
		return StyleXiaoBiaoSong
	case RoleHeading1:
		return StyleHei
	case RoleHeading2:
		return StyleKai
	case RoleBody:
		return StyleFangSong
	}
	return StyleSong
}

// substitutes are the styles taken, in order, when no face of the wanted style is installed.
func (r Role) substitutes() []Style {
	switch r {
	case RoleTitle:
		return []Style{StyleSong, StyleHei, StyleFangSong, StyleKai}
	case RoleHeading1:
		return []Style{StyleSong, StyleFangSong, StyleKai}
	case RoleHeading2:
		return []Style{StyleFangSong, StyleSong}
	case RoleBody:
		return []Style{StyleSong, StyleKai}
	}
	return []Style{StyleFangSong, StyleKai, StyleHei}
}

// FontFiles names font files per role (the command line's --font-title, --font-body …). A
// face of a collection is chosen with a "#N" suffix, as in "simsun.ttc#1"; without one the face
// with the most Chinese characters is taken. Empty: chosen automatically.
type FontFiles struct {
	Title, Heading1, Heading2, Body, Table string
}

func (ff FontFiles) get(r Role) string {
	switch r {
	case RoleTitle:
		return ff.Title
	case RoleHeading1:
		return ff.Heading1
	case RoleHeading2:
		return ff.Heading2
	case RoleBody:
		return ff.Body
	}
	return ff.Table
}

// FontChoice is the font a role got.
type FontChoice struct {
	Role     Role
	Font     FontInfo
	Named    bool // named in the configuration
	FakeBold bool // a substitute for a bold style (小标宋, 黑体): strokes are thickened
}

// Substitute reports whether the font is not of the style the role wants.
func (c FontChoice) Substitute() bool { return !c.Named && c.Font.Style != c.Role.Wanted() }

func (c FontChoice) String() string {
	s := fmt.Sprintf("%s（%s）：%s", c.Role, c.Role.Wanted(), c.Font)
	if c.Substitute() {
		s += "，以" + c.Font.Style.String() + "代替"
		if c.FakeBold {
			s += "并加粗"
		}
	}
	return s
}

// Describe says in Chinese which face the role got, for the user: "正文：仿宋 FangSong
// （C:\Windows\Fonts\simfang.ttf）", "正文：未找到仿宋，以内置宋体（AR PL SungtiL GB）代替",
// "标题：使用指定的字体 …".
func (c FontChoice) Describe() string {
	// the face with its style: 内置宋体（AR PL SungtiL GB）, 宋体 AR PL UMing CN（/usr/…#0）
	face := c.Font.Style.String() + " " + c.Font.Family + "（" + c.Font.where() + "）"
	if c.Font.Path == "" {
		face = "内置" + c.Font.Style.String() + "（" + c.Font.Family + "）"
	}
	role := c.Role.String() + "："
	switch {
	case c.Named:
		s := role + "使用指定的字体 " + c.Font.Family + "（" + c.Font.where() + "）"
		if st := c.Font.Style; st != c.Role.Wanted() && st != StyleOther {
			s += "，是" + st.String() + "，公文要求" + c.Role.Wanted().String()
		}
		return s
	case c.Substitute():
		s := role + "未找到" + c.Role.Wanted().String() + "，以" + face + "代替"
		if c.FakeBold {
			s += "并加粗"
		}
		return s
	}
	return role + face
}

// FontReport says, a line per role (标题, 一级标题, 二级标题, 正文, 表格), which face was used
// and what was substituted (FontChoice.Describe).
func (d *Doc) FontReport() []string {
	var out []string
	for _, c := range d.Fonts() {
		out = append(out, c.Describe())
	}
	return out
}

// ErrNotChinese is the cause when a font named for a role lacks the common Chinese characters.
var ErrNotChinese = errors.New("不是中文字体（缺少常用汉字）")

// loaded is a face ready to draw with.
type loaded struct {
	*sfnt.Face
	info    FontInfo
	pdfName string // the family registered with gofpdf; "" until first drawn
}

// source is a face that may be needed: its cmap is read when a character is looked for in it,
// the whole face built only when it has one.
type source struct {
	info   FontInfo
	data   string // an embedded font's bytes; "" for a file
	sub    *sfnt.Cmap
	face   *loaded
	failed bool
}

// fontSet holds a document's fonts.
type fontSet struct {
	role     [numRoles]*loaded
	choice   [numRoles]FontChoice
	chain    []*source          // the fallbacks, in order
	bykey    map[string]*loaded // loaded faces by path#index
	fallback map[rune]*loaded   // cache of chain lookups; nil: no font has it
	problems []string           // fonts that could not be used, for the user
}

func faceKey(path string, index int) string { return path + "#" + strconv.Itoa(index) }

func embeddedInfo(family string, style Style) FontInfo {
	return FontInfo{Family: family, Names: []string{family}, Style: style, CJK: true, rank: 1 << 20, cover: len([]rune(sampleHanzi))}
}

// openFonts chooses the fonts of a document.
func openFonts(cfg Config) (*fontSet, error) {
	fs := &fontSet{bykey: map[string]*loaded{}, fallback: map[rune]*loaded{}}
	song := &source{info: embeddedInfo("AR PL SungtiL GB", StyleSong), data: fonts.Song()}
	kai := &source{info: embeddedInfo("AR PL KaitiM GB", StyleKai), data: fonts.Kai()}

	dirs := cfg.FontDirs
	if dirs == nil {
		dirs = SystemFontDirs()
	}
	var found []FontInfo
	for _, fi := range Discover(dirs) {
		if fi.Usable() {
			found = append(found, fi)
		}
	}

	// candidates for roles: installed Chinese faces, then the embedded ones
	var cands []*source
	for _, fi := range found {
		if fi.CJK {
			cands = append(cands, &source{info: fi})
		}
	}
	cands = append(cands, song, kai)
	sort.SliceStable(cands, func(i, j int) bool {
		a, b := cands[i].info, cands[j].info
		if a.rank != b.rank {
			return a.rank < b.rank
		}
		if va, vb := variant(a), variant(b); va != vb {
			return va < vb
		}
		if a.cover != b.cover {
			return a.cover > b.cover
		}
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		return a.Index < b.Index
	})

	for _, r := range Roles() {
		if name := cfg.Fonts.get(r); name != "" {
			l, err := fs.loadNamed(name)
			if err != nil {
				return nil, fmt.Errorf("%s字体 %w", r, err)
			}
			fs.role[r] = l
			fs.choice[r] = FontChoice{Role: r, Font: l.info, Named: true}
			continue
		}
		styles := append([]Style{r.Wanted()}, r.substitutes()...)
	pick:
		for _, st := range styles {
			for _, c := range cands {
				if c.info.Style != st {
					continue
				}
				if l := fs.load(c); l != nil {
					fs.role[r] = l
					ch := FontChoice{Role: r, Font: l.info}
					ch.FakeBold = ch.Substitute() && (r == RoleHeading1 || (r == RoleTitle && st != StyleHei))
					fs.choice[r] = ch
					break pick
				}
			}
		}
		if fs.role[r] == nil { // the embedded 宋体 always loads; this is a broken build
			return nil, fmt.Errorf("%s字体：内置字体无法载入（程序文件已损坏）", r)
		}
	}

	// the fallback chain: embedded fonts, installed Chinese faces, then all other faces
	fs.chain = []*source{song, kai}
	for _, c := range cands {
		if c != song && c != kai {
			fs.chain = append(fs.chain, c)
		}
	}
	for _, fi := range found {
		if !fi.CJK {
			fs.chain = append(fs.chain, &source{info: fi})
		}
	}
	return fs, nil
}

// variant counts what makes a face a variant rather than the regular weight of its family
// (Bold, Light, Mono …): LXGW WenKai Regular before LXGWWenKai-Bold.ttf.
func variant(fi FontInfo) int {
	name := filepath.Base(fi.Path)
	if len(fi.Names) > 0 {
		name = fi.Names[0] + " " + name
	}
	name = strings.ToLower(name)
	n := 0
	for _, w := range []string{"bold", "light", "mono", "thin", "heavy", "black", "medium", "sharp", "semi", "extra", "italic", "oblique", "condensed"} {
		if strings.Contains(name, w) {
			n++
		}
	}
	return n
}

// load builds a source's face once; a failure is remembered and reported.
func (fs *fontSet) load(s *source) *loaded {
	if s.face != nil || s.failed {
		return s.face
	}
	key := faceKey(s.info.Path, s.info.Index)
	if s.data != "" {
		key = "embedded:" + s.info.Family
	}
	if l, ok := fs.bykey[key]; ok {
		s.face = l
		return l
	}
	var data []byte
	if s.data != "" {
		data = []byte(s.data)
	} else {
		b, err := readFontFile(s.info.Path)
		if err != nil {
			s.failed = true
			fs.problems = append(fs.problems, fmt.Sprintf("%s: %v", s.info, err))
			return nil
		}
		data = b
	}
	f, err := sfnt.Build(data, s.info.Index)
	if err != nil {
		s.failed = true
		fs.problems = append(fs.problems, fmt.Sprintf("%s: %v", s.info, err))
		return nil
	}
	s.face = &loaded{Face: f, info: s.info}
	fs.bykey[key] = s.face
	return s.face
}

// splitFace takes the "#N" suffix off a font file name: "simsun.ttc#1" is face 1 of
// simsun.ttc. A file really named with such a suffix wins. -1: no face given.
func splitFace(name string) (string, int) {
	i := strings.LastIndexByte(name, '#')
	if i < 0 {
		return name, -1
	}
	n, err := strconv.Atoi(name[i+1:])
	if err != nil || n < 0 || n >= sfnt.MaxFaces || !strings.Contains(".ttc.otc.ttf", strings.ToLower(filepath.Ext(name[:i]))) {
		return name, -1
	}
	if _, err := os.Stat(name); err == nil {
		return name, -1
	}
	return name[:i], n
}

// loadNamed loads a font file named in the configuration.
func (fs *fontSet) loadNamed(name string) (*loaded, error) {
	path, index := splitFace(name)
	data, err := readFontFile(path)
	if err != nil {
		return nil, err
	}
	dirs, err := sfnt.ReadDirs(sfnt.Bytes(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if index < 0 {
		index = pickIndex(dirs, data)
	}
	return fs.loadNamedFace(path, data, dirs, index)
}

// pickIndex is the usable face of a collection with the most sample characters.
func pickIndex(dirs []sfnt.Dir, data []byte) int {
	index, best := 0, -1
	for i, d := range dirs {
		if d.Usable() != nil {
			continue
		}
		cmap, _ := d.Table(sfnt.Bytes(data), "cmap")
		if sub, err := sfnt.BestCmap(cmap); err == nil {
			if n := coverage(sub); n > best {
				index, best = i, n
			}
		}
	}
	return index
}

func (fs *fontSet) loadNamedFace(path string, data []byte, dirs []sfnt.Dir, index int) (*loaded, error) {
	key := faceKey(path, index)
	if l, ok := fs.bykey[key]; ok {
		return l, nil
	}
	f, err := sfnt.Build(data, index)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	info := FontInfo{Path: path, Index: index, Family: f.Family}
	if index < len(dirs) {
		name, _ := dirs[index].Table(sfnt.Bytes(data), "name")
		info.Names = sfnt.Names(name)
	}
	info.Style, info.rank = classify(info.Names, filepath.Base(path))
	for _, r := range sampleHanzi {
		if f.Has(r) {
			info.cover++
		}
	}
	info.CJK = info.cover*100 >= len([]rune(sampleHanzi))*95
	if !info.CJK {
		return nil, fmt.Errorf("%s: %w：%d 个常用字只有 %d 个", path, ErrNotChinese, len([]rune(sampleHanzi)), info.cover)
	}
	l := &loaded{Face: f, info: info}
	fs.bykey[key] = l
	return l, nil
}

func readFontFile(path string) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if st.Size() > sfnt.MaxFile {
		return nil, fmt.Errorf("%s: %w (%d MB)", path, sfnt.ErrTooLarge, st.Size()>>20)
	}
	return os.ReadFile(path)
}

// covers says, from the raw cmap, whether a source may have r; it is confirmed on the built
// face.
func (fs *fontSet) covers(s *source, r rune) bool {
	if s.face != nil {
		return s.face.Has(r)
	}
	if s.failed {
		return false
	}
	if s.data != "" { // an embedded font: build it (it is known to be good)
		l := fs.load(s)
		return l != nil && l.Has(r)
	}
	if s.sub == nil {
		sub, err := s.readCmap()
		if err != nil {
			s.failed = true
			fs.problems = append(fs.problems, fmt.Sprintf("%s: %v", s.info, err))
			return false
		}
		s.sub = &sub
	}
	return s.sub.Lookup(r) != 0
}

func (s *source) readCmap() (sfnt.Cmap, error) {
	f, err := os.Open(s.info.Path)
	if err != nil {
		return sfnt.Cmap{}, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return sfnt.Cmap{}, err
	}
	r := f
	dirs, err := sfnt.ReadDirs(r, st.Size())
	if err != nil {
		return sfnt.Cmap{}, err
	}
	if s.info.Index >= len(dirs) {
		return sfnt.Cmap{}, sfnt.ErrNoSuchFace
	}
	cmap, err := dirs[s.info.Index].Table(r, "cmap")
	if err != nil {
		return sfnt.Cmap{}, err
	}
	return sfnt.BestCmap(cmap)
}

// fontFor is the face that draws r for a role, or nil when no font can: the role's font, then
// the fallback chain. Characters outside the BMP are never drawable (gofpdf cannot encode
// them), nor are control characters.
func (fs *fontSet) fontFor(role Role, r rune) *loaded {
	if !drawable(r) {
		return nil
	}
	if role < 0 || role >= numRoles {
		role = RoleBody
	}
	if l := fs.role[role]; l.Has(r) {
		return l
	}
	if l, ok := fs.fallback[r]; ok {
		return l
	}
	var found *loaded
	for _, s := range fs.chain {
		if !fs.covers(s, r) {
			continue
		}
		if l := fs.load(s); l != nil && l.Has(r) {
			found = l
			break
		}
	}
	fs.fallback[r] = found
	return found
}

// drawable excludes what no font may be asked for.
func drawable(r rune) bool {
	return r > 0 && r < 0xFFFF && !unicode.IsControl(r) && !(r >= 0xD800 && r <= 0xDFFF)
}

// ignorable characters have no visible form; they are left out before setting text.
func ignorable(r rune) bool {
	switch {
	case r == 0x00AD, r == 0x034F, r == 0x061C, r == 0x180E, r == 0xFEFF:
		return true
	case r >= 0x200B && r <= 0x200F, r >= 0x202A && r <= 0x202E, r >= 0x2060 && r <= 0x206F:
		return true
	case r >= 0xFE00 && r <= 0xFE0F, r >= 0xE0000 && r <= 0xE0FFF:
		return true
	}
	return false
}

// clean prepares text for setting: line ends to "\n", tabs to spaces, invisible format
// characters left out. Everything else is kept; what no font has becomes a placeholder later.
func clean(s string) string {
	if !strings.ContainsAny(s, "\r\t") && strings.IndexFunc(s, ignorable) < 0 {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\r':
			return '\n'
		case r == '\t':
			return ' '
		case ignorable(r):
			return -1
		}
		return r
	}, s)
}
