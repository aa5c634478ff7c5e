package schema

import (
	"entgo.io/ent"

	"plp/ent/privacy"
	"plp/ent/schema/rule"
	"plp/internal/platform/viewer"
)

// Who may read and change what: every type's policy, in one place. The
// TenantMixin's policy runs first (the system passes, nobody unsigned-in
// does, nothing crosses schools); these decide the rest, and each ends in
// an explicit allow (with a filter) or deny. See rule.Audience for who Staff,
// Self, Family and Partner are.

// Plan specs: how each student-owned type hangs off its student.
var (
	// The host of a conference reads its student, whoever's advisee.
	studentPlan = rule.Plan{Readers: rule.Everyone, Writers: rule.Staff | rule.Self, Hosted: []string{"conferences", "slot"}}
	goalPlan    = rule.Plan{Path: []string{"student"}, Parent: rule.Parent{Field: "student_id", Table: "students"},
		Visibility: "visibility", Readers: rule.Everyone, Writers: rule.Staff | rule.Self}
	evidencePlan = rule.Plan{Path: []string{"student"}, Parent: rule.Parent{Field: "student_id", Table: "students"},
		Visibility: "visibility", Readers: rule.Everyone, Writers: rule.Staff | rule.Self}
)

// ofStudent is a plan of a type that hangs directly off its student.
func ofStudent(readers, writers rule.Audience) rule.Plan {
	return rule.Plan{Path: []string{"student"}, Parent: rule.Parent{Field: "student_id", Table: "students"},
		Readers: readers, Writers: writers}
}

// planPolicy reads and writes by plan specs.
func planPolicy(specs ...rule.Plan) ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.ReadPlan(specs...)},
		Mutation: privacy.MutationPolicy{rule.UnderThirteenNeedsConsent(), rule.WritePlan(specs...)},
	}
}

// schoolWide is read as read says and changed by the school's admins; a new
// row's school is given or, with a parent, comes from it.
func schoolWide(read privacy.QueryRule, parent *rule.Parent) ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{read},
		Mutation: privacy.MutationPolicy{rule.AdminOfSchool(parent)},
	}
}

// serverOnly is read as read says and written only by the server.
func serverOnly(read privacy.QueryRule) ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{read},
		Mutation: privacy.MutationPolicy{rule.DenyUnlessSystem()},
	}
}

func parent(field, table string) *rule.Parent { return &rule.Parent{Field: field, Table: table} }

// Policy of the School: its people read it, its admins change it.
func (School) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.AllowSystem(), rule.DenyAnonymous(), rule.StationOnly(), rule.FilterSchools()},
		Mutation: privacy.MutationPolicy{rule.AllowSystem(), rule.DenyAnonymous(), rule.StationOnly(), rule.WriteSchool()},
	}
}

// Policy of the Account: see rule.ReadAccounts and rule.WriteAccounts.
func (Account) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.AllowSystem(), rule.DenyAnonymous(), rule.StationOnly(), rule.ReadAccounts()},
		Mutation: privacy.MutationPolicy{rule.AllowSystem(), rule.DenyAnonymous(), rule.StationOnly(), rule.WriteAccounts()},
	}
}

// Policy of the Session: the server's sign-in code starts them; people see
// and end their own, admins end those of their school's people.
func (Session) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.AllowSystem(), rule.DenyAnonymous(), rule.StationOnly(), rule.ReadOwnSessions()},
		Mutation: privacy.MutationPolicy{rule.AllowSystem(), rule.DenyAnonymous(), rule.StationOnly(), rule.EndSessions()},
	}
}

// Policy of the SignInLink: only the server's sign-in code reads or writes it.
func (SignInLink) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.DenyUnlessSystem()},
		Mutation: privacy.MutationPolicy{rule.DenyUnlessSystem()},
	}
}

// Policy of the SignInFailure: only the server's sign-in code counts.
func (SignInFailure) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.DenyUnlessSystem()},
		Mutation: privacy.MutationPolicy{rule.DenyUnlessSystem()},
	}
}

// Policy of the SSOLogin: only the server's single sign-on reads or writes it.
func (SSOLogin) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.DenyUnlessSystem()},
		Mutation: privacy.MutationPolicy{rule.DenyUnlessSystem()},
	}
}

