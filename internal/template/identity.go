package template

import (
	"fmt"
	"strconv"
	"strings"

	"taizhang/internal/seal"
)

// FormatVersion is the version of the template layout and identity: 2 has the 上期进展
// column. Intake reads every version in Versions and refuses others.
const FormatVersion = 2

// Known reports whether intake reads templates of a version.
func Known(version int) bool { return version == 1 || version == 2 }

// Identity is what a template says about itself on its very hidden sheet, signed with the
// workspace key so that a copied, edited or foreign template is recognised.
type Identity struct {
	Version   int
	Workspace string // the workspace's id
	Unit      string
	Period    string // YYYY-MM
	AsOf      string // 截至日期 YYYY-MM-DD
	Due       string // return deadline YYYY-MM-DD
	Plan      string // the plan's fingerprint
	Rows      []string
	Signature string // hex HMAC-SHA256 over the fields above
}

// Kind is the kind of identity a unit's template carries (its payload's first line is
// "taizhang-template"): never the kind of another workbook of the tool.
const Kind = "template"

// fields are the identity's names and values in signing order.
func (id *Identity) fields() []seal.Field {
	return []seal.Field{
		{Name: "version", Value: strconv.Itoa(id.Version)},
		{Name: "workspace", Value: id.Workspace},
		{Name: "unit", Value: id.Unit},
		{Name: "period", Value: id.Period},
		{Name: "asof", Value: id.AsOf},
		{Name: "due", Value: id.Due},
		{Name: "plan", Value: id.Plan},
		{Name: "rows", Value: strings.Join(id.Rows, ",")},
	}
}

// Sign sets the signature with the workspace key.
func (id *Identity) Sign(key []byte) {
	id.Signature = seal.Sign(key, Kind, id.fields())
}

// Verify reports whether the signature matches the fields under the key.
func (id *Identity) Verify(key []byte) bool {
	return seal.Verify(key, Kind, id.fields(), id.Signature)
}

// identity sheet layout: field names in column A, values in column B, from row 1.
func (id *Identity) cells() [][2]string {
	var out [][2]string
	for _, f := range id.fields() {
		out = append(out, [2]string{f.Name, f.Value})
	}
	return append(out, [2]string{"signature", id.Signature})
}

// IdentityFromCells reads an identity from name/value pairs; unknown names are ignored,
// missing ones stay empty (and the signature will not verify).
func IdentityFromCells(pairs [][2]string) (Identity, error) {
	var id Identity
	seen := map[string]bool{}
	for _, kv := range pairs {
		k, v := strings.TrimSpace(kv[0]), kv[1]
		if seen[k] {
			return id, fmt.Errorf("identity field %s twice", k)
		}
		seen[k] = true
		switch k {
		case "version":
			n, err := strconv.Atoi(v)
			if err != nil {
				return id, fmt.Errorf("identity version %q", v)
			}
			id.Version = n
		case "workspace":
			id.Workspace = v
		case "unit":
			id.Unit = v
		case "period":
			id.Period = v
		case "asof":
			id.AsOf = v
		case "due":
			id.Due = v
		case "plan":
			id.Plan = v
		case "rows":
			if v != "" {
				id.Rows = strings.Split(v, ",")
			}
		case "signature":
			id.Signature = v
		}
	}
	if !seen["signature"] || !seen["workspace"] {
		return id, fmt.Errorf("identity incomplete")
	}
	return id, nil
}
