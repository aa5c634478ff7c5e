package plan

import (
	"context"

	"plp/ent"
	"plp/ent/evidence"
	"plp/internal/platform/storage"
)

// EvidenceFiles declares that evidence holds stored files (its blob key),
// so the store keeps a file while any evidence refers to it.
var EvidenceFiles = storage.Holder{
	Name: "evidence",
	Holds: func(ctx context.Context, c *ent.Client, key string) (bool, error) {
		return c.Evidence.Query().Where(evidence.BlobKey(key)).Exist(ctx)
	},
}
