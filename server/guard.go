package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"plp/internal/platform/apperr"
	"plp/internal/platform/auth"
)

// Headers that make a multipart request safe from cross-site forgery: a
// browser sends a custom header only after a CORS preflight, which an
// origin outside the allow-list fails. Either one, with any value, will do.
var preflightHeaders = []string{"GraphQL-Preflight", "Apollo-Require-Preflight"}

// guardQuery is the front door of /query. Before gqlgen sees a request it
// refuses, with a coded error and a log line, and never echoing the body:
//   - methods other than GET, POST (and OPTIONS, and websocket upgrades);
//   - POST bodies other than application/json, and multipart/form-data
//     (uploads) without a preflight header: HTML forms can send
//     form-encoded, text/plain and multipart bodies across sites without
//     asking, JSON they cannot;
//   - bodies over MaxBodyBytes (MaxUploadBytes for multipart), or slower
//     than ReadTimeout;
//   - bodies and query strings that are not valid UTF-8 (encoding/json
//     would silently store U+FFFD in their place), lone UTF-16 surrogates
//     (\ud800) included;
//   - batches (a JSON array of operations), which gqlgen does not run.
//
// It also puts the client's address on the context (per-address limits)
// and marks GET requests (no mutation over GET).
func guardQuery(cfg Config, log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Every answer is JSON, never to be sniffed as something else.
		w.Header().Set("X-Content-Type-Options", "nosniff")
		ctx := auth.WithClientAddress(r.Context(), clientAddress(r, cfg.ClientIPHeader))
		r = r.WithContext(ctx)
		refuse := func(status int, e *apperr.Error, attrs ...any) {
			logRefusal(ctx, log, e, attrs...)
			writeRefusal(w, status, e)
		}
		if isWebsocket(r) {
			// net/http clears the connection's deadlines when the upgrade
			// hijacks it, so ReadTimeout and WriteTimeout do not cut
			// websockets off (TestHTTPTimeouts).
			next.ServeHTTP(w, r)
			return
		}
		switch r.Method {
		case http.MethodOptions:
		case http.MethodGet:
			values, err := url.ParseQuery(r.URL.RawQuery)
			if err != nil {
				refuse(http.StatusBadRequest, apperr.New(apperr.BadUserInput, "The query string is not valid URL encoding."))
				return
			}
			for name, vs := range values {
				for _, v := range vs {
					if !validText([]byte(v)) {
						refuse(http.StatusBadRequest, apperr.New(apperr.BadUserInput, "The query string parameter %s is not valid UTF-8.", paramName(name)), "param", paramName(name))
						return
					}
					if name != "variables" && name != "extensions" {
						continue
					}
					if err := strictJSON([]byte(v)); err != nil {
						refuse(http.StatusBadRequest, apperr.New(apperr.BadUserInput, "The query string parameter %s is not one JSON object (%s).", name, err), "param", name)
						return
					}
				}
			}
			r = r.WithContext(context.WithValue(ctx, getRequestKey{}, true))
		case http.MethodPost:
			mediaType, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
			var e *apperr.Error
			status := http.StatusBadRequest
			switch mediaType {
			case "application/json":
				status, e = readJSONBody(w, r, cfg.MaxBodyBytes, cfg.ReadTimeout)
			case "multipart/form-data":
				status, e = checkMultipart(w, r, params["boundary"], cfg)
			default:
				status, e = http.StatusUnsupportedMediaType, apperr.New(apperr.BadUserInput,
					"Send GraphQL requests as application/json (or, for uploads, multipart/form-data with a GraphQL-Preflight: 1 header).")
			}
			if e != nil {
				refuse(status, e, "content_type", clip(mediaType, 100))
				return
			}
		default:
			w.Header().Set("Allow", "GET, POST, OPTIONS")
			refuse(http.StatusMethodNotAllowed, apperr.New(apperr.BadUserInput, "Use POST (or GET, for queries) on /query."), "method", clip(r.Method, 20))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// readJSONBody reads a JSON body into memory (gqlgen would anyway), checks
// it, and puts it back for gqlgen to read.
func readJSONBody(w http.ResponseWriter, r *http.Request, limit int64, readTimeout time.Duration) (int, *apperr.Error) {
	if r.ContentLength > limit {
		return http.StatusRequestEntityTooLarge, tooLarge(limit)
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		return readError(err, limit, readTimeout)
	}
	if !validText(body) {
		return http.StatusBadRequest, apperr.New(apperr.BadUserInput, "The request body is not valid UTF-8: send text as UTF-8, and no lone \\ud800-\\udfff escapes.")
	}
	if isBatch(body) {
		return http.StatusBadRequest, batchRefused()
	}
	if err := strictJSON(body); err != nil {
		return http.StatusBadRequest, apperr.New(apperr.BadUserInput, "The request body is not one JSON object (%s): send {\"query\": \"...\", \"variables\": {...}} and nothing else.", err)
	}
	if e := checkParams(body); e != nil {
		return http.StatusBadRequest, e
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.ContentLength = int64(len(body))
	return 0, nil
}

// checkMultipart checks a multipart (upload) request: the preflight header,
// its size, and its operations part, which it reads and then puts back in
// front of the rest of the body, untouched, for gqlgen.
func checkMultipart(w http.ResponseWriter, r *http.Request, boundary string, cfg Config) (int, *apperr.Error) {
	preflighted := false
	for _, h := range preflightHeaders {
		preflighted = preflighted || r.Header.Get(h) != ""
	}
	if !preflighted {
		return http.StatusBadRequest, apperr.New(apperr.BadUserInput,
			"Multipart requests need the header GraphQL-Preflight: 1 (or Apollo-Require-Preflight: true), so that browsers ask before sending one across sites.")
	}
	if r.ContentLength > cfg.MaxUploadBytes {
		return http.StatusRequestEntityTooLarge, tooLarge(cfg.MaxUploadBytes)
	}
	body := http.MaxBytesReader(w, r.Body, cfg.MaxUploadBytes)
	var seen bytes.Buffer
	part, err := multipart.NewReader(io.TeeReader(body, &seen), boundary).NextPart()
	if err == nil && part.FormName() == "operations" {
		ops, err := io.ReadAll(io.LimitReader(part, cfg.MaxBodyBytes+1))
		switch {
		case err != nil && !isMultipartEnd(err):
			return readError(err, cfg.MaxUploadBytes, cfg.ReadTimeout)
		case int64(len(ops)) > cfg.MaxBodyBytes:
			return http.StatusRequestEntityTooLarge, apperr.New(apperr.LimitExceeded, "The operations part is larger than %d bytes, the limit.", cfg.MaxBodyBytes)
		case !validText(ops):
			return http.StatusBadRequest, apperr.New(apperr.BadUserInput, "The operations part is not valid UTF-8.")
		case isBatch(ops):
			return http.StatusBadRequest, batchRefused()
		}
	}
	// Anything malformed is left for gqlgen's multipart transport to refuse.
	r.Body = readCloser{io.MultiReader(&seen, body), body}
	return 0, nil
}

func isMultipartEnd(err error) bool {
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
}

type readCloser struct {
	io.Reader
	io.Closer
}

func readError(err error, limit int64, readTimeout time.Duration) (int, *apperr.Error) {
	var tooBig *http.MaxBytesError
	var netErr net.Error
	switch {
	case errors.As(err, &tooBig):
		return http.StatusRequestEntityTooLarge, tooLarge(limit)
	case errors.As(err, &netErr) && netErr.Timeout():
		return http.StatusRequestTimeout, apperr.New(apperr.LimitExceeded, "The request body took longer than %s, the limit, to arrive.", readTimeout)
	}
	return http.StatusBadRequest, apperr.New(apperr.BadUserInput, "The request body could not be read.")
}

func tooLarge(limit int64) *apperr.Error {
	return apperr.New(apperr.LimitExceeded, "The request body is larger than %d bytes, the limit.", limit)
}

func batchRefused() *apperr.Error {
	return apperr.New(apperr.LimitExceeded, "Batched operations (a JSON array) are not supported: the limit is one operation per request; send each as its own request.")
}

// isBatch reports whether a JSON body is an array.
func isBatch(body []byte) bool {
	trimmed := bytes.TrimLeft(body, " \t\r\n")
	return len(trimmed) > 0 && trimmed[0] == '['
}

// validText reports whether b is valid UTF-8 with no JSON escape of a lone
// UTF-16 surrogate, which encoding/json would also turn into U+FFFD.
func validText(b []byte) bool {
	if !utf8.Valid(b) {
		return false
	}
	inString := false
	for i := 0; i < len(b); i++ {
		switch {
		case b[i] == '"':
			inString = !inString
		case b[i] == '\\' && inString && i+1 < len(b):
			if b[i+1] != 'u' {
				i++ // an escaped quote or backslash
				continue
			}
			r, ok := hex4(b, i+2)
			switch {
			case !ok:
			case r >= 0xDC00 && r <= 0xDFFF:
				return false // a low surrogate with no high one before it
			case r >= 0xD800 && r <= 0xDBFF:
				low, ok := hex4(b, i+8)
				if !ok || i+7 >= len(b) || b[i+6] != '\\' || b[i+7] != 'u' || low < 0xDC00 || low > 0xDFFF {
					return false
				}
				i += 6
			}
			i += 5
		}
	}
	return true
}

func hex4(b []byte, at int) (rune, bool) {
	if at+4 > len(b) {
		return 0, false
	}
	n, err := strconv.ParseUint(string(b[at:at+4]), 16, 32)
	return rune(n), err == nil
}

func isWebsocket(r *http.Request) bool {
	return r.Method == http.MethodGet && strings.EqualFold(r.Header.Get("Upgrade"), "websocket")
}

// paramName returns a query string parameter's name fit for a message.
func paramName(name string) string {
	switch name {
	case "query", "variables", "operationName", "extensions":
		return name
	}
	return "(other)"
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// writeRefusal answers a request refused before GraphQL: the shape of a
// GraphQL error response, with no data.
func writeRefusal(w http.ResponseWriter, status int, e *apperr.Error) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	ext := map[string]any{"code": string(e.Code)}
	if e.Field != "" {
		ext["field"] = e.Field
	}
	_ = json.NewEncoder(w).Encode(map[string]any{"errors": []map[string]any{{"message": e.Message, "extensions": ext}}})
}

// clientAddress is the address per-address limits count by: the last entry
// of the trusted proxy header when one is configured and present,
// otherwise the connection's peer. IPv6 addresses count by their /64, which
// is what one household or one school network usually holds.
func clientAddress(r *http.Request, header string) string {
	addr := ""
	if header != "" {
		if vs := r.Header.Values(header); len(vs) > 0 {
			last := vs[len(vs)-1]
			if i := strings.LastIndexByte(last, ','); i >= 0 {
				last = last[i+1:]
			}
			addr = strings.TrimSpace(last)
		}
	}
	if addr == "" {
		host, _, err := net.SplitHostPort(r.RemoteAddr)
		if err != nil {
			host = r.RemoteAddr
		}
		addr = host
	}
	ip, err := netip.ParseAddr(addr)
	if err != nil {
		return clip(addr, 64)
	}
	ip = ip.Unmap()
	if ip.Is6() {
		if p, err := ip.Prefix(64); err == nil {
			return p.String()
		}
	}
	return ip.String()
}

type getRequestKey struct{}

// queriesOnlyOverGET refuses mutations (and subscriptions) sent with GET:
// a link or an image can send a GET across sites. gqlgen refuses them too,
// but with no error code.
type queriesOnlyOverGET struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = queriesOnlyOverGET{}

func (queriesOnlyOverGET) ExtensionName() string                   { return "PLPQueriesOnlyOverGET" }
func (queriesOnlyOverGET) Validate(graphql.ExecutableSchema) error { return nil }

func (queriesOnlyOverGET) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if get, _ := ctx.Value(getRequestKey{}).(bool); get && oc.Operation != nil && oc.Operation.Operation != ast.Query {
		return refusal(apperr.New(apperr.BadUserInput, "A %s cannot be sent with GET: send it with POST, as application/json.", oc.Operation.Operation))
	}
	return nil
}

// withErrorCodes makes sure every error response from /query has an
// extensions.code, including the few gqlgen writes itself without one (a
// malformed multipart request). Only responses with an error status are
// buffered, and they are small.
func withErrorCodes(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isWebsocket(r) {
			next.ServeHTTP(w, r)
			return
		}
		cw := &codeWriter{ResponseWriter: w}
		next.ServeHTTP(cw, r)
		cw.flush()
	})
}

