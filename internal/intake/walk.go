package intake

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"taizhang/internal/finding"
	"taizhang/internal/mailbox"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// Limits bound what one input may cost.
type Limits struct {
	MaxFile int64 // bytes of a workbook file or attachment
	MaxMail int64 // bytes of an .eml message; an .mbox is read message by message
	// ReadTime bounds the time spent waiting for one file's bytes (a file on a network share
	// that went away never answers); 0 means DefaultLimits' time.
	ReadTime time.Duration
}

// DefaultLimits: a return is a few hundred kilobytes; 20 MB is generous, and anything larger
// is refused before it is read. Two minutes read 20 MB even from a slow network share.
var DefaultLimits = Limits{MaxFile: 20 << 20, MaxMail: 64 << 20, ReadTime: 2 * time.Minute}

// Found is one thing found on disk: a file to read, or one that could not be walked.
type Found struct {
	Path string // as given or found under a given folder
	Err  error  // the walk could not read it (permission, a symlink loop…)
}

// Skipped is a file the walk left out on purpose, with the reason, for the user to see.
type Skipped struct {
	Path   string
	Reason string
}

// NotAReturn is the reason given for files in an inbox folder that clearly are no returns
// (pictures, PDFs, Word documents, archives without a workbook): they are listed, not recorded.
const NotAReturn = "非报送文件（已忽略）"

// notReturnExts are the files of an inbox folder that are left out as no returns. A file
// given by name is always read (and told why it is not a workbook); .xls, .et and .csv are
// read too: they are returns saved in the wrong format, and the unit is told so.
var notReturnExts = map[string]bool{".pdf": true, ".ofd": true, ".jpg": true, ".jpeg": true, ".png": true, ".gif": true,
	".bmp": true, ".tif": true, ".tiff": true, ".heic": true, ".webp": true, ".doc": true, ".docx": true, ".wps": true,
	".wpt": true, ".rtf": true, ".txt": true, ".md": true, ".ppt": true, ".pptx": true, ".dps": true, ".rar": true,
	".7z": true, ".mp3": true, ".mp4": true, ".mov": true, ".avi": true, ".wav": true, ".htm": true, ".html": true}

// notAReturn reports whether a file in an inbox folder is clearly no return: by its name, or
// for a .zip by whether it holds a workbook.
func notAReturn(path string) bool {
	ext := strings.ToLower(filepath.Ext(path))
	if notReturnExts[ext] {
		return true
	}
	if ext == ".zip" {
		zr, err := zip.OpenReader(path)
		if err != nil {
			return false // read it, and say what is wrong with it
		}
		defer zr.Close()
		for _, f := range zr.File {
			if spreadsheetExts[strings.ToLower(filepath.Ext(zipName(f)))] {
				return false
			}
		}
		return true
	}
	return false
}

// Canonical is the path a file is known by whatever spelling reached it: absolute, cleaned,
// with the links of its folder resolved. Collecting the same inbox by another path is
// collecting the same files.
func Canonical(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return filepath.Clean(path)
	}
	dir, base := filepath.Split(abs)
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		return filepath.Join(real, base)
	}
	return abs
}

