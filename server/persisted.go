package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"plp/internal/platform/apperr"
)

// LoadPersistedQueries reads the allow-list of production: a JSON object
// from the hex SHA-256 of each query's text to the text,
//
//	{"3f9a…": "query Plan($id: ID!) { node(id: $id) { id } }"}
//
// as client build tools write it. Every hash must be the SHA-256 of its
// query, so a list that was edited by hand and went wrong fails at start-up
// rather than at the first request.
func LoadPersistedQueries(path string) (map[string]string, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read persisted queries: %w", err)
	}
	var list map[string]string
	if err := json.Unmarshal(raw, &list); err != nil {
		return nil, fmt.Errorf("read persisted queries %s: want a JSON object of sha256 to query: %w", path, err)
	}
	out := make(map[string]string, len(list))
	for hash, query := range list {
		if got := sha256Hex(query); got != strings.ToLower(hash) {
			return nil, fmt.Errorf("persisted queries %s: %s is not the SHA-256 of its query (that is %s)", path, clip(hash, 64), got)
		}
		out[strings.ToLower(hash)] = query
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("persisted queries %s: the list is empty, so no query could run", path)
	}
	return out, nil
}

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// allowList runs only the persisted queries: a request names one by the
// hash in extensions.persistedQuery.sha256Hash (the automatic persisted
// query protocol, without registration), or sends a query whose text is in
// the list. Anything else is FORBIDDEN, before it is parsed.
type allowList struct {
	queries map[string]string
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
} = allowList{}

func (allowList) ExtensionName() string                   { return "PLPPersistedQueryAllowList" }
func (allowList) Validate(graphql.ExecutableSchema) error { return nil }

func (a allowList) MutateOperationParameters(_ context.Context, p *graphql.RawParams) *gqlerror.Error {
	hash := persistedHash(p.Extensions)
	if hash == "" {
		if p.Query != "" {
			if _, ok := a.queries[sha256Hex(p.Query)]; ok {
				return nil
			}
		}
		return refusal(apperr.New(apperr.Forbidden,
			"This server runs only its persisted queries (PERSISTED_QUERY_REQUIRED): send extensions.persistedQuery.sha256Hash of a query from the client's build."))
	}
	query, ok := a.queries[strings.ToLower(hash)]
	if !ok {
		return refusal(apperr.New(apperr.Forbidden,
			"No persisted query has that sha256Hash (PERSISTED_QUERY_NOT_FOUND): this server runs only the queries of its clients' builds."))
	}
	if p.Query != "" && p.Query != query {
		return refusal(apperr.Invalid("extensions", "The query does not match extensions.persistedQuery.sha256Hash: send the hash alone, or the query's exact text."))
	}
	p.Query = query
	return nil
}

// matchingHash refuses an automatic persisted query whose text is not the
// one its hash names (gqlgen answers it with no code).
type matchingHash struct{}

func (matchingHash) ExtensionName() string                   { return "PLPMatchingPersistedHash" }
func (matchingHash) Validate(graphql.ExecutableSchema) error { return nil }

func (matchingHash) MutateOperationParameters(_ context.Context, p *graphql.RawParams) *gqlerror.Error {
	if hash := persistedHash(p.Extensions); hash != "" && p.Query != "" && sha256Hex(p.Query) != strings.ToLower(hash) {
		return refusal(apperr.Invalid("extensions", "The query does not match extensions.persistedQuery.sha256Hash: send the hex SHA-256 of the query's exact text, or leave the query out."))
	}
	return nil
}

func persistedHash(ext map[string]any) string {
	pq, _ := ext["persistedQuery"].(map[string]any)
	hash, _ := pq["sha256Hash"].(string)
	return hash
}
