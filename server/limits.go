package server

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"math"
	"reflect"
	"strings"
	"time"

	"github.com/99designs/gqlgen/complexity"
	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"

	"plp/internal/platform/apperr"
)

// refusedCode marks the errors this file returns before execution, so that
// gqlgen answers them as it answers a query that does not validate (422
// under application/json, 400 under application/graphql-response+json).
// The error presenter replaces it with the apperr code the error carries.
const refusedCode = "PLP_REQUEST_REFUSED"

func init() { errcode.RegisterErrorType(refusedCode, errcode.KindProtocol) }

// refusal turns e into an error gqlgen can return before execution.
func refusal(e *apperr.Error) *gqlerror.Error {
	return &gqlerror.Error{Message: e.Message, Err: e, Extensions: map[string]any{"code": refusedCode}}
}

func limitExceeded(format string, args ...any) *gqlerror.Error {
	return refusal(apperr.New(apperr.LimitExceeded, format, args...))
}

// queryShape checks the shape of a query document before gqlgen validates
// it. Validation is where floods hurt: gqlparser compares every pair of
// fields with the same response name in a selection set, so 14,000 copies
// of __typename (within the token limit) take seconds of CPU. The checks
// here are linear and refuse such documents first.
type queryShape struct {
	maxTokens, maxAliases, maxDirectives, maxRepeats, maxDuplicates int
	// checked holds documents that passed: it is gqlgen's query cache,
	// which only ever holds documents that went through this check.
	checked graphql.Cache[*ast.QueryDocument]
	schema  *ast.Schema
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
} = &queryShape{}

func (*queryShape) ExtensionName() string { return "PLPQueryShape" }

func (q *queryShape) Validate(es graphql.ExecutableSchema) error {
	q.schema = es.Schema()
	return nil
}

func (q *queryShape) MutateOperationParameters(ctx context.Context, p *graphql.RawParams) *gqlerror.Error {
	if p.Query == "" {
		return nil
	}
	if _, ok := q.checked.Get(ctx, p.Query); ok {
		return nil
	}
	doc, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: p.Query}, q.maxTokens)
	if err != nil {
		if strings.Contains(err.Error(), "exceeded token limit") {
			return limitExceeded("The query has more than %d tokens, the limit: send a smaller query.", q.maxTokens)
		}
		return nil // gqlgen parses it again and reports the syntax error
	}
	return q.check(doc)
}

// check counts aliases and directives over the whole document, as written,
// and the fields selected at each place, fragments included.
func (q *queryShape) check(doc *ast.QueryDocument) *gqlerror.Error {
	w := shapeWalker{doc: doc, q: q}
	for _, op := range doc.Operations {
		w.directives(op.Directives, "the operation")
		for _, v := range op.VariableDefinitions {
			w.directives(v.Directives, "$"+v.Variable)
		}
		var root string
		switch op.Operation {
		case ast.Mutation:
			root = typeName(q.schema.Mutation)
		case ast.Subscription:
			root = typeName(q.schema.Subscription)
		default:
			root = typeName(q.schema.Query)
		}
		w.set(op.SelectionSet, root, false)
	}
	for _, f := range doc.Fragments {
		w.directives(f.Directives, "fragment "+f.Name)
		w.set(f.SelectionSet, f.TypeCondition, false)
	}
	return w.err
}

func typeName(def *ast.Definition) string {
	if def == nil {
		return ""
	}
	return def.Name
}

type shapeWalker struct {
	doc                 *ast.QueryDocument
	q                   *queryShape
	aliases, directiveN int
	err                 *gqlerror.Error
}

// fieldType returns the type a field of parent returns, or "" when the
// schema has no such field (validation will say so).
func (w *shapeWalker) fieldType(parent, field string) string {
	if def := w.q.schema.Types[parent]; def != nil {
		if f := def.Fields.ForName(field); f != nil {
			return f.Type.Name()
		}
	}
	return ""
}

