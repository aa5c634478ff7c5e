// Package storage keeps uploaded files (evidence, cover images, resource
// files) in a gocloud.dev/blob
// bucket: a directory by default (file:///abs/path), or any bucket URL the
// linked drivers take (drivers.go). Files are stored by content: the key is derived from
// the SHA-256 of the bytes, so identical files are stored once and a key
// can be shared by several rows. Each upload is checked on the way in: its
// type is sniffed from its bytes (never taken from the client's name or
// content type) and must be one the evidence kind allows, and its size must
// be within the limit. An upload that fails for any reason leaves nothing
// in the bucket. A file is deleted when no row refers to it any more; the
// rows that may are declared by the capabilities that own them (Holder).
package storage

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strings"
	"sync"

	"gocloud.dev/blob"
	"gocloud.dev/gcerrors"

	"plp/internal/platform/apperr"
)

// ErrNotFound is returned by Open for a key with no stored file.
var ErrNotFound = errors.New("storage: no file with that key")

// Store keeps files in a bucket. Its zero value is not usable; see New and
// OpenURL.
type Store struct {
	// MaxBytes is the largest file an upload may store (Limits.MaxBytes of
	// the callers that use the store's default); zero is no limit.
	MaxBytes int64

	url     string
	holders []Holder // what refers to stored files (see Release)

	mu     sync.Mutex
	bucket *blob.Bucket
}

// New returns a store over an open bucket, whose files the holders may
// refer to (see Release).
func New(b *blob.Bucket, holders ...Holder) *Store { return &Store{bucket: b, holders: holders} }

// OpenURL returns a store over the bucket at url, opened on first use (so
// a server that never stores a file never touches it, and a bucket that
// cannot be opened yet is tried again on the next use), whose files the
// holders may refer to (see Release).
func OpenURL(url string, holders ...Holder) *Store { return &Store{url: url, holders: holders} }

// DirURL is the bucket URL of a local directory, created when first used.
func DirURL(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		abs = dir
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs), RawQuery: "create_dir=1"}
	if !strings.HasPrefix(u.Path, "/") {
		u.Path = "/" + u.Path
	}
	return u.String()
}

// Bucket returns the store's bucket, opening it if needed.
func (s *Store) Bucket(ctx context.Context) (*blob.Bucket, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.bucket != nil {
		return s.bucket, nil
	}
	b, err := blob.OpenBucket(ctx, s.url)
	if err != nil {
		return nil, fmt.Errorf("open file storage %s: %w", redact(s.url), err)
	}
	s.bucket = b
	return b, nil
}

// redact drops what a bucket URL may hold of credentials.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	u.User = nil
	u.RawQuery = ""
	return u.String()
}

// Close closes the bucket, if it was opened.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.bucket == nil {
		return nil
	}
	err := s.bucket.Close()
	s.bucket = nil
	return err
}

// Limits bound one upload.
type Limits struct {
	// MaxBytes is the largest file accepted; zero is no limit.
	MaxBytes int64
	// Types are the media types accepted (see TypesFor); a file of any
	// other type is refused. Empty refuses every file.
	Types []string
}

// Stored describes a stored file.
type Stored struct {
	Key         string // storage key: "sha256/<hex>"
	ContentType string // sniffed from the bytes
	Size        int64  // bytes
	SHA256      string // lower-case hex
}

// KeyPrefix starts the keys of stored files; temporary keys of uploads in
// progress start with TempPrefix.
const (
	KeyPrefix  = "sha256/"
	TempPrefix = "tmp/"
)

