package pdfdoc

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

	"taizhang/internal/pdfdoc/fonts"
)

// Role is what a font is used for in an official document (GB/T 9704).
type Role int

// The roles.
const (
	RoleTitle   Role = iota // 2号小标宋: the title
	RoleHeading             // 3号黑体: “一、” headings
	RoleKai                 // 3号楷体: “（一）” headings and the line under the title
	RoleBody                // 3号仿宋: the body
	RoleTable               // 宋体: tables and charts
	roleCount
)

var roleNames = [...]string{"标题（小标宋）", "一级标题（黑体）", "二级标题（楷体）", "正文（仿宋）", "表格（宋体）"}

func (r Role) String() string { return roleNames[r] }

// Font is a loaded TrueType font.
type Font struct {
	Name   string // file name, or "内置宋体"/"内置楷体"
	Path   string // where it was found; "" for an embedded font
	data   []byte
	cov    *coverage
	family string // its name inside the PDF
}

// Has reports whether the font has a glyph for the character.
func (f *Font) Has(r rune) bool { return f.cov.has(r) }

// LoadFont reads a .ttf (or the first TrueType font of a .ttc collection). .otf and CFF fonts
// are refused with the reason.
func LoadFont(name string, data []byte) (*Font, error) {
	offs := collectionFonts(data)
	var firstErr error
	for _, off := range offs {
		tabs, err := tables(data, off)
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		cov, err := cmapCoverage(data, tabs)
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		body := data
		if len(offs) > 1 || off != 0 {
			if body, err = extract(data, off); err != nil {
				return nil, fmt.Errorf("%s: extract from collection: %w", name, err)
			}
		}
		return &Font{Name: name, data: body, cov: cov}, nil
	}
	if firstErr == nil {
		firstErr = errNotFont
	}
	return nil, fmt.Errorf("%s: %w", name, firstErr)
}

// Config says which fonts to use.
type Config struct {
	// Files names font files per role (from the command line); they win over discovery.
	Files map[Role]string
	// Dirs are searched for the usual font files, before the system's folders.
	Dirs []string
	// System searches the system's font folders (Windows, Linux, macOS). Off, only Files, Dirs
	// and the embedded fonts are used: output then depends on nothing outside the program.
	System bool
}

// wanted are the usual file names for each role, best first (Windows, then macOS and Linux).
var wanted = [roleCount][]string{
	RoleTitle:   {"fzxbsjw.ttf", "方正小标宋简体.ttf", "fzxiaobiaosong-b05s.ttf", "stzhongs.ttf", "simsun.ttc", "simsun.ttf", "simhei.ttf"},
	RoleHeading: {"simhei.ttf", "stheiti.ttf", "sthei.ttf", "msyh.ttf"},
	RoleKai:     {"simkai.ttf", "stkaiti.ttf", "kaiti.ttf", "gkai00mp.ttf", "ukai.ttc"},
	RoleBody:    {"simfang.ttf", "stfangso.ttf", "fangsong.ttf", "fangsong_gb2312.ttf"},
	RoleTable:   {"simsun.ttc", "simsun.ttf", "stsong.ttf", "gbsn00lp.ttf", "uming.ttc"},
}

// systemDirs are the folders where fonts are installed.
func systemDirs() []string {
	home, _ := os.UserHomeDir()
	switch runtime.GOOS {
	case "windows":
		win := os.Getenv("WINDIR")
		if win == "" {
			win = `C:\Windows`
		}
		return []string{filepath.Join(win, "Fonts"), filepath.Join(os.Getenv("LOCALAPPDATA"), "Microsoft", "Windows", "Fonts")}
	case "darwin":
		return []string{"/Library/Fonts", "/System/Library/Fonts", "/System/Library/Fonts/Supplemental", filepath.Join(home, "Library", "Fonts")}
	}
	return []string{"/usr/share/fonts", "/usr/local/share/fonts", filepath.Join(home, ".fonts"), filepath.Join(home, ".local", "share", "fonts")}
}

// index lists the font files under dirs by lower-case base name (first found wins), walking at
// most a few levels down, in name order so that the result does not depend on the disk.
func index(dirs []string) map[string]string {
	out := map[string]string{}
	for _, dir := range dirs {
		if dir == "" {
			continue
		}
		base := strings.Count(filepath.Clean(dir), string(filepath.Separator))
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if d.IsDir() {
				if strings.Count(p, string(filepath.Separator))-base > 4 {
					return fs.SkipDir
				}
				return nil
			}
			name := strings.ToLower(d.Name())
			if _, ok := out[name]; !ok && (strings.HasSuffix(name, ".ttf") || strings.HasSuffix(name, ".ttc")) {
				out[name] = p
			}
			return nil
		})
	}
	return out
}

