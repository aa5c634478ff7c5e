package agenda

import (
	"strings"

	"plp/ent"
)

// familyQuestions are the questions the family gave when they booked, one
// per line, unless they asked to keep them for the host only.
func familyQuestions(conf *ent.Conference) []string {
	if conf.QuestionsPrivate {
		return nil
	}
	var out []string
	for _, l := range strings.Split(conf.Questions, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}
