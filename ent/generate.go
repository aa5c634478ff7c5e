// Package ent is the generated data layer; entc.go and the schema package are ours.
package ent

//go:generate go run -mod=mod entc.go
