package server_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zitadel/oidc/v3/example/server/exampleop"
	"github.com/zitadel/oidc/v3/example/server/storage"
	"github.com/zitadel/oidc/v3/pkg/op"
	"golang.org/x/text/language"

	"plp/ent/schema/pulid"
	"plp/ent/ssoprovider"
	"plp/internal/devtools/apitest"
	"plp/server"
)

// The tests of single sign-on run a real OpenID provider in-process:
// zitadel/oidc's OP (its example server's storage and login page), on a
// loopback port. The provider sits behind a recorder that can swap the ID
// token of a token response for another real one, to test the refusals a
// correct provider never causes by itself.

// ssoUser is a person at the test provider.
type ssoUser struct {
	username, email string
	verified        bool
}

// ssoUsers implements the example storage's user store.
type ssoUsers map[string]*storage.User

func (u ssoUsers) GetUserByID(id string) *storage.User { return u[id] }
func (u ssoUsers) GetUserByUsername(name string) *storage.User {
	for _, x := range u {
		if x.Username == name {
			return x
		}
	}
	return nil
}
func (u ssoUsers) ExampleClientID() string { return "service" }

// claimsInIDToken makes the provider put the email in the ID token, as
// Google and Microsoft do (the example's clients put it only in userinfo).
type claimsInIDToken struct{ *storage.Storage }

func (s claimsInIDToken) GetClientByClientID(ctx context.Context, id string) (op.Client, error) {
	c, err := s.Storage.GetClientByClientID(ctx, id)
	if err != nil {
		return nil, err
	}
	return assertingClient{c}, nil
}

type assertingClient struct{ op.Client }

func (assertingClient) IDTokenUserinfoClaimsAssertion() bool { return true }

// testProvider is the running provider.
type testProvider struct {
	issuer string
	mu     sync.Mutex
	// tokens are the ID tokens it issued, in order.
	tokens []string
	// swap, when set, replaces the ID token of the next token response.
	swap func(idToken string) string
}

const testPassword = "verysecure"

// redirectURI is what the server under test sends as its redirect URI: its
// public URL is the default one, whatever port it listens on; the test
// carries the browser's redirect to the real port itself.
const redirectURI = "http://127.0.0.1:8080/sso/callback"

func newTestProvider(t *testing.T, users ...ssoUser) *testProvider {
	t.Helper()
	p := &testProvider{}
	var handler http.Handler
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/oauth/token" {
			handler.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, r)
		body := rec.Body.Bytes()
		var doc map[string]any
		if json.Unmarshal(body, &doc) == nil {
			if id, ok := doc["id_token"].(string); ok {
				p.mu.Lock()
				p.tokens = append(p.tokens, id)
				if p.swap != nil {
					doc["id_token"] = p.swap(id)
					p.swap = nil
					body, _ = json.Marshal(doc)
				}
				p.mu.Unlock()
			}
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.Header().Del("Content-Length")
		w.WriteHeader(rec.Code)
		_, _ = w.Write(body)
	}))
	t.Cleanup(srv.Close)
	p.issuer = srv.URL
	store := ssoUsers{}
	for i, u := range users {
		id := "u" + string(rune('a'+i))
		store[id] = &storage.User{ID: id, Username: u.username, Password: testPassword, FirstName: "Test", LastName: u.username,
			Email: u.email, EmailVerified: u.verified, PreferredLanguage: language.English}
	}
	clients := map[string]*storage.Client{
		"plp":       storage.WebClient("plp", "plp-secret", redirectURI),
		"other-app": storage.WebClient("other-app", "other-secret", redirectURI),
	}
	st := claimsInIDToken{storage.NewStorageWithClients(store, clients)}
	handler = exampleop.SetupServer(p.issuer, st, nil, false)
	return p
}

// lastToken is the latest ID token the provider issued.
func (p *testProvider) lastToken() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.tokens[len(p.tokens)-1]
}

func (p *testProvider) swapNext(f func(string) string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.swap = f
}

// browser follows redirects by hand: to the provider, through its login
// page, and back to the server's callback (on its real port).
type browser struct {
	t      *testing.T
	s      *apitest.Server
	client *http.Client
}