// Fonts are the fonts of a document: for each role a chain, best first, ending in the
// embedded fonts; a character is drawn with the first font of the chain that has it.
type Fonts struct {
	chains [roleCount][]*Font
	all    []*Font
	Notes  []string // what was chosen and what was refused, for the user
}

// OpenFonts finds and loads the fonts for the configuration.
func OpenFonts(cfg Config) (*Fonts, error) {
	set := &Fonts{}
	loaded := map[string]*Font{}
	load := func(name, path string) *Font {
		if f, ok := loaded[path]; ok {
			return f
		}
		data, err := os.ReadFile(path)
		if err != nil {
			set.Notes = append(set.Notes, fmt.Sprintf("无法读取字体 %s：%v", path, err))
			loaded[path] = nil
			return nil
		}
		f, err := LoadFont(name, data)
		if err != nil {
			set.Notes = append(set.Notes, fmt.Sprintf("不能使用字体 %s：%v", path, err))
			loaded[path] = nil
			return nil
		}
		f.Path = path
		loaded[path] = f
		set.all = append(set.all, f)
		return f
	}
	for role, path := range cfg.Files {
		if path == "" {
			continue
		}
		f := load(filepath.Base(path), path)
		if f == nil {
			return nil, fmt.Errorf("%s字体 %s 不能使用：%s", role, path, set.Notes[len(set.Notes)-1])
		}
		set.chains[role] = append(set.chains[role], f)
	}
	dirs := append([]string(nil), cfg.Dirs...)
	if cfg.System {
		dirs = append(dirs, systemDirs()...)
	}
	idx := index(dirs)
	for role := Role(0); role < roleCount; role++ {
		for _, name := range wanted[role] {
			if path, ok := idx[name]; ok {
				if f := load(name, path); f != nil {
					set.chains[role] = append(set.chains[role], f)
				}
			}
		}
	}
	song, err := LoadFont("内置宋体（AR PL SungtiL GB）", fonts.Song)
	if err != nil {
		return nil, err
	}
	kai, err := LoadFont("内置楷体（AR PL KaitiM GB）", fonts.Kai)
	if err != nil {
		return nil, err
	}
	set.all = append(set.all, song, kai)
	for role := Role(0); role < roleCount; role++ {
		if role == RoleKai {
			set.chains[role] = append(set.chains[role], kai, song)
		} else {
			set.chains[role] = append(set.chains[role], song, kai)
		}
	}
	for i, f := range set.all {
		f.family = fmt.Sprintf("F%d", i)
	}
	return set, nil
}

// Chosen describes the first font of each role, for the user.
func (fs *Fonts) Chosen() []string {
	var out []string
	for role := Role(0); role < roleCount; role++ {
		f := fs.chains[role][0]
		where := f.Path
		if where == "" {
			where = "程序内置"
		}
		out = append(out, fmt.Sprintf("%s：%s（%s）", role, f.Name, where))
	}
	return out
}

// fontFor is the first font of the role's chain that has the character, or nil.
func (fs *Fonts) fontFor(role Role, r rune) *Font {
	for _, f := range fs.chains[role] {
		if f.Has(r) {
			return f
		}
	}
	return nil
}

// Placeholder is drawn for a character no font has.
const Placeholder = '□'

type run struct {
	font *Font
	text string
}

// runs splits text into runs of one font each; characters no font has become the placeholder
// and are reported through missing.
func (fs *Fonts) runs(role Role, text string, missing func(rune)) []run {
	var out []run
	var cur *Font
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			out = append(out, run{cur, b.String()})
			b.Reset()
		}
	}
	for _, r := range text {
		if r == '\n' || r == '\r' {
			continue
		}
		if r == '\t' {
			r = ' '
		}
		f := fs.fontFor(role, r)
		if f == nil {
			missing(r)
			r = Placeholder
			f = fs.fontFor(role, r)
		}
		if f != cur {
			flush()
			cur = f
		}
		b.WriteRune(r)
	}
	flush()
	return out
}

// sorted returns the missing characters in order.
func sorted(m map[rune]bool) []rune {
	out := make([]rune, 0, len(m))
	for r := range m {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}
