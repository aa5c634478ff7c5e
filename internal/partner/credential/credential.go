// Package credential exports endorsements as Open Badges 3.0
// EndorsementCredentials: a JSON-LD verifiable credential whose issuer is
// the partner's profile and whose subject is the endorsed evidence, signed
// as a VC-JWT (EdDSA, Ed25519) with a key the server keeps and rotates. The
// public keys are published as a JWKS; Verify tells a credential that is
// valid from one that is revoked or tampered with.
//
// The JWT follows Open Badges 3.0 §8.2 (VC-JWT): the header names alg
// EdDSA, typ JWT and the key's kid; the payload is the credential itself,
// plus the registered claims iss (issuer.id), jti (id), sub
// (credentialSubject.id), nbf and iat (validFrom).
package credential

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"plp/ent"
	"plp/ent/account"
	"plp/ent/endorsement"
	"plp/ent/evidence"
	"plp/ent/partnership"
	"plp/ent/schema/pulid"
	"plp/internal/platform/apperr"
	"plp/internal/platform/viewer"
)

// Contexts of an Open Badges 3.0 credential, in order.
var Contexts = []string{
	"https://www.w3.org/ns/credentials/v2",
	"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
}

// idPrefix turns an endorsement's ID into its credential's ID, and back.
const idPrefix = "urn:plp:endorsement:"

// Service issues and verifies credentials.
type Service struct {
	// secret seals private keys at rest (PLP_KEY_SECRET); without one
	// they are stored raw, readable only by the server's own queries.
	secret []byte
}

// NewService returns a service that seals keys with secret (may be empty).
func NewService(secret string) *Service {
	return &Service{secret: []byte(secret)}
}

// Credential is an endorsement as a verifiable credential.
type Credential struct {
	// ID is the credential's id (urn:plp:endorsement:...).
	ID string
	// Document is the credential as JSON-LD.
	Document map[string]any
	// JWT is the document signed as a VC-JWT (compact JWS).
	JWT string
	// Revoked reports whether the endorsement has been revoked.
	Revoked bool
}

// Issue builds and signs the credential of an endorsement the viewer can
// see (NOT_FOUND otherwise), in c. Signing with the current key each time
// means the answer after a key rotation carries the new kid; credentials
// signed before still verify with the old key.
func (s *Service) Issue(ctx context.Context, c *ent.Client, id pulid.ID) (*Credential, error) {
	seen, err := c.Endorsement.Query().Where(endorsement.ID(id)).Exist(ctx)
	if err != nil {
		return nil, fmt.Errorf("read endorsement %s: %w", id, err)
	}
	if !seen {
		return nil, apperr.New(apperr.NotFound, "No endorsement with that ID that you can see.")
	}
	out, err := s.issue(ctx, c, []pulid.ID{id})
	if err != nil {
		return nil, err
	}
	if len(out) != 1 {
		return nil, fmt.Errorf("issue credential of endorsement %s: read %d rows", id, len(out))
	}
	return out[0], nil
}

