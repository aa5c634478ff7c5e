package graph

import (
	"context"
	"plp/internal/conference/live"

	"plp/ent/conference"
	"plp/internal/conference/agenda"

	"plp/ent/account"
	"plp/graph/model"
	"plp/internal/platform/apperr"
	"plp/internal/platform/viewer"
	"plp/internal/school/requirements"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"

	"plp/ent"
	"plp/ent/schema/pulid"
	"plp/internal/caseload"
	"plp/internal/partner/credential"
	"plp/internal/platform/auth"
	"plp/internal/platform/storage"
)

// Resolver is the root resolver; it holds what every resolver needs.
type Resolver struct {
	Client *ent.Client
	Auth   *auth.Service
	// Files stores uploaded files (evidence).
	Files *storage.Store
	// StationGuesses limits wrong personal codes per evidence station (nil:
	// no limit).
	StationGuesses *auth.RateLimiter
	// Credentials signs endorsements as verifiable credentials.
	Credentials *credential.Service
	// Slots fans out changes of slot availability to subscribers.
	Slots *live.Broker
	// PublicURL is where the server answers (https://plp.example), for
	// the absolute addresses the API hands out (calendar feeds).
	PublicURL string
}

// credentialModel presents a signed credential.
func credentialModel(c *credential.Credential) (*model.EndorsementCredential, error) {
	doc, err := c.MarshalDocument()
	if err != nil {
		return nil, err
	}
	return &model.EndorsementCredential{ID: c.ID, JSON: doc, Jwt: c.JWT, Revoked: c.Revoked}, nil
}

// db returns the request's transaction when there is one (mutations run in
// one), and the plain client otherwise.
func (r *Resolver) db(ctx context.Context) *ent.Client {
	if c := ent.FromContext(ctx); c != nil {
		return c
	}
	return r.Client
}

// viewer loads the signed-in account and its memberships in one query each.
func (r *Resolver) viewer(ctx context.Context) (*model.Viewer, error) {
	v := viewer.FromContext(ctx)
	if v == nil || v.IsSystem() {
		return nil, apperr.New(apperr.Unauthenticated, "Sign in first: send Authorization: Bearer <token> from signIn.")
	}
	acc, err := r.db(ctx).Account.Query().Where(account.ID(v.AccountID)).WithMemberships().Only(ctx)
	if err != nil {
		return nil, err
	}
	return &model.Viewer{Account: acc, Memberships: acc.Edges.Memberships, SessionExpiresAt: v.SessionExpiresAt}, nil
}

// caseloadOrder turns the API's ordering into the domain's.
func caseloadOrder(o *model.CaseloadOrder) caseload.Order {
	if o == nil {
		return caseload.Order{Field: caseload.ByName}
	}
	return caseload.Order{Field: caseload.OrderField(o.Field), Desc: o.Direction == entgql.OrderDirectionDesc}
}

// deref is *p, or def when p is nil.
func deref[T any](p *T, def T) T {
	if p == nil {
		return def
	}
	return *p
}

// agendaOf reads a conference's stored agenda. Field collection may have
// left the agenda column out of obj, so an empty one is read again.
func (r *Resolver) agendaOf(ctx context.Context, obj *ent.Conference) (*agenda.Agenda, error) {
	text := obj.Agenda
	if text == "" {
		// Only scans the column NULL-safely (Strings does not: a
		// conference whose agenda is not built yet has NULL there).
		stored, err := r.db(ctx).Conference.Query().Where(conference.ID(obj.ID)).Select(conference.FieldAgenda).Only(ctx)
		if err != nil {
			return nil, err
		}
		text = stored.Agenda
	}
	return agenda.Parse(text)
}

// requirementChange is an UpdateRequirementInput as a requirements.Change:
// clearing the description empties it; clearing the due date is refused
// by requirements.Update (a requirement keeps one).
func requirementChange(in ent.UpdateRequirementInput) requirements.Change {
	c := requirements.Change{Grade: in.Grade, Title: in.Title, Description: in.Description, DueOn: in.DueOn,
		Kind: in.Kind, Area: in.Area, MinCount: in.MinCount, Pathway: in.Pathway, ClearDueOn: in.ClearDueOn,
		ClearArea: in.ClearArea, ClearMinCount: in.ClearMinCount, ClearPathway: in.ClearPathway}
	if in.ClearDescription && in.Description == nil {
		empty := ""
		c.Description = &empty
	}
	return c
}

// pulidIDs converts IDs as GraphQL gives them.
func pulidIDs(ids []string) []pulid.ID {
	out := make([]pulid.ID, len(ids))
	for i, id := range ids {
		out[i] = pulid.ID(id)
	}
	return out
}

// signedIn answers a sign-in of any kind with its token and viewer.
func (r *Resolver) signedIn(ctx context.Context, s *auth.Session) (*model.SignInPayload, error) {
	v, err := r.viewer(viewer.NewContext(ctx, s.Viewer))
	if err != nil {
		return nil, err
	}
	return &model.SignInPayload{Token: s.Token, ExpiresAt: s.ExpiresAt, Viewer: v}, nil
}

// userAgent is the User-Agent of the request, for a new session.
func userAgent(ctx context.Context) string {
	return graphql.GetOperationContext(ctx).Headers.Get("User-Agent")
}
