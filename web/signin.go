package web

import (
	"net/http"
	"strings"

	"plp/web/gql"
)

type signInData struct {
	Email, Next, Token string
	Sent, LinkFailed   bool
	Providers          []gql.SignInProvidersSignInProvidersSignInProvider
}

// signInPage is the password form and the form that mails a link; with
// ?token= (the address sign-in mails carry) it is one button that signs in
// with the link. A GET never uses the token up: mail scanners open links.
func (a *App) signInPage(w http.ResponseWriter, r *http.Request) {
	s := a.anonymous(r)
	q := r.URL.Query()
	d := &signInData{Next: localPath(q.Get("next")), Sent: q.Get("sent") == "1"}
	if d.Token = q.Get("token"); d.Token != "" {
		a.render(w, http.StatusOK, "signin_link", a.view(r, s, "SignInLinkTitle", d))
		return
	}
	d.Providers = a.providers(s)
	v := a.view(r, s, "SignInTitle", d)
	if d.Sent {
		v.Notice = s.p.T("SignInLinkSent")
	}
	a.render(w, http.StatusOK, "signin", v)
}

func (a *App) signIn(w http.ResponseWriter, r *http.Request) {
	s := a.anonymous(r)
	d := &signInData{Email: strings.TrimSpace(r.PostFormValue("email")), Next: localPath(r.PostFormValue("next"))}
	var errs []FieldError
	if d.Email == "" {
		errs = append(errs, FieldError{"email", s.p.T("SignInEmailMissing")})
	}
	password := r.PostFormValue("password")
	if password == "" {
		errs = append(errs, FieldError{"password", s.p.T("SignInPasswordMissing")})
	}
	if len(errs) == 0 {
		out, err := gql.SignIn(s.ctx, a.api, d.Email, password)
		if err == nil {
			a.setSession(w, r, out.SignIn.Token, out.SignIn.ExpiresAt)
			http.Redirect(w, r, d.Next, http.StatusSeeOther)
			return
		}
		code, fe := apiError(err)
		switch code {
		case "UNAUTHENTICATED":
			errs = append(errs, FieldError{"email", s.p.T("SignInWrong")})
		case "RATE_LIMITED":
			errs = append(errs, FieldError{"email", fe.Message})
		default:
			a.apiFailure(w, r, s, err)
			return
		}
	}
	v := a.view(r, s, "SignInTitle", d)
	v.Errors = errs
	a.render(w, http.StatusUnprocessableEntity, "signin", v)
}

// signInWithLink uses the token of a mailed link (the button of the page
// the link opens).
func (a *App) signInWithLink(w http.ResponseWriter, r *http.Request) {
	s := a.anonymous(r)
	out, err := gql.SignInWithLink(s.ctx, a.api, r.PostFormValue("token"))
	if err == nil {
		a.setSession(w, r, out.SignInWithLink.Token, out.SignInWithLink.ExpiresAt)
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	code, fe := apiError(err)
	if code != "UNAUTHENTICATED" && code != "RATE_LIMITED" {
		a.apiFailure(w, r, s, err)
		return
	}
	// Used or expired: say so, and offer a new link at once.
	v := a.view(r, s, "SignInTitle", &signInData{Next: "/", LinkFailed: true})
	v.Errors = []FieldError{{Field: "link-email", Message: s.p.T("SignInLinkFailed")}}
	if code == "RATE_LIMITED" {
		v.Errors[0].Message = fe.Message
	}
	a.render(w, http.StatusUnauthorized, "signin", v)
}

// mailLink asks for a sign-in link; the answer never says whether the
// address has an account.
func (a *App) mailLink(w http.ResponseWriter, r *http.Request) {
	s := a.anonymous(r)
	email := strings.TrimSpace(r.PostFormValue("email"))
	if email == "" {
		v := a.view(r, s, "SignInTitle", &signInData{LinkFailed: true, Next: "/"})
		v.Errors = []FieldError{{Field: "link-email", Message: s.p.T("SignInEmailMissing")}}
		a.render(w, http.StatusUnprocessableEntity, "signin", v)
		return
	}
	if _, err := gql.RequestSignInLink(s.ctx, a.api, email); err != nil {
		code, fe := apiError(err)
		if code != "RATE_LIMITED" && code != "BAD_USER_INPUT" {
			a.apiFailure(w, r, s, err)
			return
		}
		v := a.view(r, s, "SignInTitle", &signInData{LinkFailed: true, Email: email, Next: "/"})
		v.Errors = []FieldError{{Field: "link-email", Message: fe.Message}}
		a.render(w, http.StatusUnprocessableEntity, "signin", v)
		return
	}
	http.Redirect(w, r, "/sign-in?sent=1", http.StatusSeeOther)
}

func (a *App) signOut(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
		if _, err := gql.SignOut(gql.As(r.Context(), c.Value, r), a.api); err != nil {
			if code, _ := apiError(err); code != "UNAUTHENTICATED" {
				a.log.WarnContext(r.Context(), "web: sign out", "err", err)
			}
		}
	}
	a.clearSession(w)
	http.Redirect(w, r, "/sign-in", http.StatusSeeOther)
}