func newBrowser(t *testing.T, s *apitest.Server) *browser {
	return &browser{t: t, s: s, client: &http.Client{
		Timeout:       30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

func (b *browser) do(method, to string, form url.Values) *http.Response {
	b.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, to, body)
	if err != nil {
		b.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := b.client.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", method, to, err)
	}
	return resp
}

// location is where a redirect goes, resolved against its request.
func location(t *testing.T, resp *http.Response) string {
	t.Helper()
	if resp.StatusCode < 300 || resp.StatusCode > 399 {
		body, _ := io.ReadAll(resp.Body)
		t.Fatalf("%s: status %d, want a redirect: %s", resp.Request.URL, resp.StatusCode, body)
	}
	u, err := resp.Request.URL.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	return u.String()
}

// signInAt starts at /sso/{provider}/start, signs in at the provider as
// username, and returns the callback URL the provider sends the browser
// back to (on the server's real port), without following it.
func (b *browser) signInAt(provider, username string) string {
	b.t.Helper()
	to := location(b.t, b.do("GET", b.s.URL+"/sso/"+provider+"/start", nil))
	login := location(b.t, b.do("GET", to, nil)) // the provider's login page
	u, _ := url.Parse(login)
	id := u.Query().Get("authRequestID")
	back := location(b.t, b.do("POST", login, url.Values{"username": {username}, "password": {testPassword}, "id": {id}}))
	for !strings.HasPrefix(back, redirectURI) {
		back = location(b.t, b.do("GET", back, nil))
	}
	return b.s.URL + strings.TrimPrefix(back, "http://127.0.0.1:8080")
}

// callback follows the provider's redirect to the server.
func (b *browser) callback(to string) (*http.Response, string) {
	b.t.Helper()
	resp := b.do("GET", to, nil)
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

// mustRefuse asserts a 401 whose message says want.
func mustRefuse(t *testing.T, resp *http.Response, body, want string) {
	t.Helper()
	var doc struct {
		Error struct{ Code, Message string }
	}
	_ = json.Unmarshal([]byte(body), &doc)
	if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, want) {
		t.Errorf("status %d, body %s; want 401 saying %q", resp.StatusCode, body, want)
	}
}

// TestSingleSignOn: a student signs in through the school's provider;
// every refusal has its own message.
func TestSingleSignOn(t *testing.T) {
	t.Parallel()
	s := apitest.NewServer(t, with(func(c *server.Config) { c.KeySecret = "sso-test" }))
	w := apitest.NewWorld(t, s.DB)
	// The provider issues tokens at the real time: the server's clock
	// starts there too.
	s.Clock.Advance(time.Until(s.Clock.Now()) * -1)
	p := newTestProvider(t,
		ssoUser{"student", w.Home.StudentAccount.Email, true},
		ssoUser{"unverified", w.Home.Advisor.Email, false},
		ssoUser{"outsider", "someone@elsewhere.test", true},
		ssoUser{"stranger", "stranger@home.plp.test", true},
	)
	admin := s.As(t, w.Home.Admin)
	configure := func(clientID, secret string) string {
		var out struct {
			ConfigureSSOProvider struct {
				Provider    struct{ ID string }
				RedirectURL string
			}
		}
		admin.MustDo(t, `mutation($s: ID!, $i: String!, $c: String!, $k: String!) { configureSSOProvider(input: {school: $s, name: "Test", issuer: $i, clientID: $c, clientSecret: $k, allowedDomains: ["home.plp.test"]}) { provider { id } redirectURL } }`,
			map[string]any{"s": w.Home.School.ID, "i": p.issuer, "c": clientID, "k": secret}, &out)
		if out.ConfigureSSOProvider.RedirectURL != redirectURI {
			t.Errorf("redirect URL %q, want %q", out.ConfigureSSOProvider.RedirectURL, redirectURI)
		}
		return out.ConfigureSSOProvider.Provider.ID
	}
	plp, other := configure("plp", "plp-secret"), configure("other-app", "other-secret")
	b := newBrowser(t, s)

	// A sign-in that works: a session cookie, a working token.
	back := b.signInAt(plp, "student")
	resp, body := b.callback(back)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("callback: %d %s", resp.StatusCode, body)
	}
	var token string
	for _, c := range resp.Cookies() {
		if c.Name == server.SessionCookie && c.HttpOnly && c.SameSite == http.SameSiteLaxMode {
			token = c.Value
		}
	}
	var me struct {
		Viewer struct{ Account struct{ Email string } }
	}
	s.WithToken(token).MustDo(t, `{ viewer { account { email } } }`, nil, &me)
	if me.Viewer.Account.Email != w.Home.StudentAccount.Email {
		t.Fatalf("signed in as %q", me.Viewer.Account.Email)
	}
	goodToken := p.lastToken()

	// A replayed state.
	resp, body = b.callback(back)
	mustRefuse(t, resp, body, "replayed state")

	// The wrong nonce: the ID token of the earlier sign-in, for this one.
	back = b.signInAt(plp, "student")
	p.swapNext(func(string) string { return goodToken })
	resp, body = b.callback(back)
	mustRefuse(t, resp, body, "wrong nonce")

	// The wrong audience: a real token for another client.
	b.callback(b.signInAt(other, "student"))
	otherToken := p.lastToken()
	back = b.signInAt(plp, "student")
	p.swapNext(func(string) string { return otherToken })
	resp, body = b.callback(back)
	mustRefuse(t, resp, body, "wrong audience")

	// A bad signature: this sign-in's own token, its signature changed.
	back = b.signInAt(plp, "student")
	p.swapNext(func(id string) string {
		parts := strings.Split(id, ".")
		sig := []byte(parts[2])
		if sig[10] == 'A' {
			sig[10] = 'B'
		} else {
			sig[10] = 'A'
		}
		return parts[0] + "." + parts[1] + "." + string(sig)
	})
	resp, body = b.callback(back)
	mustRefuse(t, resp, body, "signature")

	// An expired token: two hours later (the provider's tokens last one).
	s.Clock.Advance(2 * time.Hour)
	resp, body = b.callback(b.signInAt(plp, "student"))
	mustRefuse(t, resp, body, "expired")
	s.Clock.Advance(-2 * time.Hour)

	// The provider has not verified the email; a domain not allowed; a
	// person the school does not have.
	resp, body = b.callback(b.signInAt(plp, "unverified"))
	mustRefuse(t, resp, body, "has not verified your email")
	resp, body = b.callback(b.signInAt(plp, "outsider"))
	mustRefuse(t, resp, body, "elsewhere.test addresses")
	resp, body = b.callback(b.signInAt(plp, "stranger"))
	mustRefuse(t, resp, body, "not a person of this school")

	// Unless the admin lets the provider create accounts, as a role.
	role := ssoprovider.CreateRoleFamily
	s.DB.Client.SSOProvider.UpdateOneID(pulid.ID(plp)).SetAllowCreate(true).SetCreateRole(role).ExecX(s.System())
	resp, body = b.callback(b.signInAt(plp, "stranger"))
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("stranger with allowCreate: %d %s", resp.StatusCode, body)
	}
}
