package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"maps"
	"path"
	"strings"
	"testing"
)

// node is an element of a parsed part, for the checks: a small tree, names as written
// ("w:p"), attributes by their written names too.
type node struct {
	name   string
	attr   map[string]string
	kids   []*node
	text   string // character data directly inside
	parent *node
}

// pkg is a written package: its parts in order, and their bytes.
type pkg struct {
	names []string
	files map[string][]byte
	heads map[string]*zip.FileHeader
}

func openPkg(t *testing.T, b []byte) *pkg {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	p := &pkg{files: map[string][]byte{}, heads: map[string]*zip.FileHeader{}}
	for _, f := range z.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if _, dup := p.files[f.Name]; dup {
			t.Fatalf("%s: twice in the package", f.Name)
		}
		p.names = append(p.names, f.Name)
		p.files[f.Name] = data
		p.heads[f.Name] = &f.FileHeader
	}
	return p
}

// parse parses a part, failing the test when it is not well-formed XML. Names keep the
// prefixes they were written with, so that the checks read like the XML.
func (p *pkg) parse(t *testing.T, name string) *node {
	t.Helper()
	data, ok := p.files[name]
	if !ok {
		t.Fatalf("%s: not in the package", name)
	}
	n, err := parseXML(data)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return n
}

func parseXML(data []byte) (*node, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	root := &node{name: "#root"}
	cur := root
	for {
		tok, err := dec.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			n := &node{name: qname(tk.Name), attr: map[string]string{}, parent: cur}
			for _, a := range tk.Attr {
				n.attr[qname(a.Name)] = a.Value
			}
			cur.kids = append(cur.kids, n)
			cur = n
		case xml.EndElement:
			if cur.name != qname(tk.Name) {
				return nil, &xml.SyntaxError{Msg: "element <" + cur.name + "> closed by </" + qname(tk.Name) + ">"}
			}
			cur = cur.parent
		case xml.CharData:
			cur.text += string(tk)
		}
	}
	if cur != root || len(root.kids) != 1 {
		return nil, &xml.SyntaxError{Msg: "not one root element"}
	}
	// RawToken does not check the names against their namespaces: do it, so that a prefix
	// used without its declaration fails
	if err := checkPrefixes(root.kids[0], map[string]bool{"xml": true}); err != nil {
		return nil, err
	}
	return root.kids[0], nil
}

func checkPrefixes(n *node, declared map[string]bool) error {
	d, copied := declared, false
	for k := range n.attr {
		if p, ok := strings.CutPrefix(k, "xmlns:"); ok {
			if !copied {
				d, copied = maps.Clone(declared), true
			}
			d[p] = true
		}
	}
	names := []string{n.name}
	for k := range n.attr {
		if !strings.HasPrefix(k, "xmlns") {
			names = append(names, k)
		}
	}
	for _, name := range names {
		if i := strings.IndexByte(name, ':'); i >= 0 && !d[name[:i]] {
			return &xml.SyntaxError{Msg: "prefix " + name[:i] + " of " + name + " is not declared"}
		}
	}
	for _, k := range n.kids {
		if err := checkPrefixes(k, d); err != nil {
			return err
		}
	}
	return nil
}

func qname(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}

// all lists the elements named name in n's subtree, in document order.
func (n *node) all(name string) []*node {
	var out []*node
	var walk func(*node)
	walk = func(m *node) {
		for _, k := range m.kids {
			if k.name == name {
				out = append(out, k)
			}
			walk(k)
		}
	}
	walk(n)
	return out
}

// child is n's first child named name, or nil.
func (n *node) child(name string) *node {
	for _, k := range n.kids {
		if k.name == name {
			return k
		}
	}
	return nil
}

// path follows children by name: n.path("w:pPr", "w:spacing").
func (n *node) path(names ...string) *node {
	cur := n
	for _, name := range names {
		if cur == nil {
			return nil
		}
		cur = cur.child(name)
	}
	return cur
}

// walk calls f for n and every element below it.
func (n *node) walk(f func(*node)) {
	f(n)
	for _, k := range n.kids {
		k.walk(f)
	}
}

// texts is the text of a paragraph or any element: w:t contents, w:br as "\n", w:tab as "\t".
func (n *node) texts() string {
	var b strings.Builder
	n.walk(func(m *node) {
		switch m.name {
		case "w:t":
			b.WriteString(m.text)
		case "w:br":
			b.WriteString("\n")
		case "w:tab":
			b.WriteString("\t")
		}
	})
	return b.String()
}

// relsFor is the relationships part of a part: word/document.xml → word/_rels/document.xml.rels.
func relsFor(part string) string {
	dir, file := path.Split(part)
	return dir + "_rels/" + file + ".rels"
}

// sourceOf is the part a relationships part belongs to ("" for the package's).
func sourceOf(rels string) string {
	dir, file := path.Split(rels)
	dir = strings.TrimSuffix(strings.TrimSuffix(dir, "/"), "_rels")
	return dir + strings.TrimSuffix(file, ".rels")
}
