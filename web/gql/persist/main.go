// Command persist writes the persisted-query allow-list of the web app
// (server.LoadPersistedQueries's format: the hex SHA-256 of each query's
// text to the text) from genqlient's export of the operations:
//
//	go run ./persist operations.json persisted.json
package main

import (
	"fmt"
	"os"

	"plp/web/gql/persisted"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: persist operations.json persisted.json")
		os.Exit(2)
	}
	raw, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	out, err := persisted.FromOperations(raw)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := os.WriteFile(os.Args[2], out, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