// Walk expands files and folders (recursively, in name order) into entries. Symbolic links
// to files inside the folder are followed; links to folders (loops) and links that lead out
// of the folder (to /etc/passwd, to another office's files) are not. Anything but a regular
// file (a named pipe, a device) is an entry that cannot be read: opening one may block
// forever. Office lock files (~$…) and hidden files are skipped and listed.
func Walk(paths []string) ([]Found, []Skipped) {
	var out []Found
	var skipped []Skipped
	for _, root := range paths {
		st, err := os.Stat(root)
		if err != nil {
			out = append(out, Found{Path: root, Err: err})
			continue
		}
		if !st.IsDir() {
			if !st.Mode().IsRegular() {
				err = errNotRegular
			}
			out = append(out, Found{Path: root, Err: err})
			continue
		}
		rootReal, err := realPath(root)
		if err != nil {
			out = append(out, Found{Path: root, Err: err})
			continue
		}
		if lst, err := os.Lstat(root); err == nil && lst.Mode()&fs.ModeSymlink != 0 {
			// a folder given through a link is walked where it is
			if real, err := filepath.EvalSymlinks(root); err == nil {
				root = real
			}
		}
		err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				out = append(out, Found{Path: p, Err: err})
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			name := d.Name()
			if d.IsDir() {
				if p != root && strings.HasPrefix(name, ".") {
					skipped = append(skipped, Skipped{p, "隐藏文件夹"})
					return fs.SkipDir
				}
				return nil
			}
			switch {
			case strings.HasPrefix(name, "~$"):
				skipped = append(skipped, Skipped{p, "Office 临时文件"})
				return nil
			case strings.HasPrefix(name, "."):
				skipped = append(skipped, Skipped{p, "隐藏文件"})
				return nil
			}
			if d.Type()&fs.ModeSymlink != 0 {
				out = append(out, Found{Path: p, Err: checkLink(p, rootReal)})
				return nil
			}
			if !d.Type().IsRegular() {
				out = append(out, Found{Path: p, Err: errNotRegular})
				return nil
			}
			if notAReturn(p) {
				skipped = append(skipped, Skipped{p, NotAReturn})
				return nil
			}
			out = append(out, Found{Path: p})
			return nil
		})
		if err != nil {
			out = append(out, Found{Path: root, Err: err})
		}
	}
	return out, skipped
}

var (
	errLinkToFolder = errors.New("link to a folder")
	errNotRegular   = errors.New("not a regular file")
	errStalled      = errors.New("reading stalled")
	errOverLimit    = errors.New("over the size limit")
)

// linkOutside is a link in a folder that leads out of it.
type linkOutside struct{ target string }

func (e *linkOutside) Error() string { return "link out of the folder to " + e.target }

// realPath is a path with every link resolved, absolute.
func realPath(p string) (string, error) {
	r, err := filepath.EvalSymlinks(p)
	if err != nil {
		return "", err
	}
	return filepath.Abs(r)
}

// checkLink says whether a link found in the folder whose real path is root may be read: it
// must lead to a regular file inside that folder.
func checkLink(p, root string) error {
	target, err := realPath(p)
	if err != nil {
		return err
	}
	if rel, err := filepath.Rel(root, target); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return &linkOutside{target}
	}
	st, err := os.Stat(target)
	switch {
	case err != nil:
		return err
	case st.IsDir():
		return errLinkToFolder
	case !st.Mode().IsRegular():
		return errNotRegular
	}
	return nil
}

// openFile opens a regular file for reading and nothing else: what the path names is checked
// before it is opened (opening a named pipe waits for a writer), it is opened without waiting
// where the system allows, and what was opened is checked again.
func openFile(path string) (*os.File, fs.FileInfo, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, nil, errNotRegular
	}
	f, err := openNoWait(path)
	if err != nil {
		return nil, nil, err
	}
	st, err = f.Stat()
	if err == nil && !st.Mode().IsRegular() {
		err = errNotRegular
	}
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, st, nil
}

// readAll reads r up to limit bytes (errOverLimit beyond), spending at most d waiting for them.
func readAll(r io.Reader, limit, size int64, d time.Duration) ([]byte, error) {
	tr := newTimedReader(r, d)
	defer tr.Close()
	data, err := readSized(io.LimitReader(tr, limit+1), size)
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, errOverLimit
	}
	return data, nil
}

// timedReader reads r in a goroutine of its own, so that a read that never returns (a file
// on a network share that went away, a device) fails with errStalled after the reader's time
// instead of holding the run: the time its reads wait is bounded in total. The goroutine ends
// when its read returns, after Close.
type timedReader struct {
	chunks chan chunk
	stop   chan struct{}
	left   time.Duration
	cur    []byte
	err    error
}

