// Every brand's id, for detection over all brands.
// Parameters: none. Returns: id.
MATCH (b:Brand)
RETURN b.id AS id
ORDER BY id
