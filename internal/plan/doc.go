// Package plan holds the workflows of a student's plan: comments on goals
// and evidence, goals agreed elsewhere (a conference's next steps), and the
// timeline of a student's evidence and reflections.
//
// The rules of a goal that hold on every path to the data (GraphQL, jobs,
// imports) are hooks the Goal and Milestone schemas register, in
// ent/schema/hook (goal.go): which steps a goal's status may take, and how
// its progress follows its milestones.
package plan