// Put stores what r yields. It sniffs the type from the first bytes and
// refuses a type not in limits.Types (BAD_USER_INPUT on field "file")
// before writing anything, then streams the rest to a temporary key while
// hashing and counting it, reads at most MaxBytes+1 bytes (LIMIT_EXCEEDED
// beyond MaxBytes), and only when all of it arrived moves it to its
// content-addressed key. On any error nothing is left in the bucket.
// declaredName, the client's file name, is used in messages only.
func (s *Store) Put(ctx context.Context, r io.Reader, declaredName string, limits Limits) (Stored, error) {
	b, err := s.Bucket(ctx)
	if err != nil {
		return Stored{}, err
	}
	src := &errReader{r: r}
	head := make([]byte, SniffLen)
	n, err := io.ReadFull(src, head)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		return Stored{}, readError(err)
	}
	head = head[:n]
	if n == 0 {
		return Stored{}, apperr.Invalid("file", "The file %s is empty.", quoteName(declaredName))
	}
	sniffed := Sniff(head)
	ct, ok := accept(sniffed, limits.Types)
	if !ok {
		return Stored{}, apperr.Invalid("file", "The file %s is %s, which is not accepted here; accepted types: %s.",
			quoteName(declaredName), describeType(sniffed), strings.Join(limits.Types, ", "))
	}
	if limits.MaxBytes > 0 && int64(n) > limits.MaxBytes {
		return Stored{}, tooLarge(limits.MaxBytes)
	}

	tmp := TempPrefix + randomHex()
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	w, err := b.NewWriter(wctx, tmp, &blob.WriterOptions{ContentType: ct, DisableContentTypeDetection: true})
	if err != nil {
		return Stored{}, fmt.Errorf("store file: %w", err)
	}
	// abort drops the temporary blob: cancelling the writer's context
	// before Close aborts the write, and the delete covers drivers that
	// wrote something anyway.
	abort := func(cause error) (Stored, error) {
		cancel()
		_ = w.Close()
		s.deleteQuietly(context.WithoutCancel(ctx), b, tmp)
		return Stored{}, cause
	}
	var body io.Reader = io.MultiReader(bytes.NewReader(head), src)
	if limits.MaxBytes > 0 {
		body = io.LimitReader(body, limits.MaxBytes+1)
	}
	h := sha256.New()
	size, err := io.Copy(w, io.TeeReader(body, h))
	switch {
	case src.err != nil && !errors.Is(src.err, io.EOF):
		return abort(readError(src.err))
	case err != nil:
		return abort(fmt.Errorf("store file: %w", err))
	case limits.MaxBytes > 0 && size > limits.MaxBytes:
		return abort(tooLarge(limits.MaxBytes))
	}
	if err := w.Close(); err != nil {
		s.deleteQuietly(context.WithoutCancel(ctx), b, tmp)
		return Stored{}, fmt.Errorf("store file: %w", err)
	}
	sum := hex.EncodeToString(h.Sum(nil))
	key := KeyPrefix + sum
	// Same key, same bytes: copying over an existing copy is harmless, and
	// brings back a copy that a concurrent delete removed in between.
	if err := b.Copy(ctx, key, tmp, nil); err != nil {
		s.deleteQuietly(context.WithoutCancel(ctx), b, tmp)
		return Stored{}, fmt.Errorf("store file: %w", err)
	}
	s.deleteQuietly(context.WithoutCancel(ctx), b, tmp)
	return Stored{Key: key, ContentType: ct, Size: size, SHA256: sum}, nil
}

// Open opens the file stored under key; ErrNotFound if there is none. It
// makes *Store an export.Files.
func (s *Store) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	return s.Reader(ctx, key)
}

// Reader is Open with the blob's size and type.
func (s *Store) Reader(ctx context.Context, key string) (*blob.Reader, error) {
	if !strings.HasPrefix(key, KeyPrefix) {
		return nil, ErrNotFound
	}
	b, err := s.Bucket(ctx)
	if err != nil {
		return nil, err
	}
	rd, err := b.NewReader(ctx, key, nil)
	if gcerrors.Code(err) == gcerrors.NotFound {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, key)
	}
	if err != nil {
		return nil, fmt.Errorf("open stored file: %w", err)
	}
	return rd, nil
}

// Exists reports whether a file is stored under key.
func (s *Store) Exists(ctx context.Context, key string) (bool, error) {
	b, err := s.Bucket(ctx)
	if err != nil {
		return false, err
	}
	return b.Exists(ctx, key)
}

// Delete removes the file stored under key; a key with no file is not an
// error. The caller checks that no row refers to it any more.
func (s *Store) Delete(ctx context.Context, key string) error {
	b, err := s.Bucket(ctx)
	if err != nil {
		return err
	}
	if err := b.Delete(ctx, key); err != nil && gcerrors.Code(err) != gcerrors.NotFound {
		return fmt.Errorf("delete stored file: %w", err)
	}
	return nil
}

// Keys lists every key in the bucket (stored files and uploads in
// progress), for tests and maintenance.
func (s *Store) Keys(ctx context.Context) ([]string, error) {
	b, err := s.Bucket(ctx)
	if err != nil {
		return nil, err
	}
	var keys []string
	it := b.List(nil)
	for {
		obj, err := it.Next(ctx)
		if errors.Is(err, io.EOF) {
			return keys, nil
		}
		if err != nil {
			return nil, err
		}
		if !obj.IsDir {
			keys = append(keys, obj.Key)
		}
	}
}

func (s *Store) deleteQuietly(ctx context.Context, b *blob.Bucket, key string) {
	_ = b.Delete(ctx, key) // NotFound when the aborted write left nothing
}

// errReader remembers the first error of the client's stream, to tell a
// broken upload from a storage failure.
type errReader struct {
	r   io.Reader
	err error
}

func (e *errReader) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if err != nil && e.err == nil {
		e.err = err
	}
	return n, err
}

func readError(err error) error {
	if ae, ok := apperr.As(err); ok {
		return ae
	}
	return &apperr.Error{Code: apperr.BadUserInput, Field: "file",
		Message: "The file did not arrive whole; send it again."}
}

func tooLarge(max int64) error {
	return &apperr.Error{Code: apperr.LimitExceeded, Field: "file",
		Message: fmt.Sprintf("The file is larger than the limit of %s.", humanBytes(max))}
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

func quoteName(name string) string {
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, name)
	if r := []rune(name); len(r) > 100 {
		name = string(r[:100]) + "…"
	}
	if name == "" {
		return "sent"
	}
	return fmt.Sprintf("%q", name)
}

func randomHex() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
