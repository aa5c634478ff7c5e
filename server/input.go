package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"plp/internal/platform/apperr"
)

// strictInput checks every input value of an operation, its variables and
// the literals written in the document alike, after gqlgen has validated
// the document and before any resolver runs, so that bad input is the
// client's error (BAD_USER_INPUT) on both databases, and never reaches SQL:
//   - variables are coerced as the GraphQL specification says, not as
//     leniently as gqlparser does: a String is a JSON string (not a
//     number), an Int a JSON integer within 32 bits (not "10", not 1.5), a
//     Float a number, a Boolean true or false, an enum value exactly one of
//     its names (case and all);
//   - text holds no control character but tab, line feed and carriage
//     return (PostgreSQL refuses NUL, SQLite would store it);
//   - an input does not set a field and clear it (why and clearWhy) at once;
//   - a filter has no empty not, and or or entry (which means nothing), and
//     at most maxFilterTerms terms (LIMIT_EXCEEDED): SQLite refuses deep
//     expression trees, and every term is work for the database.
type strictInput struct {
	maxFilterTerms int
	schema         *ast.Schema
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = &strictInput{}

func (*strictInput) ExtensionName() string { return "PLPStrictInput" }

func (s *strictInput) Validate(es graphql.ExecutableSchema) error {
	s.schema = es.Schema()
	return nil
}

func (s *strictInput) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	w := inputWalker{schema: s.schema, max: s.maxFilterTerms}
	for _, def := range oc.Operation.VariableDefinitions {
		if v, ok := oc.Variables[def.Variable]; ok {
			w.variable(def.Type, v, "$"+def.Variable, 0)
		}
	}
	w.selections(oc.Operation.SelectionSet)
	for _, f := range oc.Doc.Fragments {
		w.selections(f.SelectionSet)
	}
	if w.err != nil {
		return refusal(w.err)
	}
	return nil
}

type inputWalker struct {
	schema *ast.Schema
	max    int
	terms  int
	err    *apperr.Error
}

// variable checks a variable's value v of type typ; name is the input
// field (or $variable) it is the value of; where is how deep inside a
// filter it is (0: not in one).
func (w *inputWalker) variable(typ *ast.Type, v any, name string, where int) {
	if w.err != nil || v == nil {
		return
	}
	if typ.Elem != nil {
		list, ok := v.([]any)
		if !ok {
			w.variable(typ.Elem, v, name, where) // a single value stands for a list of one
			return
		}
		for _, e := range list {
			w.filterTerm(where)
			w.variable(typ.Elem, e, name, where)
		}
		return
	}
	def := w.schema.Types[typ.NamedType]
	if def == nil {
		return
	}
	switch def.Kind {
	case ast.Enum:
		s, ok := v.(string)
		if !ok {
			w.fail(name, "%s must be one of %s, as a string.", name, enumNames(def))
			return
		}
		w.enum(def, s, name)
	case ast.Scalar:
		w.scalar(typ.NamedType, v, name)
	case ast.InputObject:
		m, ok := v.(map[string]any)
		if !ok {
			return // gqlparser refuses it
		}
		if isFilter(def) {
			where++
		}
		present := 0
		for _, f := range def.Fields {
			fv, ok := m[f.Name]
			if !ok || fv == nil {
				continue
			}
			present++
			w.filterTerm(where)
			w.variable(f.Type, fv, f.Name, where)
		}
		w.object(def, where, present, func(field string) (any, bool) {
			v, ok := m[field]
			return v, ok && v != nil
		})
	}
}

