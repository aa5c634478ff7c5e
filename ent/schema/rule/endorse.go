package rule

import (
	"context"
	"fmt"
	"slices"

	"entgo.io/ent/entql"

	"plp/ent"
	"plp/ent/endorsementrequest"
	"plp/ent/privacy"
	"plp/ent/schema/pulid"
	"plp/internal/platform/apperr"
	"plp/internal/platform/viewer"
)

// PartnerAnswersRequest lets the partner a request is addressed to answer
// it while it is pending: change only the given fields (status, when and
// why), and set the status only to ENDORSED or DECLINED. Anything else a
// partner tries falls through to the rules after it (the student's).
func PartnerAnswersRequest(fields ...string) privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		v := viewer.FromContext(ctx)
		if !m.Op().Is(ent.OpUpdateOne|ent.OpUpdate) || len(SchoolsWhere(v, viewer.RolePartner)) == 0 {
			return privacy.Skip
		}
		for _, f := range append(m.Fields(), m.ClearedFields()...) {
			if f != "updated_at" && !slices.Contains(fields, f) {
				return privacy.Skip
			}
		}
		if status, set := m.Field("status"); set {
			if s := fmt.Sprint(status); s != "ENDORSED" && s != "DECLINED" {
				return privacy.Skip
			}
		}
		return narrow(ctx, m, func(context.Context) entql.P {
			return allOf(entql.FieldEQ("partner_id", string(v.AccountID)), inSchools(v, viewer.RolePartner), entql.FieldEQ("status", "PENDING"))
		})
	})
}

// PartnerEndorses lets only the partner a request is addressed to write an
// endorsement for it, as themselves, while the request is pending and for
// the evidence it names; the partner, or an admin of the school, may later
// revoke it (set revoked_at, nothing else). An endorsement is never deleted
// by a person: its credential must keep answering "revoked".
func PartnerEndorses() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		v := viewer.FromContext(ctx)
		me := string(v.AccountID)
		switch {
		case m.Op().Is(ent.OpCreate):
			partner, _ := m.Field("partner_id")
			request, _ := m.Field("request_id")
			evidenceID, _ := m.Field("evidence_id")
			if fmt.Sprint(partner) != me {
				return privacy.Denyf("%w", apperr.New(apperr.Forbidden, "You can only endorse as yourself."))
			}
			client := m.(interface{ Client() *ent.Client }).Client()
			asked, err := client.EndorsementRequest.Query().Where(
				endorsementrequest.ID(pulid.ID(fmt.Sprint(request))),
				endorsementrequest.PartnerID(v.AccountID),
				endorsementrequest.EvidenceID(pulid.ID(fmt.Sprint(evidenceID))),
				endorsementrequest.StatusEQ(endorsementrequest.StatusPending),
			).Exist(ctx)
			if err != nil {
				return privacy.Denyf("check endorsement request %v: %w", request, err)
			}
			if !asked {
				return privacy.Denyf("%w", apperr.New(apperr.Forbidden, "Only the partner a pending request was sent to can endorse the evidence."))
			}
			return privacy.Allow
		case m.Op().Is(ent.OpUpdateOne | ent.OpUpdate):
			for _, f := range append(m.Fields(), m.ClearedFields()...) {
				if f != "revoked_at" && f != "updated_at" {
					return privacy.Denyf("%w", apperr.New(apperr.Forbidden, "An endorsement cannot be changed once given; it can only be revoked."))
				}
			}
			return narrow(ctx, m, func(context.Context) entql.P {
				return anyOf(entql.FieldEQ("partner_id", me), inSchools(v, viewer.RoleAdmin))
			})
		}
		return privacy.Denyf("%w", apperr.New(apperr.Forbidden, "Endorsements are revoked, never deleted."))
	})
}
