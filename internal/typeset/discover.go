package typeset

// discover.go finds the installed fonts: every face of every .TTF/.ttc/.otf file under the
// font folders, with its names, its style (宋体, 仿宋, 楷体, 黑体, 小标宋) and whether it has
// the common simplified Chinese characters. Only table directories, names, OS/2 and cmap are
// read, never whole files.

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"taizhang/internal/typeset/sfnt"
)

// Style is the typeface style a face is classified as.
type Style int

// The styles of Chinese official documents, and StyleOther for the rest.
const (
	StyleOther        Style = iota
	StyleSong               // 宋体
	StyleFangSong           // 仿宋
	StyleKai                // 楷体
	StyleHei                // 黑体
	StyleXiaoBiaoSong       // 小标宋
)

func (s Style) String() string {
	switch s {
	case StyleSong:
		return "宋体"
	case StyleFangSong:
		return "仿宋"
	case StyleKai:
		return "楷体"
	case StyleHei:
		return "黑体"
	case StyleXiaoBiaoSong:
		return "小标宋"
	}
	return "其他"
}

// FontInfo describes one face of a font file.
type FontInfo struct {
	Path    string   // the file; "" for an embedded font
	Index   int      // the face in a collection (.ttc); 0 for a single font
	Family  string   // English family name when the font has one, else its first name
	Names   []string // family and full names, English first
	Style   Style
	CJK     bool   // has the common simplified Chinese characters
	Problem string // why it cannot be used; "" when it can

	rank  int // preference within its style, lower first
	cover int // sample characters it has
}

// Usable reports whether the face can be embedded.
func (fi FontInfo) Usable() bool { return fi.Problem == "" }

func (fi FontInfo) String() string { return fi.Family + "（" + fi.where() + "）" }

// where is the file, with the face's number in a collection; "内置" for an embedded font.
func (fi FontInfo) where() string {
	where := fi.Path
	if where == "" {
		where = "内置"
	}
	if strings.HasSuffix(strings.ToLower(fi.Path), ".ttc") {
		where += "#" + strconv.Itoa(fi.Index)
	}
	return where
}

const (
	maxFontFiles = 5000 // a font folder with more is not searched further
	maxFontDepth = 6
)

// SystemFontDirs are the folders fonts are installed in, for the running system.
func SystemFontDirs() []string {
	home, _ := os.UserHomeDir()
	return systemFontDirs(runtime.GOOS, os.Getenv, home)
}

func systemFontDirs(goos string, getenv func(string) string, home string) []string {
	var dirs []string
	add := func(parts ...string) {
		for _, p := range parts {
			if p == "" {
				return
			}
		}
		dirs = append(dirs, filepath.Join(parts...))
	}
	switch goos {
	case "windows":
		win := getenv("WINDIR")
		if win == "" {
			win = getenv("SystemRoot")
		}
		if win == "" {
			win = `C:\Windows`
		}
		add(win, "Fonts")
		add(getenv("LOCALAPPDATA"), "Microsoft", "Windows", "Fonts") // fonts installed for one user
	case "darwin":
		add("/Library/Fonts")
		add("/System/Library/Fonts")
		add(home, "Library", "Fonts")
	default:
		data := getenv("XDG_DATA_HOME")
		if data == "" && home != "" {
			data = filepath.Join(home, ".local", "share")
		}
		add(data, "fonts")
		add(home, ".fonts")
		sys := getenv("XDG_DATA_DIRS")
		if sys == "" {
			sys = "/usr/local/share:/usr/share"
		}
		for _, d := range strings.Split(sys, ":") {
			add(d, "fonts")
		}
	}
	return dirs
}

// Discover lists every face of the font files under dirs, sorted by path and face index.
// Folders that do not exist or cannot be read are skipped; a file that is not a usable font is
// listed with its Problem, so that a user can be told why it was not taken.
func Discover(dirs []string) []FontInfo {
	seen := map[string]bool{}
	var paths []string
	for _, dir := range dirs {
		if dir == "" {
			continue
		}
		root := filepath.Clean(dir)
		depth0 := strings.Count(root, string(filepath.Separator))
		_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if len(paths) >= maxFontFiles {
				return fs.SkipAll
			}
			if d.IsDir() {
				if strings.Count(p, string(filepath.Separator))-depth0 >= maxFontDepth {
					return fs.SkipDir
				}
				return nil
			}
			switch strings.ToLower(filepath.Ext(p)) {
			case ".ttf", ".ttc", ".otf", ".otc":
				if !seen[p] {
					seen[p] = true
					paths = append(paths, p)
				}
			}
			return nil
		})
	}
	sort.Strings(paths)
	var out []FontInfo
	for _, p := range paths {
		out = append(out, inspectFile(p)...)
	}
	return out
}

