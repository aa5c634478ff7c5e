package auth

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"plp/ent"
	"plp/ent/account"
	"plp/ent/membership"
	"plp/ent/schema/pulid"
	"plp/ent/ssologin"
	"plp/ent/ssoprovider"
	"plp/internal/platform/apperr"
	"plp/internal/platform/sealbox"
	"plp/internal/platform/viewer"
)

// Single sign-on with OpenID Connect: the authorization code flow with PKCE,
// state and nonce, by coreos/go-oidc and golang.org/x/oauth2. The state, the
// nonce and the PKCE verifier of each sign-in in flight are kept in the
// database (SSOLogin), so the callback may reach any replica, and a state
// works once.

// SSOLoginTTL is how long a person has at the provider before the sign-in
// they started expires.
const SSOLoginTTL = 10 * time.Minute

// SSOCallbackPath is the redirect URI path registered at every provider.
const SSOCallbackPath = "/sso/callback"

// SSOConfig is what single sign-on needs besides the database.
type SSOConfig struct {
	// KeySecret seals the providers' client secrets (--key-secret).
	KeySecret []byte
	// HTTPClient reaches the providers (discovery, keys, tokens); nil is
	// http.DefaultClient.
	HTTPClient *http.Client

	mu        sync.Mutex
	providers map[string]*oidc.Provider // by issuer
}

// SSOProviderInput configures a provider (ConfigureSSOProvider).
type SSOProviderInput struct {
	ID             pulid.ID // empty adds one
	School         pulid.ID
	Name           string
	Issuer         string
	ClientID       string
	ClientSecret   string // empty keeps the stored one
	AllowedDomains []string
	AllowCreate    bool
	CreateRole     *ssoprovider.CreateRole
	SourcedIDClaim string
}

func (s *Service) ssoContext(ctx context.Context) context.Context {
	if s.SSO.HTTPClient != nil {
		return oidc.ClientContext(ctx, s.SSO.HTTPClient)
	}
	return ctx
}

// discover reads (once per issuer and process) the provider's discovery
// document.
func (s *Service) discover(ctx context.Context, issuer string) (*oidc.Provider, error) {
	s.SSO.mu.Lock()
	p, ok := s.SSO.providers[issuer]
	s.SSO.mu.Unlock()
	if ok {
		return p, nil
	}
	// Discovery outlives the request that first needs it.
	p, err := oidc.NewProvider(s.ssoContext(context.WithoutCancel(ctx)), issuer)
	if err != nil {
		return nil, err
	}
	s.SSO.mu.Lock()
	defer s.SSO.mu.Unlock()
	if s.SSO.providers == nil {
		s.SSO.providers = map[string]*oidc.Provider{}
	}
	s.SSO.providers[issuer] = p
	return p, nil
}

// ConfigureSSOProvider adds or changes a school's provider. The issuer must
// answer discovery (BAD_USER_INPUT otherwise); the client secret is sealed
// with the key secret, and needed when adding. Who may is decided by the
// provider's privacy (the school's admins): others get FORBIDDEN.
func (s *Service) ConfigureSSOProvider(ctx context.Context, in SSOProviderInput) (*ent.SSOProvider, error) {
	in.Issuer = strings.TrimRight(strings.TrimSpace(in.Issuer), "/")
	domains := make([]string, 0, len(in.AllowedDomains))
	for _, d := range in.AllowedDomains {
		d = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(d), "@"))
		if d == "" || strings.ContainsAny(d, "@/ ") || !strings.Contains(d, ".") && d != "localhost" {
			return nil, &apperr.Error{Code: apperr.BadUserInput, Field: "allowedDomains",
				Message: fmt.Sprintf("%q is not an email domain: write it like district.org.", d)}
		}
		domains = append(domains, d)
	}
	if len(domains) == 0 {
		return nil, &apperr.Error{Code: apperr.BadUserInput, Field: "allowedDomains",
			Message: "Name at least one email domain the provider may vouch for, like district.org."}
	}
	if in.AllowCreate && in.CreateRole == nil {
		return nil, &apperr.Error{Code: apperr.BadUserInput, Field: "createRole",
			Message: "Choose the role of the accounts single sign-on creates, or do not allow it to create any."}
	}
	if in.ID == "" && in.ClientSecret == "" {
		return nil, &apperr.Error{Code: apperr.BadUserInput, Field: "clientSecret",
			Message: "Give the client secret the provider showed when you registered PLP."}
	}
	if _, err := s.discover(ctx, in.Issuer); err != nil {
		return nil, &apperr.Error{Code: apperr.BadUserInput, Field: "issuer",
			Message: fmt.Sprintf("Could not read the provider's configuration at %s/.well-known/openid-configuration: check the issuer URL (%v).", in.Issuer, err)}
	}
	var sealed []byte
	if in.ClientSecret != "" {
		if len(s.SSO.KeySecret) == 0 {
			return nil, apperr.New(apperr.Conflict, "The server has no key secret (--key-secret, PLP_KEY_SECRET) to keep the client secret with: ask its operator to set one.")
		}
		var err error
		if sealed, err = sealbox.Seal(s.SSO.KeySecret, []byte(in.ClientSecret)); err != nil {
			return nil, fmt.Errorf("seal client secret: %w", err)
		}
	}
	c := s.client(ctx)
	if in.ID == "" {
		return c.SSOProvider.Create().SetSchoolID(in.School).SetName(in.Name).SetIssuer(in.Issuer).
			SetClientID(in.ClientID).SetClientSecretSealed(sealed).SetAllowedDomains(domains).
			SetAllowCreate(in.AllowCreate).SetNillableCreateRole(in.CreateRole).SetSourcedIDClaim(in.SourcedIDClaim).
			Save(ctx)
	}
	u := c.SSOProvider.UpdateOneID(in.ID).Where(ssoprovider.SchoolID(in.School)).SetName(in.Name).SetIssuer(in.Issuer).
		SetClientID(in.ClientID).SetAllowedDomains(domains).SetAllowCreate(in.AllowCreate).
		SetSourcedIDClaim(in.SourcedIDClaim)
	if in.CreateRole != nil {
		u.SetCreateRole(*in.CreateRole)
	} else {
		u.ClearCreateRole()
	}
	if sealed != nil {
		u.SetClientSecretSealed(sealed)
	}
	return u.Save(ctx)
}

