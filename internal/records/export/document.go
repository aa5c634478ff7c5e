package export

import (
	"time"

	"plp/internal/school/review"
)

// SchemaVersion is the version of plan.json's shape. It changes only when a
// field is removed, renamed or changes meaning; new fields may appear in any
// version, so readers should ignore fields they do not know.
const SchemaVersion = 1

// Format names the kind of document plan.json is.
const Format = "plp.plan-export"

// Document is plan.json: a student's plan as the exporter may see it.
//
// Conventions, for every type below: field names are the GraphQL API's
// (camelCase, IDs spelled ID); enum values are UPPER_CASE as in the API;
// times are RFC 3339 in UTC, and null when not set; text fields are ""
// when empty; lists are [] when empty, never null; lists are in creation
// order unless the field says otherwise. IDs are the API's global IDs, so
// a record in the export can be found with node(id:).
type Document struct {
	SchemaVersion int       `json:"schemaVersion"`
	Format        string    `json:"format"`
	ExportedAt    time.Time `json:"exportedAt"`
	ExportedBy    Exporter  `json:"exportedBy"`
	School        School    `json:"school"`
	Student       Student   `json:"student"`
	// People names the accounts the records refer to (advisor, guardians,
	// comment authors...), where the exporter may see them; an ID without
	// an entry here is an account the exporter may not see.
	People              []Person             `json:"people"`
	Guardianships       []Guardianship       `json:"guardianships"`
	Partnerships        []Partnership        `json:"partnerships"`
	Goals               []Goal               `json:"goals"`
	Evidence            []Evidence           `json:"evidence"`
	Reflections         []Reflection         `json:"reflections"`
	SelfAssessments     []SelfAssessment     `json:"selfAssessments"`
	Conferences         []Conference         `json:"conferences"`
	Sections            []Section            `json:"sections"`
	Collections         []Collection         `json:"collections"`
	AnnualReviews       []AnnualReview       `json:"annualReviews"`
	EndorsementRequests []EndorsementRequest `json:"endorsementRequests"`
	AmendmentRequests   []AmendmentRequest   `json:"amendmentRequests"`
}

// Exporter says who exported the plan, and so what the export holds: a
// family's export holds what the family may see, not the whole record.
type Exporter struct {
	// AccountID is empty for the system (an export run by the server's
	// operators).
	AccountID string `json:"accountID"`
	// Role is STUDENT (an eligible student, 18 or over), FAMILY (a current
	// guardian), ADMIN (an admin of the student's school) or SYSTEM.
	Role string `json:"role"`
}

// School is the student's school.
type School struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Timezone string `json:"timezone"`
}

// Student is the student's profile.
type Student struct {
	ID                  string     `json:"id"`
	GivenName           string     `json:"givenName"`
	FamilyName          string     `json:"familyName"`
	PreferredName       string     `json:"preferredName"`
	Pronouns            string     `json:"pronouns"`
	Grade               int        `json:"grade"`
	GraduationYear      int        `json:"graduationYear"`
	BirthDate           *time.Time `json:"birthDate"`
	IdentityStatement   string     `json:"identityStatement"`
	Strengths           []string   `json:"strengths"`
	Interests           []string   `json:"interests"`
	LearningPreferences string     `json:"learningPreferences"`
	Theme               string     `json:"theme"`
	DirectoryOptOut     bool       `json:"directoryOptOut"`
	ParentalConsentAt   *time.Time `json:"parentalConsentAt"`
	AccountID           *string    `json:"accountID"`
	AdvisorID           *string    `json:"advisorID"`
	CounselorID         *string    `json:"counselorID"`
	// SourcedID is the student's ID in the school's information system
	// (OneRoster sourcedId), or null.
	SourcedID *string `json:"sourcedID"`
	// CoverImage is the cover image of the student's home page, or null.
	CoverImage *File     `json:"coverImage"`
	CreatedAt  time.Time `json:"createdAt"`
	UpdatedAt  time.Time `json:"updatedAt"`
}

