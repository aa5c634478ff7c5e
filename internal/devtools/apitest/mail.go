package apitest

import (
	"context"
	"strings"
	"testing"

	"plp/ent"
	"plp/ent/notification"
	"plp/internal/platform/viewer"
)

// MailedToken reads the token of the latest link of kind (magic_link,
// password_reset, invitation) mailed to acc, from the outbox (before it is
// sent; sending erases it): the token parameter of the link to page
// ("/sign-in", "/reset-password", "/invitation").
func MailedToken(tb testing.TB, c *ent.Client, acc *ent.Account, kind, page string) string {
	tb.Helper()
	n, err := c.Notification.Query().
		Where(notification.RecipientID(acc.ID), notification.Kind(kind)).
		Order(ent.Desc(notification.FieldCreatedAt), ent.Desc(notification.FieldID)).
		First(viewer.SystemContext(context.Background()))
	if err != nil {
		tb.Fatalf("no %s mailed to %s: %v", kind, acc.Email, err)
	}
	link, _ := n.Payload["link"].(string)
	_, token, ok := strings.Cut(link, page+"?token=")
	if !ok {
		tb.Fatalf("link %q does not lead to %s", link, page)
	}
	return token
}