// set walks one selection set, whose fields belong to type parent, as
// written (fragments are walked where they are defined). counted says its
// duplicates were counted already, with the set it is an inline fragment of.
func (w *shapeWalker) set(set ast.SelectionSet, parent string, counted bool) {
	if w.err != nil || len(set) == 0 {
		return
	}
	if !counted {
		w.duplicates(set, parent)
	}
	for _, sel := range set {
		if w.err != nil {
			return
		}
		switch s := sel.(type) {
		case *ast.Field:
			if s.Alias != "" && s.Alias != s.Name {
				w.aliases++
				if w.q.maxAliases > 0 && w.aliases > w.q.maxAliases {
					w.err = limitExceeded("The query has more than %d aliased fields, the limit.", w.q.maxAliases)
					return
				}
			}
			w.directives(s.Directives, "field "+s.Name)
			w.set(s.SelectionSet, w.fieldType(parent, s.Name), false)
		case *ast.InlineFragment:
			w.directives(s.Directives, "an inline fragment")
			w.set(s.SelectionSet, cmp.Or(s.TypeCondition, parent), true)
		case *ast.FragmentSpread:
			w.directives(s.Directives, "..."+s.Name)
		}
	}
}

func (w *shapeWalker) directives(list ast.DirectiveList, where string) {
	if w.err != nil || len(list) == 0 {
		return
	}
	w.directiveN += len(list)
	if w.q.maxDirectives > 0 && w.directiveN > w.q.maxDirectives {
		w.err = limitExceeded("The query has more than %d directives, the limit.", w.q.maxDirectives)
		return
	}
	seen := map[string]int{}
	for _, d := range list {
		seen[d.Name]++
		if w.q.maxRepeats > 0 && seen[d.Name] > w.q.maxRepeats {
			w.err = limitExceeded("@%s appears %d times on %s; the limit is %d.", d.Name, seen[d.Name], where, w.q.maxRepeats)
			return
		}
	}
}

// duplicates counts how often each response name is selected in set, with
// the fields of its inline fragments and of the fragments it spreads, per
// type: `... on Goal { id } ... on Evidence { id }` selects two different
// fields, `id ...F` with F on the same type selects one twice. The walk
// stops at the first name over the limit, and after a fixed number of
// steps, so that nested spreads cannot make it exponential.
func (w *shapeWalker) duplicates(set ast.SelectionSet, parent string) {
	if w.q.maxDuplicates <= 0 {
		return
	}
	counts := map[string]int{}
	onStack := map[string]bool{}
	budget := 100_000
	var walk func(set ast.SelectionSet, on string) bool
	walk = func(set ast.SelectionSet, on string) bool {
		for _, sel := range set {
			if budget--; budget < 0 {
				w.err = limitExceeded("The query repeats its fragments too often to be checked; the limit is %d selections of one field in one place.", w.q.maxDuplicates)
				return false
			}
			switch s := sel.(type) {
			case *ast.Field:
				name := cmp.Or(s.Alias, s.Name)
				counts[on+"."+name]++
				if n := counts[on+"."+name]; w.q.maxDuplicates > 0 && n > w.q.maxDuplicates {
					w.err = limitExceeded("The query selects %s %d times in one place; the limit is %d.", name, n, w.q.maxDuplicates)
					return false
				}
			case *ast.InlineFragment:
				if !walk(s.SelectionSet, cmp.Or(s.TypeCondition, on)) {
					return false
				}
			case *ast.FragmentSpread:
				f := w.doc.Fragments.ForName(s.Name)
				if f == nil || onStack[s.Name] {
					continue // validation reports unknown fragments and cycles
				}
				onStack[s.Name] = true
				ok := walk(f.SelectionSet, f.TypeCondition)
				delete(onStack, s.Name)
				if !ok {
					return false
				}
			}
		}
		return true
	}
	walk(set, parent)
}