// oauthConfig is the OAuth 2.0 client of provider p.
func (s *Service) oauthConfig(ctx context.Context, p *ent.SSOProvider) (*oauth2.Config, *oidc.Provider, error) {
	op, err := s.discover(ctx, p.Issuer)
	if err != nil {
		return nil, nil, ssoRefusal("Single sign-on with %s is not answering: try again in a moment, or sign in another way.", p.Name)
	}
	secret, err := sealbox.Open(s.SSO.KeySecret, p.ClientSecretSealed)
	if err != nil {
		return nil, nil, fmt.Errorf("open the client secret of %s: %w", p.ID, err)
	}
	return &oauth2.Config{
		ClientID:     p.ClientID,
		ClientSecret: string(secret),
		Endpoint:     op.Endpoint(),
		RedirectURL:  s.SSOCallbackURL(),
		Scopes:       []string{oidc.ScopeOpenID, "email", "profile"},
	}, op, nil
}

// SSOCallbackURL is the redirect URI to register at every provider.
func (s *Service) SSOCallbackURL() string {
	return strings.TrimRight(s.LinkBaseURL, "/") + SSOCallbackPath
}

// StartSSO begins a sign-in with provider and returns the provider's URL to
// send the person to. An unknown provider is NOT_FOUND.
func (s *Service) StartSSO(ctx context.Context, provider pulid.ID) (string, error) {
	sys := viewer.SystemContext(ctx)
	if ok, wait := s.AddressLimit.Allow(ClientAddress(ctx), 1); !ok {
		return "", TooMany("sign-in attempts from your network", s.AddressLimit.Rate(), wait)
	}
	p, err := s.client(ctx).SSOProvider.Get(sys, provider)
	if ent.IsNotFound(err) {
		return "", apperr.New(apperr.NotFound, "There is no such single sign-on: use the link your school gave you.")
	}
	if err != nil {
		return "", fmt.Errorf("read provider %s: %w", provider, err)
	}
	conf, _, err := s.oauthConfig(ctx, p)
	if err != nil {
		return "", err
	}
	state, nonce, verifier := randomString(), randomString(), oauth2.GenerateVerifier()
	err = s.client(ctx).SSOLogin.Create().SetProviderID(p.ID).SetStateHash(hashToken(state)).
		SetNonce(nonce).SetCodeVerifier(verifier).SetExpiresAt(s.Now().Add(SSOLoginTTL)).Exec(sys)
	if err != nil {
		return "", fmt.Errorf("start sign-in with %s: %w", p.ID, err)
	}
	return conf.AuthCodeURL(state, oauth2.S256ChallengeOption(verifier), oidc.Nonce(nonce)), nil
}

func randomString() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return base64.RawURLEncoding.EncodeToString(b)
}

