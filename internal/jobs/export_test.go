package jobs

// Kill stops the scheduler as a killed process would: jobs stop, and the
// elector stops renewing its lease without giving it up, so the others
// must wait for it to run out.
func (s *Scheduler) Kill() error {
	err := s.s.Shutdown()
	if s.stop != nil {
		s.elector.dead = true
		s.stop()
		s.done.Wait()
	}
	return err
}