// weightedComplexity refuses operations that cost more than max, where a
// field with a list of ids (nodes) costs 1 plus its contents times the
// number of IDs, a connection (a field with first or last arguments) costs 1 plus its
// contents times the page it asks for: first or last, pageCost when it gives
// neither. A first above maxPage counts as maxPage, so that the page-size
// limit, whose message is clearer, answers it. Other fields cost 1 plus
// their contents, as gqlgen's default does.
type weightedComplexity struct {
	max, pageCost, maxPage int
	es                     graphql.ExecutableSchema
	connections            map[string]bool // "Type.field"
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = &weightedComplexity{}

func (*weightedComplexity) ExtensionName() string { return "PLPWeightedComplexity" }

func (c *weightedComplexity) Validate(es graphql.ExecutableSchema) error {
	c.es = es
	c.connections = map[string]bool{}
	for _, def := range es.Schema().Types {
		for _, f := range def.Fields {
			if f.Arguments.ForName("first") != nil || f.Arguments.ForName("last") != nil {
				c.connections[def.Name+"."+f.Name] = true
			}
		}
	}
	return nil
}

func (c *weightedComplexity) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil || c.max <= 0 {
		return nil
	}
	cost := complexity.Calculate(ctx, weighted{c.es, c}, oc.Operation, oc.Variables)
	if cost > c.max {
		return limitExceeded("The query costs %d, more than the limit of %d. A connection costs what it holds times first or last (%d when neither is given): ask for smaller pages or fewer fields.", cost, c.max, c.pageCost)
	}
	return nil
}

// flatPages are pages read whole in a constant number of SQL statements
// (package caseload: one for the rows with every figure, one for the
// total, one per nested list) and capped by their resolver (caseload's
// 500 rows). Weighed by first, the page the API documents would be
// refused: 500 rows with every field cost 12,501 against the limit of
// 5,000 (found by plp bench). They cost what a page of DefaultPageCost
// rows does, whatever first.
var flatPages = map[string]bool{"Query.caseload": true}

// weighted is the executable schema with connection costs.
type weighted struct {
	graphql.ExecutableSchema
	c *weightedComplexity
}

func (w weighted) Complexity(ctx context.Context, typeName, field string, child int, args map[string]any) (int, bool) {
	if ids, ok := args["ids"]; ok {
		// nodes(ids:): each ID costs what is selected of it.
		n := listLen(ids)
		if n > 0 && child > (math.MaxInt-1)/n {
			return math.MaxInt, true
		}
		return 1 + child*n, true
	}
	if !w.c.connections[typeName+"."+field] {
		return w.ExecutableSchema.Complexity(ctx, typeName, field, child, args)
	}
	if flatPages[typeName+"."+field] {
		return 1 + child*w.c.pageCost, true
	}
	page := max(intArg(args["first"]), intArg(args["last"]))
	if page < 0 {
		page = w.c.pageCost
	}
	page = min(page, w.c.maxPage)
	if page > 0 && child > (math.MaxInt-1)/page {
		return math.MaxInt, true
	}
	return 1 + child*page, true
}

// listLen is the length of a list argument (a single value stands for a
// list of one, as in input coercion).
func listLen(v any) int {
	if v == nil {
		return 0
	}
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.Slice || rv.Kind() == reflect.Array {
		return rv.Len()
	}
	return 1
}

// intArg reads a first or last argument; -1 when it is absent or null.
func intArg(v any) int {
	switch n := v.(type) {
	case int:
		return n
	case int32:
		return int(n)
	case int64:
		return int(min(n, math.MaxInt32))
	case float64:
		return int(min(n, math.MaxInt32))
	case json.Number:
		if i, err := n.Int64(); err == nil {
			return int(min(i, math.MaxInt32))
		}
	case *int:
		if n != nil {
			return *n
		}
	}
	return -1
}

