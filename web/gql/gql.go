// Package gql is the web app's GraphQL client: the operations under
// operations/, a typed client generated from them by genqlient, and the
// persisted-query allow-list written from the same documents, so that a
// server run with --persisted-queries web/gql/persisted.json runs the app
// and nothing else.
package gql

//go:generate go run github.com/Khan/genqlient genqlient.yaml
//go:generate go run ./persist operations.json persisted.json
