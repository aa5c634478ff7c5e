package export

import (
	"mime"
	"path"
	"strings"
	"unicode"
)

// slug reduces s to letters and digits joined by single dashes, at most max
// runes, or fallback when nothing is left: safe in a file name on every
// system, and in a Content-Disposition header once encoded.
func slug(s string, max int, fallback string) string {
	var b strings.Builder
	n, dash := 0, false
	for _, r := range s {
		if n >= max {
			break
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
				n++
			}
			b.WriteRune(r)
			n++
			dash = false
			continue
		}
		dash = true
	}
	if b.Len() == 0 {
		return fallback
	}
	return b.String()
}

// fileName names an evidence file in the zip: its title made safe (no
// slashes, dots at the start or control characters), with an extension
// from the storage key or the media type, so that the file opens with the
// right program.
func fileName(title, contentType, blobKey string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.TrimSpace(title) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("-_()+,", r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(r)
			space = false
		default:
			space = true
		}
	}
	name := b.String()
	if r := []rune(name); len(r) > 80 {
		name = strings.TrimSpace(string(r[:80]))
	}
	if name == "" {
		name = "file"
	}
	ext := extension(contentType, blobKey)
	if ext != "" && !strings.HasSuffix(strings.ToLower(name), ext) {
		name += ext
	}
	return name
}

// commonExtensions are the extensions of the media types evidence usually
// has; mime.ExtensionsByType depends on the system's tables and lists
// several for some types.
var commonExtensions = map[string]string{
	"image/jpeg":      ".jpg",
	"image/png":       ".png",
	"image/gif":       ".gif",
	"image/webp":      ".webp",
	"image/heic":      ".heic",
	"image/svg+xml":   ".svg",
	"video/mp4":       ".mp4",
	"video/quicktime": ".mov",
	"video/webm":      ".webm",
	"audio/mpeg":      ".mp3",
	"audio/mp4":       ".m4a",
	"audio/wav":       ".wav",
	"audio/webm":      ".weba",
	"audio/ogg":       ".ogg",
	"application/pdf": ".pdf",
	"text/plain":      ".txt",
	"text/markdown":   ".md",
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document":   ".docx",
	"application/vnd.openxmlformats-officedocument.presentationml.presentation": ".pptx",
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":         ".xlsx",
}

func extension(contentType, blobKey string) string {
	if ext := strings.ToLower(path.Ext(blobKey)); len(ext) >= 2 && len(ext) <= 6 && isAlnum(ext[1:]) {
		return ext
	}
	ct, _, _ := strings.Cut(strings.ToLower(contentType), ";")
	ct = strings.TrimSpace(ct)
	if ext, ok := commonExtensions[ct]; ok {
		return ext
	}
	if exts, err := mime.ExtensionsByType(ct); err == nil && len(exts) > 0 {
		return exts[0]
	}
	return ""
}

func isAlnum(s string) bool {
	for _, r := range s {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}