// Policy of the Invitation: the school's admins invite, see who has not
// accepted, and send again; accepting is the server's (by the link's token).
func (Invitation) Policy() ent.Policy {
	return schoolWide(rule.ReadIfRole(viewer.RoleAdmin), nil)
}

// Policy of the SSOProvider: the school's admins configure single sign-on;
// signing in reads it as the server.
func (SSOProvider) Policy() ent.Policy {
	return schoolWide(rule.ReadIfRole(viewer.RoleAdmin), nil)
}

// Policy of the Membership: people see their own roles, staff the roster of
// their school; admins grant roles.
func (Membership) Policy() ent.Policy {
	return schoolWide(rule.ReadOwnOrSchoolStaff("account_id", rule.StaffRoles...), nil)
}

// Policy of the Student: everyone of the plan reads the record; staff and
// the student change it (the student only their own profile), the family
// its directory opt-out and consent; admins enrol.
func (Student) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{rule.ReadPlan(studentPlan)},
		Mutation: privacy.MutationPolicy{
			rule.OnCreate(rule.AdminOfSchool(nil)),
			rule.FamilyDecidesDirectoryAndConsent(studentPlan),
			rule.StudentEditsOwnProfileOnly(studentPlan, "preferred_name", "pronouns", "identity_statement", "strengths",
				"interests", "learning_preferences", "theme", "cover_image_key", "cover_image_type"),
			rule.WritePlan(studentPlan),
		},
	}
}

// Policy of the Guardianship: the student, their family and staff read it;
// admins change it; a student of 18 or over can withdraw a family member's
// access.
func (Guardianship) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.ReadPlan(ofStudent(rule.Staff|rule.Self|rule.Family, 0))},
		Mutation: privacy.MutationPolicy{rule.EligibleStudentWithdrawsFamily(), rule.AdminOfSchool(parent("student_id", "students"))},
	}
}

// Policy of the Partnership: the student, family and staff read it, the
// partner their own; admins change it.
func (Partnership) Policy() ent.Policy {
	p := ofStudent(rule.Staff|rule.Self|rule.Family, 0)
	p.Own = "partner_id"
	return schoolWide(rule.ReadPlan(p), parent("student_id", "students"))
}

// Policy of the Goal: by its visibility; the student and staff write.
func (Goal) Policy() ent.Policy { return planPolicy(goalPlan) }

// Policy of the Milestone: as its goal.
func (Milestone) Policy() ent.Policy {
	return planPolicy(goalPlan.Under("goal", rule.Parent{Field: "goal_id", Table: "goals"}))
}

// Policy of the Evidence: by its visibility; the student and staff write.
func (Evidence) Policy() ent.Policy { return planPolicy(evidencePlan) }

// Policy of the Reflection: the student, family and staff read; the student
// and staff write.
func (Reflection) Policy() ent.Policy {
	return planPolicy(ofStudent(rule.Staff|rule.Self|rule.Family, rule.Staff|rule.Self))
}

// Policy of the SelfAssessment: the student, family and staff read; the
// student writes their own (STUDENT) assessments, staff theirs (ADVISOR)
// beside them.
func (SelfAssessment) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{rule.ReadPlan(ofStudent(rule.Staff|rule.Self|rule.Family, 0))},
		Mutation: privacy.MutationPolicy{rule.UnderThirteenNeedsConsent(),
			rule.WriteAssessments(ofStudent(rule.Staff|rule.Self|rule.Family, 0))},
	}
}

// Policy of the Comment: visible as the goal or evidence it is on; anyone
// who sees the item may comment, as themselves; only the author edits.
func (Comment) Policy() ent.Policy {
	onGoal := goalPlan.Under("goal", rule.Parent{Field: "goal_id", Table: "goals"})
	onEvidence := evidencePlan.Under("evidence", rule.Parent{Field: "evidence_id", Table: "evidences"})
	// Whoever sees the item may comment on it.
	onGoal.Writers, onEvidence.Writers = onGoal.Readers, onEvidence.Readers
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.ReadPlan(onGoal, onEvidence)},
		Mutation: privacy.MutationPolicy{rule.AuthorIsViewer("author_id"), rule.WritePlan(onGoal, onEvidence)},
	}
}