type chunk struct {
	b   []byte
	err error
}

func newTimedReader(r io.Reader, d time.Duration) *timedReader {
	t := &timedReader{chunks: make(chan chunk, 1), stop: make(chan struct{}), left: d}
	go func() {
		for {
			b := make([]byte, 64<<10)
			n, err := r.Read(b)
			select {
			case t.chunks <- chunk{b[:n], err}:
			case <-t.stop:
				return
			}
			if err != nil {
				return
			}
		}
	}()
	return t
}

func (t *timedReader) Read(p []byte) (int, error) {
	for len(t.cur) == 0 {
		if t.err != nil {
			return 0, t.err
		}
		if t.left <= 0 {
			t.err = errStalled
			return 0, t.err
		}
		start := time.Now()
		timer := time.NewTimer(t.left)
		select {
		case c := <-t.chunks:
			t.cur, t.err = c.b, c.err
		case <-timer.C:
			t.err = errStalled
		}
		timer.Stop()
		t.left -= time.Since(start)
	}
	n := copy(p, t.cur)
	t.cur = t.cur[n:]
	return n, nil
}

// Close lets the reading goroutine end.
func (t *timedReader) Close() { close(t.stop) }

// Input is one candidate return: a workbook file, or an attachment of an e-mail, with where it
// came from. Problem is set when it could not be read at all (then Data is nil).
type Input struct {
	Path       string    // the file on disk (the .eml, .mbox or .zip it came out of), as given
	Canon      string    // Path made canonical (see Canonical): what identifies the source
	Attachment string    // the attachment's name, for inputs that came out of an e-mail or a .zip
	Message    int       // the message's number in an .mbox (from 1), 0 otherwise
	Sender     string    // the e-mail's From address
	SenderName string    // its display name
	Subject    string    // the e-mail's subject
	MessageID  string    // the e-mail's Message-ID
	MailDate   time.Time // the e-mail's Date as written; zero for a file that came on its own
	Evidence   []File    // what came with it: the e-mail's other attachments and the e-mail itself
	Data       []byte
	Problem    *finding.Finding
}

// File is a file that came with a return, kept as evidence.
type File struct {
	Name    string
	Message bool // the e-mail itself
	Data    []byte
}

// Name is the name users know the input by: the attachment's, else the file's.
func (in *Input) Name() string {
	if in.Attachment != "" {
		return in.Attachment
	}
	return filepath.Base(in.Path)
}

// Source describes where the input came from, for records: the canonical path, the message
// number and the attachment.
func (in *Input) Source() string {
	s := in.Canon
	if s == "" {
		s = in.Path
	}
	if in.Message > 0 {
		s += fmt.Sprintf("#%d", in.Message)
	}
	if in.Attachment != "" {
		s += " › " + in.Attachment
	}
	return s
}

func problem(code finding.Code, format string, args ...any) *finding.Finding {
	f := finding.New(code, finding.Finding{}, format, args...)
	f.Message = PrintableLine(f.Message) // it may quote a path or a name from outside
	return &f
}

