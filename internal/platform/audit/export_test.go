package audit

import "log/slog"

// NewDiscardRecorder returns a Recorder whose writer takes events off the
// queue and drops them: it measures Record alone, with a consumer that
// always keeps up, as the benchmark needs.
func NewDiscardRecorder(opts Options) *Recorder {
	r := newRecorder(nil, slog.New(slog.DiscardHandler), opts)
	go func() {
		defer close(r.done)
		for {
			select {
			case <-r.queue:
			case <-r.stopping:
				return
			}
		}
	}()
	return r
}
