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
	// Indicators are the skill's performance indicators: what a student
	// does when they show it. They are installed as proficiencies of the
	// same framework, coded after the skill ("TS-COMM.1").
	Indicators []string
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
		Indicators: []string{
			"Communicates ideas with a clear purpose and a structure the audience can follow.",
			"Chooses words, tone, media and form that suit the audience and the task.",
			"Listens actively, asks questions and builds on what others say.",
			"Uses evidence and examples to support a message and make it convincing.",
			"Gives, receives and uses feedback to revise how ideas are expressed.",
		},
	},
	{
		Code: VermontSelfDirection,
		Name: "Self-Direction",
		Description: "Sets goals, plans the steps and manages time to reach them. " +
			"Reflects on progress, asks for help when needed and keeps going after setbacks.",
		Indicators: []string{
			"Sets personal and learning goals and plans the steps to reach them.",
			"Manages time, materials and attention to follow a plan through.",
			"Reflects honestly on strengths, needs and progress, and adjusts course.",
			"Seeks out help, resources and new challenges when needed.",
			"Keeps going through setbacks and takes responsibility for choices.",
		},
	},
	{
		Code: VermontProblemSolve,
		Name: "Creative and Practical Problem Solving",
		Description: "Frames problems clearly and tries more than one way to solve them. " +
			"Tests ideas, learns from what fails and turns a workable solution into action.",
		Indicators: []string{
			"Identifies and frames a problem, asking questions to understand it.",
			"Generates more than one approach and weighs their strengths and limits.",
			"Tests ideas, gathers results and revises when something does not work.",
			"Takes initiative to carry a workable solution into action.",
		},
	},
	{
		Code: VermontCitizenship,
		Name: "Responsible and Involved Citizenship",
		Description: "Takes part in the life of the school and the wider community and acts with integrity. " +
			"Respects different perspectives and considers how choices affect others and the environment.",
		Indicators: []string{
			"Takes part in the life of the classroom, school and wider community.",
			"Acts with integrity, honesty and respect for others.",
			"Seeks to understand perspectives and cultures different from their own.",
			"Considers how choices affect other people, the community and the environment.",
			"Works with others toward shared goals and takes a fair share of the work.",
		},
	},
	{
		Code: VermontThinking,
		Name: "Informed and Integrative Thinking",
		Description: "Gathers and weighs evidence from several sources and disciplines before drawing conclusions. " +
			"Connects ideas across subjects and applies them to new situations.",
		Indicators: []string{
			"Gathers information from a range of sources and judges its credibility.",
			"Analyzes evidence and reasoning before drawing a conclusion.",
			"Connects ideas and methods across subjects and experiences.",
			"Applies knowledge and skills to new and unfamiliar situations.",
		},
	},
}

// IndicatorCode is the code of a skill's n-th performance indicator
// (counted from 1), e.g. IndicatorCode("TS-COMM", 1) == "TS-COMM.1".
func IndicatorCode(skillCode string, n int) string { return fmt.Sprintf("%s.%d", skillCode, n) }

// InstallVermont creates the Vermont transferable skills framework in the
// school, with its skills in one statement: the five transferable skills
// first (positions 0-4), then their performance indicators as proficiencies
// (TS-COMM.1, ...) in the same order. client may be a transaction's client;
// the caller's context must be allowed to create in the school. It fails
// with a constraint error when the school already has this framework and
// version, so the indicators are created once, with the framework.
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
	builders := make([]*ent.SkillCreate, 0, len(Vermont)*6)
	for i, s := range Vermont {
		builders = append(builders, client.Skill.Create().
			SetFrameworkID(fw.ID).
			SetCode(s.Code).
			SetName(s.Name).
			SetDescription(s.Description).
			SetKind(skill.KindTransferable).
			SetPosition(i))
	}
	for _, s := range Vermont {
		for n, text := range s.Indicators {
			builders = append(builders, client.Skill.Create().
				SetFrameworkID(fw.ID).
				SetCode(IndicatorCode(s.Code, n+1)).
				SetName(text).
				SetDescription("Performance indicator of "+s.Name+".").
				SetKind(skill.KindProficiency).
				SetPosition(len(builders)))
		}
	}
	if _, err := client.Skill.CreateBulk(builders...).Save(ctx); err != nil {
		return nil, fmt.Errorf("create skills of framework %s: %w", fw.ID, err)
	}
	return fw, nil
}