// Policy of the Conference: the student, family, staff and the slot's host read; staff
// write; a guardian who may book books, moves and cancels (the booking
// package adds the window and cut-off rules); the family and the student
// each leave their own feedback, and the student arranges the agenda.
func (Conference) Policy() ent.Policy {
	p := ofStudent(rule.Staff|rule.Self|rule.Family, rule.Staff)
	// The host always sees the conferences in her slots.
	read := p
	read.Hosted = []string{"slot"}
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.ReadPlan(read)},
		Mutation: privacy.MutationPolicy{rule.WritesOwnPart(p), rule.GuardianBooks(p), rule.WritePlan(p)},
	}
}

// Policy of the WaitlistEntry: as the conference; offers are made by the
// server (as the system) when a seat frees.
func (WaitlistEntry) Policy() ent.Policy {
	p := ofStudent(rule.Staff|rule.Self|rule.Family, rule.Staff)
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.ReadPlan(p)},
		Mutation: privacy.MutationPolicy{rule.GuardianBooks(p), rule.WritePlan(p)},
	}
}

// Policy of the CalendarFeed: the person's own; admins see who has one.
func (CalendarFeed) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.ReadOwnOrSchoolStaff("account_id", viewer.RoleAdmin)},
		Mutation: privacy.MutationPolicy{rule.OwnFeed()},
	}
}

// Policy of the Section: the student's own page; family and staff read.
func (Section) Policy() ent.Policy {
	return planPolicy(ofStudent(rule.Staff|rule.Self|rule.Family, rule.Self))
}

// Policy of the Collection: the student curates; family and staff read.
func (Collection) Policy() ent.Policy {
	return planPolicy(ofStudent(rule.Staff|rule.Self|rule.Family, rule.Self))
}

// Policy of the ShareLink: the student and staff.
func (ShareLink) Policy() ent.Policy {
	return planPolicy(rule.Plan{Path: []string{"collection", "student"}, Parent: rule.Parent{Field: "collection_id", Table: "collections"},
		Readers: rule.Staff | rule.Self, Writers: rule.Self})
}

// Policy of the AnnualReview: the student, family and staff read; staff
// sign (and write) it; the student signs their own part, a guardian theirs.
func (AnnualReview) Policy() ent.Policy {
	p := ofStudent(rule.Staff|rule.Self|rule.Family, rule.Staff)
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.ReadPlan(p)},
		Mutation: privacy.MutationPolicy{rule.SignsOwnPart(p), rule.WritePlan(p)},
	}
}

// Policy of the EndorsementRequest: the student asks (and withdraws);
// family and staff read; the partner asked reads their own and answers it.
func (EndorsementRequest) Policy() ent.Policy {
	p := ofStudent(rule.Staff|rule.Self|rule.Family, rule.Self)
	p.Own = "partner_id"
	return privacy.Policy{
		Query: privacy.QueryPolicy{rule.ReadPlan(p)},
		Mutation: privacy.MutationPolicy{
			rule.PartnerAnswersRequest("status", "responded_at", "decline_reason"),
			rule.UnderThirteenNeedsConsent(), rule.WritePlan(p),
		},
	}
}

// Policy of the Endorsement: the student, family and staff read, the
// partner their own; only the partner asked writes one, for a pending
// request of theirs; the partner or a school admin revokes it.
func (Endorsement) Policy() ent.Policy {
	p := rule.Plan{Path: []string{"evidence", "student"}, Parent: rule.Parent{Field: "evidence_id", Table: "evidences"},
		Readers: rule.Staff | rule.Self | rule.Family, Own: "partner_id"}
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.ReadPlan(p)},
		Mutation: privacy.MutationPolicy{rule.PartnerEndorses()},
	}
}

// Policy of the SigningKey: only the server reads or writes the keys that
// sign credentials.
func (SigningKey) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.DenyUnlessSystem()},
		Mutation: privacy.MutationPolicy{rule.DenyUnlessSystem()},
	}
}

// Policy of the JobRun: only the server records and reads its jobs' runs.
func (JobRun) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.DenyUnlessSystem()},
		Mutation: privacy.MutationPolicy{rule.DenyUnlessSystem()},
	}
}