// Bundle signs the credentials of every endorsement of a student's
// evidence that the viewer can see, oldest first: the set a student takes
// to another school or an employer. Revoked endorsements are left out.
func (s *Service) Bundle(ctx context.Context, c *ent.Client, studentID pulid.ID) ([]*Credential, error) {
	ids, err := c.Endorsement.Query().
		Where(endorsement.HasEvidenceWith(evidence.StudentID(studentID)), endorsement.RevokedAtIsNil()).
		Order(endorsement.ByIssuedAt(), endorsement.ByID()).
		IDs(ctx)
	if err != nil {
		return nil, fmt.Errorf("read endorsements of student %s: %w", studentID, err)
	}
	if len(ids) == 0 {
		return []*Credential{}, nil
	}
	out, err := s.issue(ctx, c, ids)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// issue builds the credentials of endorsements the viewer was allowed to
// see. The parts a credential names (the evidence, the partner's name and
// organization, the skills) are read as the system, in one statement per
// kind, not per credential: the viewer saw the endorsement, and its
// credential is meant to travel with these facts.
func (s *Service) issue(ctx context.Context, c *ent.Client, ids []pulid.ID) ([]*Credential, error) {
	sys := viewer.SystemContext(ctx)
	rows, err := c.Endorsement.Query().Where(endorsement.IDIn(ids...)).
		WithSkills().
		WithEvidence(func(q *ent.EvidenceQuery) {
			q.Select(evidence.FieldID, evidence.FieldStudentID, evidence.FieldTitle, evidence.FieldDescription,
				evidence.FieldKind, evidence.FieldOccurredOn, evidence.FieldURL)
		}).
		WithPartner(func(q *ent.AccountQuery) { q.Select(account.FieldID, account.FieldName) }).
		Order(endorsement.ByIssuedAt(), endorsement.ByID()).
		All(sys)
	if err != nil {
		return nil, fmt.Errorf("read endorsements: %w", err)
	}
	orgs, err := organizations(sys, c, rows)
	if err != nil {
		return nil, err
	}
	k, err := s.activeKey(ctx, c)
	if err != nil {
		return nil, err
	}
	out := make([]*Credential, 0, len(rows))
	for _, e := range rows {
		doc := document(e, orgs[orgKey(e)])
		token, err := sign(k, doc)
		if err != nil {
			return nil, err
		}
		out = append(out, &Credential{ID: doc["id"].(string), Document: doc, JWT: token, Revoked: e.RevokedAt != nil})
	}
	return out, nil
}

func orgKey(e *ent.Endorsement) string {
	if e.Edges.Evidence == nil {
		return ""
	}
	return string(e.Edges.Evidence.StudentID) + "/" + string(e.PartnerID)
}

// organizations maps student/partner to the organization of their
// partnership, one statement for all.
func organizations(sys context.Context, c *ent.Client, rows []*ent.Endorsement) (map[string]string, error) {
	var partners []pulid.ID
	for _, e := range rows {
		partners = append(partners, e.PartnerID)
	}
	out := map[string]string{}
	if len(partners) == 0 {
		return out, nil
	}
	ps, err := c.Partnership.Query().Where(partnership.PartnerIDIn(partners...)).
		Select(partnership.FieldStudentID, partnership.FieldPartnerID, partnership.FieldOrganization).
		Order(partnership.ByStartsOn()).
		All(sys)
	if err != nil {
		return nil, fmt.Errorf("read partnerships: %w", err)
	}
	for _, p := range ps {
		out[string(p.StudentID)+"/"+string(p.PartnerID)] = p.Organization // the latest wins
	}
	return out, nil
}

// document is the JSON-LD EndorsementCredential of an endorsement.
func document(e *ent.Endorsement, organization string) map[string]any {
	issuer := map[string]any{
		"id":   "urn:plp:account:" + string(e.PartnerID),
		"type": []string{"Profile"},
	}
	if p := e.Edges.Partner; p != nil {
		issuer["name"] = p.Name
	}
	if organization != "" {
		issuer["description"] = "Community partner, " + organization
	}
	subject := map[string]any{
		"id":                 "urn:plp:evidence:" + string(e.EvidenceID),
		"type":               []string{"EndorsementSubject"},
		"endorsementComment": e.Statement,
	}
	ev := map[string]any{
		"id":   "urn:plp:evidence:" + string(e.EvidenceID),
		"type": []string{"Evidence"},
	}
	if x := e.Edges.Evidence; x != nil {
		ev["name"] = x.Title
		if x.Description != "" {
			ev["description"] = x.Description
		}
		ev["genre"] = strings.ToLower(string(x.Kind))
		if x.URL != "" {
			ev["id"] = x.URL
		}
		ev["audience"] = "Work done on " + x.OccurredOn.UTC().Format("2006-01-02")
	}
	if len(e.Edges.Skills) > 0 {
		names := make([]string, len(e.Edges.Skills))
		for i, sk := range e.Edges.Skills {
			names[i] = sk.Name
		}
		ev["narrative"] = "Skills shown: " + strings.Join(names, ", ") + "."
	}
	name := "Endorsement"
	if x := e.Edges.Evidence; x != nil {
		name = "Endorsement of " + x.Title
	}
	return map[string]any{
		"@context":          Contexts,
		"id":                idPrefix + string(e.ID),
		"type":              []string{"VerifiableCredential", "EndorsementCredential"},
		"name":              name,
		"issuer":            issuer,
		"validFrom":         e.IssuedAt.UTC().Format(time.RFC3339),
		"credentialSubject": subject,
		"evidence":          []any{ev},
	}
}

// sign encodes doc as a VC-JWT signed with k.
func sign(k *key, doc map[string]any) (string, error) {
	claims := jwt.MapClaims{}
	for name, v := range doc {
		claims[name] = v
	}
	validFrom, _ := time.Parse(time.RFC3339, doc["validFrom"].(string))
	claims["iss"] = doc["issuer"].(map[string]any)["id"]
	claims["jti"] = doc["id"]
	claims["sub"] = doc["credentialSubject"].(map[string]any)["id"]
	claims["nbf"] = validFrom.Unix()
	claims["iat"] = validFrom.Unix()
	t := jwt.NewWithClaims(jwt.SigningMethodEdDSA, claims)
	t.Header["kid"] = k.kid
	signed, err := t.SignedString(k.private)
	if err != nil {
		return "", fmt.Errorf("sign credential %v: %w", doc["id"], err)
	}
	return signed, nil
}

// Status is what verification found.
type Status string

// The answers of Verify.
const (
	// Valid: signed by one of the server's keys, unchanged, not revoked.
	Valid Status = "valid"
	// Revoked: genuine, but the endorsement was revoked (or deleted).
	Revoked Status = "revoked"
	// Tampered: not a credential the server signed as it stands: the
	// signature does not match, the key is unknown, or it is malformed.
	Tampered Status = "tampered"
)

// Result is the answer to a verification.
type Result struct {
	Status Status `json:"status"`
	// Reason says why a credential is not valid.
	Reason string `json:"reason,omitempty"`
	// ID and Kid identify the credential and the key that signed it,
	// once the signature checks.
	ID  string `json:"id,omitempty"`
	Kid string `json:"kid,omitempty"`
	// RevokedAt is when the endorsement was revoked.
	RevokedAt *time.Time `json:"revokedAt,omitempty"`
	// Credential is the verified payload.
	Credential map[string]any `json:"credential,omitempty"`
}

// Verify checks a VC-JWT against the server's keys and the endorsement's
// state. It needs no viewer: anyone holding a credential may check it.
// Only the signature, the key and the endorsement's revocation are read.
func Verify(ctx context.Context, c *ent.Client, token string) (Result, error) {
	var kid string
	var lookupErr error
	parsed, err := jwt.Parse(strings.TrimSpace(token), func(t *jwt.Token) (any, error) {
		kid, _ = t.Header["kid"].(string)
		if kid == "" {
			return nil, errors.New("no kid in the header")
		}
		pub, err := publicKey(ctx, c, kid)
		if ent.IsNotFound(err) {
			return nil, fmt.Errorf("unknown key %q", kid)
		}
		if err != nil {
			lookupErr = err
			return nil, err
		}
		return pub, nil
	}, jwt.WithValidMethods([]string{jwt.SigningMethodEdDSA.Alg()}), jwt.WithoutClaimsValidation())
	if lookupErr != nil {
		return Result{}, fmt.Errorf("read signing key %q: %w", kid, lookupErr)
	}
	if err != nil {
		return Result{Status: Tampered, Reason: reason(err)}, nil
	}
	claims, _ := parsed.Claims.(jwt.MapClaims)
	id, _ := claims["jti"].(string)
	docID, _ := claims["id"].(string)
	if !strings.HasPrefix(id, idPrefix) || id != docID {
		return Result{Status: Tampered, Reason: "The credential's id is not one this server issues."}, nil
	}
	res := Result{ID: id, Kid: kid, Credential: claims}
	rows, err := c.Endorsement.Query().Where(endorsement.ID(pulid.ID(strings.TrimPrefix(id, idPrefix)))).
		Select(endorsement.FieldID, endorsement.FieldRevokedAt).All(viewer.SystemContext(ctx))
	if err != nil {
		return Result{}, fmt.Errorf("read endorsement of %s: %w", id, err)
	}
	switch {
	case len(rows) == 0:
		res.Status, res.Reason = Revoked, "The endorsement no longer exists."
	case rows[0].RevokedAt != nil:
		res.Status, res.Reason, res.RevokedAt = Revoked, "The partner or the school revoked this endorsement.", rows[0].RevokedAt
	default:
		res.Status = Valid
	}
	return res, nil
}

// reason explains a failed signature check without echoing the token.
func reason(err error) string {
	switch {
	case errors.Is(err, jwt.ErrTokenMalformed):
		return "The credential is not a well-formed JWT."
	case errors.Is(err, jwt.ErrTokenSignatureInvalid):
		return "The signature does not match the content: the credential was changed after it was signed."
	case errors.Is(err, jwt.ErrTokenUnverifiable):
		return "The credential was not signed by one of this server's keys."
	}
	return "The credential could not be verified."
}

// MarshalDocument is the credential's JSON-LD text.
func (c *Credential) MarshalDocument() (string, error) {
	b, err := json.Marshal(c.Document)
	if err != nil {
		return "", fmt.Errorf("encode credential %s: %w", c.ID, err)
	}
	return string(b), nil
}