// ssoRefusal is an UNAUTHENTICATED answer of the callback, one per reason,
// each saying what to do.
func ssoRefusal(format string, args ...any) error {
	return apperr.New(apperr.Unauthenticated, format, args...)
}

// FinishSSO completes a sign-in at the callback: state and code are the
// callback's parameters. The state must be one StartSSO made, unused and
// unexpired; the code is exchanged (with the PKCE verifier) for an ID token
// whose signature, issuer, audience, expiry and nonce are checked; the email
// must be verified by the provider and in one of its allowed domains. The
// person is the account of the provider's school with the token's OneRoster
// sourcedId (when the provider is configured with that claim) or its
// email; with none, a new account is made only if the provider allows it,
// as its role. Each refusal is UNAUTHENTICATED with its own message.
func (s *Service) FinishSSO(ctx context.Context, state, code, userAgent string) (*Session, error) {
	sys := viewer.SystemContext(ctx)
	c := s.client(ctx)
	if ok, wait := s.AddressLimit.Allow(ClientAddress(ctx), 1); !ok {
		return nil, TooMany("sign-in attempts from your network", s.AddressLimit.Rate(), wait)
	}
	now := s.Now()
	login, err := s.useSSOLogin(sys, c, state, now)
	if err != nil {
		return nil, err
	}
	p := login.Edges.Provider
	conf, op, err := s.oauthConfig(ctx, p)
	if err != nil {
		return nil, err
	}
	octx := s.ssoContext(ctx)
	tok, err := conf.Exchange(octx, code, oauth2.VerifierOption(login.CodeVerifier))
	if err != nil {
		return nil, ssoRefusal("%s did not accept the sign-in (%v): start again.", p.Name, err)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return nil, ssoRefusal("%s sent no ID token: ask your school to check its single sign-on.", p.Name)
	}
	idt, err := op.Verifier(&oidc.Config{ClientID: p.ClientID, Now: s.Now}).Verify(octx, raw)
	if err != nil {
		return nil, verifyRefusal(p.Name, err)
	}
	if idt.Nonce != login.Nonce {
		return nil, ssoRefusal("The ID token from %s was not made for this sign-in (wrong nonce): start again.", p.Name)
	}
	var claims map[string]any
	if err := idt.Claims(&claims); err != nil {
		return nil, ssoRefusal("The ID token from %s could not be read: start again.", p.Name)
	}
	email, _ := claims["email"].(string)
	email = NormalizeEmail(email)
	if email == "" {
		return nil, ssoRefusal("%s did not say your email: allow PLP to see it, then start again.", p.Name)
	}
	if verified, _ := claims["email_verified"].(bool); !verified {
		return nil, ssoRefusal("%s has not verified your email %s: verify it there, then start again.", p.Name, email)
	}
	_, domain, _ := strings.Cut(email, "@")
	if !slices.Contains(p.AllowedDomains, domain) {
		return nil, ssoRefusal("Your school does not let %s sign in people with %s addresses: use your school account.", p.Name, domain)
	}
	acc, err := s.ssoAccount(ctx, p, claims, email)
	if err != nil {
		return nil, err
	}
	if acc.Disabled {
		return nil, ssoRefusal("Your PLP account is disabled: ask your school.")
	}
	if err := s.forgetFailures(sys, acc.Email); err != nil {
		return nil, err
	}
	ses, err := s.startSession(ctx, acc, userAgent, now)
	if err != nil {
		return nil, err
	}
	s.reportSignIn(ctx, acc)
	return ses, nil
}

// useSSOLogin marks the sign-in of state used and returns it with its
// provider; a state unknown, used or expired is refused, each in its words.
func (s *Service) useSSOLogin(sys context.Context, c *ent.Client, state string, now time.Time) (*ent.SSOLogin, error) {
	h := hashToken(state)
	n, err := c.SSOLogin.Update().
		Where(ssologin.StateHash(h), ssologin.UsedAtIsNil(), ssologin.ExpiresAtGT(now)).
		SetUsedAt(now).Save(sys)
	if err != nil {
		return nil, fmt.Errorf("use sign-in state: %w", err)
	}
	login, err := c.SSOLogin.Query().Where(ssologin.StateHash(h)).WithProvider().Only(sys)
	switch {
	case ent.IsNotFound(err):
		return nil, ssoRefusal("This sign-in was not started here (unknown state): start again from PLP.")
	case err != nil:
		return nil, fmt.Errorf("read sign-in state: %w", err)
	case n == 0 && login.UsedAt != nil:
		return nil, ssoRefusal("This sign-in was used already (replayed state): start again from PLP.")
	case n == 0:
		return nil, ssoRefusal("This sign-in took longer than %d minutes: start again.", int(SSOLoginTTL/time.Minute))
	}
	return login, nil
}

