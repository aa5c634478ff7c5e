// Package agenda builds the agenda a student leads at their conference:
// welcome; who they are; each active goal with its progress, milestones and
// best evidence; growth in self-assessed skills since the last conference;
// the reflections they chose; the family's questions; next steps. It is
// stored on the conference as JSON (structured), rendered as HTML and plain
// text, arranged by the student (order, hidden items), and mailed to the
// attendees before the conference; a change after sending mails an update.
package agenda

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Item is one section of the agenda.
type Item struct {
	// Key is stable across rebuilds ("welcome", "goal:<id>", ...): the
	// student's arrangement follows it.
	Key   string   `json:"key"`
	Kind  string   `json:"kind"`
	Title string   `json:"title"`
	Lines []string `json:"lines,omitempty"`
	// Hidden items are kept, but not shown or sent.
	Hidden bool `json:"hidden,omitempty"`
}

// Agenda is what is stored in Conference.agenda.
type Agenda struct {
	BuiltAt time.Time `json:"builtAt"`
	Items   []Item    `json:"items"`
	// Arranged is set once the student (or staff) reordered or hid items.
	Arranged bool `json:"arranged,omitempty"`
}

// Kinds of items, in their default order.
const (
	KindWelcome    = "WELCOME"
	KindIdentity   = "IDENTITY"
	KindGoal       = "GOAL"
	KindGrowth     = "GROWTH"
	KindReflection = "REFLECTIONS"
	KindQuestions  = "QUESTIONS"
	KindNextSteps  = "NEXT_STEPS"
)

// Parse reads a stored agenda; empty text is no agenda (nil).
func Parse(text string) (*Agenda, error) {
	if strings.TrimSpace(text) == "" {
		return nil, nil
	}
	var a Agenda
	if err := json.Unmarshal([]byte(text), &a); err != nil {
		return nil, fmt.Errorf("stored agenda: %w", err)
	}
	return &a, nil
}

// JSON is the stored form.
func (a *Agenda) JSON() string {
	b, _ := json.Marshal(a)
	return string(b)
}

// Visible returns the items shown, in order.
func (a *Agenda) Visible() []Item {
	var out []Item
	for _, it := range a.Items {
		if !it.Hidden {
			out = append(out, it)
		}
	}
	return out
}

// Digest identifies what the attendees see: the visible items, in order.
// Equal digests mean an unchanged agenda, so a rebuild sends nothing.
func (a *Agenda) Digest() string {
	h := sha256.New()
	for _, it := range a.Visible() {
		fmt.Fprintf(h, "%s\x00%s\x00%s\x01", it.Key, it.Title, strings.Join(it.Lines, "\x00"))
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// sameItems reports whether a and b hold the same items in the same order.
func sameItems(a, b []Item) bool {
	return slices.EqualFunc(a, b, func(x, y Item) bool {
		return x.Key == y.Key && x.Kind == y.Kind && x.Title == y.Title && x.Hidden == y.Hidden && slices.Equal(x.Lines, y.Lines)
	})
}

// Merge keeps the arrangement of prev on the freshly built items: items
// that were there keep their order and hidden flag; new ones come after the
// item that precedes them in the fresh order.
func Merge(fresh []Item, prev *Agenda) []Item {
	if prev == nil || !prev.Arranged {
		return fresh
	}
	byKey := map[string]Item{}
	for _, it := range fresh {
		byKey[it.Key] = it
	}
	var out []Item
	placed := map[string]bool{}
	for _, old := range prev.Items {
		if it, ok := byKey[old.Key]; ok {
			it.Hidden = old.Hidden
			out = append(out, it)
			placed[it.Key] = true
		}
	}
	for i, it := range fresh {
		if placed[it.Key] {
			continue
		}
		at := 0 // after the fresh predecessor, wherever it now is
		for j := i - 1; j >= 0; j-- {
			if k := slices.IndexFunc(out, func(o Item) bool { return o.Key == fresh[j].Key }); k >= 0 {
				at = k + 1
				break
			}
		}
		out = slices.Insert(out, at, it)
		placed[it.Key] = true
	}
	return out
}

// Arrange applies a student's arrangement: order lists keys first to last
// (keys left out keep their relative order after those listed), hidden the
// keys to hide. An unknown key is an error.
func (a *Agenda) Arrange(order, hidden []string) error {
	index := map[string]int{}
	for i, it := range a.Items {
		index[it.Key] = i
	}
	for _, k := range append(slices.Clone(order), hidden...) {
		if _, ok := index[k]; !ok {
			return fmt.Errorf("the agenda has no item %q", k)
		}
	}
	var out []Item
	seen := map[string]bool{}
	for _, k := range order {
		if !seen[k] {
			out = append(out, a.Items[index[k]])
			seen[k] = true
		}
	}
	for _, it := range a.Items {
		if !seen[it.Key] {
			out = append(out, it)
		}
	}
	for i := range out {
		out[i].Hidden = slices.Contains(hidden, out[i].Key)
	}
	a.Items, a.Arranged = out, true
	return nil
}