// Open reads an entry into its inputs: the file itself, each workbook attached to the
// e-mail(s) in it, or each workbook in a .zip. fn is called for each, in order.
func Open(e Found, lim Limits, fn func(Input)) {
	canon := Canonical(e.Path)
	if e.Err != nil {
		fn(Input{Path: e.Path, Canon: canon, Problem: unreadable(e.Err)})
		return
	}
	ext := strings.ToLower(filepath.Ext(e.Path))
	switch ext {
	case ".mbox", ".mbx":
		openMbox(e.Path, canon, lim, fn)
		return
	}
	base := Input{Path: e.Path, Canon: canon}
	f, st, err := openFile(e.Path)
	if err != nil {
		base.Problem = unreadable(err)
		fn(base)
		return
	}
	defer f.Close()
	limit := lim.MaxFile
	if ext == ".eml" || ext == ".zip" || ext == ".msg" || ext == ".dat" {
		limit = lim.MaxMail
	}
	if st.Size() > limit {
		base.Problem = problem(finding.TooLarge, "文件有 %s，超过 %s 的上限：拒收", size(st.Size()), size(limit))
		fn(base)
		return
	}
	data, err := readAll(f, limit, st.Size(), lim.readTime())
	if errors.Is(err, errOverLimit) {
		base.Problem = problem(finding.TooLarge, "文件超过 %s 的上限：拒收", size(limit))
		fn(base)
		return
	}
	if err != nil {
		base.Problem = unreadable(err)
		fn(base)
		return
	}
	switch {
	case ext == ".eml" || (ext != ".xlsx" && looksLikeMail(data)):
		msg, err := mailbox.ReadMessage(bytes.NewReader(data), mailbox.Limits{MaxMessageBytes: lim.MaxMail})
		mailInputs(base, msg, data, err, lim, fn)
	case ext == ".msg" && bytes.HasPrefix(data, oleMagic):
		// an Outlook message saved from Outlook (or dragged out of it)
		msg, err := mailbox.ReadMsg(bytes.NewReader(data), mailbox.Limits{MaxMessageBytes: lim.MaxMail})
		mailInputs(base, msg, data, err, lim, fn)
	case (ext == ".dat" || ext == "") && mailbox.IsTNEF(data):
		// winmail.dat saved from a message Outlook sent in its own format: the attachments
		// are inside, the sender is not (the message it came with had it)
		atts, warns, err := mailbox.ReadTNEF(bytes.NewReader(data), mailbox.Limits{MaxMessageBytes: lim.MaxMail})
		var msg *mailbox.Message
		if atts != nil || err == nil {
			msg = &mailbox.Message{Attachments: atts, Warnings: warns}
		}
		mailInputs(base, msg, data, err, lim, fn)
	case ext == ".zip":
		zipInputs(base, data, lim, fn)
	default:
		base.Data = data
		fn(base)
	}
}

func openMbox(path, canon string, lim Limits, fn func(Input)) {
	f, _, err := openFile(path)
	if err != nil {
		fn(Input{Path: path, Canon: canon, Problem: unreadable(err)})
		return
	}
	defer f.Close()
	tr := newTimedReader(f, lim.readTime())
	defer tr.Close()
	n := 0
	err = mailbox.ScanMbox(tr, mailbox.Limits{MaxMessageBytes: lim.MaxMail}, func(it mailbox.MboxItem) error {
		n++
		mailInputs(Input{Path: path, Canon: canon, Message: it.Index}, it.Message, it.Raw, it.Err, lim, fn)
		return nil
	})
	if errors.Is(err, errStalled) {
		fn(Input{Path: path, Canon: canon, Problem: problem(finding.Unreadable, "邮箱文件读取超时（可能是已断开的网络文件夹）：此前的邮件已处理，请把文件复制到本机后重新运行")})
	} else if err != nil {
		fn(Input{Path: path, Canon: canon, Problem: problem(finding.Corrupt, "邮箱文件读取中断：%v；此前的邮件已处理", err)})
	} else if n == 0 {
		fn(Input{Path: path, Canon: canon, Problem: problem(finding.NoAttachment, "邮箱文件中没有邮件")})
	}
}

