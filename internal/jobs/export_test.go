package jobs

// Kill stops the scheduler as a killed process would: jobs stop, and the
// elector keeps its session (the test cuts it) rather than step down.
func (s *Scheduler) Kill() error { return s.s.Shutdown() }