// limitResponse answers LIMIT_EXCEEDED, with no data, instead of an answer
// whose data is larger than max bytes: a client gets a whole answer or a
// refusal, never megabytes cut off by a timeout. gqlgen has the data
// marshalled before it writes anything, so nothing has been sent yet.
func limitResponse(max int64) graphql.ResponseMiddleware {
	return func(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
		resp := next(ctx)
		if max <= 0 || resp == nil || int64(len(resp.Data)) <= max {
			return resp
		}
		e := apperr.New(apperr.LimitExceeded, "The answer is %d bytes, more than the limit of %d: ask for fewer fields or smaller pages. Nothing the operation was changing was saved.", len(resp.Data), max)
		return &graphql.Response{Errors: gqlerror.List{{Message: e.Message, Extensions: map[string]any{"code": string(e.Code)}}}}
	}
}

// limitTime puts a deadline on the context of each query and mutation, so a
// slow one stops (and its database work with it) instead of holding a
// connection. Subscriptions live as long as their client.
func limitTime(d time.Duration) graphql.OperationMiddleware {
	return func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		op := graphql.GetOperationContext(ctx).Operation
		if d <= 0 || op == nil || op.Operation == ast.Subscription {
			return next(ctx)
		}
		ctx, cancel := context.WithTimeout(context.WithValue(ctx, operationTimeoutKey{}, d), d)
		responses := next(ctx)
		answered := false
		return func(ctx context.Context) *graphql.Response {
			defer cancel()
			resp := responses(ctx)
			// gqlgen answers nothing at all (nil, the end of a stream) to an
			// operation whose context is done before it starts.
			if resp == nil && !answered {
				if e, ok := timedOut(ctx); ok {
					resp = &graphql.Response{Errors: gqlerror.List{{Message: e.Message, Extensions: map[string]any{"code": string(e.Code)}}}}
				}
			}
			answered = true
			return resp
		}
	}
}

type operationTimeoutKey struct{}

// timedOut returns the error for an operation stopped by its deadline.
func timedOut(ctx context.Context) (*apperr.Error, bool) {
	d, ok := ctx.Value(operationTimeoutKey{}).(time.Duration)
	if !ok || !errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return nil, false
	}
	return apperr.New(apperr.LimitExceeded, "The operation ran longer than %s, the limit, and was stopped; nothing it was changing was saved.", d), true
}

// presentTimeouts answers errors caused by the operation's deadline (a
// database call cut short, whatever its driver calls it) with
// LIMIT_EXCEEDED instead of INTERNAL.
func presentTimeouts(present graphql.ErrorPresenterFunc) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		if e, ok := timedOut(ctx); ok {
			if _, client := apperr.As(err); !client {
				var gqlErr *gqlerror.Error
				if errors.As(err, &gqlErr) {
					return present(ctx, &gqlerror.Error{Err: e, Message: e.Message, Path: gqlErr.Path, Locations: gqlErr.Locations})
				}
				return present(ctx, e)
			}
		}
		return present(ctx, err)
	}
}

// codedErrors gives every error of a response an extensions.code: entgql's
// Transactioner answers a transaction that cannot start or commit with
// graphql.ErrorResponse, which skips the error presenter, so its message
// (the driver's error) would reach the client as is.
func codedErrors(ctx context.Context, log *slog.Logger, resp *graphql.Response) *graphql.Response {
	if resp == nil {
		return nil
	}
	for i, e := range resp.Errors {
		if _, ok := e.Extensions["code"]; ok {
			continue
		}
		ae, ok := timedOut(ctx)
		if !ok {
			log.ErrorContext(ctx, "internal error", "err", e.Message)
			ae = apperr.New(apperr.Internal, "Something went wrong on our side; it has been logged as request %s.", RequestID(ctx))
		}
		resp.Errors[i] = &gqlerror.Error{Message: ae.Message, Path: e.Path, Extensions: map[string]any{"code": string(ae.Code)}}
	}
	return resp
}

// logRefusal logs a refusal that does not pass through the error presenter.
func logRefusal(ctx context.Context, log *slog.Logger, e *apperr.Error, attrs ...any) {
	log.InfoContext(ctx, "request refused", append([]any{"code", string(e.Code), "reason", e.Message}, attrs...)...)
}
