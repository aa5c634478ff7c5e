package storage_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"image"
	"image/color"
	"image/png"
	"io"
	"slices"
	"strings"
	"testing"

	"gocloud.dev/blob/memblob"

	"plp/ent"
	"plp/internal/platform/apperr"
	"plp/internal/platform/storage"
	"plp/internal/platform/viewer"
)

func pngBytes(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		for y := range h {
			img.Set(x, y, color.RGBA{uint8(x * 7), uint8(y * 13), uint8(x ^ y), 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func ftyp(major string, compat ...string) []byte {
	size := 16 + 4*len(compat)
	b := []byte{0, 0, 0, byte(size)}
	b = append(b, "ftyp"+major+"\x00\x00\x00\x00"...)
	for _, c := range compat {
		b = append(b, c...)
	}
	return append(b, make([]byte, 64)...)
}

func TestSniff(t *testing.T) {
	for _, tc := range []struct {
		name string
		head []byte
		want string
	}{
		{"png", pngBytes(t, 2, 2), "image/png"},
		{"jpeg", []byte("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00"), "image/jpeg"},
		{"gif", []byte("GIF89a\x01\x00\x01\x00"), "image/gif"},
		{"webp", []byte("RIFF\x00\x00\x00\x00WEBPVP8 "), "image/webp"},
		{"heic", ftyp("heic", "mif1", "heic"), "image/heic"},
		{"heif mif1", ftyp("mif1", "heic"), "image/heic"},
		{"avif", ftyp("avif", "mif1", "avif"), "image/avif"},
		{"mp4", ftyp("isom", "isom", "iso2", "avc1", "mp41"), "video/mp4"},
		{"quicktime", ftyp("qt  ", "qt  "), "video/quicktime"},
		{"m4a", ftyp("M4A ", "M4A ", "mp42", "isom"), "audio/mp4"},
		{"webm", []byte("\x1A\x45\xDF\xA3\x01\x00\x00\x00"), "video/webm"},
		{"mp3 id3", []byte("ID3\x03\x00\x00\x00\x00\x00"), "audio/mpeg"},
		{"mp3 frame", []byte("\xFF\xFB\x90\x64\x00\x00"), "audio/mpeg"},
		{"wav", []byte("RIFF\x24\x00\x00\x00WAVEfmt "), "audio/wav"},
		{"ogg", []byte("OggS\x00\x02\x00\x00\x00\x00\x00\x00\x00\x00"), "audio/ogg"},
		{"pdf", []byte("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n"), "application/pdf"},
		{"text", []byte("My reflection on the science fair.\n"), "text/plain; charset=utf-8"},
		{"html", []byte("<!DOCTYPE html><html><script>alert(1)</script>"), "text/html; charset=utf-8"},
		{"windows exe", append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00"), make([]byte, 100)...), "application/octet-stream"},
		{"elf", []byte("\x7FELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00"), "application/octet-stream"},
	} {
		if got := storage.Sniff(tc.head); got != tc.want {
			t.Errorf("%s: Sniff = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func newStore(t *testing.T) *storage.Store {
	t.Helper()
	b := memblob.OpenBucket(nil)
	t.Cleanup(func() { _ = b.Close() })
	return storage.New(b)
}

func keys(t *testing.T, s *storage.Store) []string {
	t.Helper()
	k, err := s.Keys(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestPutStoresByContent(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	data := pngBytes(t, 40, 40)
	sum := sha256.Sum256(data)
	limits := storage.Limits{MaxBytes: 1 << 20, Types: storage.TypesFor("IMAGE")}
	got, err := s.Put(ctx, bytes.NewReader(data), "photo.jpg", limits)
	if err != nil {
		t.Fatal(err)
	}
	want := storage.Stored{Key: "sha256/" + hex.EncodeToString(sum[:]), ContentType: "image/png", Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:])}
	if got != want {
		t.Fatalf("Put = %+v, want %+v", got, want)
	}
	// The same bytes again: the same key, still one blob.
	again, err := s.Put(ctx, iotestOneByte(data), "other.png", limits)
	if err != nil || again != want {
		t.Fatalf("second Put = %+v, %v", again, err)
	}
	if k := keys(t, s); len(k) != 1 || k[0] != want.Key {
		t.Fatalf("keys = %v, want only %s", k, want.Key)
	}
	rc, err := s.Open(ctx, want.Key)
	if err != nil {
		t.Fatal(err)
	}
	back, _ := io.ReadAll(rc)
	rc.Close()
	if !bytes.Equal(back, data) {
		t.Fatal("stored bytes differ")
	}
	if err := s.Delete(ctx, want.Key); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, want.Key); err != nil {
		t.Fatalf("deleting twice: %v", err)
	}
	if _, err := s.Open(ctx, want.Key); !errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("Open after Delete: %v, want ErrNotFound", err)
	}
	if _, err := s.Open(ctx, "../etc/passwd"); !errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("Open of a key outside the store: %v, want ErrNotFound", err)
	}
}

func iotestOneByte(b []byte) io.Reader { return &oneByte{b} }

type oneByte struct{ b []byte }

func (o *oneByte) Read(p []byte) (int, error) {
	if len(o.b) == 0 {
		return 0, io.EOF
	}
	p[0] = o.b[0]
	o.b = o.b[1:]
	return 1, nil
}

func wantCode(t *testing.T, err error, code apperr.Code, field string) {
	t.Helper()
	e, ok := apperr.As(err)
	if !ok || e.Code != code || e.Field != field {
		t.Fatalf("error = %v, want %s on field %q", err, code, field)
	}
}

func TestPutRefusals(t *testing.T) {
	ctx := context.Background()
	data := pngBytes(t, 64, 64) // a few KB
	image := storage.TypesFor("IMAGE")

	t.Run("over the limit", func(t *testing.T) {
		s := newStore(t)
		_, err := s.Put(ctx, bytes.NewReader(data), "big.png", storage.Limits{MaxBytes: int64(len(data)) - 1, Types: image})
		wantCode(t, err, apperr.LimitExceeded, "file")
		if k := keys(t, s); len(k) != 0 {
			t.Fatalf("left behind: %v", k)
		}
		// Exactly at the limit is fine.
		if _, err := s.Put(ctx, bytes.NewReader(data), "big.png", storage.Limits{MaxBytes: int64(len(data)), Types: image}); err != nil {
			t.Fatalf("at the limit: %v", err)
		}
	})
	t.Run("over the limit within the sniffed head", func(t *testing.T) {
		s := newStore(t)
		_, err := s.Put(ctx, bytes.NewReader(data), "big.png", storage.Limits{MaxBytes: 100, Types: image})
		wantCode(t, err, apperr.LimitExceeded, "file")
		if k := keys(t, s); len(k) != 0 {
			t.Fatalf("left behind: %v", k)
		}
	})
	t.Run("stops reading at the limit", func(t *testing.T) {
		s := newStore(t)
		endless := io.MultiReader(bytes.NewReader(data), zeros{})
		counted := &countingReader{r: endless}
		_, err := s.Put(ctx, counted, "endless.png", storage.Limits{MaxBytes: 1 << 16, Types: image})
		wantCode(t, err, apperr.LimitExceeded, "file")
		if counted.n > 1<<16+1+32<<10 { // io.Copy's buffer of slack at most
			t.Fatalf("read %d bytes for a limit of %d", counted.n, 1<<16)
		}
	})
	t.Run("an executable named .png", func(t *testing.T) {
		s := newStore(t)
		exe := append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"), bytes.Repeat([]byte{0x90}, 2000)...)
		_, err := s.Put(ctx, bytes.NewReader(exe), "cat.png", storage.Limits{MaxBytes: 1 << 20, Types: image})
		wantCode(t, err, apperr.BadUserInput, "file")
		if !strings.Contains(err.Error(), "cannot recognise") {
			t.Errorf("message: %v", err)
		}
		if k := keys(t, s); len(k) != 0 {
			t.Fatalf("left behind: %v", k)
		}
	})
	t.Run("a PNG as a document", func(t *testing.T) {
		s := newStore(t)
		_, err := s.Put(ctx, bytes.NewReader(data), "essay.pdf", storage.Limits{Types: storage.TypesFor("DOCUMENT")})
		wantCode(t, err, apperr.BadUserInput, "file")
	})
	t.Run("html as text", func(t *testing.T) {
		s := newStore(t)
		_, err := s.Put(ctx, strings.NewReader("<html><script>alert(1)</script></html>"), "notes.txt", storage.Limits{Types: storage.TypesFor("DOCUMENT")})
		wantCode(t, err, apperr.BadUserInput, "file")
	})
	t.Run("no types", func(t *testing.T) {
		s := newStore(t)
		_, err := s.Put(ctx, bytes.NewReader(data), "x.png", storage.Limits{})
		wantCode(t, err, apperr.BadUserInput, "file")
	})
	t.Run("empty", func(t *testing.T) {
		s := newStore(t)
		_, err := s.Put(ctx, bytes.NewReader(nil), "x.png", storage.Limits{Types: image})
		wantCode(t, err, apperr.BadUserInput, "file")
	})
	t.Run("truncated stream", func(t *testing.T) {
		s := newStore(t)
		broken := io.MultiReader(bytes.NewReader(data), errReader{io.ErrUnexpectedEOF})
		_, err := s.Put(ctx, broken, "x.png", storage.Limits{Types: image})
		wantCode(t, err, apperr.BadUserInput, "file")
		if k := keys(t, s); len(k) != 0 {
			t.Fatalf("left behind: %v", k)
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		s := newStore(t)
		cctx, cancel := context.WithCancel(ctx)
		r := io.MultiReader(bytes.NewReader(data), readFunc(func([]byte) (int, error) { cancel(); return 0, context.Canceled }))
		_, err := s.Put(cctx, r, "x.png", storage.Limits{Types: image})
		if err == nil {
			t.Fatal("Put succeeded")
		}
		if k := keys(t, s); len(k) != 0 {
			t.Fatalf("left behind: %v", k)
		}
	})
}

func TestAudioContainers(t *testing.T) {
	s := newStore(t)
	webm := append([]byte("\x1A\x45\xDF\xA3"), make([]byte, 100)...)
	got, err := s.Put(context.Background(), bytes.NewReader(webm), "voice.webm", storage.Limits{Types: storage.TypesFor("AUDIO")})
	if err != nil || got.ContentType != "audio/webm" {
		t.Fatalf("webm as audio: %+v, %v", got, err)
	}
	got, err = s.Put(context.Background(), bytes.NewReader(webm), "clip.webm", storage.Limits{Types: storage.TypesFor("VIDEO")})
	if err != nil || got.ContentType != "video/webm" {
		t.Fatalf("webm as video: %+v, %v", got, err)
	}
	if storage.HasFile("LINK") || storage.HasFile("TEXT") || !storage.HasFile("DOCUMENT") {
		t.Fatal("HasFile")
	}
	if storage.Extension("text/plain; charset=utf-8") != ".txt" || storage.Extension("image/png") != ".png" {
		t.Fatal("Extension")
	}
}

func TestDirURL(t *testing.T) {
	dir := t.TempDir()
	s := storage.OpenURL(storage.DirURL(dir + "/files"))
	t.Cleanup(func() { _ = s.Close() })
	data := pngBytes(t, 3, 3)
	got, err := s.Put(context.Background(), bytes.NewReader(data), "p.png", storage.Limits{Types: storage.TypesFor("IMAGE")})
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := s.Exists(context.Background(), got.Key); !ok || err != nil {
		t.Fatalf("Exists = %v, %v", ok, err)
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

type readFunc func([]byte) (int, error)

func (f readFunc) Read(p []byte) (int, error) { return f(p) }

// TestReleaseAsksEveryHolder: a file is deleted only when no holder refers
// to it, each holder asked as the system; a store given no holders keeps
// every file, and a holder that cannot answer keeps it too.
func TestReleaseAsksEveryHolder(t *testing.T) {
	ctx := context.Background()
	b := memblob.OpenBucket(nil)
	t.Cleanup(func() { _ = b.Close() })
	held := map[string]map[string]bool{"evidence": {}, "covers": {}}
	var asked []string
	holder := func(name string) storage.Holder {
		return storage.Holder{Name: name, Holds: func(ctx context.Context, _ *ent.Client, key string) (bool, error) {
			if !viewer.FromContext(ctx).IsSystem() {
				t.Errorf("%s asked as %v, want the system", name, viewer.FromContext(ctx))
			}
			asked = append(asked, name)
			if key == "broken" {
				return false, errors.New("database down")
			}
			return held[name][key], nil
		}}
	}
	s := storage.New(b, holder("evidence"), holder("covers"))
	put := func() string {
		st, err := s.Put(ctx, bytes.NewReader(pngBytes(t, 3, 3)), "a.png", storage.Limits{Types: storage.TypesFor("IMAGE")})
		if err != nil {
			t.Fatal(err)
		}
		return st.Key
	}
	key := put()
	held["evidence"][key], held["covers"][key] = true, true
	release := func(want int, wantAsked ...string) {
		t.Helper()
		asked = nil
		if err := s.Release(ctx, nil, key); err != nil {
			t.Fatal(err)
		}
		if got := len(keys(t, s)); got != want {
			t.Errorf("after release: %d files stored, want %d", got, want)
		}
		if !slices.Equal(asked, wantAsked) {
			t.Errorf("asked %v, want %v", asked, wantAsked)
		}
	}
	release(1, "evidence")
	held["evidence"][key] = false
	release(1, "evidence", "covers")
	held["covers"][key] = false
	release(0, "evidence", "covers")

	key = put()
	if err := storage.New(b).Release(ctx, nil, key); err == nil || len(keys(t, s)) != 1 {
		t.Errorf("a store with no holders released the file (err %v); it cannot know the file is unused", err)
	}
	if err := s.Release(ctx, nil, "broken"); err == nil || !strings.Contains(err.Error(), "evidence") {
		t.Errorf("a holder that fails: %v, want its error named", err)
	}
}
