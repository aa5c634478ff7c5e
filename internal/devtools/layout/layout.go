// Package layout states which way imports go between the layers of PLP,
// as data (Rules), and checks a package graph against it (Check). Its test
// runs the check on the module's own graph, read from `go list`, as part
// of `go test ./...`: an import against the arrows fails the build with the
// chain of imports that leads to it. docs/ARCHITECTURE.md quotes the table.
//
// Only the packages' own imports count, transitively; tests may import
// anything (a capability's API test drives the real server through
// internal/devtools/apitest).
package layout

import (
	"slices"
	"strings"
)

// A Rule says what a group of packages may not reach through their
// imports, direct or transitive. Patterns are import paths; one ending in
// "/..." matches the path before it and everything under it.
type Rule struct {
	// Name is what the rule keeps, as a failure names it.
	Name string
	// From are the packages the rule binds, but for those in Except.
	From, Except []string
	// Deny are the packages they may not reach.
	Deny []string
	// Only, when set, are the packages of the module they may reach (besides
	// the standard library and other modules): every other one is denied.
	Only []string
	// Standalone adds the standalone platform packages (see Standalone) to
	// Only.
	Standalone bool
}

// Module is the module path: packages outside it (the standard library,
// other modules) are not checked.
const Module = "plp"

// Capabilities are the packages that do what PLP is for, grouped by
// purpose.
var Capabilities = []string{
	"plp/internal/plan/...",
	"plp/internal/conference/...",
	"plp/internal/school/...",
	"plp/internal/partner/...",
	"plp/internal/records/...",
	"plp/internal/caseload/...",
	"plp/internal/reminders/...",
	"plp/internal/jobs/...",
}

// Platform is what every layer uses: errors, clock, viewer, database,
// storage, outbox, audit, auth, metrics.
const Platform = "plp/internal/platform/..."

// Devtools are the development tools: apitest, bench, demo, seed at scale.
const Devtools = "plp/internal/devtools/..."

// Rules are the arrows of the layout: cmd → server → web/graph →
// capabilities → ent; platform below the capabilities; ent/schema below
// everything but ent's generated code and the standalone platform packages.
var Rules = []Rule{
	{
		Name: "a capability does not import the API layers or the development tools",
		From: Capabilities,
		Deny: []string{"plp/graph/...", "plp/server/...", "plp/web/...", Devtools},
	},
	{
		Name: "graph does not import server",
		From: []string{"plp/graph/..."},
		Deny: []string{"plp/server/..."},
	},
	{
		Name:       "ent/schema imports only ent and standalone platform packages",
		From:       []string{"plp/ent/schema/..."},
		Only:       []string{"plp/ent/..."},
		Standalone: true,
	},
	{
		Name: "platform imports no capability and no development tool",
		From: []string{Platform},
		Deny: append(slices.Clone(Capabilities), Devtools),
	},
	{
		// devtools/apitest drives the real server: tools may import
		// anything, nothing but commands may import tools.
		Name:   "only commands and tests import the development tools",
		From:   []string{"plp/..."},
		Except: []string{"plp/cmd/...", Devtools},
		Deny:   []string{Devtools},
	},
	{
		// The app's pages reach data the way every other client does, so
		// privacy, limits and the audit trail are exactly the API's.
		Name:       "the web app reaches data only through GraphQL",
		From:       []string{"plp/web/..."},
		Only:       []string{"plp/web/...", "plp/ent/schema/pulid"},
		Standalone: true,
	},
}

// Standalone reports whether pkg is a standalone platform package: one
// under internal/platform none of whose imports, direct or transitive, is
// ent's generated code (plp/ent and every package under it but the
// schema's own, plp/ent/schema/...). apperr, clock and viewer are; audit,
// which writes through the ent client, is not. Only standalone packages
// may be imported by ent/schema, which the generated code itself imports
// (plp/ent/runtime): anything that reached the client from there would
// close a cycle, or pull a capability below ent.
func Standalone(g Graph, pkg string) bool {
	if !Match(Platform, pkg) {
		return false
	}
	for _, dep := range g.Deps(pkg) {
		if Match("plp/ent/...", dep) && !Match("plp/ent/schema/...", dep) {
			return false
		}
	}
	return true
}

// Match reports whether the import path pkg matches pattern.
func Match(pattern, pkg string) bool {
	if base, ok := strings.CutSuffix(pattern, "/..."); ok {
		return pkg == base || strings.HasPrefix(pkg, base+"/")
	}
	return pkg == pattern
}

func matchAny(patterns []string, pkg string) bool {
	return slices.ContainsFunc(patterns, func(p string) bool { return Match(p, pkg) })
}

// Graph is the module's packages, each with its direct imports (only the
// module's own packages need be listed).
type Graph map[string][]string

// Deps returns every package of the module that pkg imports, directly or
// transitively, sorted.
func (g Graph) Deps(pkg string) []string {
	seen := map[string]bool{}
	var walk func(string)
	walk = func(p string) {
		for _, dep := range g[p] {
			if !seen[dep] && Match(Module+"/...", dep) {
				seen[dep] = true
				walk(dep)
			}
		}
	}
	walk(pkg)
	deps := make([]string, 0, len(seen))
	for dep := range seen {
		deps = append(deps, dep)
	}
	slices.Sort(deps)
	return deps
}

// A Violation is an import chain against a rule: Chain[0] is bound by the
// rule, Chain[len-1] is what it may not reach, and each imports the next.
type Violation struct {
	Rule  string
	Chain []string
}

func (v Violation) String() string {
	return v.Rule + ": " + strings.Join(v.Chain, " → ")
}

// Check returns every violation of rules in g: for each package a rule
// binds, the shortest import chain to each package it may not reach. A
// chain stops at the first such package (what that one imports in turn is
// its own affair).
func Check(g Graph, rules []Rule) []Violation {
	pkgs := make([]string, 0, len(g))
	for p := range g {
		pkgs = append(pkgs, p)
	}
	slices.Sort(pkgs)
	var out []Violation
	for _, r := range rules {
		denied := func(p string) bool {
			if !Match(Module+"/...", p) {
				return false
			}
			if matchAny(r.Deny, p) {
				return true
			}
			if r.Only != nil || r.Standalone {
				return !matchAny(r.Only, p) && !(r.Standalone && Standalone(g, p))
			}
			return false
		}
		for _, from := range pkgs {
			if !matchAny(r.From, from) || matchAny(r.Except, from) {
				continue
			}
			for _, chain := range chains(g, from, denied) {
				out = append(out, Violation{Rule: r.Name, Chain: chain})
			}
		}
	}
	return out
}

// chains walks the imports of from breadth first and returns the shortest
// chain to each denied package it reaches, in the order reached.
func chains(g Graph, from string, denied func(string) bool) [][]string {
	parent := map[string]string{from: ""}
	queue := []string{from}
	var out [][]string
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		imports := slices.Clone(g[p])
		slices.Sort(imports)
		for _, dep := range imports {
			if _, seen := parent[dep]; seen || !Match(Module+"/...", dep) {
				continue
			}
			parent[dep] = p
			if denied(dep) {
				chain := []string{dep}
				for q := p; q != ""; q = parent[q] {
					chain = append(chain, q)
				}
				slices.Reverse(chain)
				out = append(out, chain)
				continue
			}
			queue = append(queue, dep)
		}
	}
	return out
}
