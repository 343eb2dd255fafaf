package review

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"taizhang/internal/intake"
	"taizhang/internal/seal"
)

// Kind is the kind of the review workbook's identity: its payload starts "taizhang-review",
// so a unit template's identity never verifies as a review workbook's, nor the other way.
const Kind = "review"

// Version is the version of the layout and identity.
const Version = 1

// Identity is what a review workbook says about itself on its very hidden sheet, signed with
// the workspace key.
type Identity struct {
	Version   int
	Workspace string // the workspace's id
	Period    string // YYYY-MM
	AsOf      string // 截至日期 YYYY-MM-DD
	Plan      string // the plan's fingerprint
	Rows      []string
	// Sealed are, by row key, short digests of the row's locked cells (Locked order): a
	// changed reference cell is found without keeping its text twice.
	Sealed    map[string][]string
	Signature string
}

// sealedPrefix names a row's field of digests: "cells 3.1".
const sealedPrefix = "cells "

func (id *Identity) fields() []seal.Field {
	fs := []seal.Field{
		{Name: "kind", Value: Kind},
		{Name: "version", Value: strconv.Itoa(id.Version)},
		{Name: "workspace", Value: id.Workspace},
		{Name: "period", Value: id.Period},
		{Name: "asof", Value: id.AsOf},
		{Name: "plan", Value: id.Plan},
		{Name: "rows", Value: strings.Join(id.Rows, ",")},
	}
	for _, k := range id.Rows {
		fs = append(fs, seal.Field{Name: sealedPrefix + k, Value: strings.Join(id.Sealed[k], ",")})
	}
	return fs
}

// Sign sets the signature with the workspace key.
func (id *Identity) Sign(key []byte) { id.Signature = seal.Sign(key, Kind, id.fields()) }

// Verify reports whether the signature matches under the key.
func (id *Identity) Verify(key []byte) bool { return seal.Verify(key, Kind, id.fields(), id.Signature) }

// Cells are the identity sheet's name/value pairs, in order (column A and B from row 1).
func (id *Identity) Cells() [][2]string {
	var out [][2]string
	for _, f := range id.fields() {
		out = append(out, [2]string{f.Name, f.Value})
	}
	return append(out, [2]string{"signature", id.Signature})
}

// identityFrom reads an identity from the sheet's pairs; what is not a review workbook's
// identity, or is incomplete, is an error.
func identityFrom(pairs [][2]string) (Identity, error) {
	var id Identity
	m, err := seal.Pairs(pairs)
	if err != nil {
		return id, err
	}
	if m["kind"] != Kind {
		return id, fmt.Errorf("identity of kind %q", m["kind"])
	}
	if id.Version, err = strconv.Atoi(m["version"]); err != nil {
		return id, fmt.Errorf("identity version %q", m["version"])
	}
	id.Workspace, id.Period, id.AsOf, id.Plan, id.Signature = m["workspace"], m["period"], m["asof"], m["plan"], m["signature"]
	if v := m["rows"]; v != "" {
		id.Rows = strings.Split(v, ",")
	}
	id.Sealed = map[string][]string{}
	for _, k := range id.Rows {
		v, ok := m[sealedPrefix+k]
		if !ok {
			return id, fmt.Errorf("identity has no cells of row %s", k)
		}
		id.Sealed[k] = strings.Split(v, ",")
	}
	return id, nil
}

// sealOf is a locked cell's short digest, 12 hex digits, of its text as it is read back
// (intake.CellText: what a reader sees; a spreadsheet program may write CR LF).
func sealOf(text string) string {
	text = strings.TrimSpace(strings.ReplaceAll(intake.Printable(text), "\r\n", "\n"))
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:6])
}
