package outbox

import (
	"context"
	"fmt"

	"plp/ent"
	"plp/ent/account"
	"plp/ent/notification"
	"plp/internal/platform/viewer"
)

// Unsubscribe opts the recipient of the notification whose unsubscribe
// token this is out of non-essential mail. It reports false for a token
// that matches nothing.
func Unsubscribe(ctx context.Context, client *ent.Client, token string) (bool, error) {
	if token == "" {
		return false, nil
	}
	sys := viewer.SystemContext(ctx)
	n, err := client.Notification.Query().Where(notification.UnsubscribeToken(token)).
		Select(notification.FieldRecipientID).Only(sys)
	if ent.IsNotFound(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("unsubscribe: %w", err)
	}
	if err := client.Account.Update().Where(account.ID(n.RecipientID)).SetMailOptOut(true).Exec(sys); err != nil {
		return false, fmt.Errorf("unsubscribe %s: %w", n.RecipientID, err)
	}
	return true, nil
}