type codeWriter struct {
	http.ResponseWriter
	status int
	buf    bytes.Buffer
}

func (c *codeWriter) WriteHeader(status int) {
	if c.status != 0 {
		return
	}
	c.status = status
	if status < 400 {
		c.ResponseWriter.WriteHeader(status)
	}
}

func (c *codeWriter) Write(p []byte) (int, error) {
	if c.status == 0 {
		c.WriteHeader(http.StatusOK)
	}
	if c.status >= 400 {
		return c.buf.Write(p)
	}
	return c.ResponseWriter.Write(p)
}

func (c *codeWriter) Unwrap() http.ResponseWriter { return c.ResponseWriter }

func (c *codeWriter) flush() {
	if c.status < 400 {
		return
	}
	body := c.buf.Bytes()
	var doc map[string]json.RawMessage
	var errs []map[string]any
	if json.Unmarshal(body, &doc) == nil && json.Unmarshal(doc["errors"], &errs) == nil {
		changed := false
		for _, e := range errs {
			ext, _ := e["extensions"].(map[string]any)
			if _, ok := ext["code"]; ok {
				continue
			}
			if ext == nil {
				ext = map[string]any{}
			}
			ext["code"] = string(apperr.BadUserInput)
			if c.status >= 500 {
				ext["code"] = string(apperr.Internal)
			}
			e["extensions"] = ext
			changed = true
		}
		if changed {
			doc["errors"], _ = json.Marshal(errs)
			if out, err := json.Marshal(doc); err == nil {
				body = out
			}
		}
	}
	c.Header().Set("Content-Length", strconv.Itoa(len(body)))
	c.ResponseWriter.WriteHeader(c.status)
	_, _ = c.ResponseWriter.Write(body)
}

