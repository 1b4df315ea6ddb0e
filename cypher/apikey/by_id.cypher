// One API key by id, with what verifying it needs. Parameters: $id.
// Returns: id, name, hash, salt, scopes, rateLimit, createdAt, revokedAt (null while valid).
MATCH (k:ApiKey {id: $id})
RETURN k.id AS id, k.name AS name, k.hash AS hash, k.salt AS salt, k.scopes AS scopes,
       k.rateLimit AS rateLimit, toString(k.createdAt) AS createdAt,
       toString(k.revokedAt) AS revokedAt
