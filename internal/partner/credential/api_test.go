package credential_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"plp/ent/evidence"
	"plp/ent/schema/pulid"
	"plp/internal/devtools/apitest"
	"plp/internal/partner/credential"
)

type apiCredential struct {
	ID, JSON, Jwt string
	Revoked       bool
}

type world struct {
	s                *apitest.Server
	w                *apitest.World
	sys              context.Context
	student, partner *apitest.Client
	skill            pulid.ID
}

func newWorld(t *testing.T) *world {
	t.Helper()
	s := apitest.NewServer(t)
	w := apitest.NewWorld(t, s.DB)
	sys := s.System()
	fw := s.DB.Client.Framework.Create().SetSchoolID(w.Home.School.ID).SetName("Transferable skills").SaveX(sys)
	skill := s.DB.Client.Skill.Create().SetFrameworkID(fw.ID).SetCode("TS-3").SetName("Collaboration").SaveX(sys).ID
	return &world{s: s, w: w, sys: sys, student: s.As(t, w.Home.StudentAccount), partner: s.As(t, w.Home.Partner), skill: skill}
}

// endorse has the student ask and the partner endorse new evidence through
// the API, and returns the endorsement's ID.
func (x *world) endorse(t *testing.T, title, statement string) pulid.ID {
	t.Helper()
	ev := x.s.DB.Client.Evidence.Create().SetStudentID(x.w.Home.Student.ID).SetTitle(title).SetKind("LINK").
		SetURL("https://example.org/work/" + strings.ReplaceAll(title, " ", "-")).
		SetOccurredOn(time.Date(2026, 10, 12, 0, 0, 0, 0, time.UTC)).SetVisibility(evidence.VisibilityPartners).SaveX(x.sys)
	var req struct {
		RequestEndorsement struct{ EndorsementRequest struct{ ID string } }
	}
	x.student.MustDo(t, `mutation($in: RequestEndorsementInput!) { requestEndorsement(input: $in) { endorsementRequest { id } } }`,
		map[string]any{"in": map[string]any{"evidenceID": ev.ID, "partnerID": x.w.Home.Partner.ID}}, &req)
	var out struct {
		EndorseEvidence struct{ Endorsement struct{ ID pulid.ID } }
	}
	x.partner.MustDo(t, `mutation($in: EndorseEvidenceInput!) { endorseEvidence(input: $in) { endorsement { id } } }`,
		map[string]any{"in": map[string]any{"requestID": req.RequestEndorsement.EndorsementRequest.ID, "statement": statement, "skillIDs": []pulid.ID{x.skill}}}, &out)
	return out.EndorseEvidence.Endorsement.ID
}

func (x *world) credential(t *testing.T, c *apitest.Client, id pulid.ID) apiCredential {
	t.Helper()
	var out struct {
		Node struct{ Credential apiCredential }
	}
	c.MustDo(t, `query($id: ID!) { node(id: $id) { ... on Endorsement { credential { id json jwt revoked } } } }`, map[string]any{"id": id}, &out)
	return out.Node.Credential
}

func (x *world) jwks(t *testing.T) credential.JWKS {
	t.Helper()
	status, body := x.s.Get(t, "/.well-known/jwks.json")
	if status != http.StatusOK {
		t.Fatalf("GET jwks: %d %s", status, body)
	}
	var set credential.JWKS
	if err := json.Unmarshal(body, &set); err != nil {
		t.Fatalf("jwks: %v\n%s", err, body)
	}
	return set
}

