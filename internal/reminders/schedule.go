// Package reminders keeps plans alive between conferences: it prompts
// students who have not reflected within their school's cadence, and sends
// families a weekly digest of what their child added. Both write to the
// outbox (package notify) under keys of kind, person and period, so a
// second run, a retry or a second replica sends nothing twice.
package reminders

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// localClock reads a school's HH:MM setting.
func localClock(s string) (h, m int, err error) {
	hh, mm, ok := strings.Cut(s, ":")
	if !ok {
		return 0, 0, fmt.Errorf("time %q: want HH:MM", s)
	}
	if h, err = strconv.Atoi(hh); err != nil || h < 0 || h > 23 {
		return 0, 0, fmt.Errorf("time %q: want HH:MM", s)
	}
	if m, err = strconv.Atoi(mm); err != nil || m < 0 || m > 59 {
		return 0, 0, fmt.Errorf("time %q: want HH:MM", s)
	}
	return h, m, nil
}

// QuietUntil returns when the quiet hours around local end (the first
// moment mail may go), or the zero time when local is outside them. The
// hours may wrap midnight (20:00 to 07:00). local carries the school's
// location, so the end is found in the school's time zone, DST included.
func QuietUntil(local time.Time, start, end string) (time.Time, error) {
	sh, sm, err := localClock(start)
	if err != nil {
		return time.Time{}, err
	}
	eh, em, err := localClock(end)
	if err != nil {
		return time.Time{}, err
	}
	at := func(day time.Time, h, m int) time.Time {
		return time.Date(day.Year(), day.Month(), day.Day(), h, m, 0, 0, local.Location())
	}
	mins := local.Hour()*60 + local.Minute()
	s, e := sh*60+sm, eh*60+em
	switch {
	case s == e:
		return time.Time{}, nil // no quiet hours
	case s < e: // e.g. 12:00 to 13:00
		if mins >= s && mins < e {
			return at(local, eh, em), nil
		}
	default: // wraps midnight, e.g. 20:00 to 07:00
		if mins >= s {
			return at(local.AddDate(0, 0, 1), eh, em), nil
		}
		if mins < e {
			return at(local, eh, em), nil
		}
	}
	return time.Time{}, nil
}

// dayNumber counts days from 1970-01-01 to local's calendar date.
func dayNumber(local time.Time) int {
	d := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, time.UTC)
	return int(d.Unix() / 86400)
}

// lastFriday returns midnight at the start of the latest Friday on or
// before local, in local's location: digests cover the week before it.
func lastFriday(local time.Time) time.Time {
	back := (int(local.Weekday()) - int(time.Friday) + 7) % 7
	d := local.AddDate(0, 0, -back)
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, local.Location())
}
