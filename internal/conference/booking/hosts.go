package booking

import (
	"context"
	"fmt"
	"strings"

	"plp/ent"
	"plp/ent/account"
	"plp/ent/conferencewindow"
	"plp/ent/schema/pulid"
	"plp/internal/platform/apperr"
	"plp/internal/platform/clock"
	"plp/internal/platform/outbox"
	"plp/internal/platform/viewer"
)

// Who may be booked is the window's rule (ConferenceWindow.open_hosts): by
// default a child's own advisor; a window may open the slots of a list of
// hosts beside the advisor (LISTED), or of any host (ANY). It binds
// families; the school's staff booking on a family's behalf may place a
// child with any host. A slot held for an interpreter language
// (Slot.interpreter_language) is booked only for a family that asked for
// that language until the window's interpreter_release_at, then by anyone;
// that binds staff too, since the interpreter is booked for that time.

// hostOpen refuses a family a slot whose host the window does not open to
// every one of students: BAD_USER_INPUT (slotID) naming the child's
// advisor.
func hostOpen(ctx context.Context, c *ent.Client, v *viewer.Viewer, s *ent.Slot, w *ent.ConferenceWindow, students []*ent.Student) error {
	if !isFamily(v, w.SchoolID) || w.OpenHosts == conferencewindow.OpenHostsAny {
		return nil
	}
	sys := viewer.SystemContext(ctx)
	for _, stu := range students {
		if stu.AdvisorID != nil && *stu.AdvisorID == s.HostID {
			continue
		}
		if w.OpenHosts == conferencewindow.OpenHostsListed {
			listed, err := c.ConferenceWindow.Query().Where(conferencewindow.ID(w.ID)).
				QueryListedHosts().Where(account.ID(s.HostID)).Exist(sys)
			if err != nil {
				return fmt.Errorf("look for host %s in window %s: %w", s.HostID, w.ID, err)
			}
			if listed {
				continue
			}
		}
		advisor := "their advisor"
		if stu.AdvisorID != nil {
			if a, err := c.Account.Query().Where(account.ID(*stu.AdvisorID)).Only(sys); err == nil {
				advisor = "their advisor, " + a.Name
			}
		} else if w.OpenHosts == conferencewindow.OpenHostsAdvisor {
			return apperr.Invalid("slotID", "%s has no advisor yet, and in %s families book with their child's advisor; ask the school.",
				displayName(stu), w.Term)
		}
		return apperr.Invalid("slotID", "In %s, %s's conference is with %s: choose one of their slots.", w.Term, displayName(stu), advisor)
	}
	return nil
}

// openHostsOf are the hosts whose slots a family may book for stu in w,
// or nil when any host may be booked.
func openHostsOf(ctx context.Context, c *ent.Client, w *ent.ConferenceWindow, stu *ent.Student) ([]pulid.ID, error) {
	if w.OpenHosts == conferencewindow.OpenHostsAny {
		return nil, nil
	}
	hosts := []pulid.ID{}
	if stu.AdvisorID != nil {
		hosts = append(hosts, *stu.AdvisorID)
	}
	if w.OpenHosts == conferencewindow.OpenHostsListed {
		listed, err := c.ConferenceWindow.Query().Where(conferencewindow.ID(w.ID)).QueryListedHosts().IDs(viewer.SystemContext(ctx))
		if err != nil {
			return nil, fmt.Errorf("list the hosts of window %s: %w", w.ID, err)
		}
		hosts = append(hosts, listed...)
	}
	return hosts, nil
}

// interpreterHold refuses a slot held for an interpreter language to a
// booking that did not ask for that language, before the window's
// interpreter_release_at (unset: while the window lasts). CONFLICT says
// until when, in the school's time zone.
func interpreterHold(ctx context.Context, c *ent.Client, s *ent.Slot, w *ent.ConferenceWindow, asked string) error {
	held := strings.TrimSpace(s.InterpreterLanguage)
	if held == "" || viewer.FromContext(ctx).IsSystem() || sameLanguage(held, asked) {
		return nil
	}
	release := w.InterpreterReleaseAt
	if release != nil && !clock.Now(ctx).Before(*release) {
		return nil
	}
	lang := outbox.LanguageName(outbox.FallbackLanguage, held)
	if release == nil {
		return apperr.New(apperr.Conflict, "That time is kept for families who need an interpreter in %s; choose another time, or ask for that interpreter.", lang)
	}
	until := schoolTime(ctx, c, w.SchoolID, *release)
	return apperr.New(apperr.Conflict, "That time is kept for families who need an interpreter in %s until %s; choose another time, or ask for that interpreter.", lang, until)
}

// sameLanguage compares language tags by their primary language: a slot
// held for "es" serves a family that asked for "es-MX".
func sameLanguage(a, b string) bool {
	primary := func(t string) string {
		t = strings.ToLower(strings.TrimSpace(t))
		if i := strings.IndexAny(t, "-_"); i >= 0 {
			t = t[:i]
		}
		return t
	}
	return primary(a) != "" && primary(a) == primary(b)
}