// mailInputs turns one message into inputs: every attachment that may be a return (and every
// workbook in an attached .zip), each with the message's other attachments and the message
// itself as its evidence; when there is none, one input that says so (with the evidence too).
func mailInputs(base Input, msg *mailbox.Message, raw []byte, err error, lim Limits, fn func(Input)) {
	if msg == nil {
		if errors.Is(err, mailbox.ErrTooLarge) {
			base.Problem = problem(finding.TooLarge, "邮件超过 %s 的上限：拒收", size(lim.MaxMail))
		} else {
			base.Problem = problem(finding.Corrupt, "无法读取邮件：%v", err)
		}
		fn(base)
		return
	}
	cleanMessage(msg)
	base.Sender, base.SenderName, base.Subject, base.MessageID = msg.From, msg.FromName, msg.Subject, msg.MessageID
	base.MailDate = msg.Date
	type candidate struct {
		name string
		data []byte
	}
	var candidates []candidate
	var evidence []File
	for _, a := range msg.Attachments {
		switch {
		case mayBeReturn(a):
			candidates = append(candidates, candidate{a.Name, a.Data})
		case isZip(a.Name, a.Data):
			books, others := unzip(a.Name, a.Data, lim)
			for _, b := range books {
				candidates = append(candidates, candidate{b.Name, b.Data})
			}
			if len(books) == 0 {
				evidence = append(evidence, File{Name: a.Name, Data: a.Data})
			} else {
				evidence = append(evidence, others...)
			}
		default:
			evidence = append(evidence, File{Name: a.Name, Data: a.Data})
		}
	}
	if raw != nil {
		evidence = append(evidence, File{Name: messageName(base), Message: true, Data: raw})
	}
	base.Evidence = evidence
	if len(candidates) == 0 {
		in := base
		what := "邮件中没有 Excel 附件"
		var names []string
		for _, e := range evidence {
			if !e.Message {
				names = append(names, e.Name)
			}
		}
		if len(names) > 0 {
			what += "（附件：" + strings.Join(names, "、") + "）"
		}
		in.Problem = problem(finding.NoAttachment, "%s：请将填好的模板（.xlsx）作为附件重新发送", what)
		fn(in)
		return
	}
	for _, c := range candidates {
		in := base
		in.Attachment = c.name
		if int64(len(c.data)) > lim.MaxFile {
			in.Problem = problem(finding.TooLarge, "附件有 %s，超过 %s 的上限：拒收", size(int64(len(c.data))), size(lim.MaxFile))
		} else {
			in.Data = c.data
		}
		fn(in)
	}
}

// messageName is the name an e-mail is kept under as evidence.
func messageName(in Input) string {
	name := strings.TrimSuffix(filepath.Base(in.Path), filepath.Ext(in.Path))
	if in.Message > 0 {
		name += fmt.Sprintf("-%d", in.Message)
	}
	return name + ".eml"
}

// zipInputs reads the workbooks in a .zip file given on its own.
func zipInputs(base Input, data []byte, lim Limits, fn func(Input)) {
	books, _ := unzip(filepath.Base(base.Path), data, lim)
	if len(books) == 0 {
		base.Problem = problem(finding.NotXLSX, "压缩包中没有 Excel 工作簿：请直接发送填好的模板（.xlsx）")
		fn(base)
		return
	}
	for _, b := range books {
		in := base
		in.Attachment = b.Name
		in.Data = b.Data
		fn(in)
	}
}

func isZip(name string, data []byte) bool {
	return strings.EqualFold(filepath.Ext(name), ".zip") && bytes.HasPrefix(data, []byte("PK"))
}

// zipName is a zip entry's name, decoded from GB 18030 when it is not UTF-8 (as Chinese
// Windows writes them).
func zipName(f *zip.File) string {
	name := f.Name
	if f.NonUTF8 || !utf8.ValidString(name) {
		if dec, err := simplifiedchinese.GB18030.NewDecoder().String(name); err == nil {
			name = dec
		}
	}
	return strings.ReplaceAll(name, "\\", "/")
}

// unzip takes a .zip apart within the limits: its workbooks (named "包.zip › 表.xlsx") and its
// other files. Entries too large, too many, nested archives and unreadable ones are left out.
func unzip(name string, data []byte, lim Limits) (books, others []File) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, nil
	}
	const maxEntries = 200
	total := int64(0)
	for i, f := range zr.File {
		if i >= maxEntries || f.FileInfo().IsDir() {
			continue
		}
		inner := zipName(f)
		if f.UncompressedSize64 > uint64(lim.MaxFile) || total+int64(f.UncompressedSize64) > lim.MaxMail {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			continue
		}
		b, err := io.ReadAll(io.LimitReader(rc, lim.MaxFile+1))
		rc.Close()
		if err != nil || int64(len(b)) > lim.MaxFile {
			continue
		}
		total += int64(len(b))
		file := File{Name: name + " › " + path.Base(inner), Data: b}
		if spreadsheetExts[strings.ToLower(filepath.Ext(inner))] {
			books = append(books, file)
		} else {
			others = append(others, file)
		}
	}
	return books, others
}

