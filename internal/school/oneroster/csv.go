package oneroster

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
)

// MaxFileBytes is the largest CSV file read: far above a large district's
// users.csv, small enough that a file read into memory stays cheap.
const MaxFileBytes = 32 << 20

// row is one data row of a CSV file, by column name.
type row struct {
	line int
	cols map[string]string
}

// get returns the trimmed value of a column ("" when absent).
func (r row) get(col string) string { return strings.TrimSpace(r.cols[col]) }

// table is a whole CSV file, read and checked for its required columns.
type table struct {
	name string
	rows []row
}

// errMissing reports a file that is not there (the file is optional).
var errMissing = errors.New("file not present")

// readTable reads name from src: its header must have the required
// columns. A missing file is errMissing; a file too large, unreadable as
// CSV or without a required column is an error naming the problem, and the
// file is refused as a whole.
func readTable(src fs.FS, name string, required ...string) (*table, error) {
	info, err := fs.Stat(src, name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, errMissing
	}
	if err != nil {
		return nil, err
	}
	if info.Size() > MaxFileBytes {
		return nil, fmt.Errorf("the file has %d bytes; at most %d are read: split the export by school", info.Size(), MaxFileBytes)
	}
	f, err := src.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(io.LimitReader(f, MaxFileBytes+1))
	r.FieldsPerRecord = 0 // every row as long as the header
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("no header row: %w", err)
	}
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\ufeff") // a byte order mark from spreadsheets
	}
	have := map[string]bool{}
	for i, h := range header {
		header[i] = strings.TrimSpace(h)
		have[header[i]] = true
	}
	var missing []string
	for _, col := range required {
		if !have[col] {
			missing = append(missing, col)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("the header lacks the required columns %s", strings.Join(missing, ", "))
	}
	t := &table{name: name}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("not valid CSV: %w", err)
		}
		line, _ := r.FieldPos(0)
		cols := make(map[string]string, len(header))
		for i, h := range header {
			cols[h] = rec[i]
		}
		t.rows = append(t.rows, row{line: line, cols: cols})
	}
	return t, nil
}

// list splits a OneRoster list value ("a,b" inside one field).
func list(v string) []string {
	var out []string
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
