package server

import (
	"net/http"
	"slices"
	"strconv"

	"plp/ent/goal"
	"plp/ent/schema/pathway"
	"plp/ent/schema/pulid"
	"plp/internal/caseload"
	"plp/internal/platform/apperr"
)

// caseloadParams are the query parameters GET /export/caseload.csv takes:
// the filters and ordering of the caseload query.
var caseloadParams = []string{"schoolID", "grade", "advisorID", "area", "pathway", "stalledDays", "overdueRequirement", "orderBy", "direction"}

// caseloadCSVHandler serves GET /export/caseload.csv: the viewer's
// caseload as CSV, the rows of the caseload query (same filters, same
// order), streamed in chunks so a school of 10,000 students never sits in
// memory. Refusals come before the first byte (writeError): 401, 403 (not
// staff, or another school's schoolID), 400 (a parameter the export does
// not know, or a bad value).
func (s *Server) caseloadCSVHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if !s.signedIn(w, r) {
			return
		}
		f, o, err := caseloadQuery(r)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		started := false
		start := func() {
			started = true
			h := w.Header()
			h.Set("Content-Type", "text/csv; charset=utf-8")
			h.Set("Content-Disposition", attachment("caseload.csv", "caseload.csv"))
			h.Set("Cache-Control", "no-store")
			h.Set("X-Content-Type-Options", "nosniff")
			w.WriteHeader(http.StatusOK)
		}
		out := s.streamWriter(w)
		flush := func() { _ = http.NewResponseController(w).Flush() }
		if err := caseload.WriteCSV(ctx, s.db.Client, out, f, o, start, flush); err != nil {
			if !started {
				s.writeError(w, r, err)
				return
			}
			s.log.ErrorContext(ctx, "caseload export failed while streaming", "err", err)
		}
	})
}

// caseloadQuery reads the filters and order of a caseload export.
func caseloadQuery(r *http.Request) (caseload.Filter, caseload.Order, error) {
	var f caseload.Filter
	o := caseload.Order{Field: caseload.ByName}
	q := r.URL.Query()
	for name := range q {
		if !slices.Contains(caseloadParams, name) {
			return f, o, apperr.Invalid(name, "Unknown parameter %q: the caseload export takes %v.", name, caseloadParams)
		}
	}
	integer := func(name string) (*int, error) {
		v := q.Get(name)
		if v == "" {
			return nil, nil
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			return nil, apperr.Invalid(name, "%s must be a whole number.", name)
		}
		return &n, nil
	}
	var err error
	if f.Grade, err = integer("grade"); err != nil {
		return f, o, err
	}
	if f.StalledDays, err = integer("stalledDays"); err != nil {
		return f, o, err
	}
	if v := q.Get("schoolID"); v != "" {
		id := pulid.ID(v)
		f.SchoolID = &id
	}
	if v := q.Get("advisorID"); v != "" {
		id := pulid.ID(v)
		f.AdvisorID = &id
	}
	if v := q.Get("area"); v != "" {
		a := goal.Area(v)
		if err := goal.AreaValidator(a); err != nil {
			return f, o, apperr.Invalid("area", "Unknown area %q.", v)
		}
		f.Area = &a
	}
	switch v := q.Get("overdueRequirement"); v {
	case "":
	case "true", "false":
		b := v == "true"
		f.OverdueRequirement = &b
	default:
		return f, o, apperr.Invalid("overdueRequirement", "overdueRequirement is true or false.")
	}
	if v := q.Get("pathway"); v != "" {
		p, err := pathway.Parse(v)
		if err != nil {
			return f, o, apperr.Invalid("pathway", "Unknown pathway %q: one of %v.", v, pathway.All)
		}
		f.Pathway = &p
	}
	if v := q.Get("orderBy"); v != "" {
		o.Field = caseload.OrderField(v)
	}
	switch q.Get("direction") {
	case "", "ASC":
	case "DESC":
		o.Desc = true
	default:
		return f, o, apperr.Invalid("direction", "direction is ASC or DESC.")
	}
	return f, o, nil
}
