package jobs

import (
	"slices"
	"time"

	"plp/internal/conference/agenda"
	"plp/internal/reminders"
	"plp/internal/school/implementation"
	"plp/internal/school/requirements"
)

// Config is the settings of the scheduled jobs: `plp serve` and `plp jobs
// run` take the same flags for them (cmd/plp). Each default is the domain
// package's own (zero there means the default too), so a value is written
// once, in the package that uses it.
type Config struct {
	// ConferenceReminders are how long before a conference its attendees
	// are reminded.
	ConferenceReminders []time.Duration
	// AgendaDays before a conference its agenda is built; AgendaSendBefore
	// how long before it the agenda is mailed.
	AgendaDays       int
	AgendaSendBefore time.Duration
	// RequirementReminderDays before its due date an unmet plan
	// requirement is reminded of.
	RequirementReminderDays int
	// ActionItemWindow is how far ahead action items of the implementation
	// plan are reminded of (overdue ones always are).
	ActionItemWindow time.Duration
	// SchedulerLease is how long the leading replica's lease lasts unless
	// renewed (PostgreSQL): a dead or hung leader is replaced within about
	// 4/3 of it.
	SchedulerLease time.Duration
	// BackupDir is where the backup job writes its archives; a relative
	// one is under the data directory (cmd/plp). BackupKeep is how many it
	// keeps, the newest; zero turns the job off.
	BackupDir  string
	BackupKeep int
}

// DefaultBackupKeep is how many scheduled backups are kept: a week's.
const DefaultBackupKeep = 7

// DefaultBackupDir is where scheduled backups go, under the data directory.
const DefaultBackupDir = "backups"

// DefaultConfig is the jobs' settings when no flag changes them.
func DefaultConfig() Config {
	return Config{
		ConferenceReminders:     slices.Clone(reminders.DefaultConferenceOffsets),
		AgendaDays:              agenda.DefaultDays,
		AgendaSendBefore:        agenda.DefaultSendBefore,
		RequirementReminderDays: requirements.DefaultReminderDays,
		ActionItemWindow:        implementation.DefaultReminderWindow,
		SchedulerLease:          DefaultLease,
		BackupDir:               DefaultBackupDir,
		BackupKeep:              DefaultBackupKeep,
	}
}
