// Package persisted turns genqlient's export of the web app's operations
// into the persisted-query allow-list that server.LoadPersistedQueries reads.
package persisted

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
)

// FromOperations reads genqlient's export_operations file and returns the
// allow-list: a JSON object from the hex SHA-256 of each query's text (the
// exact text the client sends) to the text, with sorted keys.
func FromOperations(exported []byte) ([]byte, error) {
	var ops struct {
		Operations []struct {
			OperationName string `json:"operationName"`
			Query         string `json:"query"`
		} `json:"operations"`
	}
	if err := json.Unmarshal(exported, &ops); err != nil {
		return nil, fmt.Errorf("read exported operations: %w", err)
	}
	if len(ops.Operations) == 0 {
		return nil, fmt.Errorf("read exported operations: there are none")
	}
	list := make(map[string]string, len(ops.Operations))
	for _, op := range ops.Operations {
		sum := sha256.Sum256([]byte(op.Query))
		list[hex.EncodeToString(sum[:])] = op.Query
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(list); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
