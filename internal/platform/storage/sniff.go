package storage

import (
	"net/http"
	"slices"
	"strings"
)

// SniffLen is how many leading bytes Sniff looks at.
const SniffLen = 512

// Sniff names the media type of a file from its first bytes (up to
// SniffLen), never from its name or what the client claims. It is
// net/http.DetectContentType plus the few types evidence needs that it
// misses or names differently: MP4/QuickTime/HEIC/M4A by their ftyp box,
// MP3 without an ID3 tag by its frame header, WAV as audio/wav, Ogg as
// audio/ogg. Unknown bytes are application/octet-stream.
func Sniff(head []byte) string {
	if len(head) > SniffLen {
		head = head[:SniffLen]
	}
	if t := sniffISOBMFF(head); t != "" {
		return t
	}
	if isMPEGAudioFrame(head) {
		return "audio/mpeg"
	}
	ct := http.DetectContentType(head)
	switch baseType(ct) {
	case "audio/wave", "audio/x-wav":
		return "audio/wav"
	case "application/ogg":
		return "audio/ogg"
	}
	return ct
}

// sniffISOBMFF reads the ftyp box of an ISO base media file (MP4, M4A,
// QuickTime, HEIC) and its brands; older QuickTime files start with
// another box.
func sniffISOBMFF(b []byte) string {
	if len(b) < 12 {
		return ""
	}
	switch string(b[4:8]) {
	case "moov", "mdat", "wide", "pnot":
		return "video/quicktime"
	case "ftyp":
	default:
		return ""
	}
	size := int(b[0])<<24 | int(b[1])<<16 | int(b[2])<<8 | int(b[3])
	if size < 16 || size%4 != 0 {
		size = 16
	}
	brands := []string{string(b[8:12])}
	for off := 16; off+4 <= size && off+4 <= len(b); off += 4 { // 12:16 is the minor version
		brands = append(brands, string(b[off:off+4]))
	}
	has := func(names ...string) bool {
		return slices.ContainsFunc(brands, func(s string) bool { return slices.Contains(names, s) })
	}
	major := brands[0]
	switch {
	case has("avif", "avis"):
		return "image/avif"
	case slices.Contains([]string{"heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1"}, major):
		return "image/heic"
	case major == "qt  ":
		return "video/quicktime"
	case slices.Contains([]string{"M4A ", "M4B ", "M4P ", "F4A ", "F4B "}, major):
		return "audio/mp4"
	case strings.HasPrefix(major, "3gp") || strings.HasPrefix(major, "3g2"):
		return "video/3gpp"
	case slices.Contains([]string{"isom", "iso2", "iso3", "iso4", "iso5", "iso6", "mp41", "mp42", "avc1", "M4V ", "M4VH", "M4VP", "dash", "mmp4", "MSNV", "NDAS", "f4v "}, major):
		return "video/mp4"
	}
	return ""
}

// isMPEGAudioFrame reports whether b starts with an MPEG audio frame header
// (an MP3 without an ID3 tag; http.DetectContentType knows only "ID3").
func isMPEGAudioFrame(b []byte) bool {
	if len(b) < 4 || b[0] != 0xFF || b[1]&0xE0 != 0xE0 {
		return false
	}
	version := (b[1] >> 3) & 3
	layer := (b[1] >> 1) & 3
	bitrate := b[2] >> 4
	rate := (b[2] >> 2) & 3
	return version != 1 && layer != 0 && bitrate != 0xF && rate != 3
}

// baseType is a media type without its parameters, in lower case.
func baseType(ct string) string {
	t, _, _ := strings.Cut(ct, ";")
	return strings.ToLower(strings.TrimSpace(t))
}

// The evidence kinds that carry a file, and the media types each accepts.
var kindTypes = map[string][]string{
	"IMAGE":    {"image/jpeg", "image/png", "image/gif", "image/webp", "image/heic"},
	"VIDEO":    {"video/mp4", "video/webm", "video/quicktime"},
	"AUDIO":    {"audio/mpeg", "audio/mp4", "audio/wav", "audio/webm", "audio/ogg"},
	"DOCUMENT": {"application/pdf", "text/plain"},
}

// resourceTypes are the media types a file attached to an implementation
// resource may have: documents, images and video.
var resourceTypes = []string{"application/pdf", "text/plain", "image/jpeg", "image/png", "image/gif", "image/webp",
	"video/mp4", "video/webm"}

// ResourceTypes returns the media types a file attached to an
// implementation resource may have.
func ResourceTypes() []string { return slices.Clone(resourceTypes) }

// TypesFor returns the media types a file of an evidence kind (IMAGE,
// VIDEO, AUDIO, DOCUMENT) may have, or nil for a kind without files.
func TypesFor(kind string) []string { return slices.Clone(kindTypes[kind]) }

// HasFile reports whether evidence of the kind carries an uploaded file.
func HasFile(kind string) bool { _, ok := kindTypes[kind]; return ok }

// accept returns the type a file sniffed as ct is stored as, if one of
// allowed: the sniffed type itself, or for audio the audio flavour of a
// container that is sniffed as video (WebM, MP4).
func accept(ct string, allowed []string) (string, bool) {
	base := baseType(ct)
	if slices.Contains(allowed, base) {
		if base == "text/plain" {
			return ct, true // keeps the charset the bytes were sniffed as
		}
		return base, true
	}
	audio := map[string]string{"video/webm": "audio/webm", "video/mp4": "audio/mp4"}
	if a, ok := audio[base]; ok && slices.Contains(allowed, a) && !slices.Contains(allowed, base) {
		return a, true
	}
	return "", false
}

// extensions are the file name extensions of the types evidence can have.
var extensions = map[string]string{
	"image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/webp": ".webp", "image/heic": ".heic",
	"video/mp4": ".mp4", "video/webm": ".webm", "video/quicktime": ".mov",
	"audio/mpeg": ".mp3", "audio/mp4": ".m4a", "audio/wav": ".wav", "audio/webm": ".weba", "audio/ogg": ".ogg",
	"application/pdf": ".pdf", "text/plain": ".txt",
}

// Extension returns the usual file name extension (".png") of a media
// type, or "" for one evidence cannot have.
func Extension(contentType string) string { return extensions[baseType(contentType)] }

// describeType is what the message of a refused file calls its type.
func describeType(ct string) string {
	if baseType(ct) == "application/octet-stream" {
		return "of a type we cannot recognise"
	}
	return "of type " + baseType(ct)
}
