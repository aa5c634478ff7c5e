// Package skillframework holds published skill frameworks as data, and
// installs them in a school so goals, evidence and self-assessments can name
// the skills they build.
package skillframework

import (
	"context"
	"fmt"

	"plp/ent"
	"plp/ent/schema/pulid"
	"plp/ent/skill"
)

// Skill is one skill of a published framework, before it is installed.
type Skill struct {
	Code        string
	Name        string
	Description string
}

// Codes of the Vermont transferable skills, for callers that link goals or
// evidence to one skill by name rather than by position.
const (
	VermontCommunication = "TS-COMM"
	VermontSelfDirection = "TS-SELF"
	VermontProblemSolve  = "TS-PROB"
	VermontCitizenship   = "TS-CITZ"
	VermontThinking      = "TS-THNK"
)

// VermontName and VermontVersion identify the framework once installed; the
// version is the year the Agency of Education published the skills with the
// proficiency-based graduation requirements.
const (
	VermontName    = "Vermont Transferable Skills"
	VermontVersion = "2015"
)

const vermontDescription = "The five transferable skills that Vermont graduates show across every " +
	"subject, alongside content proficiencies, as part of proficiency-based graduation requirements."

// Vermont lists the five transferable skills in the order the state
// publishes them; installed skills keep this order as their position.
var Vermont = []Skill{
	{
		Code: VermontCommunication,
		Name: "Clear and Effective Communication",
		Description: "Expresses ideas with purpose, choosing words, media and form to suit the audience. " +
			"Listens actively and responds to others' ideas in writing, speech and collaboration.",
	},
	{
		Code: VermontSelfDirection,
		Name: "Self-Direction",
		Description: "Sets goals, plans the steps and manages time to reach them. " +
			"Reflects on progress, asks for help when needed and keeps going after setbacks.",
	},
	{
		Code: VermontProblemSolve,
		Name: "Creative and Practical Problem Solving",
		Description: "Frames problems clearly and tries more than one way to solve them. " +
			"Tests ideas, learns from what fails and turns a workable solution into action.",
	},
	{
		Code: VermontCitizenship,
		Name: "Responsible and Involved Citizenship",
		Description: "Takes part in the life of the school and the wider community and acts with integrity. " +
			"Respects different perspectives and considers how choices affect others and the environment.",
	},
	{
		Code: VermontThinking,
		Name: "Informed and Integrative Thinking",
		Description: "Gathers and weighs evidence from several sources and disciplines before drawing conclusions. " +
			"Connects ideas across subjects and applies them to new situations.",
	},
}

// InstallVermont creates the Vermont transferable skills framework in the
// school, with its skills in one statement. client may be a transaction's
// client; the caller's context must be allowed to create in the school. It
// fails with a constraint error when the school already has this framework
// and version.
func InstallVermont(ctx context.Context, client *ent.Client, schoolID pulid.ID) (*ent.Framework, error) {
	fw, err := client.Framework.Create().
		SetSchoolID(schoolID).
		SetName(VermontName).
		SetVersion(VermontVersion).
		SetDescription(vermontDescription).
		Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("create framework %q in school %s: %w", VermontName, schoolID, err)
	}
	builders := make([]*ent.SkillCreate, len(Vermont))
	for i, s := range Vermont {
		builders[i] = client.Skill.Create().
			SetFrameworkID(fw.ID).
			SetCode(s.Code).
			SetName(s.Name).
			SetDescription(s.Description).
			SetKind(skill.KindTransferable).
			SetPosition(i)
	}
	if _, err := client.Skill.CreateBulk(builders...).Save(ctx); err != nil {
		return nil, fmt.Errorf("create skills of framework %s: %w", fw.ID, err)
	}
	return fw, nil
}