// scalar checks a variable's value of a scalar type as the specification
// coerces input (gqlgen decodes JSON numbers as json.Number).
func (w *inputWalker) scalar(typ string, v any, name string) {
	switch typ {
	case "String":
		s, ok := v.(string)
		if !ok {
			w.fail(name, "%s must be a string (in quotes); %s is not one.", name, describe(v))
			return
		}
		w.text(s, name)
	case "ID":
		switch id := v.(type) {
		case string:
			w.text(id, name)
		case json.Number, int64, int:
		default:
			w.fail(name, "%s must be an ID: a string (or an integer); %s is not one.", name, describe(v))
		}
	case "Int":
		var n int64
		switch i := v.(type) {
		case json.Number:
			var err error
			if n, err = i.Int64(); err != nil {
				if f, ferr := i.Float64(); ferr == nil && f == math.Trunc(f) && !math.IsInf(f, 0) {
					n = int64(max(min(f, math.MaxInt64), math.MinInt64))
				} else {
					w.fail(name, "%s must be a whole number (an Int); %s is not one.", name, clip(i.String(), 40))
					return
				}
			}
		case int64:
			n = i
		case int:
			n = int64(i)
		default:
			w.fail(name, "%s must be a whole number (an Int), not in quotes; %s is not one.", name, describe(v))
			return
		}
		if n < math.MinInt32 || n > math.MaxInt32 {
			w.fail(name, "%s is %d, outside the range of an Int (%d to %d).", name, n, math.MinInt32, math.MaxInt32)
		}
	case "Float":
		switch f := v.(type) {
		case json.Number, float64, float32, int64, int:
		default:
			w.fail(name, "%s must be a number (a Float), not in quotes; %s is not one.", name, describe(f))
		}
	case "Boolean":
		if _, ok := v.(bool); !ok {
			w.fail(name, "%s must be true or false; %s is not.", name, describe(v))
		}
	default:
		// PLP's own scalars (Time, Cursor, Upload) decode themselves and
		// refuse what they cannot read; their text is still text.
		if s, ok := v.(string); ok {
			w.text(s, name)
		}
	}
}

func (w *inputWalker) enum(def *ast.Definition, s, name string) {
	for _, ev := range def.EnumValues {
		if ev.Name == s {
			return
		}
	}
	for _, ev := range def.EnumValues {
		if strings.EqualFold(ev.Name, s) {
			w.fail(name, "%s is not a %s: enum values are case-sensitive, send %s.", clip(s, 40), def.Name, ev.Name)
			return
		}
	}
	w.fail(name, "%s is not a %s: use one of %s.", clip(s, 40), def.Name, enumNames(def))
}

// object checks what concerns an input object as a whole: a field set and
// cleared at once, and an empty filter inside another.
func (w *inputWalker) object(def *ast.Definition, where, present int, get func(string) (any, bool)) {
	if w.err != nil {
		return
	}
	if isFilter(def) && where > 1 && present == 0 {
		w.fail("where", "A filter has an empty entry (not: {}, and: [{}] or or: [{}]): give each entry a condition, or leave it out.")
		return
	}
	for _, f := range def.Fields {
		field, ok := strings.CutPrefix(f.Name, "clear")
		if !ok || field == "" {
			continue
		}
		if v, set := get(f.Name); !set || !isTrue(v) {
			continue
		}
		field = strings.ToLower(field[:1]) + field[1:]
		for _, name := range []string{field, field + "ID"} {
			if def.Fields.ForName(name) == nil {
				continue
			}
			if _, set := get(name); set {
				w.fail(name, "%s and %s cannot both be given: set %s, or clear it, not both.", name, f.Name, name)
				return
			}
		}
	}
}

func isTrue(v any) bool {
	switch b := v.(type) {
	case bool:
		return b
	case *ast.Value:
		return b.Kind == ast.BooleanValue && b.Raw == "true"
	}
	return false
}

// isFilter reports whether def is one of entgql's filter inputs.
func isFilter(def *ast.Definition) bool { return strings.HasSuffix(def.Name, "WhereInput") }

func (w *inputWalker) filterTerm(where int) {
	if where == 0 || w.err != nil {
		return
	}
	w.terms++
	if w.max > 0 && w.terms > w.max {
		w.err = &apperr.Error{Code: apperr.LimitExceeded, Field: "where",
			Message: fmt.Sprintf("The filter has more than %d terms (fields, list entries and not/and/or entries), the limit: filter in fewer steps.", w.max)}
	}
}

// text refuses control characters other than tab, line feed and carriage
// return, anywhere in the text.
func (w *inputWalker) text(s, name string) {
	if w.err != nil {
		return
	}
	if r, ok := controlChar(s); ok {
		w.fail(name, "%s holds the control character U+%04X: text may hold tabs and line breaks, but no other control character.", name, r)
	}
}

