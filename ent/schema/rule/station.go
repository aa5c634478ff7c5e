package rule

import (
	"context"
	"fmt"

	"entgo.io/ent/entql"

	"plp/ent"
	"plp/ent/evidence"
	"plp/ent/privacy"
	"plp/ent/schema/pulid"
	"plp/ent/station"
	"plp/ent/student"
	"plp/internal/platform/apperr"
	"plp/internal/platform/viewer"
)

// stationRefusal is what a station's device token hears for anything but
// its one job.
func stationRefusal() error {
	return privacy.Denyf("%w", apperr.New(apperr.Forbidden,
		"A station's device token can only show the station's question and class, and add a student's photo and reflection; sign in as a person for anything else."))
}

// StationOnly confines a classroom station's device token (a viewer with
// Station set) to its one job, and lets everyone else through (Skip). The
// station reads its own Station row (while active) and the students of its
// class; it creates Evidence and Reflections attributed to itself
// (station_id) for a student of its class. Every other read or write is
// FORBIDDEN. It belongs in every policy, before any rule that allows.
func StationOnly() privacy.QueryMutationRule { return stationOnly{} }

type stationOnly struct{}

func (stationOnly) EvalQuery(ctx context.Context, q ent.Query) error {
	v := viewer.FromContext(ctx)
	if !v.IsStation() {
		return privacy.Skip
	}
	me := string(v.Station.ID)
	switch q := q.(type) {
	case *ent.StationQuery:
		q.Filter().Where(entql.And(entql.FieldEQ(station.FieldID, me), entql.FieldEQ(station.FieldActive, true)))
		return privacy.Allow
	case *ent.StudentQuery:
		q.Filter().Where(entql.And(
			entql.FieldEQ(student.FieldSchoolID, string(v.Station.SchoolID)),
			entql.HasEdgeWith(student.EdgeStations, entql.FieldEQ(station.FieldID, me), entql.FieldEQ(station.FieldActive, true)),
		))
		return privacy.Allow
	}
	return stationRefusal()
}

func (stationOnly) EvalMutation(ctx context.Context, m ent.Mutation) error {
	v := viewer.FromContext(ctx)
	if !v.IsStation() {
		return privacy.Skip
	}
	if !m.Op().Is(ent.OpCreate) || (m.Type() != ent.TypeEvidence && m.Type() != ent.TypeReflection) {
		return stationRefusal()
	}
	st, ok := m.Field("station_id")
	if !ok || fmt.Sprint(st) != string(v.Station.ID) {
		return privacy.Denyf("%w", apperr.New(apperr.Forbidden, "What a station adds is attributed to that station."))
	}
	s, ok := m.Field("student_id")
	if !ok {
		return stationRefusal()
	}
	studentID := pulid.ID(fmt.Sprint(s))
	// The station links nothing but the student, itself and (for a
	// reflection) the evidence it just added for the same student.
	for _, e := range m.AddedEdges() {
		switch {
		case e == "student", e == "station", e == "school":
		case e == "evidence" && m.Type() == ent.TypeReflection:
		default:
			return stationRefusal()
		}
	}
	sys := viewer.SystemContext(ctx)
	client := m.(interface{ Client() *ent.Client }).Client()
	inClass, err := client.Student.Query().
		Where(student.ID(studentID), student.HasStationsWith(station.ID(v.Station.ID), station.Active(true))).
		Exist(sys)
	if err != nil {
		return privacy.Denyf("check station class: %w", err)
	}
	if !inClass {
		return privacy.Denyf("%w", apperr.New(apperr.Forbidden, "That student is not in this station's class."))
	}
	// As UnderThirteenNeedsConsent for the student's own writes (COPPA).
	young, err := consentMissing(ctx, client, student.ID(studentID))
	if err != nil {
		return privacy.Denyf("check parental consent: %w", err)
	}
	if young {
		return privacy.Denyf("%w", apperr.New(apperr.Forbidden,
			"A parent or guardian must consent before a student under 13 adds to their plan; ask the student's family to give consent."))
	}
	if r, ok := m.(*ent.ReflectionMutation); ok {
		for _, id := range r.EvidenceIDs() {
			ok, err := client.Evidence.Query().
				Where(evidence.ID(id), evidence.StudentID(studentID), evidence.StationID(v.Station.ID)).
				Exist(sys)
			if err != nil {
				return privacy.Denyf("check evidence %s: %w", id, err)
			}
			if !ok {
				return stationRefusal()
			}
		}
	}
	return privacy.Allow
}

// StaffOfSchool lets a school's staff (admins, advisors, counselors)
// register its classroom stations and change them: a new row must be in a
// school where the viewer is staff; updates and deletes are narrowed to
// those schools.
func StaffOfSchool() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		staff := schoolValues(viewer.FromContext(ctx), StaffRoles...)
		if !m.Op().Is(ent.OpCreate) {
			return narrow(ctx, m, func(context.Context) entql.P { return in("school_id", staff...) })
		}
		if v, set := m.Field("school_id"); set {
			for _, id := range staff {
				if id == fmt.Sprint(v) {
					return privacy.Allow
				}
			}
		}
		return privacy.Denyf("%w", apperr.New(apperr.Forbidden, "Only the school's staff can register %s records.", m.Type()))
	})
}
