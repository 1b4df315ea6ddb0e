// Lift the erasure of a person who consents again: delete their tombstone, so that loads and
// mutations may create them again (nothing of what was erased comes back by itself).
// Parameters: $idHash (SHA-256 hex of the person's id). Returns: erasedAt (ISO-8601 string) of
// the tombstone deleted; no row when there was none.
MATCH (e:ErasedPerson {idHash: $idHash})
WITH e, toString(e.erasedAt) AS erasedAt
DELETE e
RETURN erasedAt
