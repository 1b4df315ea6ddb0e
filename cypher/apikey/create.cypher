// Store a new API key: only the salted hash of its secret, never the secret itself.
// Parameters: $id, $keyName, $hash (hex), $salt (hex), $scopes (list of strings),
// $rateLimit (requests per second, or null for the default). Returns: id, createdAt.
CREATE (k:ApiKey {
  id: $id, name: $keyName, hash: $hash, salt: $salt, scopes: $scopes,
  rateLimit: $rateLimit, createdAt: datetime()
})
RETURN k.id AS id, toString(k.createdAt) AS createdAt
