package template

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
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

// fields are the identity's names and values in signing order.
func (id *Identity) fields() [][2]string {
	return [][2]string{
		{"version", strconv.Itoa(id.Version)},
		{"workspace", id.Workspace},
		{"unit", id.Unit},
		{"period", id.Period},
		{"asof", id.AsOf},
		{"due", id.Due},
		{"plan", id.Plan},
		{"rows", strings.Join(id.Rows, ",")},
	}
}

// payload is the canonical text that is signed: one "name=value" line per field, values with
// their length so that no two identities share a payload.
func (id *Identity) payload() []byte {
	var b strings.Builder
	b.WriteString("taizhang-template\n")
	for _, f := range id.fields() {
		fmt.Fprintf(&b, "%s=%d:%s\n", f[0], len(f[1]), f[1])
	}
	return []byte(b.String())
}

// Sign sets the signature with the workspace key.
func (id *Identity) Sign(key []byte) {
	id.Signature = hex.EncodeToString(mac(key, id.payload()))
}

// Verify reports whether the signature matches the fields under the key.
func (id *Identity) Verify(key []byte) bool {
	sig, err := hex.DecodeString(id.Signature)
	if err != nil {
		return false
	}
	return hmac.Equal(sig, mac(key, id.payload()))
}

func mac(key, data []byte) []byte {
	h := hmac.New(sha256.New, key)
	h.Write(data)
	return h.Sum(nil)
}

// identity sheet layout: field names in column A, values in column B, from row 1.
func (id *Identity) cells() [][2]string {
	return append(id.fields(), [2]string{"signature", id.Signature})
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
