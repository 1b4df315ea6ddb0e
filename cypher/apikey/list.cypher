// Every API key, oldest first, without hashes. Parameters: none.
// Returns: id, name, scopes, rateLimit, createdAt, revokedAt (null while valid).
MATCH (k:ApiKey)
RETURN k.id AS id, k.name AS name, k.scopes AS scopes, k.rateLimit AS rateLimit,
       toString(k.createdAt) AS createdAt, toString(k.revokedAt) AS revokedAt
ORDER BY k.createdAt, k.id