// Person is an account the plan refers to.
type Person struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Guardianship is a family member of the student.
type Guardianship struct {
	ID                string     `json:"id"`
	FamilyID          string     `json:"familyID"`
	Relationship      string     `json:"relationship"`
	CanBook           bool       `json:"canBook"`
	ReceivesMail      bool       `json:"receivesMail"`
	EndsAt            *time.Time `json:"endsAt"`
	AccessWithdrawnAt *time.Time `json:"accessWithdrawnAt"`
	CreatedAt         time.Time  `json:"createdAt"`
	UpdatedAt         time.Time  `json:"updatedAt"`
}

// Partnership is a community partner the student works with.
type Partnership struct {
	ID           string     `json:"id"`
	PartnerID    string     `json:"partnerID"`
	Organization string     `json:"organization"`
	Description  string     `json:"description"`
	Scope        string     `json:"scope"`
	StartsOn     time.Time  `json:"startsOn"`
	EndsOn       *time.Time `json:"endsOn"`
	CreatedAt    time.Time  `json:"createdAt"`
	UpdatedAt    time.Time  `json:"updatedAt"`
}

// SkillRef names a skill or proficiency of the school's frameworks.
type SkillRef struct {
	ID   string `json:"id"`
	Code string `json:"code"`
	Name string `json:"name"`
	Kind string `json:"kind"`
}

// Goal is one of the student's goals.
type Goal struct {
	ID              string     `json:"id"`
	Area            string     `json:"area"`
	AreaName        string     `json:"areaName"`
	Title           string     `json:"title"`
	Why             string     `json:"why"`
	SuccessCriteria string     `json:"successCriteria"`
	NextSteps       string     `json:"nextSteps"`
	Term            string     `json:"term"`
	TargetDate      *time.Time `json:"targetDate"`
	Status          string     `json:"status"`
	// Visibility is PRIVATE, SCHOOL, FAMILY or PARTNERS.
	Visibility string `json:"visibility"`
	Progress   int    `json:"progress"`
	// Pathway is the flexible pathway the goal comes from (CTE,
	// VIRTUAL_LEARNING, WORK_BASED_LEARNING, SERVICE_LEARNING,
	// DUAL_ENROLLMENT or EARLY_COLLEGE), or null for the regular classroom.
	Pathway *string `json:"pathway"`
	// Milestones are in their order (position).
	Milestones []Milestone `json:"milestones"`
	// Skills are in framework order.
	Skills    []SkillRef `json:"skills"`
	Comments  []Comment  `json:"comments"`
	CreatedAt time.Time  `json:"createdAt"`
	UpdatedAt time.Time  `json:"updatedAt"`
}

// Milestone is a step of a goal.
type Milestone struct {
	ID        string     `json:"id"`
	Title     string     `json:"title"`
	Position  int        `json:"position"`
	Due       *time.Time `json:"due"`
	DoneAt    *time.Time `json:"doneAt"`
	CreatedAt time.Time  `json:"createdAt"`
	UpdatedAt time.Time  `json:"updatedAt"`
}

// Comment is a comment on a goal or on evidence.
type Comment struct {
	ID        string    `json:"id"`
	AuthorID  string    `json:"authorID"`
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
}

