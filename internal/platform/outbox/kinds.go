package outbox

import (
	"fmt"
	"slices"
)

// Kind declares one kind of mail. Every kind is declared here, once, beside
// its templates (templates/<language>/<kind>.txt, and optionally .html):
// LoadTemplates fails on a template of a kind not declared, on a declared
// kind without its template in every language, and on a template that
// reads data its kind does not declare; Enqueue refuses a kind not
// declared, and a message without the data its kind declares. So the code
// that writes a kind, its declaration and its templates cannot drift apart.
type Kind struct {
	// Essential mail is sent even to people who unsubscribed, and carries
	// no unsubscribe link: sign-in links, and what a person is party to
	// (their conferences, their endorsement requests).
	Essential bool
	// Secret mail carries something that must not outlive its sending
	// (a sign-in link): its payload is erased once it is sent or given up.
	Secret bool
	// Data are the keys of Message.Data its templates read, all of them
	// and no more. Each must be in every message of the kind (empty where
	// there is nothing to say: the templates leave it out); other keys may
	// be there too, for attachments or for people reading the outbox.
	// Links into PLP are built by the templates from View.BaseURL.
	Data []string
}

// The kinds of mail, by the name the outbox stores.
const (
	// KindMagicLink is a sign-in link (auth).
	KindMagicLink = "magic_link"
	// KindPasswordReset is a link to choose a new password (auth).
	KindPasswordReset = "password_reset"
	// KindInvitation invites a person to sign in for the first time: a
	// link to set a password, or the school's single sign-on (auth).
	KindInvitation = "invitation"
	// KindReflectionReminder prompts a student to reflect (reminders).
	KindReflectionReminder = "reflection_reminder"
	// KindFamilyDigest is a guardian's weekly digest (reminders).
	KindFamilyDigest = "family_digest"
	// KindConferenceBooked, Moved and Cancelled tell each guardian of a
	// booking's change, with the calendar invite (booking).
	KindConferenceBooked    = "conference_booked"
	KindConferenceMoved     = "conference_moved"
	KindConferenceCancelled = "conference_cancelled"
	// KindConferenceReminder reminds an attendee before a conference
	// (reminders).
	KindConferenceReminder = "conference_reminder"
	// KindConferenceAgenda and its Update send the agenda to the
	// attendees (agenda).
	KindConferenceAgenda       = "conference_agenda"
	KindConferenceAgendaUpdate = "conference_agenda_update"
	// KindWaitlistOffer offers a waiting family a freed slot (booking).
	KindWaitlistOffer = "waitlist_offer"
	// KindRequirementDue reminds a student of a plan requirement falling
	// due; KindRequirementDueAdvisees lists an advisor's advisees who have
	// not met it (requirements).
	KindRequirementDue         = "requirement_due"
	KindRequirementDueAdvisees = "requirement_due_advisees"
	// KindActionItemDue reminds the owner of an implementation action item
	// falling due (implementation).
	KindActionItemDue = "action_item_due"
	// KindEndorsementRequested asks a partner for an endorsement;
	// KindEndorsementGiven and Declined tell the student the answer
	// (endorsement).
	KindEndorsementRequested = "endorsement_requested"
	KindEndorsementGiven     = "endorsement_given"
	KindEndorsementDeclined  = "endorsement_declined"
)

// kinds declares every kind: whom it may reach, and what its templates
// read. Times are RFC 3339, shown in timezone (IANA) by the templates.
var kinds = map[string]Kind{
	KindMagicLink:          {Essential: true, Secret: true, Data: []string{"link", "validMinutes"}},
	KindPasswordReset:      {Essential: true, Secret: true, Data: []string{"link", "validMinutes"}},
	KindInvitation:         {Essential: true, Secret: true, Data: []string{"link", "validDays", "schoolName", "inviterName", "ssoLinks"}},
	KindReflectionReminder: {Data: []string{"prompt", "goal", "days", "never", "link"}},
	KindFamilyDigest:       {Data: []string{"student", "items", "link"}},
	KindConferenceBooked: {Essential: true, Data: []string{"studentName", "term", "hostName", "startsAt", "timezone",
		"location", "videoURL", "interpreter"}},
	KindConferenceMoved: {Essential: true, Data: []string{"studentName", "term", "hostName", "startsAt", "timezone",
		"location", "videoURL"}},
	KindConferenceCancelled: {Essential: true, Data: []string{"studentName", "term", "hostName", "startsAt", "timezone"}},
	KindConferenceReminder: {Essential: true, Data: []string{"studentName", "hostName", "startsAt", "timezone",
		"hoursBefore", "location", "videoURL", "ics"}},
	KindConferenceAgenda:       {Essential: true, Data: []string{"studentName", "startsAt", "timezone", "items"}},
	KindConferenceAgendaUpdate: {Essential: true, Data: []string{"studentName", "startsAt", "timezone", "items"}},
	KindWaitlistOffer:          {Essential: true, Data: []string{"studentName", "term", "startsAt", "timezone", "offerExpiresAt"}},
	KindRequirementDue:         {Data: []string{"title", "description", "due", "link"}},
	KindRequirementDueAdvisees: {Data: []string{"title", "due", "students", "link"}},
	KindActionItemDue:          {Data: []string{"title", "stepTitle", "due", "timezone", "status"}},
	KindEndorsementRequested:   {Essential: true, Data: []string{"studentName", "evidenceTitle", "message", "expiresAt", "timezone"}},
	KindEndorsementGiven:       {Essential: true, Data: []string{"partnerName", "evidenceTitle", "statement"}},
	KindEndorsementDeclined:    {Essential: true, Data: []string{"partnerName", "evidenceTitle", "reason"}},
}

// KindOf returns the declaration of a kind, and whether there is one.
func KindOf(name string) (Kind, bool) {
	k, ok := kinds[name]
	return k, ok
}

// Kinds lists the declared kinds' names, sorted.
func Kinds() []string {
	out := make([]string, 0, len(kinds))
	for name := range kinds {
		out = append(out, name)
	}
	slices.Sort(out)
	return out
}

// check returns the declaration of m's kind, or why m cannot be written:
// its kind is not declared, or it lacks data its kind declares.
func (m Message) check() (Kind, error) {
	k, ok := kinds[m.Kind]
	if !ok {
		return Kind{}, fmt.Errorf("enqueue %s: mail of kind %q is not declared (outbox/kinds.go)", m.Key, m.Kind)
	}
	for _, key := range k.Data {
		if _, ok := m.Data[key]; !ok {
			return Kind{}, fmt.Errorf("enqueue %s: mail of kind %s needs Data[%q]", m.Key, m.Kind, key)
		}
	}
	return k, nil
}