// controlChar returns the first control character of s other than tab,
// line feed and carriage return (C0, DEL, C1).
func controlChar(s string) (rune, bool) {
	for _, r := range s {
		if (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || (r >= 0x7F && r <= 0x9F) {
			return r, true
		}
	}
	return 0, false
}

func (w *inputWalker) fail(field, format string, args ...any) {
	if w.err == nil {
		w.err = &apperr.Error{Code: apperr.BadUserInput, Field: strings.TrimPrefix(field, "$"), Message: fmt.Sprintf(format, args...)}
	}
}

// selections walks the arguments written in a selection set (fields' and
// directives'), whose values validation has typed.
func (w *inputWalker) selections(set ast.SelectionSet) {
	for _, sel := range set {
		if w.err != nil {
			return
		}
		switch s := sel.(type) {
		case *ast.Field:
			for _, a := range s.Arguments {
				w.literal(a.Value, a.Name, 0)
			}
			w.directives(s.Directives)
			w.selections(s.SelectionSet)
		case *ast.InlineFragment:
			w.directives(s.Directives)
			w.selections(s.SelectionSet)
		case *ast.FragmentSpread:
			w.directives(s.Directives)
		}
	}
}

func (w *inputWalker) directives(list ast.DirectiveList) {
	for _, d := range list {
		for _, a := range d.Arguments {
			w.literal(a.Value, a.Name, 0)
		}
	}
}

// literal checks a value written in the document; variables in it were
// checked with the variables.
func (w *inputWalker) literal(v *ast.Value, name string, where int) {
	if w.err != nil || v == nil {
		return
	}
	switch v.Kind {
	case ast.StringValue, ast.BlockValue:
		w.text(v.Raw, name)
	case ast.IntValue:
		if v.ExpectedType != nil && v.ExpectedType.Name() == "Int" {
			w.scalar("Int", json.Number(v.Raw), name)
		}
	case ast.ListValue:
		for _, c := range v.Children {
			w.filterTerm(where)
			w.literal(c.Value, name, where)
		}
	case ast.ObjectValue:
		def := v.Definition
		if def != nil && isFilter(def) {
			where++
		}
		present := 0
		for _, c := range v.Children {
			if c.Value == nil || c.Value.Kind == ast.NullValue {
				continue
			}
			present++
			w.filterTerm(where)
			w.literal(c.Value, c.Name, where)
		}
		if def != nil {
			w.object(def, where, present, func(field string) (any, bool) {
				c := v.Children.ForName(field)
				return c, c != nil && c.Kind != ast.NullValue
			})
		}
	}
}

func enumNames(def *ast.Definition) string {
	names := make([]string, 0, len(def.EnumValues))
	for _, ev := range def.EnumValues {
		names = append(names, ev.Name)
	}
	return strings.Join(names, ", ")
}

// describe names the JSON kind of a value, for a message; it never repeats
// the value, which may be a student's data.
func describe(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case json.Number, float64, float32, int, int64:
		return "a number"
	case bool:
		return "a boolean"
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return "that value"
}

// strictJSON checks that body is exactly one JSON value, with no
// duplicate keys in any object: encoding/json takes the last of two
// "query" keys and ignores what follows the value, so a proxy or a
// firewall that reads the body another way would see another request.
func strictJSON(body []byte) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := jsonValue(dec); err != nil {
		return err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errors.New("something follows the JSON value")
	}
	return nil
}

func jsonValue(dec *json.Decoder) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	switch tok {
	case json.Delim('{'):
		keys := map[string]bool{}
		for dec.More() {
			k, err := dec.Token()
			if err != nil {
				return err
			}
			key, _ := k.(string)
			if keys[key] {
				return fmt.Errorf("the key %q appears twice in one object", clip(key, 40))
			}
			keys[key] = true
			if err := jsonValue(dec); err != nil {
				return err
			}
		}
		_, err = dec.Token()
	case json.Delim('['):
		for dec.More() {
			if err := jsonValue(dec); err != nil {
				return err
			}
		}
		_, err = dec.Token()
	}
	return err
}

// plainPaths refuses, on every route, a path or query string that holds a
// control character (a NUL in /unsubscribe/%00 was a 500 on PostgreSQL).
func (s *Server) plainPaths(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		bad := !utf8.ValidString(r.URL.Path)
		if _, ok := controlChar(r.URL.Path); ok {
			bad = true
		}
		for _, vs := range r.URL.Query() {
			for _, v := range vs {
				if _, ok := controlChar(v); ok {
					bad = true
				}
			}
		}
		if bad {
			s.writeError(w, r, apperr.New(apperr.BadUserInput, "The address holds a control character or is not UTF-8: check the link."))
			return
		}
		next.ServeHTTP(w, r)
	})
}
