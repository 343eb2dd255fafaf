// Package seal signs and verifies the identities the tool writes into its own workbooks — a
// unit's template, the office's review workbook — so that a copied, edited or foreign one is
// recognised. An identity is a kind and a list of name/value fields; the signed payload is one
// "taizhang-KIND" line, then one "name=len:value" line per field (values with their length, so
// that no two identities share a payload), and the signature its HMAC-SHA256 under the
// workspace key, in hex. Identities of different kinds never verify as each other.
//
// It imports nothing of taizhang.
package seal

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
)

// Field is one name and value of an identity.
type Field struct{ Name, Value string }

// Payload is the canonical text that is signed.
func Payload(kind string, fields []Field) []byte {
	var b strings.Builder
	b.WriteString("taizhang-" + kind + "\n")
	for _, f := range fields {
		fmt.Fprintf(&b, "%s=%d:%s\n", f.Name, len(f.Value), f.Value)
	}
	return []byte(b.String())
}

// Sign is the hex signature of an identity under the key.
func Sign(key []byte, kind string, fields []Field) string {
	return hex.EncodeToString(mac(key, Payload(kind, fields)))
}

// Verify reports whether a hex signature matches the identity under the key.
func Verify(key []byte, kind string, fields []Field, signature string) bool {
	sig, err := hex.DecodeString(signature)
	if err != nil {
		return false
	}
	return hmac.Equal(sig, mac(key, Payload(kind, fields)))
}

func mac(key, data []byte) []byte {
	h := hmac.New(sha256.New, key)
	h.Write(data)
	return h.Sum(nil)
}

// Pairs reads the name/value pairs of an identity sheet (names trimmed) into a map; a name
// given twice is an error (an edited identity), and so are pairs without the signature.
func Pairs(pairs [][2]string) (map[string]string, error) {
	out := map[string]string{}
	for _, kv := range pairs {
		k := strings.TrimSpace(kv[0])
		if _, dup := out[k]; dup {
			return out, fmt.Errorf("identity field %s twice", k)
		}
		out[k] = kv[1]
	}
	if _, ok := out["signature"]; !ok {
		return out, fmt.Errorf("identity incomplete")
	}
	return out, nil
}
