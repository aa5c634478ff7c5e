package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"plp/ent"
)

// collectTimelineNodes eager-loads what a timeline query asks of its
// nodes: entgql's field collection, pointed at edges.node (a union of
// Evidence and Reflection), turns the nested fields asked for under each
// type into one query per edge per level for the whole page, instead of
// one per item. The key the page is ordered by (occurredOn, createdAt) is
// always selected, whatever the client asked for, because cursors are made
// of it.
func collectTimelineNodes(ctx context.Context) func(*ent.EvidenceQuery, *ent.ReflectionQuery) error {
	return func(eq *ent.EvidenceQuery, rq *ent.ReflectionQuery) error {
		fc := graphql.GetFieldContext(ctx)
		if fc == nil {
			return nil
		}
		opCtx := graphql.GetOperationContext(ctx)
		for _, edges := range graphql.CollectFields(opCtx, fc.Field.Selections, nil) {
			if edges.Name != "edges" {
				continue
			}
			for _, node := range graphql.CollectFields(opCtx, edges.Selections, nil) {
				if node.Name != "node" {
					continue
				}
				if _, err := eq.CollectFields(withNode(ctx, node, "occurredOn"), "Evidence", "Node", "TimelineItem"); err != nil {
					return err
				}
				if _, err := rq.CollectFields(withNode(ctx, node, "createdAt"), "Reflection", "Node", "TimelineItem"); err != nil {
					return err
				}
			}
		}
		return nil
	}
}

// withNode returns ctx with node as the current field, and key added to
// its selections.
func withNode(ctx context.Context, node graphql.CollectedField, key string) context.Context {
	sel := make(ast.SelectionSet, 0, len(node.Selections)+1)
	sel = append(sel, node.Selections...)
	sel = append(sel, &ast.Field{Name: key, Alias: key})
	field := node
	field.Field = &ast.Field{Alias: node.Alias, Name: node.Name, Arguments: node.Arguments,
		Directives: node.Directives, SelectionSet: sel, Position: node.Position,
		Definition: node.Definition, ObjectDefinition: node.ObjectDefinition}
	field.Selections = sel
	return graphql.WithFieldContext(ctx, &graphql.FieldContext{Field: field, Object: "TimelineEdge"})
}
