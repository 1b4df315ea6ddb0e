// Revoke an API key (idempotent: the first revocation time is kept). Parameters: $id.
// Returns: id, revokedAt; no row when there is no such key.
MATCH (k:ApiKey {id: $id})
SET k.revokedAt = coalesce(k.revokedAt, datetime())
RETURN k.id AS id, toString(k.revokedAt) AS revokedAt
