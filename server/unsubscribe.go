package server

import (
	"html/template"
	"net/http"

	"plp/internal/platform/outbox"
)

var unsubscribePage = template.Must(template.New("unsubscribe").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>PLP mail</title></head>
<body style="font-family: sans-serif; max-width: 40em">
{{if .Done}}<p>You are unsubscribed: no more reminders or digests. You will still get sign-in links and conference mail.</p>
<p>To get them again, or to change the language of your mail, sign in and open <a href="/settings">Settings</a>.</p>
{{else if .Unknown}}<p>This unsubscribe link is not valid. Ask your school to stop reminders for you.</p>
{{else}}<p>Stop reminders and weekly digests from your school's Personalized Learning Plans?</p>
<form method="post"><button type="submit">Unsubscribe</button></form>{{end}}
</body></html>`))

// unsubscribeHandler answers the link in non-essential mail: GET shows a
// button (link scanners follow GETs, so a GET changes nothing), POST
// unsubscribes, which is also RFC 8058 one-click unsubscribe.
func (s *Server) unsubscribeHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Referrer-Policy", "no-referrer")
		view := struct{ Done, Unknown bool }{}
		status := http.StatusOK
		if r.Method == http.MethodPost {
			ok, err := outbox.Unsubscribe(r.Context(), s.db.Client, r.PathValue("token"))
			if err != nil {
				s.writeError(w, r, err)
				return
			}
			view.Done, view.Unknown = ok, !ok
			if !ok {
				status = http.StatusNotFound
			}
		}
		w.WriteHeader(status)
		_ = unsubscribePage.Execute(w, view)
	})
}
