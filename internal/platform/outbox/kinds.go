package outbox

// Kind describes one kind of notification.
type Kind struct {
	// Essential mail is sent even to people who unsubscribed, and carries
	// no unsubscribe link: sign-in links, booking confirmations.
	Essential bool
	// Secret mail carries something that must not outlive its sending
	// (a sign-in link): its payload is erased once it is sent or given up.
	Secret bool
}

// The kinds this package has templates for. Other packages may add theirs
// with Register before the dispatcher starts.
const (
	KindMagicLink          = "magic_link"
	KindReflectionReminder = "reflection_reminder"
	KindFamilyDigest       = "family_digest"
	// KindGeneric renders Data["subject"], Data["text"] and Data["html"].
	KindGeneric = "generic"
)

var kinds = map[string]Kind{
	KindMagicLink:          {Essential: true, Secret: true},
	KindReflectionReminder: {Essential: false},
	KindFamilyDigest:       {Essential: false},
	KindGeneric:            {Essential: true},
}

// Register declares a kind (call it from an init function).
func Register(name string, k Kind) { kinds[name] = k }

// KindOf returns what is known of a kind; a kind nobody registered is
// essential, so a message is never held back for want of a declaration.
func KindOf(name string) Kind {
	if k, ok := kinds[name]; ok {
		return k
	}
	return Kind{Essential: true}
}
