package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"plp/internal/conference/live"
	"time"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/coder/websocket"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"plp/ent"
	"plp/graph"
	"plp/graph/generated"
	"plp/internal/partner/credential"
	"plp/internal/plan/evidencestation"
	"plp/internal/platform/apperr"
	"plp/internal/platform/auth"
	"plp/internal/platform/metrics"
	"plp/internal/platform/storage"
	"plp/internal/platform/viewer"
)

// newGraphQLHandler builds the GraphQL endpoint with explicit transports,
// limits and error handling (gqlgen's NewDefaultServer is not meant for
// production). The limits are in limits.go, guard.go (before gqlgen),
// ratelimit.go and persisted.go.
func newGraphQLHandler(cfg Config, client *ent.Client, authn *auth.Service, files *storage.Store, creds *credential.Service, slots *live.Broker, log *slog.Logger, m *metrics.Metrics) http.Handler {
	resolver := &graph.Resolver{Client: client, Auth: authn, Files: files, Credentials: creds, Slots: slots, PublicURL: cfg.BaseURL(),
		StationGuesses: auth.NewRateLimiter(cfg.StationCodeRate, cfg.Now)}
	schema := generated.NewExecutableSchema(generated.Config{Resolvers: resolver})
	srv := handler.New(schema)
	srv.AddTransport(transport.Websocket{
		KeepAlivePingInterval: 10 * time.Second,
		Implementation:        websocketOrigins(cfg.CORSOrigins),
		InitFunc: func(ctx context.Context, payload transport.InitPayload) (context.Context, *transport.InitPayload, error) {
			return authenticateWebsocket(ctx, authn, payload)
		},
	})
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	// Uploads (the GraphQL multipart request spec); guardQuery lets only
	// preflighted multipart requests through.
	srv.AddTransport(transport.MultipartForm{MaxUploadSize: cfg.MaxUploadBytes, MaxMemory: min(cfg.MaxUploadBytes, 8<<20)})
	cache := lru.New[*ast.QueryDocument](1000)
	srv.SetQueryCache(cache)
	srv.SetParserTokenLimit(cfg.MaxTokens)
	srv.SetDisableSuggestion(cfg.Production)
	if !cfg.Production {
		srv.Use(extension.Introspection{})
	}
	if cfg.PersistedQueries != nil {
		srv.Use(allowList{queries: cfg.PersistedQueries})
	} else {
		srv.Use(matchingHash{})
		srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](1000)})
	}
	srv.Use(&queryShape{
		maxTokens: cfg.MaxTokens, maxAliases: cfg.MaxAliases, maxDirectives: cfg.MaxDirectives,
		maxRepeats: cfg.MaxDirectiveRepeats, maxDuplicates: cfg.MaxDuplicateFields, checked: cache,
	})
	srv.Use(queriesOnlyOverGET{})
	srv.Use(&strictInput{maxFilterTerms: cfg.MaxFilterTerms})
	srv.Use(&weightedComplexity{max: cfg.MaxComplexity, pageCost: cfg.DefaultPageCost, maxPage: cfg.MaxPageSize})
	srv.Use(transactioner{Transactioner: entgql.Transactioner{TxOpener: client, SkipTxFunc: onlySignIn}, log: log})
	// Inside the transaction: a mutation answered too large saves nothing.
	srv.AroundResponses(limitResponse(cfg.MaxResponseBytes))
	if m != nil {
		// First, so it times what every other middleware costs too.
		srv.AroundOperations(m.Operations)
	}
	srv.AroundOperations(func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		return next(resolver.WithLoaders(ctx))
	})
	srv.AroundOperations(requireSignIn(!cfg.Production))
	srv.AroundOperations(confineStations())
	srv.AroundOperations(limitDepth(cfg.MaxDepth))
	srv.AroundOperations(limitMutations(auth.NewRateLimiter(cfg.MutationRatePerAccount, cfg.Now), log))
	srv.AroundOperations(limitTime(cfg.OperationTimeout))
	srv.AroundFields(limitPageSize(cfg.MaxPageSize))
	srv.AroundResponses(redisclosureNotice)
	srv.AroundFields(noticeRetries(log))
	srv.SetErrorPresenter(presentTimeouts(graph.ErrorPresenter(log, RequestID)))
	srv.SetRecoverFunc(graph.Recover(log))
	return srv
}

