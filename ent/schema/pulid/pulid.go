// Package pulid implements prefixed ULIDs: the primary key of every PLP
// entity and its Relay global ID.
//
// An ID reads "goal_01JD5V2K9Q8M1W3X4Y5Z6A7B8C": the prefix names the type,
// so node(id:) can find the table without a lookup, and the ULID sorts by
// creation time, so cursors follow insertion order. IDs are unique across
// types because the prefixes are.
package pulid

import (
	"crypto/rand"
	"database/sql/driver"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/oklog/ulid/v2"
)

// ID is a prefixed ULID.
type ID string

var (
	entropyMu sync.Mutex
	entropy   = ulid.Monotonic(rand.Reader, 0)
)

// New returns a new ID with the given type prefix.
func New(prefix string) ID {
	entropyMu.Lock()
	u := ulid.MustNew(ulid.Timestamp(time.Now()), entropy)
	entropyMu.Unlock()
	return ID(prefix + "_" + u.String())
}

// Prefix returns the type prefix of the ID, or "" when it has none.
func (id ID) Prefix() string {
	prefix, _, ok := strings.Cut(string(id), "_")
	if !ok {
		return ""
	}
	return prefix
}

// Valid reports whether the ID has a prefix and a well-formed ULID.
func (id ID) Valid() bool {
	prefix, rest, ok := strings.Cut(string(id), "_")
	if !ok || prefix == "" || len(rest) != ulid.EncodedSize {
		return false
	}
	_, err := ulid.ParseStrict(rest)
	return err == nil
}

// String returns the ID as text.
func (id ID) String() string { return string(id) }

// UnmarshalGQL implements graphql.Unmarshaler.
func (id *ID) UnmarshalGQL(v any) error {
	switch v := v.(type) {
	case string:
		*id = ID(v)
	case ID:
		*id = v
	default:
		return fmt.Errorf("an ID must be a string, not %T", v)
	}
	return nil
}

// MarshalGQL implements graphql.Marshaler.
func (id ID) MarshalGQL(w io.Writer) {
	_, _ = io.WriteString(w, strconv.Quote(string(id)))
}

// Scan implements sql.Scanner.
func (id *ID) Scan(src any) error {
	switch src := src.(type) {
	case nil:
		return fmt.Errorf("pulid: expected a value")
	case string:
		*id = ID(src)
	case []byte:
		*id = ID(src)
	case ID:
		*id = src
	default:
		return fmt.Errorf("pulid: unexpected type %T", src)
	}
	return nil
}

// Value implements driver.Valuer.
func (id ID) Value() (driver.Value, error) { return string(id), nil }