// verifyRefusal says why an ID token failed verification.
func verifyRefusal(provider string, err error) error {
	var expired *oidc.TokenExpiredError
	msg := err.Error()
	switch {
	case errors.As(err, &expired):
		return ssoRefusal("The ID token from %s has expired: start again (and check the server's clock).", provider)
	case strings.Contains(msg, "expected audience"):
		return ssoRefusal("The ID token from %s was made for another application (wrong audience): ask your school to check the client ID.", provider)
	case strings.Contains(msg, "signature"):
		return ssoRefusal("The ID token from %s has a signature that does not verify: start again.", provider)
	case strings.Contains(msg, "different provider"):
		return ssoRefusal("The ID token was not issued by %s (wrong issuer): ask your school to check the issuer.", provider)
	}
	return ssoRefusal("The ID token from %s is not valid (%v): start again.", provider, err)
}

// ssoAccount finds the person of an ID token among the people of the
// provider's school, or makes them if the provider allows it.
func (s *Service) ssoAccount(ctx context.Context, p *ent.SSOProvider, claims map[string]any, email string) (*ent.Account, error) {
	sys := viewer.SystemContext(ctx)
	c := s.client(ctx)
	inSchool := account.HasMembershipsWith(membership.SchoolID(p.SchoolID))
	if p.SourcedIDClaim != "" {
		if sid, _ := claims[p.SourcedIDClaim].(string); sid != "" {
			acc, err := c.Account.Query().Where(account.SourcedID(sid), inSchool).WithMemberships().Only(sys)
			if err == nil {
				return acc, nil
			}
			if !ent.IsNotFound(err) {
				return nil, fmt.Errorf("find account by sourcedId: %w", err)
			}
		}
	}
	acc, err := c.Account.Query().Where(account.Email(email), inSchool).WithMemberships().Only(sys)
	if err == nil {
		return acc, nil
	}
	if !ent.IsNotFound(err) {
		return nil, fmt.Errorf("find account by email: %w", err)
	}
	if !p.AllowCreate || p.CreateRole == nil {
		return nil, ssoRefusal("%s is not a person of this school in PLP: ask your school to add you.", email)
	}
	if exists, err := c.Account.Query().Where(account.Email(email)).Exist(sys); err != nil || exists {
		if err != nil {
			return nil, fmt.Errorf("find account by email: %w", err)
		}
		return nil, ssoRefusal("%s has a PLP account at another school: ask this school to add you.", email)
	}
	name, _ := claims["name"].(string)
	if strings.TrimSpace(name) == "" {
		name = email
	}
	acc, err = c.Account.Create().SetEmail(email).SetName(name).Save(sys)
	if err != nil {
		return nil, fmt.Errorf("create account for %s: %w", email, err)
	}
	if err := c.Membership.Create().SetAccountID(acc.ID).SetSchoolID(p.SchoolID).
		SetRole(membership.Role(*p.CreateRole)).Exec(sys); err != nil {
		return nil, fmt.Errorf("give %s a role: %w", email, err)
	}
	return c.Account.Query().Where(account.ID(acc.ID)).WithMemberships().Only(sys)
}

// PublicProvider is what a sign-in page shows of a provider: the button's
// text and the school's name, nothing of its configuration.
type PublicProvider struct {
	ID               pulid.ID
	Name, SchoolName string
}

// PublicProviders lists every school's single sign-on providers for the
// sign-in page, which does not yet know who signs in: by school name, then
// provider name. It is read as the system and answers only PublicProvider's
// fields, so anyone may ask.
func (s *Service) PublicProviders(ctx context.Context) ([]PublicProvider, error) {
	sys := viewer.SystemContext(ctx)
	ps, err := s.client(ctx).SSOProvider.Query().WithSchool().Order(ssoprovider.ByName(), ssoprovider.ByID()).All(sys)
	if err != nil {
		return nil, fmt.Errorf("list sign-in providers: %w", err)
	}
	out := make([]PublicProvider, 0, len(ps))
	for _, p := range ps {
		pp := PublicProvider{ID: p.ID, Name: p.Name}
		if p.Edges.School != nil {
			pp.SchoolName = p.Edges.School.Name
		}
		out = append(out, pp)
	}
	slices.SortStableFunc(out, func(a, b PublicProvider) int { return strings.Compare(a.SchoolName, b.SchoolName) })
	return out, nil
}