// Evidence is a piece of the student's work.
type Evidence struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description"`
	// Kind is IMAGE, VIDEO, AUDIO, DOCUMENT, LINK or TEXT.
	Kind       string    `json:"kind"`
	URL        string    `json:"url"`
	Body       string    `json:"body"`
	InSchool   bool      `json:"inSchool"`
	OccurredOn time.Time `json:"occurredOn"`
	Visibility string    `json:"visibility"`
	// Pathway is as a goal's.
	Pathway *string `json:"pathway"`
	// GoalIDs are the goals the evidence shows progress on (those the
	// exporter may see).
	GoalIDs  []string   `json:"goalIDs"`
	Skills   []SkillRef `json:"skills"`
	Comments []Comment  `json:"comments"`
	// File is the uploaded file, or null when the evidence has none.
	File      *File     `json:"file"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
}

// File describes an uploaded file (of evidence, or the cover image) and
// where it is in the zip.
type File struct {
	// Name is the file's name in the zip (from the evidence's title).
	Name        string `json:"name"`
	ContentType string `json:"contentType"`
	// Size and SHA256 are as recorded when the file was uploaded (0 and ""
	// for a cover image, whose upload records neither).
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
	// Included says whether the file is in the zip, at Path.
	Included bool   `json:"included"`
	Path     string `json:"path"`
	// Note says why a file is missing, or that its contents do not match
	// the recorded checksum; "" otherwise.
	Note string `json:"note"`
}

// Reflection is something the student wrote about their learning.
type Reflection struct {
	ID     string `json:"id"`
	Prompt string `json:"prompt"`
	Body   string `json:"body"`
	// Source is FREE, REMINDER or CONFERENCE.
	Source       string    `json:"source"`
	GoalID       *string   `json:"goalID"`
	EvidenceID   *string   `json:"evidenceID"`
	ConferenceID *string   `json:"conferenceID"`
	CreatedAt    time.Time `json:"createdAt"`
	UpdatedAt    time.Time `json:"updatedAt"`
}

// SelfAssessment is the student's rating of themselves on one skill; the
// list is in the order they were taken (takenAt), so growth reads down it.
type SelfAssessment struct {
	ID    string   `json:"id"`
	Skill SkillRef `json:"skill"`
	// Level is BEGINNING, DEVELOPING, PROFICIENT or EXTENDING.
	Level string `json:"level"`
	Note  string `json:"note"`
	// Assessor is STUDENT (the student rated themselves) or ADVISOR (their
	// advisor did, shown beside the student's rating); AssessorID is the
	// account that wrote it, or null.
	Assessor   string    `json:"assessor"`
	AssessorID *string   `json:"assessorID"`
	TakenAt    time.Time `json:"takenAt"`
	CreatedAt  time.Time `json:"createdAt"`
	UpdatedAt  time.Time `json:"updatedAt"`
}

// Conference is a student-led conference.
type Conference struct {
	ID     string `json:"id"`
	Status string `json:"status"`
	// Term is the conference window's term ("Fall 2026").
	Term                string     `json:"term"`
	StartsAt            *time.Time `json:"startsAt"`
	EndsAt              *time.Time `json:"endsAt"`
	HostID              string     `json:"hostID"`
	Location            string     `json:"location"`
	VideoURL            string     `json:"videoURL"`
	InterpreterLanguage string     `json:"interpreterLanguage"`
	Accommodations      string     `json:"accommodations"`
	Agenda              string     `json:"agenda"`
	// Notes are the host's notes: "" for a family or student when the
	// host has not shared them (NotesShared), as in the API.
	Notes       string `json:"notes"`
	NotesShared bool   `json:"notesShared"`
	NextSteps   string `json:"nextSteps"`
	// Questions are the family's questions from booking: "" for the
	// student when the family kept them for the host (QuestionsPrivate).
	Questions        string `json:"questions"`
	QuestionsPrivate bool   `json:"questionsPrivate"`
	FamilyFeedback   string `json:"familyFeedback"`
	StudentFeedback  string `json:"studentFeedback"`
	// BookedByID is who booked it (a guardian, or staff for the family).
	BookedByID  *string    `json:"bookedByID"`
	CancelledAt *time.Time `json:"cancelledAt"`
	// JointID is shared by the conferences of siblings booked together as
	// one meeting, or null.
	JointID     *string   `json:"jointID"`
	AttendeeIDs []string  `json:"attendeeIDs"`
	CreatedAt   time.Time `json:"createdAt"`
	UpdatedAt   time.Time `json:"updatedAt"`
}

// Section is a part of the student's home page, in page order (position).
type Section struct {
	ID        string         `json:"id"`
	Title     string         `json:"title"`
	Position  int            `json:"position"`
	Blocks    []ContentBlock `json:"blocks"`
	CreatedAt time.Time      `json:"createdAt"`
	UpdatedAt time.Time      `json:"updatedAt"`
}

// ContentBlock is one block of a section.
type ContentBlock struct {
	// Kind is text, evidence, goal or link.
	Kind  string `json:"kind"`
	Text  string `json:"text"`
	RefID string `json:"refID"`
	URL   string `json:"url"`
}

// Collection is evidence, goals and reflections the student curated.
type Collection struct {
	ID            string      `json:"id"`
	Title         string      `json:"title"`
	Description   string      `json:"description"`
	Audience      string      `json:"audience"`
	EvidenceIDs   []string    `json:"evidenceIDs"`
	GoalIDs       []string    `json:"goalIDs"`
	ReflectionIDs []string    `json:"reflectionIDs"`
	ShareLinks    []ShareLink `json:"shareLinks"`
	CreatedAt     time.Time   `json:"createdAt"`
	UpdatedAt     time.Time   `json:"updatedAt"`
}

// ShareLink is a link that shared a collection; the secret in it is never
// stored, so it is not in the export either.
type ShareLink struct {
	ID          string     `json:"id"`
	CreatedByID string     `json:"createdByID"`
	StartsAt    time.Time  `json:"startsAt"`
	EndsAt      *time.Time `json:"endsAt"`
	RevokedAt   *time.Time `json:"revokedAt"`
	CreatedAt   time.Time  `json:"createdAt"`
	UpdatedAt   time.Time  `json:"updatedAt"`
}

// AnnualReview is the yearly sign-off of the plan.
type AnnualReview struct {
	ID               string     `json:"id"`
	SchoolYear       string     `json:"schoolYear"`
	StudentSignedAt  *time.Time `json:"studentSignedAt"`
	StaffSignerID    *string    `json:"staffSignerID"`
	StaffSignedAt    *time.Time `json:"staffSignedAt"`
	GuardianSignerID *string    `json:"guardianSignerID"`
	GuardianSignedAt *time.Time `json:"guardianSignedAt"`
	Notes            string     `json:"notes"`
	// The snapshots are the plan as each signer saw it when signing, or
	// null. An export holds only those that show nothing the exporter may
	// not see: a family's the guardian's, an admin's the staff's and the
	// guardian's, the student's and the system's all three.
	StudentSnapshot  *review.Snapshot `json:"studentSnapshot"`
	StaffSnapshot    *review.Snapshot `json:"staffSnapshot"`
	GuardianSnapshot *review.Snapshot `json:"guardianSnapshot"`
	CreatedAt        time.Time        `json:"createdAt"`
	UpdatedAt        time.Time        `json:"updatedAt"`
}

// EndorsementRequest is the student asking a partner to endorse evidence.
type EndorsementRequest struct {
	ID         string `json:"id"`
	EvidenceID string `json:"evidenceID"`
	PartnerID  string `json:"partnerID"`
	Message    string `json:"message"`
	// Status is PENDING, ENDORSED, DECLINED, WITHDRAWN or EXPIRED.
	Status        string     `json:"status"`
	ExpiresAt     time.Time  `json:"expiresAt"`
	RespondedAt   *time.Time `json:"respondedAt"`
	DeclineReason string     `json:"declineReason"`
	// Endorsement is the partner's endorsement, or null.
	Endorsement *Endorsement `json:"endorsement"`
	CreatedAt   time.Time    `json:"createdAt"`
	UpdatedAt   time.Time    `json:"updatedAt"`
}

// Endorsement is a partner's endorsement of evidence.
type Endorsement struct {
	ID        string     `json:"id"`
	PartnerID string     `json:"partnerID"`
	Statement string     `json:"statement"`
	Skills    []SkillRef `json:"skills"`
	IssuedAt  time.Time  `json:"issuedAt"`
	RevokedAt *time.Time `json:"revokedAt"`
	CreatedAt time.Time  `json:"createdAt"`
	UpdatedAt time.Time  `json:"updatedAt"`
}

// AmendmentRequest is a request to amend a record of the plan, with its
// history.
type AmendmentRequest struct {
	ID          string `json:"id"`
	RequesterID string `json:"requesterID"`
	SubjectType string `json:"subjectType"`
	SubjectID   string `json:"subjectID"`
	Reason      string `json:"reason"`
	// Status is OPEN, AMENDED or DECLINED.
	Status       string     `json:"status"`
	Resolution   string     `json:"resolution"`
	ResolvedByID *string    `json:"resolvedByID"`
	ResolvedAt   *time.Time `json:"resolvedAt"`
	// Events are the request's steps, oldest first.
	Events    []AmendmentEvent `json:"events"`
	CreatedAt time.Time        `json:"createdAt"`
	UpdatedAt time.Time        `json:"updatedAt"`
}

// AmendmentEvent is one step of an amendment request.
type AmendmentEvent struct {
	ID      string    `json:"id"`
	ActorID string    `json:"actorID"`
	Status  string    `json:"status"`
	Note    string    `json:"note"`
	At      time.Time `json:"at"`
}
