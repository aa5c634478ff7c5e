package gql_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"plp/server"
	"plp/web/gql/persisted"
)

// The committed allow-list is what the operations give (go generate
// ./web/gql writes both), and the server accepts it.
func TestPersistedQueriesAreTheOperations(t *testing.T) {
	exported, err := os.ReadFile("operations.json")
	if err != nil {
		t.Fatal(err)
	}
	want, err := persisted.FromOperations(exported)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("persisted.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("persisted.json is not what operations.json gives: run go generate ./web/gql")
	}
	list, err := server.LoadPersistedQueries(filepath.Join(".", "persisted.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(list) < 10 {
		t.Errorf("only %d persisted queries", len(list))
	}
}
