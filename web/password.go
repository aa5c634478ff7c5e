package web

import (
	"context"
	"net/http"
	"strings"
	"time"

	"plp/web/gql"
)

// passwordData is the form that chooses a password with the token of a
// mailed link: an invitation (/invitation) or a reset (/reset-password).
type passwordData struct {
	Action, Token string
	// Invitation is true for an invitation, false for a reset.
	Invitation bool
	// Dead is true when the link was used or has expired.
	Dead bool
}

// choosePassword is one kind of mailed link that sets a password and signs
// in: its page's address, its title, and the mutation it calls.
type choosePassword struct {
	action     string
	invitation bool
	title      string
	call       func(ctx context.Context, a *App, token, password string) (session string, expiresAt time.Time, err error)
}

var (
	acceptInvitation = choosePassword{action: "/invitation", invitation: true, title: "InvitationTitle",
		call: func(ctx context.Context, a *App, token, password string) (string, time.Time, error) {
			out, err := gql.AcceptInvitation(ctx, a.api, token, password)
			if err != nil {
				return "", time.Time{}, err
			}
			return out.AcceptInvitation.Token, out.AcceptInvitation.ExpiresAt, nil
		}}
	resetPassword = choosePassword{action: "/reset-password", title: "ResetTitle",
		call: func(ctx context.Context, a *App, token, password string) (string, time.Time, error) {
			out, err := gql.ResetPassword(ctx, a.api, token, password)
			if err != nil {
				return "", time.Time{}, err
			}
			return out.ResetPassword.Token, out.ResetPassword.ExpiresAt, nil
		}}
)

// page shows the form. A GET never uses the token up: mail scanners open
// links.
func (c choosePassword) page(a *App) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s := a.anonymous(r)
		d := &passwordData{Action: c.action, Token: r.URL.Query().Get("token"), Invitation: c.invitation}
		d.Dead = d.Token == ""
		a.render(w, http.StatusOK, "password", a.view(r, s, c.title, d))
	}
}

// submit sets the password and signs in.
func (c choosePassword) submit(a *App) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s := a.anonymous(r)
		d := &passwordData{Action: c.action, Token: r.PostFormValue("token"), Invitation: c.invitation}
		password, again := r.PostFormValue("password"), r.PostFormValue("password-again")
		var errs []FieldError
		switch {
		case password == "":
			errs = append(errs, FieldError{"password", s.p.T("PasswordMissing")})
		case password != again:
			errs = append(errs, FieldError{"password-again", s.p.T("PasswordsDiffer")})
		}
		if len(errs) == 0 {
			token, expires, err := c.call(s.ctx, a, d.Token, password)
			if err == nil {
				a.setSession(w, r, token, expires)
				http.Redirect(w, r, "/", http.StatusSeeOther)
				return
			}
			code, fe := apiError(err)
			switch code {
			case "UNAUTHENTICATED":
				d.Dead = true
			case "BAD_USER_INPUT", "RATE_LIMITED":
				errs = append(errs, FieldError{"password", fe.Message})
			default:
				a.apiFailure(w, r, s, err)
				return
			}
		}
		v := a.view(r, s, c.title, d)
		v.Errors = errs
		status := http.StatusUnprocessableEntity
		if d.Dead {
			status = http.StatusUnauthorized
		}
		a.render(w, status, "password", v)
	}
}

// forgotPage asks for the address to mail a reset link to.
func (a *App) forgotPage(w http.ResponseWriter, r *http.Request) {
	s := a.anonymous(r)
	v := a.view(r, s, "ForgotTitle", &signInData{})
	if r.URL.Query().Get("sent") == "1" {
		v.Notice = s.p.T("ForgotSent")
	}
	a.render(w, http.StatusOK, "forgot", v)
}

// forgot mails a reset link; the answer never says whether the address
// has an account.
func (a *App) forgot(w http.ResponseWriter, r *http.Request) {
	s := a.anonymous(r)
	email := strings.TrimSpace(r.PostFormValue("email"))
	var msg string
	if email == "" {
		msg = s.p.T("SignInEmailMissing")
	} else if _, err := gql.RequestPasswordReset(s.ctx, a.api, email); err != nil {
		code, fe := apiError(err)
		if code != "RATE_LIMITED" && code != "BAD_USER_INPUT" {
			a.apiFailure(w, r, s, err)
			return
		}
		msg = fe.Message
	}
	if msg != "" {
		v := a.view(r, s, "ForgotTitle", &signInData{Email: email})
		v.Errors = []FieldError{{Field: "email", Message: msg}}
		a.render(w, http.StatusUnprocessableEntity, "forgot", v)
		return
	}
	http.Redirect(w, r, "/forgot-password?sent=1", http.StatusSeeOther)
}
