package oneroster

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io/fs"

	"plp/internal/platform/apperr"
)

// ReadZip opens an export sent as a zip file: its CSV files at the top, or
// in the one folder the zip holds (as zipping a folder makes it).
func ReadZip(data []byte) (fs.FS, error) {
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, apperr.Invalid("file", "The file is not a zip of a OneRoster CSV export: %v.", err)
	}
	return Root(z)
}

// Root finds the export in a file system: the top, or its only folder.
// It is where orgs.csv is, or, for a delta that does not change the orgs,
// manifest.csv.
func Root(fsys fs.FS) (fs.FS, error) {
	for _, name := range []string{OrgsFile, ManifestFile} {
		if _, err := fs.Stat(fsys, name); err == nil {
			return fsys, nil
		}
	}
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("list the export: %w", err)
	}
	if len(entries) == 1 && entries[0].IsDir() {
		return fs.Sub(fsys, entries[0].Name())
	}
	return nil, apperr.Invalid("file", "The export has neither %s nor %s at its top (or in its only folder): %v.", OrgsFile, ManifestFile, errNoOrgs)
}

var errNoOrgs = errors.New("not a OneRoster CSV export")