// spreadsheetExts are the attachment names that may be meant as a return; others (images,
// PDFs, Word documents) are taken as evidence and only listed.
var spreadsheetExts = map[string]bool{".xlsx": true, ".xlsm": true, ".xls": true, ".et": true, ".ett": true, ".csv": true,
	".ods": true, ".xlsb": true, ".xltx": true, ".xlt": true, ".numbers": true}

func mayBeReturn(a mailbox.Attachment) bool {
	ext := strings.ToLower(filepath.Ext(a.Name))
	if spreadsheetExts[ext] {
		return true
	}
	ct := strings.ToLower(a.ContentType)
	if strings.Contains(ct, "spreadsheet") || strings.Contains(ct, "excel") {
		return true
	}
	if ext == "" || ext == ".dat" || ext == ".bin" {
		return bytes.HasPrefix(a.Data, []byte("PK\x03\x04")) || bytes.HasPrefix(a.Data, oleMagic)
	}
	return false
}

// looksLikeMail tells an e-mail saved without the .eml extension by its first header lines.
func looksLikeMail(data []byte) bool {
	head := data
	if len(head) > 2048 {
		head = head[:2048]
	}
	if bytes.HasPrefix(head, []byte("PK")) || bytes.HasPrefix(head, oleMagic) {
		return false
	}
	h := strings.ToLower(string(head))
	return (strings.HasPrefix(h, "from:") || strings.HasPrefix(h, "received:") || strings.HasPrefix(h, "return-path:") ||
		strings.HasPrefix(h, "message-id:") || strings.HasPrefix(h, "mime-version:") || strings.HasPrefix(h, "date:")) &&
		strings.Contains(h, "\n")
}

func (lim Limits) readTime() time.Duration {
	if lim.ReadTime > 0 {
		return lim.ReadTime
	}
	return DefaultLimits.ReadTime
}

func unreadable(err error) *finding.Finding {
	var why string
	var out *linkOutside
	switch {
	case errors.As(err, &out):
		why = fmt.Sprintf("这是指向收件文件夹以外（%s）的链接，未跟随：请把报送文件本身放入文件夹", out.target)
	case errors.Is(err, errStalled):
		why = "读取超时（可能是已断开的网络文件夹或设备文件）：请把文件复制到本机后重新运行"
	case errors.Is(err, errLinkToFolder):
		why = "这是指向文件夹的链接，未跟随（避免循环）"
	case errors.Is(err, errNotRegular):
		why = "不是普通文件（命名管道、设备等），未打开：请报送文件本身"
	case errors.Is(err, fs.ErrNotExist):
		why = "找不到该文件（或链接指向的文件不存在、链接循环）"
	case errors.Is(err, fs.ErrPermission):
		why = "没有读取权限"
	case strings.Contains(err.Error(), "too many levels of symbolic links"):
		why = "这是循环的符号链接，请检查收件文件夹"
	default:
		why = err.Error()
	}
	return problem(finding.Unreadable, "无法读取：%s", why)
}

func size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d 字节", n)
}

// readSized reads r to its end into a buffer of the size expected (the file's size on disk),
// so that reading a large file does not hold twice its bytes while the buffer grows.
func readSized(r io.Reader, size int64) ([]byte, error) {
	buf := bytes.NewBuffer(make([]byte, 0, max(size, 0)+bytes.MinRead)) // ReadFrom grows the buffer when less than MinRead is free
	_, err := buf.ReadFrom(r)
	return buf.Bytes(), err
}
