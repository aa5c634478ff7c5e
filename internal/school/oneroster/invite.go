package oneroster

import (
	"context"
	"fmt"

	"plp/ent"
	"plp/ent/school"
	"plp/internal/platform/auth"
	"plp/internal/platform/viewer"
)

// Invited is how many people InviteNew invited at one school.
type Invited struct {
	School string
	Count  int
}

// InviteNew invites, by mail, everyone of the schools rostered from the
// student information system (those with a sourcedId) who cannot sign in
// yet: no password, never invited (auth.Service.InviteNew). Each school is
// one transaction; the mails go out with the server's outbox. It is what
// `plp import oneroster --invite` does after the import.
func InviteNew(ctx context.Context, client *ent.Client, authn *auth.Service) ([]Invited, error) {
	sys := viewer.SystemContext(ctx)
	schools, err := client.School.Query().Where(school.SourcedIDNotNil()).Order(ent.Asc(school.FieldName)).All(sys)
	if err != nil {
		return nil, fmt.Errorf("read rostered schools: %w", err)
	}
	var out []Invited
	for _, sch := range schools {
		tx, err := client.Tx(sys)
		if err != nil {
			return out, err
		}
		invited, err := authn.InviteNew(ent.NewContext(sys, tx.Client()), sch.ID)
		if err == nil {
			err = tx.Commit()
		} else {
			_ = tx.Rollback()
		}
		if err != nil {
			return out, fmt.Errorf("invite at %s: %w", sch.Name, err)
		}
		out = append(out, Invited{School: sch.Name, Count: len(invited.Invitations)})
	}
	return out, nil
}
