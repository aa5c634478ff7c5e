package audit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"strings"

	"plp/ent/auditevent"
	"plp/ent/schema/pulid"
)

// SubjectAccount is the subject type of sign-in events.
const SubjectAccount = "Account"

// SignIn records a sign-in attempt: LOGIN when ok, LOGIN_FAILED otherwise
// (reason says why: "wrong password", "locked", ...). It writes one event
// per school of the account, so that each school's trail shows its own
// people's sign-ins.
//
// An attempt with no school, because the email matches no account or the
// account has no role anywhere, cannot be stored (audit_events.school_id is
// required): it is logged at Info instead, with the email's domain and a
// short hash of it rather than the email itself (people type passwords into
// the email field), enough to see a spray of attempts against one address
// or domain.
func SignIn(ctx context.Context, account pulid.ID, schools []pulid.ID, email string, ok bool, reason string) {
	r := FromContext(ctx)
	if r == nil {
		return
	}
	action := auditevent.ActionLoginFailed
	if ok {
		action = auditevent.ActionLogin
	}
	if len(schools) == 0 {
		r.log.InfoContext(ctx, "audit: sign-in with no school, not stored",
			"audit_action", string(action), "audit_actor_id", string(account),
			"audit_request_id", RequestIDFrom(ctx), "audit_detail", reason,
			slog.Group("email", "domain", emailDomain(email), "sha256", emailHash(email)))
		return
	}
	at := r.opts.Now()
	requestID := RequestIDFrom(ctx)
	for _, school := range schools {
		r.Record(Event{
			SchoolID:    school,
			ActorID:     account,
			Action:      action,
			SubjectType: SubjectAccount,
			SubjectID:   string(account),
			RequestID:   requestID,
			Detail:      reason,
			At:          at,
		})
	}
}

func emailDomain(email string) string {
	if i := strings.LastIndexByte(email, '@'); i >= 0 {
		return clip(strings.ToLower(email[i+1:]), 100)
	}
	return ""
}

func emailHash(email string) string {
	sum := sha256.Sum256([]byte(strings.ToLower(strings.TrimSpace(email))))
	return hex.EncodeToString(sum[:6])
}
