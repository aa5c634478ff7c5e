package reminders

import (
	"fmt"
	"hash/fnv"
	"strings"
)

// Prompts rotate: a student gets a different one each period. Those with a
// %s name one of the student's active goals, themselves rotating.
var prompts = map[string]struct{ goal, open []string }{
	"en": {
		goal: []string{
			"What is one step you took toward \"%s\" since your last reflection?",
			"What got in the way of \"%s\" lately, and what could help?",
			"What evidence would show someone your progress on \"%s\"?",
			"Who could help you with \"%s\", and what would you ask them?",
		},
		open: []string{
			"What are you proud of from the last two weeks?",
			"What did you learn about how you learn best?",
			"What is something new you want to try, in school or outside it?",
		},
	},
	"es": {
		goal: []string{
			"¿Qué paso dio hacia \"%s\" desde su última reflexión?",
			"¿Qué le ha dificultado \"%s\" últimamente, y qué podría ayudar?",
			"¿Qué evidencia mostraría a alguien su progreso en \"%s\"?",
			"¿Quién podría ayudarle con \"%s\", y qué le preguntaría?",
		},
		open: []string{
			"¿De qué se siente orgulloso de las últimas dos semanas?",
			"¿Qué aprendió sobre cómo aprende mejor?",
			"¿Qué algo nuevo quiere probar, en la escuela o fuera de ella?",
		},
	},
}

// Prompt chooses the prompt for a student in a period, in lang (or
// English), about one of goals when there are any. The same inputs give
// the same prompt, so a rerun writes the same message.
func Prompt(lang, studentID string, period int, goals []string) (prompt, goal string) {
	base, _, _ := strings.Cut(strings.ToLower(lang), "-")
	set, ok := prompts[base]
	if !ok {
		set = prompts["en"]
	}
	h := fnv.New32a()
	h.Write([]byte(studentID))
	turn := int(h.Sum32()%1000) + period
	if len(goals) == 0 {
		return set.open[turn%len(set.open)], ""
	}
	goal = goals[period%len(goals)]
	return fmt.Sprintf(set.goal[turn%len(set.goal)], goal), goal
}