// websocketOrigins lets the browser origins of the CORS allow-list open
// websockets (the websocket library accepts only same-origin ones
// otherwise, and clients that send no Origin, which are not browsers), and
// refuses messages that are not valid UTF-8, as guardQuery does requests.
func websocketOrigins(origins []string) transport.WebsocketImplementation {
	var hosts []string
	for _, o := range origins {
		if u, err := url.Parse(o); err == nil && u.Host != "" {
			hosts = append(hosts, u.Host)
		}
	}
	return utf8Websockets{transport.CoderWebsocketImplementation{AcceptOptions: websocket.AcceptOptions{OriginPatterns: hosts}}}
}

// transactioner runs each mutation in one transaction (but signIn, whose
// failures must be written even though it fails). It guards
// entgql.Transactioner, which expects an operation context that request
// errors (a body that is not JSON, say) never get, and which answers a
// transaction that cannot start or commit with the driver's error as the
// message and no code.
type transactioner struct {
	entgql.Transactioner
	log *slog.Logger
}

func (t transactioner) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	if !graphql.HasOperationContext(ctx) {
		return next(ctx)
	}
	return codedErrors(ctx, t.log, t.Transactioner.InterceptResponse(ctx, next))
}

type authErrorKey struct{}

// authenticate returns the viewer of a bearer token: a classroom evidence
// station's device token, or a person's session token.
func (s *Server) authenticate(ctx context.Context, token string) (*viewer.Viewer, error) {
	if evidencestation.IsToken(token) {
		return evidencestation.Authenticate(ctx, s.db.Client, token)
	}
	return s.Auth.Authenticate(ctx, token)
}

// withViewer reads the bearer token and puts its viewer on the context. A
// bad token is not refused here: the GraphQL layer answers it with an
// UNAUTHENTICATED error in the shape every client already handles.
func withViewer(authenticate func(context.Context, string) (*viewer.Viewer, error), next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		header := r.Header.Get("Authorization")
		if header == "" {
			next.ServeHTTP(w, r)
			return
		}
		ctx := r.Context()
		token, ok := bearer(header)
		if !ok {
			ctx = context.WithValue(ctx, authErrorKey{}, apperr.New(apperr.Unauthenticated, "Send the token as Authorization: Bearer <token>."))
		} else if v, err := authenticate(ctx, token); err != nil {
			ctx = context.WithValue(ctx, authErrorKey{}, err)
		} else {
			ctx = viewer.NewContext(ctx, v)
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func bearer(header string) (string, bool) {
	const prefix = "bearer "
	if len(header) <= len(prefix) || !equalFoldASCII(header[:len(prefix)], prefix) {
		return "", false
	}
	return header[len(prefix):], true
}

func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		ca, cb := a[i]|0x20, b[i]|0x20
		if ca != cb {
			return false
		}
	}
	return true
}

// authenticateWebsocket signs a websocket connection in from the
// Authorization entry of its connection_init payload. A refusal closes the
// connection with the graphql-transport-ws codes, so that a client can tell
// it from a normal close: 4401 for a missing, malformed, unknown or expired
// token (sign in again), 4403 for the token of a disabled account, 4500
// when the token could not be checked.
func authenticateWebsocket(ctx context.Context, authn *auth.Service, payload transport.InitPayload) (context.Context, *transport.InitPayload, error) {
	refuse := func(code int, reason string) (context.Context, *transport.InitPayload, error) {
		ctx = transport.WithWebsocketCloseCode(ctx, code)
		ctx = transport.AppendCloseReason(ctx, reason)
		return ctx, nil, errors.New(reason)
	}
	header := payload.Authorization()
	if header == "" {
		return refuse(4401, "Sign in: send Authorization: Bearer <token> in the connection_init payload.")
	}
	token, ok := bearer(header)
	if !ok {
		return refuse(4401, "Send the token as Authorization: Bearer <token>.")
	}
	v, err := authn.Authenticate(ctx, token)
	switch {
	case errors.Is(err, auth.ErrDisabled):
		return refuse(4403, "Forbidden: this account is disabled.")
	case apperr.CodeOf(err) == apperr.Unauthenticated:
		e, _ := apperr.As(err)
		return refuse(4401, "Unauthorized: "+e.Message)
	case err != nil:
		return refuse(4500, "Sign-in could not be checked: try again.")
	}
	return viewer.NewContext(ctx, v), &payload, nil
}

// publicFields can be asked for without signing in.
var publicFields = map[string]bool{"signIn": true, "requestSignInLink": true, "signInWithLink": true,
	"requestPasswordReset": true, "resetPassword": true, "acceptInvitation": true, "signInProviders": true,
	"sharedCollection": true, "__typename": true}

