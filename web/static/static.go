// Package static holds the app's few static files (htmx, the stylesheet,
// the upload progress script: every .js and .css file here),
// embedded in the binary and served at names that carry a hash of their
// content, so a browser may keep each for a year: a new file is a new name.
package static

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

//go:embed *.js *.css
var files embed.FS

type file struct {
	body        []byte
	contentType string
}

var (
	byHashed = map[string]file{}
	hashed   = map[string]string{}
)

func init() {
	names, err := fs.Glob(files, "*")
	if err != nil {
		panic(err)
	}
	for _, name := range names {
		body, err := files.ReadFile(name)
		if err != nil {
			panic(err)
		}
		sum := sha256.Sum256(body)
		ext := path.Ext(name)
		h := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:6]) + ext
		hashed[name] = h
		ct := mime.TypeByExtension(ext)
		if ext == ".js" {
			ct = "text/javascript; charset=utf-8"
		}
		byHashed[h] = file{body: body, contentType: ct}
	}
}

// Prefix is where the files are served.
const Prefix = "/static/"

// URL is the address of a file by its plain name ("app.css").
func URL(name string) string { return Prefix + hashed[name] }

// Handler serves the files at their hashed names under Prefix.
func Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, ok := byHashed[strings.TrimPrefix(r.URL.Path, Prefix)]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", f.contentType)
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(f.body))
	})
}
