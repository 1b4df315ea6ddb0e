// Native-projection route, clean-up: delete up to $limit staged edges of type $stageType.
// Parameters: $stageType, $limit. Returns: deleted (repeat until 0).
MATCH ()-[r:$($stageType)]->()
WITH r LIMIT $limit
DELETE r
RETURN count(*) AS deleted
