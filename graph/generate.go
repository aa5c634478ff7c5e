// Package graph holds the GraphQL resolvers: thin code that parses input,
// calls ent or a domain package, and leaves error mapping to the presenter.
package graph

//go:generate go run github.com/99designs/gqlgen generate
