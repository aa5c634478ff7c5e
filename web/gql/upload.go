package gql

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"reflect"
	"strings"

	"github.com/Khan/genqlient/graphql"
)

// Upload is the value of a variable of the schema's Upload scalar: a file
// sent by the GraphQL multipart request spec. genqlient writes it as null
// in the operation's JSON, as the spec wants; uploading (the client
// Client returns) finds it among the variables and InProcess sends its
// bytes as a part mapped onto that variable. So an upload runs the same
// operation, with the same checks, as any client's.
type Upload struct {
	// Name is the file's name as the person's device gave it.
	Name string
	// Body is read once, to its end, while the operation runs.
	Body io.Reader
}

// MarshalJSON writes null: the file travels in its own part.
func (Upload) MarshalJSON() ([]byte, error) { return []byte("null"), nil }

// UnmarshalJSON accepts the null the server echoes nowhere; it exists so
// genqlient's generated code compiles for either direction.
func (*Upload) UnmarshalJSON([]byte) error { return nil }

type filesKey struct{}

// file is one Upload and the variable it fills ("variables.file").
type file struct {
	path string
	up   Upload
}

// uploading finds the Upload variables of an operation and hands them to
// the transport on the context.
type uploading struct{ next graphql.Client }

func (c uploading) MakeRequest(ctx context.Context, req *graphql.Request, resp *graphql.Response) error {
	if files := uploadsIn(req.Variables); len(files) > 0 {
		ctx = context.WithValue(ctx, filesKey{}, files)
	}
	return c.next.MakeRequest(ctx, req, resp)
}

// uploadsIn returns the top-level variables of type Upload (genqlient's
// variables are a struct with one field per variable, named by its json
// tag).
func uploadsIn(vars any) []file {
	v := reflect.ValueOf(vars)
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return nil
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return nil
	}
	var files []file
	for i := 0; i < v.NumField(); i++ {
		f := v.Type().Field(i)
		up, ok := v.Field(i).Interface().(Upload)
		if !ok || !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" {
			name = f.Name
		}
		files = append(files, file{path: "variables." + name, up: up})
	}
	return files
}

// asMultipart turns a JSON operation carrying uploads into the multipart
// request the spec describes: the operation, the map of parts onto
// variables, then each file, streamed (the handler reads it as it is
// written). The header GraphQL-Preflight marks it as no cross-site form.
// It returns a func to call once the handler has answered.
func asMultipart(req *http.Request, files []file) (func(), error) {
	ops, err := io.ReadAll(req.Body)
	if err != nil {
		return nil, err
	}
	m := map[string][]string{}
	for i, f := range files {
		m[fmt.Sprint(i)] = []string{f.path}
	}
	mapping, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		pw.CloseWithError(writeParts(mw, ops, mapping, files))
	}()
	req.Body = pr
	req.ContentLength = -1
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("GraphQL-Preflight", "1")
	// A handler that stops reading (a refusal) must not leave the writer
	// waiting.
	return func() { pr.CloseWithError(io.ErrClosedPipe) }, nil
}

func writeParts(mw *multipart.Writer, ops, mapping []byte, files []file) error {
	if err := mw.WriteField("operations", string(ops)); err != nil {
		return err
	}
	if err := mw.WriteField("map", string(mapping)); err != nil {
		return err
	}
	for i, f := range files {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="%d"; filename=%q`, i, safeName(f.up.Name)))
		h.Set("Content-Type", "application/octet-stream")
		part, err := mw.CreatePart(h)
		if err != nil {
			return err
		}
		if f.up.Body != nil {
			if _, err := io.Copy(part, f.up.Body); err != nil {
				return err
			}
		}
	}
	return mw.Close()
}

// safeName keeps a file name to one line without quotes, for its header.
func safeName(name string) string {
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == '"' || r == '\\' || r == 0x7f {
			return '_'
		}
		return r
	}, name)
	if name == "" {
		name = "file"
	}
	return name
}
