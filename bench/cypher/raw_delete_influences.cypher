// Bench: delete up to $limit of the influence edges the raw sequence wrote (tagged with its
// own generation number $generation, one no job gets); repeat until it returns 0.
// Parameters: $generation, $limit. Returns: deleted.
MATCH ()-[r:INFLUENCES]->()
WHERE r.generation = $generation
WITH r LIMIT $limit
DELETE r
RETURN count(r) AS deleted