// utf8Websockets closes a websocket that sends a message that is not valid
// UTF-8 (status 1007, RFC 6455's "invalid frame payload data"), before
// gqlgen decodes it with U+FFFD in place of the bad bytes. Messages are
// small (gqlgen caps them at 1 MB).
type utf8Websockets struct {
	transport.WebsocketImplementation
}

func (u utf8Websockets) Accept(w http.ResponseWriter, r *http.Request, opts transport.WebsocketAcceptOptions) (transport.WebsocketConn, error) {
	conn, err := u.WebsocketImplementation.Accept(w, r, opts)
	if err != nil {
		return nil, err
	}
	return &utf8Conn{WebsocketConn: conn}, nil
}

var errInvalidUTF8 = errors.New("websocket message is not valid UTF-8")

type utf8Conn struct{ transport.WebsocketConn }

func (c *utf8Conn) NextReader() (int, io.Reader, error) {
	typ, r, err := c.WebsocketConn.NextReader()
	if err != nil {
		return typ, r, err
	}
	msg, err := io.ReadAll(r)
	if err != nil {
		return typ, nil, err
	}
	if !validText(msg) {
		_ = c.WriteClose(1007, "Messages must be valid UTF-8.")
		return typ, nil, errInvalidUTF8
	}
	return typ, bytes.NewReader(msg), nil
}