// requireSignIn answers UNAUTHENTICATED to any operation but sign-in (and
// introspection, outside production) from a request with no valid token.
func requireSignIn(allowIntrospection bool) graphql.OperationMiddleware {
	return func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		if viewer.FromContext(ctx) != nil {
			return next(ctx)
		}
		op := graphql.GetOperationContext(ctx).Operation
		public := op != nil && len(op.SelectionSet) > 0
		if op != nil {
			for _, sel := range op.SelectionSet {
				f, ok := sel.(*ast.Field)
				allowed := ok && (publicFields[f.Name] || (allowIntrospection && (f.Name == "__schema" || f.Name == "__type")))
				public = public && allowed
			}
		}
		if public {
			return next(ctx)
		}
		err, _ := ctx.Value(authErrorKey{}).(error)
		e, ok := apperr.As(err)
		if !ok {
			e = apperr.New(apperr.Unauthenticated, "Sign in first: call signIn and send Authorization: Bearer <token>.")
		}
		return errorResponse(e)
	}
}

// stationFields are the only root fields a station's device token may ask
// for, and only it.
var stationFields = map[string]bool{"currentStation": true, "stationUpload": true}

// confineStations lets a classroom station's device token run only its one
// job (currentStation, stationUpload), and tells anyone else asking for
// those that they are a station's. The privacy rules (rule.StationOnly)
// hold the token to the same on every path to the data; this answers
// early, with one clear message, before any resolver runs.
func confineStations() graphql.OperationMiddleware {
	return func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		op := graphql.GetOperationContext(ctx).Operation
		if op == nil {
			return next(ctx)
		}
		station := viewer.FromContext(ctx).IsStation()
		for _, name := range rootFields(op.SelectionSet, 0) {
			switch {
			case name == "__typename":
			case station && !stationFields[name]:
				return errorResponse(apperr.New(apperr.Forbidden,
					"A station's device token can only ask currentStation and stationUpload (%s is not one of them); sign in as a person for anything else.", name))
			case !station && stationFields[name]:
				return errorResponse(apperr.New(apperr.Forbidden,
					"%s is for a classroom station's device token; register a station (registerStation) and use its token.", name))
			}
		}
		return next(ctx)
	}
}

// limitDepth refuses queries nested deeper than max, before any resolver runs.
func limitDepth(max int) graphql.OperationMiddleware {
	return func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		oc := graphql.GetOperationContext(ctx)
		if oc.Operation != nil {
			if d := depth(oc.Operation.SelectionSet, oc.Doc.Fragments, 0); d > max {
				return errorResponse(apperr.New(apperr.LimitExceeded, "The query is nested %d levels deep; the limit is %d.", d, max))
			}
		}
		return next(ctx)
	}
}

// limitPageSize refuses a first or last larger than max on any connection,
// so that one request cannot ask for a whole district at once.
func limitPageSize(max int) graphql.FieldMiddleware {
	return func(ctx context.Context, next graphql.Resolver) (any, error) {
		fc := graphql.GetFieldContext(ctx)
		for _, arg := range []string{"first", "last"} {
			n, ok := fc.Args[arg].(*int)
			switch {
			case !ok || n == nil:
			case *n < 0:
				return nil, apperr.Invalid(arg, "%s must not be negative.", arg)
			case *n > max:
				return nil, &apperr.Error{Code: apperr.LimitExceeded, Field: arg,
					Message: fmt.Sprintf("%s must be at most %d; page through the rest with the cursors.", arg, max)}
			}
		}
		return next(ctx)
	}
}

func depth(set ast.SelectionSet, fragments ast.FragmentDefinitionList, seen int) int {
	if seen > 64 {
		return seen // a fragment cycle; validation rejects it anyway
	}
	deepest := seen
	for _, sel := range set {
		var d int
		switch s := sel.(type) {
		case *ast.Field:
			if len(s.SelectionSet) == 0 {
				d = seen + 1
			} else {
				d = depth(s.SelectionSet, fragments, seen+1)
			}
		case *ast.InlineFragment:
			d = depth(s.SelectionSet, fragments, seen)
		case *ast.FragmentSpread:
			if f := fragments.ForName(s.Name); f != nil {
				d = depth(f.SelectionSet, fragments, seen)
			}
		}
		deepest = max(deepest, d)
	}
	return deepest
}

func errorResponse(e *apperr.Error) graphql.ResponseHandler {
	return graphql.OneShot(&graphql.Response{Errors: gqlerror.List{{
		Message:    e.Message,
		Extensions: map[string]any{"code": string(e.Code)},
	}}})
}