func (x *world) verify(t *testing.T, token string) credential.Result {
	t.Helper()
	resp, err := x.s.HTTP.Post(x.s.URL+"/credentials/verify", "application/json",
		strings.NewReader(`{"credential": "`+token+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("verify: status %d", resp.StatusCode)
	}
	var res credential.Result
	if err := json.NewDecoder(resp.Body).Decode(&res); err != nil {
		t.Fatal(err)
	}
	return res
}

// verifyWithJWKS checks a token the way an outside verifier would: with
// nothing but the published JWKS.
func verifyWithJWKS(set credential.JWKS, token string) (jwt.MapClaims, error) {
	claims := jwt.MapClaims{}
	_, err := jwt.ParseWithClaims(token, claims, func(tk *jwt.Token) (any, error) {
		for _, k := range set.Keys {
			if k.Kid == tk.Header["kid"] {
				x, err := base64.RawURLEncoding.DecodeString(k.X)
				return ed25519.PublicKey(x), err
			}
		}
		return nil, jwt.ErrTokenUnverifiable
	}, jwt.WithValidMethods([]string{"EdDSA"}))
	return claims, err
}

// TestEndorsementCredential exports an endorsement as an Open Badges 3.0
// EndorsementCredential, verifies it with the JWKS alone and with the
// verify route, and shows a tampered, a foreign and a revoked credential
// refused, and credentials surviving a key rotation.
func TestEndorsementCredential(t *testing.T) {
	x := newWorld(t)
	id := x.endorse(t, "Community garden", "Robin ran the garden's Saturday crew all season.")
	cred := x.credential(t, x.student, id)

	// The JSON-LD document.
	var doc map[string]any
	if err := json.Unmarshal([]byte(cred.JSON), &doc); err != nil {
		t.Fatalf("credential json: %v", err)
	}
	ctxs, _ := doc["@context"].([]any)
	types, _ := doc["type"].([]any)
	issuer, _ := doc["issuer"].(map[string]any)
	subject, _ := doc["credentialSubject"].(map[string]any)
	evs, _ := doc["evidence"].([]any)
	if len(ctxs) != 2 || ctxs[0] != "https://www.w3.org/ns/credentials/v2" || !strings.Contains(ctxs[1].(string), "ob/v3p0") {
		t.Errorf("@context = %v", doc["@context"])
	}
	if len(types) != 2 || types[1] != "EndorsementCredential" {
		t.Errorf("type = %v", doc["type"])
	}
	if issuer["id"] != "urn:plp:account:"+string(x.w.Home.Partner.ID) || issuer["name"] != x.w.Home.Partner.Name ||
		!strings.Contains(issuer["description"].(string), "Makerspace") {
		t.Errorf("issuer = %v", issuer)
	}
	if doc["validFrom"] != x.s.Clock.Now().UTC().Format(time.RFC3339) || doc["id"] != cred.ID || cred.ID != "urn:plp:endorsement:"+string(id) {
		t.Errorf("validFrom %v, id %v / %v", doc["validFrom"], doc["id"], cred.ID)
	}
	if subject["endorsementComment"] != "Robin ran the garden's Saturday crew all season." || !strings.HasPrefix(subject["id"].(string), "urn:plp:evidence:evd_") {
		t.Errorf("credentialSubject = %v", subject)
	}
	if len(evs) != 1 || evs[0].(map[string]any)["name"] != "Community garden" || !strings.Contains(evs[0].(map[string]any)["narrative"].(string), "Collaboration") {
		t.Errorf("evidence = %v", evs)
	}

	// A verifier with only the JWKS accepts it; the payload is the document.
	set := x.jwks(t)
	if len(set.Keys) != 1 || set.Keys[0].Kty != "OKP" || set.Keys[0].Crv != "Ed25519" || set.Keys[0].Alg != "EdDSA" {
		t.Fatalf("jwks = %+v", set)
	}
	claims, err := verifyWithJWKS(set, cred.Jwt)
	if err != nil {
		t.Fatalf("verify with JWKS: %v", err)
	}
	if claims["jti"] != cred.ID || claims["iss"] != issuer["id"] || claims["sub"] != subject["id"] ||
		claims["credentialSubject"].(map[string]any)["endorsementComment"] != subject["endorsementComment"] {
		t.Errorf("claims = %v", claims)
	}
	if res := x.verify(t, cred.Jwt); res.Status != credential.Valid || res.ID != cred.ID || res.Kid != set.Keys[0].Kid {
		t.Errorf("verify = %+v", res)
	}
	// The family and the partner get the same credential.
	if c := x.credential(t, x.s.As(t, x.w.Home.Family), id); c.ID != cred.ID || c.Jwt != cred.Jwt {
		t.Errorf("family's credential differs: %+v", c)
	}
	// Another school cannot export it.
	r := x.s.As(t, x.w.Other.Admin).Do(t, `query($id: ID!) { node(id: $id) { ... on Endorsement { credential { jwt } } } }`, map[string]any{"id": id})
	if len(r.Errors) == 0 || r.Errors[0].Code() != "NOT_FOUND" {
		t.Errorf("other school exports: %s %+v", r.Data, r.Errors)
	}

	// Tampered: the comment changed after signing.
	parts := strings.Split(cred.Jwt, ".")
	payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
	forged := strings.Replace(string(payload), "Saturday crew", "whole garden", 1)
	tampered := parts[0] + "." + base64.RawURLEncoding.EncodeToString([]byte(forged)) + "." + parts[2]
	if _, err := verifyWithJWKS(set, tampered); err == nil {
		t.Error("the JWKS verifies a tampered credential")
	}
	if res := x.verify(t, tampered); res.Status != credential.Tampered || res.Credential != nil {
		t.Errorf("tampered verify = %+v", res)
	}
	// Signed by someone else's key with our kid, and plain garbage.
	_, foreign, _ := ed25519.GenerateKey(rand.Reader)
	tk := jwt.NewWithClaims(jwt.SigningMethodEdDSA, claims)
	tk.Header["kid"] = set.Keys[0].Kid
	forgedJWT, _ := tk.SignedString(foreign)
	if res := x.verify(t, forgedJWT); res.Status != credential.Tampered {
		t.Errorf("foreign key verify = %+v", res)
	}
	if res := x.verify(t, "not.a.jwt"); res.Status != credential.Tampered {
		t.Errorf("garbage verify = %+v", res)
	}
	// An empty body is bad input, not a verdict.
	resp, err := x.s.HTTP.Post(x.s.URL+"/credentials/verify", "application/json", strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("empty verify: status %d", resp.StatusCode)
	}

	// Rotation: new credentials carry the new key; old ones still verify,
	// with the JWKS and with the route.
	svc := credential.NewService("")
	newKid, err := svc.Rotate(x.sys, x.s.DB.Client)
	if err != nil {
		t.Fatal(err)
	}
	set = x.jwks(t)
	if len(set.Keys) != 2 || set.Keys[0].Kid != newKid {
		t.Fatalf("jwks after rotation = %+v", set)
	}
	if _, err := verifyWithJWKS(set, cred.Jwt); err != nil {
		t.Errorf("old credential after rotation: %v", err)
	}
	if res := x.verify(t, cred.Jwt); res.Status != credential.Valid || res.Kid == newKid {
		t.Errorf("old credential after rotation = %+v", res)
	}
	fresh := x.credential(t, x.student, id)
	if res := x.verify(t, fresh.Jwt); res.Status != credential.Valid || res.Kid != newKid {
		t.Errorf("credential signed after rotation = %+v", res)
	}

	// Revoked by the partner: both tokens now answer revoked.
	const revoke = `mutation($id: ID!) { revokeEndorsement(endorsementID: $id) { endorsement { id revokedAt } } }`
	x.student.MustFail(t, "FORBIDDEN", revoke, map[string]any{"id": id})
	x.partner.MustDo(t, revoke, map[string]any{"id": id}, nil)
	x.partner.MustFail(t, "CONFLICT", revoke, map[string]any{"id": id})
	for _, token := range []string{cred.Jwt, fresh.Jwt} {
		if res := x.verify(t, token); res.Status != credential.Revoked || res.RevokedAt == nil {
			t.Errorf("revoked verify = %+v", res)
		}
	}
	if c := x.credential(t, x.student, id); !c.Revoked {
		t.Error("credential of a revoked endorsement is not marked revoked")
	}
}

// TestEndorsementBundle exports a student's endorsements together, leaving
// revoked ones out, each verifiable on its own; in one statement per kind
// of record however many endorsements.
func TestEndorsementBundle(t *testing.T) {
	x := newWorld(t)
	ids := []pulid.ID{x.endorse(t, "Robot arm", "Solid engineering."), x.endorse(t, "Food drive", "Organized 40 volunteers.")}
	const bundle = `query($id: ID!) { endorsementBundle(studentID: $id) { studentID generatedAt credentials { id jwt revoked } } }`
	var out struct {
		EndorsementBundle struct {
			StudentID   string
			Credentials []apiCredential
		}
	}
	x.student.MustDo(t, bundle, map[string]any{"id": x.w.Home.Student.ID}, nil) // makes the first signing key
	r2 := x.student.MustDo(t, bundle, map[string]any{"id": x.w.Home.Student.ID}, &out)
	if len(out.EndorsementBundle.Credentials) != 2 {
		t.Fatalf("bundle = %+v", out)
	}
	for _, c := range out.EndorsementBundle.Credentials {
		if res := x.verify(t, c.Jwt); res.Status != credential.Valid {
			t.Errorf("bundle credential %s: %+v", c.ID, res)
		}
	}
	x.endorse(t, "Mural", "Bold colours.")
	x.endorse(t, "Podcast", "Clear voice.")
	r4 := x.student.MustDo(t, bundle, map[string]any{"id": x.w.Home.Student.ID}, &out)
	if len(out.EndorsementBundle.Credentials) != 4 {
		t.Fatalf("bundle of 4 = %d", len(out.EndorsementBundle.Credentials))
	}
	if r4.Statements != r2.Statements {
		t.Errorf("bundle of 4 ran %d statements, of 2 ran %d: it grows with the endorsements", r4.Statements, r2.Statements)
	}
	x.partner.MustDo(t, `mutation($id: ID!) { revokeEndorsement(endorsementID: $id) { endorsement { id } } }`, map[string]any{"id": ids[0]}, nil)
	x.s.As(t, x.w.Home.Family).MustDo(t, bundle, map[string]any{"id": x.w.Home.Student.ID}, &out)
	if len(out.EndorsementBundle.Credentials) != 3 {
		t.Errorf("bundle after a revocation has %d credentials, want 3", len(out.EndorsementBundle.Credentials))
	}
	for _, c := range out.EndorsementBundle.Credentials {
		if c.ID == "urn:plp:endorsement:"+string(ids[0]) {
			t.Error("bundle holds the revoked endorsement")
		}
	}
	x.s.As(t, x.w.Other.Admin).MustFail(t, "NOT_FOUND", bundle, map[string]any{"id": x.w.Home.Student.ID})
}

// TestSealedKeys: with a key secret the private key is stored sealed, and
// credentials still sign and verify.
func TestSealedKeys(t *testing.T) {
	x := newWorld(t)
	svc := credential.NewService("a secret of the operators")
	kid, err := svc.Rotate(x.sys, x.s.DB.Client)
	if err != nil {
		t.Fatal(err)
	}
	row := x.s.DB.Client.SigningKey.Query().OnlyX(x.sys)
	if !row.Sealed || row.Kid != kid || len(row.PrivateKey) == ed25519.SeedSize {
		t.Fatalf("stored key: sealed %v, %d bytes", row.Sealed, len(row.PrivateKey))
	}
	id := x.endorse(t, "Lab report", "Careful method.")
	creds, err := svc.Issue(x.sys, x.s.DB.Client, id)
	if err != nil {
		t.Fatal(err)
	}
	if res := x.verify(t, creds.JWT); res.Status != credential.Valid || res.Kid != kid {
		t.Errorf("sealed key's credential = %+v", res)
	}
	if _, err := credential.NewService("the wrong secret").Issue(x.sys, x.s.DB.Client, id); err == nil {
		t.Error("issued with the wrong secret")
	}
}
