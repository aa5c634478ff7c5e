// Package pathway names Vermont's flexible pathways: the ways outside the
// regular classroom a student's goals and evidence can come from (Act 77).
// A goal or evidence with no pathway comes from the regular classroom.
//
// The type is shared by Goal and Evidence (one GraphQL enum, Pathway), so
// it lives here rather than in ent's per-schema enum packages; it imports
// nothing of PLP, so the ent schema can use it.
package pathway

import (
	"fmt"
	"io"
	"strconv"
)

// Pathway is one flexible pathway.
type Pathway string

// The pathways.
const (
	CTE               Pathway = "CTE"
	VirtualLearning   Pathway = "VIRTUAL_LEARNING"
	WorkBasedLearning Pathway = "WORK_BASED_LEARNING"
	ServiceLearning   Pathway = "SERVICE_LEARNING"
	DualEnrollment    Pathway = "DUAL_ENROLLMENT"
	EarlyCollege      Pathway = "EARLY_COLLEGE"
)

// All are the pathways in the order they are listed.
var All = []Pathway{CTE, VirtualLearning, WorkBasedLearning, ServiceLearning, DualEnrollment, EarlyCollege}

// Values lists the pathways for ent's enum column.
func (Pathway) Values() []string {
	out := make([]string, len(All))
	for i, p := range All {
		out[i] = string(p)
	}
	return out
}

// Valid reports whether p is one of the pathways.
func (p Pathway) Valid() bool {
	for _, q := range All {
		if p == q {
			return true
		}
	}
	return false
}

// Parse reads a pathway by its name (CTE, VIRTUAL_LEARNING, ...).
func Parse(s string) (Pathway, error) {
	if p := Pathway(s); p.Valid() {
		return p, nil
	}
	return "", fmt.Errorf("unknown pathway %q: one of %v", s, All)
}

// String is the pathway's name.
func (p Pathway) String() string { return string(p) }

// MarshalGQL implements graphql.Marshaler.
func (p Pathway) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(p))) }

// UnmarshalGQL implements graphql.Unmarshaler.
func (p *Pathway) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("pathway must be a string, not %T", v)
	}
	q, err := Parse(s)
	if err != nil {
		return err
	}
	*p = q
	return nil
}

// Typical draws the pathway of a generated goal (demo data, benchmarks) in
// rough Vermont proportions: about three goals in ten come from a flexible
// pathway, and which one follows the goal's area (GoalArea's value) and the
// student's grade: career goals from CTE and work-based learning, academic
// ones from dual enrollment, virtual learning and (seniors) early college,
// civic ones from service learning. roll is uniform in [0, 100).
func Typical(area string, grade, roll int) *Pathway {
	var p Pathway
	switch area {
	case "CAREER":
		switch {
		case roll < 25:
			p = CTE
		case roll < 45:
			p = WorkBasedLearning
		}
	case "ACADEMIC":
		switch {
		case roll < 15 && grade >= 11:
			p = DualEnrollment
		case roll < 25:
			p = VirtualLearning
		case roll < 30 && grade == 12:
			p = EarlyCollege
		}
	case "CIVIC":
		if roll < 40 {
			p = ServiceLearning
		}
	default:
		if roll < 5 {
			p = ServiceLearning
		}
	}
	if p == "" {
		return nil
	}
	return &p
}
