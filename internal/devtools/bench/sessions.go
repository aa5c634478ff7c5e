package bench

import (
	"context"
	"fmt"
	"time"

	"plp/ent"
	"plp/ent/schema/pulid"
	"plp/internal/platform/auth"
	"plp/internal/platform/viewer"
)

// sessions starts a session for each account straight in the database and
// returns their bearer tokens, in order. Signing 2,000 families in through
// the API would measure argon2id 2,000 times before the rush begins; the
// tokens are auth's own (auth.NewToken), so the server authenticates them
// as any other.
func sessions(ctx context.Context, c *ent.Client, accounts []pulid.ID) ([]string, error) {
	ctx = viewer.SystemContext(ctx)
	tokens := make([]string, len(accounts))
	const batch = 500 // 6 columns a row: far under the bind-parameter limits
	for from := 0; from < len(accounts); from += batch {
		var builders []*ent.SessionCreate
		for i := from; i < min(from+batch, len(accounts)); i++ {
			token, hash, err := auth.NewToken()
			if err != nil {
				return nil, err
			}
			tokens[i] = token
			// Last seen now, as a sign-in leaves it: the first request
			// does not write it (and the statement counts stay even).
			builders = append(builders, c.Session.Create().SetAccountID(accounts[i]).SetTokenHash(hash).
				SetExpiresAt(time.Now().Add(12*time.Hour)).SetLastSeenAt(time.Now()).SetUserAgent("plp bench"))
		}
		if err := c.Session.CreateBulk(builders...).Exec(ctx); err != nil {
			return nil, fmt.Errorf("start sessions: %w", err)
		}
	}
	return tokens, nil
}