// Policy of the SchedulerLease: only the server's scheduler.
func (SchedulerLease) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.DenyUnlessSystem()},
		Mutation: privacy.MutationPolicy{rule.DenyUnlessSystem()},
	}
}

// Policy of the AmendmentRequest: the student, their family and staff; the
// requester sees their own.
func (AmendmentRequest) Policy() ent.Policy {
	p := ofStudent(rule.Staff|rule.Self|rule.Family, rule.Staff|rule.Self|rule.Family)
	p.Own = "requester_id"
	return planPolicy(p)
}

// Policy of the AmendmentEvent: as its request.
func (AmendmentEvent) Policy() ent.Policy {
	return planPolicy(rule.Plan{Path: []string{"request", "student"}, Parent: rule.Parent{Field: "request_id", Table: "amendment_requests"},
		Readers: rule.Staff | rule.Self | rule.Family, Writers: rule.Staff | rule.Self | rule.Family})
}

// Policy of the AuditEvent: admins, and the student and family of the
// records; only the server writes.
func (AuditEvent) Policy() ent.Policy { return serverOnly(rule.ReadAudit()) }

// Policy of the Notification: the recipient and admins; only the server
// writes.
func (Notification) Policy() ent.Policy {
	return serverOnly(rule.ReadOwnOrSchoolStaff("recipient_id", viewer.RoleAdmin))
}

// School-wide types: read by the school's members (or staff), changed by its
// admins.

// Policy of the Framework.
func (Framework) Policy() ent.Policy { return schoolWide(rule.ReadIfMember(), nil) }

// Policy of the Skill.
func (Skill) Policy() ent.Policy {
	return schoolWide(rule.ReadIfMember(), parent("framework_id", "frameworks"))
}

// Policy of the ConferenceWindow.
func (ConferenceWindow) Policy() ent.Policy { return schoolWide(rule.ReadIfMember(), nil) }

// Policy of the Slot: the school's people read; hosts keep their own
// slots, admins all of the school's. Seat counts change only through the
// Conference's seat hook, as the system.
func (Slot) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{rule.ReadIfMember()},
		Mutation: privacy.MutationPolicy{rule.HostKeepsSlots(),
			rule.AdminOfSchool(parent("window_id", "conference_windows"))},
	}
}

// Policy of the Requirement: the school's staff, students and families read
// its requirements (school rules, not anyone's data); partners do not;
// admins change them.
func (Requirement) Policy() ent.Policy {
	return schoolWide(rule.ReadIfRole(viewer.RoleAdmin, viewer.RoleCounselor, viewer.RoleAdvisor,
		viewer.RoleStudent, viewer.RoleFamily, viewer.RoleTeam), nil)
}

// Policy of the Station: the school's staff register, read and change
// stations; a station's own device token reads only itself (TenantMixin's
// rule.StationOnly).
func (Station) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.ReadIfStaff()},
		Mutation: privacy.MutationPolicy{rule.StaffOfSchool()},
	}
}

// Policy of the Category.
func (Category) Policy() ent.Policy { return schoolWide(rule.ReadIfMember(), nil) }

// Policy of the Step.
func (Step) Policy() ent.Policy {
	return schoolWide(rule.ReadIfMember(), parent("category_id", "categories"))
}

// Policy of the Resource.
func (Resource) Policy() ent.Policy {
	return schoolWide(rule.ReadIfMember(), parent("step_id", "steps"))
}

// Policy of the Survey: the school's PLP team reads; admins open and close.
func (Survey) Policy() ent.Policy { return schoolWide(rule.ReadIfTeam(), nil) }

// Policy of the SurveyResponse: the PLP team reads every answer; each
// member answers as themselves.
func (SurveyResponse) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.ReadIfTeam()},
		Mutation: privacy.MutationPolicy{rule.AuthorIsViewer("respondent_id"), rule.TeamOfSchool(parent("survey_id", "surveys"))},
	}
}

// Policy of the ActionItem: the PLP team reads and edits the action plan.
func (ActionItem) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.ReadIfTeam()},
		Mutation: privacy.MutationPolicy{rule.TeamOfSchool(parent("step_id", "steps"))},
	}
}