// SetReadLimit passes gqlgen's message size limit on.
func (c *utf8Conn) SetReadLimit(n int64) {
	if l, ok := c.WebsocketConn.(transport.WebsocketReadLimiter); ok {
		l.SetReadLimit(n)
	}
}

// SetReadDeadline passes gqlgen's ping-pong deadline on.
func (c *utf8Conn) SetReadDeadline(t time.Time) error {
	if d, ok := c.WebsocketConn.(transport.WebsocketReadDeadliner); ok {
		return d.SetReadDeadline(t)
	}
	return nil
}

// checkParams refuses a request whose parameters are not a GraphQL
// request's (the GraphQL-over-HTTP spec's 400): an object with a query
// string, unless a persisted query's hash stands for it, and variables
// and extensions that are objects.
func checkParams(body []byte) *apperr.Error {
	var p map[string]json.RawMessage
	if err := json.Unmarshal(body, &p); err != nil {
		return apperr.New(apperr.BadUserInput, "The request body must be a JSON object: {\"query\": \"...\", \"variables\": {...}}.")
	}
	kind := func(name string) byte {
		raw := bytes.TrimSpace(p[name])
		if len(raw) == 0 || string(raw) == "null" {
			return 0
		}
		return raw[0]
	}
	for _, name := range []string{"variables", "extensions"} {
		if k := kind(name); k != 0 && k != '{' {
			return apperr.Invalid(name, "%s must be a JSON object.", name)
		}
	}
	if k := kind("operationName"); k != 0 && k != '"' {
		return apperr.Invalid("operationName", "operationName must be a string.")
	}
	switch kind("query") {
	case '"':
	case 0:
		var ext map[string]any
		_ = json.Unmarshal(p["extensions"], &ext)
		if persistedHash(ext) == "" {
			return apperr.Invalid("query", "The request has no query: send {\"query\": \"...\"} (or a persisted query's extensions.persistedQuery.sha256Hash).")
		}
	default:
		return apperr.Invalid("query", "query must be a string holding the GraphQL document.")
	}
	return nil
}
