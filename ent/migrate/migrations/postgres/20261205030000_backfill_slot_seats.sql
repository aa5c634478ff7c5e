-- Written by hand (a data migration; `plp migrate hash` re-hashed atlas.sum).
-- slots.booked counts the seats taken: one per active (BOOKED or CONFIRMED)
-- conference, a joint group's conferences one seat together. The seat hook
-- keeps it from the migration that added it on; this sets it for slots
-- booked before, from the conferences themselves.
-- +goose Up
UPDATE slots SET booked = (
  SELECT COUNT(DISTINCT COALESCE(c.joint_id, c.id)) FROM conferences c
  WHERE c.slot_id = slots.id AND (c.status = 'BOOKED' OR c.status = 'CONFIRMED')
);

-- +goose Down
-- Nothing to undo: the counts stay right.