// inspectFile describes the faces of one file.
func inspectFile(path string) []FontInfo {
	f, err := os.Open(path)
	if err != nil {
		return []FontInfo{{Path: path, Family: filepath.Base(path), Problem: err.Error()}}
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return []FontInfo{{Path: path, Family: filepath.Base(path), Problem: err.Error()}}
	}
	dirs, err := sfnt.ReadDirs(f, st.Size())
	if err != nil {
		return []FontInfo{{Path: path, Family: filepath.Base(path), Problem: err.Error()}}
	}
	out := make([]FontInfo, 0, len(dirs))
	for i, d := range dirs {
		out = append(out, inspectFace(f, path, i, d))
	}
	return out
}

func inspectFace(f *os.File, path string, index int, d sfnt.Dir) FontInfo {
	fi := FontInfo{Path: path, Index: index, Family: filepath.Base(path)}
	if name, err := d.Table(f, "name"); err == nil {
		fi.Names = sfnt.Names(name)
	}
	if len(fi.Names) > 0 {
		fi.Family = fi.Names[0]
	}
	fi.Style, fi.rank = classify(fi.Names, filepath.Base(path))
	if err := d.Usable(); err != nil {
		fi.Problem = err.Error()
		return fi
	}
	os2, err := d.Table(f, "OS/2")
	if err != nil {
		fi.Problem = err.Error()
		return fi
	}
	if err := sfnt.Embeddable(os2); err != nil {
		fi.Problem = err.Error()
		return fi
	}
	if fi.Style == StyleOther && !cjkHint(os2) {
		return fi // a Latin or symbol font: usable as a fallback, not for a role
	}
	cmap, err := d.Table(f, "cmap")
	if err != nil {
		fi.Problem = err.Error()
		return fi
	}
	sub, err := sfnt.BestCmap(cmap)
	if err != nil {
		fi.Problem = err.Error()
		return fi
	}
	fi.cover = coverage(sub)
	fi.CJK = fi.cover*100 >= len([]rune(sampleHanzi))*95
	return fi
}

// cjkHint reads the OS/2 code page and Unicode range bits: Chinese, Japanese or Korean code
// pages, or the CJK Unified Ideographs range.
func cjkHint(os2 []byte) bool {
	if len(os2) >= 50 && sfnt.BE32(os2, 46)&(1<<(59-32)) != 0 { // ulUnicodeRange2 bit 59
		return true
	}
	if len(os2) >= 82 && sfnt.BE16(os2, 0) >= 1 && sfnt.BE32(os2, 78)&(0x1F<<17) != 0 { // ulCodePageRange1 bits 17–21
		return true
	}
	return false
}

// sampleHanzi are common simplified characters and the words of our reports: a face that has
// nearly all of them can set a Chinese document. (Debian's cwTeX 仿宋, for one, lacks the
// simplified forms and does not pass.)
const sampleHanzi = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处府队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往历市克何除消构称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严" +
	"整改台账督察责任单位牵头配合措施完成序时推进滞后逾期预警销号佐证材料回执催报填截领导小组办公室区县镇乡局委环境保护"

// coverage counts the sample characters a subtable maps.
func coverage(sub sfnt.Cmap) int {
	n := 0
	for _, r := range sampleHanzi {
		if sub.Lookup(r) != 0 {
			n++
		}
	}
	return n
}

// classify finds a face's style from its names and file name. The keywords of each style are
// in order of preference (the Windows fonts first), which gives the rank; the styles are tried
// from the most specific (小标宋 before 宋体, 仿宋 before 宋体).
func classify(names []string, file string) (Style, int) {
	keys := []struct {
		style Style
		words []string
	}{
		{StyleXiaoBiaoSong, []string{"fzxbsjw", "方正小标宋", "xiaobiaosong", "小标宋", "fzxiaobiaosong", "stzhongs", "华文中宋", "zhongsong"}},
		{StyleFangSong, []string{"simfang", "仿宋_gb2312", "fangsong_gb2312", "仿宋", "fangsong", "stfangso", "华文仿宋", "fzfsjw", "方正仿宋"}},
		{StyleKai, []string{"simkai", "楷体_gb2312", "kaiti_gb2312", "楷体", "kaiti", "stkaiti", "华文楷体", "lxgwwenkai", "wenkai", "gkai00mp", "ukai", "楷"}},
		{StyleHei, []string{"simhei", "黑体", "heiti", "stheiti", "华文黑体", "msyh", "microsoftyahei", "微软雅黑", "yahei", "pingfang", "zenhei", "microhei", "droidsansfallback", "hei", "黑"}},
		{StyleSong, []string{"simsun", "宋体", "stsong", "华文宋体", "songti", "gbsn00lp", "sungtil", "uming", "ming", "song", "sung", "宋", "明"}},
	}
	var norm []string
	for _, n := range append(append([]string(nil), names...), strings.TrimSuffix(file, filepath.Ext(file))) {
		n = strings.ToLower(n)
		n = strings.NewReplacer(" ", "", "-", "", "_", "", ".", "").Replace(n)
		norm = append(norm, n)
	}
	for _, k := range keys {
		for rank, w := range k.words {
			w = strings.NewReplacer("_", "").Replace(w)
			for _, n := range norm {
				if strings.Contains(n, w) {
					return k.style, rank
				}
			}
		}
	}
	return StyleOther, 0
}
